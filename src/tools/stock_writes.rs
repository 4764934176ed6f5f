//! Stock writes: adjust a quantity, transfer (whole or split), count, change status, create.
//! Each leaves the rows InvenTree's own code leaves (quantity, `updated`, history entries with
//! their exact deltas, split and new items with their tree), inside the caller's transaction,
//! with the items locked.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sqlx::PgConnection;

use super::args::{LocationId, PartId, StockItemId, SupplierPartId, text_arg};
use super::registry::{Entry, entry};
use super::status::{HistoryCode, Status, StatusKind};
use super::stock::{self, StockItem, TrackingEntry};
use super::tool::{Cx, Effect, Nature, Tool, Toolset};
use crate::auth::{Action, Permission, Role, User};
use crate::error::ToolError;

pub(super) fn tools() -> Vec<Entry> {
    vec![
        entry::<AdjustStock>(),
        entry::<TransferStock>(),
        entry::<CountStock>(),
        entry::<SetStockStatus>(),
        entry::<CreateStockItem>(),
    ]
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdjustArgs {
    pub stock_item_id: StockItemId,
    /// Positive adds, negative removes (not more than the item holds).
    pub quantity: f64,
    /// Note for the item's history.
    pub notes: Option<String>,
    /// Refuse unless the item holds this.
    pub expected_quantity: Option<f64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransferArgs {
    pub stock_item_id: StockItemId,
    /// Destination location.
    pub location_id: LocationId,
    /// Note for the item's history.
    pub notes: Option<String>,
    /// Move only this much, split off as a new item (default: all).
    pub quantity: Option<f64>,
    /// Refuse unless the item holds this.
    pub expected_quantity: Option<f64>,
}

/// What a stock write did (or, with dry_run, would do).
#[derive(Debug, Serialize, JsonSchema)]
pub struct StockWrite {
    /// The item adjusted or moved.
    pub id: i32,
    pub previous_quantity: f64,
    /// Its quantity now.
    pub quantity: f64,
    pub notes: String,
    /// Emptied and deleted, as InvenTree deletes depleted items (delete_on_deplete).
    pub deleted: bool,
    /// The new item split off by a partial transfer (null: none; on a dry run, which assigns
    /// no ids, `items` shows it without one).
    pub new_item: Option<i32>,
    /// The history entries written (on a dry run, without ids).
    pub tracking: Vec<TrackingEntry>,
    /// The items' state afterwards (the item, then any new item).
    pub items: Vec<StockItem>,
}

impl StockWrite {
    /// A dry run's answer without the ids it would assign: the history entries', and a split's
    /// new item's (`new_item` null, the item in `items` and the parent's history without it).
    fn unassigned(answer: &mut Value) {
        let new_item = answer.get("new_item").and_then(Value::as_i64);
        if let Some(entries) = answer.get_mut("tracking").and_then(Value::as_array_mut) {
            for entry in entries {
                let Some(entry) = entry.as_object_mut() else {
                    continue;
                };
                entry.remove("id");
                let deltas = entry.get_mut("deltas").and_then(Value::as_object_mut);
                if let Some(deltas) = deltas
                    && new_item.is_some()
                    && deltas.get("stockitem").and_then(Value::as_i64) == new_item
                {
                    deltas.remove("stockitem");
                }
            }
        }
        if new_item.is_some() {
            answer["new_item"] = Value::Null;
            if let Some(items) = answer.get_mut("items").and_then(Value::as_array_mut) {
                for item in items.iter_mut().filter_map(Value::as_object_mut) {
                    if item.get("id").and_then(Value::as_i64) == new_item {
                        item.remove("id");
                    }
                }
            }
        }
    }
}

struct Locked {
    part_name: String,
    trackable: bool,
    quantity: f64,
    serial: Option<String>,
    location_id: Option<i32>,
    tree_id: i32,
    delete_on_deplete: bool,
    has_installed: bool,
    sales_order_id: Option<i32>,
}

/// Locks the item and applies InvenTree's precondition for adjustments and transfers: not
/// sold, installed, consumed or allocated to a customer (unless the site allows it).
async fn lock(tx: &mut PgConnection, id: i32, expected: Option<f64>) -> Result<Locked, ToolError> {
    let row = sqlx::query_file!("queries/stock_writes/lock_item.sql", id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(ToolError::NotFound {
            what: "stock item",
            id: id.into(),
        })?;
    let unavailable = [
        (row.sales_order_id.is_some(), "allocated to a sales order"),
        (row.belongs_to_id.is_some(), "installed in another item"),
        (row.customer_id.is_some(), "sent to a customer"),
        (row.consumed_by_id.is_some(), "consumed by a build"),
    ];
    if !row.allow_out_of_stock
        && let Some((_, why)) = unavailable.iter().find(|(applies, _)| *applies)
    {
        return Err(ToolError::Conflict(format!(
            "stock item {id} is {why}, so InvenTree does not allow changing it"
        )));
    }
    if let Some(expected) = expected
        && (expected - row.quantity).abs() > 1e-9
    {
        return Err(ToolError::Conflict(format!(
            "stock item {id} holds {}, not the expected {expected}: it changed since it was read",
            row.quantity
        )));
    }
    Ok(Locked {
        part_name: row.part_name,
        trackable: row.trackable,
        quantity: row.quantity,
        serial: row.serial.filter(|s| !s.is_empty()),
        location_id: row.location_id,
        tree_id: row.tree_id,
        delete_on_deplete: row.delete_on_deplete,
        has_installed: row.has_installed,
        sales_order_id: row.sales_order_id,
    })
}

/// Quantities are numeric(15,5): kept to 5 decimals so that sums carry no float noise.
pub(crate) fn round5(value: f64) -> f64 {
    (value * 100_000.0).round() / 100_000.0
}

/// The largest quantity the column holds (numeric(15,5)).
const MAX_QUANTITY: f64 = 9_999_999_999.999_99;

/// A quantity as InvenTree's API takes it: finite, at most 15 digits with 5 decimals.
pub(crate) fn quantity_arg(name: &str, value: f64) -> Result<f64, ToolError> {
    let scaled = value * 100_000.0;
    if !value.is_finite() || value.abs() >= 1e10 {
        return Err(ToolError::invalid(
            name,
            format!("must be a number below 10,000,000,000 in size, got {value}"),
        ));
    }
    if (scaled.round() - scaled).abs() > 1e-6 {
        return Err(ToolError::invalid(
            name,
            format!("may have at most 5 decimal places, got {value}"),
        ));
    }
    Ok(value)
}

pub(crate) async fn track(
    tx: &mut PgConnection,
    user: &User,
    item: i32,
    code: HistoryCode,
    deltas: serde_json::Value,
    notes: &str,
) -> Result<TrackingEntry, ToolError> {
    let user_id = user.id.map(|id| id.0);
    let row = sqlx::query_file!(
        "queries/stock_writes/track.sql",
        item,
        notes,
        user_id,
        deltas,
        code as i32
    )
    .fetch_one(&mut *tx)
    .await?;
    Ok(TrackingEntry {
        id: row.id,
        date: row.date,
        tracking_type: row.tracking_type,
        tracking_name: HistoryCode::name_of(row.tracking_type),
        deltas: row.deltas,
        notes: row.notes,
        user: user_id.map(|_| user.username.clone()),
    })
}

/// A location stock may go to (argument `name`): it exists and is not structural.
pub(crate) async fn stock_destination(
    tx: &mut PgConnection,
    name: &str,
    id: i32,
) -> Result<(), ToolError> {
    let location = sqlx::query_file!("queries/stock_writes/location.sql", id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(ToolError::NotFound {
            what: "location",
            id: id.into(),
        })?;
    if location.structural {
        return Err(ToolError::invalid(
            name,
            format!(
                "location {id} ({}) is structural: it holds no stock directly",
                location.pathstring
            ),
        ));
    }
    Ok(())
}

/// Tree changes are serialised, as two writers renumbering one tree would corrupt it.
async fn lock_trees(tx: &mut PgConnection) -> Result<(), ToolError> {
    sqlx::query_file!("queries/stock_writes/lock_trees.sql")
        .execute(&mut *tx)
        .await?;
    Ok(())
}

async fn rebuild_tree(tx: &mut PgConnection, tree_id: i32) -> Result<(), ToolError> {
    sqlx::query_file!("queries/stock_writes/rebuild_tree.sql", tree_id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// `adjust_stock`: InvenTree's add_stock / take_stock.
pub struct AdjustStock;

impl Tool for AdjustStock {
    const NAME: &str = "adjust_stock";
    const TITLE: &str = "Adjust stock";
    const DESCRIPTION: &str = "Add to or remove from a stock item, with a history entry by the \
        caller. An item emptied is deleted if InvenTree would delete it.";
    const TOOLSET: Toolset = Toolset::Stock;
    const REQUIRES: &[Permission] = &[Permission(Role::Stock, Action::Add)];
    const NATURE: Nature = Nature::Write(Effect::Destructive);
    type Args = AdjustArgs;
    type Output = StockWrite;

    fn unassigned(answer: &mut Value) {
        StockWrite::unassigned(answer);
    }

    async fn run(cx: &mut Cx<'_>, args: AdjustArgs) -> Result<StockWrite, ToolError> {
        let user = cx.user;
        let tx = cx.db().await?;
        let id = args.stock_item_id.0;
        let delta = quantity_arg("quantity", args.quantity)?;
        if delta == 0.0 {
            return Err(ToolError::invalid(
                "quantity",
                "must not be 0: positive adds, negative removes",
            ));
        }
        let notes = text_arg("notes", args.notes.as_deref().unwrap_or(""), 512, true)?;
        let expected = args
            .expected_quantity
            .map(|q| quantity_arg("expected_quantity", q))
            .transpose()?;
        // Locks first: the checks below see the quantity no other writer can change.
        lock_trees(tx).await?;
        let item = lock(tx, id, expected).await?;
        if let Some(serial) = &item.serial
            && item.quantity == 1.0
        {
            return Err(ToolError::Conflict(format!(
                "stock item {id} is serial number {serial}: its quantity cannot be adjusted"
            )));
        }
        if item.trackable && delta.fract() != 0.0 {
            return Err(ToolError::invalid(
                "quantity",
                format!(
                    "part {} is trackable: the quantity must be a whole number",
                    item.part_name
                ),
            ));
        }
        let new_quantity = round5(item.quantity + delta);
        if new_quantity > MAX_QUANTITY {
            return Err(ToolError::invalid(
                "quantity",
                format!("stock item {id} would hold {new_quantity}, more than a quantity can be"),
            ));
        }
        if new_quantity < 0.0 {
            return Err(ToolError::invalid(
                "quantity",
                format!(
                    "cannot remove {} from stock item {id}, which holds {}",
                    -delta, item.quantity
                ),
            ));
        }
        let mut tracking = Vec::new();
        let deleted = delta < 0.0
            && new_quantity == 0.0
            && item.delete_on_deplete
            && !item.has_installed
            && item.sales_order_id.is_none();
        if deleted {
            // InvenTree deletes a depleted item (and its history) without a history entry.
            sqlx::query_file!("queries/stock_writes/delete_item.sql", id)
                .execute(&mut *tx)
                .await?;
            rebuild_tree(tx, item.tree_id).await?;
        } else {
            sqlx::query_file!("queries/stock_writes/set_quantity.sql", id, new_quantity)
                .execute(&mut *tx)
                .await?;
            let (code, deltas) = if delta > 0.0 {
                (
                    HistoryCode::StockAdd,
                    json!({"added": delta, "quantity": new_quantity}),
                )
            } else {
                (
                    HistoryCode::StockRemove,
                    json!({"removed": -delta, "quantity": new_quantity}),
                )
            };
            tracking.push(track(tx, user, id, code, deltas, &notes).await?);
        }
        let items = stock::details(&mut *tx, &[id]).await?;
        Ok(StockWrite {
            id,
            previous_quantity: item.quantity,
            quantity: new_quantity,
            notes,
            deleted,
            new_item: None,
            tracking,
            items,
        })
    }
}

/// `transfer_stock`: InvenTree's move (whole item) or splitStock (part of it).
pub struct TransferStock;

impl Tool for TransferStock {
    const NAME: &str = "transfer_stock";
    const TITLE: &str = "Transfer stock";
    const DESCRIPTION: &str = "Move a stock item to a location, or split off `quantity` and \
        move that, with history entries as InvenTree writes them.";
    const TOOLSET: Toolset = Toolset::Stock;
    /// A transfer changes stock and must see its destination.
    const REQUIRES: &[Permission] = &[
        Permission(Role::Stock, Action::Add),
        Permission(Role::StockLocation, Action::View),
    ];
    const NATURE: Nature = Nature::Write(Effect::Additive);
    type Args = TransferArgs;
    type Output = StockWrite;

    fn unassigned(answer: &mut Value) {
        StockWrite::unassigned(answer);
    }

    async fn run(cx: &mut Cx<'_>, args: TransferArgs) -> Result<StockWrite, ToolError> {
        let user = cx.user;
        let tx = cx.db().await?;
        let id = args.stock_item_id.0;
        let destination = args.location_id.0;
        let notes = text_arg("notes", args.notes.as_deref().unwrap_or(""), 512, true)?;
        let requested = args
            .quantity
            .map(|q| quantity_arg("quantity", q))
            .transpose()?;
        if requested.is_some_and(|q| q <= 0.0) {
            return Err(ToolError::invalid("quantity", "must be above 0"));
        }
        let expected = args
            .expected_quantity
            .map(|q| quantity_arg("expected_quantity", q))
            .transpose()?;
        stock_destination(tx, "location_id", destination).await?;
        lock_trees(tx).await?;
        let item = lock(tx, id, expected).await?;
        if item.quantity <= 0.0 {
            return Err(ToolError::Conflict(format!(
                "stock item {id} is empty: there is nothing to move"
            )));
        }
        let mut tracking = Vec::new();
        let split = requested.filter(|q| *q < item.quantity);
        let (quantity, new_item) = match split {
            None => {
                let same = item.location_id == Some(destination);
                if !same {
                    sqlx::query_file!("queries/stock_writes/move.sql", id, destination)
                        .execute(&mut *tx)
                        .await?;
                    tracking.push(
                        track(
                            tx,
                            user,
                            id,
                            HistoryCode::StockMove,
                            json!({"location": destination}),
                            &notes,
                        )
                        .await?,
                    );
                } else if !notes.is_empty() {
                    // Same place: InvenTree writes an update entry only when there is something to say.
                    tracking.push(
                        track(tx, user, id, HistoryCode::StockUpdate, json!({}), &notes).await?,
                    );
                }
                (item.quantity, None)
            }
            Some(part) => {
                if item.trackable && part.fract() != 0.0 {
                    return Err(ToolError::invalid(
                        "quantity",
                        format!(
                            "part {} is trackable: the quantity must be a whole number",
                            item.part_name
                        ),
                    ));
                }
                let new_id = sqlx::query_file_scalar!(
                    "queries/stock_writes/split.sql",
                    id,
                    part,
                    destination
                )
                .fetch_one(&mut *tx)
                .await?;
                rebuild_tree(tx, item.tree_id).await?;
                sqlx::query_file!("queries/stock_writes/copy_test_results.sql", id, new_id)
                    .execute(&mut *tx)
                    .await?;
                let deltas = json!({"stockitem": id, "location": destination, "quantity": part});
                tracking.push(
                    track(
                        tx,
                        user,
                        new_id,
                        HistoryCode::SplitFromParent,
                        deltas,
                        &notes,
                    )
                    .await?,
                );
                let remaining = round5(item.quantity - part);
                sqlx::query_file!("queries/stock_writes/set_quantity.sql", id, remaining)
                    .execute(&mut *tx)
                    .await?;
                let deltas = json!({"removed": part, "quantity": remaining, "location": destination, "stockitem": new_id});
                tracking
                    .push(track(tx, user, id, HistoryCode::SplitChildItem, deltas, &notes).await?);
                (remaining, Some(new_id))
            }
        };
        let ids: Vec<i32> = std::iter::once(id).chain(new_item).collect();
        let items = stock::details(&mut *tx, &ids).await?;
        Ok(StockWrite {
            id,
            previous_quantity: item.quantity,
            quantity,
            notes,
            deleted: false,
            new_item,
            tracking,
            items,
        })
    }
}

/// The most items one count or status change takes.
const MAX_ITEMS: usize = 100;

/// A dry run's answer without the ids of the history entries it would write.
fn unassigned_tracking(answer: &mut Value) {
    if let Some(entries) = answer.get_mut("tracking").and_then(Value::as_array_mut) {
        for entry in entries.iter_mut().filter_map(Value::as_object_mut) {
            entry.remove("id");
        }
    }
}

/// `items` as a list of 1 to [`MAX_ITEMS`] distinct ids; a repeated one is named by its place.
fn distinct_ids(ids: impl Iterator<Item = i32>, field: &str) -> Result<Vec<i32>, ToolError> {
    let ids: Vec<i32> = ids.collect();
    if !(1..=MAX_ITEMS).contains(&ids.len()) {
        return Err(ToolError::invalid(
            "items",
            format!("must list 1 to {MAX_ITEMS} stock items, got {}", ids.len()),
        ));
    }
    for (i, id) in ids.iter().enumerate() {
        if let Some(first) = ids[..i].iter().position(|other| other == id) {
            return Err(ToolError::invalid(
                format!("items[{i}]{field}"),
                format!("repeats stock item {id} of items[{first}]; name each item once"),
            ));
        }
    }
    Ok(ids)
}

/// InvenTree's stock status codes (`StockStatus`).
const STOCK_STATUS_CODES: [i32; 8] = [10, 50, 55, 60, 65, 70, 75, 85];

/// A stock status as InvenTree's status fields take it: a `StockStatus` code, or the key of
/// one of the site's custom stock states, which stands for a logical code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StockStatusChoice {
    /// The value given, which InvenTree records in history deltas.
    pub given: i32,
    /// The logical code (`status`), which every InvenTree filter reads.
    pub logical: i32,
    /// The custom state's key (`status_custom_key`), when one was given.
    pub custom_key: Option<i32>,
}

/// Reads the argument `name` as a stock status: a code, or a custom stock state's key
/// (`common_inventreecustomuserstatemodel`), as InvenTree's `StockStatus.items(custom=True)`
/// offers them. Anything else is refused, listing what is accepted.
pub(crate) async fn stock_status_arg(
    tx: &mut PgConnection,
    name: &str,
    value: i32,
) -> Result<(StockStatusChoice, Status), ToolError> {
    if STOCK_STATUS_CODES.contains(&value) {
        let choice = StockStatusChoice {
            given: value,
            logical: value,
            custom_key: None,
        };
        return Ok((choice, StatusKind::Stock.status(value, None)));
    }
    let custom = sqlx::query_file!("queries/stock_writes/custom_states.sql")
        .fetch_all(&mut *tx)
        .await?;
    if let Some(state) = custom.iter().find(|state| state.key == value) {
        let choice = StockStatusChoice {
            given: value,
            logical: state.logical_key,
            custom_key: Some(value),
        };
        let status = StatusKind::Stock.status(state.logical_key, Some(state.label.clone()));
        return Ok((choice, status));
    }
    let accepted: Vec<String> = STOCK_STATUS_CODES
        .iter()
        .map(|code| format!("{code} ({})", StatusKind::Stock.status(*code, None).name))
        .chain(
            custom
                .iter()
                .map(|state| format!("{} ({})", state.key, state.label)),
        )
        .collect();
    Err(ToolError::invalid(
        name,
        format!(
            "must be a stock status, one of {}; got {value}",
            accepted.join(", ")
        ),
    ))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CountArgs {
    pub items: Vec<CountItem>,
    /// History note.
    pub notes: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(inline)]
pub struct CountItem {
    pub stock_item_id: StockItemId,
    pub quantity: f64,
    /// Refuse unless the item holds this.
    pub expected_quantity: Option<f64>,
}

/// One item as counted.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Counted {
    pub id: i32,
    pub previous_quantity: f64,
    pub quantity: f64,
    /// Counted to 0 and deleted, as InvenTree deletes depleted items (delete_on_deplete).
    pub deleted: bool,
    /// The day of the count (null: deleted).
    pub stocktake_date: Option<NaiveDate>,
}

/// What a count did (or, with dry_run, would do).
#[derive(Debug, Serialize, JsonSchema)]
pub struct CountWrite {
    /// The items in the order given.
    pub counted: Vec<Counted>,
    /// The history entries written (on a dry run, without ids).
    pub tracking: Vec<TrackingEntry>,
    /// The items' state afterwards (deleted ones left out).
    pub items: Vec<StockItem>,
}

/// `count_stock`: InvenTree's stocktake (`POST /api/stock/count/`, `StockItem.stocktake`).
pub struct CountStock;

impl Tool for CountStock {
    const NAME: &str = "count_stock";
    const TITLE: &str = "Count stock";
    const DESCRIPTION: &str = "Record stocktake counts, with history; an item counted to 0 may \
        be deleted, as in InvenTree.";
    const TOOLSET: Toolset = Toolset::Stock;
    const REQUIRES: &[Permission] = &[Permission(Role::Stock, Action::Add)];
    const NATURE: Nature = Nature::Write(Effect::Destructive);
    type Args = CountArgs;
    type Output = CountWrite;

    fn unassigned(answer: &mut Value) {
        unassigned_tracking(answer);
    }

    async fn run(cx: &mut Cx<'_>, args: CountArgs) -> Result<CountWrite, ToolError> {
        let user = cx.user;
        let tx = cx.db().await?;
        let ids = distinct_ids(
            args.items.iter().map(|item| item.stock_item_id.0),
            ".stock_item_id",
        )?;
        let notes = text_arg("notes", args.notes.as_deref().unwrap_or(""), 512, true)?;
        let mut counts = Vec::with_capacity(ids.len());
        for (i, item) in args.items.iter().enumerate() {
            let quantity = quantity_arg(&format!("items[{i}].quantity"), item.quantity)?;
            if quantity < 0.0 {
                return Err(ToolError::invalid(
                    format!("items[{i}].quantity"),
                    format!("must be 0 or more, got {quantity}"),
                ));
            }
            let expected = item
                .expected_quantity
                .map(|q| quantity_arg(&format!("items[{i}].expected_quantity"), q))
                .transpose()?;
            counts.push((quantity, expected));
        }
        // Locked in id order, so that two concurrent counts cannot deadlock; checked and
        // written in the order given, every check before the first write.
        lock_trees(tx).await?;
        let mut by_id: Vec<usize> = (0..ids.len()).collect();
        by_id.sort_by_key(|&i| ids[i]);
        let mut locked: Vec<Option<Locked>> = ids.iter().map(|_| None).collect();
        for i in by_id {
            locked[i] = Some(lock(tx, ids[i], None).await?);
        }
        let locked: Vec<Locked> = locked.into_iter().flatten().collect();
        for (i, ((id, (quantity, expected)), item)) in
            ids.iter().zip(&counts).zip(&locked).enumerate()
        {
            if let Some(expected) = expected
                && (expected - item.quantity).abs() > 1e-9
            {
                return Err(ToolError::invalid(
                    format!("items[{i}].expected_quantity"),
                    format!(
                        "is {expected}, but stock item {id} holds {}: it changed since it was read",
                        item.quantity
                    ),
                ));
            }
            if let Some(serial) = &item.serial
                && item.quantity == 1.0
            {
                return Err(ToolError::invalid(
                    format!("items[{i}].stock_item_id"),
                    format!(
                        "stock item {id} is serial number {serial}: InvenTree does not count \
                         serialized items"
                    ),
                ));
            }
            if item.trackable && quantity.fract() != 0.0 {
                return Err(ToolError::invalid(
                    format!("items[{i}].quantity"),
                    format!(
                        "part {} is trackable: the quantity must be a whole number",
                        item.part_name
                    ),
                ));
            }
        }
        let mut counted = Vec::with_capacity(ids.len());
        let mut tracking = Vec::new();
        for ((id, (quantity, _)), item) in ids.iter().zip(&counts).zip(&locked) {
            let (id, quantity) = (*id, *quantity);
            let deleted = quantity == 0.0
                && item.delete_on_deplete
                && !item.has_installed
                && item.sales_order_id.is_none();
            let stocktake_date = if deleted {
                // As for any depleted item: deleted with its history, no entry written.
                sqlx::query_file!("queries/stock_writes/delete_item.sql", id)
                    .execute(&mut *tx)
                    .await?;
                rebuild_tree(tx, item.tree_id).await?;
                None
            } else {
                let user_id = user.id.map(|id| id.0);
                let date = sqlx::query_file_scalar!(
                    "queries/stock_writes/stocktake.sql",
                    id,
                    quantity,
                    user_id
                )
                .fetch_one(&mut *tx)
                .await?;
                let deltas = json!({"quantity": quantity});
                tracking.push(track(tx, user, id, HistoryCode::StockCount, deltas, &notes).await?);
                Some(date)
            };
            counted.push(Counted {
                id,
                previous_quantity: item.quantity,
                quantity,
                deleted,
                stocktake_date,
            });
        }
        let kept: Vec<i32> = counted
            .iter()
            .filter(|c| !c.deleted)
            .map(|c| c.id)
            .collect();
        let items = stock::details(&mut *tx, &kept).await?;
        Ok(CountWrite {
            counted,
            tracking,
            items,
        })
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusArgs {
    pub items: Vec<StockItemId>,
    /// 10 OK, 50 Attention, 55 Damaged, 60 Destroyed, 65 Rejected, 70 Lost, 75 Quarantined,
    /// 85 Returned, or a custom state's key.
    pub status: i32,
    /// History note.
    pub note: Option<String>,
}

/// What a status change did (or, with dry_run, would do).
#[derive(Debug, Serialize, JsonSchema)]
pub struct StatusWrite {
    pub status: Status,
    /// The items changed, in the order given.
    pub changed: Vec<i32>,
    /// The items already in that status, left as they were.
    pub unchanged: Vec<i32>,
    /// The history entries written (on a dry run, without ids).
    pub tracking: Vec<TrackingEntry>,
    /// The items' state afterwards.
    pub items: Vec<StockItem>,
}

/// `set_stock_status`: InvenTree's `POST /api/stock/change_status/`.
pub struct SetStockStatus;

impl Tool for SetStockStatus {
    const NAME: &str = "set_stock_status";
    const TITLE: &str = "Set stock status";
    const DESCRIPTION: &str = "Set stock items' status, with history.";
    const TOOLSET: Toolset = Toolset::Stock;
    const REQUIRES: &[Permission] = &[Permission(Role::Stock, Action::Add)];
    const NATURE: Nature = Nature::Write(Effect::Destructive);
    type Args = StatusArgs;
    type Output = StatusWrite;

    fn unassigned(answer: &mut Value) {
        unassigned_tracking(answer);
    }

    async fn run(cx: &mut Cx<'_>, args: StatusArgs) -> Result<StatusWrite, ToolError> {
        let user = cx.user;
        let tx = cx.db().await?;
        let ids = distinct_ids(args.items.iter().map(|id| id.0), "")?;
        let note = text_arg("note", args.note.as_deref().unwrap_or(""), 512, true)?;
        let (choice, status) = stock_status_arg(tx, "status", args.status).await?;
        let rows = sqlx::query_file!("queries/stock_writes/lock_status.sql", &ids)
            .fetch_all(&mut *tx)
            .await?;
        let mut changed = Vec::new();
        let mut unchanged = Vec::new();
        let mut tracking = Vec::new();
        for id in &ids {
            let id = *id;
            let row = rows
                .iter()
                .find(|row| row.id == id)
                .ok_or(ToolError::NotFound {
                    what: "stock item",
                    id: id.into(),
                })?;
            if row.status == choice.logical && row.status_custom_key == choice.custom_key {
                unchanged.push(id);
                continue;
            }
            sqlx::query_file!(
                "queries/stock_writes/set_status.sql",
                id,
                choice.logical,
                choice.custom_key
            )
            .execute(&mut *tx)
            .await?;
            let deltas = json!({"status": choice.given});
            tracking.push(track(tx, user, id, HistoryCode::Edited, deltas, &note).await?);
            changed.push(id);
        }
        let items = stock::details(&mut *tx, &ids).await?;
        Ok(StatusWrite {
            status,
            changed,
            unchanged,
            tracking,
            items,
        })
    }
}

/// A new stock item, as InvenTree's stock API and purchase order receiving create one.
pub(crate) struct NewStockItem<'a> {
    pub part_id: i32,
    pub location_id: Option<i32>,
    pub quantity: f64,
    /// None writes NULL, as the stock API does for an item without serial number (receiving
    /// writes '').
    pub serial: Option<&'a str>,
    pub batch: &'a str,
    pub status: StockStatusChoice,
    pub expiry_date: Option<NaiveDate>,
    /// Per unit of the part.
    pub purchase_price: Option<f64>,
    /// Written even without a price, as django-money does.
    pub purchase_price_currency: &'a str,
    pub supplier_part_id: Option<i32>,
    pub purchase_order_id: Option<i32>,
    pub packaging: Option<&'a str>,
    /// The item's own notes (NULL: none).
    pub notes: Option<&'a str>,
    /// A barcode assigned to it, and its hash ('' for none).
    pub barcode_data: &'a str,
    pub barcode_hash: &'a str,
    /// None: the site's default (STOCK_DELETE_DEPLETED_DEFAULT).
    pub delete_on_deplete: Option<bool>,
}

/// Inserts `item` as the root of a stock item tree of its own, with its history entry (`code`,
/// `deltas`, `notes`) by `user`; answers its id and the entry. Checks nothing: callers apply
/// InvenTree's rules (part not virtual, location not structural, serials free, ...) first.
pub(crate) async fn insert_stock_item(
    tx: &mut PgConnection,
    user: &User,
    item: &NewStockItem<'_>,
    code: HistoryCode,
    deltas: Value,
    notes: &str,
) -> Result<(i32, TrackingEntry), ToolError> {
    lock_trees(tx).await?;
    let id = sqlx::query_file_scalar!(
        "queries/stock_writes/insert_item.sql",
        item.serial,
        item.serial.map_or(0, serial_int),
        item.batch,
        item.quantity,
        item.status.logical,
        item.status.custom_key,
        item.location_id,
        item.part_id,
        item.supplier_part_id,
        item.purchase_order_id,
        item.purchase_price,
        item.purchase_price_currency,
        item.expiry_date,
        item.packaging,
        item.barcode_data,
        item.barcode_hash,
        item.notes,
        item.delete_on_deplete
    )
    .fetch_one(&mut *tx)
    .await?;
    let entry = track(tx, user, id, code, deltas, notes).await?;
    Ok((id, entry))
}

/// A serial number's integer for sorting (`serial_int`), as InvenTree's `extract_int` finds
/// it: the digits it starts with, else those it ends with, else 0; clipped to 2147483647.
pub(crate) fn serial_int(serial: &str) -> i32 {
    let serial = serial.trim();
    let leading: String = serial.chars().take_while(char::is_ascii_digit).collect();
    let digits = if leading.is_empty() {
        let mut trailing: Vec<char> = serial
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect();
        trailing.reverse();
        trailing.into_iter().collect()
    } else {
        leading
    };
    if digits.is_empty() {
        return 0;
    }
    // Too many digits for any integer is above the clip.
    digits
        .parse::<i64>()
        .map_or(i32::MAX, |n| n.min(i32::MAX.into()) as i32)
}

/// InvenTree's default batch code (`generate_batch_code`): STOCK_BATCH_CODE_TEMPLATE rendered
/// with InvenTree's local time. Only the plain `{{ name }}` placeholders of its date and time values are
/// rendered here; for a template using more of Django's template language there is none
/// (callers ask for `batch` instead of writing a code InvenTree would not).
fn default_batch(template: &str, now: NaiveDateTime) -> Option<String> {
    if template.contains("{%") || template.contains("{#") {
        return None;
    }
    let mut batch = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        batch.push_str(&rest[..start]);
        let end = rest[start..].find("}}")? + start;
        let value = match rest[start + 2..end].trim() {
            "year" => now.year().to_string(),
            "month" => now.month().to_string(),
            "day" => now.day().to_string(),
            "hour" => now.hour().to_string(),
            "minute" => now.minute().to_string(),
            "week" => now.iso_week().week().to_string(),
            _ => return None,
        };
        batch.push_str(&value);
        rest = &rest[end + 2..];
    }
    batch.push_str(rest);
    Some(batch)
}

/// A purchase price as the column holds it (numeric(19,6)): 0 or more, at most 6 decimals.
fn price_arg(value: f64) -> Result<f64, ToolError> {
    if !value.is_finite() || !(0.0..1e13).contains(&value) {
        return Err(ToolError::invalid(
            "purchase_price",
            format!("must be a number from 0 to below 10,000,000,000,000, got {value}"),
        ));
    }
    let scaled = value * 1_000_000.0;
    if (scaled.round() - scaled).abs() > 1e-4 {
        return Err(ToolError::invalid(
            "purchase_price",
            format!("may have at most 6 decimal places, got {value}"),
        ));
    }
    Ok(value)
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateStockArgs {
    pub part_id: PartId,
    /// Default: the part's.
    pub location_id: Option<LocationId>,
    pub quantity: f64,
    /// One item per serial.
    pub serials: Option<Vec<String>>,
    pub batch: Option<String>,
    pub expiry_date: Option<String>,
    pub status: Option<i32>,
    /// Per unit.
    pub purchase_price: Option<f64>,
    pub purchase_price_currency: Option<String>,
    pub supplier_part_id: Option<SupplierPartId>,
}

/// What a creation did (or, with dry_run, would do).
#[derive(Debug, Serialize, JsonSchema)]
pub struct CreateWrite {
    /// The new items: one, or one per serial (on a dry run, without ids).
    pub items: Vec<StockItem>,
    /// Their history entries (on a dry run, without ids).
    pub tracking: Vec<TrackingEntry>,
}

/// `create_stock_item`: InvenTree's `POST /api/stock/` (`StockList.create`).
pub struct CreateStockItem;

impl Tool for CreateStockItem {
    const NAME: &str = "create_stock_item";
    const TITLE: &str = "Create stock";
    const DESCRIPTION: &str = "Create stock of a part, with history.";
    const TOOLSET: Toolset = Toolset::Stock;
    const REQUIRES: &[Permission] = &[Permission(Role::Stock, Action::Add)];
    const NATURE: Nature = Nature::Write(Effect::Additive);
    type Args = CreateStockArgs;
    type Output = CreateWrite;

    fn unassigned(answer: &mut Value) {
        unassigned_tracking(answer);
        if let Some(items) = answer.get_mut("items").and_then(Value::as_array_mut) {
            for item in items.iter_mut().filter_map(Value::as_object_mut) {
                item.remove("id");
            }
        }
    }

    async fn run(cx: &mut Cx<'_>, args: CreateStockArgs) -> Result<CreateWrite, ToolError> {
        let user = cx.user;
        let tx = cx.db().await?;
        let quantity = quantity_arg("quantity", args.quantity)?;
        if quantity < 0.0 {
            return Err(ToolError::invalid(
                "quantity",
                format!("must be 0 or more, got {quantity}"),
            ));
        }
        let serials = match &args.serials {
            Some(serials) if !serials.is_empty() => Some(serials_arg(serials)?),
            _ => None,
        };
        let batch = args
            .batch
            .as_deref()
            .map(|b| text_arg("batch", b, 100, false))
            .transpose()?;
        let expiry = args
            .expiry_date
            .as_deref()
            .map(|text| {
                NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
                    ToolError::invalid(
                        "expiry_date",
                        format!("`{text}` is not a date written YYYY-MM-DD (2027-06-30)"),
                    )
                })
            })
            .transpose()?;
        let price = args.purchase_price.map(price_arg).transpose()?;
        let part_id = args.part_id.0;
        let part = sqlx::query_file!("queries/stock_writes/part.sql", part_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(ToolError::NotFound {
                what: "part",
                id: part_id.into(),
            })?;
        if part.is_virtual {
            return Err(ToolError::invalid(
                "part_id",
                format!(
                    "part {part_id} ({}) is virtual: InvenTree keeps no stock of virtual parts",
                    part.name
                ),
            ));
        }
        if let Some(serials) = &serials {
            if !part.trackable {
                return Err(ToolError::invalid(
                    "serials",
                    format!(
                        "part {part_id} ({}) is not trackable: only trackable parts take serial \
                         numbers",
                        part.name
                    ),
                ));
            }
            if quantity != serials.len() as f64 {
                return Err(ToolError::invalid(
                    "quantity",
                    format!(
                        "is {quantity}, but {} serial numbers were given: one item per serial, \
                         so the quantity must be their number",
                        serials.len()
                    ),
                ));
            }
        }
        if part.trackable && quantity.fract() != 0.0 {
            return Err(ToolError::invalid(
                "quantity",
                format!(
                    "part {} is trackable: the quantity must be a whole number",
                    part.name
                ),
            ));
        }
        let location = match (args.location_id, part.default_location_id) {
            (Some(given), _) => Some(("location_id is", given.0)),
            (None, Some(default)) => Some(("the part's default location is", default)),
            (None, None) => None,
        };
        if let Some((which, id)) = location {
            let found = sqlx::query_file!("queries/stock_writes/location.sql", id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(ToolError::NotFound {
                    what: "location",
                    id: id.into(),
                })?;
            if found.structural {
                return Err(ToolError::invalid(
                    "location_id",
                    format!(
                        "{which} location {id} ({}), which is structural: it holds no stock \
                         directly",
                        found.pathstring
                    ),
                ));
            }
        }
        let location = location.map(|(_, id)| id);
        if let Some(id) = args.supplier_part_id.map(|id| id.0) {
            let supplier_part = sqlx::query_file!("queries/stock_writes/supplier_part.sql", id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(ToolError::NotFound {
                    what: "supplier part",
                    id: id.into(),
                })?;
            if supplier_part.part_id != part_id {
                return Err(ToolError::invalid(
                    "supplier_part_id",
                    format!(
                        "supplier part {id} ({}) is for part {} ({}), not part {part_id}",
                        supplier_part.sku, supplier_part.part_id, supplier_part.part_name
                    ),
                ));
            }
        }
        let (status, _) = stock_status_arg(tx, "status", args.status.unwrap_or(10)).await?;
        let settings = sqlx::query_file!("queries/stock_writes/create_settings.sql")
            .fetch_one(&mut *tx)
            .await?;
        let currency = match args.purchase_price_currency.as_deref().map(str::trim) {
            None => settings.default_currency.clone(),
            Some(code) => {
                let codes: Vec<&str> = settings
                    .currency_codes
                    .split(',')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .collect();
                if !codes.contains(&code) {
                    return Err(ToolError::invalid(
                        "purchase_price_currency",
                        format!(
                            "must be one of this InvenTree's currencies ({}), got `{code}`",
                            codes.join(", ")
                        ),
                    ));
                }
                code.to_string()
            }
        };
        let batch = match batch {
            Some(batch) => batch,
            None => default_batch(&settings.batch_template, settings.now).ok_or_else(|| {
                ToolError::invalid(
                    "batch",
                    format!(
                        "is needed: this InvenTree makes batch codes from the template `{}`, \
                         which is not reproduced here",
                        settings.batch_template
                    ),
                )
            })?,
        };
        let expiry = expiry.or_else(|| {
            (part.default_expiry > 0)
                .then(|| settings.today + chrono::Days::new(part.default_expiry as u64))
        });
        // Serials are checked under the stock tree lock, which every creating writer here
        // takes: two calls cannot both find a serial free.
        lock_trees(tx).await?;
        if let Some(serials) = &serials {
            let taken = sqlx::query_file_scalar!(
                "queries/stock_writes/serial_conflicts.sql",
                serials.as_slice(),
                part.tree_id,
                settings.serials_globally_unique
            )
            .fetch_all(&mut *tx)
            .await?;
            if !taken.is_empty() {
                let scope = if settings.serials_globally_unique {
                    "in this InvenTree (serial numbers are globally unique)"
                } else {
                    "for this part, its template or its variants"
                };
                return Err(ToolError::invalid(
                    "serials",
                    format!("already exist {scope}: {}", taken.join(", ")),
                ));
            }
        }
        let each: Vec<(Option<&str>, f64)> = match &serials {
            Some(serials) => serials.iter().map(|s| (Some(s.as_str()), 1.0)).collect(),
            None => vec![(None, quantity)],
        };
        let mut ids = Vec::with_capacity(each.len());
        let mut tracking = Vec::with_capacity(each.len());
        for (serial, quantity) in each {
            let item = NewStockItem {
                part_id,
                location_id: location,
                quantity,
                serial,
                batch: &batch,
                status,
                expiry_date: expiry,
                purchase_price: price,
                purchase_price_currency: &currency,
                supplier_part_id: args.supplier_part_id.map(|id| id.0),
                purchase_order_id: None,
                packaging: None,
                notes: None,
                barcode_data: "",
                barcode_hash: "",
                // StockItem.clean: a serialized item is never deleted when depleted.
                delete_on_deplete: serial.map(|_| false),
            };
            // StockItem.save's creation entry: the status, then the location and quantity
            // (each when there is one).
            let mut deltas = json!({"status": status.given});
            if let Some(location) = location {
                deltas["location"] = json!(location);
            }
            if quantity != 0.0 {
                deltas["quantity"] = json!(quantity);
            }
            let (id, entry) =
                insert_stock_item(tx, user, &item, HistoryCode::Created, deltas, "").await?;
            ids.push(id);
            tracking.push(entry);
        }
        let items = stock::details(&mut *tx, &ids).await?;
        Ok(CreateWrite { items, tracking })
    }
}

/// Serial numbers as InvenTree cleans them (stripped, at most 100 characters), each given once.
fn serials_arg(serials: &[String]) -> Result<Vec<String>, ToolError> {
    if serials.len() > 1000 {
        return Err(ToolError::invalid(
            "serials",
            format!("lists {} serial numbers, at most 1000", serials.len()),
        ));
    }
    let mut cleaned: Vec<String> = Vec::with_capacity(serials.len());
    for (i, serial) in serials.iter().enumerate() {
        let name = format!("serials[{i}]");
        let serial = text_arg(&name, serial, 100, false)?;
        if serial.is_empty() {
            return Err(ToolError::invalid(name, "is blank"));
        }
        if let Some(first) = cleaned.iter().position(|s| *s == serial) {
            return Err(ToolError::invalid(
                name,
                format!("repeats serial number {serial} of serials[{first}]"),
            ));
        }
        cleaned.push(serial);
    }
    Ok(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_ints_are_inventrees() {
        assert_eq!(serial_int("1001"), 1001);
        assert_eq!(serial_int("42-A"), 42);
        assert_eq!(serial_int("SN-0042"), 42);
        assert_eq!(serial_int("A7B"), 0);
        assert_eq!(serial_int("ABC"), 0);
        assert_eq!(serial_int("99999999999"), i32::MAX);
    }

    #[test]
    fn batch_codes_follow_the_template() {
        let now = NaiveDateTime::parse_from_str("2026-03-04 05:06", "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(
            default_batch("{{ year }}-{{ month }}-{{ day }}", now).as_deref(),
            Some("2026-3-4")
        );
        assert_eq!(default_batch("", now).as_deref(), Some(""));
        assert_eq!(
            default_batch("B{{week}}/{{ hour }}:{{ minute }}", now).as_deref(),
            Some("B10/5:6")
        );
        assert_eq!(default_batch("{{ date|date:'Ymd' }}", now), None);
        assert_eq!(default_batch("{% now 'Y' %}", now), None);
        assert_eq!(default_batch("{{ year", now), None);
    }
}
