//! Against InvenTree's own demo dataset on InvenTree's full schema: real data shaped by
//! InvenTree's code, with InvenTree's users and tokens.

use crate::common;

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use common::TestApp;
use common::shared_demo::{self, NO_GROUPS_TOKEN, READER_TOKEN};
use serde_json::{Value, json};

/// The reference server's throwaway key, and the session of `reader` it signed.
const SECRET_KEY: &str = "reference-only-insecure-secret-key-0123456789abcdefghijklmnopqrstuvwxyz";
const SESSION_KEY: &str = "f1wi9sgn27g6lsdzt1i63jppnbng9w79";

async fn app() -> Option<TestApp> {
    shared_demo::serve(|config| config.secret_key = Some(SECRET_KEY.into())).await
}

fn by_id(answer: &Value, field: &str) -> BTreeMap<i64, f64> {
    answer["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| (item["id"].as_i64().unwrap(), item[field].as_f64().unwrap()))
        .collect()
}

#[tokio::test]
async fn widget_assembly_figures() {
    let Some(app) = app().await else { return };
    let template = app.call("get_part", json!({"part_id": 77})).await;
    assert_eq!(template["name"], "Widget Assembly");
    assert_eq!(template["is_template"], true);
    assert_eq!(template["category_path"], "Mechanical/Widgets");
    // 15 items of its own, of which 14 are build outputs in production.
    assert_eq!(template["stock_item_count"], 15);
    assert_eq!(template["in_stock"], 1.0);
    assert_eq!(template["building"], 14.0);
    assert_eq!(template["variant_stock"], 165.0);
    assert_eq!(template["total_in_stock"], 166.0);
    let board = app.call("get_part", json!({"part_id": 88, "fields": ["IPN", "in_stock", "scheduled_to_build", "required_for_build_orders"]})).await;
    assert_eq!(
        board,
        json!({"IPN": "002.01-PCBA", "in_stock": 55.0, "scheduled_to_build": 100.0, "required_for_build_orders": 50.0})
    );
}

#[tokio::test]
async fn variant_stock_agrees_with_a_walk_of_variant_of() {
    let Some(app) = app().await else { return };
    let parts = app
        .call(
            "list_parts",
            json!({"limit": 1000, "fields": ["id", "variant_stock"]}),
        )
        .await;
    assert_eq!(parts["count"], 414);
    // Independent of the MPTT columns: follow variant_of down from each part.
    let expected: Vec<(i32, f64)> = sqlx::query_as(
        "WITH RECURSIVE below(root, id) AS (
             SELECT id, id FROM part_part
             UNION SELECT below.root, p.id FROM part_part p JOIN below ON p.variant_of_id = below.id)
         SELECT below.root, COALESCE(sum(si.quantity) FILTER (WHERE si.quantity > 0
                  AND si.sales_order_id IS NULL AND si.belongs_to_id IS NULL AND si.customer_id IS NULL
                  AND si.consumed_by_id IS NULL AND NOT si.is_building
                  AND si.status IN (10, 50, 55, 85)), 0)::float8
         FROM below LEFT JOIN stock_stockitem si ON si.part_id = below.id AND below.id <> below.root
         GROUP BY below.root",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let expected: BTreeMap<i64, f64> = expected.into_iter().map(|(id, q)| (id.into(), q)).collect();
    assert_eq!(by_id(&parts, "variant_stock"), expected);
}

#[tokio::test]
async fn subtree_counts_agree_with_inventree_nested_sets() {
    let Some(app) = app().await else { return };
    let categories = app.call("list_categories", json!({"limit": 1000})).await;
    assert_eq!(categories["count"], 27);
    // InvenTree counts with its MPTT columns; the tool walks parent_id.
    let expected: Vec<(i32, i64)> = sqlx::query_as(
        "SELECT c.id, (SELECT count(*) FROM part_part p JOIN part_partcategory pc ON pc.id = p.category_id
                       WHERE pc.tree_id = c.tree_id AND pc.lft BETWEEN c.lft AND c.rght)
         FROM part_partcategory c",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let expected: BTreeMap<i64, f64> = expected
        .into_iter()
        .map(|(id, n)| (id.into(), n as f64))
        .collect();
    assert_eq!(by_id(&categories, "parts_count"), expected);

    let locations = app.call("list_locations", json!({"limit": 1000})).await;
    assert_eq!(locations["count"], 19);
    let expected: Vec<(i32, i64)> = sqlx::query_as(
        "SELECT l.id, (SELECT count(*) FROM stock_stockitem si JOIN stock_stocklocation sl ON sl.id = si.location_id
                       WHERE sl.tree_id = l.tree_id AND sl.lft BETWEEN l.lft AND l.rght)
         FROM stock_stocklocation l",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let expected: BTreeMap<i64, f64> = expected
        .into_iter()
        .map(|(id, n)| (id.into(), n as f64))
        .collect();
    assert_eq!(by_id(&locations, "items_count"), expected);
}

#[tokio::test]
async fn category_tree_matches_the_dataset() {
    let Some(app) = app().await else { return };
    let tree = app.call("get_category_tree", json!({"root_id": 1})).await;
    assert_eq!(tree["count"], 13);
    let children: Vec<&str> = tree["nodes"][0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        children,
        ["Connectors", "IC", "PCB", "PCBA", "Passives", "Wire"]
    );
}

#[tokio::test]
async fn inventree_credentials_authenticate_with_inventree_roles() {
    let Some(app) = app().await else { return };
    let part = app
        .call("get_part", json!({"part_id": 88, "fields": "name"}))
        .await;
    assert_eq!(part["name"], "Widget Board (assembled)");
    let reader = app.with_token(READER_TOKEN);
    assert_eq!(
        reader
            .call("get_part", json!({"part_id": 88, "fields": "id"}))
            .await["id"],
        88
    );
    // Django's own pbkdf2_sha256 hash (1,000,000 rounds) of the demo's password.
    let basic = reader.with_credential(
        "Authorization",
        format!("Basic {}", STANDARD.encode("engineer:partsonly")),
    );
    assert_eq!(
        basic.call("get_category", json!({"category_id": 1})).await["name"],
        "Electronics"
    );
    // The session InvenTree's login made, checked with the reference server's SECRET_KEY.
    let mut session =
        basic.with_credential("Cookie", format!("csrftoken=x; sessionid={SESSION_KEY}"));
    assert_eq!(
        session
            .call("get_location", json!({"location_id": 1}))
            .await["id"],
        1
    );
    // A user without groups holds no role: InvenTree answers 403 on /api/part/.
    session = session.with_token(NO_GROUPS_TOKEN);
    assert_eq!(
        session.call_err("get_part", json!({"part_id": 88})).await,
        "permission denied: this tool requires part.view (InvenTree role `part`, action `view`)"
    );
}

#[tokio::test]
async fn inventree_own_schema_passes_the_schema_check() {
    let Some(app) = app().await else { return };
    let report = inventree_mcp::check::run(&app.db.pool).await.unwrap();
    assert_eq!(report.mismatches, Vec::<String>::new());
    assert_eq!(
        report.version,
        "InvenTree 1.5 (API 511), the snapshot's version"
    );
    let (status, body) = {
        let response = reqwest::get(format!("{}/readyz", app.base)).await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    };
    assert_eq!(
        (status, body.as_str()),
        (
            200,
            "ready: InvenTree 1.5 (API 511), the snapshot's version\n"
        )
    );
}
