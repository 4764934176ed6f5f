//! bom_cost on InvenTree's demo dataset: the Doohickey (part 87), a two-level BOM. The
//! expected figures come from the dataset's rows (`../shared/inventree/demo-data.sql.gz`),
//! worked out by hand below. Names sort by their bytes (capitals and digits first).
//!
//! Doohickey (87): 1551ABK (82) x1, M3x10 Torx (67) x1, M3x8 Torx (66) x4, Widget Board
//! (assembled) (88) x1, which is an assembly of 530470210 (69) x2, C_100nF_0603 (55) x5,
//! C_1uF_0402 (53) x19, MAX232IDR (61) x1, R_100K_0805_1% (45) x10, R_10R_0402_1% (1) x2,
//! R_220K_0603_1% (47) x2, Widget Board (68) x1, Widget Template (71) x1. No setup
//! quantities, attrition or rounding: a leaf needs its line quantity x the units built.
//!
//! Supplier parts (packs of 1, no base cost, order multiple 1) have breaks at 100 and 1000
//! (MAX232IDR: 1 and 20) in USD, AUD, CAD and CNY; the demo has no exchange rates, so the
//! USD ones are the cheapest that convert. Cheapest USD supplier part per leaf:
//!
//! | leaf | 1 unit | 100 units |
//! |---|---|---|
//! | C_100nF_0603 (55) | 5 @ Arrow 697 0.2513 = 1.2565 | 500 @ 697 0.2513 = 125.65 |
//! | C_1uF_0402 (53) | 19 @ Arrow 738 0.2276 = 4.3244 | 1900 @ DigiKey 736 0.1245 (1000 break) = 236.55 |
//! | MAX232IDR (61) | 1 @ DigiKey 196 2.56 = 2.56 | 100 @ 196 2.35 (20 break) = 235 |
//! | R_100K_0805_1% (45) | 10 @ Newark 766 0.3205 = 3.205 | 1000 @ DigiKey 28 0.0459 (1000 break) = 45.9 |
//! | R_10R_0402_1% (1) | 2 @ DigiKey 801 0.2343 = 0.4686 | 200 @ 801 0.2343 = 46.86 |
//! | R_220K_0603_1% (47) | 2 @ DigiKey 79 0.3235 = 0.647 | 200 @ 79 0.3235 = 64.7 |
//!
//! 1 unit: 1.2565 + 4.3244 + 2.56 + 3.205 + 0.4686 + 0.647 = 12.4615.
//! 100 units: 125.65 + 236.55 + 235 + 45.9 + 46.86 + 64.7 = 754.66, 7.5466 per unit.
//! The other six leaves have no priced supplier part (M3x8 and M3x10 Torx have internal
//! breaks in NZD, not used for BOMs: PART_BOM_USE_INTERNAL_PRICE is False in the demo).

use crate::common;

use common::TestApp;
use common::shared_demo;
use serde_json::{Value, json};

const DOOHICKEY: i64 = 87;

async fn app() -> Option<TestApp> {
    shared_demo::serve(|_| {}).await
}

async fn exec(app: &TestApp, sql: &'static str) {
    sqlx::query(sql).execute(&app.db.pool).await.unwrap();
}

async fn cost(app: &TestApp, quantity: f64) -> Value {
    app.call(
        "bom_cost",
        json!({"part_id": DOOHICKEY, "quantity": quantity}),
    )
    .await
}

fn round4(value: &Value) -> f64 {
    (value.as_f64().unwrap() * 1e4).round() / 1e4
}

/// Per line: (part, required, unit price, cost), rounded to 4 decimals.
fn lines(answer: &Value) -> Vec<(i64, f64, f64, f64)> {
    answer["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["part"].as_i64().unwrap(),
                round4(&l["required"]),
                round4(&l["unit_price"]),
                round4(&l["cost"]),
            )
        })
        .collect()
}

