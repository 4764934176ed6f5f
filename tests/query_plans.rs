//! The list statements, planned as the server runs them (unprepared, for the values given),
//! on an inventory shaped like a real one (the generator's skewed profile): a filter that
//! selects few rows is answered through an index, never by reading a whole table.

mod common;

use common::TestDb;
use inventree_mcp::generate::{self, HOT_CATEGORY, HOT_LOCATIONS, Profile, SMALL_SUBTREE};
use serde_json::Value;
use sqlx::postgres::PgArguments;
use sqlx::query::Query;
use sqlx::{AssertSqlSafe, PgPool, Postgres};

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

/// The tables a statement reads by sequential scan, planned for its arguments.
async fn sequential_scans<'q>(
    pool: &PgPool,
    sql: &str,
    bind: impl FnOnce(Query<'q, Postgres, PgArguments>) -> Query<'q, Postgres, PgArguments>,
) -> Vec<String> {
    let explain = format!("EXPLAIN (FORMAT JSON) {sql}");
    let query = bind(sqlx::query(AssertSqlSafe(explain)).persistent(false));
    let plan: Value = sqlx::Row::get(&query.fetch_one(pool).await.unwrap(), 0);
    let mut all = Vec::new();
    nodes(&plan[0]["Plan"], &mut all);
    all.into_iter()
        .filter(|(node, table)| node.contains("Seq Scan") && LARGE.contains(&table.as_str()))
        .map(|(_, table)| table)
        .collect()
}

/// The same for a statement the server keeps prepared: its generic plan, as PostgreSQL
/// settles on after five runs, for `argument` (a literal).
async fn sequential_scans_prepared(pool: &PgPool, sql: &str, argument: &str) -> Vec<String> {
    let mut conn = pool.acquire().await.unwrap();
    let script =
        format!("SET plan_cache_mode = force_generic_plan; DEALLOCATE ALL; PREPARE q AS {sql}");
    sqlx::raw_sql(AssertSqlSafe(script))
        .execute(&mut *conn)
        .await
        .unwrap();
    let explain = format!("EXPLAIN (FORMAT JSON) EXECUTE q({argument})");
    let plan: Value = sqlx::query_scalar(AssertSqlSafe(explain))
        .persistent(false)
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let mut all = Vec::new();
    nodes(&plan[0]["Plan"], &mut all);
    all.into_iter()
        .filter(|(node, table)| node.contains("Seq Scan") && LARGE.contains(&table.as_str()))
        .map(|(_, table)| table)
        .collect()
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
        let scans = sequential_scans(pool, STOCK_LIST, |q| {
            q.bind(parts)
                .bind(locations)
                .bind(in_stock)
                .bind(101_i64)
                .bind(0_i64)
                .bind(10_101_i64)
                .bind(batch)
                .bind(None::<Vec<String>>)
                .bind(Vec::<i32>::new())
                .bind(Vec::<i32>::new())
                .bind(after)
        })
        .await;
        assert_eq!(scans, Vec::<String>::new(), "list_stock_items by {shape}");
    }

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
        let scans = sequential_scans(pool, PARTS_LIST, |q| {
            q.bind(categories)
                .bind(active)
                .bind(tagged)
                .bind(101_i64)
                .bind(0_i64)
                .bind(None::<i32>)
                .bind(10_101_i64)
        })
        .await;
        assert_eq!(scans, Vec::<String>::new(), "list_parts by {shape}");
    }

    // get_location and get_category count their subtree through the index.
    let location = format!("'{{{SMALL_SUBTREE}}}'");
    assert_eq!(
        sequential_scans_prepared(pool, LOCATION_DETAILS, &location).await,
        Vec::<String>::new(),
        "get_location"
    );
    let category = format!("'{{{}}}'", HOT_CATEGORY + 26);
    assert_eq!(
        sequential_scans_prepared(pool, CATEGORY_DETAILS, &category).await,
        Vec::<String>::new(),
        "get_category"
    );
}
