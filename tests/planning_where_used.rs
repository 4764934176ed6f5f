//! where_used on InvenTree's own demo dataset. The expected figures come from the dataset's
//! rows (`../shared/inventree/demo-data.sql.gz`), worked out by hand in the comments.
//!
//! The BOM lines involved (part_bomitem: id, assembly > sub-part, quantity, flags):
//!   21  Widget Board (assembled) 88 > R_10R_0402_1% 1        2
//!   48  Test Board 1 110            > R_10R_0402_1% 1       13
//!   228 Test Board 2 111            > R_10R_0402_1% 1       23
//!   288 Test Board 3 112            > R_10R_0402_1% 1       20
//!   23  Doohickey 87                > Widget Board (assembled) 88  1  allow_variants
//!   348 Master Assembly 113         > Widget Board (assembled) 88  1
//!   349, 350, 351  Master Assembly 113 > Test Board 1, 2, 3        1 each
//!   352 Master Assembly 113         > Widget Assembly 77   2
//!   353 Master Assembly 113         > Doohickey 87         3
//!   354 Master Assembly 113         > 1551AGY 83           1
//!   15  Doohickey 87                > 1551ABK 82           1  substitutes 1551AGY 83, 1591ABK 84
//!   1   Widget Assembly 77 (template) > Red Widget 72      3  inherited, allow_variants
//!   44  Widget Board (assembled) 88 > Widget Template 71   1  allow_variants
//! Nothing uses Master Assembly 113 or Widget Assembly Variant 81 (a variant of 77).
//! Part tree 71: Widget Template 71 > Red Widget 72 > Red Widget 78 (a variant of a variant).

use crate::common;

use common::shared_demo::{self, NO_GROUPS_TOKEN};
use common::{TestApp, column};
use serde_json::{Value, json};

/// The engineer of the demo: parts, BOMs and builds, no sales orders.
const ENGINEER_TOKEN: &str = "inv-a39c760bc30eafe6301e50dd63a1c0cd29efd9cf-20261124";

const R_10R_0402: i64 = 1;
const RED_WIDGET_78: i64 = 78;
const BOX_1551AGY: i64 = 83;
/// M3x8 SHCS: on no BOM line and no substitute.
const UNUSED_SCREW: i64 = 63;

async fn app() -> Option<TestApp> {
    shared_demo::serve(|_| {}).await
}

