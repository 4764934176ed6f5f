//! Purchase orders, sales orders and build orders: on the project's demo inventory, and
//! extra lines, totals, shipments and project codes on InvenTree's demo dataset.

use crate::common;

use common::{TestApp, column, shared_demo};
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
    // 5000 x 0.002 + 2 x 24.50 = 59.00 EUR; the third line has no price. Acme bills in EUR.
    assert_eq!(
        order["totals_by_currency"],
        json!([{"currency": "EUR", "total": 59.0}])
    );
    assert_eq!(
        (order["extra_lines"].clone(), order["project_code"].clone()),
        (json!([]), Value::Null)
    );
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
    // No line has a price: the total is 0 in Globex's EUR. The 500 allocated are in no shipment.
    assert_eq!(
        (
            order["total_price"].clone(),
            order["currency"].clone(),
            order["shipments"].clone()
        ),
        (json!(0.0), json!("EUR"), json!([]))
    );
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
        "invalid argument `order_id`: must be a whole number between 1 and 2147483647, got \"SO-0001\""
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

async fn inventree_demo() -> Option<TestApp> {
    shared_demo::serve(|_| {}).await
}

/// InvenTree's exchange rates, based on USD: 1 USD buys 1.5 AUD or 0.8 EUR.
async fn store_rates(app: &TestApp) {
    sqlx::raw_sql(
        "INSERT INTO exchange_exchangebackend (name, last_update, base_currency)
             VALUES ('InvenTreeExchange', now(), 'USD');
         INSERT INTO exchange_rate (currency, value, backend_id)
             VALUES ('AUD', 1.5, 'InvenTreeExchange'), ('EUR', 0.8, 'InvenTreeExchange')",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
}

#[tokio::test]
async fn purchase_order_total_is_lines_in_the_supplier_currency() {
    let Some(app) = inventree_demo().await else {
        return;
    };
    let order = app.call("get_purchase_order", json!({"order_id": 2})).await;
    // PO0002 from Paint by Numbers (EUR), four lines in EUR:
    // 100 x 1.00 + 100 x 1.10 + 100 x 1.20 + 250 x 0.90 = 100 + 110 + 120 + 225 = 555.00 EUR.
    // (InvenTree's stored total is NULL: it was saved before the supplier's currency was set.)
    assert_eq!(
        (
            order["total_price"].clone(),
            order["currency"].clone(),
            order["totals_by_currency"].clone()
        ),
        (
            json!(555.0),
            json!("EUR"),
            json!([{"currency": "EUR", "total": 555.0}])
        )
    );
    assert_eq!(
        order["project_code"],
        json!({"id": 4, "code": "PRJ-CAT", "description": "Project Catalyst"})
    );
    assert_eq!(order["extra_lines"], json!([]));
}

#[tokio::test]
async fn purchase_order_extra_lines_count_in_the_total() {
    let Some(app) = inventree_demo().await else {
        return;
    };
    let order = app.call("get_purchase_order", json!({"order_id": 4})).await;
    assert_eq!(
        order["extra_lines"],
        json!([{
            "id": 1, "reference": "Shipping", "description": "", "notes": "Shipping",
            "quantity": 1.0, "price": 25.0, "price_currency": "USD"
        }])
    );
    // PO0004 from Mouser, who bills in AUD: 10 x 12.50 USD + 1 x 25.00 USD = 150.00 USD. The
    // database holds no USD -> AUD rate, so the total is null, as InvenTree computes it, and
    // the sum is given in USD.
    assert_eq!(
        (
            order["total_price"].clone(),
            order["currency"].clone(),
            order["totals_by_currency"].clone()
        ),
        (
            Value::Null,
            json!("AUD"),
            json!([{"currency": "USD", "total": 150.0}])
        )
    );
}

#[tokio::test]
async fn totals_convert_with_inventree_stored_rates() {
    let Some(app) = inventree_demo().await else {
        return;
    };
    store_rates(&app).await;
    let totals = |answer: &Value| (answer["total_price"].clone(), answer["currency"].clone());
    // PO0004: 150.00 USD into AUD, from the base currency: 150 x 1.5 = 225.00 AUD.
    let from_base = app.call("get_purchase_order", json!({"order_id": 4})).await;
    assert_eq!(totals(&from_base), (json!(225.0), json!("AUD")));
    // PO0009 from PCBWOY (USD): 100 x 2.75 EUR + 1 x 50.00 EUR = 325.00 EUR into the base
    // currency: 325 / 0.8 = 406.25 USD.
    let into_base = app.call("get_purchase_order", json!({"order_id": 9})).await;
    assert_eq!(totals(&into_base), (json!(406.25), json!("USD")));
    assert_eq!(
        into_base["totals_by_currency"],
        json!([{"currency": "EUR", "total": 325.0}])
    );
    // The order's own currency comes first; EUR -> AUD goes through the base:
    // 325 x 1.5 / 0.8 = 609.375 AUD.
    sqlx::query("UPDATE order_purchaseorder SET order_currency = 'AUD' WHERE id = 9")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let across = app.call("get_purchase_order", json!({"order_id": 9})).await;
    assert_eq!(totals(&across), (json!(609.375), json!("AUD")));
}

#[tokio::test]
async fn purchase_orders_list_their_project_codes() {
    let Some(app) = inventree_demo().await else {
        return;
    };
    let all = app.call("list_purchase_orders", json!({"limit": 12})).await;
    let codes: Vec<(Value, Value)> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["reference"].clone(), o["project_code"]["code"].clone()))
        .collect();
    let expected = [
        ("PO0012", "PRJ-CAT"),
        ("PO0011", ""),
        ("PO0010", "PRJ-HEL"),
        ("PO0009", "PRO-ZEN"),
        ("PO0008", "PRJ-CAT"),
        ("PO0007", "PRJ-PHO"),
        ("PO0006", "PRJ-HEL"),
        ("PO0005", ""),
        ("PO0004", "PRO-ZEN"),
        ("PO0003", "PRJ-CAT"),
        ("PO0002", "PRJ-CAT"),
        ("PO0001", ""),
    ]
    .map(|(reference, code)| {
        let code = if code.is_empty() {
            Value::Null
        } else {
            json!(code)
        };
        (json!(reference), code)
    });
    assert_eq!(codes, expected);
}

