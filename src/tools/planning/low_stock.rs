//! Parts below their minimum stock, as InvenTree's low-stock filter decides it.

use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};

use crate::auth::{Action, Permission, Role};
use crate::error::ToolError;
use crate::tools::args::CategoryId;
use crate::tools::paging::{Page, Window};
use crate::tools::tool::{Cx, Nature, Tool, Toolset};

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LowStockArgs {
    /// Only parts in this category or below it.
    pub category_id: Option<CategoryId>,
    /// Only active (true) or inactive (false) parts; default both, as InvenTree.
    pub active: Option<bool>,
    /// Max rows (default 100).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// A part whose stock is below its minimum.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct LowStockPart {
    pub id: i32,
    pub name: String,
    #[serde(rename = "IPN")]
    pub ipn: Option<String>,
    pub units: Option<String>,
    pub active: bool,
    pub category: Option<i32>,
    pub category_path: Option<String>,
    pub minimum_stock: f64,
    /// The part's own stock (InvenTree's in-stock rules).
    pub in_stock: f64,
    /// Its variants' stock.
    pub variant_stock: f64,
    /// in_stock + variant_stock: what InvenTree compares with the minimum. Allocations are
    /// not subtracted.
    pub total_in_stock: f64,
    /// minimum_stock - total_in_stock.
    pub shortfall: f64,
    /// On open purchase orders, not yet received, in the part's units.
    pub ordering: f64,
    /// shortfall - ordering, at least 0: what no open order covers yet.
    pub to_order: f64,
}

pub struct LowStock;

impl Tool for LowStock {
    const NAME: &str = "low_stock";
    const TITLE: &str = "Parts below minimum stock";
    const DESCRIPTION: &str = "Parts whose stock (with variants, as InvenTree counts it) is \
        below their minimum, worst first, with what is on order and still to order; in a \
        category subtree.";
    const TOOLSET: Toolset = Toolset::Planning;
    /// Purchase order lines give the quantity on order.
    const REQUIRES: &[Permission] = &[
        Permission(Role::Part, Action::View),
        Permission(Role::PurchaseOrder, Action::View),
    ];
    const NATURE: Nature = Nature::Read;
    type Args = LowStockArgs;
    type Output = Page<LowStockPart>;

    async fn run(cx: &mut Cx<'_>, args: LowStockArgs) -> Result<Page<LowStockPart>, ToolError> {
        let window = Window::new(cx.paging, args.limit, args.offset, 100)?;
        let category = args.category_id.map(|id| id.0);
        let found = sqlx::query_file!(
            "queries/planning/low_stock.sql",
            category,
            args.active,
            window.limit,
            window.offset
        )
        .fetch_one(cx.db().await?)
        .await?;
        if !found.category_found {
            return Err(ToolError::NotFound {
                what: "category",
                id: category.unwrap_or_default().into(),
            });
        }
        Ok(Page::new(found.items.0, found.count, window.offset))
    }
}
