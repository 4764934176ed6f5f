//! adjust_stock and transfer_stock: the rows they leave, compared with what InvenTree's own
//! code writes for the same operation; modes (dry run, expected quantity, idempotency);
//! refusals that leave the database unchanged; concurrency.

use crate::common;

use common::fixtures::*;
use common::{TestApp, tracking_since};
use futures::future::join_all;
use serde_json::{Value, json};
use sqlx::PgPool;

/// The columns of a stock item a write may touch, and its history, as JSON.
async fn snapshot(pool: &PgPool, item: i64) -> Value {
    sqlx::query_scalar(
        "SELECT json_build_object(
            'item', (SELECT row_to_json(s) FROM (SELECT id, part_id, quantity::float8 AS quantity, location_id,
                     parent_id, tree_id, lft, rght, level, batch, status, serial, updated
                     FROM stock_stockitem WHERE id = $1) s),
            'tracking', (SELECT COALESCE(json_agg(t ORDER BY t.id), '[]') FROM (
                     SELECT id, item_id, part_id, user_id, tracking_type, deltas, notes
                     FROM stock_stockitemtracking WHERE item_id = $1) t),
            'items', (SELECT count(*) FROM stock_stockitem),
            'history', (SELECT count(*) FROM stock_stockitemtracking))",
    )
    .bind(item)
    .fetch_one(pool)
    .await
    .unwrap()
}

