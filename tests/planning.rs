//! The planning toolset on InvenTree's own demo dataset: low stock, can-build through every
//! BOM level, shortages. Expected figures come from the dataset's rows
//! (`../shared/inventree/demo-data.sql.gz`), worked out by hand in the comments.

use crate::common;

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

// can_build

/// Available stock as InvenTree's can-build counts it (in stock less allocations to open
/// sales orders and active builds), from the demo's rows, for the parts below Doohickey (87):
/// - 87 Doohickey: 1551ABK (82) x1 [145; substitutes 1551AGY 83 and 1551ACLR 84 have none],
///   M3x8 Torx (66) x4 [560 - 75 = 485], M3x10 Torx (67) x1 [1495], Widget Board
///   (assembled) (88) x1 [55], allow_variants (it has none).
/// - 88 Widget Board (assembled): Widget Board (68) x1 [255], 530470210 (69) x2 [370],
///   C_100nF_0603 (55) x5 [1439 - 1439 = 0], R_10R_0402_1% (1) x2 [3030 - 1150 = 1880],
///   R_220K_0603_1% (47) x2 [2197 - 1445 = 752], Widget Template (71) x1 [0; its variants
///   are allowed: Red Widget 72 has 20 - 11 = 9, Green 73 has 3, Pink 75 has 14],
///   R_100K_0805_1% (45) x10 [2102], MAX232IDR (61) x1 [1525; substitute MCP2561SN 62],
///   C_1uF_0402 (53) x19 [1781 - 1000 = 781].
/// So no board can be built (C_100nF_0603 has none) and 55 Doohickeys use the 55 boards in
/// stock; the 56th needs a board built, short of 5 C_100nF_0603.
#[tokio::test]
async fn can_build_goes_through_sub_assemblies_and_names_what_runs_out() {
    let Some(app) = app().await else { return };
    let answer = app.call("can_build", json!({"part_id": 87})).await;
    assert_eq!(
        (
            answer["can_build"].clone(),
            answer["inventree_can_build"].clone()
        ),
        (json!(55), json!(55))
    );
    assert_eq!(
        answer["limiting"],
        json!([{"part": 55, "part_name": "C_100nF_0603", "available": 0.0, "required": 5.0,
                "short_by": 5.0}])
    );
    // 30 C_100nF_0603 freed (build allocation 40 of item 149 down from 140 to 110) build 6
    // boards (5 each): 61 Doohickeys. InvenTree's own figure counts the boards in stock only.
    exec(
        &app,
        "UPDATE build_builditem SET quantity = 110 WHERE id = 40",
    )
    .await;
    let answer = app.call("can_build", json!({"part_id": 87})).await;
    assert_eq!(
        (
            answer["can_build"].clone(),
            answer["inventree_can_build"].clone()
        ),
        (json!(61), json!(55))
    );
    // The 62nd needs a 7th board: 35 C_100nF_0603 for 30.
    assert_eq!(
        answer["limiting"],
        json!([{"part": 55, "part_name": "C_100nF_0603", "available": 30.0, "required": 35.0,
                "short_by": 5.0}])
    );
    let one_level = app
        .call("can_build", json!({"part_id": 87, "levels": 1}))
        .await;
    assert_eq!(one_level["can_build"], 55);
    assert_eq!(
        one_level["limiting"],
        json!([{"part": 88, "part_name": "Widget Board (assembled)", "available": 55.0,
                "required": 56.0, "short_by": 1.0}])
    );
}

