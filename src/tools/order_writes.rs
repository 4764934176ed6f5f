//! Purchase order writes: receive lines into stock, create an order. Each leaves the rows
//! InvenTree's own code leaves (stock items with their trees and history, lines' received
//! counts, the order's completion, a new order's reference, prices and total), inside the
//! caller's transaction, with the order and its lines locked.

use std::collections::HashMap;

use chrono::NaiveDate;
use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::args::{
    CompanyId, LocationId, OrderId, OrderLineId, ProjectCodeId, SupplierPartId, text_arg,
};
use super::orders::{GetOrderArgs, GetPurchaseOrder, OrderKind, PurchaseOrderDetail, totals};
use super::registry::{Entry, entry};
use super::sourcing::ExchangeRates;
use super::status::HistoryCode;
use super::stock::{self, StockItem, TrackingEntry};
use super::stock_writes::{
    StockStatusChoice, round5, serial_int, stock_destination, stock_status_arg, track,
};
use super::tool::{Cx, Effect, Nature, Tool, Toolset};
use crate::auth::{Action, Permission, Role};
use crate::error::ToolError;

pub(super) fn tools() -> Vec<Entry> {
    vec![
        entry::<ReceivePurchaseOrder>(),
        entry::<CreatePurchaseOrder>(),
    ]
}

// What a received quantity counts: the supplier's packs, as the line is ordered (InvenTree's
// receive form), or the part's own units (packs x the supplier part's pack size). (Not doc
// comments: the schema lists the names.)
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    #[default]
    Pack,
    Part,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceiveLine {
    pub line_id: OrderLineId,
    /// Packs, or part units with unit "part".
    pub quantity: f64,
    pub unit: Option<Unit>,
    /// Default: the order's destination, then InvenTree's.
    pub location_id: Option<LocationId>,
    pub batch: Option<String>,
    /// One per unit.
    pub serials: Option<Vec<String>>,
    /// Default 10.
    pub status: Option<i32>,
    pub expiry_date: Option<Date>,
    /// Refuse unless this many packs are in.
    pub expected_received: Option<f64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceiveArgs {
    pub order_id: OrderId,
    #[schemars(schema_with = "receive_lines_schema")]
    pub lines: Vec<ReceiveLine>,
}

/// `lines` of receive_purchase_order, written out: the derived schema (a definition per
/// struct and enum) costs every client's context a third more.
fn receive_lines_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": "array",
        "items": {
            "properties": {
                "line_id": {"type": "integer", "minimum": 1, "maximum": i32::MAX},
                "quantity": {"type": "number"},
                "unit": {"enum": ["pack", "part"]},
                "location_id": {"type": "integer", "minimum": 1, "maximum": i32::MAX},
                "batch": {"type": "string"},
                "serials": {"type": "array", "items": {"type": "string"}},
                "status": {"type": "integer"},
                "expiry_date": {"type": "string"},
                "expected_received": {"type": "number"}
            },
            "required": ["line_id", "quantity"]
        }
    })
}

/// What a receipt did (or, with dry_run, would do).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Receipt {
    /// The order afterwards: status, lines with their received counts.
    pub order: PurchaseOrderDetail,
    /// The receipt completed the order (InvenTree's PURCHASEORDER_AUTO_COMPLETE).
    pub completed: bool,
    /// The stock items created, line by line (on a dry run, without ids).
    pub items: Vec<StockItem>,
    /// Their history entries, code 70 (on a dry run, without ids).
    pub tracking: Vec<TrackingEntry>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderLine {
    pub supplier_part_id: SupplierPartId,
    pub quantity: f64,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateOrderArgs {
    pub supplier_id: CompanyId,
    #[schemars(schema_with = "order_lines_schema")]
    pub lines: Vec<OrderLine>,
    pub target_date: Option<Date>,
    pub project_code_id: Option<ProjectCodeId>,
    pub destination_id: Option<LocationId>,
}

/// `lines` of create_purchase_order, written out (see `receive_lines_schema`).
fn order_lines_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": "array",
        "items": {
            "properties": {
                "supplier_part_id": {"type": "integer", "minimum": 1, "maximum": i32::MAX},
                "quantity": {"type": "number"}
            },
            "required": ["supplier_part_id", "quantity"]
        }
    })
}

