//! Purchase and sales orders: lists and details with their lines, extra lines and shipments;
//! what every kind of order shares (project codes, extra lines, totals).

use std::collections::HashMap;

use chrono::NaiveDate;
use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};
use sqlx::types::Json;

use super::args::{CompanyId, OrderId};
use super::exists::{self, Named};
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

/// The kinds of order with totals and extra lines, as the shared queries name them.
#[derive(Debug, Clone, Copy)]
pub(super) enum OrderKind {
    Purchase,
    Sales,
    Return,
}

impl OrderKind {
    fn key(self) -> &'static str {
        match self {
            OrderKind::Purchase => "purchase",
            OrderKind::Sales => "sales",
            OrderKind::Return => "return",
        }
    }
}

/// An order's project code (`common_projectcode`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct ProjectCode {
    pub id: i32,
    pub code: String,
    pub description: String,
}

impl ProjectCode {
    /// The project code of a row that may have none.
    pub(super) fn of(
        id: Option<i32>,
        code: Option<String>,
        description: Option<String>,
    ) -> Option<ProjectCode> {
        Some(ProjectCode {
            id: id?,
            code: code?,
            description: description?,
        })
    }
}

// An order's total, as InvenTree computes `total_price`. (Not a doc comment: flattened into
// the order, a doc comment would become the order's own description.)
#[derive(Debug, Default, Serialize, JsonSchema)]
pub struct OrderTotal {
    /// Sum of quantity x price over lines and extra lines, each price converted into
    /// `currency` with the exchange rates stored in InvenTree. Null when a price's currency
    /// has no stored rate (InvenTree stores null then too): see `totals_by_currency`.
    pub total_price: Option<f64>,
    /// The order's currency: its own, else the supplier's or customer's, else InvenTree's
    /// default.
    pub currency: Option<String>,
    /// The same sums per price currency, unconverted.
    pub totals_by_currency: Vec<CurrencyTotal>,
}

#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct CurrencyTotal {
    pub currency: Option<String>,
    pub total: f64,
}

/// The totals of orders of one kind, by order id.
pub(super) async fn totals(
    cx: &mut Cx<'_>,
    kind: OrderKind,
    ids: &[i32],
) -> Result<HashMap<i32, OrderTotal>, ToolError> {
    let rows = sqlx::query_file!("queries/orders/totals.sql", kind.key(), ids)
        .fetch_all(cx.db().await?)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let total = OrderTotal {
                total_price: r.total_price,
                currency: Some(r.currency),
                totals_by_currency: r.by_currency.0,
            };
            (r.id, total)
        })
        .collect())
}

/// A charge or credit on an order beyond its parts (shipping, a fee); its price may be
/// negative.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ExtraLine {
    pub id: i32,
    pub reference: String,
    pub description: String,
    pub notes: String,
    pub quantity: f64,
    /// Per unit.
    pub price: Option<f64>,
    pub price_currency: Option<String>,
}

pub(super) async fn extra_lines(
    cx: &mut Cx<'_>,
    kind: OrderKind,
    id: i32,
) -> Result<Vec<ExtraLine>, ToolError> {
    Ok(
        sqlx::query_file_as!(ExtraLine, "queries/orders/extra_lines.sql", kind.key(), id)
            .fetch_all(cx.db().await?)
            .await?,
    )
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct PurchaseOrder {
    pub id: i32,
    pub reference: String,
    pub supplier: Option<i32>,
    pub supplier_name: Option<String>,
    pub supplier_reference: String,
    pub status: Status,
    pub description: String,
    pub project_code: Option<ProjectCode>,
    pub creation_date: Option<NaiveDate>,
    pub issue_date: Option<NaiveDate>,
    pub target_date: Option<NaiveDate>,
    pub complete_date: Option<NaiveDate>,
    /// Open and past its target date.
    pub overdue: bool,
    #[serde(flatten)]
    pub total: OrderTotal,
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
    pub extra_lines: Vec<ExtraLine>,
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
    pub project_code: Option<ProjectCode>,
    pub creation_date: Option<NaiveDate>,
    pub issue_date: Option<NaiveDate>,
    pub target_date: Option<NaiveDate>,
    pub shipment_date: Option<NaiveDate>,
    /// Open and past its target date.
    pub overdue: bool,
    #[serde(flatten)]
    pub total: OrderTotal,
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
    pub extra_lines: Vec<ExtraLine>,
    pub shipments: Vec<Shipment>,
}

/// A shipment of a sales order: pending until its `shipment_date` is set.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Shipment {
    pub id: i32,
    pub reference: String,
    pub shipment_date: Option<NaiveDate>,
    pub delivery_date: Option<NaiveDate>,
    pub tracking_number: String,
    pub invoice_number: String,
    pub link: String,
    /// The stock it holds: shipped with it, or to ship with it while pending.
    pub allocations: Vec<ShipmentAllocation>,
}

