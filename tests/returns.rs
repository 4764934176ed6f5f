//! Return orders, on InvenTree's demo dataset: six orders RMA-0001..RMA-0006, three lines (two
//! on RMA-0002, one on RMA-0003) and one extra line (RMA-0001's shipping).

use crate::common;

use common::shared_demo::{self, NO_GROUPS_TOKEN};
use common::{TestApp, column};
use serde_json::{Value, json};

async fn app() -> Option<TestApp> {
    shared_demo::serve(|_| {}).await
}

fn refs(answer: &Value) -> Vec<Value> {
    column(answer, "reference")
}

#[tokio::test]
async fn return_orders_list_newest_reference_first() {
    let Some(app) = app().await else { return };
    let all = app.call("list_return_orders", json!({})).await;
    assert_eq!(
        refs(&all),
        [
            "RMA-0006", "RMA-0005", "RMA-0004", "RMA-0003", "RMA-0002", "RMA-0001"
        ]
    );
    assert_eq!(
        (all["count"].clone(), all["next_offset"].clone()),
        (json!(6), Value::Null)
    );
}

#[tokio::test]
async fn return_orders_page_with_limit_and_offset() {
    let Some(app) = app().await else { return };
    let page = app
        .call("list_return_orders", json!({"limit": 2, "offset": 2}))
        .await;
    assert_eq!(refs(&page), ["RMA-0004", "RMA-0003"]);
    assert_eq!(
        (page["count"].clone(), page["next_offset"].clone()),
        (json!(6), json!(4))
    );
    let last = app
        .call("list_return_orders", json!({"limit": 2, "offset": 4}))
        .await;
    assert_eq!(refs(&last), ["RMA-0002", "RMA-0001"]);
    assert_eq!(last["next_offset"], Value::Null);
}

#[tokio::test]
async fn outstanding_return_orders_are_inventree_open_set() {
    let Some(app) = app().await else { return };
    // Open: pending (10), in progress (20), on hold (25). RMA-0001 and -0004 are pending,
    // -0002 in progress; -0003 is complete (30), -0005 and -0006 cancelled (40).
    let open = app
        .call("list_return_orders", json!({"outstanding": true}))
        .await;
    assert_eq!(refs(&open), ["RMA-0004", "RMA-0002", "RMA-0001"]);
    assert_eq!(
        column(&open, "status"),
        [
            json!({"code": 10, "name": "Pending"}),
            json!({"code": 20, "name": "In Progress"}),
            json!({"code": 10, "name": "Pending"}),
        ]
    );
    let closed = app
        .call("list_return_orders", json!({"outstanding": false}))
        .await;
    assert_eq!(refs(&closed), ["RMA-0006", "RMA-0005", "RMA-0003"]);
    // On hold is open too.
    sqlx::query("UPDATE order_returnorder SET status = 25 WHERE id = 3")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let held = app
        .call("list_return_orders", json!({"outstanding": true}))
        .await;
    assert_eq!(
        refs(&held),
        ["RMA-0004", "RMA-0003", "RMA-0002", "RMA-0001"]
    );
    assert_eq!(
        held["items"][1]["status"],
        json!({"code": 25, "name": "On Hold"})
    );
}