/// The order created (or, with dry_run, as it would be, without ids).
#[derive(Debug, Serialize, JsonSchema)]
pub struct OrderWrite {
    pub id: i32,
    /// Its reference, next in InvenTree's numbering (PURCHASEORDER_REFERENCE_PATTERN).
    pub reference: String,
    /// The whole order afterwards, with its lines.
    pub order: PurchaseOrderDetail,
}

/// A date argument, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date(pub NaiveDate);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .map(Date)
            .map_err(|_| {
                serde::de::Error::custom(format!("must be a date as YYYY-MM-DD, got {text:?}"))
            })
    }
}

impl JsonSchema for Date {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "string", "format": "date"})
    }
}

/// A quantity as InvenTree's serializers take it: at most 15 digits with 5 decimals, at
/// least 0.
fn amount_arg(name: &str, value: f64) -> Result<f64, ToolError> {
    let value = super::stock_writes::quantity_arg(name, value)?;
    if value < 0.0 {
        return Err(ToolError::invalid(
            name,
            format!("must not be negative, got {value}"),
        ));
    }
    Ok(value)
}

/// A quantity above 0.
fn quantity_arg(name: &str, value: f64) -> Result<f64, ToolError> {
    let value = amount_arg(name, value)?;
    if value == 0.0 {
        return Err(ToolError::invalid(name, "must be above 0"));
    }
    Ok(value)
}

/// The order as get_purchase_order shows it, read inside the write's transaction.
async fn order_detail(cx: &mut Cx<'_>, id: i32) -> Result<PurchaseOrderDetail, ToolError> {
    GetPurchaseOrder::run(
        cx,
        GetOrderArgs {
            order_id: OrderId(id),
        },
    )
    .await
}

