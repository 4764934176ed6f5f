//! On an inventory shaped like a real one (the generator's skewed profile), a filter that
//! selects few rows is answered through an index, never by reading a whole table: the list
//! statements' plans as the server's pools make them, and every read tool with each of its
//! filters called through the server, its sequential scans counted by PostgreSQL.

use crate::common;

use common::fixtures::*;
use common::{Era, TestApp, TestDb};
use inventree_mcp::db;
use inventree_mcp::generate::{self, HOT_CATEGORY, HOT_LOCATIONS, Profile, SMALL_SUBTREE};
use serde_json::{Value, json};
use sqlx::{AssertSqlSafe, PgConnection, PgPool};

const STOCK_LIST: &str = include_str!("../queries/stock/list.sql");
const PARTS_LIST: &str = include_str!("../queries/parts/list.sql");
const LOCATION_SUBTREE: &str = include_str!("../queries/trees/location_subtree.sql");
const LOCATION_DETAILS: &str = include_str!("../queries/locations/details.sql");
const CATEGORY_DETAILS: &str = include_str!("../queries/categories/details.sql");

/// The tables no selective filter may read whole.
const LARGE: [&str; 2] = ["stock_stockitem", "part_part"];

/// Every node of a plan, depth first.
fn nodes(plan: &Value, out: &mut Vec<(String, String)>) {
    out.push((
        plan["Node Type"].as_str().unwrap_or_default().to_string(),
        plan["Relation Name"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
    ));
    for child in plan["Plans"].as_array().into_iter().flatten() {
        nodes(child, out);
    }
}

/// The tables `sql` reads by sequential scan when the server runs it with `arguments` (SQL
/// literals). The plan is the one PostgreSQL's plan cache chooses on a connection set up as
/// the server's pools set theirs (`plan_cache_mode = force_generic_plan`), inside
/// [`db::custom_plans`] when `custom` (as the list statements run), else as it is.
async fn sequential_scans(
    pool: &PgPool,
    sql: &str,
    arguments: &[String],
    custom: bool,
) -> Vec<String> {
    let mut conn = pool.acquire().await.unwrap();
    let script =
        format!("SET plan_cache_mode = force_generic_plan; DEALLOCATE ALL; PREPARE q AS {sql}");
    sqlx::raw_sql(AssertSqlSafe(script))
        .execute(&mut *conn)
        .await
        .unwrap();
    let explain = format!("EXPLAIN (FORMAT JSON) EXECUTE q({})", arguments.join(", "));
    let query = sqlx::query_scalar::<_, Value>(AssertSqlSafe(explain)).persistent(false);
    let plan = if custom {
        db::custom_plans(&mut conn, async |conn: &mut PgConnection| {
            query.fetch_one(conn).await
        })
        .await
    } else {
        query.fetch_one(&mut *conn).await
    }
    .unwrap();
    conn.close().await.unwrap();
    let mut all = Vec::new();
    nodes(&plan[0]["Plan"], &mut all);
    all.into_iter()
        .filter(|(node, table)| node.contains("Seq Scan") && LARGE.contains(&table.as_str()))
        .map(|(_, table)| table)
        .collect()
}

/// An id array as an SQL literal, or NULL.
fn ids(ids: Option<&[i32]>) -> String {
    match ids {
        None => "NULL".into(),
        Some(ids) => format!(
            "'{{{}}}'::int[]",
            ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",")
        ),
    }
}

fn literal<T: ToString>(value: Option<T>) -> String {
    value.map_or("NULL".into(), |v| v.to_string())
}

