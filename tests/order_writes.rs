//! receive_purchase_order and create_purchase_order: the rows they leave, compared with what
//! InvenTree's own code writes for the same operation (semantics-2.md §9(a), the order and
//! line APIs); refusals that name the argument and leave the tables as they were; dry runs,
//! idempotency keys, and concurrent receipts of one line.

use crate::common;

use common::fixtures::*;
use common::{Era, TestApp, error_text, shared_demo, tracking_since};
use futures::future::join_all;
use serde_json::{Value, json};
use sqlx::PgPool;

const ALLACCESS_USER: i64 = 4;
/// PO-0001, placed, with Acme Components (EUR): line 1 5000 of the 10k resistor (1000 in,
/// 0.002 EUR each), line 2 two reels of 4000 100 nF capacitors (none in, 24.50 EUR a reel),
/// line 3 ten ATmega328P (all in).
const PO_0001: i64 = 1;
/// PO-0002, complete.
const PO_0002: i64 = 2;
const LINE_RESISTORS: i64 = 1;
const LINE_CAPACITOR_REELS: i64 = 2;
const LINE_OF_PO_0002: i64 = 4;
const ACME: i64 = 1;
const GLOBEX: i64 = 2;
/// Supplier parts of Acme: the 10k resistor (packs of 1) and the capacitor reel (4000).
const SP_RESISTOR_10K: i64 = 1;
const SP_CAPACITOR_REEL: i64 = 2;
/// The demo's last stock item and tree (each item its own tree).
const LAST_DEMO_ITEM: i64 = 40;

async fn app() -> TestApp {
    TestApp::start().await.with_token(ALLACCESS_TOKEN)
}

/// What a receipt or an order creation may touch: every order with its lines, and the
/// stock and history counts.
async fn snapshot(pool: &PgPool) -> Value {
    sqlx::query_scalar(
        "SELECT json_build_object(
            'orders', (SELECT json_agg(o ORDER BY o.id) FROM (
                SELECT id, reference, reference_int, status, complete_date, received_by_id,
                       total_price::float8 AS total_price, total_price_currency, updated_at
                FROM order_purchaseorder) o),
            'lines', (SELECT json_agg(l ORDER BY l.id) FROM (
                SELECT id, order_id, part_id, quantity::float8 AS quantity,
                       received::float8 AS received, purchase_price::float8 AS purchase_price
                FROM order_purchaseorderlineitem) l),
            'items', (SELECT count(*) FROM stock_stockitem),
            'max_tree', (SELECT max(tree_id) FROM stock_stockitem),
            'history', (SELECT count(*) FROM stock_stockitemtracking))",
    )
    .fetch_one(pool)
    .await
    .unwrap()
}

/// Every column of the stock items after `after` that a receipt fills, by id.
async fn new_items(pool: &PgPool, after: i64) -> Vec<Value> {
    sqlx::query_scalar(
        "SELECT json_build_object(
            'id', id, 'part', part_id, 'supplier_part', supplier_part_id,
            'purchase_order', purchase_order_id, 'quantity', quantity::float8,
            'location', location_id, 'batch', batch, 'serial', serial, 'serial_int', serial_int,
            'status', status, 'status_custom_key', status_custom_key,
            'purchase_price', purchase_price::float8, 'currency', purchase_price_currency,
            'packaging', packaging, 'notes', notes, 'expiry_date', expiry_date,
            'delete_on_deplete', delete_on_deplete, 'tree', json_build_array(tree_id, lft, rght, level),
            'parent', parent_id, 'is_building', is_building, 'build', build_id,
            'metadata', metadata, 'barcode', barcode_data || barcode_hash,
            'fresh', updated > now() - interval '1 minute' AND creation_date > now() - interval '1 minute')
         FROM stock_stockitem WHERE id > $1 ORDER BY id",
    )
    .bind(after)
    .fetch_all(pool)
    .await
    .unwrap()
}

async fn line(pool: &PgPool, id: i64) -> (f64, f64) {
    sqlx::query_as(
        "SELECT quantity::float8, received::float8 FROM order_purchaseorderlineitem WHERE id = $1",
    )
    .bind(id)
    .fetch_one(pool)
    .await
    .unwrap()
}

async fn order_row(pool: &PgPool, id: i64) -> Value {
    sqlx::query_scalar(
        "SELECT json_build_object('reference', reference, 'reference_int', reference_int,
            'status', status, 'status_custom_key', status_custom_key, 'supplier', supplier_id,
            'created_by', created_by_id, 'received_by', received_by_id,
            'creation_date_today', creation_date = CURRENT_DATE,
            'complete_date_today', complete_date = CURRENT_DATE, 'issue_date', issue_date,
            'description', description, 'supplier_reference', supplier_reference,
            'target_date', target_date, 'project_code', project_code_id,
            'destination', destination_id, 'order_currency', order_currency,
            'total_price', total_price::float8, 'total_price_currency', total_price_currency,
            'notes', notes, 'link', link, 'metadata', metadata,
            'barcode', barcode_data || barcode_hash, 'responsible', responsible_id,
            'updated_fresh', updated_at > now() - interval '1 minute')
         FROM order_purchaseorder WHERE id = $1",
    )
    .bind(id)
    .fetch_one(pool)
    .await
    .unwrap()
}

