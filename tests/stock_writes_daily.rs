//! count_stock, set_stock_status and create_stock_item: the rows they leave, compared with what
//! InvenTree writes for the same operation (semantics.md §3d, semantics-2.md §9); refusals that
//! name the argument and leave the tables as they were; dry runs, idempotency keys and
//! concurrent calls.

use crate::common;

use common::fixtures::*;
use common::{TestApp, tracking_since};
use futures::future::join_all;
use serde_json::{Value, json};
use sqlx::PgPool;

const ALLACCESS_USER: i64 = 4;

async fn app() -> TestApp {
    TestApp::start().await.with_token(ALLACCESS_TOKEN)
}

/// Every column of a stock item (null when it is gone).
async fn item_row(pool: &PgPool, item: i64) -> Value {
    sqlx::query_scalar(
        "SELECT COALESCE((SELECT row_to_json(s) FROM stock_stockitem s WHERE id = $1), 'null')",
    )
    .bind(item)
    .fetch_one(pool)
    .await
    .unwrap()
}

/// A stock item's columns other than `changed`.
async fn other_columns(pool: &PgPool, item: i64, changed: &[&str]) -> Value {
    let mut row = item_row(pool, item).await;
    for column in changed {
        row.as_object_mut().unwrap().remove(*column);
    }
    row
}

/// The columns a count writes.
const COUNTED: &[&str] = &["quantity", "stocktake_date", "stocktake_user_id", "updated"];
/// The columns a status change writes.
const STATUS: &[&str] = &["status", "status_custom_key", "updated"];

/// The stock tables as a whole: their row counts and the latest history id.
async fn tables(pool: &PgPool) -> Value {
    sqlx::query_scalar(
        "SELECT json_build_object(
            'items', (SELECT count(*) FROM stock_stockitem),
            'history', (SELECT count(*) FROM stock_stockitemtracking),
            'last_history', (SELECT max(id) FROM stock_stockitemtracking),
            'tests', (SELECT count(*) FROM stock_stockitemtestresult))",
    )
    .fetch_one(pool)
    .await
    .unwrap()
}

/// The columns a count or status change may touch.
async fn counted_columns(pool: &PgPool, item: i64) -> Value {
    sqlx::query_scalar(
        "SELECT json_build_object('quantity', quantity::text, 'stocktake_date', stocktake_date = CURRENT_DATE,
                                  'stocktake_user', stocktake_user_id, 'status', status,
                                  'custom', status_custom_key, 'fresh', updated > now() - interval '1 minute')
         FROM stock_stockitem WHERE id = $1",
    )
    .bind(item)
    .fetch_one(pool)
    .await
    .unwrap()
}

async fn set_setting(pool: &PgPool, key: &str, value: &str) {
    sqlx::query("INSERT INTO common_inventreesetting (key, value) VALUES ($1, $2)")
        .bind(key)
        .bind(value)
        .execute(pool)
        .await
        .unwrap();
}

async fn today(pool: &PgPool) -> String {
    sqlx::query_scalar("SELECT CURRENT_DATE::text")
        .fetch_one(pool)
        .await
        .unwrap()
}

// count_stock

#[tokio::test]
async fn counting_writes_inventree_stocktake_rows() {
    let app = app().await;
    let before = tables(&app.db.pool).await;
    let mut untouched = Vec::new();
    for item in [STOCK_RESISTOR_10K_BIN_A1, STOCK_RESISTOR_220R_BIN_A1] {
        untouched.push(other_columns(&app.db.pool, item, COUNTED).await);
    }
    let answer = app
        .call(
            "count_stock",
            json!({"items": [
                {"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": 3990},
                {"stock_item_id": STOCK_RESISTOR_220R_BIN_A1, "quantity": 310.5, "expected_quantity": 300}
            ], "notes": "Cycle count"}),
        )
        .await;
    let today = today(&app.db.pool).await;
    assert_eq!(
        answer["counted"],
        json!([
            {"id": STOCK_RESISTOR_10K_BIN_A1, "previous_quantity": 4000.0, "quantity": 3990.0,
             "deleted": false, "stocktake_date": today},
            {"id": STOCK_RESISTOR_220R_BIN_A1, "previous_quantity": 300.0, "quantity": 310.5,
             "deleted": false, "stocktake_date": today}
        ])
    );
    assert_eq!(answer["items"][1]["quantity"], 310.5);
    // Quantity set, stocktake date today and stocktake user the caller, `updated` now.
    for (item, quantity) in [
        (STOCK_RESISTOR_10K_BIN_A1, "3990.00000"),
        (STOCK_RESISTOR_220R_BIN_A1, "310.50000"),
    ] {
        assert_eq!(
            counted_columns(&app.db.pool, item).await,
            json!({"quantity": quantity, "stocktake_date": true, "stocktake_user": ALLACCESS_USER,
                   "status": 10, "custom": null, "fresh": true})
        );
    }
    // Tracking code 10 (STOCK_COUNT) with the count as a float, the shared note, the caller.
    assert_eq!(
        tracking_since(&app.db.pool, LAST_DEMO_TRACKING).await,
        vec![
            json!({"item": STOCK_RESISTOR_10K_BIN_A1, "part": RESISTOR_10K, "user": ALLACCESS_USER, "type": 10,
                   "deltas": {"quantity": 3990.0}, "notes": "Cycle count", "fresh": true}),
            json!({"item": STOCK_RESISTOR_220R_BIN_A1, "part": RESISTOR_220R, "user": ALLACCESS_USER, "type": 10,
                   "deltas": {"quantity": 310.5}, "notes": "Cycle count", "fresh": true}),
        ]
    );
    assert_eq!(answer["tracking"][0]["tracking_name"], "Stock counted");
    assert_eq!(answer["tracking"][0]["user"], "allaccess");
    let after = tables(&app.db.pool).await;
    assert_eq!(after["items"], before["items"]);
    // Nothing else of the items changes.
    for (item, row) in [STOCK_RESISTOR_10K_BIN_A1, STOCK_RESISTOR_220R_BIN_A1]
        .into_iter()
        .zip(untouched)
    {
        assert_eq!(other_columns(&app.db.pool, item, COUNTED).await, row);
    }
}

