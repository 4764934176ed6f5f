//! Part parameters on InvenTree's own demo dataset: list_parameter_templates,
//! get_part_parameters, find_parts_by_parameters, and the parameters get_part, list_parts
//! and search_parts carry. Expected values are read off the dataset's rows
//! (part_partparameter joined to part_partparametertemplate; semantics-2 §1).

use crate::common;

use common::shared_demo;
use common::{TestApp, column};
use serde_json::{Value, json};

async fn app() -> Option<TestApp> {
    shared_demo::serve(|_| {}).await
}

// Templates of the demo dataset.
const RESISTANCE: i64 = 2;
const CAPACITANCE: i64 = 15;
const POWER: i64 = 17;
// Categories: Passives (Resistors 5, Capacitors 6, Inductors 7), Furniture (Tables, Chairs).
const PASSIVES: i64 = 4;
const RESISTORS: i64 = 5;
const CAPACITORS: i64 = 6;
const FURNITURE: i64 = 17;
// Parts: R_10K_0402_1%, C_100pF_0402, MAX232IDR (no parameters).
const R_10K_0402: i64 = 28;
const C_100PF_0402: i64 = 49;
const MAX232: i64 = 61;

fn ids(answer: &Value) -> Vec<i64> {
    column(answer, "id")
        .iter()
        .map(|id| id.as_i64().unwrap())
        .collect()
}

async fn find(app: &TestApp, filters: Value) -> Value {
    app.call(
        "find_parts_by_parameters",
        json!({"filters": filters, "limit": 500}),
    )
    .await
}

async fn find_err(app: &TestApp, filters: Value) -> String {
    app.call_err("find_parts_by_parameters", json!({"filters": filters}))
        .await
}

