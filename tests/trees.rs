//! Categories and locations: lists, details with subtree counts, nested trees.

use crate::common;

use common::TestApp;
use common::fixtures::*;
use serde_json::{Value, json};

fn names(answer: &Value) -> Vec<&str> {
    answer["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect()
}

/// A tree answer as `name(child, child)` text, to compare shapes at a glance.
fn shape(nodes: &Value) -> String {
    nodes
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            let children = &n["children"];
            if children.as_array().unwrap().is_empty() {
                n["name"].as_str().unwrap().to_string()
            } else {
                format!("{}({})", n["name"].as_str().unwrap(), shape(children))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[tokio::test]
async fn categories_list_by_name() {
    let app = TestApp::start().await;
    let all = app.call("list_categories", json!({})).await;
    assert_eq!(all["count"], 11);
    assert_eq!(
        names(&all),
        [
            "Assemblies",
            "Capacitors",
            "Electronics",
            "Enclosures",
            "Fasteners",
            "ICs",
            "Mechanical",
            "Microcontrollers",
            "Passives",
            "Resistors",
            "Screws"
        ]
    );
    let children = app
        .call("list_categories", json!({"parent_id": PASSIVES}))
        .await;
    assert_eq!(names(&children), ["Capacitors", "Resistors"]);
    assert_eq!(
        children["items"][1]["pathstring"],
        "Electronics/Passives/Resistors"
    );
    assert_eq!(children["items"][1]["parent"], PASSIVES);
    let page = app
        .call("list_categories", json!({"limit": 4, "offset": 8}))
        .await;
    assert_eq!(names(&page), ["Passives", "Resistors", "Screws"]);
    assert_eq!(page["next_offset"], json!(null));
}

#[tokio::test]
async fn category_counts_cover_the_subtree() {
    let app = TestApp::start().await;
    let electronics = app
        .call("get_category", json!({"category_id": ELECTRONICS}))
        .await;
    assert_eq!(
        electronics,
        json!({
            "id": 1, "name": "Electronics", "description": "Electronic components", "parent": null,
            "pathstring": "Electronics", "level": 0, "structural": true,
            "parts_count": 17, "children_count": 2, "subcategories": 5
        })
    );
    let mechanical = app
        .call("get_category", json!({"category_id": MECHANICAL}))
        .await;
    assert_eq!(
        (
            mechanical["parts_count"].clone(),
            mechanical["children_count"].clone(),
            mechanical["subcategories"].clone()
        ),
        (json!(8), json!(2), json!(3))
    );
    let resistors = app
        .call("get_category", json!({"category_id": RESISTORS}))
        .await;
    // The inactive 47k counts too, as in InvenTree.
    assert_eq!(resistors["parts_count"], 5);
    assert_eq!(resistors["level"], 2);
    assert_eq!(
        app.call_err("get_category", json!({"category_id": 999}))
            .await,
        "category 999 does not exist"
    );
}

#[tokio::test]
async fn category_tree_nests_siblings_by_name() {
    let app = TestApp::start().await;
    let whole = app.call("get_category_tree", json!({})).await;
    assert_eq!(
        shape(&whole["nodes"]),
        "Assemblies, Electronics(ICs(Microcontrollers), Passives(Capacitors, Resistors)), Mechanical(Enclosures, Fasteners(Screws))"
    );
    assert_eq!(whole["count"], 11);
    let passives = app
        .call("get_category_tree", json!({"root_id": PASSIVES}))
        .await;
    assert_eq!(shape(&passives["nodes"]), "Passives(Capacitors, Resistors)");
    assert_eq!(passives["nodes"][0]["id"], PASSIVES);
    assert_eq!(passives["count"], 3);
    assert_eq!(
        app.call_err("get_category_tree", json!({"root_id": 999}))
            .await,
        "category 999 does not exist"
    );
}

#[tokio::test]
async fn a_cycle_in_bad_data_ends() {
    let app = TestApp::start().await;
    // Resistors becomes its own grandparent: Passives -> Resistors -> Passives.
    sqlx::query("UPDATE part_partcategory SET parent_id = 3 WHERE id = 2")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let tree = app
        .call("get_category_tree", json!({"root_id": PASSIVES}))
        .await;
    assert_eq!(shape(&tree["nodes"]), "Passives(Capacitors, Resistors)");
    let passives = app
        .call("get_category", json!({"category_id": PASSIVES}))
        .await;
    assert_eq!(passives["subcategories"], 2);
    assert_eq!(passives["parts_count"], 9);
}

#[tokio::test]
async fn locations_list_get_and_tree() {
    let app = TestApp::start().await;
    let all = app.call("list_locations", json!({})).await;
    assert_eq!(
        names(&all),
        [
            "Bench 1",
            "Bin A1",
            "Bin A2",
            "Shelf A",
            "Shelf B",
            "Supplier consignment",
            "Warehouse",
            "Workshop"
        ]
    );
    let shelves = app
        .call("list_locations", json!({"parent_id": WAREHOUSE}))
        .await;
    assert_eq!(names(&shelves), ["Shelf A", "Shelf B"]);
    let warehouse = app
        .call("get_location", json!({"location_id": WAREHOUSE}))
        .await;
    assert_eq!(
        warehouse,
        json!({
            "id": 1, "name": "Warehouse", "description": "Main warehouse", "parent": null,
            "pathstring": "Warehouse", "level": 0, "structural": true, "external": false,
            "items_count": 31, "children_count": 2, "sublocations": 4
        })
    );
    let shelf = app
        .call("get_location", json!({"location_id": SHELF_A}))
        .await;
    assert_eq!(shelf["items_count"], 22);
    let workshop = app
        .call("get_location", json!({"location_id": WORKSHOP}))
        .await;
    assert_eq!(
        (
            workshop["items_count"].clone(),
            workshop["sublocations"].clone()
        ),
        (json!(4), json!(1))
    );
    let external = app
        .call("get_location", json!({"location_id": SUPPLIER_CONSIGNMENT}))
        .await;
    assert_eq!(external["external"], true);
    let bench = app
        .call("get_location", json!({"location_id": BENCH_1}))
        .await;
    assert_eq!(bench["pathstring"], "Workshop/Bench 1");
    let tree = app.call("get_location_tree", json!({})).await;
    assert_eq!(
        shape(&tree["nodes"]),
        "Supplier consignment, Warehouse(Shelf A(Bin A1, Bin A2), Shelf B), Workshop(Bench 1)"
    );
    assert_eq!(
        app.call_err("get_location", json!({"location_id": 0}))
            .await,
        "invalid argument `location_id`: must be a whole number between 1 and 2147483647, got 0"
    );
    assert_eq!(
        app.call_err("get_location_tree", json!({"root_id": 77}))
            .await,
        "location 77 does not exist"
    );
    assert_eq!(
        app.call_err("list_locations", json!({"parent_id": 1.5}))
            .await,
        "invalid argument `parent_id`: must be a whole number between 1 and 2147483647, got 1.5"
    );
}