/// The supplier part each line is priced from.
fn suppliers(answer: &Value) -> Vec<Value> {
    answer["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["source"]["supplier_part"].clone())
        .collect()
}

fn totals(totals: &Value) -> (f64, f64, bool) {
    (
        round4(&totals["total"]),
        round4(&totals["total_without_optional"]),
        totals["complete"].as_bool().unwrap(),
    )
}

#[tokio::test]
async fn a_two_level_bom_is_priced_at_each_components_total_requirement() {
    let Some(app) = app().await else { return };
    let answer = cost(&app, 100.0).await;
    assert_eq!(
        (&answer["part_name"], &answer["currency"]),
        (&json!("Doohickey"), &json!("USD"))
    );
    assert_eq!(
        lines(&answer),
        [
            (55, 500.0, 0.2513, 125.65),
            (53, 1900.0, 0.1245, 236.55),
            (61, 100.0, 2.35, 235.0),
            (45, 1000.0, 0.0459, 45.9),
            (1, 200.0, 0.2343, 46.86),
            (47, 200.0, 0.3235, 64.7),
        ]
    );
    assert_eq!(
        suppliers(&answer),
        [
            json!(697),
            json!(736),
            json!(196),
            json!(28),
            json!(801),
            json!(79)
        ]
    );
    assert_eq!(
        answer["lines"][1]["source"],
        json!({"kind": "supplier", "supplier_part": 736, "supplier": 1,
               "supplier_name": "DigiKey", "SKU": "DIG-51121-DFG", "packs": 1900.0,
               "break_quantity": 1000.0, "price": 0.1245, "price_currency": "USD"})
    );
    // Required for one unit, and its own lookup: C_1uF_0402 x19 at Arrow's 0.2276.
    assert_eq!(answer["lines"][1]["required_for_one"], 19.0);
    assert_eq!(round4(&answer["lines"][1]["cost_of_one"]["amount"]), 4.3244);
    assert_eq!(totals(&answer["cost"]), (754.66, 754.66, false));
    assert_eq!(round4(&answer["per_unit"]), 7.5466);
    assert_eq!(totals(&answer["cost_of_one"]), (12.4615, 12.4615, false));
    assert_eq!(
        answer["unpriced"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| (u["part"].as_i64().unwrap(), u["required"].as_f64().unwrap()))
            .collect::<Vec<_>>(),
        [
            (82, 100.0),
            (69, 200.0),
            (67, 100.0),
            (66, 400.0),
            (68, 100.0),
            (71, 100.0)
        ]
    );
    assert_eq!(
        answer["note"],
        "6 components have no price (no internal price used for BOMs, no active supplier \
         part with a priced break) and are not counted: the totals are incomplete."
    );
    // InvenTree's cached range for the Doohickey (part_partpricing).
    assert_eq!(
        answer["inventree_pricing"],
        json!({
            "bom_cost": {"min": {"amount": 82.698427, "currency": "USD"},
                         "max": {"amount": 121.012823, "currency": "USD"}},
            "overall": {"min": {"amount": 82.698427, "currency": "USD"},
                        "max": {"amount": 121.012823, "currency": "USD"}}
        })
    );
}

#[tokio::test]
async fn one_unit_takes_the_smallest_breaks() {
    let Some(app) = app().await else { return };
    let answer = cost(&app, 1.0).await;
    assert_eq!(
        lines(&answer),
        [
            (55, 5.0, 0.2513, 1.2565),
            (53, 19.0, 0.2276, 4.3244),
            (61, 1.0, 2.56, 2.56),
            (45, 10.0, 0.3205, 3.205),
            (1, 2.0, 0.2343, 0.4686),
            (47, 2.0, 0.3235, 0.647),
        ]
    );
    assert_eq!(
        suppliers(&answer),
        [
            json!(697),
            json!(738),
            json!(196),
            json!(766),
            json!(801),
            json!(79)
        ]
    );
    assert_eq!(totals(&answer["cost"]), (12.4615, 12.4615, false));
    assert_eq!(answer["cost"], answer["cost_of_one"]);
}

#[tokio::test]
async fn each_component_costs_what_get_part_pricing_says_is_cheapest() {
    let Some(app) = app().await else { return };
    let answer = cost(&app, 100.0).await;
    for line in answer["lines"].as_array().unwrap() {
        let pricing = app
            .call(
                "get_part_pricing",
                json!({"part_id": line["part"], "quantity": line["required"]}),
            )
            .await;
        let cheapest = &pricing["supplier_prices"][0];
        assert_eq!(
            (&line["source"]["supplier_part"], &line["cost"]),
            (&cheapest["supplier_part"], &cheapest["total_converted"])
        );
    }
}

#[tokio::test]
async fn optional_lines_are_counted_apart_and_consumables_flagged() {
    let Some(app) = app().await else { return };
    // C_1uF_0402 (BOM line 47) optional, C_100nF_0603 (line 20) consumable.
    exec(
        &app,
        "UPDATE part_bomitem SET optional = true WHERE id = 47",
    )
    .await;
    exec(
        &app,
        "UPDATE part_bomitem SET consumable = true WHERE id = 20",
    )
    .await;
    let answer = cost(&app, 100.0).await;
    // Without the optional line: 754.66 - 236.55 = 518.11; 1 unit: 12.4615 - 4.3244 = 8.1371.
    assert_eq!(totals(&answer["cost"]), (754.66, 518.11, false));
    assert_eq!(totals(&answer["cost_of_one"]), (12.4615, 8.1371, false));
    let flags = |i: usize| {
        let line = &answer["lines"][i];
        (
            line["part"].clone(),
            line["optional"].clone(),
            line["consumable"].clone(),
        )
    };
    assert_eq!(flags(0), (json!(55), json!(false), json!(true)));
    assert_eq!(flags(1), (json!(53), json!(true), json!(false)));
}

#[tokio::test]
async fn an_optional_sub_assembly_makes_its_components_optional() {
    let Some(app) = app().await else { return };
    // The Widget Board (assembled) line (23): every priced leaf is under it.
    exec(
        &app,
        "UPDATE part_bomitem SET optional = true WHERE id = 23",
    )
    .await;
    let answer = cost(&app, 100.0).await;
    assert_eq!(totals(&answer["cost"]), (754.66, 0.0, false));
    assert!(
        answer["lines"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["optional"] == true)
    );
}

#[tokio::test]
async fn internal_prices_win_where_inventree_uses_them_for_boms() {
    let Some(app) = app().await else { return };
    exec(
        &app,
        "UPDATE common_inventreesetting SET value = 'True' \
         WHERE key = 'PART_BOM_USE_INTERNAL_PRICE'",
    )
    .await;
    // MAX232IDR (61) gets an internal break 1 @ 2.00 USD: 100 x 2.00 = 200 instead of 235.
    exec(
        &app,
        "INSERT INTO part_partinternalpricebreak (id, quantity, price, price_currency, part_id) \
         VALUES (9001, 1, 2.00, 'USD', 61)",
    )
    .await;
    // The Torx screws' internal breaks are in NZD, 2 NZD per USD:
    //   M3x8 Torx (66): 400 x 1.07788 = 431.152 NZD = 215.576 USD
    //   M3x10 Torx (67): 100 x 0.975324 = 97.5324 NZD = 48.7662 USD
    exec(
        &app,
        "INSERT INTO exchange_exchangebackend (name, last_update, base_currency) \
         VALUES ('InvenTreeExchange', '2026-11-20 06:00+00', 'USD')",
    )
    .await;
    exec(
        &app,
        "INSERT INTO exchange_rate (currency, value, backend_id) VALUES \
         ('NZD', 2, 'InvenTreeExchange')",
    )
    .await;
    let answer = cost(&app, 100.0).await;
    let line = |part: i64| {
        answer["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["part"] == part)
            .unwrap()
            .clone()
    };
    assert_eq!(
        line(61)["source"],
        json!({"kind": "internal", "break_quantity": 1.0, "price": 2.0,
               "price_currency": "USD"})
    );
    assert_eq!(round4(&line(61)["cost"]), 200.0);
    assert_eq!(
        (round4(&line(66)["cost"]), &line(66)["currency"]),
        (215.576, &json!("USD"))
    );
    assert_eq!(round4(&line(67)["cost"]), 48.7662);
    // 754.66 - 235 + 200 + 215.576 + 48.7662 = 984.0022
    assert_eq!(round4(&answer["cost"]["total"]), 984.0022);
    assert_eq!(answer["unpriced"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn prices_no_rate_converts_are_listed_but_not_summed() {
    let Some(app) = app().await else { return };
    exec(
        &app,
        "UPDATE common_inventreesetting SET value = 'True' \
         WHERE key = 'PART_BOM_USE_INTERNAL_PRICE'",
    )
    .await;
    // The Torx screws' NZD internal prices, with no NZD rate: 431.152 and 97.5324 NZD.
    let answer = cost(&app, 100.0).await;
    let torx: Vec<(Value, Value, f64)> = answer["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["currency"] == "NZD")
        .map(|l| {
            (
                l["part"].clone(),
                l["part_name"].clone(),
                round4(&l["cost"]),
            )
        })
        .collect();
    assert_eq!(
        torx,
        [
            (json!(67), json!("M3x10 Torx"), 97.5324),
            (json!(66), json!("M3x8 Torx"), 431.152)
        ]
    );
    assert_eq!(totals(&answer["cost"]), (754.66, 754.66, false));
    assert_eq!(
        answer["note"],
        "4 components have no price (no internal price used for BOMs, no active supplier \
         part with a priced break) and are not counted: the totals are incomplete. No \
         exchange rate converts these prices into USD, so they are listed but not summed: \
         M3x10 Torx (97.5324 NZD), M3x8 Torx (431.152 NZD)."
    );
}

#[tokio::test]
async fn bom_cost_refuses_unknown_parts_non_assemblies_and_bad_quantities() {
    let Some(app) = app().await else { return };
    assert_eq!(
        app.call_err("bom_cost", json!({"part_id": 99999})).await,
        "part 99999 does not exist"
    );
    assert_eq!(
        app.call_err("bom_cost", json!({"part_id": 1})).await,
        "invalid argument `part_id`: part 1 (R_10R_0402_1%) is not an assembly with BOM lines"
    );
    for bad in [json!(0), json!(-1), json!(2e9)] {
        assert_eq!(
            app.call_err("bom_cost", json!({"part_id": DOOHICKEY, "quantity": bad}))
                .await,
            format!(
                "invalid argument `quantity`: must be above 0 and at most 1e9, got {}",
                bad.as_f64().unwrap()
            )
        );
    }
}