#[tokio::test]
async fn counting_to_zero_deletes_as_inventree_does() {
    let app = app().await;
    // The 4k7 item has delete_on_deplete (InvenTree's default); the empty 10k item too: a
    // count of 0 deletes it although it already held nothing (updateQuantity(0)).
    sqlx::query("UPDATE stock_stockitem SET delete_on_deplete = false WHERE id = $1")
        .bind(STOCK_RESISTOR_220R_BIN_A1)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let answer = app
        .call(
            "count_stock",
            json!({"items": [
                {"stock_item_id": STOCK_RESISTOR_4K7_BIN_A1, "quantity": 0},
                {"stock_item_id": STOCK_RESISTOR_10K_EMPTY, "quantity": 0},
                {"stock_item_id": STOCK_RESISTOR_220R_BIN_A1, "quantity": 0}
            ]}),
        )
        .await;
    let today = today(&app.db.pool).await;
    assert_eq!(
        answer["counted"],
        json!([
            {"id": STOCK_RESISTOR_4K7_BIN_A1, "previous_quantity": 750.0, "quantity": 0.0,
             "deleted": true, "stocktake_date": null},
            {"id": STOCK_RESISTOR_10K_EMPTY, "previous_quantity": 0.0, "quantity": 0.0,
             "deleted": true, "stocktake_date": null},
            {"id": STOCK_RESISTOR_220R_BIN_A1, "previous_quantity": 300.0, "quantity": 0.0,
             "deleted": false, "stocktake_date": today}
        ])
    );
    assert_eq!(
        item_row(&app.db.pool, STOCK_RESISTOR_4K7_BIN_A1).await,
        Value::Null
    );
    assert_eq!(
        item_row(&app.db.pool, STOCK_RESISTOR_10K_EMPTY).await,
        Value::Null
    );
    // Deleted items get no entry; the kept one its count of 0.
    assert_eq!(
        tracking_since(&app.db.pool, LAST_DEMO_TRACKING).await,
        vec![
            json!({"item": STOCK_RESISTOR_220R_BIN_A1, "part": RESISTOR_220R, "user": ALLACCESS_USER, "type": 10,
                   "deltas": {"quantity": 0.0}, "notes": "", "fresh": true})
        ]
    );
    assert_eq!(
        answer["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].clone())
            .collect::<Vec<_>>(),
        vec![json!(STOCK_RESISTOR_220R_BIN_A1)]
    );
}

#[tokio::test]
async fn refused_counts_change_nothing() {
    let app = app().await;
    let ok = json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": 3990});
    let cases = [
        (
            json!({"items": [ok, {"stock_item_id": STOCK_RESISTOR_220R_BIN_A1, "quantity": 290, "expected_quantity": 280}]}),
            "invalid argument `items[1].expected_quantity`: is 280, but stock item 14 holds 300: it changed since it was read",
        ),
        (
            json!({"items": [{"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": -1}]}),
            "invalid argument `items[0].quantity`: must be 0 or more, got -1",
        ),
        (
            json!({"items": [{"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": 1.000001}]}),
            "invalid argument `items[0].quantity`: may have at most 5 decimal places, got 1.000001",
        ),
        (
            json!({"items": [ok, {"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": 5}]}),
            "invalid argument `items[1].stock_item_id`: repeats stock item 1 of items[0]; name each item once",
        ),
        (
            json!({"items": []}),
            "invalid argument `items`: must list 1 to 100 stock items, got 0",
        ),
        (
            json!({"items": [ok, {"stock_item_id": 9999, "quantity": 1}]}),
            "stock item 9999 does not exist",
        ),
        (
            json!({"items": [ok, {"stock_item_id": STOCK_SENSOR_BOARD_1001, "quantity": 1}]}),
            "invalid argument `items[1].stock_item_id`: stock item 29 is serial number 1001: InvenTree does not count serialized items",
        ),
        (
            json!({"items": [ok, {"stock_item_id": STOCK_SENSOR_BOARD_BENCH_1, "quantity": 4.5}]}),
            "invalid argument `items[1].quantity`: part Sensor board is trackable: the quantity must be a whole number",
        ),
        (
            json!({"items": [ok, {"stock_item_id": STOCK_SENSOR_BOARD_1003_SHIPPED, "quantity": 1}]}),
            "stock item 31 is allocated to a sales order, so InvenTree does not allow changing it",
        ),
        (
            json!({"items": [ok], "notes": "<b>x</b>"}),
            "invalid argument `notes`: contains HTML tags, which InvenTree refuses",
        ),
        (
            json!({"items": [{"stock_item_id": STOCK_RESISTOR_10K_BIN_A1}]}),
            "invalid argument `items[0].quantity`: is required",
        ),
    ];
    let watched = [
        STOCK_RESISTOR_10K_BIN_A1,
        STOCK_RESISTOR_220R_BIN_A1,
        STOCK_SENSOR_BOARD_1001,
        STOCK_SENSOR_BOARD_BENCH_1,
    ];
    for (args, message) in cases {
        let before = tables(&app.db.pool).await;
        let mut rows = Vec::new();
        for item in watched {
            rows.push(item_row(&app.db.pool, item).await);
        }
        assert_eq!(
            app.call_err("count_stock", args.clone()).await,
            message,
            "{args}"
        );
        assert_eq!(tables(&app.db.pool).await, before, "{args}");
        for (item, row) in watched.iter().zip(rows) {
            assert_eq!(item_row(&app.db.pool, *item).await, row, "{args}");
        }
    }
    let many: Vec<Value> = (1..=101)
        .map(|id| json!({"stock_item_id": id, "quantity": 1}))
        .collect();
    assert_eq!(
        app.call_err("count_stock", json!({"items": many})).await,
        "invalid argument `items`: must list 1 to 100 stock items, got 101"
    );
}

#[tokio::test]
async fn count_dry_runs_and_replays() {
    let app = app().await;
    let before = (
        tables(&app.db.pool).await,
        item_row(&app.db.pool, STOCK_RESISTOR_10K_BIN_A1).await,
    );
    let args = json!({"items": [{"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": 12}], "dry_run": true});
    let answer = app.call("count_stock", args).await;
    assert_eq!(answer["dry_run"], true);
    assert_eq!(answer["counted"][0]["quantity"], 12.0);
    assert_eq!(answer["items"][0]["quantity"], 12.0);
    assert_eq!(answer["tracking"][0]["deltas"], json!({"quantity": 12.0}));
    assert!(answer["tracking"][0].get("id").is_none(), "{answer}");
    assert_eq!(
        (
            tables(&app.db.pool).await,
            item_row(&app.db.pool, STOCK_RESISTOR_10K_BIN_A1).await
        ),
        before
    );
    let args = json!({"items": [{"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": 12}],
                      "idempotency_key": "count-shelf-a"});
    let first = app.call("count_stock", args.clone()).await;
    let retry = app.call("count_stock", args).await;
    assert_eq!(first, retry);
    assert_eq!(
        tracking_since(&app.db.pool, LAST_DEMO_TRACKING).await.len(),
        1
    );
}

#[tokio::test]
async fn concurrent_counts_of_one_item_lose_nothing() {
    let app = app().await;
    // Two counters read 4000 and count 3990 and 3980: the expected quantity lets one through
    // and refuses the other, whichever comes second.
    let calls = [3990, 3980].map(|count| {
        app.call_in(
            common::Era::Stateless,
            "count_stock",
            json!({"items": [{"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": count, "expected_quantity": 4000}]}),
        )
    });
    let results = join_all(calls).await;
    let (won, lost): (Vec<_>, Vec<_>) = results.iter().partition(|r| r["isError"] == false);
    assert_eq!((won.len(), lost.len()), (1, 1), "{results:?}");
    let winner = common::structured("count_stock", won[0].clone());
    let count = winner["counted"][0]["quantity"].as_f64().unwrap();
    let refusal = lost[0]["content"][0]["text"].as_str().unwrap();
    assert_eq!(
        refusal,
        format!(
            "invalid argument `items[0].expected_quantity`: is 4000, but stock item 1 holds {count}: it changed since it was read"
        )
    );
    let entries = tracking_since(&app.db.pool, LAST_DEMO_TRACKING).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["deltas"], json!({"quantity": count}));
    // Without a guard the counts queue on the item's lock: the item holds the last one
    // written, and every count has its entry.
    let calls = (1..=20).map(|count| {
        app.call(
            "count_stock",
            json!({"items": [{"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": count}]}),
        )
    });
    join_all(calls).await;
    let entries = tracking_since(&app.db.pool, LAST_DEMO_TRACKING).await;
    assert_eq!(entries.len(), 21);
    let last = entries.last().unwrap()["deltas"]["quantity"]
        .as_f64()
        .unwrap();
    assert_eq!(
        counted_columns(&app.db.pool, STOCK_RESISTOR_10K_BIN_A1).await["quantity"],
        format!("{last:.5}")
    );
    let mut counts: Vec<f64> = entries[1..]
        .iter()
        .map(|e| e["deltas"]["quantity"].as_f64().unwrap())
        .collect();
    counts.sort_by(f64::total_cmp);
    assert_eq!(counts, (1..=20).map(f64::from).collect::<Vec<_>>());
}

