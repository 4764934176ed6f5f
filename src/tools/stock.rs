//! Stock items and their history.

use chrono::{DateTime, NaiveDate, Utc};
use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;

use super::args::{LocationId, PartId, StockItemId};
use super::paging::{Page, Window, split_count};
use super::registry::{Entry, entry};
use super::status::{HistoryCode, Status, StatusKind};
use super::tool::{Cx, Nature, Tool, Toolset};
use super::trees;
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
    #[schemars(with = "Option<serde_json::Map<String, serde_json::Value>>")]
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
    /// Part, and its variants unless include_variants is false.
    pub part_id: Option<PartId>,
    pub include_variants: Option<bool>,
    /// Location, and sublocations unless cascade is false.
    pub location_id: Option<LocationId>,
    pub cascade: Option<bool>,
    /// In stock (true) or not (false).
    pub in_stock: Option<bool>,
    /// Batch code (exact).
    pub batch: Option<String>,
    /// A serial as written, or numbers: 12, 10-20, 1,3,5-8.
    pub serial: Option<String>,
    /// Max rows (default 100).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
    /// The previous page's next_cursor (instead of offset).
    pub cursor: Option<String>,
}

/// The `serial` filter: serials to match as written, and ranges of InvenTree's `serial_int`
/// (a number N is the range N..N).
#[derive(Debug, Default, PartialEq)]
struct SerialFilter {
    texts: Vec<String>,
    lows: Vec<i32>,
    highs: Vec<i32>,
}

/// At most this many serials, numbers or ranges in one `serial`.
const MAX_SERIAL_TERMS: usize = 100;

/// Reads `serial` as InvenTree writes serial numbers (`extract_serial_numbers`): terms
/// separated by commas or spaces, each a number, a range low-high, or a serial as written.
/// InvenTree's `~` (next serial) and `start+count` forms make new serials and match nothing
/// here; they, and any other term of digits, `-`, `+` and `~` only, are refused.
fn parse_serial(serial: &str) -> Result<SerialFilter, ToolError> {
    const FORMS: &str = "use a serial as written (SN-0042), a number (12), a range from low to \
        high (10-20) or a list of them (1,3,5-8)";
    let refuse = |reason: String| ToolError::invalid("serial", format!("{reason}; {FORMS}"));
    let terms: Vec<&str> = serial
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|term| !term.is_empty())
        .collect();
    if terms.is_empty() {
        return Err(refuse("is blank".into()));
    }
    if terms.len() > MAX_SERIAL_TERMS {
        return Err(refuse(format!(
            "has {} terms, at most {MAX_SERIAL_TERMS}",
            terms.len()
        )));
    }
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mut filter = SerialFilter::default();
    for term in terms {
        if digits(term) {
            filter.texts.push(term.to_string());
            // A number past serial_int's range can only match as written.
            if let Ok(n) = term.parse::<i32>() {
                filter.lows.push(n);
                filter.highs.push(n);
            }
        } else if let Some((low, high)) =
            term.split_once('-').filter(|(l, h)| digits(l) && digits(h))
        {
            let (Ok(low), Ok(high)) = (low.parse::<i32>(), high.parse::<i32>()) else {
                return Err(refuse(format!("`{term}` has a number above {}", i32::MAX)));
            };
            if low > high {
                return Err(refuse(format!("`{term}` runs from high to low")));
            }
            filter.lows.push(low);
            filter.highs.push(high);
        } else if term
            .bytes()
            .all(|b| b.is_ascii_digit() || b"-+~".contains(&b))
        {
            return Err(refuse(format!(
                "`{term}` is not a serial, a number or a range"
            )));
        } else {
            filter.texts.push(term.to_string());
        }
    }
    Ok(filter)
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetStockArgs {
    /// The stock item's id.
    pub stock_item_id: StockItemId,
    /// How many of the latest tracking entries to include (default 10, at most 100).
    pub history: Option<i64>,
}

