//! Stock history and test results, on InvenTree's own demo dataset: the rows as InvenTree
//! wrote them, decoded, and test verdicts as InvenTree's requiredTestStatus gives them.

use crate::common;

use common::shared_demo::{self, NO_GROUPS_TOKEN};
use common::{TestApp, column};
use serde_json::{Value, json};

async fn app() -> Option<TestApp> {
    shared_demo::serve(|_| {}).await
}

/// Stock item 1212 (part 48, R_220K_0805_1%): created with 123 in Offsite Storage (location
/// 37), then 12 split off into item 1213, leaving 111.
#[tokio::test]
async fn an_items_history_comes_newest_first_with_its_deltas_decoded() {
    let Some(app) = app().await else { return };
    let history = app
        .call("list_stock_tracking", json!({"stock_item_id": 1212}))
        .await;
    assert_eq!(history["count"], 2);
    assert_eq!(column(&history, "id"), [json!(1129), json!(1127)]);
    let split = &history["items"][0];
    assert_eq!(split["tracking_type"], 42);
    assert_eq!(split["tracking_name"], "Split child item");
    assert_eq!(split["part_name"], "R_220K_0805_1%");
    assert_eq!(split["user"], "admin");
    assert_eq!(
        split["deltas"],
        json!({"removed": 12.0, "location": 37, "quantity": 111.0, "stockitem": 1213})
    );
    assert_eq!(
        split["decoded"]["location"],
        json!({"id": 37, "name": "Offsite Storage"})
    );
    let created = &history["items"][1];
    assert_eq!(created["tracking_name"], "Stock item created");
    assert_eq!(
        created["decoded"]["status"],
        json!({"code": 10, "name": "OK"})
    );
}

/// Entry 1090 of item 1012: returned against RMA-0002 (return order 2) by Customer B
/// (company 32), into Factory/Office Block/Room 101 (location 5), quarantined (status 75).
#[tokio::test]
async fn orders_customers_and_statuses_in_deltas_are_named() {
    let Some(app) = app().await else { return };
    let history = app
        .call("list_stock_tracking", json!({"stock_item_id": 1012}))
        .await;
    assert_eq!(history["count"], 3);
    let returned = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["id"] == 1090)
        .unwrap();
    let decoded = &returned["decoded"];
    assert_eq!(
        decoded["return_order"],
        json!({"id": 2, "name": "RMA-0002"})
    );
    assert_eq!(decoded["customer"], json!({"id": 32, "name": "Customer B"}));
    assert_eq!(
        decoded["location"],
        json!({"id": 5, "name": "Factory/Office Block/Room 101"})
    );
    assert_eq!(
        decoded["status"],
        json!({"code": 75, "name": "Quarantined"})
    );
    assert_eq!(decoded["purchase_order"], Value::Null);
}

/// Part 48 has 15 tracking entries in all, 3 of them on 2024-02-29 or later.
#[tokio::test]
async fn a_parts_history_covers_its_items_and_since_narrows_it() {
    let Some(app) = app().await else { return };
    let all = app
        .call("list_stock_tracking", json!({"part_id": 48}))
        .await;
    assert_eq!(all["count"], 15);
    let recent = app
        .call(
            "list_stock_tracking",
            json!({"part_id": 48, "since": "2024-02-29"}),
        )
        .await;
    assert_eq!(recent["count"], 3);
    let page = app
        .call("list_stock_tracking", json!({"limit": 2, "offset": 1}))
        .await;
    // 1076 entries in the dataset; the newest is 1131, then 1130, 1129.
    assert_eq!(page["count"], 1076);
    assert_eq!(column(&page, "id"), [json!(1130), json!(1129)]);
    assert_eq!(page["next_offset"], 3);
}

#[tokio::test]
async fn bad_history_arguments_are_named() {
    let Some(app) = app().await else { return };
    assert_eq!(
        app.call_err("list_stock_tracking", json!({"since": "yesterday"}))
            .await,
        "invalid argument `since`: `yesterday` is not a date (2024-02-29) or a time \
         (2024-02-29T12:00:00Z)"
    );
    assert_eq!(
        app.call_err(
            "list_stock_tracking",
            json!({"stock_item_id": 1, "part_id": 1})
        )
        .await,
        "invalid argument `part_id`: give stock_item_id or part_id, not both"
    );
    let nobody = app.with_token(NO_GROUPS_TOKEN);
    assert_eq!(
        nobody.call_err("list_stock_tracking", json!({})).await,
        "permission denied: this tool requires stock.view (InvenTree role `stock`, action `view`)"
    );
}