/// An order's total_price as InvenTree's save recomputes it.
async fn update_total(cx: &mut Cx<'_>, id: i32) -> Result<(), ToolError> {
    let total = totals(cx, OrderKind::Purchase, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    sqlx::query_file!(
        "queries/order_writes/set_total.sql",
        id,
        total.total_price,
        total.currency
    )
    .execute(cx.db().await?)
    .await?;
    Ok(())
}

/// One line of a receipt, checked.
struct Receiving {
    index: usize,
    line: i32,
    packs: f64,
    /// In part units.
    quantity: f64,
    location: Option<i32>,
    batch: String,
    serials: Vec<String>,
    status: StockStatusChoice,
    expiry_date: Option<NaiveDate>,
    expected_received: Option<f64>,
    unit: Unit,
    given_quantity: f64,
}

/// `receive_purchase_order`: InvenTree's receive (PurchaseOrder.receive_line_items).
pub struct ReceivePurchaseOrder;

impl Tool for ReceivePurchaseOrder {
    const NAME: &str = "receive_purchase_order";
    const TITLE: &str = "Receive purchase order lines";
    const DESCRIPTION: &str = "Receive placed purchase order lines into stock as InvenTree does; quantity in packs \
         (unit part: part units).";
    const TOOLSET: Toolset = Toolset::Orders;
    /// InvenTree's receive endpoint creates on the order's lines: purchase_order.add.
    const REQUIRES: &[Permission] = &[Permission(Role::PurchaseOrder, Action::Add)];
    const NATURE: Nature = Nature::Write(Effect::Additive);
    type Args = ReceiveArgs;
    type Output = Receipt;

    /// A dry run creates no stock: its items and history entries have no ids.
    fn unassigned(answer: &mut Value) {
        for list in ["items", "tracking"] {
            if let Some(entries) = answer.get_mut(list).and_then(Value::as_array_mut) {
                for entry in entries.iter_mut().filter_map(Value::as_object_mut) {
                    entry.remove("id");
                }
            }
        }
    }

    async fn run(cx: &mut Cx<'_>, args: ReceiveArgs) -> Result<Receipt, ToolError> {
        let user = cx.user;
        if args.lines.is_empty() {
            return Err(ToolError::invalid(
                "lines",
                "must name at least one line to receive",
            ));
        }
        let mut receiving = Vec::with_capacity(args.lines.len());
        for (index, line) in args.lines.into_iter().enumerate() {
            let name = |field: &str| format!("lines[{index}].{field}");
            let given_quantity = quantity_arg(&name("quantity"), line.quantity)?;
            let expected_received = line
                .expected_received
                .map(|q| amount_arg(&name("expected_received"), q))
                .transpose()?;
            let serials = match line.serials {
                None => Vec::new(),
                Some(serials) => {
                    let mut cleaned: Vec<String> = Vec::with_capacity(serials.len());
                    for (i, serial) in serials.iter().enumerate() {
                        let serial =
                            text_arg(&format!("lines[{index}].serials[{i}]"), serial, 100, false)?;
                        if serial.is_empty() {
                            return Err(ToolError::invalid(
                                format!("lines[{index}].serials[{i}]"),
                                "must not be blank",
                            ));
                        }
                        if cleaned.contains(&serial) {
                            return Err(ToolError::invalid(
                                name("serials"),
                                format!("names serial number {serial} twice"),
                            ));
                        }
                        cleaned.push(serial);
                    }
                    cleaned
                }
            };
            receiving.push(Receiving {
                index,
                line: line.line_id.0,
                packs: 0.0,
                quantity: 0.0,
                location: line.location_id.map(|l| l.0),
                batch: text_arg(
                    &name("batch"),
                    line.batch.as_deref().unwrap_or(""),
                    100,
                    false,
                )?,
                serials,
                status: StockStatusChoice {
                    given: line.status.unwrap_or(10),
                    logical: line.status.unwrap_or(10),
                    custom_key: None,
                },
                expiry_date: line.expiry_date.map(|d| d.0),
                expected_received,
                unit: line.unit.unwrap_or_default(),
                given_quantity,
            });
        }
        let tx = cx.db().await?;
        let order_id = args.order_id.0;
        let order = sqlx::query_file!("queries/order_writes/lock_order.sql", order_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(ToolError::NotFound {
                what: "purchase order",
                id: order_id.into(),
            })?;
        if order.status != 20 {
            let name = super::status::StatusKind::PurchaseOrder
                .status(order.status, None)
                .name;
            return Err(ToolError::Conflict(format!(
                "purchase order {} is {name}: InvenTree receives only against a placed order",
                order.reference
            )));
        }
        let ids: Vec<i32> = receiving.iter().map(|r| r.line).collect();
        let lines: HashMap<i32, _> = sqlx::query_file!("queries/order_writes/lock_lines.sql", &ids)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .map(|l| (l.id, l))
            .collect();
        // The default currency, and the rates for PURCHASEORDER_CONVERT_CURRENCY.
        let rates = ExchangeRates::load(cx).await?;
        let tx = cx.db().await?;
        // New stock items get trees of their own, and serials are checked free: both under
        // the stock tree lock, taken before the checks, so that a concurrent receipt or
        // create_stock_item cannot take the same serial number in between.
        sqlx::query_file!("queries/stock_writes/lock_trees.sql")
            .execute(&mut *tx)
            .await?;
        let mut received: HashMap<i32, f64> = HashMap::new();
        // Serial numbers named so far in this call, per part, with the line naming them.
        let mut named: HashMap<(i32, String), usize> = HashMap::new();
        for r in &mut receiving {
            let index = r.index;
            let name = |field: &str| format!("lines[{index}].{field}");
            let line = lines.get(&r.line).ok_or(ToolError::NotFound {
                what: "purchase order line",
                id: r.line.into(),
            })?;
            if line.order_id != order_id {
                return Err(ToolError::invalid(
                    name("line_id"),
                    format!(
                        "line {} belongs to another purchase order, not {}",
                        r.line, order.reference
                    ),
                ));
            }
            let (Some(_), Some(part_name)) = (line.part, line.part_name.as_deref()) else {
                return Err(ToolError::Conflict(format!(
                    "line {} has no supplier part, so InvenTree cannot receive it",
                    r.line
                )));
            };
            if let Some(build) = line.build_order_id {
                return Err(ToolError::Conflict(format!(
                    "line {} is for external build order {build}; receiving against build \
                     orders is not supported here",
                    r.line
                )));
            }
            let so_far = *received.get(&r.line).unwrap_or(&line.received);
            if let Some(expected) = r.expected_received
                && (expected - so_far).abs() > 1e-9
            {
                return Err(ToolError::Conflict(format!(
                    "line {} has received {so_far}, not the expected {expected}: it changed \
                     since it was read",
                    r.line
                )));
            }
            let pack = line.pack;
            match r.unit {
                Unit::Pack => {
                    r.packs = r.given_quantity;
                    r.quantity = round5(r.given_quantity * pack);
                }
                Unit::Part => {
                    let packs = round5(r.given_quantity / pack);
                    if packs <= 0.0
                        || (packs * pack - r.given_quantity).abs() > 1e-9 * pack.max(1.0)
                    {
                        return Err(ToolError::invalid(
                            name("quantity"),
                            format!(
                                "{} part units are {} packs of {pack}; the line counts packs to \
                                 5 decimal places",
                                r.given_quantity,
                                r.given_quantity / pack
                            ),
                        ));
                    }
                    r.packs = packs;
                    r.quantity = r.given_quantity;
                }
            }
            let outstanding = round5(line.quantity - so_far).max(0.0);
            if r.packs > outstanding + 1e-9 {
                return Err(ToolError::invalid(
                    name("quantity"),
                    format!(
                        "line {} expects {outstanding} more packs (ordered {}, received {so_far}); \
                         {} packs would receive more than was ordered",
                        r.line, line.quantity, r.packs
                    ),
                ));
            }
            received.insert(r.line, round5(so_far + r.packs));
            let is_virtual = line.r#virtual.unwrap_or(false);
            if !r.serials.is_empty() {
                if is_virtual || !line.trackable.unwrap_or(false) {
                    return Err(ToolError::invalid(
                        name("serials"),
                        format!(
                            "part {part_name} is not trackable: InvenTree takes serial numbers \
                             only for trackable parts"
                        ),
                    ));
                }
                if r.quantity.fract() != 0.0 || r.quantity as usize != r.serials.len() {
                    return Err(ToolError::invalid(
                        name("serials"),
                        format!(
                            "names {} serial numbers for {} units of part {part_name}: one per \
                             unit",
                            r.serials.len(),
                            r.quantity
                        ),
                    ));
                }
                if let Some(part) = line.part {
                    for serial in &r.serials {
                        if let Some(other) = named.insert((part, serial.clone()), index) {
                            return Err(ToolError::invalid(
                                name("serials"),
                                format!(
                                    "names serial number {serial} of part {part_name}, which \
                                     lines[{other}] names too"
                                ),
                            ));
                        }
                    }
                }
                let taken = sqlx::query_file_scalar!(
                    "queries/order_writes/serials_taken.sql",
                    line.part,
                    &r.serials,
                    order.serials_global
                )
                .fetch_all(&mut *tx)
                .await?;
                if !taken.is_empty() {
                    return Err(ToolError::invalid(
                        name("serials"),
                        format!(
                            "serial numbers already in use for part {part_name}: {}",
                            taken.join(", ")
                        ),
                    ));
                }
            }
            r.status = stock_status_arg(tx, &name("status"), r.status.given)
                .await?
                .0;
            if is_virtual {
                // InvenTree counts a virtual part's receipt on the line and stocks nothing.
                r.location = None;
                continue;
            }
            // InvenTree's precedence: the line's location, the receipt's (by default the
            // order's destination), then PurchaseOrderLineItem.get_destination.
            let location = r
                .location
                .or(order.destination_id)
                .or(line.received_location)
                .or(line.destination_id)
                .or(line.default_location_id)
                .ok_or_else(|| {
                    ToolError::invalid(
                        name("location_id"),
                        format!(
                            "is needed: neither the order, the line nor part {part_name} names \
                             where stock goes"
                        ),
                    )
                })?;
            stock_destination(tx, &name("location_id"), location).await?;
            r.location = Some(location);
        }
        // Every check passed: write.
        let mut items = Vec::new();
        let mut tracking = Vec::new();
        for r in &receiving {
            let line = &lines[&r.line];
            let factor = if order.convert_currency && line.priced {
                let currency = line.purchase_price_currency.as_deref().unwrap_or("");
                Some(rates.rate(currency).ok_or_else(|| {
                    ToolError::Conflict(format!(
                        "line {} is priced in {currency}, which InvenTree has no exchange rate \
                         for, and PURCHASEORDER_CONVERT_CURRENCY asks for prices in {}",
                        r.line, rates.default_currency
                    ))
                })?)
            } else {
                None
            };
            if let Some(location) = r.location {
                let units: Vec<(String, i32, f64)> = if r.serials.is_empty() {
                    vec![(String::new(), 0, r.quantity)]
                } else {
                    r.serials
                        .iter()
                        .map(|s| (s.clone(), serial_int(s), 1.0))
                        .collect()
                };
                for (serial, serial_number, quantity) in units {
                    let id = sqlx::query_file_scalar!(
                        "queries/order_writes/receive_item.sql",
                        r.line,
                        serial,
                        quantity,
                        r.batch,
                        order.delete_on_deplete,
                        r.status.logical,
                        r.status.custom_key,
                        "",
                        location,
                        r.expiry_date,
                        rates.default_currency,
                        factor,
                        serial_number,
                        None::<String>
                    )
                    .fetch_one(&mut *tx)
                    .await?;
                    let deltas = json!({"location": location, "purchaseorder": order_id, "quantity": quantity});
                    tracking.push(
                        track(
                            tx,
                            user,
                            id,
                            HistoryCode::ReceivedAgainstPurchaseOrder,
                            deltas,
                            "",
                        )
                        .await?,
                    );
                    items.push(id);
                }
            }
            sqlx::query_file!("queries/order_writes/add_received.sql", r.line, r.packs)
                .execute(&mut *tx)
                .await?;
        }
        let completed = order.auto_complete
            && sqlx::query_file_scalar!(
                "queries/order_writes/complete.sql",
                order_id,
                user.id.map(|id| id.0)
            )
            .fetch_optional(&mut *tx)
            .await?
            .is_some();
        let items = stock::details(&mut *tx, &items).await?;
        if completed {
            update_total(cx, order_id).await?;
        }
        let order = order_detail(cx, order_id).await?;
        Ok(Receipt {
            order,
            completed,
            items,
            tracking,
        })
    }
}

/// One piece of a reference pattern (Python's str.format syntax, as InvenTree uses it).
enum Piece {
    Text(String),
    /// `{name}` or `{name:spec}`.
    Field {
        name: String,
        spec: String,
    },
}

fn parse_pattern(pattern: &str) -> Option<Vec<Piece>> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                text.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                text.push('}');
            }
            '{' => {
                let mut field = String::new();
                loop {
                    match chars.next()? {
                        '}' => break,
                        c => field.push(c),
                    }
                }
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                let (name, spec) = field.split_once(':').unwrap_or((&field, ""));
                pieces.push(Piece::Field {
                    name: name.to_string(),
                    spec: spec.to_string(),
                });
            }
            '}' => return None,
            c => text.push(c),
        }
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Some(pieces)
}