#[tokio::test]
async fn templates_are_listed_by_name_with_how_many_parts_use_each() {
    let Some(app) = app().await else { return };
    let templates = app.call("list_parameter_templates", json!({})).await;
    // All 19 templates have model_type_id NULL: usable on parts.
    assert_eq!(templates["count"], 19);
    let counted: Vec<(Value, Value)> = templates["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["name"].clone(), t["part_count"].clone()))
        .collect();
    // Rows per template_id; they add up to the 1194 parameter rows.
    let expected = [
        ("Capacitance", 12),
        ("Color", 32),
        ("Height", 4),
        ("Inductance", 0),
        ("Length", 252),
        ("Material", 246),
        ("Package", 60),
        ("Pitch", 55),
        ("Polarized", 12),
        ("Positions", 55),
        ("Power", 48),
        ("Resistance", 48),
        ("Rows", 55),
        ("Thread", 245),
        ("Tolerance", 60),
        ("Voltage", 0),
        ("Volume", 0),
        ("Width", 4),
        ("Wire Gauge", 6),
    ];
    let expected: Vec<(Value, Value)> = expected
        .iter()
        .map(|(name, count)| (json!(name), json!(count)))
        .collect();
    assert_eq!(counted, expected);
}

#[tokio::test]
async fn templates_show_units_choices_checkbox_and_selection_list() {
    let Some(app) = app().await else { return };
    let templates = app
        .call("list_parameter_templates", json!({"limit": 100}))
        .await;
    let named = |name: &str| {
        templates["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(
        named("Resistance"),
        json!({"id": 2, "name": "Resistance", "units": "ohms", "description": "Resistance value",
               "choices": "", "checkbox": false, "selectionlist": null,
               "selectionlist_name": null, "enabled": true, "part_count": 48})
    );
    assert_eq!(named("Polarized")["checkbox"], true);
    assert_eq!(
        named("Color")["choices"],
        "Red, Blue, Green, Orange, Yellow, Black, White, Pink, Purple"
    );
    assert_eq!(named("Rows")["choices"], "1, 2, 3, 4, 5, 6, 7");
}

#[tokio::test]
async fn a_category_limits_templates_to_those_its_subtree_uses_counted_there() {
    let Some(app) = app().await else { return };
    // Passives' subtree holds parts 1-60: 48 resistors, 12 capacitors.
    let passives = app
        .call("list_parameter_templates", json!({"category_id": PASSIVES}))
        .await;
    let counted: Vec<(Value, Value)> = passives["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["name"].clone(), t["part_count"].clone()))
        .collect();
    assert_eq!(
        counted,
        [
            (json!("Capacitance"), json!(12)),
            (json!("Package"), json!(60)),
            (json!("Polarized"), json!(12)),
            (json!("Power"), json!(48)),
            (json!("Resistance"), json!(48)),
            (json!("Tolerance"), json!(60)),
        ]
    );
    let resistors = app
        .call(
            "list_parameter_templates",
            json!({"category_id": RESISTORS}),
        )
        .await;
    assert_eq!(
        column(&resistors, "name"),
        [
            json!("Package"),
            json!("Power"),
            json!("Resistance"),
            json!("Tolerance")
        ]
    );
    assert_eq!(column(&resistors, "part_count"), vec![json!(48); 4]);
}

#[tokio::test]
async fn template_pages_say_where_the_next_starts() {
    let Some(app) = app().await else { return };
    let first = app
        .call("list_parameter_templates", json!({"limit": 5}))
        .await;
    assert_eq!(
        (first["count"].clone(), first["next_offset"].clone()),
        (json!(19), json!(5))
    );
    let last = app
        .call(
            "list_parameter_templates",
            json!({"limit": 5, "offset": 15}),
        )
        .await;
    assert_eq!(
        column(&last, "name"),
        [
            json!("Voltage"),
            json!("Volume"),
            json!("Width"),
            json!("Wire Gauge")
        ]
    );
    assert_eq!(last["next_offset"], Value::Null);
}

#[tokio::test]
async fn templates_of_an_unknown_category_are_not_found() {
    let Some(app) = app().await else { return };
    assert_eq!(
        app.call_err("list_parameter_templates", json!({"category_id": 999}))
            .await,
        "category 999 does not exist"
    );
}

#[tokio::test]
async fn a_parts_parameters_come_with_data_numeric_in_template_units() {
    let Some(app) = app().await else { return };
    let answer = app
        .call("get_part_parameters", json!({"part_id": R_10K_0402}))
        .await;
    assert_eq!(
        answer,
        json!({"part": 28, "part_name": "R_10K_0402_1%", "parameters": [
            {"id": 82, "template": 1, "template_name": "Package", "units": "", "data": "0402",
             "data_numeric": 402.0, "note": ""},
            {"id": 1856, "template": 17, "template_name": "Power", "units": "W", "data": "1/10",
             "data_numeric": 0.1, "note": ""},
            {"id": 83, "template": 2, "template_name": "Resistance", "units": "ohms",
             "data": "10kohm", "data_numeric": 10000.0, "note": ""},
            {"id": 84, "template": 3, "template_name": "Tolerance", "units": "percent",
             "data": "1", "data_numeric": 1.0, "note": ""},
        ]})
    );
}

#[tokio::test]
async fn checkbox_and_text_parameters_keep_inventrees_values() {
    let Some(app) = app().await else { return };
    let capacitor = app
        .call("get_part_parameters", json!({"part_id": C_100PF_0402}))
        .await;
    let values: Vec<(Value, Value)> = capacitor["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["data"].clone(), p["data_numeric"].clone()))
        .collect();
    // Capacitance 100pF = 1e-10 F; Polarized, a checkbox: 'False' and 0.
    assert_eq!(
        values,
        [
            (json!("100pF"), json!(1e-10)),
            (json!("0402"), json!(402.0)),
            (json!("False"), json!(0.0)),
            (json!("5"), json!(5.0)),
        ]
    );
    let widget = app
        .call("get_part_parameters", json!({"part_id": 72}))
        .await;
    assert_eq!(widget["parameters"][0]["data"], "Red");
    assert_eq!(widget["parameters"][0]["data_numeric"], Value::Null);
}

#[tokio::test]
async fn a_part_without_parameters_has_an_empty_list_and_an_unknown_part_is_not_found() {
    let Some(app) = app().await else { return };
    let bare = app
        .call("get_part_parameters", json!({"part_id": MAX232}))
        .await;
    assert_eq!(bare["part_name"], "MAX232IDR");
    assert_eq!(bare["parameters"], json!([]));
    assert_eq!(
        app.call_err("get_part_parameters", json!({"part_id": 99999}))
            .await,
        "part 99999 does not exist"
    );
}

#[tokio::test]
async fn resistance_10k_finds_the_three_10k_resistors() {
    let Some(app) = app().await else { return };
    // semantics-2 §1: parameter_2=10k matches parts 28, 29, 30 (data '10kohm' = 10000).
    let found = find(
        &app,
        json!([{"template": "Resistance", "op": "eq", "value": "10k"}]),
    )
    .await;
    assert_eq!(found["count"], 3);
    assert_eq!(ids(&found), [28, 29, 30]);
    assert_eq!(
        found["items"][0]["filtered_parameters"],
        json!([{"template": 2, "template_name": "Resistance", "data": "10kohm",
                "data_numeric": 10000.0, "units": "ohms"}])
    );
    // The same through the template's id, another spelling and another case.
    for (template, value) in [
        (json!(RESISTANCE), json!("10 kohm")),
        (json!("resistance"), json!("10kΩ")),
        (json!("RESISTANCE"), json!(10000)),
        (json!("2"), json!("0.01 Mohm")),
    ] {
        let again = find(
            &app,
            json!([{"template": template, "op": "eq", "value": value}]),
        )
        .await;
        assert_eq!(ids(&again), [28, 29, 30], "{template} {value}");
    }
}

#[tokio::test]
async fn engineering_notation_reads_4k7_as_4700_ohms() {
    let Some(app) = app().await else { return };
    // Parts 22 ('4.7kohm'), 23 ('4k7'), 24 ('4.7kohm'): 4700 each.
    let found = find(
        &app,
        json!([{"template": "Resistance", "op": "eq", "value": "4k7"}]),
    )
    .await;
    assert_eq!(ids(&found), [22, 23, 24]);
    let data: Vec<Value> = found["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["filtered_parameters"][0]["data"].clone())
        .collect();
    assert_eq!(data, [json!("4.7kohm"), json!("4k7"), json!("4.7kohm")]);
}

#[tokio::test]
async fn a_quarter_watt_is_0_25_and_fractions_compare_as_numbers() {
    let Some(app) = app().await else { return };
    // Power rows: 1/10 (29 parts), 1/5 (15), 1/2 (4: parts 10, 20, 30, 40). Above 1/4 W:
    // the four half-watt resistors, by name: R_10K_0805_1%, R_2.2K_0603_1%, R_470R_0402_1%,
    // R_68K_0402_1%.
    for value in ["1/4 W", "0.25W", "250 mW", "1/4"] {
        let found = find(
            &app,
            json!([{"template": "Power", "op": "gt", "value": value}]),
        )
        .await;
        assert_eq!(ids(&found), [30, 20, 10, 40], "{value}");
    }
    // Below: the other 44 (29 + 15).
    let below = find(
        &app,
        json!([{"template": POWER, "op": "lt", "value": "1/4 W"}]),
    )
    .await;
    assert_eq!(below["count"], 44);
    let half = find(&app, json!([{"template": POWER, "op": "eq", "value": 0.5}])).await;
    assert_eq!(ids(&half), [30, 20, 10, 40]);
}

#[tokio::test]
async fn capacitance_100nf_matches_what_inventree_stored_with_its_float_noise() {
    let Some(app) = app().await else { return };
    // Parts 52, 55, 58 store 100nF as 1.0000000000000002e-07, not 1e-07.
    for value in ["100nF", "100 nF", "0.1uF", "100n", "1e-7"] {
        let found = find(
            &app,
            json!([{"template": CAPACITANCE, "op": "eq", "value": value}]),
        )
        .await;
        assert_eq!(ids(&found), [52, 55, 58], "{value}");
        assert_eq!(
            found["items"][0]["filtered_parameters"][0]["data_numeric"],
            1.0000000000000002e-07
        );
    }
    // Below 1 uF: the 100pF (49, 50, 51) and 100nF capacitors, by name.
    let small = find(
        &app,
        json!([{"template": "Capacitance", "op": "lt", "value": "1uF"}]),
    )
    .await;
    assert_eq!(
        column(&small, "name"),
        [
            json!("C_100nF_0402"),
            json!("C_100nF_0603"),
            json!("C_100nF_0805"),
            json!("C_100pF_0402"),
            json!("C_100pF_0603"),
            json!("C_100pF_0805")
        ]
    );
    // lte 1uF adds the three 1uF parts, stored as 1.0000000000000002e-06.
    let up_to = find(
        &app,
        json!([{"template": "Capacitance", "op": "lte", "value": "1uF"}]),
    )
    .await;
    assert_eq!(up_to["count"], 9);
}

#[tokio::test]
async fn between_includes_both_ends() {
    let Some(app) = app().await else { return };
    // 1000 (16, 17, 18), 2200 (19, 20, 21), 4700 (22, 23, 24).
    let found = find(
        &app,
        json!([{"template": "Resistance", "op": "between", "value": ["1k", "4k7"]}]),
    )
    .await;
    let mut found = ids(&found);
    found.sort();
    assert_eq!(found, (16..=24).collect::<Vec<i64>>());
}

#[tokio::test]
async fn several_filters_must_all_match() {
    let Some(app) = app().await else { return };
    // At least 10k (parts 28-48) and in an 0805 package (every third: 30, 33, ..., 48).
    let found = find(
        &app,
        json!([
            {"template": "Resistance", "op": "gte", "value": "10k"},
            {"template": "Package", "op": "eq", "value": "0805"},
        ]),
    )
    .await;
    let mut found = ids(&found);
    found.sort();
    assert_eq!(found, [30, 33, 36, 39, 42, 45, 48]);
}

#[tokio::test]
async fn a_category_limits_the_parts_to_its_subtree() {
    let Some(app) = app().await else { return };
    // Package 0402: 16 resistors and 4 capacitors (49, 52, 53, 54).
    let everywhere = find(
        &app,
        json!([{"template": "Package", "op": "eq", "value": "0402"}]),
    )
    .await;
    assert_eq!(everywhere["count"], 20);
    let capacitors = app
        .call(
            "find_parts_by_parameters",
            json!({"category_id": CAPACITORS, "filters": [{"template": "Package", "op": "eq", "value": "0402"}]}),
        )
        .await;
    let mut found = ids(&capacitors);
    found.sort();
    assert_eq!(found, [49, 52, 53, 54]);
    assert_eq!(
        app.call_err(
            "find_parts_by_parameters",
            json!({"category_id": 999, "filters": [{"template": "Package", "op": "eq", "value": "0402"}]}),
        )
        .await,
        "category 999 does not exist"
    );
}

#[tokio::test]
async fn ne_passes_parts_without_the_parameter() {
    let Some(app) = app().await else { return };
    // Furniture's 15 parts: Red 99, 103, 107; Blue and Green three each; six have no Color.
    let found = app
        .call(
            "find_parts_by_parameters",
            json!({"category_id": FURNITURE, "filters": [{"template": "Color", "op": "ne", "value": "Red"}]}),
        )
        .await;
    assert_eq!(found["count"], 12);
    let found = ids(&found);
    assert!(!found.contains(&99) && !found.contains(&103) && !found.contains(&107));
    assert!(found.contains(&95), "Leg has no Color and passes");
    // Over all 414 parts: all but the 10 red ones.
    let everywhere = find(
        &app,
        json!([{"template": "Color", "op": "ne", "value": "Red"}]),
    )
    .await;
    assert_eq!(everywhere["count"], 404);
}

#[tokio::test]
async fn text_values_compare_as_inventree_compares_data() {
    let Some(app) = app().await else { return };
    // eq on text is exact and case-sensitive: 10 parts are Red, none "red".
    let red = find(
        &app,
        json!([{"template": "Color", "op": "eq", "value": "Red"}]),
    )
    .await;
    assert_eq!(red["count"], 10);
    let lower = find(
        &app,
        json!([{"template": "Color", "op": "eq", "value": "red"}]),
    )
    .await;
    assert_eq!(lower["count"], 0);
    // contains is in any case: Red (10) and Green (5).
    let re = find(
        &app,
        json!([{"template": "Color", "op": "contains", "value": "rE"}]),
    )
    .await;
    assert_eq!(re["count"], 15);
}

#[tokio::test]
async fn checkbox_templates_compare_true_or_false() {
    let Some(app) = app().await else { return };
    // Polarized: the 12 capacitors, all 'False'.
    let not_polarized = find(
        &app,
        json!([{"template": "Polarized", "op": "eq", "value": false}]),
    )
    .await;
    assert_eq!(not_polarized["count"], 12);
    let polarized = find(
        &app,
        json!([{"template": "Polarized", "op": "eq", "value": "yes"}]),
    )
    .await;
    assert_eq!(polarized["count"], 0);
    // ne true: every part, since none is polarized.
    let not_true = find(
        &app,
        json!([{"template": "Polarized", "op": "ne", "value": true}]),
    )
    .await;
    assert_eq!(not_true["count"], 414);
}

#[tokio::test]
async fn found_parts_have_the_part_shape_and_take_fields_and_pages() {
    let Some(app) = app().await else { return };
    let page = app
        .call(
            "find_parts_by_parameters",
            json!({"filters": [{"template": "Resistance", "op": "eq", "value": "10k"}],
                   "limit": 2, "fields": ["id", "name", "category_path", "filtered_parameters"]}),
        )
        .await;
    assert_eq!(page["count"], 3);
    assert_eq!(page["next_offset"], 2);
    assert_eq!(
        page["items"][1],
        json!({"id": 29, "name": "R_10K_0603_1%", "category_path": "Electronics/Passives/Resistors",
               "filtered_parameters": [{"template": 2, "template_name": "Resistance",
                   "data": "10kohm", "data_numeric": 10000.0, "units": "ohms"}]})
    );
    let full = find(
        &app,
        json!([{"template": "Resistance", "op": "eq", "value": "10k"}]),
    )
    .await;
    let part = &full["items"][0];
    assert_eq!(part["category"], RESISTORS);
    assert!(part["in_stock"].is_number());
    assert_eq!(part["parameters"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn an_unknown_template_is_refused_naming_the_filter() {
    let Some(app) = app().await else { return };
    assert_eq!(
        find_err(
            &app,
            json!([
                {"template": "Resistance", "op": "eq", "value": "10k"},
                {"template": "Impedance", "op": "eq", "value": "50"},
            ])
        )
        .await,
        "invalid argument `filters[1].template`: no parameter template has the name or id \
         \"Impedance\"; list_parameter_templates lists them"
    );
    assert_eq!(
        find_err(&app, json!([{"template": 999, "op": "eq", "value": "1"}])).await,
        "invalid argument `filters[0].template`: no parameter template has the name or id 999; \
         list_parameter_templates lists them"
    );
}

#[tokio::test]
async fn a_quantity_of_another_dimension_is_refused_naming_both() {
    let Some(app) = app().await else { return };
    assert_eq!(
        find_err(
            &app,
            json!([{"template": "Resistance", "op": "eq", "value": "10uF"}])
        )
        .await,
        "invalid argument `filters[0].value`: `10uF` is a capacitance, but Resistance is a \
         resistance in ohms; give a number (taken in ohms) or a quantity such as \"10 ohms\", \
         \"4.7k\", \"4k7\", \"100n\""
    );
}

#[tokio::test]
async fn a_value_that_does_not_read_is_refused_saying_what_would() {
    let Some(app) = app().await else { return };
    assert_eq!(
        find_err(
            &app,
            json!([{"template": "Length", "op": "lt", "value": "long"}])
        )
        .await,
        "invalid argument `filters[0].value`: `long` does not read as a value in mm (`long` is \
         not a unit); give a number (taken in mm) or a quantity such as \"10 mm\""
    );
    // Package has no units: order needs a number.
    assert_eq!(
        find_err(
            &app,
            json!([{"template": "Package", "op": "gt", "value": "big"}])
        )
        .await,
        "invalid argument `filters[0].value`: gt compares numbers: give a number"
    );
}

#[tokio::test]
async fn bad_ops_and_bad_between_values_are_refused() {
    let Some(app) = app().await else { return };
    assert_eq!(
        find_err(
            &app,
            json!([{"template": "Resistance", "op": "like", "value": "10k"}])
        )
        .await,
        "invalid argument `filters[0].op`: must be one of `eq`, `ne`, `lt`, `lte`, `gt`, \
         `gte`, `between`, `contains`, got \"like\""
    );
    for value in [json!("10k"), json!(["1k"]), json!(["1k", "2k", "3k"])] {
        assert_eq!(
            find_err(
                &app,
                json!([{"template": "Resistance", "op": "between", "value": value}])
            )
            .await,
            "invalid argument `filters[0].value`: between takes two values, [low, high]"
        );
    }
    assert_eq!(
        find_err(
            &app,
            json!([{"template": "Polarized", "op": "lt", "value": true}])
        )
        .await,
        "invalid argument `filters[0].op`: Polarized is a checkbox: use eq or ne"
    );
    assert_eq!(
        find_err(&app, json!([])).await,
        "invalid argument `filters`: give 1 to 20 filters, got 0"
    );
    assert_eq!(
        find_err(&app, json!([{"template": "Resistance", "op": "eq"}])).await,
        "invalid argument `filters[0].value`: is required"
    );
}

#[tokio::test]
async fn get_part_carries_its_parameters_in_brief() {
    let Some(app) = app().await else { return };
    let part = app.call("get_part", json!({"part_id": R_10K_0402})).await;
    assert_eq!(
        part["parameters"],
        json!([
            {"name": "Package", "value": "0402"},
            {"name": "Power", "value": "1/10", "units": "W"},
            {"name": "Resistance", "value": "10kohm", "units": "ohms"},
            {"name": "Tolerance", "value": "1", "units": "percent"},
        ])
    );
    let listed = app
        .call(
            "list_parts",
            json!({"category_id": CAPACITORS, "limit": 1, "fields": ["id", "parameters"]}),
        )
        .await;
    assert_eq!(
        listed["items"][0],
        json!({"id": 49, "parameters": [
            {"name": "Capacitance", "value": "100pF", "units": "F"},
            {"name": "Package", "value": "0402"},
            {"name": "Polarized", "value": "False"},
            {"name": "Tolerance", "value": "5", "units": "percent"},
        ]})
    );
}

#[tokio::test]
async fn search_finds_parts_by_a_parameter_value() {
    let Some(app) = app().await else { return };
    // '10kohm' is only in the Resistance data of parts 28, 29, 30 (names say 10K, the
    // descriptions "10K resistor").
    let found = app
        .call("search_parts", json!({"query": "10kohm", "fields": "id"}))
        .await;
    assert_eq!(ids(&found), [28, 29, 30]);
    // Every word must still match some field: a parameter value and the name.
    let both = app
        .call(
            "search_parts",
            json!({"query": "10kohm 0805", "fields": "id"}),
        )
        .await;
    assert_eq!(ids(&both), [30]);
}
