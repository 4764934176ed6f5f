//! Project codes (`common_projectcode`): tags InvenTree puts on orders and builds.

use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};

use super::paging::{Page, Window};
use super::registry::{Entry, entry};
use super::tool::{Cx, Nature, Tool, Toolset};
use crate::auth::Permission;
use crate::error::ToolError;

pub(super) fn tools() -> Vec<Entry> {
    vec![entry::<ListProjectCodes>()]
}

#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct ProjectCode {
    pub id: i32,
    pub code: String,
    pub description: String,
    /// The user or group responsible.
    pub responsible: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListProjectCodesArgs {
    /// Max rows (default 100).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// `list_project_codes`: every project code, by code.
pub struct ListProjectCodes;

impl Tool for ListProjectCodes {
    const NAME: &str = "list_project_codes";
    const TITLE: &str = "List project codes";
    const DESCRIPTION: &str = "Project codes by code, with who is responsible; orders and \
        builds carry them.";
    const TOOLSET: Toolset = Toolset::Admin;
    /// InvenTree gives project codes to no role: every signed-in user reads them.
    const REQUIRES: &[Permission] = &[];
    const NATURE: Nature = Nature::Read;
    type Args = ListProjectCodesArgs;
    type Output = Page<ProjectCode>;

    async fn run(
        cx: &mut Cx<'_>,
        args: ListProjectCodesArgs,
    ) -> Result<Page<ProjectCode>, ToolError> {
        let window = Window::new(cx.paging, args.limit, args.offset, 100)?;
        let found = sqlx::query_file!(
            "queries/project_codes/list.sql",
            window.limit,
            window.offset
        )
        .fetch_one(cx.db().await?)
        .await?;
        Ok(Page::new(found.items.0, found.count, window.offset))
    }
}
