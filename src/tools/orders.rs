//! Purchase and sales orders: lists and details with their lines.

use chrono::NaiveDate;
use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};

use super::args::{CompanyId, OrderId};
use super::paging::{Page, Window};
use super::registry::{Entry, entry};
use super::status::{Status, StatusKind};
use super::tool::{Cx, Nature, Tool, Toolset};
use crate::auth::{Action, Permission, Role};
use crate::error::ToolError;

pub(super) fn tools() -> Vec<Entry> {
    vec![
        entry::<ListPurchaseOrders>(),
        entry::<GetPurchaseOrder>(),
        entry::<ListSalesOrders>(),
        entry::<GetSalesOrder>(),
    ]
}

const PURCHASE_VIEW: &[Permission] = &[Permission(Role::PurchaseOrder, Action::View)];
const SALES_VIEW: &[Permission] = &[Permission(Role::SalesOrder, Action::View)];

#[derive(Debug, Serialize, JsonSchema)]
pub struct PurchaseOrder {
    pub id: i32,
    pub reference: String,
    pub supplier: Option<i32>,
    pub supplier_name: Option<String>,
    pub supplier_reference: String,
    pub status: Status,
    pub description: String,
    pub creation_date: Option<NaiveDate>,
    pub issue_date: Option<NaiveDate>,
    pub target_date: Option<NaiveDate>,
    pub complete_date: Option<NaiveDate>,
    /// Open and past its target date.
    pub overdue: bool,
    pub total_price: Option<f64>,
    pub currency: Option<String>,
    pub line_count: i64,
    /// Lines fully received.
    pub completed_lines: i64,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct PurchaseLine {
    pub id: i32,
    /// The part ordered (through its supplier part).
    pub part: Option<i32>,
    pub part_name: Option<String>,
    pub supplier_part: Option<i32>,
    pub sku: Option<String>,
    /// Ordered, in supplier packs.
    pub quantity: f64,
    pub received: f64,
    /// Still to receive: quantity - received, at least 0.
    pub outstanding: f64,
    /// Ordered, in the part's own units.
    pub part_quantity: f64,
    pub part_received: f64,
    pub purchase_price: Option<f64>,
    pub purchase_price_currency: Option<String>,
    pub reference: String,
    pub target_date: Option<NaiveDate>,
    pub overdue: bool,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct PurchaseOrderDetail {
    #[serde(flatten)]
    pub order: PurchaseOrder,
    pub lines: Vec<PurchaseLine>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct SalesOrder {
    pub id: i32,
    pub reference: String,
    pub customer: Option<i32>,
    pub customer_name: Option<String>,
    pub customer_reference: String,
    pub status: Status,
    pub description: String,
    pub creation_date: Option<NaiveDate>,
    pub issue_date: Option<NaiveDate>,
    pub target_date: Option<NaiveDate>,
    pub shipment_date: Option<NaiveDate>,
    /// Open and past its target date.
    pub overdue: bool,
    pub total_price: Option<f64>,
    pub currency: Option<String>,
    pub line_count: i64,
    /// Lines fully shipped.
    pub completed_lines: i64,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct SalesLine {
    pub id: i32,
    pub part: Option<i32>,
    pub part_name: Option<String>,
    pub quantity: f64,
    pub shipped: f64,
    /// Stock allocated to the line.
    pub allocated: f64,
    /// Still to ship: quantity - shipped, at least 0.
    pub outstanding: f64,
    pub sale_price: Option<f64>,
    pub sale_price_currency: Option<String>,
    pub reference: String,
    pub target_date: Option<NaiveDate>,
    pub overdue: bool,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct SalesOrderDetail {
    #[serde(flatten)]
    pub order: SalesOrder,
    pub lines: Vec<SalesLine>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListPurchaseArgs {
    /// Supplier (company id).
    pub supplier_id: Option<CompanyId>,
    /// Open (pending, placed, on hold) or closed orders only.
    pub outstanding: Option<bool>,
    /// Open orders past their target date, or the others.
    pub overdue: Option<bool>,
    /// Max rows (default 100).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListSalesArgs {
    /// Customer (company id).
    pub customer_id: Option<CompanyId>,
    /// Open (pending, in progress, on hold) or closed orders only.
    pub outstanding: Option<bool>,
    /// Open orders past their target date, or the others.
    pub overdue: Option<bool>,
    /// Max rows (default 100).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetOrderArgs {
    /// The order's id.
    pub order_id: OrderId,
}

async fn purchase_details(cx: &mut Cx<'_>, ids: &[i32]) -> Result<Vec<PurchaseOrder>, ToolError> {
    let rows = sqlx::query_file!("queries/orders/purchase_details.sql", ids)
        .fetch_all(cx.db().await?)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| PurchaseOrder {
            id: r.id,
            reference: r.reference,
            supplier: r.supplier,
            supplier_name: r.supplier_name,
            supplier_reference: r.supplier_reference,
            status: StatusKind::PurchaseOrder.status(r.status, r.custom_status),
            description: r.description,
            creation_date: r.creation_date,
            issue_date: r.issue_date,
            target_date: r.target_date,
            complete_date: r.complete_date,
            overdue: r.overdue,
            total_price: r.total_price,
            currency: r.currency,
            line_count: r.line_count,
            completed_lines: r.completed_lines,
        })
        .collect())
}

async fn sales_details(cx: &mut Cx<'_>, ids: &[i32]) -> Result<Vec<SalesOrder>, ToolError> {
    let rows = sqlx::query_file!("queries/orders/sales_details.sql", ids)
        .fetch_all(cx.db().await?)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| SalesOrder {
            id: r.id,
            reference: r.reference,
            customer: r.customer,
            customer_name: r.customer_name,
            customer_reference: r.customer_reference,
            status: StatusKind::SalesOrder.status(r.status, r.custom_status),
            description: r.description,
            creation_date: r.creation_date,
            issue_date: r.issue_date,
            target_date: r.target_date,
            shipment_date: r.shipment_date,
            overdue: r.overdue,
            total_price: r.total_price,
            currency: r.currency,
            line_count: r.line_count,
            completed_lines: r.completed_lines,
        })
        .collect())
}

pub struct ListPurchaseOrders;

impl Tool for ListPurchaseOrders {
    const NAME: &str = "list_purchase_orders";
    const TITLE: &str = "List purchase orders";
    const DESCRIPTION: &str = "List purchase orders, newest first; filter by supplier, outstanding (open) or \
        overdue.";
    const TOOLSET: Toolset = Toolset::Orders;
    const REQUIRES: &[Permission] = PURCHASE_VIEW;
    const NATURE: Nature = Nature::Read;
    type Args = ListPurchaseArgs;
    type Output = Page<PurchaseOrder>;

    async fn run(
        cx: &mut Cx<'_>,
        args: ListPurchaseArgs,
    ) -> Result<Page<PurchaseOrder>, ToolError> {
        let window = Window::new(cx.paging, args.limit, args.offset, 100)?;
        let supplier = args.supplier_id.map(|id| id.0);
        let found = sqlx::query_file!(
            "queries/orders/purchase_list.sql",
            supplier,
            args.outstanding,
            args.overdue,
            window.limit,
            window.offset
        )
        .fetch_one(cx.db().await?)
        .await?;
        Ok(Page::new(
            purchase_details(cx, &found.ids).await?,
            found.count,
            window.offset,
        ))
    }
}

pub struct GetPurchaseOrder;

impl Tool for GetPurchaseOrder {
    const NAME: &str = "get_purchase_order";
    const TITLE: &str = "Get a purchase order";
    const DESCRIPTION: &str = "One purchase order with its lines: part, supplier SKU, ordered, received and \
        outstanding quantities, prices.";
    const TOOLSET: Toolset = Toolset::Orders;
    const REQUIRES: &[Permission] = PURCHASE_VIEW;
    const NATURE: Nature = Nature::Read;
    type Args = GetOrderArgs;
    type Output = PurchaseOrderDetail;

    async fn run(cx: &mut Cx<'_>, args: GetOrderArgs) -> Result<PurchaseOrderDetail, ToolError> {
        let id = args.order_id.0;
        let order = purchase_details(cx, &[id])
            .await?
            .pop()
            .ok_or(ToolError::NotFound {
                what: "purchase order",
                id: id.into(),
            })?;
        let lines = sqlx::query_file_as!(PurchaseLine, "queries/orders/purchase_lines.sql", id)
            .fetch_all(cx.db().await?)
            .await?;
        Ok(PurchaseOrderDetail { order, lines })
    }
}

pub struct ListSalesOrders;

impl Tool for ListSalesOrders {
    const NAME: &str = "list_sales_orders";
    const TITLE: &str = "List sales orders";
    const DESCRIPTION: &str =
        "List sales orders, newest first; filter by customer, outstanding (open) or overdue.";
    const TOOLSET: Toolset = Toolset::Orders;
    const REQUIRES: &[Permission] = SALES_VIEW;
    const NATURE: Nature = Nature::Read;
    type Args = ListSalesArgs;
    type Output = Page<SalesOrder>;

    async fn run(cx: &mut Cx<'_>, args: ListSalesArgs) -> Result<Page<SalesOrder>, ToolError> {
        let window = Window::new(cx.paging, args.limit, args.offset, 100)?;
        let customer = args.customer_id.map(|id| id.0);
        let found = sqlx::query_file!(
            "queries/orders/sales_list.sql",
            customer,
            args.outstanding,
            args.overdue,
            window.limit,
            window.offset
        )
        .fetch_one(cx.db().await?)
        .await?;
        Ok(Page::new(
            sales_details(cx, &found.ids).await?,
            found.count,
            window.offset,
        ))
    }
}

pub struct GetSalesOrder;

impl Tool for GetSalesOrder {
    const NAME: &str = "get_sales_order";
    const TITLE: &str = "Get a sales order";
    const DESCRIPTION: &str = "One sales order with its lines: part, ordered, shipped, allocated and outstanding \
        quantities, prices.";
    const TOOLSET: Toolset = Toolset::Orders;
    const REQUIRES: &[Permission] = SALES_VIEW;
    const NATURE: Nature = Nature::Read;
    type Args = GetOrderArgs;
    type Output = SalesOrderDetail;

    async fn run(cx: &mut Cx<'_>, args: GetOrderArgs) -> Result<SalesOrderDetail, ToolError> {
        let id = args.order_id.0;
        let order = sales_details(cx, &[id])
            .await?
            .pop()
            .ok_or(ToolError::NotFound {
                what: "sales order",
                id: id.into(),
            })?;
        let lines = sqlx::query_file_as!(SalesLine, "queries/orders/sales_lines.sql", id)
            .fetch_all(cx.db().await?)
            .await?;
        Ok(SalesOrderDetail { order, lines })
    }
}
