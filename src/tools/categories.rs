//! Part categories: list, get, tree.

use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};

use super::{Page, TreeAnswer, TreeRow, Window, id_arg, nest, optional_id_arg};
use crate::db::CallConnection;
use crate::error::ToolError;
use crate::server::AppState;

/// A part category with InvenTree's subtree counts.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Category {
    pub id: i32,
    pub name: String,
    pub description: String,
    /// Parent category id (null: a top-level category).
    pub parent: Option<i32>,
    /// Names from the top down, e.g. "Electronics/Passives/Resistors".
    pub pathstring: String,
    /// Depth: 0 for a top-level category.
    pub level: i32,
    /// Structural categories group others and hold no parts directly.
    pub structural: bool,
    /// Parts in this category and every category below it.
    pub parts_count: i64,
    /// Direct child categories.
    pub children_count: i64,
    /// Categories below this one, at any depth.
    pub subcategories: i64,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListCategoriesArgs {
    /// Only the direct children of this category (default: every category).
    pub parent_id: Option<i64>,
    /// Max rows (default 100).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetCategoryArgs {
    /// The category's id.
    pub category_id: i64,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TreeArgs {
    /// The category to start from (default: the whole tree).
    pub root_id: Option<i64>,
}

async fn details(db: &mut CallConnection<'_>, ids: &[i32]) -> Result<Vec<Category>, ToolError> {
    Ok(
        sqlx::query_file_as!(Category, "queries/categories/details.sql", ids)
            .fetch_all(db.conn().await?)
            .await?,
    )
}

pub async fn list(
    state: &AppState,
    db: &mut CallConnection<'_>,
    args: ListCategoriesArgs,
) -> Result<Page<Category>, ToolError> {
    let window = Window::new(state, args.limit, args.offset, 100)?;
    let parent = optional_id_arg("parent_id", args.parent_id)?;
    let found = sqlx::query_file!(
        "queries/categories/list.sql",
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
    args: GetCategoryArgs,
) -> Result<Category, ToolError> {
    let id = id_arg("category_id", args.category_id)?;
    details(db, &[id]).await?.pop().ok_or(ToolError::NotFound {
        what: "category",
        id: id.into(),
    })
}

pub async fn tree(db: &mut CallConnection<'_>, args: TreeArgs) -> Result<TreeAnswer, ToolError> {
    let root = optional_id_arg("root_id", args.root_id)?;
    let rows = sqlx::query_file_as!(TreeRow, "queries/categories/tree.sql", root)
        .fetch_all(db.conn().await?)
        .await?;
    match root {
        Some(id) if rows.is_empty() => Err(ToolError::NotFound {
            what: "category",
            id: id.into(),
        }),
        _ => Ok(nest(rows)),
    }
}
