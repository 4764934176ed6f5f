//! The list statements, planned as the server runs them (for the values given),
//! on an inventory shaped like a real one (the generator's skewed profile): a filter that
//! selects few rows is answered through an index, never by reading a whole table.

mod common;

use common::TestDb;
use inventree_mcp::db;
use inventree_mcp::generate::{self, HOT_CATEGORY, HOT_LOCATIONS, Profile, SMALL_SUBTREE};
use serde_json::Value;
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