async fn quantity(pool: &PgPool, item: i64) -> f64 {
    sqlx::query_scalar("SELECT quantity::float8 FROM stock_stockitem WHERE id = $1")
        .bind(item)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn app() -> TestApp {
    TestApp::start().await.with_token(ALLACCESS_TOKEN)
}

const ALLACCESS_USER: i64 = 4;

#[tokio::test]
async fn adding_stock_writes_inventree_rows() {
    let app = app().await;
    let before = snapshot(&app.db.pool, STOCK_RESISTOR_10K_BIN_A1).await;
    let answer = app
        .call(
            "adjust_stock",
            json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": 5, "notes": "Found a reel"}),
        )
        .await;
    assert_eq!(
        (
            answer["previous_quantity"].clone(),
            answer["quantity"].clone()
        ),
        (json!(4000.0), json!(4005.0))
    );
    assert_eq!(
        (answer["dry_run"].clone(), answer["deleted"].clone()),
        (json!(false), json!(false))
    );
    assert_eq!(answer["items"][0]["quantity"], 4005.0);
    assert_eq!(answer["tracking"][0]["user"], "allaccess");
    assert_eq!(
        quantity(&app.db.pool, STOCK_RESISTOR_10K_BIN_A1).await,
        4005.0
    );
    // Stock item tracking code 11 with the deltas Django writes (floats).
    assert_eq!(
        tracking_since(&app.db.pool, LAST_DEMO_TRACKING).await,
        vec![
            json!({"item": STOCK_RESISTOR_10K_BIN_A1, "part": RESISTOR_10K, "user": ALLACCESS_USER, "type": 11,
                    "deltas": {"added": 5.0, "quantity": 4005.0}, "notes": "Found a reel", "fresh": true})
        ]
    );
    let after = snapshot(&app.db.pool, STOCK_RESISTOR_10K_BIN_A1).await;
    assert_ne!(after["item"]["updated"], before["item"]["updated"]);
    assert_eq!(after["items"], before["items"]);
}

#[tokio::test]
async fn removing_stock_writes_inventree_rows() {
    let app = app().await;
    let answer = app
        .call(
            "adjust_stock",
            json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": -100.5}),
        )
        .await;
    assert_eq!(answer["quantity"], 3899.5);
    assert_eq!(
        tracking_since(&app.db.pool, LAST_DEMO_TRACKING).await,
        vec![
            json!({"item": STOCK_RESISTOR_10K_BIN_A1, "part": RESISTOR_10K, "user": ALLACCESS_USER, "type": 12,
                    "deltas": {"removed": 100.5, "quantity": 3899.5}, "notes": "", "fresh": true})
        ]
    );
}

#[tokio::test]
async fn refused_adjustments_change_nothing() {
    let app = app().await;
    let cases = [
        (
            json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": -4001}),
            "invalid argument `quantity`: cannot remove 4001 from stock item 1, which holds 4000",
        ),
        (
            json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": 0}),
            "invalid argument `quantity`: must not be 0: positive adds, negative removes",
        ),
        (
            json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": 1e12}),
            "invalid argument `quantity`: must be a number below 10,000,000,000 in size, got 1000000000000",
        ),
        (
            json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": 0.000001}),
            "invalid argument `quantity`: may have at most 5 decimal places, got 0.000001",
        ),
        (
            json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": "NaN"}),
            "invalid argument `quantity`: must be a number, got \"NaN\"",
        ),
        (
            json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": 1, "notes": "<script>x</script>"}),
            "invalid argument `notes`: contains HTML tags, which InvenTree refuses",
        ),
        (
            json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": 1, "notes": "x".repeat(513)}),
            "invalid argument `notes`: is 513 characters long; at most 512",
        ),
        (
            json!({"stock_item_id": 9999, "quantity": 1}),
            "stock item 9999 does not exist",
        ),
        (
            json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": 1, "expected_quantity": 3999}),
            "stock item 1 holds 4000, not the expected 3999: it changed since it was read",
        ),
        // Serialized items are counted one by one.
        (
            json!({"stock_item_id": STOCK_SENSOR_BOARD_1001, "quantity": 1}),
            "stock item 29 is serial number 1001: its quantity cannot be adjusted",
        ),
        // Sold, installed and consumed stock is out of reach, as in InvenTree.
        (
            json!({"stock_item_id": STOCK_SENSOR_BOARD_1003_SHIPPED, "quantity": 1}),
            "stock item 31 is allocated to a sales order, so InvenTree does not allow changing it",
        ),
        (
            json!({"stock_item_id": STOCK_SENSOR_BOARD_1006_INSTALLED, "quantity": 1}),
            "stock item 36 is installed in another item, so InvenTree does not allow changing it",
        ),
        (
            json!({"stock_item_id": STOCK_RESISTOR_10K_CONSUMED, "quantity": 1}),
            "stock item 7 is consumed by a build, so InvenTree does not allow changing it",
        ),
        // The sensor board is trackable: whole units only.
        (
            json!({"stock_item_id": STOCK_SENSOR_BOARD_BENCH_1, "quantity": 0.5}),
            "invalid argument `quantity`: part Sensor board is trackable: the quantity must be a whole number",
        ),
    ];
    for (args, message) in cases {
        let item = args["stock_item_id"].as_i64().unwrap();
        let before = snapshot(&app.db.pool, item).await;
        assert_eq!(
            app.call_err("adjust_stock", args.clone()).await,
            message,
            "{args}"
        );
        assert_eq!(snapshot(&app.db.pool, item).await, before, "{args}");
    }
}

#[tokio::test]
async fn emptying_an_item_deletes_it_as_inventree_does() {
    let app = app().await;
    // The 4k7 resistor's item (750) has delete_on_deplete set, as InvenTree's default.
    let answer = app
        .call(
            "adjust_stock",
            json!({"stock_item_id": STOCK_RESISTOR_4K7_BIN_A1, "quantity": -750}),
        )
        .await;
    assert_eq!(
        (answer["deleted"].clone(), answer["quantity"].clone()),
        (json!(true), json!(0.0))
    );
    assert_eq!(answer["items"], json!([]));
    assert_eq!(answer["tracking"], json!([]));
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM stock_stockitem WHERE id = $1")
        .bind(STOCK_RESISTOR_4K7_BIN_A1)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(left, 0);
    // Without delete_on_deplete the empty item stays, with its history entry.
    sqlx::query("UPDATE stock_stockitem SET delete_on_deplete = false WHERE id = $1")
        .bind(STOCK_RESISTOR_220R_BIN_A1)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let kept = app
        .call(
            "adjust_stock",
            json!({"stock_item_id": STOCK_RESISTOR_220R_BIN_A1, "quantity": -300}),
        )
        .await;
    assert_eq!(
        (
            kept["deleted"].clone(),
            kept["items"][0]["quantity"].clone()
        ),
        (json!(false), json!(0.0))
    );
    assert_eq!(
        kept["tracking"][0]["deltas"],
        json!({"removed": 300.0, "quantity": 0.0})
    );
}

#[tokio::test]
async fn dry_runs_write_nothing() {
    let app = app().await;
    let before = snapshot(&app.db.pool, STOCK_RESISTOR_10K_BIN_A1).await;
    let answer = app
        .call(
            "adjust_stock",
            json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": -50, "dry_run": true}),
        )
        .await;
    assert_eq!(
        (answer["dry_run"].clone(), answer["quantity"].clone()),
        (json!(true), json!(3950.0))
    );
    assert_eq!(
        answer["tracking"][0]["deltas"],
        json!({"removed": 50.0, "quantity": 3950.0})
    );
    // The history entry is not written, so it has no id: a second dry run answers the same
    // (the rolled-back rows drew ids 4 and 5 from the sequence; neither will ever exist).
    assert!(answer["tracking"][0].get("id").is_none(), "{answer}");
    let again = app
        .call(
            "adjust_stock",
            json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": -50, "dry_run": true}),
        )
        .await;
    // Times (the entry's date, the item's `updated`) are the call's own.
    let history = |answer: &serde_json::Value| {
        let mut entry = answer["tracking"][0].clone();
        entry.as_object_mut().unwrap().remove("date");
        entry
    };
    assert_eq!(history(&again), history(&answer));
    let moved = app
        .call(
            "transfer_stock",
            json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "location_id": BENCH_1, "quantity": 10, "dry_run": true}),
        )
        .await;
    // The item split off is shown as it would be, without the id it would get.
    assert_eq!(moved["new_item"], json!(null));
    assert_eq!(moved["items"][0]["id"], STOCK_RESISTOR_10K_BIN_A1);
    assert_eq!(moved["items"][1]["location_path"], "Workshop/Bench 1");
    assert_eq!(moved["items"][1]["quantity"], 10.0);
    assert!(moved["items"][1].get("id").is_none(), "{moved}");
    let entries = moved["tracking"].as_array().unwrap();
    assert!(
        entries.iter().all(|entry| entry.get("id").is_none()),
        "{moved}"
    );
    // The parent's entry names the new item in InvenTree's deltas; a dry run has none to name.
    assert_eq!(
        entries[1]["deltas"],
        json!({"removed": 10.0, "quantity": 3990.0, "location": BENCH_1})
    );
    assert_eq!(
        snapshot(&app.db.pool, STOCK_RESISTOR_10K_BIN_A1).await,
        before
    );
}

