//! Tags (django-taggit), with how many parts carry each.

use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};

use super::paging::{Page, Window};
use super::parts::like_pattern;
use super::registry::{Entry, entry};
use super::tool::{Cx, Nature, Tool, Toolset};
use crate::auth::{Action, Permission, Role};
use crate::error::ToolError;

pub(super) fn tools() -> Vec<Entry> {
    vec![entry::<ListTags>(), entry::<SearchTags>()]
}

/// Tags are read as part data.
const TAG_VIEW: &[Permission] = &[Permission(Role::Part, Action::View)];

#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct Tag {
    pub id: i32,
    /// Tag names are case-sensitive in InvenTree: "Obsolete" and "obsolete" are two tags.
    pub name: String,
    pub slug: String,
    /// Parts carrying the tag.
    pub part_count: i64,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListTagsArgs {
    /// Max rows (default 100).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchTagsArgs {
    /// Text the tag's name or slug contains (case-insensitive).
    pub query: String,
    /// Max rows (default 50).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

async fn page(
    cx: &mut Cx<'_>,
    pattern: Option<String>,
    window: Window,
) -> Result<Page<Tag>, ToolError> {
    let found = sqlx::query_file!(
        "queries/tags/list.sql",
        pattern,
        window.limit,
        window.offset
    )
    .fetch_one(cx.db().await?)
    .await?;
    Ok(Page::new(found.items.0, found.count, window.offset))
}

pub struct ListTags;

impl Tool for ListTags {
    const NAME: &str = "list_tags";
    const TITLE: &str = "List tags";
    const DESCRIPTION: &str = "List tags by name with how many parts carry each.";
    const TOOLSET: Toolset = Toolset::Parts;
    const REQUIRES: &[Permission] = TAG_VIEW;
    const NATURE: Nature = Nature::Read;
    type Args = ListTagsArgs;
    type Output = Page<Tag>;

    async fn run(cx: &mut Cx<'_>, args: ListTagsArgs) -> Result<Page<Tag>, ToolError> {
        let window = Window::new(cx.paging, args.limit, args.offset, 100)?;
        page(cx, None, window).await
    }
}

pub struct SearchTags;

impl Tool for SearchTags {
    const NAME: &str = "search_tags";
    const TITLE: &str = "Search tags";
    const DESCRIPTION: &str = "Find tags whose name contains the text, case-insensitive.";
    const TOOLSET: Toolset = Toolset::Parts;
    const REQUIRES: &[Permission] = TAG_VIEW;
    const NATURE: Nature = Nature::Read;
    type Args = SearchTagsArgs;
    type Output = Page<Tag>;

    async fn run(cx: &mut Cx<'_>, args: SearchTagsArgs) -> Result<Page<Tag>, ToolError> {
        let window = Window::new(cx.paging, args.limit, args.offset, 50)?;
        let query = args.query.trim();
        if query.is_empty() {
            return Err(ToolError::invalid("query", "must not be empty"));
        }
        page(cx, Some(like_pattern(query)), window).await
    }
}