#[tokio::test]
async fn can_build_with_a_quantity_says_what_each_part_gives() {
    let Some(app) = app().await else { return };
    // 60 Doohickeys: 55 boards from stock, 5 to build, which need 25 C_100nF_0603 (none)
    // and 5 Widget Templates, taken from its variants in id order: Red Widget (72) has 9.
    let answer = app
        .call("can_build", json!({"part_id": 87, "quantity": 60}))
        .await;
    let rows: Vec<Value> = answer["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            json!([
                r["part"],
                r["required"],
                r["available"],
                r["from_stock"],
                r["instead_of_others"],
                r["to_build"],
                r["shortfall"]
            ])
        })
        .collect();
    // Short first, then by name (C collation: digits, capitals).
    assert_eq!(
        rows,
        [
            json!([55, 25.0, 0.0, 0.0, 0.0, 0.0, 25.0]),
            json!([82, 60.0, 145.0, 60.0, 0.0, 0.0, 0.0]),
            json!([69, 10.0, 370.0, 10.0, 0.0, 0.0, 0.0]),
            json!([53, 95.0, 781.0, 95.0, 0.0, 0.0, 0.0]),
            json!([67, 60.0, 1495.0, 60.0, 0.0, 0.0, 0.0]),
            json!([66, 240.0, 485.0, 240.0, 0.0, 0.0, 0.0]),
            json!([61, 5.0, 1525.0, 5.0, 0.0, 0.0, 0.0]),
            json!([45, 50.0, 2102.0, 50.0, 0.0, 0.0, 0.0]),
            json!([1, 10.0, 1880.0, 10.0, 0.0, 0.0, 0.0]),
            json!([47, 10.0, 752.0, 10.0, 0.0, 0.0, 0.0]),
            json!([72, 0.0, 9.0, 5.0, 5.0, 0.0, 0.0]),
            json!([68, 5.0, 255.0, 5.0, 0.0, 0.0, 0.0]),
            json!([88, 60.0, 55.0, 55.0, 0.0, 5.0, 0.0]),
            json!([71, 5.0, 0.0, 0.0, 0.0, 0.0, 0.0]),
        ]
    );
}

/// Master Assembly (113) uses Widget Board (assembled) (88) directly and through Doohickey
/// (87): both compete for the 55 boards in stock and the boards that can be built. With its
/// Test Board and 1551AGY lines made consumable (can-build leaves those out), Widget
/// Assembly's line allowing variants, and 30 freed (as above)
/// more C_100nF_0603 (6 more boards), N units take N boards, 3N Doohickeys (20 in stock,
/// each built one takes a board) and 2N Widget Assemblies (1 in stock, its variant 81 has
/// 165). Boards: N + (3N - 20) <= 55 + 6, so N <= 20. At 21: 64 boards, 55 in stock, 9 to
/// build need 45 C_100nF_0603 for 30. InvenTree's one level: min(55/1, (1 + 165)/2,
/// 20/3) = 6.
#[tokio::test]
async fn can_build_shares_a_sub_assembly_between_branches() {
    let Some(app) = app().await else { return };
    exec(
        &app,
        "UPDATE part_bomitem SET consumable = true WHERE id IN (349, 350, 351, 354)",
    )
    .await;
    exec(
        &app,
        "UPDATE part_bomitem SET allow_variants = true WHERE id = 352",
    )
    .await;
    exec(
        &app,
        "UPDATE build_builditem SET quantity = 110 WHERE id = 40",
    )
    .await;
    let answer = app.call("can_build", json!({"part_id": 113})).await;
    assert_eq!(
        (
            answer["can_build"].clone(),
            answer["inventree_can_build"].clone()
        ),
        (json!(20), json!(6))
    );
    assert_eq!(
        answer["limiting"],
        json!([{"part": 55, "part_name": "C_100nF_0603", "available": 30.0, "required": 45.0,
                "short_by": 15.0}])
    );
    let one_level = app
        .call("can_build", json!({"part_id": 113, "levels": 1}))
        .await;
    assert_eq!(one_level["can_build"], 6);
}