#[tokio::test]
async fn selective_list_filters_are_answered_through_indexes() {
    let db = TestDb::new().await;
    let mut conn = db.pool.acquire().await.unwrap();
    generate::fill(&mut conn, 10_000, 100_000, Profile::Skewed)
        .await
        .unwrap();
    drop(conn);
    let pool = &db.pool;
    let subtree: Vec<i32> = sqlx::query_scalar(AssertSqlSafe(LOCATION_SUBTREE))
        .bind(SMALL_SUBTREE)
        .bind(true)
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(subtree.len(), 73);
    // A generated part with stock (part 100,001 is a template: its variants follow it).
    let part = [100_010];
    let family = [100_001, 100_002, 100_003, 100_004];
    let small_location = [SMALL_SUBTREE + 100];
    let hot = [HOT_LOCATIONS[0]];
    let none: Option<&[i32]> = None;

    // list_stock_items: $1 parts, $2 locations, $3 in stock, $4 limit, $5 offset, $6 count
    // bound, $7 batch, $8 serials, $9/$10 serial ranges, $11 cursor.
    type Stock<'a> = (
        &'a str,
        Option<&'a [i32]>,
        Option<&'a [i32]>,
        Option<bool>,
        Option<&'a str>,
        Option<i32>,
    );
    let stock_shapes: [Stock; 9] = [
        ("a part", Some(&part), none, None, None, None),
        (
            "a part and its variants",
            Some(&family),
            none,
            None,
            None,
            None,
        ),
        ("a small subtree", none, Some(&subtree), None, None, None),
        (
            "one small location",
            none,
            Some(&small_location),
            None,
            None,
            None,
        ),
        (
            "a part on the largest shelf",
            Some(&part),
            Some(&hot),
            None,
            None,
            None,
        ),
        (
            "a small subtree, in stock",
            none,
            Some(&subtree),
            Some(true),
            None,
            None,
        ),
        (
            "a small subtree, after a cursor",
            none,
            Some(&subtree),
            None,
            None,
            Some(2),
        ),
        ("a part's batch", Some(&part), none, None, Some("B7"), None),
        (
            "a part, out of stock",
            Some(&part),
            none,
            Some(false),
            None,
            None,
        ),
    ];
    for (shape, parts, locations, in_stock, batch, after) in stock_shapes {
        let arguments = [
            ids(parts),
            ids(locations),
            literal(in_stock),
            "101".into(),
            "0".into(),
            "10101".into(),
            literal(batch.map(|b| format!("'{b}'"))),
            "NULL".into(),
            "'{}'::int[]".into(),
            "'{}'::int[]".into(),
            literal(after),
        ];
        let scans = sequential_scans(pool, STOCK_LIST, &arguments, true).await;
        assert_eq!(scans, Vec::<String>::new(), "list_stock_items by {shape}");
    }
    // With one plan for any arguments, the same statement reads every stock item for a small
    // subtree: what this test guards against.
    let arguments = [
        "NULL".to_string(),
        ids(Some(&subtree)),
        "NULL".into(),
        "101".into(),
        "0".into(),
        "10101".into(),
        "NULL".into(),
        "NULL".into(),
        "'{}'::int[]".into(),
        "'{}'::int[]".into(),
        "NULL".into(),
    ];
    let generic = sequential_scans(pool, STOCK_LIST, &arguments, false).await;
    assert!(
        !generic.is_empty() && generic.iter().all(|t| t == "stock_stockitem"),
        "{generic:?}"
    );

    // list_parts: $1 categories, $2 active, $3 tagged parts, $4 limit, $5 offset, $6 cursor,
    // $7 count bound. The smallest generated category holds about 2% of the parts.
    let small_category = [HOT_CATEGORY + 26];
    let tagged: Vec<i32> = (100_010..=100_200).step_by(10).collect();
    type Parts<'a> = (&'a str, Option<&'a [i32]>, Option<bool>, Option<&'a [i32]>);
    let part_shapes: [Parts; 4] = [
        ("a small category", Some(&small_category), None, None),
        (
            "a small category, active",
            Some(&small_category),
            Some(true),
            None,
        ),
        ("tags", None, None, Some(&tagged)),
        (
            "the largest category and tags",
            Some(&[HOT_CATEGORY]),
            None,
            Some(&tagged),
        ),
    ];
    for (shape, categories, active, tagged) in part_shapes {
        let arguments = [
            ids(categories),
            literal(active),
            ids(tagged),
            "101".into(),
            "0".into(),
            "NULL".into(),
            "10101".into(),
        ];
        let scans = sequential_scans(pool, PARTS_LIST, &arguments, true).await;
        assert_eq!(scans, Vec::<String>::new(), "list_parts by {shape}");
    }

    // get_location and get_category count their subtree through the index.
    let location = format!("'{{{SMALL_SUBTREE}}}'");
    assert_eq!(
        sequential_scans(pool, LOCATION_DETAILS, &[location], false).await,
        Vec::<String>::new(),
        "get_location"
    );
    let category = format!("'{{{}}}'", HOT_CATEGORY + 26);
    assert_eq!(
        sequential_scans(pool, CATEGORY_DETAILS, &[category], false).await,
        Vec::<String>::new(),
        "get_category"
    );
}

/// Sequential scans of [`LARGE`] so far in the test's database, as PostgreSQL's statistics
/// count them.
async fn scans_so_far(pool: &PgPool) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in LARGE {
        let count: i64 = sqlx::query_scalar(
            "SELECT COALESCE(seq_scan, 0) FROM pg_stat_user_tables WHERE relname = $1",
        )
        .bind(table)
        .fetch_one(pool)
        .await
        .unwrap();
        counts.push(count);
    }
    counts
}

/// Makes the server's one read connection publish its statistics now (it flushes before it
/// answers), so that [`scans_so_far`] sees every scan its calls made.
async fn publish(app: &TestApp) {
    sqlx::query("SELECT pg_stat_force_next_flush()")
        .execute(&app.reads)
        .await
        .unwrap();
}