/// An integer under a Python format spec of the form `[0][width][d]`.
fn format_int(value: i64, spec: &str) -> Option<String> {
    let spec = spec.strip_suffix('d').unwrap_or(spec);
    let (zero, width) = match spec.strip_prefix('0') {
        Some(width) => (true, width),
        None => (false, spec),
    };
    let width: usize = if width.is_empty() {
        0
    } else {
        width.parse().ok()?
    };
    Some(if zero {
        format!("{value:0width$}")
    } else {
        format!("{value:>width$}")
    })
}

/// The reference InvenTree's ReferenceIndexingMixin.generate_reference makes of `pattern`
/// for number `n`: `{ref}` the number under its format spec, `{date:...}` now under its
/// strftime spec, `{?:text}` the text. None for a pattern this does not cover.
fn format_reference(pattern: &[Piece], n: i64, now: chrono::NaiveDateTime) -> Option<String> {
    let mut out = String::new();
    for piece in pattern {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Field { name, spec } => match name.as_str() {
                "ref" => out.push_str(&format_int(n, spec)?),
                "date" if spec.is_empty() => {
                    out.push_str(&now.format("%Y-%m-%d %H:%M:%S%.6f").to_string())
                }
                "date" => {
                    use std::fmt::Write;
                    write!(out, "{}", now.format(spec)).ok()?;
                }
                "?" => out.push_str(spec),
                _ => return None,
            },
        }
    }
    Some(out)
}

