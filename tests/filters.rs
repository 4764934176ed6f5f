//! A list filtered by a part, category, location, stock item or company that does not exist
//! says so, as `get_part` does for a part, instead of an empty page that reads as "none of
//! them". An object that exists with nothing to list still gives an empty page.

use crate::common;

use common::TestApp;
use common::fixtures::*;
use serde_json::json;

#[tokio::test]
async fn filters_naming_missing_objects_say_so() {
    let app = TestApp::start().await;
    let cases = [
        (
            "list_parts",
            json!({"category_id": 4242}),
            "category 4242 does not exist",
        ),
        (
            "list_parts",
            json!({"category_id": 4242, "tags": ["smd"]}),
            "category 4242 does not exist",
        ),
        (
            "list_categories",
            json!({"parent_id": 4242}),
            "category 4242 does not exist",
        ),
        (
            "list_locations",
            json!({"parent_id": 4242}),
            "location 4242 does not exist",
        ),
        (
            "list_stock_items",
            json!({"location_id": 4242}),
            "location 4242 does not exist",
        ),
        (
            "list_stock_items",
            json!({"part_id": 4242}),
            "part 4242 does not exist",
        ),
        (
            "list_stock_items",
            json!({"part_id": RESISTOR_10K, "location_id": 4242}),
            "location 4242 does not exist",
        ),
        (
            "list_stock_tracking",
            json!({"stock_item_id": 4242}),
            "stock item 4242 does not exist",
        ),
        (
            "list_stock_tracking",
            json!({"part_id": 4242}),
            "part 4242 does not exist",
        ),
        (
            "list_test_results",
            json!({"part_id": 4242}),
            "part 4242 does not exist",
        ),
        (
            "list_purchase_orders",
            json!({"supplier_id": 4242}),
            "company 4242 does not exist",
        ),
        (
            "list_sales_orders",
            json!({"customer_id": 4242}),
            "company 4242 does not exist",
        ),
        (
            "list_return_orders",
            json!({"customer_id": 4242}),
            "company 4242 does not exist",
        ),
        (
            "list_supplier_parts",
            json!({"part_id": 4242}),
            "part 4242 does not exist",
        ),
        (
            "list_supplier_parts",
            json!({"supplier_id": 4242}),
            "company 4242 does not exist",
        ),
        (
            "list_bom_items",
            json!({"part_id": 4242}),
            "part 4242 does not exist",
        ),
        (
            "list_bom_items",
            json!({"sub_part_id": 4242}),
            "part 4242 does not exist",
        ),
        (
            "list_build_orders",
            json!({"part_id": 4242}),
            "part 4242 does not exist",
        ),
        (
            "list_parameter_templates",
            json!({"category_id": 4242}),
            "category 4242 does not exist",
        ),
        (
            "stock_pivot",
            json!({"category_id": 4242}),
            "category 4242 does not exist",
        ),
        (
            "stock_pivot",
            json!({"location_id": 4242}),
            "location 4242 does not exist",
        ),
        (
            "stock_by_category_and_location",
            json!({"category_id": 4242}),
            "category 4242 does not exist",
        ),
        (
            "low_stock",
            json!({"category_id": 4242}),
            "category 4242 does not exist",
        ),
        (
            "get_bom_for_part",
            json!({"part_id": 4242}),
            "part 4242 does not exist",
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
async fn existing_objects_with_nothing_to_list_give_empty_pages() {
    let app = TestApp::start().await;
    for (tool, args) in [
        // Passives holds no part itself: they sit in its subcategories.
        (
            "list_parts",
            json!({"category_id": PASSIVES, "cascade": false}),
        ),
        // The warehouse (structural) holds no item itself: they sit on its shelves.
        (
            "list_stock_items",
            json!({"location_id": WAREHOUSE, "cascade": false}),
        ),
        ("list_categories", json!({"parent_id": RESISTORS})),
        ("list_locations", json!({"parent_id": BIN_A1})),
        // Nothing has been built of a resistor, nor ordered from a customer.
        ("list_build_orders", json!({"part_id": RESISTOR_10K})),
        ("list_purchase_orders", json!({"supplier_id": 2})),
        ("list_bom_items", json!({"part_id": RESISTOR_10K})),
    ] {
        let page = app.call(tool, args.clone()).await;
        assert_eq!(page["count"], 0, "{tool} {args}");
    }
}

#[tokio::test]
async fn a_bom_of_a_part_that_is_no_assembly_is_refused() {
    let app = TestApp::start().await;
    assert_eq!(
        app.call_err("get_bom_for_part", json!({"part_id": RESISTOR_10K}))
            .await,
        "invalid argument `part_id`: part 1 (Resistor 10k 0603) is not an assembly, so it has \
         no BOM; where_used tells which assemblies use it"
    );
    // An assembly whose BOM is empty answers its empty BOM.
    sqlx::query("UPDATE part_part SET assembly = true WHERE id = $1")
        .bind(NE555)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let empty = app
        .call("get_bom_for_part", json!({"part_id": NE555}))
        .await;
    assert_eq!(empty["part_name"], "NE555 timer");
    assert_eq!(empty["bom_items"], json!([]));
    assert_eq!(empty["leaves"], json!([]));
}
