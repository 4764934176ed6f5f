//! Stock writes: adjust a quantity, transfer (whole or split). Each leaves the rows InvenTree's
//! own code leaves (quantity, `updated`, history entries with their exact deltas, split items
//! with their tree), inside the caller's transaction, with the item locked.

use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sqlx::PgConnection;

use super::args::{LocationId, StockItemId, text_arg};
use super::registry::{Entry, entry};
use super::status::HistoryCode;
use super::stock::{self, StockItem, TrackingEntry};
use super::tool::{Cx, Effect, Nature, Tool, Toolset};
use crate::auth::{Action, Permission, Role, User};
use crate::error::ToolError;

pub(super) fn tools() -> Vec<Entry> {
    vec![entry::<AdjustStock>(), entry::<TransferStock>()]
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
fn round5(value: f64) -> f64 {
    (value * 100_000.0).round() / 100_000.0
}

/// The largest quantity the column holds (numeric(15,5)).
const MAX_QUANTITY: f64 = 9_999_999_999.999_99;

/// A quantity as InvenTree's API takes it: finite, at most 15 digits with 5 decimals.
fn quantity_arg(name: &str, value: f64) -> Result<f64, ToolError> {
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

async fn track(
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
    const REQUIRES: &[Permission] = &[Permission(Role::Stock, Action::Change)];
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
        Permission(Role::Stock, Action::Change),
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
        let location = sqlx::query_file!("queries/stock_writes/location.sql", destination)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(ToolError::NotFound {
                what: "location",
                id: destination.into(),
            })?;
        if location.structural {
            return Err(ToolError::invalid(
                "location_id",
                format!(
                    "location {} ({}) is structural: it holds no stock directly",
                    destination, location.pathstring
                ),
            ));
        }
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
