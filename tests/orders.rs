//! Purchase orders, sales orders and build orders.

mod common;

use common::{TestApp, column};
use serde_json::{Value, json};

fn refs(answer: &Value) -> Vec<Value> {
    column(answer, "reference")
}

#[tokio::test]
async fn purchase_orders_list_newest_first_with_inventree_open_set() {
    let app = TestApp::start().await;
    let all = app.call("list_purchase_orders", json!({})).await;
    assert_eq!(refs(&all), vec![json!("PO-0002"), json!("PO-0001")]);
    let open = app
        .call("list_purchase_orders", json!({"outstanding": true}))
        .await;
    assert_eq!(refs(&open), vec![json!("PO-0001")]);
    assert_eq!(
        open["items"][0]["status"],
        json!({"code": 20, "name": "Placed"})
    );
    let closed = app
        .call("list_purchase_orders", json!({"outstanding": false}))
        .await;
    assert_eq!(refs(&closed), vec![json!("PO-0002")]);
    // On hold (25) is open in InvenTree, unlike the plugin's {10, 20}.
    sqlx::query("UPDATE order_purchaseorder SET status = 25 WHERE id = 1")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let held = app
        .call("list_purchase_orders", json!({"outstanding": true}))
        .await;
    assert_eq!(
        held["items"][0]["status"],
        json!({"code": 25, "name": "On Hold"})
    );
    // Overdue: open and the target date before today.
    let overdue = app
        .call("list_purchase_orders", json!({"overdue": true}))
        .await;
    assert_eq!(refs(&overdue), vec![json!("PO-0001")]);
    sqlx::query("UPDATE order_purchaseorder SET target_date = CURRENT_DATE WHERE id = 1")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let due_today = app
        .call("list_purchase_orders", json!({"overdue": true}))
        .await;
    assert_eq!(due_today["count"], 0);
    let supplier = app
        .call("list_purchase_orders", json!({"supplier_id": 2}))
        .await;
    assert_eq!(supplier["count"], 0);
}

#[tokio::test]
async fn purchase_order_detail_has_lines_in_packs_and_part_units() {
    let app = TestApp::start().await;
    let order = app.call("get_purchase_order", json!({"order_id": 1})).await;
    assert_eq!(order["supplier_name"], "Acme Components");
    assert_eq!(
        (order["total_price"].clone(), order["currency"].clone()),
        (json!(59.0), json!("EUR"))
    );
    assert_eq!(
        (
            order["line_count"].clone(),
            order["completed_lines"].clone()
        ),
        (json!(3), json!(1))
    );
    assert_eq!(
        order["lines"][1],
        json!({
            "id": 2, "part": 6, "part_name": "Capacitor 100nF 0603", "supplier_part": 2, "sku": "ACME-C100N-REEL",
            "quantity": 2.0, "received": 0.0, "outstanding": 2.0, "part_quantity": 8000.0, "part_received": 0.0,
            "purchase_price": 24.5, "purchase_price_currency": "EUR", "reference": "", "target_date": null, "overdue": false
        })
    );
    assert_eq!(order["lines"][0]["outstanding"], 4000.0);
    assert_eq!(order["lines"][2]["outstanding"], 0.0);
    assert_eq!(
        app.call_err("get_purchase_order", json!({"order_id": 77}))
            .await,
        "purchase order 77 does not exist"
    );
}

#[tokio::test]
async fn sales_orders() {
    let app = TestApp::start().await;
    let open = app
        .call("list_sales_orders", json!({"outstanding": true}))
        .await;
    assert_eq!(refs(&open), vec![json!("SO-0001")]);
    assert_eq!(
        open["items"][0]["status"],
        json!({"code": 15, "name": "In Progress"})
    );
    let customer = app
        .call("list_sales_orders", json!({"customer_id": 2}))
        .await;
    assert_eq!(refs(&customer), vec![json!("SO-0002"), json!("SO-0001")]);
    let order = app.call("get_sales_order", json!({"order_id": 1})).await;
    assert_eq!(order["customer_name"], "Globex Robotics");
    assert_eq!(
        order["lines"],
        json!([{
            "id": 1, "part": 1, "part_name": "Resistor 10k 0603", "quantity": 600.0, "shipped": 100.0,
            "allocated": 500.0, "outstanding": 500.0, "sale_price": null, "sale_price_currency": null,
            "reference": "", "target_date": null, "overdue": false
        }])
    );
    // A line past its target date on an open order is overdue; so is the order.
    sqlx::query("UPDATE order_salesorderlineitem SET target_date = CURRENT_DATE - 1 WHERE id = 1")
        .execute(&app.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE order_salesorder SET target_date = CURRENT_DATE - 1")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let late = app.call("get_sales_order", json!({"order_id": 1})).await;
    assert_eq!(
        (late["overdue"].clone(), late["lines"][0]["overdue"].clone()),
        (json!(true), json!(true))
    );
    // A shipped order is not open, so never overdue.
    let shipped = app.call("get_sales_order", json!({"order_id": 2})).await;
    assert_eq!(shipped["overdue"], false);
    assert_eq!(
        app.call_err("get_sales_order", json!({"order_id": "SO-0001"}))
            .await,
        "invalid argument `order_id`: invalid type: string \"SO-0001\", expected i64"
    );
}

#[tokio::test]
async fn build_orders() {
    let app = TestApp::start().await;
    let active = app.call("list_build_orders", json!({"active": true})).await;
    assert_eq!(refs(&active), vec![json!("BO-0001")]);
    let build = &active["items"][0];
    assert_eq!(
        (
            build["quantity"].clone(),
            build["completed"].clone(),
            build["progress"].clone()
        ),
        (json!(10), json!(2), json!(0.2))
    );
    assert_eq!(build["status"], json!({"code": 20, "name": "Production"}));
    let by_part = app.call("list_build_orders", json!({"part_id": 22})).await;
    assert_eq!(refs(&by_part), vec![json!("BO-0002"), json!("BO-0001")]);
    // Builds are overdue on their target date already (InvenTree compares with <=).
    sqlx::query("UPDATE build_build SET target_date = CURRENT_DATE")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let overdue = app
        .call("list_build_orders", json!({"overdue": true}))
        .await;
    assert_eq!(refs(&overdue), vec![json!("BO-0001")]);
    let detail = app.call("get_build_order", json!({"build_id": 1})).await;
    assert_eq!(detail["destination_path"], "Workshop/Bench 1");
    assert_eq!(detail["overdue"], true);
    let lines: Vec<(Value, Value, Value, Value)> = detail["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["sub_part_name"].clone(),
                l["required"].clone(),
                l["allocated"].clone(),
                l["consumed"].clone(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            (
                json!("Capacitor 100nF 0603"),
                json!(30.0),
                json!(0.0),
                json!(6.0)
            ),
            (
                json!("Header 1x6 2.54mm"),
                json!(10.0),
                json!(0.0),
                json!(2.0)
            ),
            (
                json!("Resistor 10k 0603"),
                json!(40.0),
                json!(200.0),
                json!(8.0)
            ),
        ]
    );
    assert_eq!(
        app.call_err("get_build_order", json!({"build_id": 3}))
            .await,
        "build order 3 does not exist"
    );
}
