//! Stock items and their history.

use chrono::{DateTime, NaiveDate, Utc};
use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};

use super::args::{LocationId, PartId, StockItemId};
use super::paging::{Page, Window};
use super::registry::{Entry, entry};
use super::status::{HistoryCode, Status, StatusKind};
use super::tool::{Cx, Nature, Tool, Toolset};
use crate::auth::{Action, Permission, Role};
use crate::error::ToolError;

pub(super) fn tools() -> Vec<Entry> {
    vec![entry::<ListStockItems>(), entry::<GetStockItem>()]
}

const STOCK_VIEW: &[Permission] = &[Permission(Role::Stock, Action::View)];

/// A stock item. `in_stock` follows InvenTree's rules: positive quantity, not sold, installed,
/// consumed or in production, status OK, Attention needed, Damaged or Returned.
#[derive(Debug, Serialize, JsonSchema)]
pub struct StockItem {
    pub id: i32,
    pub part: i32,
    pub part_name: String,
    #[serde(rename = "part_IPN")]
    pub part_ipn: Option<String>,
    pub quantity: f64,
    pub location: Option<i32>,
    pub location_name: Option<String>,
    pub location_path: Option<String>,
    pub serial: Option<String>,
    pub batch: Option<String>,
    pub status: Status,
    pub in_stock: bool,
    /// A build output still in production.
    pub is_building: bool,
    pub expiry_date: Option<NaiveDate>,
    /// In stock and past its expiry date.
    pub expired: bool,
    /// In stock and expiring within InvenTree's STOCK_STALE_DAYS.
    pub stale: bool,
    /// Allocated to sales orders and builds (all of them, as InvenTree's API counts).
    pub allocated: f64,
    pub customer: Option<i32>,
    pub customer_name: Option<String>,
    pub sales_order: Option<i32>,
    /// The stock item this one is installed in.
    pub installed_in: Option<i32>,
    /// The build that consumed it.
    pub consumed_by: Option<i32>,
    pub build: Option<i32>,
    pub purchase_order: Option<i32>,
    pub supplier_part: Option<i32>,
    pub supplier_sku: Option<String>,
    pub packaging: Option<String>,
    pub purchase_price: Option<f64>,
    pub purchase_price_currency: Option<String>,
    pub notes: Option<String>,
    pub updated: Option<DateTime<Utc>>,
    /// How many tracking entries the item has.
    pub tracking_count: i64,
}

/// One entry of a stock item's history.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TrackingEntry {
    pub id: i32,
    pub date: DateTime<Utc>,
    /// InvenTree's history code, e.g. 11 (stock added), 20 (location changed).
    pub tracking_type: i32,
    pub tracking_name: &'static str,
    /// What changed, as InvenTree recorded it (e.g. {"added": 5, "quantity": 25}).
    pub deltas: Option<serde_json::Value>,
    pub notes: Option<String>,
    /// Username of who made the change (null: the system).
    pub user: Option<String>,
}

/// A stock item with its latest history.
#[derive(Debug, Serialize, JsonSchema)]
pub struct StockItemDetail {
    #[serde(flatten)]
    pub item: StockItem,
    /// The latest entries, newest first (see tracking_count for all).
    pub tracking: Vec<TrackingEntry>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListStockArgs {
    /// Part, with its variants unless include_variants is false.
    pub part_id: Option<PartId>,
    /// Include variants (default true).
    pub include_variants: Option<bool>,
    /// Location, with sublocations unless cascade is false.
    pub location_id: Option<LocationId>,
    /// Include sublocations (default true).
    pub cascade: Option<bool>,
    /// In stock (true) or not (false) only.
    pub in_stock: Option<bool>,
    /// Max rows (default 100).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetStockArgs {
    /// The stock item's id.
    pub stock_item_id: StockItemId,
    /// How many of the latest tracking entries to include (default 10, at most 100).
    pub history: Option<i64>,
}

/// Stock items by id, read through `executor`: the read pool, or a write's own transaction.
pub(super) async fn details<'e>(
    executor: impl sqlx::PgExecutor<'e>,
    ids: &[i32],
) -> Result<Vec<StockItem>, ToolError> {
    let rows = sqlx::query_file!("queries/stock/details.sql", ids)
        .fetch_all(executor)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| StockItem {
            id: r.id,
            part: r.part,
            part_name: r.part_name,
            part_ipn: r.part_ipn,
            quantity: r.quantity,
            location: r.location,
            location_name: r.location_name,
            location_path: r.location_path,
            serial: r.serial,
            batch: r.batch,
            status: StatusKind::Stock.status(r.status, r.custom_status),
            in_stock: r.in_stock,
            is_building: r.is_building,
            expiry_date: r.expiry_date,
            expired: r.expired,
            stale: r.stale,
            allocated: r.allocated,
            customer: r.customer,
            customer_name: r.customer_name,
            sales_order: r.sales_order,
            installed_in: r.installed_in,
            consumed_by: r.consumed_by,
            build: r.build,
            purchase_order: r.purchase_order,
            supplier_part: r.supplier_part,
            supplier_sku: r.supplier_sku,
            packaging: r.packaging,
            purchase_price: r.purchase_price,
            purchase_price_currency: r.purchase_price_currency,
            notes: r.notes,
            updated: r.updated,
            tracking_count: r.tracking_count,
        })
        .collect())
}

