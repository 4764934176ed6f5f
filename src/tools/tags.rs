//! Tags (django-taggit), with how many parts carry each.

use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};

use super::parts::like_pattern;
use super::{Page, Window};
use crate::db::CallConnection;
use crate::error::ToolError;
use crate::server::AppState;

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
    db: &mut CallConnection<'_>,
    pattern: Option<String>,
    window: Window,
) -> Result<Page<Tag>, ToolError> {
    let found = sqlx::query_file!(
        "queries/tags/list.sql",
        pattern,
        window.limit,
        window.offset
    )
    .fetch_one(db.conn().await?)
    .await?;
    Ok(Page::new(found.items.0, found.count, window.offset))
}

pub async fn list(
    state: &AppState,
    db: &mut CallConnection<'_>,
    args: ListTagsArgs,
) -> Result<Page<Tag>, ToolError> {
    let window = Window::new(state, args.limit, args.offset, 100)?;
    page(db, None, window).await
}

pub async fn search(
    state: &AppState,
    db: &mut CallConnection<'_>,
    args: SearchTagsArgs,
) -> Result<Page<Tag>, ToolError> {
    let window = Window::new(state, args.limit, args.offset, 50)?;
    let query = args.query.trim();
    if query.is_empty() {
        return Err(ToolError::invalid("query", "must not be empty"));
    }
    page(db, Some(like_pattern(query)), window).await
}
