//! Build orders: lists and details with their lines.

use chrono::NaiveDate;
use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};

use super::args::{BuildId, PartId};
use super::exists::{self, Named};
use super::paging::{Page, Window};
use super::registry::{Entry, entry};
use super::status::{Status, StatusKind};
use super::tool::{Cx, Nature, Tool, Toolset};
use crate::auth::{Action, Permission, Role};
use crate::error::ToolError;

pub(super) fn tools() -> Vec<Entry> {
    vec![entry::<ListBuildOrders>(), entry::<GetBuildOrder>()]
}

const BUILD_VIEW: &[Permission] = &[Permission(Role::Build, Action::View)];

#[derive(Debug, Serialize, JsonSchema)]
pub struct Build {
    pub id: i32,
    pub reference: String,
    pub title: String,
    /// The part being built.
    pub part: i32,
    pub part_name: String,
    pub quantity: i32,
    pub completed: i32,
    /// completed / quantity.
    pub progress: f64,
    pub status: Status,
    pub creation_date: NaiveDate,
    pub target_date: Option<NaiveDate>,
    pub completion_date: Option<NaiveDate>,
    /// Active and its target date is today or past.
    pub overdue: bool,
    pub batch: Option<String>,
    pub destination: Option<i32>,
    pub destination_path: Option<String>,
    pub sales_order: Option<i32>,
    /// The build this one feeds.
    pub parent: Option<i32>,
    pub project_code: Option<i32>,
    /// The project code itself, e.g. "PRJ-NIM".
    pub project_code_label: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct BuildLine {
    pub id: i32,
    pub bom_item: i32,
    pub sub_part: i32,
    pub sub_part_name: String,
    /// Needed for the whole build.
    pub required: f64,
    /// Stock allocated to the line.
    pub allocated: f64,
    pub consumed: f64,
    pub optional: bool,
    pub consumable: bool,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct BuildDetail {
    #[serde(flatten)]
    pub build: Build,
    pub notes: Option<String>,
    pub lines: Vec<BuildLine>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListBuildsArgs {
    /// Only builds of this part.
    pub part_id: Option<PartId>,
    /// Active (pending, production, on hold) or finished builds only.
    pub active: Option<bool>,
    /// Active builds due today or earlier, or the others.
    pub overdue: Option<bool>,
    /// Max rows (default 100).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetBuildArgs {
    /// The build order's id.
    pub build_id: BuildId,
}

async fn details(cx: &mut Cx<'_>, ids: &[i32]) -> Result<Vec<(Build, Option<String>)>, ToolError> {
    let rows = sqlx::query_file!("queries/builds/details.sql", ids)
        .fetch_all(cx.db().await?)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let build = Build {
                id: r.id,
                reference: r.reference,
                title: r.title,
                part: r.part,
                part_name: r.part_name,
                quantity: r.quantity,
                completed: r.completed,
                progress: if r.quantity > 0 {
                    f64::from(r.completed) / f64::from(r.quantity)
                } else {
                    0.0
                },
                status: StatusKind::Build.status(r.status, r.custom_status),
                creation_date: r.creation_date,
                target_date: r.target_date,
                completion_date: r.completion_date,
                overdue: r.overdue,
                batch: r.batch,
                destination: r.destination,
                destination_path: r.destination_path,
                sales_order: r.sales_order,
                parent: r.parent,
                project_code: r.project_code,
                project_code_label: r.project_code_label,
            };
            (build, r.notes)
        })
        .collect())
}

pub struct ListBuildOrders;

impl Tool for ListBuildOrders {
    const NAME: &str = "list_build_orders";
    const TITLE: &str = "List build orders";
    const DESCRIPTION: &str =
        "List build orders, newest first, with progress; filter by part, active or overdue.";
    const TOOLSET: Toolset = Toolset::Build;
    const REQUIRES: &[Permission] = BUILD_VIEW;
    const NATURE: Nature = Nature::Read;
    type Args = ListBuildsArgs;
    type Output = Page<Build>;

    async fn run(cx: &mut Cx<'_>, args: ListBuildsArgs) -> Result<Page<Build>, ToolError> {
        let window = Window::new(cx.paging, args.limit, args.offset, 100)?;
        let part = args.part_id.map(|id| id.0);
        let found = sqlx::query_file!(
            "queries/builds/list.sql",
            part,
            args.active,
            args.overdue,
            window.limit,
            window.offset
        )
        .fetch_one(cx.db().await?)
        .await?;
        if found.count == 0 {
            exists::ensure(cx, [part.map(Named::Part)]).await?;
        }
        let builds = details(cx, &found.ids)
            .await?
            .into_iter()
            .map(|(b, _)| b)
            .collect();
        Ok(Page::new(builds, found.count, window.offset))
    }
}

pub struct GetBuildOrder;

impl Tool for GetBuildOrder {
    const NAME: &str = "get_build_order";
    const TITLE: &str = "Get a build order";
    const DESCRIPTION: &str = "One build order with progress and its lines: required, allocated and consumed \
        per component.";
    const TOOLSET: Toolset = Toolset::Build;
    const REQUIRES: &[Permission] = BUILD_VIEW;
    const NATURE: Nature = Nature::Read;
    type Args = GetBuildArgs;
    type Output = BuildDetail;

    async fn run(cx: &mut Cx<'_>, args: GetBuildArgs) -> Result<BuildDetail, ToolError> {
        let id = args.build_id.0;
        let (build, notes) = details(cx, &[id]).await?.pop().ok_or(ToolError::NotFound {
            what: "build order",
            id: id.into(),
        })?;
        let lines = sqlx::query_file_as!(BuildLine, "queries/builds/lines.sql", id)
            .fetch_all(cx.db().await?)
            .await?;
        Ok(BuildDetail {
            build,
            notes,
            lines,
        })
    }
}
