//! Where a part is used: every assembly whose BOM takes it, at any level, with the builds and
//! sales orders still waiting on them.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};

use crate::auth::{Action, Permission, Role};
use crate::error::ToolError;
use crate::tools::args::PartId;
use crate::tools::paging::{Page, Window};
use crate::tools::status::{Status, StatusKind};
use crate::tools::tool::{Cx, Nature, Tool, Toolset};

const BUILD_VIEW: Permission = Permission(Role::Build, Action::View);
const SALES_VIEW: Permission = Permission(Role::SalesOrder, Action::View);

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WhereUsedArgs {
    /// The part (a component or a sub-assembly).
    pub part_id: PartId,
    /// Max assembly rows (default 100).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// How the line at the bottom of a path takes the part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Usage {
    /// The line's sub-part is the part.
    Direct,
    /// The line allows variants and the part is a variant of its sub-part.
    Variant,
    /// The part is a substitute on the line (or, the line allowing variants, a variant of one).
    Substitute,
}

impl Usage {
    fn from_sql(usage: &str) -> Usage {
        match usage {
            "variant" => Usage::Variant,
            "substitute" => Usage::Substitute,
            _ => Usage::Direct,
        }
    }
}

/// An assembly using the part, through one path of BOM lines.
#[derive(Debug, Serialize, JsonSchema)]
pub struct UsingAssembly {
    pub assembly: i32,
    pub assembly_name: String,
    #[serde(rename = "assembly_IPN")]
    pub assembly_ipn: Option<String>,
    /// 1: the assembly's BOM takes the part itself; 2: through one sub-assembly; ...
    pub depth: i32,
    /// Names from this assembly down to the part, e.g. "Robot > Arm > M3 screw".
    pub path: String,
    /// The BOM lines of the path, from this assembly's down to the one taking the part. A
    /// line may be a template's, inherited by the assembly above it (a variant).
    pub bom_items: Vec<i32>,
    /// Units of the part in one unit of the assembly: the product of the line quantities
    /// along the path (setup quantity, attrition and rounding left out).
    pub quantity_per_unit: f64,
    /// How the bottom line (depth 1) takes the part.
    pub usage: Usage,
    /// The bottom line is optional.
    pub optional: bool,
    /// The bottom line is consumable.
    pub consumable: bool,
    /// No BOM uses this assembly: a finished product.
    pub top_level: bool,
}

/// An active build order (pending, production, on hold) of an assembly using the part.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ActiveBuild {
    pub id: i32,
    pub reference: String,
    /// The assembly being built.
    pub part: i32,
    pub part_name: String,
    pub status: Status,
    pub quantity: i32,
    pub completed: i32,
    /// quantity - completed, at least 0.
    pub remaining: i32,
    /// Units of the part its own lines still take (required less consumed, over the lines
    /// whose BOM line takes the part); null when it needs the part only through
    /// sub-assemblies, which have builds of their own.
    pub part_needed: Option<f64>,
}

/// A line of an open sales order (pending, in progress, on hold) for the part or an assembly
/// using it, not yet shipped in full.
#[derive(Debug, Serialize, JsonSchema)]
pub struct OpenSalesLine {
    pub order_id: i32,
    pub reference: String,
    pub customer: Option<i32>,
    pub customer_name: Option<String>,
    pub line: i32,
    pub part: i32,
    pub part_name: String,
    /// quantity - shipped.
    pub outstanding: f64,
    /// The line's target date, else the order's.
    pub target_date: Option<NaiveDate>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct WhereUsedAnswer {
    pub part_id: i32,
    pub part_name: String,
    /// Every (assembly, path) using the part, by depth then names.
    pub assemblies: Page<UsingAssembly>,
    /// Active builds of any assembly found (over every page), newest first; null without
    /// build.view.
    pub active_builds: Option<Vec<ActiveBuild>>,
    /// Open sales order lines for the part or any assembly found, newest order first; null
    /// without sales_order.view.
    pub open_sales_orders: Option<Vec<OpenSalesLine>>,
}

pub struct WhereUsed;

impl Tool for WhereUsed {
    const NAME: &str = "where_used";
    const TITLE: &str = "Where a part is used";
    const DESCRIPTION: &str = "Every assembly using a part at any level (as itself, a variant or a \
        substitute; inherited template lines count for variants), each path with the quantity \
        per assembly unit; the active builds of those assemblies (with build.view) and open \
        sales order lines for them or the part (with sales_order.view).";
    const TOOLSET: Toolset = Toolset::Planning;
    const REQUIRES: &[Permission] = &[
        Permission(Role::Bom, Action::View),
        Permission(Role::Part, Action::View),
    ];
    const NATURE: Nature = Nature::Read;
    type Args = WhereUsedArgs;
    type Output = WhereUsedAnswer;