#[tokio::test]
async fn idempotency_keys_apply_a_call_once() {
    let app = app().await;
    let args = json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": 7, "idempotency_key": "delivery-4711"});
    let first = app.call("adjust_stock", args.clone()).await;
    let retry = app.call("adjust_stock", args).await;
    assert_eq!(first, retry);
    assert_eq!(
        quantity(&app.db.pool, STOCK_RESISTOR_10K_BIN_A1).await,
        4007.0
    );
    assert_eq!(
        app.call_err(
            "adjust_stock",
            json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": 8, "idempotency_key": "delivery-4711"})
        )
        .await,
        "invalid argument `idempotency_key`: was already used for a different call; use a new key"
    );
    // A key is per user: another user's call with the same key is its own.
    let other = app.with_token(DEMO_TOKEN);
    other
        .call(
            "adjust_stock",
            json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": 7, "idempotency_key": "delivery-4711-b"}),
        )
        .await;
    assert_eq!(
        quantity(&other.db.pool, STOCK_RESISTOR_10K_BIN_A1).await,
        4014.0
    );
}

#[tokio::test]
async fn moving_a_whole_item() {
    let app = app().await;
    let answer = app
        .call(
            "transfer_stock",
            json!({"stock_item_id": STOCK_RESISTOR_220R_BIN_A1, "location_id": BIN_A2, "notes": "Resorted"}),
        )
        .await;
    assert_eq!(
        answer["items"][0]["location_path"],
        "Warehouse/Shelf A/Bin A2"
    );
    assert_eq!(answer["new_item"], json!(null));
    assert_eq!(
        tracking_since(&app.db.pool, LAST_DEMO_TRACKING).await,
        vec![
            json!({"item": STOCK_RESISTOR_220R_BIN_A1, "part": RESISTOR_220R, "user": ALLACCESS_USER, "type": 20,
                    "deltas": {"location": BIN_A2}, "notes": "Resorted", "fresh": true})
        ]
    );
    // Asking for more than the item holds moves the whole item, as in InvenTree.
    let all = app
        .call(
            "transfer_stock",
            json!({"stock_item_id": STOCK_RESISTOR_220R_BIN_A1, "location_id": BIN_A1, "quantity": 5000}),
        )
        .await;
    assert_eq!(
        (all["new_item"].clone(), all["quantity"].clone()),
        (json!(null), json!(300.0))
    );
    // Same place, no note: nothing to record.
    let same = app
        .call(
            "transfer_stock",
            json!({"stock_item_id": STOCK_RESISTOR_220R_BIN_A1, "location_id": BIN_A1}),
        )
        .await;
    assert_eq!(same["tracking"], json!([]));
}