/// Stock items by id, read through `conn`: a call's read connection, or a write's own
/// transaction.
pub(super) async fn details(
    conn: &mut PgConnection,
    ids: &[i32],
) -> Result<Vec<StockItem>, ToolError> {
    let rows = sqlx::query_file!("queries/stock/details.sql", ids)
        .fetch_all(conn)
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
    const DESCRIPTION: &str =
        "List stock items by id; filter by part, location, in stock, batch, serial.";
    const TOOLSET: Toolset = Toolset::Stock;
    const REQUIRES: &[Permission] = STOCK_VIEW;
    const NATURE: Nature = Nature::Read;
    type Args = ListStockArgs;
    type Output = Page<StockItem>;

    async fn run(cx: &mut Cx<'_>, args: ListStockArgs) -> Result<Page<StockItem>, ToolError> {
        let window = Window::new(cx.paging, args.limit, args.offset, 100)?
            .after_cursor(args.cursor.as_deref())?;
        let part = args.part_id.map(|id| id.0);
        let location = args.location_id.map(|id| id.0);
        let in_stock = args.in_stock;
        let batch = args.batch;
        if batch.as_deref().is_some_and(|b| b.trim().is_empty()) {
            return Err(ToolError::invalid(
                "batch",
                "is blank; give a batch code, matched exactly",
            ));
        }
        let serial = args.serial.as_deref().map(parse_serial).transpose()?;
        let serials = serial.as_ref().map(|s| s.texts.clone());
        let (lows, highs) = serial.map(|s| (s.lows, s.highs)).unwrap_or_default();
        let (offset, bound) = (window.offset, window.count_bound());
        let parts = match part {
            Some(part) => Some(
                trees::part_family(cx.db().await?, part, args.include_variants.unwrap_or(true))
                    .await?,
            ),
            None => None,
        };
        let locations = match location {
            Some(location) => Some(
                trees::location_subtree(cx.db().await?, location, args.cascade.unwrap_or(true))
                    .await?,
            ),
            None => None,
        };
        // Planned for these values (see the query).
        let found = crate::db::custom_plans(cx.db().await?, async |conn: &mut PgConnection| {
            sqlx::query_file_scalar!(
                "queries/stock/list.sql",
                parts.as_deref(),
                locations.as_deref(),
                in_stock,
                window.fetch_limit(),
                offset,
                bound,
                batch.as_deref(),
                serials.as_deref(),
                &lows,
                &highs,
                window.after
            )
            .persistent(false)
            .fetch_one(conn)
            .await
        })
        .await?;
        // The part and location exist: resolving them found them.
        let (count, ids) = split_count(found);
        let db = cx.db().await?;
        Page::keyset(
            ids,
            count,
            &window,
            |ids| async move { details(db, &ids).await },
        )
        .await
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

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(texts: &[&str], ranges: &[(i32, i32)]) -> SerialFilter {
        SerialFilter {
            texts: texts.iter().map(|t| t.to_string()).collect(),
            lows: ranges.iter().map(|r| r.0).collect(),
            highs: ranges.iter().map(|r| r.1).collect(),
        }
    }

    #[test]
    fn serials_are_numbers_ranges_lists_or_text() {
        assert_eq!(parse_serial("12").unwrap(), filter(&["12"], &[(12, 12)]));
        assert_eq!(parse_serial("10-20").unwrap(), filter(&[], &[(10, 20)]));
        assert_eq!(parse_serial("7-7").unwrap(), filter(&[], &[(7, 7)]));
        assert_eq!(
            parse_serial(" 1,3, 5-8 ").unwrap(),
            filter(&["1", "3"], &[(1, 1), (3, 3), (5, 8)])
        );
        assert_eq!(
            parse_serial("1 3,,4").unwrap(),
            filter(&["1", "3", "4"], &[(1, 1), (3, 3), (4, 4)])
        );
        assert_eq!(parse_serial("SN-0042").unwrap(), filter(&["SN-0042"], &[]));
        assert_eq!(parse_serial("A1,1-2").unwrap(), filter(&["A1"], &[(1, 2)]));
        // Past serial_int's range: only as written.
        assert_eq!(
            parse_serial("99999999999").unwrap(),
            filter(&["99999999999"], &[])
        );
    }

    #[test]
    fn other_serial_forms_are_refused_naming_the_term() {
        let forms = "use a serial as written (SN-0042), a number (12), a range from low to \
                     high (10-20) or a list of them (1,3,5-8)";
        for (serial, reason) in [
            ("", "is blank".to_string()),
            (" , ", "is blank".to_string()),
            ("20-10", "`20-10` runs from high to low".to_string()),
            (
                "5-",
                "`5-` is not a serial, a number or a range".to_string(),
            ),
            (
                "1-2-3",
                "`1-2-3` is not a serial, a number or a range".to_string(),
            ),
            ("~", "`~` is not a serial, a number or a range".to_string()),
            (
                "10+5",
                "`10+5` is not a serial, a number or a range".to_string(),
            ),
            (
                "1-99999999999",
                "`1-99999999999` has a number above 2147483647".to_string(),
            ),
            (
                &(0..101)
                    .map(|n| n.to_string())
                    .collect::<Vec<_>>()
                    .join(","),
                "has 101 terms, at most 100".to_string(),
            ),
        ] {
            assert_eq!(
                parse_serial(serial).unwrap_err().to_string(),
                format!("invalid argument `serial`: {reason}; {forms}"),
                "{serial}"
            );
        }
    }
}