/// Every read tool that lists, counts or walks, with each filter it takes, called through the
/// server on the skewed profile: PostgreSQL's statistics count the sequential scans of the
/// large tables each call made, whatever statements and plans it ran. Filters that select
/// few rows must make none.
#[tokio::test]
async fn no_call_with_a_selective_filter_reads_a_large_table_whole() {
    let db = TestDb::new().await;
    let mut conn = db.pool.acquire().await.unwrap();
    generate::fill(&mut conn, 10_000, 100_000, Profile::Skewed)
        .await
        .unwrap();
    // The operator's optional indexes for search (docs/query-plans.md).
    for field in ["name", "description", "\"IPN\"", "revision", "keywords"] {
        let index = format!("CREATE INDEX ON part_part USING gin (upper({field}) gin_trgm_ops)");
        sqlx::raw_sql(AssertSqlSafe(format!(
            "CREATE EXTENSION IF NOT EXISTS pg_trgm; {index}"
        )))
        .execute(&mut *conn)
        .await
        .unwrap();
    }
    sqlx::raw_sql("ANALYZE part_part; SELECT pg_stat_force_next_flush()")
        .execute(&mut *conn)
        .await
        .unwrap();
    let item: i64 =
        sqlx::query_scalar("SELECT min(id)::int8 FROM stock_stockitem WHERE part_id = 100010")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    sqlx::query(
        "UPDATE stock_stockitem SET barcode_data = 'LABEL-0001', barcode_hash = md5('LABEL-0001') \
         WHERE id = $1",
    )
    .bind(item)
    .execute(&mut *conn)
    .await
    .unwrap();
    drop(conn);
    let app = TestApp::serve(db, |config| config.pool_size = 1).await;

    let small_category = HOT_CATEGORY + 26;
    let small_leaf = SMALL_SUBTREE + 100;
    let hot = HOT_LOCATIONS[0];
    let shapes = [
        ("list_parts", json!({})),
        ("list_parts", json!({"category_id": small_category})),
        (
            "list_parts",
            json!({"category_id": small_category, "cascade": false}),
        ),
        (
            "list_parts",
            json!({"category_id": small_category, "active": true}),
        ),
        ("list_parts", json!({"tags": ["gen-3"]})),
        (
            "list_parts",
            json!({"category_id": HOT_CATEGORY, "tags": ["gen-3"]}),
        ),
        ("list_parts", json!({"limit": 20, "offset": 5000})),
        ("list_parts", json!({"limit": 20, "cursor": "after:100500"})),
        ("get_part", json!({"part_id": 100_010})),
        ("search_parts", json!({"query": "GEN-100"})),
        ("search_parts", json!({"query": "capacitor 0603"})),
        (
            "list_parameter_templates",
            json!({"category_id": small_category}),
        ),
        ("get_part_parameters", json!({"part_id": RESISTOR_10K})),
        (
            "find_parts_by_parameters",
            json!({"filters": [{"template": "Resistance", "op": "gt", "value": "1k"}]}),
        ),
        (
            "find_parts_by_parameters",
            json!({"category_id": small_category,
                   "filters": [{"template": "Resistance", "op": "gt", "value": "1k"}]}),
        ),
        ("list_categories", json!({})),
        ("list_categories", json!({"parent_id": HOT_CATEGORY})),
        ("get_category", json!({"category_id": small_category})),
        ("get_category_tree", json!({"root_id": small_category})),
        ("list_locations", json!({})),
        ("list_locations", json!({"parent_id": SMALL_SUBTREE})),
        ("get_location", json!({"location_id": SMALL_SUBTREE})),
        ("get_location", json!({"location_id": small_leaf})),
        ("get_location_tree", json!({"root_id": SMALL_SUBTREE})),
        ("list_stock_items", json!({})),
        ("list_stock_items", json!({"part_id": 100_010})),
        (
            "list_stock_items",
            json!({"part_id": 100_001, "include_variants": true}),
        ),
        ("list_stock_items", json!({"location_id": SMALL_SUBTREE})),
        (
            "list_stock_items",
            json!({"location_id": small_leaf, "cascade": false}),
        ),
        (
            "list_stock_items",
            json!({"location_id": SMALL_SUBTREE, "in_stock": true}),
        ),
        (
            "list_stock_items",
            json!({"part_id": 100_010, "location_id": hot}),
        ),
        (
            "list_stock_items",
            json!({"part_id": 100_010, "batch": "B7"}),
        ),
        (
            "list_stock_items",
            json!({"part_id": 100_010, "in_stock": false}),
        ),
        (
            "list_stock_items",
            json!({"part_id": SENSOR_BOARD, "serial": "1001"}),
        ),
        (
            "list_stock_items",
            json!({"location_id": SMALL_SUBTREE, "cursor": "after:2"}),
        ),
        (
            "get_stock_item",
            json!({"stock_item_id": item, "history": 10}),
        ),
        ("list_stock_tracking", json!({})),
        ("list_stock_tracking", json!({"part_id": SENSOR_BOARD})),
        (
            "list_stock_tracking",
            json!({"stock_item_id": STOCK_SENSOR_BOARD_1001}),
        ),
        ("list_stock_tracking", json!({"since": "2026-01-01"})),
        ("list_test_results", json!({"part_id": SENSOR_BOARD})),
        (
            "list_test_results",
            json!({"stock_item_id": STOCK_SENSOR_BOARD_1001}),
        ),
        (
            "list_purchase_orders",
            json!({"supplier_id": 1, "outstanding": true}),
        ),
        ("list_purchase_orders", json!({"overdue": true})),
        ("get_purchase_order", json!({"order_id": 1})),
        (
            "list_sales_orders",
            json!({"customer_id": 2, "outstanding": true}),
        ),
        ("list_sales_orders", json!({"overdue": true})),
        ("get_sales_order", json!({"order_id": 1})),
        ("list_return_orders", json!({"customer_id": 2})),
        ("list_companies", json!({"kind": "supplier"})),
        ("get_company", json!({"company_id": 1})),
        ("list_supplier_parts", json!({"part_id": 100_010})),
        (
            "list_supplier_parts",
            json!({"supplier_id": 1, "active": true}),
        ),
        ("list_supplier_parts", json!({"search": "GEN-1001"})),
        ("get_supplier_part", json!({"supplier_part_id": 1})),
        ("get_part_pricing", json!({"part_id": 100_010})),
        ("list_bom_items", json!({"part_id": 100_100})),
        ("list_bom_items", json!({"sub_part_id": 100_019})),
        ("get_bom_for_part", json!({"part_id": 100_100, "levels": 0})),
        ("list_build_orders", json!({"part_id": SENSOR_BOARD})),
        ("list_build_orders", json!({"active": true})),
        ("list_build_orders", json!({"overdue": true})),
        ("get_build_order", json!({"build_id": 1})),
        ("can_build", json!({"part_id": 100_100, "levels": 0})),
        ("bom_cost", json!({"part_id": 100_100})),
        ("where_used", json!({"part_id": 100_019})),
        ("low_stock", json!({"category_id": small_category})),
        // A pivot sums every item it covers: a generated category (2% of the parts, their
        // items spread over the whole table) is read faster in one pass; a small one is not.
        ("stock_pivot", json!({"category_id": RESISTORS})),
        ("stock_pivot", json!({"location_id": BIN_A1})),
        (
            "stock_pivot",
            json!({"category_id": ELECTRONICS, "location_id": SHELF_A}),
        ),
        (
            "stock_by_category_and_location",
            json!({"category_id": RESISTORS}),
        ),
        ("list_attachments", json!({"model": "part", "id": 100_010})),
        ("list_tags", json!({})),
        ("search_tags", json!({"query": "gen"})),
        ("scan_barcode", json!({"data": "{\"part\": 100010}"})),
    ];
    // What no index InvenTree has can answer: these read both tables whole, as InvenTree's
    // own pages for them do. Assigned barcodes: `barcode_hash` and `barcode_data` have no
    // index. Low stock and shortages without a plan: every part with a minimum stock
    // (`minimum_stock` has no index) and its stock. The whole inventory's pivot.
    let whole = [
        ("find_part_by_code", json!({"code": "GEN-1000"})),
        ("scan_barcode", json!({"data": "LABEL-0001"})),
        ("low_stock", json!({})),
        ("shortages", json!({})),
        ("stock_pivot", json!({})),
    ];
    let mut expected = Vec::new();
    for (tool, arguments) in &whole {
        for table in LARGE {
            expected.push(format!("{tool} {arguments}: {table}"));
        }
    }
    publish(&app).await;
    let (mut read_whole, mut failed) = (Vec::new(), Vec::new());
    for (tool, arguments) in shapes.iter().chain(&whole) {
        let before = scans_so_far(&app.db.pool).await;
        let result = app.call_in(Era::Stateless, tool, arguments.clone()).await;
        if result["isError"] == true {
            failed.push(format!(
                "{tool} {arguments}: {}",
                result["content"][0]["text"]
            ));
        }
        publish(&app).await;
        let after = scans_so_far(&app.db.pool).await;
        for (i, table) in LARGE.iter().enumerate() {
            if after[i] > before[i] {
                read_whole.push(format!("{tool} {arguments}: {table}"));
            }
        }
    }
    assert_eq!(failed, Vec::<String>::new(), "calls that failed");
    assert_eq!(read_whole, expected, "calls that read a large table whole");
}