#[tokio::test]
async fn moving_part_of_an_item_splits_it() {
    let app = app().await;
    let answer = app
        .call(
            "transfer_stock",
            json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "location_id": BENCH_1, "quantity": 1000}),
        )
        .await;
    let new_id = answer["new_item"].as_i64().unwrap();
    assert_eq!(answer["quantity"], 3000.0);
    let original = snapshot(&app.db.pool, STOCK_RESISTOR_10K_BIN_A1).await;
    let split = snapshot(&app.db.pool, new_id).await;
    // The new item copies the original and hangs below it in its tree.
    assert_eq!(split["item"]["parent_id"], STOCK_RESISTOR_10K_BIN_A1);
    assert_eq!(split["item"]["batch"], "R10K-2611");
    assert_eq!(split["item"]["quantity"], 1000.0);
    assert_eq!(split["item"]["location_id"], BENCH_1);
    assert_eq!(split["item"]["tree_id"], original["item"]["tree_id"]);
    let tree = |s: &Value| {
        (
            s["item"]["lft"].clone(),
            s["item"]["rght"].clone(),
            s["item"]["level"].clone(),
        )
    };
    assert_eq!(tree(&original), (json!(1), json!(4), json!(0)));
    assert_eq!(tree(&split), (json!(2), json!(3), json!(1)));
    // History: 40 on the new item, 42 on the original, no 20.
    assert_eq!(
        tracking_since(&app.db.pool, LAST_DEMO_TRACKING).await,
        vec![
            json!({"item": new_id, "part": RESISTOR_10K, "user": ALLACCESS_USER, "type": 40,
                   "deltas": {"stockitem": STOCK_RESISTOR_10K_BIN_A1, "location": BENCH_1, "quantity": 1000.0}, "notes": "", "fresh": true}),
            json!({"item": STOCK_RESISTOR_10K_BIN_A1, "part": RESISTOR_10K, "user": ALLACCESS_USER, "type": 42,
                   "deltas": {"removed": 1000.0, "quantity": 3000.0, "location": BENCH_1, "stockitem": new_id},
                   "notes": "", "fresh": true}),
        ]
    );
    // Splitting again renumbers the whole tree.
    let again = app
        .call(
            "transfer_stock",
            json!({"stock_item_id": new_id, "location_id": BIN_A1, "quantity": 10}),
        )
        .await;
    let grandchild = again["new_item"].as_i64().unwrap();
    assert_eq!(
        tree(&snapshot(&app.db.pool, STOCK_RESISTOR_10K_BIN_A1).await),
        (json!(1), json!(6), json!(0))
    );
    assert_eq!(
        tree(&snapshot(&app.db.pool, new_id).await),
        (json!(2), json!(5), json!(1))
    );
    assert_eq!(
        tree(&snapshot(&app.db.pool, grandchild).await),
        (json!(3), json!(4), json!(2))
    );
}

#[tokio::test]
async fn refused_transfers_change_nothing() {
    let app = app().await;
    let cases = [
        (
            json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "location_id": WAREHOUSE}),
            "invalid argument `location_id`: location 1 (Warehouse) is structural: it holds no stock directly",
        ),
        (
            json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "location_id": 999}),
            "location 999 does not exist",
        ),
        (
            json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "location_id": BIN_A1, "quantity": -1}),
            "invalid argument `quantity`: must be above 0",
        ),
        (
            json!({"stock_item_id": STOCK_RESISTOR_10K_EMPTY, "location_id": BIN_A2}),
            "stock item 9 is empty: there is nothing to move",
        ),
        (
            json!({"stock_item_id": STOCK_SENSOR_BOARD_1005_SHIPPED, "location_id": BIN_A2}),
            "stock item 33 is allocated to a sales order, so InvenTree does not allow changing it",
        ),
        (
            json!({"stock_item_id": STOCK_SENSOR_BOARD_BENCH_1, "location_id": BIN_A2, "quantity": 1.5}),
            "invalid argument `quantity`: part Sensor board is trackable: the quantity must be a whole number",
        ),
    ];
    for (args, message) in cases {
        let item = args["stock_item_id"].as_i64().unwrap();
        let before = snapshot(&app.db.pool, item).await;
        assert_eq!(
            app.call_err("transfer_stock", args.clone()).await,
            message,
            "{args}"
        );
        assert_eq!(snapshot(&app.db.pool, item).await, before, "{args}");
    }
}