/// `create_purchase_order`: InvenTree's purchase order and line APIs, one call.
pub struct CreatePurchaseOrder;

impl Tool for CreatePurchaseOrder {
    const NAME: &str = "create_purchase_order";
    const TITLE: &str = "Create a purchase order";
    const DESCRIPTION: &str =
        "Create a pending purchase order as InvenTree numbers and prices it; quantity in packs.";
    const TOOLSET: Toolset = Toolset::Orders;
    const REQUIRES: &[Permission] = &[Permission(Role::PurchaseOrder, Action::Add)];
    const NATURE: Nature = Nature::Write(Effect::Additive);
    type Args = CreateOrderArgs;
    type Output = OrderWrite;

    /// A dry run creates no order: it and its lines have no ids.
    fn unassigned(answer: &mut Value) {
        if let Some(answer) = answer.as_object_mut() {
            answer.remove("id");
        }
        if let Some(order) = answer.get_mut("order").and_then(Value::as_object_mut) {
            order.remove("id");
            if let Some(lines) = order.get_mut("lines").and_then(Value::as_array_mut) {
                for line in lines.iter_mut().filter_map(Value::as_object_mut) {
                    line.remove("id");
                }
            }
        }
    }

    async fn run(cx: &mut Cx<'_>, args: CreateOrderArgs) -> Result<OrderWrite, ToolError> {
        let creator = cx.user.id.map(|id| id.0);
        if args.lines.is_empty() {
            return Err(ToolError::invalid(
                "lines",
                "must name at least one supplier part to order",
            ));
        }
        // Lines as InvenTree's line API leaves them: one per supplier part (and target date
        // and destination, which new lines leave empty), later quantities added to the first
        // (merge_items).
        struct Planned {
            index: usize,
            supplier_part: i32,
            quantity: f64,
        }
        let mut planned: Vec<Planned> = Vec::new();
        for (index, line) in args.lines.iter().enumerate() {
            let quantity = quantity_arg(&format!("lines[{index}].quantity"), line.quantity)?;
            let supplier_part = line.supplier_part_id.0;
            match planned
                .iter_mut()
                .find(|p| p.supplier_part == supplier_part)
            {
                Some(earlier) => earlier.quantity = round5(earlier.quantity + quantity),
                None => planned.push(Planned {
                    index,
                    supplier_part,
                    quantity,
                }),
            }
        }
        if let Some(p) = planned.iter().find(|p| p.quantity >= 1e10) {
            return Err(ToolError::invalid(
                format!("lines[{}].quantity", p.index),
                "the merged lines' quantity must stay below 10,000,000,000",
            ));
        }
        let tx = cx.db().await?;
        let supplier_id = args.supplier_id.0;
        let supplier = sqlx::query_file!("queries/order_writes/supplier.sql", supplier_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(ToolError::NotFound {
                what: "company",
                id: supplier_id.into(),
            })?;
        if !supplier.is_supplier {
            return Err(ToolError::invalid(
                "supplier_id",
                format!(
                    "company {supplier_id} ({}) is not a supplier in InvenTree",
                    supplier.name
                ),
            ));
        }
        let ids: Vec<i32> = args.lines.iter().map(|l| l.supplier_part_id.0).collect();
        let parts: HashMap<i32, _> =
            sqlx::query_file!("queries/order_writes/supplier_parts.sql", &ids)
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .map(|p| (p.id, p))
                .collect();
        for (index, line) in args.lines.iter().enumerate() {
            let id = line.supplier_part_id.0;
            let part = parts.get(&id).ok_or(ToolError::NotFound {
                what: "supplier part",
                id: id.into(),
            })?;
            if part.supplier_id != supplier_id {
                return Err(ToolError::invalid(
                    format!("lines[{index}].supplier_part_id"),
                    format!(
                        "supplier part {id} ({}, {}) is not supplied by {}: InvenTree requires \
                         the order's supplier",
                        part.sku, part.part_name, supplier.name
                    ),
                ));
            }
        }
        if let Some(destination) = args.destination_id {
            stock_destination(tx, "destination_id", destination.0).await?;
        }
        let project_code = match args.project_code_id {
            Some(id) => Some(
                sqlx::query_file!("queries/order_writes/project_code.sql", id.0)
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or(ToolError::NotFound {
                        what: "project code",
                        id: id.0.into(),
                    })?
                    .id,
            ),
            None => None,
        };
        sqlx::query_file!("queries/order_writes/lock_numbering.sql")
            .execute(&mut *tx)
            .await?;
        let numbering = sqlx::query_file!("queries/order_writes/numbering.sql")
            .fetch_one(&mut *tx)
            .await?;
        if numbering.require_responsible {
            return Err(ToolError::Conflict(
                "this InvenTree requires a responsible owner on purchase orders \
                 (PURCHASEORDER_REQUIRE_RESPONSIBLE), which this tool does not set"
                    .into(),
            ));
        }
        let pattern_text = numbering.pattern.trim().to_string();
        let unsupported = || {
            ToolError::Conflict(format!(
                "this InvenTree numbers purchase orders by the pattern `{pattern_text}` \
                 (PURCHASEORDER_REFERENCE_PATTERN), which this tool cannot apply"
            ))
        };
        let pattern = parse_pattern(&pattern_text).ok_or_else(unsupported)?;
        // InvenTree's next number: the most recent order's reference_int plus one.
        let mut n = numbering.latest.unwrap_or(0) + 1;
        let now = chrono::Local::now().naive_local();
        let reference = loop {
            let candidate = format_reference(&pattern, n, now).ok_or_else(unsupported)?;
            let taken =
                sqlx::query_file_scalar!("queries/order_writes/reference_taken.sql", candidate)
                    .fetch_one(&mut *tx)
                    .await?;
            if !taken {
                break candidate;
            }
            if n > numbering.latest.unwrap_or(0) + 1000 {
                return Err(unsupported());
            }
            n += 1;
        };
        if reference.chars().count() > 64 {
            return Err(unsupported());
        }
        // rebuild_reference_field finds the `{ref}` part again: the number itself (clipped
        // to 2^31-1 as InvenTree's extract_int clips it).
        let reference_int = n.min(i64::from(i32::MAX));
        let rates = ExchangeRates::load(cx).await?;
        let tx = cx.db().await?;
        let id = sqlx::query_file_scalar!(
            "queries/order_writes/insert_order.sql",
            reference,
            reference_int,
            creator,
            supplier_id,
            args.target_date.map(|d| d.0),
            project_code,
            args.destination_id.map(|l| l.0),
            rates.default_currency
        )
        .fetch_one(&mut *tx)
        .await?;
        for line in &planned {
            // PurchaseOrderLineItem.update_pricing: the supplier's price for the quantity,
            // per pack, in the line's currency (the default one); an unconvertible price is
            // taken as it is, as InvenTree's PriceBreak.convert_to does.
            let price = sqlx::query_file!(
                "queries/order_writes/price.sql",
                line.supplier_part,
                line.quantity
            )
            .fetch_optional(&mut *tx)
            .await?;
            let unit_price = price.map(|p| {
                let rate = p
                    .price_currency
                    .as_deref()
                    .and_then(|c| rates.rate(c))
                    .unwrap_or(1.0);
                (p.price * rate * p.quantity + p.base_cost) / line.quantity
            });
            sqlx::query_file_scalar!(
                "queries/order_writes/insert_line.sql",
                id,
                line.quantity,
                line.supplier_part,
                unit_price,
                rates.default_currency
            )
            .fetch_one(&mut *tx)
            .await?;
        }
        update_total(cx, id).await?;
        let order = order_detail(cx, id).await?;
        Ok(OrderWrite {
            id,
            reference,
            order,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(pattern: &str, n: i64) -> Option<String> {
        let now = NaiveDate::from_ymd_opt(2026, 11, 30)
            .unwrap()
            .and_hms_opt(9, 5, 0)
            .unwrap();
        format_reference(&parse_pattern(pattern)?, n, now)
    }

    #[test]
    fn references_follow_python_format_patterns() {
        assert_eq!(reference("PO-{ref:04d}", 3).as_deref(), Some("PO-0003"));
        assert_eq!(reference("PO{ref:04d}", 13).as_deref(), Some("PO0013"));
        assert_eq!(reference("PO-{ref}", 12345).as_deref(), Some("PO-12345"));
        assert_eq!(
            reference("{date:%Y}-{ref:03d}{?:X}", 7).as_deref(),
            Some("2026-007X")
        );
        assert_eq!(reference("{{PO}}-{ref:02d}", 5).as_deref(), Some("{PO}-05"));
        assert_eq!(reference("PO-{part}", 1), None);
        assert_eq!(reference("PO-{ref:x}", 1), None);
    }
}