/// The (assembly, depth, path, quantity_per_unit, top_level) of every row.
fn rows(answer: &Value) -> Vec<(i64, i64, String, f64, bool)> {
    answer["assemblies"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["assembly"].as_i64().unwrap(),
                row["depth"].as_i64().unwrap(),
                row["path"].as_str().unwrap().to_string(),
                row["quantity_per_unit"].as_f64().unwrap(),
                row["top_level"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn row(
    assembly: i64,
    depth: i64,
    path: &str,
    quantity: f64,
    top: bool,
) -> (i64, i64, String, f64, bool) {
    (assembly, depth, path.to_string(), quantity, top)
}

#[tokio::test]
async fn a_resistor_is_used_at_three_levels_with_the_quantities_multiplied() {
    let Some(app) = app().await else { return };
    let answer = app.call("where_used", json!({"part_id": R_10R_0402})).await;
    assert_eq!(answer["part_name"], "R_10R_0402_1%");
    assert_eq!(answer["assemblies"]["count"], 10);
    assert_eq!(
        rows(&answer),
        [
            // Depth 1, by name (capitals sort first): lines 48, 228, 288, 21.
            row(110, 1, "Test Board 1 > R_10R_0402_1%", 13.0, false),
            row(111, 1, "Test Board 2 > R_10R_0402_1%", 23.0, false),
            row(112, 1, "Test Board 3 > R_10R_0402_1%", 20.0, false),
            row(
                88,
                1,
                "Widget Board (assembled) > R_10R_0402_1%",
                2.0,
                false
            ),
            // Depth 2: line 23 (1) x 21 (2) = 2; 349 (1) x 48 (13) = 13; 350 x 228 = 23;
            // 351 x 288 = 20; 348 (1) x 21 (2) = 2.
            row(
                87,
                2,
                "Doohickey > Widget Board (assembled) > R_10R_0402_1%",
                2.0,
                false
            ),
            row(
                113,
                2,
                "Master Assembly > Test Board 1 > R_10R_0402_1%",
                13.0,
                true
            ),
            row(
                113,
                2,
                "Master Assembly > Test Board 2 > R_10R_0402_1%",
                23.0,
                true
            ),
            row(
                113,
                2,
                "Master Assembly > Test Board 3 > R_10R_0402_1%",
                20.0,
                true
            ),
            row(
                113,
                2,
                "Master Assembly > Widget Board (assembled) > R_10R_0402_1%",
                2.0,
                true
            ),
            // Depth 3: 353 (3) x 23 (1) x 21 (2) = 6.
            row(
                113,
                3,
                "Master Assembly > Doohickey > Widget Board (assembled) > R_10R_0402_1%",
                6.0,
                true
            ),
        ]
    );
    let deepest = &answer["assemblies"]["items"][9];
    assert_eq!(deepest["bom_items"], json!([353, 23, 21]));
    assert_eq!(
        (
            &deepest["assembly_name"],
            &deepest["assembly_IPN"],
            &deepest["usage"],
            &deepest["optional"],
            &deepest["consumable"]
        ),
        (
            &json!("Master Assembly"),
            &json!("MAST"),
            &json!("direct"),
            &json!(false),
            &json!(false)
        )
    );
}

#[tokio::test]
async fn the_builds_and_sales_orders_waiting_on_those_assemblies() {
    let Some(app) = app().await else { return };
    let answer = app.call("where_used", json!({"part_id": R_10R_0402})).await;
    // build_build rows of 87, 88, 110, 111, 112, 113 with status 10, 20 or 25 (BO0008, 9 and 12
    // are complete, 40), newest reference first. part_needed: build_buildline rows on lines
    // 21, 48, 228, 288 (quantity, consumed 0): BO0013 line 281 (1000), BO0011 line 161 (650),
    // BO0004 line 77 (500), BO0003 line 49 (230), BO0002 line 15 (200). BO0010 builds Master
    // Assembly, whose lines take the resistor only through sub-assemblies.
    assert_eq!(
        answer["active_builds"],
        json!([
            {"id": 13, "reference": "BO0013", "part": 112, "part_name": "Test Board 3",
             "status": {"code": 10, "name": "Pending"}, "quantity": 50, "completed": 0,
             "remaining": 50, "part_needed": 1000.0},
            {"id": 11, "reference": "BO0011", "part": 110, "part_name": "Test Board 1",
             "status": {"code": 20, "name": "Production"}, "quantity": 50, "completed": 25,
             "remaining": 25, "part_needed": 650.0},
            {"id": 10, "reference": "BO0010", "part": 113, "part_name": "Master Assembly",
             "status": {"code": 10, "name": "Pending"}, "quantity": 50, "completed": 0,
             "remaining": 50, "part_needed": null},
            {"id": 4, "reference": "BO0004", "part": 112, "part_name": "Test Board 3",
             "status": {"code": 20, "name": "Production"}, "quantity": 25, "completed": 20,
             "remaining": 5, "part_needed": 500.0},
            {"id": 3, "reference": "BO0003", "part": 111, "part_name": "Test Board 2",
             "status": {"code": 20, "name": "Production"}, "quantity": 10, "completed": 6,
             "remaining": 4, "part_needed": 230.0},
            {"id": 2, "reference": "BO0002", "part": 88, "part_name": "Widget Board (assembled)",
             "status": {"code": 10, "name": "Pending"}, "quantity": 100, "completed": 0,
             "remaining": 100, "part_needed": 200.0},
        ])
    );
    // Sales order lines of those parts or the resistor: SO0004's lines 7, 8, 9 (Test Boards)
    // are shipped in full; SO0005 (pending) line 10: Master Assembly, 10 ordered, 0 shipped.
    assert_eq!(
        answer["open_sales_orders"],
        json!([
            {"order_id": 5, "reference": "SO0005", "customer": 32, "customer_name": "Customer B",
             "line": 10, "part": 113, "part_name": "Master Assembly", "outstanding": 10.0,
             "target_date": "2022-07-09"},
        ])
    );
}

#[tokio::test]
async fn a_variant_is_used_where_lines_allow_variants_and_through_inherited_lines() {
    let Some(app) = app().await else { return };
    let answer = app
        .call("where_used", json!({"part_id": RED_WIDGET_78}))
        .await;
    assert_eq!(
        rows(&answer),
        [
            // Line 1 (Widget Assembly 77 > Red Widget 72, allow_variants, 3): 78 is a variant
            // of 72; the line is inherited, so Widget Assembly Variant 81 takes it too.
            row(77, 1, "Widget Assembly > Red Widget", 3.0, false),
            row(81, 1, "Widget Assembly Variant > Red Widget", 3.0, true),
            // Line 44 (Widget Board 88 > Widget Template 71, allow_variants, 1).
            row(88, 1, "Widget Board (assembled) > Red Widget", 1.0, false),
            // 23 (1) x 44 (1) = 1; 352 (2) x 1 (3) = 6; 348 (1) x 44 (1) = 1.
            row(
                87,
                2,
                "Doohickey > Widget Board (assembled) > Red Widget",
                1.0,
                false
            ),
            row(
                113,
                2,
                "Master Assembly > Widget Assembly > Red Widget",
                6.0,
                true
            ),
            row(
                113,
                2,
                "Master Assembly > Widget Board (assembled) > Red Widget",
                1.0,
                true
            ),
            // 353 (3) x 23 (1) x 44 (1) = 3.
            row(
                113,
                3,
                "Master Assembly > Doohickey > Widget Board (assembled) > Red Widget",
                3.0,
                true
            ),
        ]
    );
    assert_eq!(
        column(&answer["assemblies"], "usage"),
        vec![json!("variant"); 7]
    );
    assert_eq!(answer["assemblies"]["items"][1]["bom_items"], json!([1]));
    // Active builds: BO0016 (Widget Assembly Variant, pending: line 355 on line 1, 225),
    // BO0010 (Master Assembly), BO0002 (Widget Board: line 8 on line 44, 100), BO0001
    // (Widget Assembly, production, 15 - 1 = 14: line 1 on line 1, 45).
    let builds: Vec<(Value, Value, Value)> = answer["active_builds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["reference"].clone(),
                b["remaining"].clone(),
                b["part_needed"].clone(),
            )
        })
        .collect();
    assert_eq!(
        builds,
        [
            (json!("BO0016"), json!(75), json!(225.0)),
            (json!("BO0010"), json!(50), json!(null)),
            (json!("BO0002"), json!(100), json!(100.0)),
            (json!("BO0001"), json!(14), json!(45.0)),
        ]
    );
    // SO0005 line 10 (Master Assembly, 10) and SO0003 line 6 (Widget Assembly Variant, 75,
    // Customer E); SO0006 line 14 is shipped (status 20, not open).
    let sales: Vec<(Value, Value, Value)> = answer["open_sales_orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["reference"].clone(),
                l["part"].clone(),
                l["outstanding"].clone(),
            )
        })
        .collect();
    assert_eq!(
        sales,
        [
            (json!("SO0005"), json!(113), json!(10.0)),
            (json!("SO0003"), json!(81), json!(75.0)),
        ]
    );
}

