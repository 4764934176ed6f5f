//! Bills of materials, their explosion, and tags.

use crate::common;

use common::fixtures::*;
use common::{TestApp, column};
use serde_json::{Value, json};

const SENSOR_KIT: i64 = 24;
const CONTROLLER_BOARD: i64 = 23;

fn leaves(answer: &Value) -> Vec<(String, f64, f64, f64)> {
    answer["leaves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["part_name"].as_str().unwrap().to_string(),
                l["required"].as_f64().unwrap(),
                l["in_stock"].as_f64().unwrap(),
                l["shortfall"].as_f64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn one_level_bom_follows_inventree_required_quantities() {
    let app = TestApp::start().await;
    let bom = app
        .call(
            "get_bom_for_part",
            json!({"part_id": CONTROLLER_BOARD, "quantity": 25}),
        )
        .await;
    assert_eq!(bom["part_name"], "Controller board");
    assert!(bom.get("nodes").is_none());
    let required: Vec<(Value, Value)> = bom["bom_items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["sub_part_name"].clone(), b["required"].clone()))
        .collect();
    assert_eq!(
        required,
        vec![
            (json!("ATmega328P"), json!(25.0)),
            // 4 x 25, plus 10 % attrition, plus a setup quantity of 5.
            (json!("Capacitor 100nF 0603"), json!(115.0)),
            (json!("Capacitor 22pF 0603"), json!(50.0)),
            (json!("Crystal 16MHz"), json!(25.0)),
            (json!("LED red 0805"), json!(25.0)),
            (json!("Resistor 220R 0805"), json!(25.0)),
        ]
    );
    assert_eq!(bom["bom_items"][4]["optional"], true);
}

#[tokio::test]
async fn explosion_totals_components_over_sub_assemblies() {
    let app = TestApp::start().await;
    let bom = app
        .call(
            "get_bom_for_part",
            json!({"part_id": SENSOR_KIT, "quantity": 25, "levels": 0}),
        )
        .await;
    assert_eq!(bom["nodes"].as_array().unwrap().len(), 14);
    assert_eq!(
        bom["nodes"][3]["path"],
        "Controller board > Capacitor 100nF 0603"
    );
    assert_eq!(bom["nodes"][3]["depth"], 2);
    assert_eq!(bom["nodes"][3]["required"], 115.0);
    assert_eq!(
        leaves(&bom),
        vec![
            ("ATmega328P".into(), 25.0, 15.0, 10.0),
            // Virtual: never stocked, so no shortfall.
            ("Assembly labour".into(), 12.5, 0.0, 0.0),
            // Shared by both boards: 3 x 25 + (4 x 25 x 1.1 + 5).
            ("Capacitor 100nF 0603".into(), 190.0, 9500.0, 0.0),
            ("Capacitor 22pF 0603".into(), 50.0, 250.0, 0.0),
            ("Crystal 16MHz".into(), 25.0, 60.0, 0.0),
            // The line allows variants: their stock counts.
            ("Enclosure 100x60".into(), 25.0, 42.0, 0.0),
            ("Header 1x6 2.54mm".into(), 25.0, 90.0, 0.0),
            ("LED red 0805".into(), 25.0, 0.0, 25.0),
            ("Resistor 10k 0603".into(), 100.0, 6525.0, 0.0),
            ("Resistor 220R 0805".into(), 25.0, 300.0, 0.0),
            // 4 x 25, already a multiple of the rounding multiple 10.
            ("Screw M3x8".into(), 100.0, 950.0, 0.0),
        ]
    );
    let led = bom["leaves"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["part_name"] == "LED red 0805")
        .unwrap();
    assert_eq!(led["optional"], true);
    // A component under an optional sub-assembly line is optional too, unless another,
    // required line also takes it: with the kit's Controller board line (11) optional, the
    // board's own parts are, and the 100nF capacitor it shares with the Sensor board is not.
    sqlx::query("UPDATE part_bomitem SET optional = true WHERE id = 11")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let bom = app
        .call(
            "get_bom_for_part",
            json!({"part_id": SENSOR_KIT, "quantity": 25, "levels": 0}),
        )
        .await;
    let optional = |name: &str| {
        bom["leaves"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["part_name"] == name)
            .unwrap()["optional"]
            .clone()
    };
    assert_eq!(
        [
            optional("ATmega328P"),
            optional("Crystal 16MHz"),
            optional("Capacitor 22pF 0603"),
            optional("Capacitor 100nF 0603"),
        ],
        [json!(true), json!(true), json!(true), json!(false)]
    );
    // One level: the boards are the leaves.
    let top = app
        .call(
            "get_bom_for_part",
            json!({"part_id": SENSOR_KIT, "quantity": 3}),
        )
        .await;
    assert_eq!(
        leaves(&top),
        vec![
            ("Assembly labour".into(), 1.5, 0.0, 0.0),
            ("Controller board".into(), 3.0, 4.0, 0.0),
            ("Enclosure 100x60".into(), 3.0, 42.0, 0.0),
            // 4 x 3 = 12, rounded up to a multiple of 10.
            ("Screw M3x8".into(), 20.0, 950.0, 0.0),
            ("Sensor board".into(), 3.0, 2.0, 1.0),
        ]
    );
}

#[tokio::test]
async fn variants_inherit_template_lines() {
    let app = TestApp::start().await;
    sqlx::query(
        "INSERT INTO part_bomitem (part_id, sub_part_id, quantity, note, reference, checksum, optional, inherited,
           allow_variants, consumable, validated, attrition, setup_quantity, raw_amount)
         VALUES (19, 15, 4, '', 'lid screws', '', false, true, false, false, false, 0, 0, ''),
                (19, 18, 4, '', 'not inherited', '', false, false, false, false, false, 0, 0, '')",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    let grey = app
        .call("list_bom_items", json!({"part_id": ENCLOSURE_GREY}))
        .await;
    assert_eq!(column(&grey, "reference"), vec![json!("lid screws")]);
    assert_eq!(grey["items"][0]["inherited"], true);
    let template = app
        .call("list_bom_items", json!({"part_id": ENCLOSURE_TEMPLATE}))
        .await;
    assert_eq!(template["count"], 2);
    let screws = app.call("list_bom_items", json!({"sub_part_id": 15})).await;
    assert_eq!(
        column(&screws, "part_name"),
        vec![json!("Enclosure 100x60"), json!("Sensor kit")]
    );
}

#[tokio::test]
async fn a_bom_cycle_is_a_clear_error() {
    let app = TestApp::start().await;
    // The sensor board now contains the kit that contains it.
    sqlx::query(
        "INSERT INTO part_bomitem (part_id, sub_part_id, quantity, note, reference, checksum, optional, inherited,
           allow_variants, consumable, validated, attrition, setup_quantity, raw_amount)
         VALUES (22, 24, 1, '', '', '', false, false, false, false, false, 0, 0, '')",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(
        app.call_err(
            "get_bom_for_part",
            json!({"part_id": SENSOR_KIT, "levels": 0})
        )
        .await,
        "the BOM of part 24 contains a cycle: Sensor kit > Sensor board > Sensor kit"
    );
    // One level does not reach the cycle.
    let one = app
        .call("get_bom_for_part", json!({"part_id": SENSOR_KIT}))
        .await;
    assert_eq!(one["bom_items"].as_array().unwrap().len(), 5);
}

#[tokio::test]
async fn bom_arguments_are_checked() {
    let app = TestApp::start().await;
    for (args, message) in [
        (
            json!({"part_id": 24, "quantity": 0}),
            "invalid argument `quantity`: must be above 0 and at most 1e9, got 0",
        ),
        (
            json!({"part_id": 24, "quantity": -2.5}),
            "invalid argument `quantity`: must be above 0 and at most 1e9, got -2.5",
        ),
        (
            json!({"part_id": 24, "levels": 101}),
            "invalid argument `levels`: must be between 0 and 100, got 101",
        ),
        (json!({"part_id": 9999}), "part 9999 does not exist"),
        (
            json!({"quantity": 2}),
            "invalid argument `part_id`: is required",
        ),
    ] {
        assert_eq!(
            app.call_err("get_bom_for_part", args.clone()).await,
            message,
            "{args}"
        );
    }
}

#[tokio::test]
async fn tags_list_and_search() {
    let app = TestApp::start().await;
    let all = app.call("list_tags", json!({})).await;
    assert_eq!(
        column(&all, "name"),
        vec![
            json!("0603"),
            json!("Obsolete"),
            json!("mcu"),
            json!("obsolete"),
            json!("smd"),
            json!("through-hole")
        ]
    );
    assert_eq!(
        all["items"][4],
        json!({"id": 1, "name": "smd", "slug": "smd", "part_count": 5})
    );
    // The stock item tagged "mcu" does not count as a part.
    assert_eq!(all["items"][2]["part_count"], 3);
    let found = app.call("search_tags", json!({"query": "OBS"})).await;
    assert_eq!(
        column(&found, "slug"),
        vec![json!("obsolete_1"), json!("obsolete")]
    );
    // Wildcards are text: "_" finds the one slug with an underscore, "%" nothing.
    let underscore = app.call("search_tags", json!({"query": "_"})).await;
    assert_eq!(column(&underscore, "slug"), vec![json!("obsolete_1")]);
    let none = app.call("search_tags", json!({"query": "%"})).await;
    assert_eq!(none["count"], 0);
    let page = app
        .call("list_tags", json!({"limit": 2, "offset": 5}))
        .await;
    assert_eq!(
        (page["count"].clone(), page["next_offset"].clone()),
        (json!(6), json!(null))
    );
    assert_eq!(
        app.call_err("search_tags", json!({"query": "  "})).await,
        "invalid argument `query`: must not be empty"
    );
}

#[tokio::test]
async fn sub_assemblies_with_equal_names_explode_apart() {
    let app = TestApp::start().await;
    // Two sub-assemblies named alike (allowed: their revisions differ).
    sqlx::query("UPDATE part_part SET name = 'Sensor board', revision = 'B' WHERE id = 23")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let bom = app
        .call(
            "get_bom_for_part",
            json!({"part_id": SENSOR_KIT, "levels": 0}),
        )
        .await;
    let names: Vec<String> = leaves(&bom).into_iter().map(|l| l.0).collect();
    assert!(!names.contains(&"Sensor board".to_string()), "{names:?}");
    assert_eq!(names.len(), 11);
}