#[tokio::test]
async fn writes_need_their_roles_and_a_writable_server() {
    let viewer = TestApp::start().await.with_token(VIEWER_TOKEN);
    assert_eq!(
        viewer
            .call_err(
                "adjust_stock",
                json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": 1})
            )
            .await,
        "permission denied: this tool requires stock.add (InvenTree role `stock`, action `add`)"
    );
    let read_only = TestApp::start_with(|config| config.read_only = true).await;
    let (_, body) = read_only
        .rpc(common::Era::Stateless, "tools/list", json!({}))
        .await;
    let names: Vec<&str> = body["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(!names.iter().any(|n| {
        [
            "adjust_stock",
            "transfer_stock",
            "create_part",
            "update_part",
        ]
        .contains(n)
    }));
    assert_eq!(names, common::golden_read_tool_names());
    assert_eq!(
        read_only
            .call_err(
                "adjust_stock",
                json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": 1})
            )
            .await,
        "this server is read-only (read_only = true): it makes no changes"
    );
    assert_eq!(
        quantity(&read_only.db.pool, STOCK_RESISTOR_10K_BIN_A1).await,
        4000.0
    );
}

#[tokio::test]
async fn concurrent_adjustments_lose_nothing() {
    let app = app().await;
    let calls = (0..50).map(|_| {
        app.call(
            "adjust_stock",
            json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": 1}),
        )
    });
    join_all(calls).await;
    assert_eq!(
        quantity(&app.db.pool, STOCK_RESISTOR_10K_BIN_A1).await,
        4050.0
    );
    let written: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM stock_stockitemtracking WHERE item_id = $1 AND tracking_type = 11",
    )
    .bind(STOCK_RESISTOR_10K_BIN_A1)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(written, 50);
    // Transfers and adjustments of one item interleave without losing an update.
    let moves = (0..10).map(|i| {
        app.call("transfer_stock", json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "location_id": if i % 2 == 0 { BIN_A2 } else { BIN_A1 }, "quantity": 1}))
    });
    let adds = (0..10).map(|_| {
        app.call(
            "adjust_stock",
            json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": 2}),
        )
    });
    tokio::join!(join_all(moves), join_all(adds));
    // 4050, less ten moves of 1, plus ten additions of 2.
    assert_eq!(
        quantity(&app.db.pool, STOCK_RESISTOR_10K_BIN_A1).await,
        4050.0 - 10.0 + 20.0
    );
    let children: i64 =
        sqlx::query_scalar("SELECT count(*) FROM stock_stockitem WHERE parent_id = $1")
            .bind(STOCK_RESISTOR_10K_BIN_A1)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(children, 10);
    // The tree is still a valid nested set: every child inside its parent's range.
    let broken: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM stock_stockitem c JOIN stock_stockitem p ON p.id = c.parent_id
         WHERE c.tree_id <> p.tree_id OR c.lft <= p.lft OR c.rght >= p.rght OR c.level <> p.level + 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(broken, 0);
}

#[tokio::test]
async fn quantities_stay_exact_and_bounded() {
    let app = app().await;
    sqlx::query("UPDATE stock_stockitem SET quantity = 0.3 WHERE id = $1")
        .bind(STOCK_HOOKUP_WIRE_BENCH_1)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let answer = app
        .call(
            "adjust_stock",
            json!({"stock_item_id": STOCK_HOOKUP_WIRE_BENCH_1, "quantity": -0.1}),
        )
        .await;
    // No float noise (0.19999999999999998) in the answer or the history.
    assert_eq!(answer["quantity"], 0.2);
    assert_eq!(
        answer["tracking"][0]["deltas"],
        json!({"removed": 0.1, "quantity": 0.2})
    );
    sqlx::query("UPDATE stock_stockitem SET quantity = 9000000000 WHERE id = $1")
        .bind(STOCK_SCREW_M3X8_SHELF_B)
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(
        app.call_err(
            "adjust_stock",
            json!({"stock_item_id": STOCK_SCREW_M3X8_SHELF_B, "quantity": 2000000000})
        )
        .await,
        "invalid argument `quantity`: stock item 23 would hold 11000000000, more than a quantity can be"
    );
    assert_eq!(quantity(&app.db.pool, STOCK_SCREW_M3X8_SHELF_B).await, 9e9);
}

#[tokio::test]
async fn nul_characters_are_refused_by_name() {
    let app = app().await;
    assert_eq!(
        app.call_err(
            "adjust_stock",
            json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": 1, "notes": "a\u{0}b"})
        )
        .await,
        "invalid argument `notes`: contains a NUL character"
    );
    assert_eq!(
        app.call_err("search_parts", json!({"query": "res\u{0}"}))
            .await,
        "invalid argument `query`: contains a NUL character"
    );
    assert_eq!(
        app.call_err("list_parts", json!({"tags": ["smd", "\u{0}"]}))
            .await,
        "invalid argument `tags[1]`: contains a NUL character"
    );
    assert_eq!(
        quantity(&app.db.pool, STOCK_RESISTOR_10K_BIN_A1).await,
        4000.0
    );
}