#[tokio::test]
async fn a_substitute_is_used_by_the_line_it_may_replace() {
    let Some(app) = app().await else { return };
    let answer = app
        .call("where_used", json!({"part_id": BOX_1551AGY}))
        .await;
    // 1551AGY substitutes 1551ABK on line 15 (Doohickey, 1) and is on line 354 (Master
    // Assembly, 1); 353 (3) x 15 (1) = 3.
    assert_eq!(
        rows(&answer),
        [
            row(87, 1, "Doohickey > 1551AGY", 1.0, false),
            row(113, 1, "Master Assembly > 1551AGY", 1.0, true),
            row(113, 2, "Master Assembly > Doohickey > 1551AGY", 3.0, true),
        ]
    );
    assert_eq!(
        column(&answer["assemblies"], "usage"),
        [json!("substitute"), json!("direct"), json!("substitute")]
    );
    // BO0010 (Master Assembly) has line 343 on line 354: 50 - 0; BO0009 (Doohickey) is
    // complete.
    assert_eq!(
        column_of(&answer["active_builds"], "part_needed"),
        [json!(50.0)]
    );
}

fn column_of(list: &Value, field: &str) -> Vec<Value> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|item| item[field].clone())
        .collect()
}

#[tokio::test]
async fn the_assembly_list_comes_in_pages() {
    let Some(app) = app().await else { return };
    let page = app
        .call(
            "where_used",
            json!({"part_id": R_10R_0402, "limit": 3, "offset": 8}),
        )
        .await;
    // Rows 9 and 10 of the ten above.
    assert_eq!(page["assemblies"]["count"], 10);
    assert_eq!(page["assemblies"]["next_offset"], Value::Null);
    assert_eq!(
        column(&page["assemblies"], "path"),
        [
            json!("Master Assembly > Widget Board (assembled) > R_10R_0402_1%"),
            json!("Master Assembly > Doohickey > Widget Board (assembled) > R_10R_0402_1%"),
        ]
    );
    // The builds still cover every assembly, not only the page's.
    assert_eq!(page["active_builds"].as_array().unwrap().len(), 6);
    let first = app
        .call("where_used", json!({"part_id": R_10R_0402, "limit": 4}))
        .await;
    assert_eq!(first["assemblies"]["next_offset"], 4);
}

