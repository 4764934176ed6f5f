//! Part categories: list, get, tree.

use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};

use super::args::CategoryId;
use super::exists::{self, Named};
use super::paging::{Page, Window};
use super::registry::{Entry, entry};
use super::tool::{Cx, Nature, Tool, Toolset};
use super::trees::{TreeAnswer, TreeRow, nest};
use crate::auth::{Action, Permission, Role};
use crate::error::ToolError;

pub(super) fn tools() -> Vec<Entry> {
    vec![
        entry::<ListCategories>(),
        entry::<GetCategory>(),
        entry::<GetCategoryTree>(),
    ]
}

const CATEGORY_VIEW: &[Permission] = &[Permission(Role::PartCategory, Action::View)];

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
    pub parent_id: Option<CategoryId>,
    /// Max rows (default 100).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetCategoryArgs {
    /// The category's id.
    pub category_id: CategoryId,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TreeArgs {
    /// The category to start from (default: the whole tree).
    pub root_id: Option<CategoryId>,
}

async fn details(cx: &mut Cx<'_>, ids: &[i32]) -> Result<Vec<Category>, ToolError> {
    Ok(
        sqlx::query_file_as!(Category, "queries/categories/details.sql", ids)
            .fetch_all(cx.db().await?)
            .await?,
    )
}

pub struct ListCategories;

impl Tool for ListCategories {
    const NAME: &str = "list_categories";
    const TITLE: &str = "List part categories";
    const DESCRIPTION: &str = "List part categories by name: all of them, or the children of parent_id. Counts \
        cover each category's whole subtree.";
    const TOOLSET: Toolset = Toolset::Parts;
    const REQUIRES: &[Permission] = CATEGORY_VIEW;
    const NATURE: Nature = Nature::Read;
    type Args = ListCategoriesArgs;
    type Output = Page<Category>;

    async fn run(cx: &mut Cx<'_>, args: ListCategoriesArgs) -> Result<Page<Category>, ToolError> {
        let window = Window::new(cx.paging, args.limit, args.offset, 100)?;
        let parent = args.parent_id.map(|id| id.0);
        let found = sqlx::query_file!(
            "queries/categories/list.sql",
            parent,
            window.limit,
            window.offset
        )
        .fetch_one(cx.db().await?)
        .await?;
        if found.count == 0 {
            exists::ensure(cx, [parent.map(Named::Category)]).await?;
        }
        Ok(Page::new(
            details(cx, &found.ids).await?,
            found.count,
            window.offset,
        ))
    }
}

pub struct GetCategory;

impl Tool for GetCategory {
    const NAME: &str = "get_category";
    const TITLE: &str = "Get a part category";
    const DESCRIPTION: &str = "One part category with its path and subtree counts (parts_count includes \
        subcategories).";
    const TOOLSET: Toolset = Toolset::Parts;
    const REQUIRES: &[Permission] = CATEGORY_VIEW;
    const NATURE: Nature = Nature::Read;
    type Args = GetCategoryArgs;
    type Output = Category;

    async fn run(cx: &mut Cx<'_>, args: GetCategoryArgs) -> Result<Category, ToolError> {
        let id = args.category_id;
        details(cx, &[id.0])
            .await?
            .pop()
            .ok_or(ToolError::NotFound {
                what: "category",
                id: id.into(),
            })
    }
}

pub struct GetCategoryTree;

impl Tool for GetCategoryTree {
    const NAME: &str = "get_category_tree";
    const TITLE: &str = "Part category tree";
    const DESCRIPTION: &str =
        "The part category tree as nested nodes, siblings by name: below root_id, or whole.";
    const TOOLSET: Toolset = Toolset::Parts;
    const REQUIRES: &[Permission] = CATEGORY_VIEW;
    const NATURE: Nature = Nature::Read;
    type Args = TreeArgs;
    type Output = TreeAnswer;

    async fn run(cx: &mut Cx<'_>, args: TreeArgs) -> Result<TreeAnswer, ToolError> {
        let root = args.root_id.map(|id| id.0);
        let rows = sqlx::query_file_as!(TreeRow, "queries/categories/tree.sql", root)
            .fetch_all(cx.db().await?)
            .await?;
        match root {
            Some(id) if rows.is_empty() => Err(ToolError::NotFound {
                what: "category",
                id: id.into(),
            }),
            _ => Ok(nest(rows)),
        }
    }
}
