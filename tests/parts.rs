//! list_parts, get_part, search_parts against the demo inventory.

use crate::common;

use common::fixtures::*;
use common::{TestApp, column};
use serde_json::json;

#[tokio::test]
async fn get_part_gives_inventree_stock_figures() {
    let app = TestApp::start().await;
    let part = app.call("get_part", json!({"part_id": RESISTOR_10K})).await;
    assert_eq!(part["name"], "Resistor 10k 0603");
    assert_eq!(part["IPN"], "R-0603-10K");
    assert_eq!(part["category"], RESISTORS);
    assert_eq!(part["category_path"], "Electronics/Passives/Resistors");
    assert_eq!(part["tags"], json!(["0603", "smd"]));
    // OK 4000 + Attention 1000 + Damaged 500 + Returned 25 + external 1000. Not counted:
    // Lost 200, Destroyed 100, Quarantined 50, consumed by a build 300, quantity 0.
    assert_eq!(part["in_stock"], 6525.0);
    assert_eq!(part["variant_stock"], 0.0);
    assert_eq!(part["total_in_stock"], 6525.0);
    assert_eq!(part["total_stock"], 6525.0);
    assert_eq!(part["external_stock"], 1000.0);
    assert_eq!(part["allocated_to_sales_orders"], 500.0);
    assert_eq!(part["allocated_to_build_orders"], 200.0);
    assert_eq!(part["unallocated_stock"], 5825.0);
    // PO-0001 (placed): 5000 ordered, 1000 received; PO-0002 is complete.
    assert_eq!(part["ordering"], 4000.0);
    // BO-0001 (in production) needs 40; BO-0002 is complete.
    assert_eq!(part["required_for_build_orders"], 40.0);
    // SO-0001 (in progress): 600 ordered, 100 shipped.
    assert_eq!(part["required_for_sales_orders"], 500.0);
    assert_eq!(part["stock_item_count"], 10);
    assert_eq!(part["minimum_stock"], 1000.0);
}

#[tokio::test]
async fn on_order_counts_packs_in_native_units() {
    let app = TestApp::start().await;
    let part = app
        .call("get_part", json!({"part_id": CAPACITOR_100N}))
        .await;
    // Two reels of 4000 on an open order.
    assert_eq!(part["ordering"], 8000.0);
    assert_eq!(part["in_stock"], 9500.0);
    let mcu = app.call("get_part", json!({"part_id": ATMEGA328P})).await;
    // Its only open line is fully received.
    assert_eq!(mcu["ordering"], 0.0);
    assert_eq!(mcu["in_stock"], 15.0);
}

#[tokio::test]
async fn template_stock_includes_variants() {
    let app = TestApp::start().await;
    let template = app
        .call("get_part", json!({"part_id": ENCLOSURE_TEMPLATE}))
        .await;
    assert_eq!(template["is_template"], true);
    assert_eq!(template["in_stock"], 0.0);
    assert_eq!(template["variant_stock"], 42.0);
    assert_eq!(template["total_in_stock"], 42.0);
    assert_eq!(template["stock_item_count"], 0);
    let grey = app
        .call("get_part", json!({"part_id": ENCLOSURE_GREY}))
        .await;
    // 12 OK; 5 rejected do not count.
    assert_eq!(grey["in_stock"], 12.0);
    assert_eq!(grey["variant_of"], ENCLOSURE_TEMPLATE);
    assert_eq!(grey["stock_item_count"], 2);
}

#[tokio::test]
async fn assemblies_show_production() {
    let app = TestApp::start().await;
    let board = app.call("get_part", json!({"part_id": SENSOR_BOARD})).await;
    // Two on the shelf; three shipped to a customer, one installed in a kit and five build
    // outputs in production do not count.
    assert_eq!(board["in_stock"], 2.0);
    assert_eq!(board["building"], 5.0);
    assert_eq!(board["scheduled_to_build"], 8.0);
    assert_eq!(board["required_for_sales_orders"], 0.0);
    assert_eq!(board["stock_item_count"], 7);
}

#[tokio::test]
async fn get_part_refuses_bad_ids() {
    let app = TestApp::start().await;
    assert_eq!(
        app.call_err("get_part", json!({"part_id": 99999})).await,
        "part 99999 does not exist"
    );
    assert_eq!(
        app.call_err("get_part", json!({"part_id": "abc"})).await,
        "invalid argument `part_id`: must be a whole number between 1 and 2147483647, got \"abc\""
    );
    assert_eq!(
        app.call_err("get_part", json!({"part_id": -3})).await,
        "invalid argument `part_id`: must be a whole number between 1 and 2147483647, got -3"
    );
    assert_eq!(
        app.call_err("get_part", json!({"part_id": 4294967296i64}))
            .await,
        "invalid argument `part_id`: must be a whole number between 1 and 2147483647, got 4294967296"
    );
    assert_eq!(
        app.call_err("get_part", json!({})).await,
        "invalid argument `part_id`: is required"
    );
}

