//! Stock locations: list, get, tree.

use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};

use super::{Page, TreeAnswer, TreeRow, Window, id_arg, nest, optional_id_arg};
use crate::db::CallConnection;
use crate::error::ToolError;
use crate::server::AppState;

/// A stock location with InvenTree's subtree counts.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Location {
    pub id: i32,
    pub name: String,
    pub description: String,
    /// Parent location id (null: a top-level location).
    pub parent: Option<i32>,
    /// Names from the top down, e.g. "Warehouse/Shelf A/Bin A1".
    pub pathstring: String,
    /// Depth: 0 for a top-level location.
    pub level: i32,
    /// Structural locations group others and hold no stock directly.
    pub structural: bool,
    /// External locations (e.g. stock held by a supplier).
    pub external: bool,
    /// Stock items, of any status, in this location and every location below it.
    pub items_count: i64,
    /// Direct child locations.
    pub children_count: i64,
    /// Locations below this one, at any depth.
    pub sublocations: i64,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListLocationsArgs {
    /// Only the direct children of this location (default: every location).
    pub parent_id: Option<i64>,
    /// Max rows (default 100).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetLocationArgs {
    /// The location's id.
    pub location_id: i64,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TreeArgs {
    /// The location to start from (default: the whole tree).
    pub root_id: Option<i64>,
}

async fn details(db: &mut CallConnection<'_>, ids: &[i32]) -> Result<Vec<Location>, ToolError> {
    Ok(
        sqlx::query_file_as!(Location, "queries/locations/details.sql", ids)
            .fetch_all(db.conn().await?)
            .await?,
    )
}

pub async fn list(
    state: &AppState,
    db: &mut CallConnection<'_>,
    args: ListLocationsArgs,
) -> Result<Page<Location>, ToolError> {
    let window = Window::new(state, args.limit, args.offset, 100)?;
    let parent = optional_id_arg("parent_id", args.parent_id)?;
    let found = sqlx::query_file!(
        "queries/locations/list.sql",
        parent,
        window.limit,
        window.offset
    )
    .fetch_one(db.conn().await?)
    .await?;
    Ok(Page::new(
        details(db, &found.ids).await?,
        found.count,
        window.offset,
    ))
}

pub async fn get(
    db: &mut CallConnection<'_>,
    args: GetLocationArgs,
) -> Result<Location, ToolError> {
    let id = id_arg("location_id", args.location_id)?;
    details(db, &[id]).await?.pop().ok_or(ToolError::NotFound {
        what: "location",
        id: id.into(),
    })
}

pub async fn tree(db: &mut CallConnection<'_>, args: TreeArgs) -> Result<TreeAnswer, ToolError> {
    let root = optional_id_arg("root_id", args.root_id)?;
    let rows = sqlx::query_file_as!(TreeRow, "queries/locations/tree.sql", root)
        .fetch_all(db.conn().await?)
        .await?;
    match root {
        Some(id) if rows.is_empty() => Err(ToolError::NotFound {
            what: "location",
            id: id.into(),
        }),
        _ => Ok(nest(rows)),
    }
}