/// InvenTree's Part.can_build for every assembly, computed from the rows as
/// semantics-2.md §10 states it: per non-consumable line (own and inherited from template
/// ancestors), the sub-part's in-stock less its open SO and active build allocations, plus
/// its strict variants' in-stock less all their allocations, plus the substitutes' in-stock
/// less their open allocations (each at least 0), less the setup quantity, over quantity x
/// (1 + attrition %); the smallest, truncated, at least 0.
const INVENTREE_CAN_BUILD: &str = "
WITH in_stock AS (
    SELECT si.* FROM stock_stockitem si
    WHERE si.quantity > 0 AND si.sales_order_id IS NULL AND si.belongs_to_id IS NULL
      AND si.customer_id IS NULL AND si.consumed_by_id IS NULL AND NOT si.is_building
      AND si.status IN (10, 50, 55, 85)
), open_allocated AS (
    SELECT si.part_id, sum(a.quantity) AS quantity
    FROM order_salesorderallocation a
    JOIN stock_stockitem si ON si.id = a.item_id
    JOIN order_salesorderlineitem l ON l.id = a.line_id
    JOIN order_salesorder o ON o.id = l.order_id
    LEFT JOIN order_salesordershipment sh ON sh.id = a.shipment_id
    WHERE o.status IN (10, 15, 25) AND sh.shipment_date IS NULL
    GROUP BY si.part_id
    UNION ALL
    SELECT si.part_id, sum(bi.quantity)
    FROM build_builditem bi
    JOIN stock_stockitem si ON si.id = bi.stock_item_id
    JOIN build_buildline bl ON bl.id = bi.build_line_id
    JOIN build_build b ON b.id = bl.build_id
    WHERE b.status IN (10, 20, 25)
    GROUP BY si.part_id
), own AS (
    SELECT p.id,
           COALESCE((SELECT sum(quantity) FROM in_stock WHERE part_id = p.id), 0)
           - COALESCE((SELECT sum(quantity) FROM open_allocated WHERE part_id = p.id), 0)
               AS available
    FROM part_part p
), bom AS (
    SELECT a.id AS assembly, b.*
    FROM part_part a
    JOIN part_part t ON t.tree_id = a.tree_id AND t.lft <= a.lft AND t.rght >= a.rght
    JOIN part_bomitem b ON b.part_id = t.id AND (t.id = a.id OR b.inherited)
), line AS (
    SELECT bom.assembly, bom.quantity, bom.setup_quantity, bom.attrition,
           GREATEST((SELECT available FROM own WHERE id = bom.sub_part_id), 0)
           + GREATEST(COALESCE((
                 SELECT sum(si.quantity)
                        - sum((SELECT COALESCE(sum(quantity), 0)
                               FROM order_salesorderallocation WHERE item_id = si.id))
                        - sum((SELECT COALESCE(sum(quantity), 0)
                               FROM build_builditem WHERE stock_item_id = si.id))
                 FROM part_part s
                 JOIN part_part v ON v.tree_id = s.tree_id AND v.lft > s.lft AND v.rght < s.rght
                 JOIN in_stock si ON si.part_id = v.id
                 WHERE s.id = bom.sub_part_id), 0), 0)
           + GREATEST(COALESCE((
                 SELECT sum(own.available) FROM part_bomitemsubstitute bs
                 JOIN own ON own.id = bs.part_id WHERE bs.bom_item_id = bom.id), 0), 0)
               AS available
    FROM bom
    WHERE NOT bom.consumable
)
SELECT assembly,
       GREATEST(trunc(min(CASE WHEN quantity = 0 THEN 0
                          ELSE (available - setup_quantity)
                               / (quantity * (1 + attrition / 100)) END)), 0)::int8
FROM line
GROUP BY assembly
ORDER BY assembly";

#[tokio::test]
async fn can_build_at_one_level_is_inventree_s_figure_for_every_assembly() {
    let Some(app) = app().await else { return };
    let expected: Vec<(i32, i64)> = sqlx::query_as(INVENTREE_CAN_BUILD)
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    // Every assembly with a BOM; three of them worked out above by hand.
    assert_eq!(expected.len(), 20);
    assert!(expected.contains(&(87, 55)) && expected.contains(&(113, 0)));
    for (assembly, figure) in expected {
        let answer = app
            .call("can_build", json!({"part_id": assembly, "levels": 1}))
            .await;
        assert_eq!(
            (
                answer["can_build"].clone(),
                answer["inventree_can_build"].clone()
            ),
            (json!(figure), json!(figure)),
            "assembly {assembly}"
        );
    }
}

#[tokio::test]
async fn can_build_refuses_what_it_cannot_answer() {
    let Some(app) = app().await else { return };
    assert_eq!(
        app.call_err("can_build", json!({"part_id": 9999})).await,
        "part 9999 does not exist"
    );
    assert_eq!(
        app.call_err("can_build", json!({"part_id": 1})).await,
        "invalid argument `part_id`: part 1 (R_10R_0402_1%) has no BOM lines: give an assembly"
    );
    assert_eq!(
        app.call_err("can_build", json!({"part_id": 87, "quantity": 0}))
            .await,
        "invalid argument `quantity`: must be above 0 and at most 1000000000, got 0"
    );
    assert_eq!(
        app.call_err("can_build", json!({"part_id": 87, "levels": -1}))
            .await,
        "invalid argument `levels`: must be between 0 (all) and 100, got -1"
    );
    // A BOM containing itself is named, not followed for ever.
    // Widget Board (assembled)'s line 18 made to use Doohickey.
    exec(
        &app,
        "UPDATE part_bomitem SET sub_part_id = 87 WHERE id = 18",
    )
    .await;
    assert_eq!(
        app.call_err("can_build", json!({"part_id": 87})).await,
        "the BOM contains a loop: parts 87 > 88 > 87"
    );
}

// shortages