#[tokio::test]
async fn fields_project_the_answer() {
    let app = TestApp::start().await;
    let part = app
        .call(
            "get_part",
            json!({"part_id": RESISTOR_10K, "fields": ["id", "name", "total_in_stock"]}),
        )
        .await;
    assert_eq!(
        part,
        json!({"id": 1, "name": "Resistor 10k 0603", "total_in_stock": 6525.0})
    );
    let page = app
        .call("list_parts", json!({"limit": 2, "fields": "id, IPN"}))
        .await;
    assert_eq!(
        page["items"],
        json!([{"id": 1, "IPN": "R-0603-10K"}, {"id": 2, "IPN": "R-0603-1K"}])
    );
    let error = app
        .call_err(
            "get_part",
            json!({"part_id": 1, "fields": ["id", "colour"]}),
        )
        .await;
    assert!(
        error.starts_with("invalid argument `fields`: unknown field `colour`; known: id, name,"),
        "{error}"
    );
    // Checked against the answer's type before any query: a page with no items too.
    let error = app
        .call_err(
            "list_parts",
            json!({"offset": PART_COUNT, "fields": ["id", "colour"]}),
        )
        .await;
    assert!(
        error.starts_with("invalid argument `fields`: unknown field `colour`; known: id, name,"),
        "{error}"
    );
    assert_eq!(
        app.call_err("search_parts", json!({"query": "x", "fields": " , "}))
            .await,
        "invalid argument `fields`: names no field"
    );
}

#[tokio::test]
async fn list_parts_pages_honestly() {
    let app = TestApp::start().await;
    let all = app.call("list_parts", json!({})).await;
    assert_eq!(all["count"], PART_COUNT);
    assert_eq!(all["items"].as_array().unwrap().len(), 30);
    assert_eq!(all["next_offset"], json!(null));
    let first = app.call("list_parts", json!({"limit": 10})).await;
    assert_eq!(
        column(&first, "id"),
        (1..=10).map(|i| json!(i)).collect::<Vec<_>>()
    );
    assert_eq!(first["count"], PART_COUNT);
    assert_eq!(first["next_offset"], 10);
    let last = app
        .call("list_parts", json!({"limit": 10, "offset": 25}))
        .await;
    assert_eq!(
        column(&last, "id"),
        (26..=30).map(|i| json!(i)).collect::<Vec<_>>()
    );
    assert_eq!(last["next_offset"], json!(null));
    let beyond = app.call("list_parts", json!({"offset": 500})).await;
    assert_eq!(beyond["items"], json!([]));
    assert_eq!(beyond["count"], PART_COUNT);
}

#[tokio::test]
async fn list_parts_filters() {
    let app = TestApp::start().await;
    let passives = app
        .call("list_parts", json!({"category_id": PASSIVES}))
        .await;
    assert_eq!(
        column(&passives, "id"),
        (1..=9).map(|i| json!(i)).collect::<Vec<_>>()
    );
    let direct = app
        .call(
            "list_parts",
            json!({"category_id": PASSIVES, "cascade": false}),
        )
        .await;
    assert_eq!(direct["count"], 0);
    let electronics = app
        .call("list_parts", json!({"category_id": ELECTRONICS}))
        .await;
    assert_eq!(electronics["count"], 17);
    let inactive = app.call("list_parts", json!({"active": false})).await;
    assert_eq!(column(&inactive, "id"), vec![json!(RESISTOR_47K_OBSOLETE)]);
    let active = app
        .call("list_parts", json!({"active": true, "limit": 1}))
        .await;
    assert_eq!(active["count"], 29);
    let smd_0603 = app
        .call("list_parts", json!({"tags": ["smd", "0603"]}))
        .await;
    assert_eq!(
        column(&smd_0603, "id"),
        vec![json!(1), json!(2), json!(3), json!(6)]
    );
    // Tags match case-sensitively, as in InvenTree.
    let upper = app.call("list_parts", json!({"tags": ["Obsolete"]})).await;
    assert_eq!(column(&upper, "id"), vec![json!(NE555)]);
    let lower = app.call("list_parts", json!({"tags": ["obsolete"]})).await;
    assert_eq!(column(&lower, "id"), vec![json!(RESISTOR_47K_OBSOLETE)]);
    // A category that does not exist is named (tests/filters.rs has every such filter).
    assert_eq!(
        app.call_err("list_parts", json!({"category_id": 4242}))
            .await,
        "category 4242 does not exist"
    );
}