pub struct ListStockItems;

impl Tool for ListStockItems {
    const NAME: &str = "list_stock_items";
    const TITLE: &str = "List stock items";
    const DESCRIPTION: &str = "List stock items by id; filter by part, location, in stock.";
    const TOOLSET: Toolset = Toolset::Stock;
    const REQUIRES: &[Permission] = STOCK_VIEW;
    const NATURE: Nature = Nature::Read;
    type Args = ListStockArgs;
    type Output = Page<StockItem>;

    async fn run(cx: &mut Cx<'_>, args: ListStockArgs) -> Result<Page<StockItem>, ToolError> {
        let window = Window::new(cx.paging, args.limit, args.offset, 100)?;
        let part = args.part_id.map(|id| id.0);
        let location = args.location_id.map(|id| id.0);
        let in_stock = args.in_stock;
        let (limit, offset, bound) = (window.limit, window.offset, window.count_bound());
        let (count, ids) = match (part, location) {
            (Some(part), location) => {
                let found = sqlx::query_file!(
                    "queries/stock/list_by_part.sql",
                    part,
                    args.include_variants.unwrap_or(true),
                    location,
                    args.cascade.unwrap_or(true),
                    in_stock,
                    limit,
                    offset,
                    bound
                )
                .fetch_one(cx.db().await?)
                .await?;
                (found.count, found.ids)
            }
            (None, Some(location)) => {
                let found = sqlx::query_file!(
                    "queries/stock/list_by_location.sql",
                    location,
                    args.cascade.unwrap_or(true),
                    in_stock,
                    limit,
                    offset,
                    bound
                )
                .fetch_one(cx.db().await?)
                .await?;
                (found.count, found.ids)
            }
            (None, None) => {
                let found =
                    sqlx::query_file!("queries/stock/list_all.sql", in_stock, limit, offset, bound)
                        .fetch_one(cx.db().await?)
                        .await?;
                (found.count, found.ids)
            }
        };
        Ok(Page::counted(
            details(cx.db().await?, &ids).await?,
            count,
            &window,
        ))
    }
}

pub struct GetStockItem;

impl Tool for GetStockItem {
    const NAME: &str = "get_stock_item";
    const TITLE: &str = "Get a stock item";
    const DESCRIPTION: &str = "One stock item: part, location path, status, serial/batch, \
        expiry, allocations and its latest history with who made each change.";
    const TOOLSET: Toolset = Toolset::Stock;
    const REQUIRES: &[Permission] = STOCK_VIEW;
    const NATURE: Nature = Nature::Read;
    type Args = GetStockArgs;
    type Output = StockItemDetail;

    async fn run(cx: &mut Cx<'_>, args: GetStockArgs) -> Result<StockItemDetail, ToolError> {
        let id = args.stock_item_id.0;
        let history = args.history.unwrap_or(10);
        if !(0..=100).contains(&history) {
            return Err(ToolError::invalid(
                "history",
                format!("must be between 0 and 100, got {history}"),
            ));
        }
        let item = details(cx.db().await?, &[id])
            .await?
            .pop()
            .ok_or(ToolError::NotFound {
                what: "stock item",
                id: id.into(),
            })?;
        let tracking = sqlx::query_file!("queries/stock/tracking.sql", id, history)
            .fetch_all(cx.db().await?)
            .await?
            .into_iter()
            .map(|t| TrackingEntry {
                id: t.id,
                date: t.date,
                tracking_type: t.tracking_type,
                tracking_name: HistoryCode::name_of(t.tracking_type),
                deltas: t.deltas,
                notes: t.notes,
                user: t.user,
            })
            .collect();
        Ok(StockItemDetail { item, tracking })
    }
}