async fn order_lines(pool: &PgPool, order: i64) -> Vec<Value> {
    sqlx::query_scalar(
        "SELECT json_build_object('part', part_id, 'quantity', quantity::float8,
            'received', received::float8, 'purchase_price', purchase_price::float8,
            'currency', purchase_price_currency, 'reference', reference, 'notes', notes,
            'link', link, 'destination', destination_id, 'target_date', target_date,
            'build_order', build_order_id, 'project_code', project_code_id, 'line', line,
            'line_int', line_int, 'metadata', metadata)
         FROM order_purchaseorderlineitem WHERE order_id = $1 ORDER BY id",
    )
    .bind(order)
    .fetch_all(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn receiving_a_reel_writes_inventree_rows() {
    let app = app().await;
    let answer = app
        .call(
            "receive_purchase_order",
            json!({"order_id": PO_0001, "lines": [
                {"line_id": LINE_CAPACITOR_REELS, "quantity": 1, "location_id": BIN_A2, "batch": "C100N-C"}
            ]}),
        )
        .await;
    let item = LAST_DEMO_ITEM + 1;
    // One reel is 4000 capacitors (pack_quantity_native); the price per capacitor is the
    // reel's 24.50 EUR / 4000; a tree of its own after the demo's 40.
    assert_eq!(
        new_items(&app.db.pool, LAST_DEMO_ITEM).await,
        vec![json!({
            "id": item, "part": CAPACITOR_100N, "supplier_part": SP_CAPACITOR_REEL,
            "purchase_order": PO_0001, "quantity": 4000, "location": BIN_A2, "batch": "C100N-C",
            "serial": "", "serial_int": 0, "status": 10, "status_custom_key": null,
            "purchase_price": 0.006125, "currency": "EUR", "packaging": null, "notes": "",
            "expiry_date": null, "delete_on_deplete": true, "tree": [41, 1, 2, 0],
            "parent": null, "is_building": false, "build": null, "metadata": {}, "barcode": "",
            "fresh": true
        })]
    );
    // Code 70 with InvenTree's deltas, by the caller; no CREATED (1) row (bulk insert).
    assert_eq!(
        tracking_since(&app.db.pool, LAST_DEMO_TRACKING).await,
        vec![
            json!({"item": item, "part": CAPACITOR_100N, "user": ALLACCESS_USER, "type": 70,
                    "deltas": {"location": BIN_A2, "purchaseorder": PO_0001, "quantity": 4000.0},
                    "notes": "", "fresh": true})
        ]
    );
    // Received counts packs.
    assert_eq!(line(&app.db.pool, LINE_CAPACITOR_REELS).await, (2.0, 1.0));
    assert_eq!(order_row(&app.db.pool, PO_0001).await["status"], 20);
    assert_eq!(answer["completed"], false);
    assert_eq!(answer["dry_run"], false);
    assert_eq!(answer["items"][0]["id"], item);
    assert_eq!(
        answer["items"][0]["location_path"],
        "Warehouse/Shelf A/Bin A2"
    );
    assert_eq!(answer["tracking"][0]["user"], "allaccess");
    assert_eq!(answer["order"]["lines"][1]["received"], 1.0);
    assert_eq!(answer["order"]["status"]["name"], "Placed");
}

#[tokio::test]
async fn receiving_every_line_completes_the_order() {
    let app = app().await;
    let first = app
        .call(
            "receive_purchase_order",
            json!({"order_id": PO_0001, "lines": [
                {"line_id": LINE_CAPACITOR_REELS, "quantity": 1, "location_id": BIN_A2}
            ]}),
        )
        .await;
    assert_eq!(first["completed"], false);
    let before = order_row(&app.db.pool, PO_0001).await;
    // The second reel counted in capacitors, with no location: InvenTree's
    // get_destination puts it where this line's earlier receipt went (Bin A2).
    let answer = app
        .call(
            "receive_purchase_order",
            json!({"order_id": PO_0001, "lines": [
                {"line_id": LINE_CAPACITOR_REELS, "quantity": 4000, "unit": "part",
                 "location_id": null, "status": 50, "expiry_date": "2027-06-30"},
                {"line_id": LINE_RESISTORS, "quantity": 4000, "location_id": BIN_A1,
                 "expected_received": 1000}
            ]}),
        )
        .await;
    let items = new_items(&app.db.pool, LAST_DEMO_ITEM + 1).await;
    let brief: Vec<Value> = items
        .iter()
        .map(|i| {
            json!([
                i["part"],
                i["quantity"],
                i["location"],
                i["status"],
                i["purchase_price"],
                i["expiry_date"],
                i["tree"]
            ])
        })
        .collect();
    assert_eq!(
        brief,
        vec![
            json!([
                CAPACITOR_100N,
                4000,
                BIN_A2,
                50,
                0.006125,
                "2027-06-30",
                [42, 1, 2, 0]
            ]),
            json!([RESISTOR_10K, 4000, BIN_A1, 10, 0.002, null, [43, 1, 2, 0]]),
        ]
    );
    assert_eq!(line(&app.db.pool, LINE_CAPACITOR_REELS).await, (2.0, 2.0));
    assert_eq!(line(&app.db.pool, LINE_RESISTORS).await, (5000.0, 5000.0));
    // PURCHASEORDER_AUTO_COMPLETE is unset (InvenTree's default: on): every line is in, so
    // the order is complete today, received by the caller; its total recomputed on save:
    // 5000 x 0.002 + 2 x 24.50 = 59 EUR (the supplier's currency).
    let after = order_row(&app.db.pool, PO_0001).await;
    assert_eq!(
        json!([
            after["status"],
            after["complete_date_today"],
            after["received_by"],
            after["total_price"],
            after["total_price_currency"],
            after["updated_fresh"]
        ]),
        json!([30, true, ALLACCESS_USER, 59, "EUR", true])
    );
    assert_eq!(before["status"], 20);
    assert_eq!(answer["completed"], true);
    assert_eq!(answer["order"]["status"]["name"], "Complete");
    let history = tracking_since(&app.db.pool, LAST_DEMO_TRACKING + 1).await;
    let deltas: Vec<Value> = history.iter().map(|t| t["deltas"].clone()).collect();
    assert_eq!(
        deltas,
        vec![
            json!({"location": BIN_A2, "purchaseorder": PO_0001, "quantity": 4000.0}),
            json!({"location": BIN_A1, "purchaseorder": PO_0001, "quantity": 4000.0}),
        ]
    );
    // The order's destination comes before earlier receipts' location.
    sqlx::query("UPDATE order_purchaseorder SET status = 20, destination_id = $2 WHERE id = $1")
        .bind(PO_0001)
        .bind(BENCH_1)
        .execute(&app.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE order_purchaseorderlineitem SET quantity = 3 WHERE id = $1")
        .bind(LINE_CAPACITOR_REELS)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let third = app
        .call(
            "receive_purchase_order",
            json!({"order_id": PO_0001, "lines": [{"line_id": LINE_CAPACITOR_REELS, "quantity": 1}]}),
        )
        .await;
    assert_eq!(third["items"][0]["location"], BENCH_1);
}

#[tokio::test]
async fn serialized_receipts_make_one_item_per_serial() {
    let app = app().await;
    // Acme also sells the (trackable) sensor board; PO-0001 orders three.
    sqlx::query(
        "INSERT INTO part_supplierpart (id, \"SKU\", base_cost, multiple, part_id, supplier_id, available,
             barcode_data, barcode_hash, pack_quantity, pack_quantity_native, active, \"primary\", metadata)
         VALUES (4, 'ACME-SENSOR', 0, 1, 22, 1, 0, '', '', '1', 1, true, false, '{}')",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO order_purchaseorderlineitem (id, quantity, reference, received, order_id, part_id,
             notes, link, line, line_int, metadata, purchase_price, purchase_price_currency)
         VALUES (5, 3, '', 0, 1, 4, '', '', '4', 4, '{}', 12.5, 'EUR')",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    let before = snapshot(&app.db.pool).await;
    let refused = [
        (
            json!({"line_id": 5, "quantity": 3, "location_id": SHELF_A, "serials": ["2001", "1001", "2003"]}),
            "invalid argument `lines[0].serials`: serial numbers already in use for part Sensor board: 1001",
        ),
        (
            json!({"line_id": 5, "quantity": 2, "location_id": SHELF_A, "serials": ["2001", "2002", "2003"]}),
            "invalid argument `lines[0].serials`: names 3 serial numbers for 2 units of part Sensor board: one per unit",
        ),
        (
            json!({"line_id": 5, "quantity": 2, "location_id": SHELF_A, "serials": ["2001", "2001"]}),
            "invalid argument `lines[0].serials`: names serial number 2001 twice",
        ),
        (
            json!({"line_id": LINE_CAPACITOR_REELS, "quantity": 1, "location_id": SHELF_A, "serials": ["1"]}),
            "invalid argument `lines[0].serials`: part Capacitor 100nF 0603 is not trackable: InvenTree takes serial numbers only for trackable parts",
        ),
    ];
    for (line_args, message) in refused {
        let args = json!({"order_id": PO_0001, "lines": [line_args]});
        assert_eq!(
            app.call_err("receive_purchase_order", args.clone()).await,
            message,
            "{args}"
        );
        assert_eq!(snapshot(&app.db.pool).await, before, "{args}");
    }
    // The same serial number on two lines of one call.
    let args = json!({"order_id": PO_0001, "lines": [
        {"line_id": 5, "quantity": 1, "location_id": SHELF_A, "serials": ["2001"]},
        {"line_id": 5, "quantity": 1, "location_id": SHELF_A, "serials": ["2001"]}
    ]});
    assert_eq!(
        app.call_err("receive_purchase_order", args).await,
        "invalid argument `lines[1].serials`: names serial number 2001 of part Sensor board, \
         which lines[0] names too"
    );
    assert_eq!(snapshot(&app.db.pool).await, before);
    app.call(
        "receive_purchase_order",
        json!({"order_id": PO_0001, "lines": [
            {"line_id": 5, "quantity": 3, "location_id": SHELF_A, "serials": ["2001", "2002", "SN-2003"]}
        ]}),
    )
    .await;
    let items = new_items(&app.db.pool, LAST_DEMO_ITEM).await;
    let brief: Vec<Value> = items
        .iter()
        .map(|i| {
            json!([
                i["part"],
                i["quantity"],
                i["serial"],
                i["serial_int"],
                i["purchase_price"],
                i["tree"]
            ])
        })
        .collect();
    // Quantity 1 each, serial_int the serial's number, a tree each.
    assert_eq!(
        brief,
        vec![
            json!([SENSOR_BOARD, 1, "2001", 2001, 12.5, [41, 1, 2, 0]]),
            json!([SENSOR_BOARD, 1, "2002", 2002, 12.5, [42, 1, 2, 0]]),
            json!([SENSOR_BOARD, 1, "SN-2003", 2003, 12.5, [43, 1, 2, 0]]),
        ]
    );
    let deltas: Vec<Value> = tracking_since(&app.db.pool, LAST_DEMO_TRACKING)
        .await
        .iter()
        .map(|t| json!([t["item"], t["type"], t["deltas"]]))
        .collect();
    assert_eq!(
        deltas,
        (41..=43)
            .map(|item| json!([item, 70, {"location": SHELF_A, "purchaseorder": PO_0001, "quantity": 1.0}]))
            .collect::<Vec<_>>()
    );
    assert_eq!(line(&app.db.pool, 5).await, (3.0, 3.0));
}

#[tokio::test]
async fn refused_receipts_change_nothing() {
    let app = app().await;
    let before = snapshot(&app.db.pool).await;
    let reels = |quantity: Value| json!({"line_id": LINE_CAPACITOR_REELS, "quantity": quantity, "location_id": BIN_A2});
    let cases = [
        (
            json!({"order_id": PO_0002, "lines": [{"line_id": LINE_OF_PO_0002, "quantity": 1, "location_id": BIN_A1}]}),
            "purchase order PO-0002 is Complete: InvenTree receives only against a placed order",
        ),
        (
            json!({"order_id": 999, "lines": [reels(json!(1))]}),
            "purchase order 999 does not exist",
        ),
        (
            json!({"order_id": PO_0001, "lines": []}),
            "invalid argument `lines`: must name at least one line to receive",
        ),
        (
            json!({"order_id": PO_0001, "lines": [reels(json!(3))]}),
            "invalid argument `lines[0].quantity`: line 2 expects 2 more packs (ordered 2, received 0); 3 packs would receive more than was ordered",
        ),
        // Within one call, the second receipt of a line counts the first.
        (
            json!({"order_id": PO_0001, "lines": [reels(json!(1.5)), reels(json!(1))]}),
            "invalid argument `lines[1].quantity`: line 2 expects 0.5 more packs (ordered 2, received 1.5); 1 packs would receive more than was ordered",
        ),
        (
            json!({"order_id": PO_0001, "lines": [reels(json!(1)), reels(json!(0))]}),
            "invalid argument `lines[1].quantity`: must be above 0",
        ),
        (
            json!({"order_id": PO_0001, "lines": [reels(json!(0.000001))]}),
            "invalid argument `lines[0].quantity`: may have at most 5 decimal places, got 0.000001",
        ),
        (
            json!({"order_id": PO_0001, "lines": [{"line_id": LINE_CAPACITOR_REELS, "quantity": 0.1, "unit": "part", "location_id": BIN_A2}]}),
            "invalid argument `lines[0].quantity`: 0.1 part units are 0.000025 packs of 4000; the line counts packs to 5 decimal places",
        ),
        (
            json!({"order_id": PO_0001, "lines": [{"line_id": LINE_RESISTORS, "quantity": 1}]}),
            "invalid argument `lines[0].location_id`: is needed: neither the order, the line nor part Resistor 10k 0603 names where stock goes",
        ),
        (
            json!({"order_id": PO_0001, "lines": [{"line_id": LINE_RESISTORS, "quantity": 1, "location_id": WAREHOUSE}]}),
            "invalid argument `lines[0].location_id`: location 1 (Warehouse) is structural: it holds no stock directly",
        ),
        (
            json!({"order_id": PO_0001, "lines": [{"line_id": LINE_RESISTORS, "quantity": 1, "location_id": 999}]}),
            "location 999 does not exist",
        ),
        (
            json!({"order_id": PO_0001, "lines": [{"line_id": LINE_OF_PO_0002, "quantity": 1, "location_id": BIN_A1}]}),
            "invalid argument `lines[0].line_id`: line 4 belongs to another purchase order, not PO-0001",
        ),
        (
            json!({"order_id": PO_0001, "lines": [{"line_id": 999, "quantity": 1, "location_id": BIN_A1}]}),
            "purchase order line 999 does not exist",
        ),
        (
            json!({"order_id": PO_0001, "lines": [{"line_id": LINE_RESISTORS, "quantity": 1, "location_id": BIN_A1, "status": 11}]}),
            "invalid argument `lines[0].status`: must be a stock status, one of 10 (OK), 50 (Attention needed), 55 (Damaged), 60 (Destroyed), 65 (Rejected), 70 (Lost), 75 (Quarantined), 85 (Returned), 101 (Needs rework); got 11",
        ),
        (
            json!({"order_id": PO_0001, "lines": [{"line_id": LINE_RESISTORS, "quantity": 1, "location_id": BIN_A1, "expected_received": 999}]}),
            "line 1 has received 1000, not the expected 999: it changed since it was read",
        ),
        (
            json!({"order_id": PO_0001, "lines": [{"line_id": LINE_RESISTORS, "quantity": 1, "location_id": BIN_A1, "batch": "<b>x</b>"}]}),
            "invalid argument `lines[0].batch`: contains HTML tags, which InvenTree refuses",
        ),
        (
            json!({"order_id": PO_0001, "lines": [{"line_id": LINE_RESISTORS, "quantity": 1, "location_id": BIN_A1, "unit": "reel"}]}),
            "invalid argument `lines[0].unit`: must be one of `pack`, `part`, got \"reel\"",
        ),
    ];
    for (args, message) in cases {
        assert_eq!(
            app.call_err("receive_purchase_order", args.clone()).await,
            message,
            "{args}"
        );
        assert_eq!(snapshot(&app.db.pool).await, before, "{args}");
    }
}

#[tokio::test]
async fn receipt_dry_runs_write_nothing() {
    let app = app().await;
    let before = snapshot(&app.db.pool).await;
    let args = json!({"order_id": PO_0001, "dry_run": true, "lines": [
        {"line_id": LINE_CAPACITOR_REELS, "quantity": 2, "location_id": BIN_A2},
        {"line_id": LINE_RESISTORS, "quantity": 4000, "location_id": BIN_A1}
    ]});
    let answer = app.call("receive_purchase_order", args.clone()).await;
    // The answer shows what would be written, without the ids rolled back rows drew.
    assert_eq!(answer["dry_run"], true);
    assert_eq!(answer["completed"], true);
    assert_eq!(answer["order"]["status"]["name"], "Complete");
    assert_eq!(answer["order"]["lines"][1]["received"], 2.0);
    assert_eq!(answer["items"][0]["quantity"], 8000.0);
    assert_eq!(
        answer["items"][1]["location_path"],
        "Warehouse/Shelf A/Bin A1"
    );
    assert!(answer["items"][0].get("id").is_none(), "{answer}");
    assert!(answer["tracking"][1].get("id").is_none(), "{answer}");
    assert_eq!(
        answer["tracking"][0]["deltas"],
        json!({"location": BIN_A2, "purchaseorder": PO_0001, "quantity": 8000.0})
    );
    assert_eq!(snapshot(&app.db.pool).await, before);
}

#[tokio::test]
async fn receipts_with_an_idempotency_key_apply_once() {
    let app = app().await;
    let args = json!({"order_id": PO_0001, "idempotency_key": "delivery-0815", "lines": [
        {"line_id": LINE_CAPACITOR_REELS, "quantity": 1, "location_id": BIN_A2}
    ]});
    let first = app.call("receive_purchase_order", args.clone()).await;
    let retry = app.call("receive_purchase_order", args).await;
    assert_eq!(first, retry);
    assert_eq!(line(&app.db.pool, LINE_CAPACITOR_REELS).await, (2.0, 1.0));
    assert_eq!(new_items(&app.db.pool, LAST_DEMO_ITEM).await.len(), 1);
}

#[tokio::test]
async fn concurrent_receipts_neither_lose_nor_over_receive() {
    let app = app().await;
    // Five receipts of one reel race for a line expecting two: exactly two get in.
    let calls = (0..5).map(|_| {
        app.call_in(
            Era::Stateless,
            "receive_purchase_order",
            json!({"order_id": PO_0001, "lines": [
                {"line_id": LINE_CAPACITOR_REELS, "quantity": 1, "location_id": BIN_A2}
            ]}),
        )
    });
    let results = join_all(calls).await;
    let refused: Vec<String> = results
        .into_iter()
        .filter(|r| r["isError"] == true)
        .map(|r| error_text("receive_purchase_order", r))
        .collect();
    assert_eq!(refused.len(), 3, "{refused:?}");
    assert!(
        refused
            .iter()
            .all(|m| m
                .starts_with("invalid argument `lines[0].quantity`: line 2 expects 0 more packs")),
        "{refused:?}"
    );
    assert_eq!(line(&app.db.pool, LINE_CAPACITOR_REELS).await, (2.0, 2.0));
    let items = new_items(&app.db.pool, LAST_DEMO_ITEM).await;
    assert_eq!(items.len(), 2);
    // Each in a tree of its own.
    let trees: Vec<Value> = items.iter().map(|i| i["tree"].clone()).collect();
    assert_eq!(trees, vec![json!([41, 1, 2, 0]), json!([42, 1, 2, 0])]);
    // Receipts of different lines of the order, side by side, all count.
    let calls = (0..10).map(|_| {
        app.call(
            "receive_purchase_order",
            json!({"order_id": PO_0001, "lines": [
                {"line_id": LINE_RESISTORS, "quantity": 100, "location_id": BIN_A1}
            ]}),
        )
    });
    join_all(calls).await;
    assert_eq!(line(&app.db.pool, LINE_RESISTORS).await, (5000.0, 2000.0));
}

#[tokio::test]
async fn receiving_and_ordering_need_purchase_order_add() {
    let viewer = TestApp::start().await.with_token(VIEWER_TOKEN);
    assert_eq!(
        viewer
            .call_err(
                "receive_purchase_order",
                json!({"order_id": PO_0001, "lines": [{"line_id": LINE_RESISTORS, "quantity": 1}]})
            )
            .await,
        "permission denied: this tool requires purchase_order.add (InvenTree role `purchase_order`, action `add`)"
    );
    assert_eq!(
        viewer
            .call_err(
                "create_purchase_order",
                json!({"supplier_id": ACME, "lines": [{"supplier_part_id": SP_RESISTOR_10K, "quantity": 1}]})
            )
            .await,
        "permission denied: this tool requires purchase_order.add (InvenTree role `purchase_order`, action `add`)"
    );
}

#[tokio::test]
async fn creating_an_order_writes_inventree_rows() {
    let app = app().await;
    let answer = app
        .call(
            "create_purchase_order",
            json!({"supplier_id": ACME,
                   "target_date": "2026-12-24",
                   "destination_id": BIN_A1, "lines": [
                {"supplier_part_id": SP_CAPACITOR_REEL, "quantity": 3},
                {"supplier_part_id": SP_RESISTOR_10K, "quantity": 2500},
                {"supplier_part_id": SP_CAPACITOR_REEL, "quantity": 1}
            ]}),
        )
        .await;
    // The pattern is unset: InvenTree's default PO-{ref:04d}, after PO-0002.
    assert_eq!(answer["reference"], "PO-0003");
    let id = answer["id"].as_i64().unwrap();
    assert_eq!(
        order_row(&app.db.pool, id).await,
        json!({"reference": "PO-0003", "reference_int": 3, "status": 10, "status_custom_key": null,
               "supplier": ACME, "created_by": ALLACCESS_USER, "received_by": null,
               "creation_date_today": true, "complete_date_today": null, "issue_date": null,
               "description": "", "supplier_reference": "",
               "target_date": "2026-12-24", "project_code": null, "destination": BIN_A1,
               "order_currency": null, "total_price": 0, "total_price_currency": "EUR",
               "notes": null, "link": "", "metadata": {}, "barcode": "", "responsible": null,
               "updated_fresh": true})
    );
    // The two reel lines merge (same supplier part, no target date or destination), as
    // InvenTree's line API merges them; Acme has no price breaks, so no price, in the
    // default currency (USD, unset) the API gives new lines.
    assert_eq!(
        order_lines(&app.db.pool, id).await,
        vec![
            json!({"part": SP_CAPACITOR_REEL, "quantity": 4, "received": 0, "purchase_price": null,
                   "currency": "USD", "reference": "", "notes": "", "link": "", "destination": null,
                   "target_date": null, "build_order": null, "project_code": null, "line": "",
                   "line_int": 0, "metadata": {}}),
            json!({"part": SP_RESISTOR_10K, "quantity": 2500, "received": 0, "purchase_price": null,
                   "currency": "USD", "reference": "", "notes": "", "link": "", "destination": null,
                   "target_date": null, "build_order": null, "project_code": null, "line": "",
                   "line_int": 0, "metadata": {}}),
        ]
    );
    assert_eq!(answer["order"]["status"]["name"], "Pending");
    assert_eq!(answer["order"]["line_count"], 2);
    assert_eq!(answer["order"]["lines"][0]["part_quantity"], 16000.0);
    // The next one follows.
    let next = app
        .call(
            "create_purchase_order",
            json!({"supplier_id": ACME, "lines": [{"supplier_part_id": SP_RESISTOR_10K, "quantity": 1}]}),
        )
        .await;
    assert_eq!(next["reference"], "PO-0004");
}

#[tokio::test]
async fn refused_orders_change_nothing() {
    let app = app().await;
    sqlx::query(
        "INSERT INTO company_company (id, name, description, website, phone, email, contact, link,
             notes, is_customer, is_supplier, is_manufacturer, currency, active, tax_id, metadata)
         VALUES (3, 'Initech', '', '', '', NULL, '', '', NULL, false, true, false, 'USD', true, '', '{}')",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    let before = snapshot(&app.db.pool).await;
    let one = json!([{"supplier_part_id": SP_RESISTOR_10K, "quantity": 1}]);
    let cases = [
        (
            json!({"supplier_id": GLOBEX, "lines": one}),
            "invalid argument `supplier_id`: company 2 (Globex Robotics) is not a supplier in InvenTree",
        ),
        (
            json!({"supplier_id": 3, "lines": one}),
            "invalid argument `lines[0].supplier_part_id`: supplier part 1 (ACME-R10K-0603, Resistor 10k 0603) is not supplied by Initech: InvenTree requires the order's supplier",
        ),
        (
            json!({"supplier_id": 99, "lines": one}),
            "company 99 does not exist",
        ),
        (
            json!({"supplier_id": ACME, "lines": []}),
            "invalid argument `lines`: must name at least one supplier part to order",
        ),
        (
            json!({"supplier_id": ACME, "lines": [{"supplier_part_id": SP_RESISTOR_10K, "quantity": 1},
                                                   {"supplier_part_id": SP_CAPACITOR_REEL, "quantity": 0}]}),
            "invalid argument `lines[1].quantity`: must be above 0",
        ),
        (
            json!({"supplier_id": ACME, "lines": [{"supplier_part_id": 99, "quantity": 1}]}),
            "supplier part 99 does not exist",
        ),
        (
            json!({"supplier_id": ACME, "project_code_id": 99, "lines": one}),
            "project code 99 does not exist",
        ),
        (
            json!({"supplier_id": ACME, "destination_id": WAREHOUSE, "lines": one}),
            "invalid argument `destination_id`: location 1 (Warehouse) is structural: it holds no stock directly",
        ),
        (
            json!({"supplier_id": ACME, "target_date": "24.12.2026", "lines": one}),
            "invalid argument `target_date`: must be a date as YYYY-MM-DD, got \"24.12.2026\"",
        ),
        (
            json!({"supplier_id": ACME, "lines": [{"supplier_part_id": SP_RESISTOR_10K, "quantity": 1.5e10}]}),
            "invalid argument `lines[0].quantity`: must be a number below 10,000,000,000 in size, got 15000000000",
        ),
    ];
    for (args, message) in cases {
        assert_eq!(
            app.call_err("create_purchase_order", args.clone()).await,
            message,
            "{args}"
        );
        assert_eq!(snapshot(&app.db.pool).await, before, "{args}");
    }
}

#[tokio::test]
async fn order_dry_runs_and_idempotency_keys() {
    let app = app().await;
    let before = snapshot(&app.db.pool).await;
    let args = json!({"supplier_id": ACME, "dry_run": true,
                      "lines": [{"supplier_part_id": SP_RESISTOR_10K, "quantity": 500}]});
    let answer = app.call("create_purchase_order", args).await;
    assert_eq!(answer["dry_run"], true);
    assert_eq!(answer["reference"], "PO-0003");
    assert!(answer.get("id").is_none(), "{answer}");
    assert!(answer["order"].get("id").is_none(), "{answer}");
    assert!(answer["order"]["lines"][0].get("id").is_none(), "{answer}");
    assert_eq!(answer["order"]["lines"][0]["quantity"], 500.0);
    assert_eq!(snapshot(&app.db.pool).await, before);
    let args = json!({"supplier_id": ACME, "idempotency_key": "restock-42",
                      "lines": [{"supplier_part_id": SP_RESISTOR_10K, "quantity": 500}]});
    let first = app.call("create_purchase_order", args.clone()).await;
    let retry = app.call("create_purchase_order", args).await;
    assert_eq!(first, retry);
    let orders: i64 = sqlx::query_scalar("SELECT count(*) FROM order_purchaseorder")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(orders, 3);
    // Concurrent orders draw different references.
    let calls = (0..4).map(|_| {
        app.call(
            "create_purchase_order",
            json!({"supplier_id": ACME, "lines": [{"supplier_part_id": SP_RESISTOR_10K, "quantity": 1}]}),
        )
    });
    let mut references: Vec<String> = join_all(calls)
        .await
        .iter()
        .map(|a| a["reference"].as_str().unwrap().to_string())
        .collect();
    references.sort();
    assert_eq!(references, ["PO-0004", "PO-0005", "PO-0006", "PO-0007"]);
}

/// InvenTree's demo dataset: pattern PO{ref:04d}, twelve orders, Wirey's price breaks in USD
/// (250 per 100 m reel of SKU WIRE.BLK.10AWG.100M, 1025 per 500 m reel of WIRE.WHT.10AWG.500M,
/// both from 1 reel), as its own PO0012 prices them.
#[tokio::test]
async fn demo_orders_are_numbered_and_priced_as_inventree_does() {
    let Some(app) = shared_demo::serve(|_| {}).await else {
        return;
    };
    let answer = app
        .call(
            "create_purchase_order",
            json!({"supplier_id": 42, "lines": [
                {"supplier_part_id": 1019, "quantity": 3},
                {"supplier_part_id": 1026, "quantity": 5}
            ]}),
        )
        .await;
    assert_eq!(answer["reference"], "PO0013");
    let id = answer["id"].as_i64().unwrap();
    let row = order_row(&app.db.pool, id).await;
    // 3 x 250 + 5 x 1025 = 5875 USD, PO0012's total; created by admin (1).
    assert_eq!(
        json!([
            row["reference_int"],
            row["created_by"],
            row["total_price"],
            row["total_price_currency"]
        ]),
        json!([13, 1, 5875, "USD"])
    );
    let prices: Vec<Value> = order_lines(&app.db.pool, id)
        .await
        .iter()
        .map(|l| json!([l["part"], l["quantity"], l["purchase_price"], l["currency"]]))
        .collect();
    assert_eq!(
        prices,
        vec![json!([1019, 3, 250, "USD"]), json!([1026, 5, 1025, "USD"])]
    );
}

/// InvenTree's demo dataset: PO0002 (placed, Paint by Numbers, EUR prices), with
/// PURCHASEORDER_AUTO_COMPLETE off.
#[tokio::test]
async fn demo_receipts_follow_the_demo_settings() {
    let Some(app) = shared_demo::serve(|_| {}).await else {
        return;
    };
    let answer = app
        .call(
            "receive_purchase_order",
            json!({"order_id": 2, "lines": [
                {"line_id": 4, "quantity": 100, "location_id": 7},
                {"line_id": 5, "quantity": 15},
                {"line_id": 7, "quantity": 50}
            ]}),
        )
        .await;
    // Every line is in, but the demo turns auto-completion off: still placed.
    assert_eq!(answer["completed"], false);
    assert_eq!(order_row(&app.db.pool, 2).await["status"], 20);
    // Red paint (line 4): 100 tins at 1 EUR into Electronics Lab (7), packaging from the
    // supplier part ("tin"). Yellow paint goes where its earlier receipt went (item 319,
    // Factory, 1); pink paint too (item 321, Office Block, 4), before its line's destination
    // (also 4). The demo's last item is 1215, its last tree 1097.
    let items = new_items(&app.db.pool, 1215).await;
    let brief: Vec<Value> = items
        .iter()
        .map(|i| {
            json!([
                i["id"],
                i["part"],
                i["supplier_part"],
                i["quantity"],
                i["location"],
                i["purchase_price"],
                i["currency"],
                i["packaging"],
                i["tree"]
            ])
        })
        .collect();
    assert_eq!(
        brief,
        vec![
            json!([1216, 90, 199, 100, 7, 1, "EUR", "tin", [1098, 1, 2, 0]]),
            json!([1217, 91, 200, 15, 1, 1.1, "EUR", "tin", [1099, 1, 2, 0]]),
            json!([1218, 93, 202, 50, 4, 0.9, "EUR", "tin", [1100, 1, 2, 0]]),
        ]
    );
    assert_eq!(
        tracking_since(&app.db.pool, 1131).await[0],
        json!({"item": 1216, "part": 90, "user": 1, "type": 70,
               "deltas": {"location": 7, "purchaseorder": 2, "quantity": 100.0}, "notes": "", "fresh": true})
    );
}

/// InvenTree's settings and states a receipt follows: prices converted into the default
/// currency (PURCHASEORDER_CONVERT_CURRENCY), no deletion when depleted
/// (STOCK_DELETE_DEPLETED_DEFAULT), no completion (PURCHASEORDER_AUTO_COMPLETE), a custom
/// stock state, and a virtual part, which is counted but not stocked.
#[tokio::test]
async fn receipts_follow_inventree_settings() {
    let app = app().await;
    sqlx::raw_sql(
        "INSERT INTO common_inventreesetting (key, value) VALUES
             ('PURCHASEORDER_CONVERT_CURRENCY', 'True'), ('STOCK_DELETE_DEPLETED_DEFAULT', 'False'),
             ('PURCHASEORDER_AUTO_COMPLETE', 'False');
         INSERT INTO exchange_exchangebackend (name, last_update, base_currency)
             VALUES ('InvenTreeExchange', now(), 'USD');
         INSERT INTO exchange_rate (currency, value, backend_id)
             VALUES ('EUR', 0.8, 'InvenTreeExchange');
         INSERT INTO part_supplierpart (id, \"SKU\", base_cost, multiple, part_id, supplier_id, available,
             barcode_data, barcode_hash, pack_quantity, pack_quantity_native, active, \"primary\", metadata)
         VALUES (5, 'ACME-LABOUR', 0, 1, 25, 1, 0, '', '', '1', 1, true, false, '{}');
         INSERT INTO order_purchaseorderlineitem (id, quantity, reference, received, order_id, part_id,
             notes, link, line, line_int, metadata)
         VALUES (6, 2, '', 0, 1, 5, '', '', '4', 4, '{}')",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    // 101 is the demo's custom state "Needs rework", logically Attention needed (50).
    let answer = app
        .call(
            "receive_purchase_order",
            json!({"order_id": PO_0001, "lines": [
                {"line_id": LINE_CAPACITOR_REELS, "quantity": 2, "location_id": BIN_A2, "status": 101},
                {"line_id": LINE_RESISTORS, "quantity": 4000, "location_id": BIN_A1},
                {"line_id": 6, "quantity": 2}
            ]}),
        )
        .await;
    let items: Vec<Value> = new_items(&app.db.pool, LAST_DEMO_ITEM)
        .await
        .iter()
        .map(|i| {
            json!([
                i["part"],
                i["quantity"],
                i["status"],
                i["status_custom_key"],
                i["purchase_price"],
                i["currency"],
                i["delete_on_deplete"]
            ])
        })
        .collect();
    // 1 USD buys 0.8 EUR: a capacitor's 0.006125 EUR is 0.00765625 USD, stored to 6 places;
    // a resistor's 0.002 EUR is 0.0025 USD. The labour (virtual) makes no item.
    assert_eq!(
        items,
        vec![
            json!([CAPACITOR_100N, 8000, 50, 101, 0.007656, "USD", false]),
            json!([RESISTOR_10K, 4000, 10, null, 0.0025, "USD", false]),
        ]
    );
    assert_eq!(line(&app.db.pool, 6).await, (2.0, 2.0));
    assert_eq!(answer["items"][0]["status"]["custom"], "Needs rework");
    // Every line is in, but completion is off.
    assert_eq!(answer["completed"], false);
    assert_eq!(order_row(&app.db.pool, PO_0001).await["status"], 20);
    // A price in a currency without a rate cannot be converted: refused, nothing written.
    sqlx::query(
        "UPDATE order_purchaseorderlineitem SET quantity = 6000, purchase_price_currency = 'GBP' WHERE id = $1",
    )
    .bind(LINE_RESISTORS)
    .execute(&app.db.pool)
    .await
    .unwrap();
    let before = snapshot(&app.db.pool).await;
    assert_eq!(
        app.call_err(
            "receive_purchase_order",
            json!({"order_id": PO_0001, "lines": [{"line_id": LINE_RESISTORS, "quantity": 1, "location_id": BIN_A1}]}),
        )
        .await,
        "line 1 is priced in GBP, which InvenTree has no exchange rate for, and \
         PURCHASEORDER_CONVERT_CURRENCY asks for prices in USD"
    );
    assert_eq!(snapshot(&app.db.pool).await, before);
}

/// New lines are priced as PurchaseOrderLineItem.update_pricing prices them: the supplier
/// part's price for the line's quantity (a whole quantity rounded up to the order multiple,
/// the largest break at or below it, plus base_cost), converted into the default currency,
/// per pack of the line's own quantity.
#[tokio::test]
async fn order_lines_are_priced_from_price_breaks() {
    let app = app().await;
    // The reel: order multiple 2, base cost 3; 25 EUR a reel from 1, 22 EUR from 5. 1 USD
    // buys 0.8 EUR.
    sqlx::raw_sql(
        "UPDATE part_supplierpart SET multiple = 2, base_cost = 3 WHERE id = 2;
         INSERT INTO part_supplierpricebreak (quantity, price, price_currency, part_id, updated)
             VALUES (1, 25, 'EUR', 2, now()), (5, 22, 'EUR', 2, now());
         INSERT INTO exchange_exchangebackend (name, last_update, base_currency)
             VALUES ('InvenTreeExchange', now(), 'USD');
         INSERT INTO exchange_rate (currency, value, backend_id)
             VALUES ('EUR', 0.8, 'InvenTreeExchange')",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    let three = app
        .call(
            "create_purchase_order",
            json!({"supplier_id": ACME, "lines": [{"supplier_part_id": SP_CAPACITOR_REEL, "quantity": 3}]}),
        )
        .await;
    // 3 reels round up to 4: the 1-reel break, 25 EUR = 31.25 USD; 4 x 31.25 + 3 = 128 USD
    // for the line, 42.666667 USD a reel of its 3.
    let id = three["id"].as_i64().unwrap();
    let lines = order_lines(&app.db.pool, id).await;
    assert_eq!(
        json!([
            lines[0]["quantity"],
            lines[0]["purchase_price"],
            lines[0]["currency"]
        ]),
        json!([3, 42.666667, "USD"])
    );
    // The order's total in the supplier's EUR: 3 x 42.666667 USD x 0.8.
    let order = order_row(&app.db.pool, id).await;
    assert_eq!(
        json!([order["total_price"], order["total_price_currency"]]),
        json!([102.400001, "EUR"])
    );
    // 6 reels: the 5-reel break, 22 EUR = 27.5 USD; 6 x 27.5 + 3 = 168 USD, 28 a reel.
    let six = app
        .call(
            "create_purchase_order",
            json!({"supplier_id": ACME, "lines": [{"supplier_part_id": SP_CAPACITOR_REEL, "quantity": 6}]}),
        )
        .await;
    let lines = order_lines(&app.db.pool, six["id"].as_i64().unwrap()).await;
    assert_eq!(lines[0]["purchase_price"], json!(28));
}
