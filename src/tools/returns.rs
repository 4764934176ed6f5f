//! Return orders: items customers send back, with the outcome decided for each.

use chrono::NaiveDate;
use rmcp::schemars::{self, JsonSchema};
use serde::Serialize;

use super::exists::{self, Named};
use super::orders::{
    ExtraLine, GetOrderArgs, ListCustomerOrdersArgs, OrderKind, OrderTotal, ProjectCode,
    extra_lines, totals,
};
use super::paging::{Page, Window};
use super::registry::{Entry, entry};
use super::status::{Status, StatusKind};
use super::tool::{Cx, Nature, Tool, Toolset};
use crate::auth::{Action, Permission, Role};
use crate::error::ToolError;

pub(super) fn tools() -> Vec<Entry> {
    vec![entry::<ListReturnOrders>(), entry::<GetReturnOrder>()]
}

const RETURN_VIEW: &[Permission] = &[Permission(Role::ReturnOrder, Action::View)];

#[derive(Debug, Serialize, JsonSchema)]
pub struct ReturnOrder {
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
    pub start_date: Option<NaiveDate>,
    pub target_date: Option<NaiveDate>,
    pub complete_date: Option<NaiveDate>,
    /// Open and past its target date.
    pub overdue: bool,
    #[serde(flatten)]
    pub total: OrderTotal,
    pub line_count: i64,
    /// Lines with an outcome decided (not pending).
    pub completed_lines: i64,
    /// Lines whose item has been received.
    pub received_lines: i64,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ReturnLine {
    pub id: i32,
    /// The stock item returned.
    pub item: i32,
    pub part: i32,
    pub part_name: String,
    pub serial: Option<String>,
    pub batch: Option<String>,
    pub quantity: f64,
    /// What is done with the item: pending, return, repair, replace, refund or reject.
    pub outcome: Status,
    /// When the item was received; null until then.
    pub received_date: Option<NaiveDate>,
    pub price: Option<f64>,
    pub price_currency: Option<String>,
    pub reference: String,
    pub notes: String,
    pub target_date: Option<NaiveDate>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ReturnOrderDetail {
    #[serde(flatten)]
    pub order: ReturnOrder,
    pub lines: Vec<ReturnLine>,
    pub extra_lines: Vec<ExtraLine>,
}

async fn return_details(cx: &mut Cx<'_>, ids: &[i32]) -> Result<Vec<ReturnOrder>, ToolError> {
    let rows = sqlx::query_file!("queries/returns/details.sql", ids)
        .fetch_all(cx.db().await?)
        .await?;
    let mut totals = totals(cx, OrderKind::Return, ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| ReturnOrder {
            id: r.id,
            reference: r.reference,
            customer: r.customer,
            customer_name: r.customer_name,
            customer_reference: r.customer_reference,
            status: StatusKind::ReturnOrder.status(r.status, r.custom_status),
            description: r.description,
            project_code: ProjectCode::of(
                r.project_code,
                r.project_code_label,
                r.project_code_description,
            ),
            creation_date: r.creation_date,
            issue_date: r.issue_date,
            start_date: r.start_date,
            target_date: r.target_date,
            complete_date: r.complete_date,
            overdue: r.overdue,
            total: totals.remove(&r.id).unwrap_or_default(),
            line_count: r.line_count,
            completed_lines: r.completed_lines,
            received_lines: r.received_lines,
        })
        .collect())
}

pub struct ListReturnOrders;

impl Tool for ListReturnOrders {
    const NAME: &str = "list_return_orders";
    const TITLE: &str = "List return orders";
    const DESCRIPTION: &str =
        "List return orders, newest first; filter by customer, outstanding (open) or overdue.";
    const TOOLSET: Toolset = Toolset::Orders;
    const REQUIRES: &[Permission] = RETURN_VIEW;
    const NATURE: Nature = Nature::Read;
    type Args = ListCustomerOrdersArgs;
    type Output = Page<ReturnOrder>;

    async fn run(
        cx: &mut Cx<'_>,
        args: ListCustomerOrdersArgs,
    ) -> Result<Page<ReturnOrder>, ToolError> {
        let window = Window::new(cx.paging, args.limit, args.offset, 100)?;
        let customer = args.customer_id.map(|id| id.0);
        let found = sqlx::query_file!(
            "queries/returns/list.sql",
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
            return_details(cx, &found.ids).await?,
            found.count,
            window.offset,
        ))
    }
}

pub struct GetReturnOrder;

impl Tool for GetReturnOrder {
    const NAME: &str = "get_return_order";
    const TITLE: &str = "Get a return order";
    const DESCRIPTION: &str = "One return order with its lines (stock item, part, serial, outcome, \
        received date, price), extra lines and total.";
    const TOOLSET: Toolset = Toolset::Orders;
    const REQUIRES: &[Permission] = RETURN_VIEW;
    const NATURE: Nature = Nature::Read;
    type Args = GetOrderArgs;
    type Output = ReturnOrderDetail;

    async fn run(cx: &mut Cx<'_>, args: GetOrderArgs) -> Result<ReturnOrderDetail, ToolError> {
        let id = args.order_id.0;
        let order = return_details(cx, &[id])
            .await?
            .pop()
            .ok_or(ToolError::NotFound {
                what: "return order",
                id: id.into(),
            })?;
        let lines = sqlx::query_file!("queries/returns/lines.sql", id)
            .fetch_all(cx.db().await?)
            .await?
            .into_iter()
            .map(|r| ReturnLine {
                id: r.id,
                item: r.item,
                part: r.part,
                part_name: r.part_name,
                serial: r.serial,
                batch: r.batch,
                quantity: r.quantity,
                outcome: StatusKind::ReturnOrderLine.status(r.outcome, r.custom_outcome),
                received_date: r.received_date,
                price: r.price,
                price_currency: r.price_currency,
                reference: r.reference,
                notes: r.notes,
                target_date: r.target_date,
            })
            .collect();
        let extra_lines = extra_lines(cx, OrderKind::Return, id).await?;
        Ok(ReturnOrderDetail {
            order,
            lines,
            extra_lines,
        })
    }
}