/// A row of a shortages answer: part, action, requirement, to_order, supplier part SKU and
/// total (when bought).
fn shortage_rows(answer: &Value) -> Vec<Value> {
    answer["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let price = &s["supplier_price"];
            json!([
                s["part"],
                s["action"],
                round(&s["requirement"]),
                round(&s["to_order"]),
                price["SKU"],
                price["total"]
            ])
        })
        .collect()
}

/// 100 Widget Boards (assembled) (88), from its lines (see can_build above) against each
/// part's available stock, on order and in production:
/// - C_100nF_0603 (55) x5: 500, none available or on order: buy 500. Its cheapest active
///   supplier part at 500 is Arrow's ARR-26041-LPC: 0.2513 x 500 = 125.65.
/// - C_1uF_0402 (53) x19: 1900 for 781: buy 1119; DigiKey DIG-51121-DFG at the 1000 break,
///   0.1245 x 1119 = 139.3155.
/// - Widget Template (71) x1: 100, none of its own; the line allows its variants, whose
///   available stock is Red Widget 72: 20 - 11 = 9, Green 73: 3, Blue 74: 0, Pink 75: 14,
///   Purple 76: 5, Red Widgets 78: 0, 79: 3, 80: 38, so 72: 28 short. Not purchaseable and
///   without a BOM: nothing covers it.
/// - The others are covered: 68 (100 of 255), 69 (200 of 370 + 400 on order), 1 (200 of
///   1880), 47 (200 of 752), 45 (1000 of 2102), 61 (100 of 1525).
#[tokio::test]
async fn shortages_for_a_plan_buy_from_the_cheapest_supplier() {
    let Some(app) = app().await else { return };
    let answer = app
        .call(
            "shortages",
            json!({"plan": [{"part_id": 88, "quantity": 100}]}),
        )
        .await;
    assert_eq!(answer["counted"], json!(["plan"]));
    assert_eq!(
        shortage_rows(&answer),
        [
            json!([55, "buy", 500.0, 500.0, "ARR-26041-LPC", 125.65]),
            json!([53, "buy", 1900.0, 1119.0, "DIG-51121-DFG", 139.3155]),
            json!([71, "none", 100.0, 28.0, null, null]),
        ]
    );
    assert_eq!(
        answer["items"][1]["sources"],
        json!([{"kind": "assembly", "id": 88, "reference": "Widget Board (assembled)",
                "quantity": 1900.0}])
    );
    let suppliers: Vec<Value> = answer["suppliers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| json!([s["supplier_name"], s["parts"], s["total"]]))
        .collect();
    assert_eq!(
        suppliers,
        [json!(["Arrow", 1, 125.65]), json!(["DigiKey", 1, 139.3155])]
    );
    assert_eq!(round(&answer["total"]), 264.9655);
    assert_eq!(answer["unpriced"], json!([]));
}

/// Two assemblies merged: 100 boards (88) and 200 Doohickeys (87). The Doohickeys' 200
/// boards take the boards' pool first: 55 available + 100 in production (BO0002) = 155, so
/// 45 more are built, 145 in all: 725 C_100nF_0603, 145 x 19 = 2755 C_1uF_0402 (1974 to
/// buy), 145 Widget Templates (73 beyond the variants' 72). The Doohickeys also take 200
/// 1551ABK (82: 145 + 10 on order: 45 to buy, no priced supplier part) and 800 M3x8 Torx
/// (66: 485, so 315; no supplier part at all).
#[tokio::test]
async fn shortages_merge_a_plan_and_share_sub_assemblies() {
    let Some(app) = app().await else { return };
    let answer = app
        .call(
            "shortages",
            json!({"plan": [{"part_id": 88, "quantity": 100}, {"part_id": 87, "quantity": 200}]}),
        )
        .await;
    let figures: Vec<Value> = answer["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| json!([s["part"], s["action"], round(&s["to_order"])]))
        .collect();
    assert_eq!(
        figures,
        [
            json!([55, "buy", 725.0]),
            json!([53, "buy", 1974.0]),
            json!([82, "buy", 45.0]),
            json!([66, "buy", 315.0]),
            json!([88, "build", 45.0]),
            json!([71, "none", 73.0]),
        ]
    );
    assert_eq!(answer["unpriced"], json!([66, 82]));
    assert_eq!(
        answer["items"][4]["sources"],
        json!([
            {"kind": "plan", "id": 88, "reference": "Widget Board (assembled)", "quantity": 100.0},
            {"kind": "assembly", "id": 87, "reference": "Doohickey", "quantity": 200.0}
        ])
    );
}

/// The open work of the demo: active builds' unallocated lines, open sales orders'
/// unallocated lines, minimum stocks. Some parts, from the rows:
/// - Doohickey (87): BO0010 (Master Assembly, 50 to go) needs 150, and its minimum is 5;
///   20 available, no build active: build 135.
/// - Widget Board (assembled) (88): BO0010 needs 50, the 135 Doohickeys 135; 55 available
///   and 100 in production (BO0002): build 30.
/// - Test Board 2 (111): BO0010 needs 50; 31 available, 10 - 6 in production (BO0003):
///   build 15.
/// - 1551AGY (83): BO0010 needs 50, none in stock, no supplier part: buy 50, unpriced.
#[tokio::test]
async fn shortages_cover_builds_sales_orders_and_minimum_stock() {
    let Some(app) = app().await else { return };
    let answer = app.call("shortages", json!({"limit": 500})).await;
    assert_eq!(
        answer["counted"],
        json!(["build", "sales_order", "minimum_stock"])
    );
    let find = |id: i64| {
        answer["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["part"] == id)
            .unwrap_or_else(|| panic!("part {id} not listed"))
            .clone()
    };
    let doohickey = find(87);
    assert_eq!(
        json!([
            doohickey["action"],
            doohickey["requirement"],
            doohickey["available"],
            doohickey["in_production"],
            doohickey["to_order"]
        ]),
        json!(["build", 155.0, 20.0, 0.0, 135.0])
    );
    assert_eq!(
        doohickey["sources"],
        json!([
            {"kind": "build", "id": 10, "reference": "BO0010", "quantity": 150.0},
            {"kind": "minimum_stock", "id": 87, "reference": "Doohickey", "quantity": 5.0}
        ])
    );
    let board = find(88);
    assert_eq!(
        json!([
            board["requirement"],
            board["available"],
            board["in_production"],
            board["to_order"]
        ]),
        json!([185.0, 55.0, 100.0, 30.0])
    );
    let test_board = find(111);
    assert_eq!(
        json!([test_board["action"], test_board["to_order"]]),
        json!(["build", 15.0])
    );
    let agy = find(83);
    assert_eq!(
        json!([agy["action"], agy["to_order"], agy["supplier_price"]]),
        json!(["buy", 50.0, null])
    );
    assert!(answer["unpriced"].as_array().unwrap().contains(&json!(83)));
    // Supplier totals add up to the total.
    let sum: f64 = answer["suppliers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["total"].as_f64().unwrap())
        .sum();
    assert_eq!(
        (sum * 1e4).round(),
        (answer["total"].as_f64().unwrap() * 1e4).round()
    );
    // Paging keeps the totals over every part.
    let page = app
        .call("shortages", json!({"limit": 2, "offset": 1}))
        .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert_eq!(
        (page["count"].clone(), page["next_offset"].clone()),
        (answer["count"].clone(), json!(3))
    );
    assert_eq!(page["total"], answer["total"]);
    assert_eq!(page["items"][0]["part"], answer["items"][1]["part"]);
}

#[tokio::test]
async fn shortages_refuse_a_bad_plan() {
    let Some(app) = app().await else { return };
    assert_eq!(
        app.call_err("shortages", json!({"plan": []})).await,
        "invalid argument `plan`: must list 1 to 100 assemblies, got 0"
    );
    assert_eq!(
        app.call_err(
            "shortages",
            json!({"plan": [{"part_id": 88, "quantity": -1}]})
        )
        .await,
        "invalid argument `plan[0].quantity`: must be above 0 and at most 1000000000, got -1"
    );
    assert_eq!(
        app.call_err(
            "shortages",
            json!({"plan": [{"part_id": 88, "quantity": 1}, {"part_id": 1, "quantity": 1}]})
        )
        .await,
        "invalid argument `plan[1].part_id`: part 1 (R_10R_0402_1%) has no BOM lines: give an assembly"
    );
    assert_eq!(
        app.call_err(
            "shortages",
            json!({"plan": [{"part_id": 9999, "quantity": 1}]})
        )
        .await,
        "invalid argument `plan[0].part_id`: part 9999 does not exist"
    );
    let message = app
        .call_err("shortages", json!({"plan": [{"part": 88, "quantity": 1}]}))
        .await;
    assert!(
        message.contains("plan") && message.contains("part_id"),
        "{message}"
    );
}