// set_stock_status

/// The ATmega328P items: 12 OK (19) and 3 bent ones, Attention needed with the custom state
/// "Needs rework" (20, key 101).
const STOCK_ATMEGA_SHELF_A: i64 = 19;
const STOCK_ATMEGA_REWORK: i64 = 20;
/// The 10k resistors: 1000 Attention needed (2), 500 Damaged (3).
const STOCK_RESISTOR_10K_ATTENTION: i64 = 2;
const STOCK_RESISTOR_10K_DAMAGED: i64 = 3;

#[tokio::test]
async fn status_changes_write_inventree_rows() {
    let app = app().await;
    let changing = [
        STOCK_RESISTOR_10K_BIN_A1,
        STOCK_RESISTOR_10K_ATTENTION,
        STOCK_ATMEGA_REWORK,
    ];
    let mut untouched = Vec::new();
    for item in changing {
        untouched.push(other_columns(&app.db.pool, item, STATUS).await);
    }
    let skipped = item_row(&app.db.pool, STOCK_RESISTOR_10K_DAMAGED).await;
    let answer = app
        .call(
            "set_stock_status",
            json!({"items": [STOCK_RESISTOR_10K_BIN_A1, STOCK_RESISTOR_10K_ATTENTION, STOCK_ATMEGA_REWORK,
                             STOCK_RESISTOR_10K_DAMAGED], "status": 55, "note": "Water damage"}),
        )
        .await;
    assert_eq!(answer["status"], json!({"code": 55, "name": "Damaged"}));
    // The damaged item already is: skipped, as InvenTree skips it.
    assert_eq!(
        (answer["changed"].clone(), answer["unchanged"].clone()),
        (
            json!([
                STOCK_RESISTOR_10K_BIN_A1,
                STOCK_RESISTOR_10K_ATTENTION,
                STOCK_ATMEGA_REWORK
            ]),
            json!([STOCK_RESISTOR_10K_DAMAGED])
        )
    );
    // The logical code set, any custom state cleared, `updated` now; quantities untouched.
    for (item, quantity) in [
        (STOCK_RESISTOR_10K_BIN_A1, "4000.00000"),
        (STOCK_RESISTOR_10K_ATTENTION, "1000.00000"),
        (STOCK_ATMEGA_REWORK, "3.00000"),
    ] {
        assert_eq!(
            counted_columns(&app.db.pool, item).await,
            json!({"quantity": quantity, "stocktake_date": null, "stocktake_user": null,
                   "status": 55, "custom": null, "fresh": true})
        );
    }
    for (item, row) in changing.into_iter().zip(untouched) {
        assert_eq!(other_columns(&app.db.pool, item, STATUS).await, row);
    }
    assert_eq!(
        item_row(&app.db.pool, STOCK_RESISTOR_10K_DAMAGED).await,
        skipped
    );
    // Tracking code 5 (EDITED) per changed item, deltas the status as sent.
    let entry = |item: i64, part: i64| {
        json!({"item": item, "part": part, "user": ALLACCESS_USER, "type": 5,
               "deltas": {"status": 55}, "notes": "Water damage", "fresh": true})
    };
    assert_eq!(
        tracking_since(&app.db.pool, LAST_DEMO_TRACKING).await,
        vec![
            entry(STOCK_RESISTOR_10K_BIN_A1, RESISTOR_10K),
            entry(STOCK_RESISTOR_10K_ATTENTION, RESISTOR_10K),
            entry(STOCK_ATMEGA_REWORK, ATMEGA328P),
        ]
    );
    assert_eq!(answer["items"][2]["status"]["name"], "Damaged");
}