#[tokio::test]
async fn sales_order_extra_lines_count_in_the_total() {
    let Some(app) = inventree_demo().await else {
        return;
    };
    let order = app.call("get_sales_order", json!({"order_id": 2})).await;
    assert_eq!(
        order["extra_lines"],
        json!([
            {"id": 1, "reference": "Interior design consulting", "description": "", "notes": "",
             "quantity": 1.0, "price": 1000.0, "price_currency": "USD"},
            {"id": 2, "reference": "Feng shui guidelines", "description": "", "notes": "",
             "quantity": 1.0, "price": 5000.0, "price_currency": "USD"}
        ])
    );
    // Lines 5 x 100.00 + 25 x 75.00 = 2375.00, extra lines 1000.00 + 5000.00 = 6000.00:
    // 8375.00 USD, InvenTree's stored total.
    assert_eq!(
        (order["total_price"].clone(), order["currency"].clone()),
        (json!(8375.0), json!("USD"))
    );
}

#[tokio::test]
async fn sales_order_shipment_holds_its_allocations() {
    let Some(app) = inventree_demo().await else {
        return;
    };
    let order = app.call("get_sales_order", json!({"order_id": 4})).await;
    assert_eq!(
        order["shipments"],
        json!([{
            "id": 3, "reference": "1", "shipment_date": "2022-06-02", "delivery_date": null,
            "tracking_number": "", "invoice_number": "INV-123-BBQ", "link": "",
            "allocations": [
                {"id": 4, "line": 7, "part": 110, "part_name": "Test Board 1", "item": 417,
                 "serial": null, "batch": "GG-123", "quantity": 25.0},
                {"id": 2, "line": 8, "part": 111, "part_name": "Test Board 2", "item": 418,
                 "serial": null, "batch": "", "quantity": 25.0},
                {"id": 3, "line": 9, "part": 112, "part_name": "Test Board 3", "item": 419,
                 "serial": null, "batch": "BO-20", "quantity": 15.0}
            ]
        }])
    );
    // Lines 25 x 15.00 + 25 x 15.00 + 15 x 25.00 = 1125.00, extra line 65 x 4.50 = 292.50:
    // 1417.50 USD.
    assert_eq!(order["total_price"], 1417.5);
    assert_eq!(order["extra_lines"][0]["reference"], "Progamming");
}