#[tokio::test]
async fn overdue_return_orders_are_open_past_their_target_date() {
    let Some(app) = app().await else { return };
    // Only RMA-0001 has a target date (2023-06-15), and it is open.
    let overdue = app
        .call("list_return_orders", json!({"overdue": true}))
        .await;
    assert_eq!(refs(&overdue), ["RMA-0001"]);
    let others = app
        .call("list_return_orders", json!({"overdue": false}))
        .await;
    assert_eq!(others["count"], 5);
    // A target date of today is not yet overdue; a closed order never is.
    sqlx::query("UPDATE order_returnorder SET target_date = CURRENT_DATE WHERE id = 1")
        .execute(&app.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE order_returnorder SET target_date = '2023-01-01' WHERE id = 3")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let none = app
        .call("list_return_orders", json!({"overdue": true}))
        .await;
    assert_eq!(none["count"], 0);
}

#[tokio::test]
async fn return_orders_filter_by_customer() {
    let Some(app) = app().await else { return };
    let customer_b = app
        .call("list_return_orders", json!({"customer_id": 32}))
        .await;
    assert_eq!(refs(&customer_b), ["RMA-0003", "RMA-0002"]);
    assert_eq!(
        column(&customer_b, "customer_name"),
        ["Customer B", "Customer B"]
    );
    let supplier_only = app
        .call("list_return_orders", json!({"customer_id": 1}))
        .await;
    assert_eq!(supplier_only["count"], 0);
}

#[tokio::test]
async fn return_order_list_item_has_dates_counts_and_total() {
    let Some(app) = app().await else { return };
    let page = app
        .call("list_return_orders", json!({"limit": 1, "offset": 5}))
        .await;
    // RMA-0001 has no lines, and one extra line: 1 x 137.00 USD shipping. Customer A pays in
    // USD, so the total is 137.00 USD.
    assert_eq!(
        page["items"][0],
        json!({
            "id": 1, "reference": "RMA-0001", "customer": 30, "customer_name": "Customer A",
            "customer_reference": "RO-123774", "status": {"code": 10, "name": "Pending"},
            "description": "Returning some items for analysis", "project_code": null,
            "creation_date": "2023-03-28", "issue_date": null, "start_date": null,
            "target_date": "2023-06-15", "complete_date": null, "overdue": true,
            "total_price": 137.0, "currency": "USD",
            "totals_by_currency": [{"currency": "USD", "total": 137.0}],
            "line_count": 0, "completed_lines": 0, "received_lines": 0
        })
    );
}

#[tokio::test]
async fn return_order_detail_has_lines_with_items_and_outcomes() {
    let Some(app) = app().await else { return };
    let order = app.call("get_return_order", json!({"order_id": 2})).await;
    assert_eq!(
        (
            order["reference"].clone(),
            order["customer_name"].clone(),
            order["customer_reference"].clone(),
            order["status"].clone(),
            order["issue_date"].clone(),
        ),
        (
            json!("RMA-0002"),
            json!("Customer B"),
            json!("RR-99"),
            json!({"code": 20, "name": "In Progress"}),
            json!("2023-03-28"),
        )
    );
    // Two lines, both still pending (so neither completed), the first received.
    assert_eq!(
        (
            order["line_count"].clone(),
            order["completed_lines"].clone(),
            order["received_lines"].clone()
        ),
        (json!(2), json!(0), json!(1))
    );
    assert_eq!(
        order["lines"],
        json!([
            {
                "id": 1, "item": 1012, "part": 81, "part_name": "Widget Assembly Variant",
                "serial": "25", "batch": "2022-11-12", "quantity": 1.0,
                "outcome": {"code": 10, "name": "Pending"}, "received_date": "2023-03-28",
                "price": null, "price_currency": "USD", "reference": "",
                "notes": "Apparently let out the magic smoke", "target_date": "2023-04-20"
            },
            {
                "id": 2, "item": 1020, "part": 81, "part_name": "Widget Assembly Variant",
                "serial": "33", "batch": "2022-11-12", "quantity": 1.0,
                "outcome": {"code": 10, "name": "Pending"}, "received_date": null,
                "price": null, "price_currency": "USD", "reference": "",
                "notes": "Wrong color", "target_date": "2023-06-23"
            }
        ])
    );
    // No line has a price and there is no extra line: the total is 0, as InvenTree stores it.
    assert_eq!(order["extra_lines"], json!([]));
    assert_eq!(
        (
            order["total_price"].clone(),
            order["currency"].clone(),
            order["totals_by_currency"].clone()
        ),
        (json!(0.0), json!("USD"), json!([]))
    );
}

#[tokio::test]
async fn return_line_outcome_is_named_and_counts_as_completed() {
    let Some(app) = app().await else { return };
    let order = app.call("get_return_order", json!({"order_id": 3})).await;
    assert_eq!(
        (
            order["status"].clone(),
            order["complete_date"].clone(),
            order["completed_lines"].clone(),
            order["received_lines"].clone(),
        ),
        (
            json!({"code": 30, "name": "Complete"}),
            json!("2023-03-28"),
            json!(1),
            json!(1)
        )
    );
    let line = &order["lines"][0];
    assert_eq!(
        (
            line["item"].clone(),
            line["serial"].clone(),
            line["outcome"].clone()
        ),
        (
            json!(1017),
            json!("30"),
            json!({"code": 40, "name": "Replace"})
        )
    );
    // A custom state carries its label beside InvenTree's logical outcome.
    sqlx::query(
        "INSERT INTO common_inventreecustomuserstatemodel
             (key, name, label, color, logical_key, model_id, reference_status)
         VALUES (41, 'SWAP', 'Swap in the field', 'info', 40, NULL, 'ReturnOrderLineStatus')",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    sqlx::query("UPDATE order_returnorderlineitem SET outcome_custom_key = 41 WHERE id = 3")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let custom = app.call("get_return_order", json!({"order_id": 3})).await;
    assert_eq!(
        custom["lines"][0]["outcome"],
        json!({"code": 40, "name": "Replace", "custom": "Swap in the field"})
    );
}

#[tokio::test]
async fn return_order_detail_has_extra_lines_in_the_total() {
    let Some(app) = app().await else { return };
    let order = app.call("get_return_order", json!({"order_id": 1})).await;
    assert_eq!(
        order["extra_lines"],
        json!([{
            "id": 1, "reference": "Shipping", "description": "", "notes": "Carrier pigeon",
            "quantity": 1.0, "price": 137.0, "price_currency": "USD"
        }])
    );
    assert_eq!(order["lines"], json!([]));
    // Priced lines add to the extra line: 137.00 + 2 x 12.50 (line 1 moved here, as 2 units).
    sqlx::query(
        "UPDATE order_returnorderlineitem SET order_id = 1, quantity = 2, price = 12.5 WHERE id = 1",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    let priced = app.call("get_return_order", json!({"order_id": 1})).await;
    assert_eq!(priced["total_price"], 162.0);
}

#[tokio::test]
async fn return_order_shows_its_project_code() {
    let Some(app) = app().await else { return };
    sqlx::query("UPDATE order_returnorder SET project_code_id = 3 WHERE id = 2")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let order = app.call("get_return_order", json!({"order_id": 2})).await;
    assert_eq!(
        order["project_code"],
        json!({"id": 3, "code": "PRJ-PHO", "description": "Project Phoenix"})
    );
    let listed = app
        .call("list_return_orders", json!({"customer_id": 32}))
        .await;
    assert_eq!(
        column(&listed, "project_code"),
        [
            Value::Null,
            json!({"id": 3, "code": "PRJ-PHO", "description": "Project Phoenix"})
        ]
    );
}

#[tokio::test]
async fn a_missing_return_order_is_not_found() {
    let Some(app) = app().await else { return };
    assert_eq!(
        app.call_err("get_return_order", json!({"order_id": 7}))
            .await,
        "return order 7 does not exist"
    );
}

#[tokio::test]
async fn bad_return_order_arguments_are_named() {
    let Some(app) = app().await else { return };
    let cases = [
        (
            "get_return_order",
            json!({"order_id": 0}),
            "invalid argument `order_id`: must be a whole number between 1 and 2147483647, got 0",
        ),
        (
            "get_return_order",
            json!({"order_id": "RMA-0001"}),
            "invalid argument `order_id`: must be a whole number between 1 and 2147483647, got \"RMA-0001\"",
        ),
        (
            "list_return_orders",
            json!({"customer_id": -3}),
            "invalid argument `customer_id`: must be a whole number between 1 and 2147483647, got -3",
        ),
        (
            "list_return_orders",
            json!({"limit": 0}),
            "invalid argument `limit`: must be between 1 and 1000, got 0",
        ),
        (
            "list_return_orders",
            json!({"offset": -1}),
            "invalid argument `offset`: must be 0 or more, got -1",
        ),
        (
            "list_return_orders",
            json!({"outstanding": "yes"}),
            "invalid argument `outstanding`: must be true or false, got \"yes\"",
        ),
    ];
    for (tool, args, message) in cases {
        assert_eq!(
            app.call_err(tool, args.clone()).await,
            message,
            "{tool} {args}"
        );
    }
}

#[tokio::test]
async fn return_orders_need_return_order_view() {
    let Some(app) = app().await else { return };
    // mcp-readonly belongs to no group: no role, so no return orders.
    let outsider = app.with_token(NO_GROUPS_TOKEN);
    assert_eq!(
        outsider.call_err("list_return_orders", json!({})).await,
        "permission denied: this tool requires return_order.view (InvenTree role `return_order`, action `view`)"
    );
}
