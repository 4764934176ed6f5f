//! list_stock_items, get_stock_item, stock_pivot, stock_by_category_and_location.

use crate::common;

use common::fixtures::*;
use common::{TestApp, column};
use serde_json::{Value, json};

fn ids(answer: &Value) -> Vec<i64> {
    column(answer, "id")
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn stock_items_filter_by_part_location_and_stock_rules() {
    let app = TestApp::start().await;
    let resistor = app
        .call("list_stock_items", json!({"part_id": RESISTOR_10K}))
        .await;
    assert_eq!(ids(&resistor), (1..=10).collect::<Vec<_>>());
    let in_stock = app
        .call(
            "list_stock_items",
            json!({"part_id": RESISTOR_10K, "in_stock": true}),
        )
        .await;
    // OK, Attention, Damaged, Returned, external; not Lost, Destroyed, Quarantined,
    // consumed, or empty.
    assert_eq!(ids(&in_stock), vec![1, 2, 3, 8, 10]);
    let out = app
        .call(
            "list_stock_items",
            json!({"part_id": RESISTOR_10K, "in_stock": false}),
        )
        .await;
    assert_eq!(ids(&out), vec![4, 5, 6, 7, 9]);
    // Variants are included by default, as in InvenTree.
    let template = app
        .call("list_stock_items", json!({"part_id": ENCLOSURE_TEMPLATE}))
        .await;
    assert_eq!(ids(&template), vec![26, 27, 28]);
    let own = app
        .call(
            "list_stock_items",
            json!({"part_id": ENCLOSURE_TEMPLATE, "include_variants": false}),
        )
        .await;
    assert_eq!(own["count"], 0);
    // Locations cascade by default.
    let shelf = app
        .call(
            "list_stock_items",
            json!({"location_id": SHELF_A, "limit": 1}),
        )
        .await;
    assert_eq!(shelf["count"], 22);
    assert_eq!(shelf["next_offset"], 1);
    let shelf_only = app
        .call(
            "list_stock_items",
            json!({"location_id": SHELF_A, "cascade": false}),
        )
        .await;
    assert_eq!(ids(&shelf_only), vec![19, 20, 21, 29, 30, 35, 37]);
    let all = app.call("list_stock_items", json!({"limit": 1})).await;
    assert_eq!(all["count"], 40);
    assert_eq!(
        app.call_err("list_stock_items", json!({"location_id": -1}))
            .await,
        "invalid argument `location_id`: must be a whole number between 1 and 2147483647, got -1"
    );
}

#[tokio::test]
async fn stock_items_filter_by_batch_with_the_other_filters() {
    let app = TestApp::start().await;
    let list = |args: Value| {
        let app = &app;
        async move { ids(&app.call("list_stock_items", args).await) }
    };
    // Batch R10K-2611: items 1 (Bin A1), 7 (Bench 1, consumed by BO-0001), 8 (Bench 1,
    // returned), 10 (supplier consignment).
    assert_eq!(list(json!({"batch": "R10K-2611"})).await, [1, 7, 8, 10]);
    assert_eq!(
        list(json!({"batch": "R10K-2611", "in_stock": true})).await,
        [1, 8, 10]
    );
    assert_eq!(
        list(json!({"batch": "R10K-2611", "location_id": BIN_A1})).await,
        [1]
    );
    // Batch R10K-2601: the lost item 4 and the destroyed item 5.
    assert_eq!(
        list(json!({"batch": "R10K-2601", "part_id": RESISTOR_10K})).await,
        [4, 5]
    );
    // Exactly: no prefix, no other case.
    assert_eq!(list(json!({"batch": "R10K"})).await, Vec::<i64>::new());
    assert_eq!(list(json!({"batch": "r10k-2611"})).await, Vec::<i64>::new());
    assert_eq!(
        app.call_err("list_stock_items", json!({"batch": " "}))
            .await,
        "invalid argument `batch`: is blank; give a batch code, matched exactly"
    );
}

#[tokio::test]
async fn stock_items_filter_by_serial_numbers_ranges_and_lists() {
    let app = TestApp::start().await;
    let list = |args: Value| {
        let app = &app;
        async move { ids(&app.call("list_stock_items", args).await) }
    };
    // Sensor boards 1001-1006: items 29, 30 (Shelf A), 31, 32, 33 (shipped to Globex), 36
    // (installed in the kit, item 35). Every other item has no serial (serial_int 0).
    assert_eq!(list(json!({"serial": "1002"})).await, [30]);
    assert_eq!(list(json!({"serial": "1001-1003"})).await, [29, 30, 31]);
    assert_eq!(
        list(json!({"serial": "1001,1004-1006"})).await,
        [29, 32, 33, 36]
    );
    assert_eq!(list(json!({"serial": "1006 1001"})).await, [29, 36]);
    // Items without a serial are not serial 0.
    assert_eq!(list(json!({"serial": "0"})).await, Vec::<i64>::new());
    assert_eq!(list(json!({"serial": "0-1001"})).await, [29]);
    // With the other filters: shipped and installed boards are not in stock.
    assert_eq!(
        list(json!({"serial": "1001-1006", "in_stock": true})).await,
        [29, 30]
    );
    assert_eq!(
        list(json!({"serial": "1001-1006", "in_stock": false})).await,
        [31, 32, 33, 36]
    );
    assert_eq!(
        list(json!({"serial": "1000-2000", "part_id": SENSOR_BOARD, "location_id": SHELF_A})).await,
        [29, 30]
    );
    assert_eq!(
        list(json!({"serial": "1001", "batch": "R10K-2611"})).await,
        Vec::<i64>::new()
    );
    // A serial as written; its number (serial_int, kept at 1002) still finds it.
    sqlx::query("UPDATE stock_stockitem SET serial = 'SN-1002' WHERE id = 30")
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(list(json!({"serial": "SN-1002"})).await, [30]);
    assert_eq!(list(json!({"serial": "1002"})).await, [30]);
    assert_eq!(list(json!({"serial": "sn-1002"})).await, Vec::<i64>::new());
}

#[tokio::test]
async fn a_bad_serial_is_refused_with_the_forms_accepted() {
    let app = TestApp::start().await;
    let forms = "use a serial as written (SN-0042), a number (12), a range from low to high \
                 (10-20) or a list of them (1,3,5-8)";
    for (serial, reason) in [
        ("1006-1001", "`1006-1001` runs from high to low"),
        ("1001-", "`1001-` is not a serial, a number or a range"),
        ("1001+5", "`1001+5` is not a serial, a number or a range"),
        ("", "is blank"),
    ] {
        assert_eq!(
            app.call_err("list_stock_items", json!({"serial": serial}))
                .await,
            format!("invalid argument `serial`: {reason}; {forms}")
        );
    }
}

#[tokio::test]
async fn stock_item_detail_with_history() {
    let app = TestApp::start().await;
    let item = app
        .call("get_stock_item", json!({"stock_item_id": 1, "history": 2}))
        .await;
    assert_eq!(item["part_name"], "Resistor 10k 0603");
    assert_eq!(item["part_IPN"], "R-0603-10K");
    assert_eq!(item["quantity"], 4000.0);
    assert_eq!(item["location_path"], "Warehouse/Shelf A/Bin A1");
    assert_eq!(item["batch"], "R10K-2611");
    assert_eq!(item["status"], json!({"code": 10, "name": "OK"}));
    assert_eq!(item["in_stock"], true);
    // 500 to SO-0001 and 200 to BO-0001.
    assert_eq!(item["allocated"], 700.0);
    assert_eq!(item["tracking_count"], 3);
    assert_eq!(
        item["tracking"],
        json!([
            {"id": 3, "date": "2026-11-03T08:15:00Z", "tracking_type": 20, "tracking_name": "Location changed",
             "deltas": {"location": 3}, "notes": null, "user": null},
            {"id": 2, "date": "2026-11-02T14:30:00Z", "tracking_type": 12, "tracking_name": "Stock manually removed",
             "deltas": {"removed": 1000.0, "quantity": 4000.0}, "notes": "Reel for BO-0001", "user": "engineer"}
        ])
    );
    // A custom state keeps its logical status and shows its label.
    let rework = app
        .call("get_stock_item", json!({"stock_item_id": 20, "history": 0}))
        .await;
    assert_eq!(
        rework["status"],
        json!({"code": 50, "name": "Attention needed", "custom": "Needs rework"})
    );
    assert_eq!(rework["tracking"], json!([]));
    // Sold, installed and in-production items are not in stock.
    let sold = app
        .call("get_stock_item", json!({"stock_item_id": 31}))
        .await;
    assert_eq!(
        (sold["in_stock"].clone(), sold["customer_name"].clone()),
        (json!(false), json!("Globex Robotics"))
    );
    let installed = app
        .call("get_stock_item", json!({"stock_item_id": 36}))
        .await;
    assert_eq!(
        (
            installed["in_stock"].clone(),
            installed["installed_in"].clone()
        ),
        (json!(false), json!(35))
    );
    let building = app
        .call("get_stock_item", json!({"stock_item_id": 34}))
        .await;
    assert_eq!(
        (
            building["in_stock"].clone(),
            building["is_building"].clone()
        ),
        (json!(false), json!(true))
    );
    assert_eq!(
        app.call_err("get_stock_item", json!({"stock_item_id": 4040}))
            .await,
        "stock item 4040 does not exist"
    );
    assert_eq!(
        app.call_err(
            "get_stock_item",
            json!({"stock_item_id": 1, "history": 101})
        )
        .await,
        "invalid argument `history`: must be between 0 and 100, got 101"
    );
}

#[tokio::test]
async fn expiry_and_staleness_follow_inventree() {
    let app = TestApp::start().await;
    // Item 16 expired on 2026-06-30. Item 15 expires in 20 days; with 30 stale days it is stale.
    sqlx::query("UPDATE stock_stockitem SET expiry_date = CURRENT_DATE + 20 WHERE id = 15")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let expired = app
        .call("get_stock_item", json!({"stock_item_id": 16}))
        .await;
    assert_eq!(
        (expired["expired"].clone(), expired["stale"].clone()),
        (json!(true), json!(true))
    );
    let fresh = app
        .call("get_stock_item", json!({"stock_item_id": 15}))
        .await;
    assert_eq!(
        (fresh["expired"].clone(), fresh["stale"].clone()),
        (json!(false), json!(false))
    );
    sqlx::query(
        "INSERT INTO common_inventreesetting (key, value) VALUES ('STOCK_STALE_DAYS', '30')",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    let stale = app
        .call("get_stock_item", json!({"stock_item_id": 15}))
        .await;
    assert_eq!(
        (stale["expired"].clone(), stale["stale"].clone()),
        (json!(false), json!(true))
    );
}

#[tokio::test]
async fn pivot_sums_in_stock_quantity_over_subtrees() {
    let app = TestApp::start().await;
    let passives = app
        .call(
            "stock_by_category_and_location",
            json!({"category_id": PASSIVES}),
        )
        .await;
    let rows: Vec<(Value, Value, f64, bool)> = passives["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["category_name"].clone(),
                r["location_path"].clone(),
                r["total_quantity"].as_f64().unwrap(),
                r["categories_rolled_up"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                json!("Capacitors"),
                json!("Warehouse/Shelf A/Bin A2"),
                10150.0,
                false
            ),
            (
                json!("Resistors"),
                json!("Supplier consignment"),
                1000.0,
                false
            ),
            (
                json!("Resistors"),
                json!("Warehouse/Shelf A/Bin A1"),
                7550.0,
                false
            ),
            (
                json!("Resistors"),
                json!("Warehouse/Shelf A/Bin A2"),
                1000.0,
                false
            ),
            (json!("Resistors"), json!("Workshop/Bench 1"), 25.0, false),
        ]
    );
    assert_eq!(passives["grand_total"], 19725.0);
    // Rolled up to the top: Passives (everything below it) by top-level location.
    let top = app
        .call(
            "stock_pivot",
            json!({"category_id": PASSIVES, "max_depth": 0}),
        )
        .await;
    assert_eq!(
        top["rows"],
        json!([
            {"category_id": 2, "category_name": "Passives", "category_path": "Electronics/Passives",
             "location_id": 8, "location_name": "Supplier consignment", "location_path": "Supplier consignment",
             "total_quantity": 1000.0, "item_count": 1, "categories_rolled_up": true, "locations_rolled_up": false},
            {"category_id": 2, "category_name": "Passives", "category_path": "Electronics/Passives",
             "location_id": 1, "location_name": "Warehouse", "location_path": "Warehouse",
             "total_quantity": 18700.0, "item_count": 10, "categories_rolled_up": true, "locations_rolled_up": true},
            {"category_id": 2, "category_name": "Passives", "category_path": "Electronics/Passives",
             "location_id": 6, "location_name": "Workshop", "location_path": "Workshop",
             "total_quantity": 25.0, "item_count": 1, "categories_rolled_up": true, "locations_rolled_up": true}
        ])
    );
    assert_eq!(top["grand_total"], 19725.0);
    // One cell: resistors on Shelf A and below.
    let cell = app
        .call(
            "stock_pivot",
            json!({"category_id": RESISTORS, "location_id": SHELF_A, "max_depth": 0}),
        )
        .await;
    assert_eq!(cell["rows"][0]["total_quantity"], 8550.0);
    assert_eq!(cell["count"], 1);
    // Without filters every in-stock item is counted once, uncategorized parts included.
    let all = app.call("stock_pivot", json!({})).await;
    let in_stock: f64 = sqlx::query_scalar(
        "SELECT sum(quantity)::float8 FROM stock_stockitem WHERE quantity > 0 AND sales_order_id IS NULL
         AND belongs_to_id IS NULL AND customer_id IS NULL AND consumed_by_id IS NULL AND NOT is_building
         AND status IN (10, 50, 55, 85)",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(all["grand_total"], in_stock);
    let wire = all["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["category_id"].is_null())
        .unwrap();
    assert_eq!(wire["total_quantity"], 35.5);
    assert_eq!(
        app.call_err("stock_pivot", json!({"max_depth": -1})).await,
        "invalid argument `max_depth`: must be 0 or more, got -1"
    );
}

#[tokio::test]
async fn custom_states_of_other_classes_do_not_mix() {
    let app = TestApp::start().await;
    // The same key for a sales order state must not label (or duplicate) the stock item.
    sqlx::query(
        "INSERT INTO common_inventreecustomuserstatemodel (key, name, label, color, logical_key, reference_status)
         VALUES (101, 'LOST_IN_TRANSIT', 'Lost in transit', 'danger', 50, 'SalesOrderStatus')",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    let items = app
        .call("list_stock_items", json!({"part_id": ATMEGA328P}))
        .await;
    assert_eq!(ids(&items), vec![19, 20]);
    assert_eq!(items["items"][1]["status"]["custom"], "Needs rework");
}

#[tokio::test]
async fn long_lists_count_up_to_count_limit_past_the_page() {
    let app = TestApp::start_with(|config| config.count_limit = 2).await;
    // 40 stock items: counting stops 2 past a 3-item page, and says so.
    let first = app.call("list_stock_items", json!({"limit": 3})).await;
    assert_eq!(ids(&first), vec![1, 2, 3]);
    assert_eq!(
        (
            first["count"].clone(),
            first["count_exact"].clone(),
            first["next_offset"].clone()
        ),
        (json!(5), json!(false), json!(3))
    );
    // Near the end the bound reaches past the last item: the count is exact again.
    let last = app
        .call("list_stock_items", json!({"limit": 3, "offset": 36}))
        .await;
    assert_eq!(ids(&last), vec![37, 38, 39]);
    assert_eq!(
        (
            last["count"].clone(),
            last.get("count_exact"),
            last["next_offset"].clone()
        ),
        (json!(40), None, json!(39))
    );
    // The same rule for parts (30 of them), filtered by category or not.
    let parts = app.call("list_parts", json!({"limit": 1})).await;
    assert_eq!(
        (
            parts["count"].clone(),
            parts["count_exact"].clone(),
            parts["next_offset"].clone()
        ),
        (json!(3), json!(false), json!(1))
    );
    let resistors = app
        .call("list_parts", json!({"category_id": RESISTORS, "limit": 10}))
        .await;
    assert_eq!(resistors["count"], 5);
    assert_eq!(resistors.get("count_exact"), None);
    // Location and part filters take their own paths; both are capped the same way.
    let shelf = app
        .call(
            "list_stock_items",
            json!({"location_id": SHELF_A, "limit": 1}),
        )
        .await;
    assert_eq!(
        (shelf["count"].clone(), shelf["count_exact"].clone()),
        (json!(3), json!(false))
    );
    let resistor = app
        .call(
            "list_stock_items",
            json!({"part_id": RESISTOR_10K, "limit": 8}),
        )
        .await;
    assert_eq!(
        (resistor["count"].clone(), resistor.get("count_exact")),
        (json!(10), None)
    );
}

#[tokio::test]
async fn lists_page_by_cursor_as_far_as_by_offset() {
    let app = TestApp::start().await;
    // Shelf A's subtree holds 22 items; one page of all of them is the reference.
    let whole = app
        .call(
            "list_stock_items",
            json!({"location_id": SHELF_A, "limit": 100}),
        )
        .await;
    let all = ids(&whole);
    assert_eq!(all.len(), 22);
    assert_eq!(whole.get("next_cursor"), None);
    let mut seen = Vec::new();
    let mut cursor: Option<Value> = None;
    let mut pages = 0;
    loop {
        let mut args = json!({"location_id": SHELF_A, "limit": 10});
        if let Some(cursor) = &cursor {
            args["cursor"] = cursor.clone();
        }
        let page = app.call("list_stock_items", args).await;
        pages += 1;
        assert_eq!(page["count"], 22, "every page counts every match");
        // The first page (no cursor) also says where the next starts by offset.
        let expected_offset = if pages == 1 { json!(10) } else { Value::Null };
        assert_eq!(page["next_offset"], expected_offset, "page {pages}");
        seen.extend(ids(&page));
        match page.get("next_cursor") {
            Some(next) => {
                assert_eq!(next, &json!(format!("after:{}", seen.last().unwrap())));
                cursor = Some(next.clone());
            }
            None => break,
        }
    }
    assert_eq!((pages, seen), (3, all));

    // Parts the same way: 30 parts, 12 a page.
    let mut parts = Vec::new();
    let mut args = json!({"limit": 12});
    loop {
        let page = app.call("list_parts", args.clone()).await;
        parts.extend(ids(&page));
        let Some(next) = page.get("next_cursor") else {
            break;
        };
        args["cursor"] = next.clone();
    }
    assert_eq!(parts, (1..=30).collect::<Vec<_>>());

    assert_eq!(
        app.call_err(
            "list_stock_items",
            json!({"cursor": "after:10", "offset": 5})
        )
        .await,
        "invalid argument `cursor`: cannot be combined with offset: give one or the other"
    );
    assert_eq!(
        app.call_err("list_parts", json!({"cursor": "10"})).await,
        "invalid argument `cursor`: must be the next_cursor of an earlier page of this list \
         (like \"after:1234\"), got \"10\""
    );
}
