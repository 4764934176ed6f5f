//! Stock locations: list, get, tree.

use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};

use super::args::LocationId;
use super::exists::{self, Named};
use super::paging::{Page, Window};
use super::registry::{Entry, entry};
use super::tool::{Cx, Nature, Tool, Toolset};
use super::trees::{TreeAnswer, TreeRow, nest};
use crate::auth::{Action, Permission, Role};
use crate::error::ToolError;

pub(super) fn tools() -> Vec<Entry> {
    vec![
        entry::<ListLocations>(),
        entry::<GetLocation>(),
        entry::<GetLocationTree>(),
    ]
}

const LOCATION_VIEW: &[Permission] = &[Permission(Role::StockLocation, Action::View)];

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
    pub parent_id: Option<LocationId>,
    /// Max rows (default 100).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetLocationArgs {
    /// The location's id.
    pub location_id: LocationId,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TreeArgs {
    /// The location to start from (default: the whole tree).
    pub root_id: Option<LocationId>,
}

async fn details(cx: &mut Cx<'_>, ids: &[i32]) -> Result<Vec<Location>, ToolError> {
    Ok(
        sqlx::query_file_as!(Location, "queries/locations/details.sql", ids)
            .fetch_all(cx.db().await?)
            .await?,
    )
}

pub struct ListLocations;

impl Tool for ListLocations {
    const NAME: &str = "list_locations";
    const TITLE: &str = "List stock locations";
    const DESCRIPTION: &str = "List stock locations by name: all of them, or the children of parent_id. Counts \
        cover each location's whole subtree.";
    const TOOLSET: Toolset = Toolset::Stock;
    const REQUIRES: &[Permission] = LOCATION_VIEW;
    const NATURE: Nature = Nature::Read;
    type Args = ListLocationsArgs;
    type Output = Page<Location>;

    async fn run(cx: &mut Cx<'_>, args: ListLocationsArgs) -> Result<Page<Location>, ToolError> {
        let window = Window::new(cx.paging, args.limit, args.offset, 100)?;
        let parent = args.parent_id.map(|id| id.0);
        let found = sqlx::query_file!(
            "queries/locations/list.sql",
            parent,
            window.limit,
            window.offset
        )
        .fetch_one(cx.db().await?)
        .await?;
        if found.count == 0 {
            exists::ensure(cx, [parent.map(Named::Location)]).await?;
        }
        Ok(Page::new(
            details(cx, &found.ids).await?,
            found.count,
            window.offset,
        ))
    }
}

pub struct GetLocation;

impl Tool for GetLocation {
    const NAME: &str = "get_location";
    const TITLE: &str = "Get a stock location";
    const DESCRIPTION: &str = "One stock location with its path and subtree counts (items_count includes \
        sublocations).";
    const TOOLSET: Toolset = Toolset::Stock;
    const REQUIRES: &[Permission] = LOCATION_VIEW;
    const NATURE: Nature = Nature::Read;
    type Args = GetLocationArgs;
    type Output = Location;

    async fn run(cx: &mut Cx<'_>, args: GetLocationArgs) -> Result<Location, ToolError> {
        let id = args.location_id;
        details(cx, &[id.0])
            .await?
            .pop()
            .ok_or(ToolError::NotFound {
                what: "location",
                id: id.into(),
            })
    }
}

pub struct GetLocationTree;

impl Tool for GetLocationTree {
    const NAME: &str = "get_location_tree";
    const TITLE: &str = "Stock location tree";
    const DESCRIPTION: &str =
        "The stock location tree as nested nodes, siblings by name: below root_id, or whole.";
    const TOOLSET: Toolset = Toolset::Stock;
    const REQUIRES: &[Permission] = LOCATION_VIEW;
    const NATURE: Nature = Nature::Read;
    type Args = TreeArgs;
    type Output = TreeAnswer;

    async fn run(cx: &mut Cx<'_>, args: TreeArgs) -> Result<TreeAnswer, ToolError> {
        let root = args.root_id.map(|id| id.0);
        let rows = sqlx::query_file_as!(TreeRow, "queries/locations/tree.sql", root)
            .fetch_all(cx.db().await?)
            .await?;
        match root {
            Some(id) if rows.is_empty() => Err(ToolError::NotFound {
                what: "location",
                id: id.into(),
            }),
            _ => Ok(nest(rows)),
        }
    }
}