#[tokio::test]
async fn custom_states_are_set_as_inventree_sets_them() {
    let app = app().await;
    // Key 101 stands for Attention needed (50): status 50, status_custom_key 101.
    let answer = app
        .call(
            "set_stock_status",
            json!({"items": [STOCK_ATMEGA_SHELF_A, STOCK_ATMEGA_REWORK], "status": 101}),
        )
        .await;
    assert_eq!(
        answer["status"],
        json!({"code": 50, "name": "Attention needed", "custom": "Needs rework"})
    );
    assert_eq!(
        (answer["changed"].clone(), answer["unchanged"].clone()),
        (json!([STOCK_ATMEGA_SHELF_A]), json!([STOCK_ATMEGA_REWORK]))
    );
    let columns = counted_columns(&app.db.pool, STOCK_ATMEGA_SHELF_A).await;
    assert_eq!(
        (columns["status"].clone(), columns["custom"].clone()),
        (json!(50), json!(101))
    );
    // The plain logical code differs from the custom state: the custom key is cleared.
    let plain = app
        .call(
            "set_stock_status",
            json!({"items": [STOCK_ATMEGA_REWORK], "status": 50}),
        )
        .await;
    assert_eq!(plain["changed"], json!([STOCK_ATMEGA_REWORK]));
    let columns = counted_columns(&app.db.pool, STOCK_ATMEGA_REWORK).await;
    assert_eq!(
        (columns["status"].clone(), columns["custom"].clone()),
        (json!(50), json!(null))
    );
    let deltas: Vec<Value> = tracking_since(&app.db.pool, LAST_DEMO_TRACKING)
        .await
        .iter()
        .map(|e| json!([e["item"], e["deltas"], e["notes"]]))
        .collect();
    assert_eq!(
        deltas,
        vec![
            json!([STOCK_ATMEGA_SHELF_A, {"status": 101}, ""]),
            json!([STOCK_ATMEGA_REWORK, {"status": 50}, ""]),
        ]
    );
    // Neither stock nor quantity is checked: a shipped item's status changes too.
    let shipped = app
        .call(
            "set_stock_status",
            json!({"items": [STOCK_SENSOR_BOARD_1003_SHIPPED], "status": 70}),
        )
        .await;
    assert_eq!(shipped["changed"], json!([STOCK_SENSOR_BOARD_1003_SHIPPED]));
}

#[tokio::test]
async fn refused_status_changes_change_nothing() {
    let app = app().await;
    let cases = [
        (
            json!({"items": [STOCK_RESISTOR_10K_BIN_A1], "status": 99}),
            "invalid argument `status`: must be a stock status, one of 10 (OK), 50 (Attention needed), \
             55 (Damaged), 60 (Destroyed), 65 (Rejected), 70 (Lost), 75 (Quarantined), 85 (Returned), \
             101 (Needs rework); got 99",
        ),
        (
            json!({"items": [STOCK_RESISTOR_10K_BIN_A1, 9999], "status": 60}),
            "stock item 9999 does not exist",
        ),
        (
            json!({"items": [STOCK_RESISTOR_10K_BIN_A1, STOCK_RESISTOR_10K_BIN_A1], "status": 60}),
            "invalid argument `items[1]`: repeats stock item 1 of items[0]; name each item once",
        ),
        (
            json!({"items": [], "status": 60}),
            "invalid argument `items`: must list 1 to 100 stock items, got 0",
        ),
        (
            json!({"items": [STOCK_RESISTOR_10K_BIN_A1]}),
            "invalid argument `status`: is required",
        ),
        (
            json!({"items": [STOCK_RESISTOR_10K_BIN_A1], "status": 60, "note": "x".repeat(513)}),
            "invalid argument `note`: is 513 characters long; at most 512",
        ),
    ];
    for (args, message) in cases {
        let before = (
            tables(&app.db.pool).await,
            item_row(&app.db.pool, STOCK_RESISTOR_10K_BIN_A1).await,
        );
        assert_eq!(
            app.call_err("set_stock_status", args.clone()).await,
            message,
            "{args}"
        );
        assert_eq!(
            (
                tables(&app.db.pool).await,
                item_row(&app.db.pool, STOCK_RESISTOR_10K_BIN_A1).await
            ),
            before,
            "{args}"
        );
    }
}