#[tokio::test]
async fn sales_order_lists_each_shipment_with_what_it_holds() {
    let Some(app) = inventree_demo().await else {
        return;
    };
    let order = app.call("get_sales_order", json!({"order_id": 6})).await;
    let shipments: Vec<(Value, Value, Value, usize, f64)> = order["shipments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let allocations = s["allocations"].as_array().unwrap();
            let quantity = allocations
                .iter()
                .map(|a| a["quantity"].as_f64().unwrap())
                .sum();
            (
                s["reference"].clone(),
                s["shipment_date"].clone(),
                s["tracking_number"].clone(),
                allocations.len(),
                quantity,
            )
        })
        .collect();
    // Shipment 1: 5 Green Chairs (line 12) and ten serialized Widget Assembly Variants
    // (line 14, serials 25-34, one each): 11 allocations, 15 units. Shipment 2: 15 Green
    // Square Tables (line 13).
    assert_eq!(
        shipments,
        vec![
            (
                json!("1"),
                json!("2022-11-12"),
                json!("SHIP-XYZ_ABC"),
                11,
                15.0
            ),
            (
                json!("2"),
                json!("2022-09-07"),
                json!("TRK-12345-66"),
                1,
                15.0
            ),
        ]
    );
    assert_eq!(order["shipments"][0]["allocations"][1]["serial"], "25");
    // SO0005's shipment is still pending and holds nothing yet.
    let pending = app.call("get_sales_order", json!({"order_id": 5})).await;
    assert_eq!(
        (
            pending["shipments"][0]["shipment_date"].clone(),
            pending["shipments"][0]["allocations"].clone()
        ),
        (Value::Null, json!([]))
    );
}

#[tokio::test]
async fn sales_orders_show_their_project_code() {
    let Some(app) = inventree_demo().await else {
        return;
    };
    sqlx::query("UPDATE order_salesorder SET project_code_id = 1 WHERE id = 3")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let nimbus = json!({"id": 1, "code": "PRJ-NIM", "description": "Project Nimbus"});
    let order = app.call("get_sales_order", json!({"order_id": 3})).await;
    assert_eq!(order["project_code"], nimbus);
    let listed = app
        .call("list_sales_orders", json!({"customer_id": 35}))
        .await;
    assert_eq!(column(&listed, "project_code"), [nimbus]);
    let other = app.call("get_sales_order", json!({"order_id": 4})).await;
    assert_eq!(other["project_code"], Value::Null);
}

#[tokio::test]
async fn missing_orders_are_not_found() {
    let Some(app) = inventree_demo().await else {
        return;
    };
    assert_eq!(
        app.call_err("get_purchase_order", json!({"order_id": 13}))
            .await,
        "purchase order 13 does not exist"
    );
    assert_eq!(
        app.call_err("get_sales_order", json!({"order_id": 7}))
            .await,
        "sales order 7 does not exist"
    );
}

#[tokio::test]
async fn bad_order_list_arguments_are_named() {
    let Some(app) = inventree_demo().await else {
        return;
    };
    let cases = [
        (
            "list_purchase_orders",
            json!({"supplier_id": 0}),
            "invalid argument `supplier_id`: must be a whole number between 1 and 2147483647, got 0",
        ),
        (
            "list_purchase_orders",
            json!({"limit": 1001}),
            "invalid argument `limit`: must be between 1 and 1000, got 1001",
        ),
        (
            "list_sales_orders",
            json!({"offset": -5}),
            "invalid argument `offset`: must be 0 or more, got -5",
        ),
        (
            "get_sales_order",
            json!({"order_id": -1}),
            "invalid argument `order_id`: must be a whole number between 1 and 2147483647, got -1",
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
