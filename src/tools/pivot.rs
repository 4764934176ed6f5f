//! Stock sums by category and location, each with its whole subtree, rolled up below a depth.

use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;

use super::args::{CategoryId, LocationId};
use super::paging::{Page, Window};
use super::registry::{Entry, entry};
use super::tool::{Cx, Nature, Tool, Toolset};
use super::trees;
use crate::auth::{Action, Permission, Role};
use crate::error::ToolError;

pub(super) fn tools() -> Vec<Entry> {
    vec![entry::<StockByCategoryAndLocation>(), entry::<StockPivot>()]
}

/// Sums of stock named by category and location.
const PIVOT_VIEW: &[Permission] = &[
    Permission(Role::Stock, Action::View),
    Permission(Role::PartCategory, Action::View),
    Permission(Role::StockLocation, Action::View),
];

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PivotArgs {
    /// Category, with the categories below it.
    pub category_id: Option<CategoryId>,
    /// Location, with the locations below it.
    pub location_id: Option<LocationId>,
    /// Levels kept below the top; deeper ones roll up into their ancestor.
    pub max_depth: Option<i64>,
    /// Max rows (default 1000).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ByCategoryArgs {
    /// Category, with the categories below it.
    pub category_id: Option<CategoryId>,
    /// Levels kept below the top; deeper ones roll up into their ancestor.
    pub max_depth: Option<i64>,
    /// Max rows (default 1000).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// In-stock quantity of one category (with what is rolled into it) in one location.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct PivotRow {
    /// Null: parts without a category.
    pub category_id: Option<i32>,
    pub category_name: Option<String>,
    pub category_path: Option<String>,
    /// Null: items without a location.
    pub location_id: Option<i32>,
    pub location_name: Option<String>,
    pub location_path: Option<String>,
    pub total_quantity: f64,
    /// Stock items summed.
    pub item_count: i64,
    /// The row includes stock of categories below category_id (max_depth reached).
    pub categories_rolled_up: bool,
    /// The row includes stock of locations below location_id (max_depth reached).
    pub locations_rolled_up: bool,
}

/// Stock sums by category and location.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Pivot {
    pub rows: Vec<PivotRow>,
    /// How many rows there are over all pages.
    pub count: i64,
    pub next_offset: Option<i64>,
    /// The in-stock quantity over all rows.
    pub grand_total: f64,
}

pub struct StockPivot;

impl Tool for StockPivot {
    const NAME: &str = "stock_pivot";
    const TITLE: &str = "Stock pivot";
    const DESCRIPTION: &str = "In-stock quantity by category x location, each with its whole \
        subtree, rolled up below max_depth; with a grand total.";
    const TOOLSET: Toolset = Toolset::Stock;
    const REQUIRES: &[Permission] = PIVOT_VIEW;
    const NATURE: Nature = Nature::Read;
    type Args = PivotArgs;
    type Output = Pivot;

    async fn run(cx: &mut Cx<'_>, args: PivotArgs) -> Result<Pivot, ToolError> {
        let window = Window::new(cx.paging, args.limit, args.offset, 1000)?;
        let category = args.category_id.map(|id| id.0);
        let location = args.location_id.map(|id| id.0);
        let max_depth = args
            .max_depth
            .map(|depth| {
                i32::try_from(depth)
                    .ok()
                    .filter(|d| *d >= 0)
                    .ok_or_else(|| {
                        ToolError::invalid("max_depth", format!("must be 0 or more, got {depth}"))
                    })
            })
            .transpose()?;
        let categories = match category {
            Some(category) => Some(trees::category_subtree(cx.db().await?, category, true).await?),
            None => None,
        };
        let locations = match location {
            Some(location) => Some(trees::location_subtree(cx.db().await?, location, true).await?),
            None => None,
        };
        // Planned for these values (see the query). The category and location exist:
        // resolving them found them.
        let found = crate::db::custom_plans(cx.db().await?, async |conn: &mut PgConnection| {
            sqlx::query_file!(
                "queries/pivot/pivot.sql",
                category,
                location,
                max_depth,
                window.limit,
                window.offset,
                categories.as_deref(),
                locations.as_deref()
            )
            .fetch_one(conn)
            .await
        })
        .await?;
        let page = Page::new(found.rows.0, found.count, window.offset);
        Ok(Pivot {
            rows: page.items,
            count: page.count,
            next_offset: page.next_offset,
            grand_total: found.grand_total,
        })
    }
}

pub struct StockByCategoryAndLocation;

impl Tool for StockByCategoryAndLocation {
    const NAME: &str = "stock_by_category_and_location";
    const TITLE: &str = "Stock by category and location";
    const DESCRIPTION: &str = "In-stock quantity per part category and location, over a \
        category's whole subtree; rows say what is rolled up.";
    const TOOLSET: Toolset = Toolset::Stock;
    const REQUIRES: &[Permission] = PIVOT_VIEW;
    const NATURE: Nature = Nature::Read;
    type Args = ByCategoryArgs;
    type Output = Pivot;

    async fn run(cx: &mut Cx<'_>, args: ByCategoryArgs) -> Result<Pivot, ToolError> {
        let args = PivotArgs {
            category_id: args.category_id,
            location_id: None,
            max_depth: args.max_depth,
            limit: args.limit,
            offset: args.offset,
        };
        StockPivot::run(cx, args).await
    }
}