fn test_named<'a>(item: &'a Value, key: &str) -> &'a Value {
    item["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|test| test["key"] == key)
        .unwrap_or_else(|| panic!("no test {key}: {item}"))
}

/// Item 177 (Blue Widget, a variant of Widget Template): required tests are Blue Paint
/// Applied (its own) and Test A, B, C (the template's). Test A: pass then fail, latest fail.
/// Test B: six results, the last (03:44:59) a pass. C and Blue Paint: never run. 1 of 4.
#[tokio::test]
async fn the_latest_result_of_each_required_test_decides() {
    let Some(app) = app().await else { return };
    let answer = app
        .call("list_test_results", json!({"stock_item_id": 177}))
        .await;
    let item = &answer["items"][0];
    assert_eq!(item["part_name"], "Blue Widget");
    assert_eq!(item["serial"], "3");
    assert_eq!(item["required_tests"], 4);
    assert_eq!(item["passed_required"], 1);
    assert_eq!(item["passed_all_required"], false);
    let b = test_named(item, "testb");
    assert_eq!(b["result"], true);
    assert_eq!(b["results"], 6);
    assert_eq!(b["value"], "Finally passed");
    assert_eq!(test_named(item, "testa")["result"], false);
    assert_eq!(test_named(item, "testc")["result"], Value::Null);
    assert_eq!(test_named(item, "bluepaintapplied")["results"], 0);
}

/// Doohickey (part 87) item 413: Firmware and Checksum (required) passed, Color (optional)
/// failed: every required test passed.
#[tokio::test]
async fn optional_failures_do_not_fail_an_item() {
    let Some(app) = app().await else { return };
    let answer = app
        .call("list_test_results", json!({"stock_item_id": 413}))
        .await;
    let item = &answer["items"][0];
    assert_eq!(item["required_tests"], 2);
    assert_eq!(item["passed_required"], 2);
    assert_eq!(item["passed_all_required"], true);
    // The part's templates, required first, by name: Checksum, Firmware, then Color.
    let names: Vec<Value> = answer["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["test_name"].clone())
        .collect();
    assert_eq!(
        names,
        [json!("Checksum"), json!("Firmware"), json!("Color")]
    );
    let color = test_named(item, "color");
    assert_eq!(
        (color["required"].clone(), color["result"].clone()),
        (json!(false), json!(false))
    );
}

/// Blue Widget (part 74) has 7 items: 175-179, 204, 232. Passed required tests: 176 (Test B),
/// 177 (Test B), 179 (Test C) one each, the others none; none passed all four.
#[tokio::test]
async fn a_parts_items_are_listed_with_their_verdicts() {
    let Some(app) = app().await else { return };
    let answer = app.call("list_test_results", json!({"part_id": 74})).await;
    assert_eq!(answer["count"], 7);
    assert_eq!(
        column(&answer, "stock_item"),
        [175, 176, 177, 178, 179, 204, 232].map(|id| json!(id))
    );
    assert_eq!(
        column(&answer, "passed_required"),
        [0, 1, 1, 0, 1, 0, 0].map(|n| json!(n))
    );
    assert!(
        column(&answer, "passed_all_required")
            .iter()
            .all(|v| v == false)
    );
    // Tested against Blue Paint Applied (8, its own) and Test A-C (5-7, Widget Template's),
    // all required: by name.
    let templates: Vec<(Value, Value)> = answer["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["id"].clone(), t["part"].clone()))
        .collect();
    assert_eq!(
        templates,
        [(8, 74), (5, 71), (6, 71), (7, 71)].map(|(id, part)| (json!(id), json!(part)))
    );
    // The template part (71) holds none; its variants hold 7 + 2 + 7 + 2 + 13 (parts 72-76)
    // and their own variants 5 + 1 + 2 (parts 78-80): 39 items.
    let family = app
        .call("list_test_results", json!({"part_id": 71, "limit": 5}))
        .await;
    assert_eq!(family["count"], 39);
    assert_eq!(family["next_offset"], 5);
}

#[tokio::test]
async fn test_results_need_an_item_or_a_part_that_exists() {
    let Some(app) = app().await else { return };
    assert_eq!(
        app.call_err("list_test_results", json!({})).await,
        "invalid argument `stock_item_id`: give stock_item_id or part_id (one of them)"
    );
    assert_eq!(
        app.call_err("list_test_results", json!({"stock_item_id": 99999}))
            .await,
        "stock item 99999 does not exist"
    );
    assert_eq!(
        app.call_err("list_test_results", json!({"part_id": 99999}))
            .await,
        "part 99999 does not exist"
    );
}