#[tokio::test]
async fn a_part_on_no_bom_is_used_nowhere() {
    let Some(app) = app().await else { return };
    let answer = app
        .call("where_used", json!({"part_id": UNUSED_SCREW}))
        .await;
    assert_eq!(
        answer,
        json!({
            "part_id": UNUSED_SCREW,
            "part_name": "M3x8 SHCS",
            "assemblies": {"items": [], "count": 0, "next_offset": null},
            "active_builds": [],
            "open_sales_orders": [],
        })
    );
}

#[tokio::test]
async fn builds_and_sales_orders_need_their_own_roles() {
    let Some(app) = app().await else { return };
    // The engineer views parts, BOMs and builds but no sales orders.
    let engineer = app.with_token(ENGINEER_TOKEN);
    let answer = engineer
        .call("where_used", json!({"part_id": BOX_1551AGY}))
        .await;
    assert_eq!(answer["assemblies"]["count"], 3);
    assert_eq!(answer["active_builds"].as_array().unwrap().len(), 1);
    assert_eq!(answer["open_sales_orders"], Value::Null);
    let nobody = engineer.with_token(NO_GROUPS_TOKEN);
    assert_eq!(
        nobody
            .call_err("where_used", json!({"part_id": BOX_1551AGY}))
            .await,
        "permission denied: this tool requires bom.view (InvenTree role `bom`, action `view`)"
    );
}

#[tokio::test]
async fn a_bom_cycle_above_the_part_is_a_clear_error() {
    let Some(app) = app().await else { return };
    // Widget Board (assembled) now contains the Master Assembly that contains it.
    sqlx::query(
        "INSERT INTO part_bomitem (part_id, sub_part_id, quantity, note, reference, checksum,
           optional, inherited, allow_variants, consumable, validated, attrition,
           setup_quantity, raw_amount)
         VALUES (88, 113, 1, '', '', '', false, false, false, false, false, 0, 0, '')",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(
        app.call_err("where_used", json!({"part_id": R_10R_0402}))
            .await,
        "the BOMs using part 1 contain a cycle: Widget Board (assembled) > Master Assembly > \
         Widget Board (assembled) > R_10R_0402_1%"
    );
}

#[tokio::test]
async fn unknown_parts_and_bad_pages_are_refused() {
    let Some(app) = app().await else { return };
    for (args, message) in [
        (json!({"part_id": 99999}), "part 99999 does not exist"),
        (
            json!({"part_id": 1, "limit": 0}),
            "invalid argument `limit`: must be between 1 and 1000, got 0",
        ),
        (
            json!({"part_id": 1, "offset": -1}),
            "invalid argument `offset`: must be 0 or more, got -1",
        ),
    ] {
        assert_eq!(app.call_err("where_used", args).await, message);
    }
}