#[tokio::test]
async fn list_parts_refuses_bad_windows() {
    let app = TestApp::start().await;
    assert_eq!(
        app.call_err("list_parts", json!({"limit": 1001})).await,
        "invalid argument `limit`: must be between 1 and 1000, got 1001"
    );
    assert_eq!(
        app.call_err("list_parts", json!({"limit": 0})).await,
        "invalid argument `limit`: must be between 1 and 1000, got 0"
    );
    assert_eq!(
        app.call_err("list_parts", json!({"offset": -1})).await,
        "invalid argument `offset`: must be 0 or more, got -1"
    );
    assert_eq!(
        app.call_err("list_parts", json!({"category_id": "x"}))
            .await,
        "invalid argument `category_id`: must be a whole number between 1 and 2147483647, got \"x\""
    );
    assert_eq!(
        app.call_err("list_parts", json!({"tags": "smd"})).await,
        "invalid argument `tags`: must be a list of strings, got \"smd\""
    );
    let unknown = app.call_err("list_parts", json!({"categry_id": 1})).await;
    assert!(unknown.starts_with("invalid argument `categry_id`: is not an argument of this tool (expected one of `category_id`"), "{unknown}");
}

#[tokio::test]
async fn search_matches_inventree_fields() {
    let app = TestApp::start().await;
    let ids = |answer: serde_json::Value| column(&answer, "id");
    // Name and IPN of the 10k, and the description of the 47k ("replaced by 10k").
    assert_eq!(
        ids(app.call("search_parts", json!({"query": "10k"})).await),
        vec![json!(1), json!(5)]
    );
    // Supplier SKU.
    assert_eq!(
        ids(app
            .call("search_parts", json!({"query": "acme-c100n"}))
            .await),
        vec![json!(CAPACITOR_100N)]
    );
    // Keywords and tags; ordered by name.
    assert_eq!(
        ids(app.call("search_parts", json!({"query": "MCU"})).await),
        vec![json!(ATMEGA328P), json!(ESP32), json!(STM32F103)]
    );
    // Every word must match some field; "capacitor" matches the category name.
    assert_eq!(
        ids(app
            .call("search_parts", json!({"query": "capacitor 0603"}))
            .await),
        vec![json!(CAPACITOR_100N), json!(CAPACITOR_22P)]
    );
    let none = app
        .call("search_parts", json!({"query": "\"motor driver\""}))
        .await;
    assert_eq!(none, json!({"items": [], "count": 0, "next_offset": null}));
}

#[tokio::test]
async fn search_treats_wildcards_as_text() {
    let app = TestApp::start().await;
    let ids = |answer: serde_json::Value| column(&answer, "id");
    assert_eq!(
        ids(app.call("search_parts", json!({"query": "50%"})).await),
        vec![json!(THERMAL_PAD)]
    );
    assert_eq!(
        ids(app.call("search_parts", json!({"query": "f_c"})).await),
        vec![json!(THERMAL_PAD)]
    );
    assert_eq!(
        app.call("search_parts", json!({"query": "Resis_or"})).await["count"],
        0
    );
    // A lone % is a percent sign: the tolerances of four resistors and the pad's "50%".
    assert_eq!(
        ids(app.call("search_parts", json!({"query": "%"})).await),
        vec![json!(1), json!(2), json!(4), json!(3), json!(THERMAL_PAD)]
    );
    assert_eq!(
        app.call(
            "search_parts",
            json!({"query": "\\'; DROP TABLE part_part; --"})
        )
        .await["count"],
        0
    );
}

#[tokio::test]
async fn search_pages_and_refuses_empty_queries() {
    let app = TestApp::start().await;
    let page = app
        .call("search_parts", json!({"query": "resistor", "limit": 2}))
        .await;
    assert_eq!(page["count"], 5);
    assert_eq!(page["next_offset"], 2);
    assert_eq!(
        column(&page, "name"),
        vec![json!("Resistor 10k 0603"), json!("Resistor 1k 0603")]
    );
    assert_eq!(
        app.call_err("search_parts", json!({"query": " , "})).await,
        "invalid argument `query`: must contain at least one word to search for"
    );
    assert_eq!(
        app.call_err("search_parts", json!({})).await,
        "invalid argument `query`: is required"
    );
}