#[tokio::test]
async fn status_dry_runs_and_replays() {
    let app = app().await;
    let before = (
        tables(&app.db.pool).await,
        item_row(&app.db.pool, STOCK_RESISTOR_10K_BIN_A1).await,
    );
    let answer = app
        .call(
            "set_stock_status",
            json!({"items": [STOCK_RESISTOR_10K_BIN_A1], "status": 75, "dry_run": true}),
        )
        .await;
    assert_eq!(answer["changed"], json!([STOCK_RESISTOR_10K_BIN_A1]));
    assert_eq!(answer["items"][0]["status"]["name"], "Quarantined");
    assert_eq!(answer["items"][0]["in_stock"], false);
    assert!(answer["tracking"][0].get("id").is_none(), "{answer}");
    assert_eq!(
        (
            tables(&app.db.pool).await,
            item_row(&app.db.pool, STOCK_RESISTOR_10K_BIN_A1).await
        ),
        before
    );
    let args = json!({"items": [STOCK_RESISTOR_10K_BIN_A1], "status": 75, "idempotency_key": "quarantine-1"});
    let first = app.call("set_stock_status", args.clone()).await;
    assert_eq!(app.call("set_stock_status", args).await, first);
    assert_eq!(
        tracking_since(&app.db.pool, LAST_DEMO_TRACKING).await.len(),
        1
    );
}

// create_stock_item

/// The columns InvenTree fills for a new stock item, by name.
async fn new_item(pool: &PgPool, item: i64) -> Value {
    sqlx::query_scalar(
        "SELECT json_build_object('part', part_id, 'location', location_id, 'quantity', quantity::text,
                'serial', serial, 'serial_int', serial_int, 'batch', batch, 'status', status,
                'custom', status_custom_key, 'expiry_date', expiry_date, 'price', purchase_price::text,
                'currency', purchase_price_currency, 'supplier_part', supplier_part_id,
                'purchase_order', purchase_order_id, 'parent', parent_id, 'tree', json_build_array(tree_id, lft, rght, level),
                'delete_on_deplete', delete_on_deplete, 'is_building', is_building, 'link', link,
                'metadata', metadata, 'barcode', barcode_data || barcode_hash, 'notes', notes,
                'packaging', packaging, 'owner', owner_id, 'stocktake', json_build_array(stocktake_date, stocktake_user_id),
                'elsewhere', json_build_array(belongs_to_id, sales_order_id, customer_id, consumed_by_id, build_id),
                'fresh', updated > now() - interval '1 minute' AND creation_date > now() - interval '1 minute')
         FROM stock_stockitem WHERE id = $1",
    )
    .bind(item)
    .fetch_one(pool)
    .await
    .unwrap()
}

/// The demo's largest stock item tree: each item is its own root, tree_id = id, up to 40.
const LAST_DEMO_TREE: i64 = 40;

/// A new item's columns as InvenTree writes them for the API defaults; tests override some.
fn defaults(part: i64, location: Value, quantity: &str) -> Value {
    json!({"part": part, "location": location, "quantity": quantity, "serial": null, "serial_int": 0,
           "batch": "", "status": 10, "custom": null, "expiry_date": null, "price": null,
           "currency": "USD", "supplier_part": null, "purchase_order": null, "parent": null,
           "tree": [LAST_DEMO_TREE + 1, 1, 2, 0], "delete_on_deplete": true, "is_building": false,
           "link": "", "metadata": {}, "barcode": "", "notes": null, "packaging": null, "owner": null,
           "stocktake": [null, null], "elsewhere": [null, null, null, null, null], "fresh": true})
}

fn merged(mut base: Value, changes: Value) -> Value {
    for (key, value) in changes.as_object().unwrap() {
        base[key] = value.clone();
    }
    base
}

#[tokio::test]
async fn creating_stock_writes_inventree_rows() {
    let app = app().await;
    let answer = app
        .call(
            "create_stock_item",
            json!({"part_id": RESISTOR_10K, "location_id": BIN_A2, "quantity": 250, "batch": " R10K-2701 ",
                   "expiry_date": "2027-06-30", "purchase_price": 0.0021, "purchase_price_currency": "EUR",
                   "supplier_part_id": 1}),
        )
        .await;
    let id = answer["items"][0]["id"].as_i64().unwrap();
    assert_eq!(id, 41);
    assert_eq!(
        answer["items"][0]["location_path"],
        "Warehouse/Shelf A/Bin A2"
    );
    assert_eq!(answer["items"][0]["supplier_sku"], "ACME-R10K-0603");
    assert_eq!(
        new_item(&app.db.pool, id).await,
        merged(
            defaults(RESISTOR_10K, json!(BIN_A2), "250.00000"),
            json!({"batch": "R10K-2701", "expiry_date": "2027-06-30", "price": "0.002100", "currency": "EUR",
                   "supplier_part": 1})
        )
    );
    // Tracking code 1 (CREATED): the status, the location, the quantity as a float.
    assert_eq!(
        tracking_since(&app.db.pool, LAST_DEMO_TRACKING).await,
        vec![
            json!({"item": id, "part": RESISTOR_10K, "user": ALLACCESS_USER, "type": 1,
                   "deltas": {"status": 10, "location": BIN_A2, "quantity": 250.0}, "notes": "", "fresh": true})
        ]
    );
    assert_eq!(answer["tracking"][0]["tracking_name"], "Stock item created");
}