/// Stock allocated to a shipment, against one line of the order.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct ShipmentAllocation {
    pub id: i32,
    pub line: i32,
    /// The stock item's part.
    pub part: i32,
    pub part_name: String,
    /// The stock item.
    pub item: i32,
    pub serial: Option<String>,
    pub batch: Option<String>,
    pub quantity: f64,
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

// The filters of sales and return orders, which have a customer and open sets of the same
// names. (Not a doc comment: it would become the input schema's description.)
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListCustomerOrdersArgs {
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
    let mut totals = totals(cx, OrderKind::Purchase, ids).await?;
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
            project_code: ProjectCode::of(
                r.project_code,
                r.project_code_label,
                r.project_code_description,
            ),
            creation_date: r.creation_date,
            issue_date: r.issue_date,
            target_date: r.target_date,
            complete_date: r.complete_date,
            overdue: r.overdue,
            total: totals.remove(&r.id).unwrap_or_default(),
            line_count: r.line_count,
            completed_lines: r.completed_lines,
        })
        .collect())
}

async fn sales_details(cx: &mut Cx<'_>, ids: &[i32]) -> Result<Vec<SalesOrder>, ToolError> {
    let rows = sqlx::query_file!("queries/orders/sales_details.sql", ids)
        .fetch_all(cx.db().await?)
        .await?;
    let mut totals = totals(cx, OrderKind::Sales, ids).await?;
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
            project_code: ProjectCode::of(
                r.project_code,
                r.project_code_label,
                r.project_code_description,
            ),
            creation_date: r.creation_date,
            issue_date: r.issue_date,
            target_date: r.target_date,
            shipment_date: r.shipment_date,
            overdue: r.overdue,
            total: totals.remove(&r.id).unwrap_or_default(),
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
        if found.count == 0 {
            exists::ensure(cx, [supplier.map(Named::Company)]).await?;
        }
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
    const DESCRIPTION: &str = "One purchase order with its lines (part, supplier SKU, ordered, received and \
        outstanding quantities, prices), extra lines and total.";
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
        let extra_lines = extra_lines(cx, OrderKind::Purchase, id).await?;
        Ok(PurchaseOrderDetail {
            order,
            lines,
            extra_lines,
        })
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
    type Args = ListCustomerOrdersArgs;
    type Output = Page<SalesOrder>;

    async fn run(
        cx: &mut Cx<'_>,
        args: ListCustomerOrdersArgs,
    ) -> Result<Page<SalesOrder>, ToolError> {
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
        if found.count == 0 {
            exists::ensure(cx, [customer.map(Named::Company)]).await?;
        }
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
    const DESCRIPTION: &str = "One sales order with its lines (part, ordered, shipped, allocated and \
        outstanding quantities, prices), extra lines, total and shipments with their stock.";
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
        let extra_lines = extra_lines(cx, OrderKind::Sales, id).await?;
        let shipments = sqlx::query_file!("queries/orders/sales_shipments.sql", id)
            .fetch_all(cx.db().await?)
            .await?
            .into_iter()
            .map(|r| Shipment {
                id: r.id,
                reference: r.reference,
                shipment_date: r.shipment_date,
                delivery_date: r.delivery_date,
                tracking_number: r.tracking_number,
                invoice_number: r.invoice_number,
                link: r.link,
                allocations: r.allocations.0,
            })
            .collect();
        Ok(SalesOrderDetail {
            order,
            lines,
            extra_lines,
            shipments,
        })
    }
}
