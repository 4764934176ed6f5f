//! Stock history: tracking entries of an item, of a part's items, or of everything, newest
//! first, with what their deltas name decoded.

use chrono::{DateTime, NaiveDate, Utc};
use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};

use super::args::{PartId, StockItemId};
use super::exists;
use super::paging::{Page, Window};
use super::registry::{Entry, entry};
use super::status::{HistoryCode, Status, StatusKind};
use super::tool::{Cx, Nature, Tool, Toolset};
use crate::auth::{Action, Permission, Role};
use crate::error::ToolError;

pub(super) fn tools() -> Vec<Entry> {
    vec![entry::<ListStockTracking>()]
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListTrackingArgs {
    /// One stock item's history.
    pub stock_item_id: Option<StockItemId>,
    /// The history of every item of this part.
    pub part_id: Option<PartId>,
    /// Only entries on or after this date (YYYY-MM-DD) or time (RFC 3339).
    pub since: Option<String>,
    /// Max rows (default 100).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// A reference to another object, as a tracking entry names it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Named {
    pub id: i32,
    /// Its reference, path or name.
    pub name: String,
}

/// What the deltas name, looked up: null where the entry names nothing of the kind (or the
/// object is gone).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Decoded {
    pub location: Option<Named>,
    pub status: Option<Status>,
    pub purchase_order: Option<Named>,
    pub sales_order: Option<Named>,
    pub return_order: Option<Named>,
    pub build: Option<Named>,
    pub customer: Option<Named>,
}

/// One entry of InvenTree's stock history.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TrackingRecord {
    pub id: i32,
    pub date: DateTime<Utc>,
    /// The stock item (null once the item was deleted).
    pub item: Option<i32>,
    pub part: Option<i32>,
    pub part_name: Option<String>,
    /// InvenTree's history code, e.g. 11 (stock added), 20 (location changed).
    pub tracking_type: i32,
    pub tracking_name: &'static str,
    /// As InvenTree recorded them, e.g. {"removed": 5, "quantity": 20}.
    #[schemars(with = "Option<serde_json::Map<String, serde_json::Value>>")]
    pub deltas: Option<serde_json::Value>,
    pub decoded: Decoded,
    pub notes: Option<String>,
    /// Who made the change (null: the system).
    pub user: Option<String>,
}

/// `list_stock_tracking`: InvenTree's stock history, newest first.
pub struct ListStockTracking;

impl Tool for ListStockTracking {
    const NAME: &str = "list_stock_tracking";
    const TITLE: &str = "Stock history";
    const DESCRIPTION: &str = "Stock tracking entries, newest first: of a stock item, of all \
        items of a part, or all; since a date. With who made each change and what the deltas \
        name (location, status, orders, customer).";
    const TOOLSET: Toolset = Toolset::Stock;
    const REQUIRES: &[Permission] = &[Permission(Role::Stock, Action::View)];
    const NATURE: Nature = Nature::Read;
    type Args = ListTrackingArgs;
    type Output = Page<TrackingRecord>;

    async fn run(
        cx: &mut Cx<'_>,
        args: ListTrackingArgs,
    ) -> Result<Page<TrackingRecord>, ToolError> {
        let window = Window::new(cx.paging, args.limit, args.offset, 100)?;
        let since = args.since.as_deref().map(since_arg).transpose()?;
        let item = args.stock_item_id.map(|id| id.0);
        let part = args.part_id.map(|id| id.0);
        if item.is_some() && part.is_some() {
            return Err(ToolError::invalid(
                "part_id",
                "give stock_item_id or part_id, not both",
            ));
        }
        let found = sqlx::query_file!(
            "queries/tracking/page.sql",
            item,
            part,
            since,
            window.limit,
            window.offset,
            window.count_bound()
        )
        .fetch_one(cx.db().await?)
        .await?;
        if found.count == 0 {
            let named = [
                item.map(exists::Named::StockItem),
                part.map(exists::Named::Part),
            ];
            exists::ensure(cx, named).await?;
        }
        let rows = sqlx::query_file!("queries/tracking/details.sql", &found.ids)
            .fetch_all(cx.db().await?)
            .await?;
        let named = |id: Option<i32>, name: Option<String>| {
            Some(Named {
                id: id?,
                name: name?,
            })
        };
        let items = rows
            .into_iter()
            .map(|r| {
                let status = r
                    .deltas
                    .as_ref()
                    .and_then(|d| d.get("status"))
                    .and_then(serde_json::Value::as_i64)
                    .and_then(|code| i32::try_from(code).ok())
                    .map(|code| StatusKind::Stock.status(code, None));
                TrackingRecord {
                    id: r.id,
                    date: r.date,
                    item: r.stock_item,
                    part: r.part,
                    part_name: r.part_name,
                    tracking_type: r.tracking_type,
                    tracking_name: HistoryCode::name_of(r.tracking_type),
                    decoded: Decoded {
                        location: named(r.location_id, r.location_path),
                        status,
                        purchase_order: named(r.purchase_order_id, r.purchase_order_reference),
                        sales_order: named(r.sales_order_id, r.sales_order_reference),
                        return_order: named(r.return_order_id, r.return_order_reference),
                        build: named(r.build_id, r.build_reference),
                        customer: named(r.customer_id, r.customer_name),
                    },
                    deltas: r.deltas,
                    notes: r.notes,
                    user: r.user,
                }
            })
            .collect();
        Ok(Page::counted(items, found.count, &window))
    }
}

/// A date (the start of that day, UTC) or an RFC 3339 time.
fn since_arg(text: &str) -> Result<DateTime<Utc>, ToolError> {
    let text = text.trim();
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(date
            .and_hms_opt(0, 0, 0)
            .expect("midnight exists")
            .and_utc());
    }
    DateTime::parse_from_rfc3339(text)
        .map(|time| time.with_timezone(&Utc))
        .map_err(|_| {
            ToolError::invalid(
                "since",
                format!("`{text}` is not a date (2024-02-29) or a time (2024-02-29T12:00:00Z)"),
            )
        })
}