    async fn run(cx: &mut Cx<'_>, args: WhereUsedArgs) -> Result<WhereUsedAnswer, ToolError> {
        let part_id = args.part_id.0;
        let window = Window::new(cx.paging, args.limit, args.offset, 100)?;
        let part_name = sqlx::query_file_scalar!("queries/bom/part_name.sql", part_id)
            .fetch_optional(cx.db().await?)
            .await?
            .ok_or(ToolError::NotFound {
                what: "part",
                id: part_id.into(),
            })?;
        let rows = sqlx::query_file!("queries/planning/where_used.sql", part_id)
            .fetch_all(cx.db().await?)
            .await?;
        if let Some(cycle) = rows.iter().find(|r| r.cycle) {
            return Err(ToolError::BadData(format!(
                "the BOMs using part {part_id} contain a cycle: {}",
                cycle.path
            )));
        }
        let assemblies: BTreeSet<i32> = rows.iter().map(|r| r.assembly).collect();
        let assemblies: Vec<i32> = assemblies.into_iter().collect();
        // The lines taking the part itself: the last of each path.
        let direct_lines: BTreeSet<i32> = rows
            .iter()
            .filter_map(|r| r.bom_items.last().copied())
            .collect();
        let direct_lines: Vec<i32> = direct_lines.into_iter().collect();

        let active_builds = if cx.user.permissions.holds(BUILD_VIEW) {
            let builds = sqlx::query_file!(
                "queries/planning/where_used_builds.sql",
                &assemblies,
                &direct_lines
            )
            .fetch_all(cx.db().await?)
            .await?;
            Some(
                builds
                    .into_iter()
                    .map(|b| ActiveBuild {
                        id: b.id,
                        reference: b.reference,
                        part: b.part,
                        part_name: b.part_name,
                        status: StatusKind::Build.status(b.status, b.custom_status),
                        quantity: b.quantity,
                        completed: b.completed,
                        remaining: b.remaining,
                        part_needed: b.part_needed,
                    })
                    .collect(),
            )
        } else {
            None
        };
        let open_sales_orders = if cx.user.permissions.holds(SALES_VIEW) {
            let mut parts = assemblies.clone();
            parts.push(part_id);
            Some(
                sqlx::query_file_as!(
                    OpenSalesLine,
                    "queries/planning/where_used_sales.sql",
                    &parts
                )
                .fetch_all(cx.db().await?)
                .await?,
            )
        } else {
            None
        };

        let count = rows.len() as i64;
        let items = rows
            .into_iter()
            .skip(window.offset as usize)
            .take(window.limit as usize)
            .map(|r| UsingAssembly {
                assembly: r.assembly,
                assembly_name: r.assembly_name,
                assembly_ipn: r.assembly_ipn,
                depth: r.depth,
                path: r.path,
                bom_items: r.bom_items,
                quantity_per_unit: r.quantity,
                usage: Usage::from_sql(&r.usage),
                optional: r.optional,
                consumable: r.consumable,
                top_level: r.top_level,
            })
            .collect();
        Ok(WhereUsedAnswer {
            part_id,
            part_name,
            assemblies: Page::new(items, count, window.offset),
            active_builds,
            open_sales_orders,
        })
    }
}