#[tokio::test]
async fn new_stock_takes_inventrees_defaults() {
    let app = app().await;
    // The capacitor's default location and shelf life; no price, yet the currency is stored.
    sqlx::query("UPDATE part_part SET default_location_id = $2, default_expiry = 30 WHERE id = $1")
        .bind(CAPACITOR_100N)
        .bind(BIN_A2)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let answer = app
        .call(
            "create_stock_item",
            json!({"part_id": CAPACITOR_100N, "quantity": 4000}),
        )
        .await;
    let id = answer["items"][0]["id"].as_i64().unwrap();
    let in_30_days: String = sqlx::query_scalar("SELECT (CURRENT_DATE + 30)::text")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(
        new_item(&app.db.pool, id).await,
        merged(
            defaults(CAPACITOR_100N, json!(BIN_A2), "4000.00000"),
            json!({"expiry_date": in_30_days})
        )
    );
    // No location at all: none in the history either. The site's settings: a batch code
    // template, another default currency, depleted items kept.
    set_setting(
        &app.db.pool,
        "STOCK_BATCH_CODE_TEMPLATE",
        "{{ year }}-{{ month }}-{{ day }}",
    )
    .await;
    set_setting(&app.db.pool, "INVENTREE_DEFAULT_CURRENCY", "EUR").await;
    set_setting(&app.db.pool, "STOCK_DELETE_DEPLETED_DEFAULT", "False").await;
    let answer = app
        .call(
            "create_stock_item",
            json!({"part_id": NE555, "quantity": 12, "status": 50}),
        )
        .await;
    let id = answer["items"][0]["id"].as_i64().unwrap();
    let now = chrono::Utc::now();
    let batch = {
        use chrono::Datelike;
        format!("{}-{}-{}", now.year(), now.month(), now.day())
    };
    assert_eq!(
        new_item(&app.db.pool, id).await,
        merged(
            defaults(NE555, json!(null), "12.00000"),
            json!({"batch": batch, "currency": "EUR", "status": 50, "delete_on_deplete": false,
                   "tree": [LAST_DEMO_TREE + 2, 1, 2, 0]})
        )
    );
    assert_eq!(
        tracking_since(&app.db.pool, LAST_DEMO_TRACKING).await[1]["deltas"],
        json!({"status": 50, "quantity": 12.0})
    );
    // A template using more than the date is not reproduced: the batch is asked for.
    sqlx::query(
        "UPDATE common_inventreesetting SET value = $1 WHERE key = 'STOCK_BATCH_CODE_TEMPLATE'",
    )
    .bind("{{ item.part.IPN }}-{{ year }}")
    .execute(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(
        app.call_err(
            "create_stock_item",
            json!({"part_id": NE555, "quantity": 1})
        )
        .await,
        "invalid argument `batch`: is needed: this InvenTree makes batch codes from the template \
         `{{ item.part.IPN }}-{{ year }}`, which is not reproduced here"
    );
}

#[tokio::test]
async fn serials_make_one_item_each() {
    let app = app().await;
    let answer = app
        .call(
            "create_stock_item",
            json!({"part_id": SENSOR_BOARD, "location_id": SHELF_A, "quantity": 2, "serials": ["2001", "SN-2002"],
                   "status": 101}),
        )
        .await;
    let ids: Vec<i64> = answer["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![41, 42]);
    // Each its own tree, quantity 1, serial_int the serial's number, never deleted when
    // depleted (StockItem.clean forces delete_on_deplete off for serialized items).
    for (n, (id, serial, serial_int)) in [(41, "2001", 2001), (42, "SN-2002", 2002)]
        .into_iter()
        .enumerate()
    {
        assert_eq!(
            new_item(&app.db.pool, id).await,
            merged(
                defaults(SENSOR_BOARD, json!(SHELF_A), "1.00000"),
                json!({"serial": serial, "serial_int": serial_int, "status": 50, "custom": 101,
                       "tree": [LAST_DEMO_TREE + 1 + n as i64, 1, 2, 0], "delete_on_deplete": false})
            )
        );
    }
    assert_eq!(
        tracking_since(&app.db.pool, LAST_DEMO_TRACKING).await,
        [41, 42]
            .map(|id| json!({"item": id, "part": SENSOR_BOARD, "user": ALLACCESS_USER, "type": 1,
                             "deltas": {"status": 101, "location": SHELF_A, "quantity": 1.0}, "notes": "", "fresh": true}))
            .to_vec()
    );
    assert_eq!(answer["items"][1]["status"]["custom"], "Needs rework");
}

#[tokio::test]
async fn refused_creations_change_nothing() {
    let app = app().await;
    let cases = [
        (
            json!({"part_id": 25, "quantity": 1}),
            "invalid argument `part_id`: part 25 (Assembly labour) is virtual: InvenTree keeps no stock of virtual parts",
        ),
        (
            json!({"part_id": 9999, "quantity": 1}),
            "part 9999 does not exist",
        ),
        (
            json!({"part_id": RESISTOR_10K, "quantity": 2, "serials": ["A", "B"]}),
            "invalid argument `serials`: part 1 (Resistor 10k 0603) is not trackable: only trackable parts take serial numbers",
        ),
        (
            json!({"part_id": SENSOR_BOARD, "quantity": 3, "serials": ["2001", "2002"]}),
            "invalid argument `quantity`: is 3, but 2 serial numbers were given: one item per serial, so the quantity must be their number",
        ),
        (
            json!({"part_id": SENSOR_BOARD, "quantity": 2, "serials": ["2001", "1001"]}),
            "invalid argument `serials`: already exist for this part, its template or its variants: 1001",
        ),
        (
            json!({"part_id": SENSOR_BOARD, "quantity": 2, "serials": ["2001", " 2001"]}),
            "invalid argument `serials[1]`: repeats serial number 2001 of serials[0]",
        ),
        (
            json!({"part_id": SENSOR_BOARD, "quantity": 1, "serials": [" "]}),
            "invalid argument `serials[0]`: is blank",
        ),
        (
            json!({"part_id": SENSOR_BOARD, "quantity": 2.5}),
            "invalid argument `quantity`: part Sensor board is trackable: the quantity must be a whole number",
        ),
        (
            json!({"part_id": RESISTOR_10K, "quantity": -5}),
            "invalid argument `quantity`: must be 0 or more, got -5",
        ),
        (
            json!({"part_id": RESISTOR_10K, "quantity": 5, "location_id": WAREHOUSE}),
            "invalid argument `location_id`: location_id is location 1 (Warehouse), which is structural: it holds no stock directly",
        ),
        (
            json!({"part_id": RESISTOR_10K, "quantity": 5, "location_id": 999}),
            "location 999 does not exist",
        ),
        (
            json!({"part_id": RESISTOR_10K, "quantity": 5, "supplier_part_id": 2}),
            "invalid argument `supplier_part_id`: supplier part 2 (ACME-C100N-REEL) is for part 6 (Capacitor 100nF 0603), not part 1",
        ),
        (
            json!({"part_id": RESISTOR_10K, "quantity": 5, "supplier_part_id": 99}),
            "supplier part 99 does not exist",
        ),
        (
            json!({"part_id": RESISTOR_10K, "quantity": 5, "status": 11}),
            "invalid argument `status`: must be a stock status, one of 10 (OK), 50 (Attention needed), \
             55 (Damaged), 60 (Destroyed), 65 (Rejected), 70 (Lost), 75 (Quarantined), 85 (Returned), \
             101 (Needs rework); got 11",
        ),
        (
            json!({"part_id": RESISTOR_10K, "quantity": 5, "purchase_price": -1}),
            "invalid argument `purchase_price`: must be a number from 0 to below 10,000,000,000,000, got -1",
        ),
        (
            json!({"part_id": RESISTOR_10K, "quantity": 5, "purchase_price": 0.0000001}),
            "invalid argument `purchase_price`: may have at most 6 decimal places, got 0.0000001",
        ),
        (
            json!({"part_id": RESISTOR_10K, "quantity": 5, "purchase_price": 1, "purchase_price_currency": "XYZ"}),
            "invalid argument `purchase_price_currency`: must be one of this InvenTree's currencies \
             (AUD, CAD, CNY, EUR, GBP, JPY, NZD, USD), got `XYZ`",
        ),
        (
            json!({"part_id": RESISTOR_10K, "quantity": 5, "expiry_date": "30/06/2027"}),
            "invalid argument `expiry_date`: `30/06/2027` is not a date written YYYY-MM-DD (2027-06-30)",
        ),
        (
            json!({"part_id": RESISTOR_10K, "quantity": 5, "batch": "x".repeat(101)}),
            "invalid argument `batch`: is 101 characters long; at most 100",
        ),
        (
            json!({"part_id": RESISTOR_10K}),
            "invalid argument `quantity`: is required",
        ),
    ];
    for (args, message) in cases {
        let before = tables(&app.db.pool).await;
        assert_eq!(
            app.call_err("create_stock_item", args.clone()).await,
            message,
            "{args}"
        );
        assert_eq!(tables(&app.db.pool).await, before, "{args}");
    }
    // A part's default location that is structural is refused as the location InvenTree
    // would use.
    sqlx::query("UPDATE part_part SET default_location_id = $2 WHERE id = $1")
        .bind(RESISTOR_10K)
        .bind(WAREHOUSE)
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(
        app.call_err(
            "create_stock_item",
            json!({"part_id": RESISTOR_10K, "quantity": 5})
        )
        .await,
        "invalid argument `location_id`: the part's default location is location 1 (Warehouse), which is structural: it holds no stock directly"
    );
}

#[tokio::test]
async fn serial_uniqueness_follows_the_site_setting() {
    let app = app().await;
    // The controller board made trackable: a tree of its own, so 1001 is free for it...
    sqlx::query("UPDATE part_part SET trackable = true WHERE id = 23")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let args = json!({"part_id": 23, "quantity": 1, "serials": ["1001"], "dry_run": true});
    let answer = app.call("create_stock_item", args.clone()).await;
    assert_eq!(answer["items"][0]["serial"], "1001");
    assert!(answer["items"][0].get("id").is_none(), "{answer}");
    assert!(answer["tracking"][0].get("id").is_none(), "{answer}");
    // ...unless serial numbers are unique across all parts.
    set_setting(&app.db.pool, "SERIAL_NUMBER_GLOBALLY_UNIQUE", "True").await;
    let before = tables(&app.db.pool).await;
    assert_eq!(
        app.call_err("create_stock_item", args).await,
        "invalid argument `serials`: already exist in this InvenTree (serial numbers are globally unique): 1001"
    );
    assert_eq!(tables(&app.db.pool).await, before);
}

#[tokio::test]
async fn create_dry_runs_replays_and_races() {
    let app = app().await;
    let before = tables(&app.db.pool).await;
    let args =
        json!({"part_id": RESISTOR_10K, "location_id": BIN_A1, "quantity": 10, "dry_run": true});
    let answer = app.call("create_stock_item", args).await;
    assert_eq!(answer["dry_run"], true);
    assert_eq!(answer["items"][0]["quantity"], 10.0);
    assert!(answer["items"][0].get("id").is_none(), "{answer}");
    assert_eq!(
        answer["tracking"][0]["deltas"],
        json!({"status": 10, "location": BIN_A1, "quantity": 10.0})
    );
    assert_eq!(tables(&app.db.pool).await, before);
    let args = json!({"part_id": RESISTOR_10K, "location_id": BIN_A1, "quantity": 10, "idempotency_key": "goods-in-77"});
    let first = app.call("create_stock_item", args.clone()).await;
    assert_eq!(app.call("create_stock_item", args).await, first);
    let after = tables(&app.db.pool).await;
    assert_eq!(after["items"], before["items"].as_i64().unwrap() + 1);
    // Two calls creating the same serial: one wins, the other finds it taken.
    let calls = [1, 2].map(|_| {
        app.call_in(
            common::Era::Stateless,
            "create_stock_item",
            json!({"part_id": SENSOR_BOARD, "quantity": 1, "serials": ["3001"], "location_id": SHELF_A}),
        )
    });
    let results = join_all(calls).await;
    let errors: Vec<&Value> = results.iter().filter(|r| r["isError"] == true).collect();
    assert_eq!(errors.len(), 1, "{results:?}");
    assert_eq!(
        errors[0]["content"][0]["text"],
        "invalid argument `serials`: already exist for this part, its template or its variants: 3001"
    );
    let made: i64 =
        sqlx::query_scalar("SELECT count(*) FROM stock_stockitem WHERE serial = '3001'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(made, 1);
}

#[tokio::test]
async fn daily_writes_need_their_roles() {
    let viewer = TestApp::start().await.with_token(VIEWER_TOKEN);
    for (tool, args, permission) in [
        (
            "count_stock",
            json!({"items": [{"stock_item_id": 1, "quantity": 1}]}),
            "stock.add (InvenTree role `stock`, action `add`)",
        ),
        (
            "set_stock_status",
            json!({"items": [1], "status": 55}),
            "stock.add (InvenTree role `stock`, action `add`)",
        ),
        (
            "create_stock_item",
            json!({"part_id": 1, "quantity": 1}),
            "stock.add (InvenTree role `stock`, action `add`)",
        ),
    ] {
        assert_eq!(
            viewer.call_err(tool, args).await,
            format!("permission denied: this tool requires {permission}")
        );
    }
    assert_eq!(
        tables(&viewer.db.pool).await["last_history"],
        LAST_DEMO_TRACKING
    );
}

/// On InvenTree's own demo dataset, the admin created 400 of part 60 at location 38 through
/// InvenTree (item 1214, history entry 1130): the same creation here leaves the same row and
/// entry, but for the new ids, the times and the batch code the template makes of the date.
#[tokio::test]
async fn created_stock_matches_inventrees_own_rows() {
    let Some(app) = common::shared_demo::serve(|_| {}).await else {
        return;
    };
    let made = app
        .call(
            "create_stock_item",
            json!({"part_id": 60, "location_id": 38, "quantity": 400}),
        )
        .await;
    let id = made["items"][0]["id"].as_i64().unwrap();
    let varying = ["id", "updated", "creation_date", "tree_id", "batch"];
    assert_eq!(
        other_columns(&app.db.pool, id, &varying).await,
        merged(
            other_columns(&app.db.pool, 1214, &varying).await,
            // InvenTree's form sent an empty packaging; its API leaves it NULL when not given.
            json!({"packaging": null})
        )
    );
    let batch = item_row(&app.db.pool, id).await["batch"].clone();
    let now = chrono::Utc::now();
    let expected = {
        use chrono::Datelike;
        format!("{}-{}-{}", now.year(), now.month(), now.day())
    };
    // STOCK_BATCH_CODE_TEMPLATE `{{ year }}-{{ month }}-{{ day }}`: 2024-2-29 then.
    assert_eq!(item_row(&app.db.pool, 1214).await["batch"], "2024-2-29");
    assert_eq!(batch, expected);
    let entry = |item: i64| {
        let pool = app.db.pool.clone();
        async move {
            sqlx::query_scalar::<_, Value>(
                "SELECT json_build_object('type', tracking_type, 'user', user_id, 'part', part_id,
                                          'deltas', deltas, 'notes', notes)
                 FROM stock_stockitemtracking WHERE item_id = $1",
            )
            .bind(item)
            .fetch_all(&pool)
            .await
            .unwrap()
        }
    };
    assert_eq!(entry(id).await, entry(1214).await);
}

/// Likewise for serial numbers: the admin created serialized items of part 87 with no
/// location through InvenTree (item 1194, serial 15).
#[tokio::test]
async fn serialized_stock_matches_inventrees_own_rows() {
    let Some(app) = common::shared_demo::serve(|_| {}).await else {
        return;
    };
    let made = app
        .call(
            "create_stock_item",
            json!({"part_id": 87, "quantity": 1, "serials": ["9015"], "batch": "BX-123-2024-2-7"}),
        )
        .await;
    let id = made["items"][0]["id"].as_i64().unwrap();
    let varying = [
        "id",
        "updated",
        "creation_date",
        "tree_id",
        "serial",
        "serial_int",
    ];
    assert_eq!(
        other_columns(&app.db.pool, id, &varying).await,
        merged(
            other_columns(&app.db.pool, 1194, &varying).await,
            json!({"packaging": null})
        )
    );
    let row = item_row(&app.db.pool, id).await;
    assert_eq!(
        (row["serial"].clone(), row["serial_int"].clone()),
        (json!("9015"), json!(9015))
    );
    let entries: Vec<Value> = sqlx::query_scalar(
        "SELECT json_build_object('type', tracking_type, 'user', user_id, 'part', part_id,
                                  'deltas', deltas, 'notes', notes)
         FROM stock_stockitemtracking WHERE item_id = ANY($1) ORDER BY item_id",
    )
    .bind(vec![1194, id])
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(entries[0], entries[1]);
}
