//! The planning toolset on InvenTree's own demo dataset: low stock, can-build through every
//! BOM level, shortages. Expected figures come from the dataset's rows
//! (`../shared/inventree/demo-data.sql.gz`), worked out by hand in the comments.

mod common;

use common::shared_demo;
use common::{TestApp, column};
use serde_json::{Value, json};

async fn app() -> Option<TestApp> {
    shared_demo::serve(|_| {}).await
}

async fn exec(app: &TestApp, sql: &'static str) {
    sqlx::query(sql).execute(&app.db.pool).await.unwrap();
}

/// Rounded to 6 decimals, so that float sums compare exactly.
fn round(value: &Value) -> f64 {
    (value
        .as_f64()
        .unwrap_or_else(|| panic!("not a number: {value}"))
        * 1e6)
        .round()
        / 1e6
}

// low_stock

/// Minimums set on parts whose stock is known (InvenTree's in-stock rules: quantity > 0, not
/// sold, installed, consumed or in production, status 10/50/55/85):
/// - 90 Red Paint (category 20 Paint): 32.275 in stock, 100 on an open PO line; min 100.
/// - 19 R_2.2K_0402_1% (category 5, under Electronics): 11303 in stock, 50 on order; min 20000.
/// - 82 1551ABK (category 15): 145 in stock, 10 on order; min 200.
/// - 77 Widget Assembly (category 14): 1 in stock of its own (items 206; the other 14 are
///   build outputs), and its variant 81 has 165 (items 1003-1011 and 1022-1177; 1012-1021
///   are sold); min 200.
/// - 87 Doohickey keeps its minimum 5 with 20 in stock, 81 its minimum 3: not low.
async fn with_minimums(app: &TestApp) {
    exec(
        app,
        "UPDATE part_part SET minimum_stock = CASE id WHEN 90 THEN 100 WHEN 19 THEN 20000 \
         WHEN 82 THEN 200 WHEN 77 THEN 200 END WHERE id IN (90, 19, 82, 77)",
    )
    .await;
}

#[tokio::test]
async fn low_stock_lists_parts_below_their_minimum_worst_first() {
    let Some(app) = app().await else { return };
    // The demo itself has no part below its minimum.
    let none = app.call("low_stock", json!({})).await;
    assert_eq!(none["count"], 0);
    with_minimums(&app).await;
    let low = app.call("low_stock", json!({})).await;
    assert_eq!(low["count"], 4);
    // By the share of the minimum in stock: 32.275/100, 11303/20000, 145/200, 166/200.
    assert_eq!(
        column(&low, "id"),
        [json!(90), json!(19), json!(82), json!(77)]
    );
    let figures: Vec<[f64; 6]> = low["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            [
                round(&p["minimum_stock"]),
                round(&p["in_stock"]),
                round(&p["variant_stock"]),
                round(&p["shortfall"]),
                round(&p["ordering"]),
                round(&p["to_order"]),
            ]
        })
        .collect();
    assert_eq!(
        figures,
        [
            [100.0, 32.275, 0.0, 67.725, 100.0, 0.0],
            [20000.0, 11303.0, 0.0, 8697.0, 50.0, 8647.0],
            [200.0, 145.0, 0.0, 55.0, 10.0, 45.0],
            [200.0, 1.0, 165.0, 34.0, 0.0, 34.0],
        ]
    );
    assert_eq!(
        low["items"][1]["category_path"],
        "Electronics/Passives/Resistors"
    );
    assert_eq!(low["items"][3]["total_in_stock"], 166.0);
}

#[tokio::test]
async fn low_stock_keeps_to_a_category_subtree_and_to_active_parts() {
    let Some(app) = app().await else { return };
    with_minimums(&app).await;
    // Electronics (1) holds R_2.2K (in Resistors, two levels down) and Doohickey (not low).
    let electronics = app.call("low_stock", json!({"category_id": 1})).await;
    assert_eq!(column(&electronics, "id"), [json!(19)]);
    exec(&app, "UPDATE part_part SET active = false WHERE id = 82").await;
    let active = app.call("low_stock", json!({"active": true})).await;
    assert_eq!(column(&active, "id"), [json!(90), json!(19), json!(77)]);
    let inactive = app.call("low_stock", json!({"active": false})).await;
    assert_eq!(column(&inactive, "id"), [json!(82)]);
    let paged = app
        .call("low_stock", json!({"limit": 2, "offset": 1}))
        .await;
    assert_eq!(column(&paged, "id"), [json!(19), json!(82)]);
    assert_eq!(
        (paged["count"].clone(), paged["next_offset"].clone()),
        (json!(4), json!(3))
    );
}

#[tokio::test]
async fn low_stock_refuses_an_unknown_category() {
    let Some(app) = app().await else { return };
    assert_eq!(
        app.call_err("low_stock", json!({"category_id": 9999}))
            .await,
        "category 9999 does not exist"
    );
    let message = app.call_err("low_stock", json!({"category_id": "x"})).await;
    assert!(message.contains("category_id"), "{message}");
}
