//! The benchmark generator: a valid InvenTree inventory (trees, paths, BOMs) at any size.

use crate::common;

use common::{TestApp, TestDb};
use serde_json::json;
use sqlx::{AssertSqlSafe, PgPool};

async fn scalar(pool: &PgPool, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

#[tokio::test]
async fn generated_inventory_is_valid() {
    let db = TestDb::new().await;
    let mut conn = db.pool.acquire().await.unwrap();
    inventree_mcp::generate::fill(&mut conn, 500, 5000, inventree_mcp::generate::Profile::Even)
        .await
        .unwrap();
    drop(conn);
    let pool = &db.pool;
    assert_eq!(
        scalar(pool, "SELECT count(*) FROM part_part").await,
        30 + 500
    );
    assert_eq!(
        scalar(pool, "SELECT count(*) FROM part_partcategory").await,
        11 + 500
    );
    assert_eq!(
        scalar(pool, "SELECT count(*) FROM stock_stocklocation").await,
        8 + 2000
    );
    assert_eq!(
        scalar(pool, "SELECT count(*) FROM stock_stockitem").await,
        40 + 5000
    );
    // Nested sets agree with the parent links, in every tree table.
    for (table, parent) in [
        ("part_partcategory", "parent_id"),
        ("stock_stocklocation", "parent_id"),
        ("part_part", "variant_of_id"),
        ("stock_stockitem", "parent_id"),
    ] {
        let broken: i64 = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT count(*) FROM {table} c JOIN {table} p ON p.id = c.{parent}
             WHERE c.tree_id <> p.tree_id OR c.lft <= p.lft OR c.rght >= p.rght OR c.level <> p.level + 1"
        )))
        .fetch_one(pool)
        .await
        .unwrap();
        assert_eq!(broken, 0, "{table}");
        let shared_roots: i64 = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT count(*) FROM (SELECT tree_id FROM {table} WHERE {parent} IS NULL
             GROUP BY tree_id HAVING count(*) > 1) t"
        )))
        .fetch_one(pool)
        .await
        .unwrap();
        assert_eq!(shared_roots, 0, "{table}");
        let bad_size: i64 = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT count(*) FROM {table} n WHERE n.rght - n.lft + 1 <>
             2 * (SELECT count(*) FROM {table} d WHERE d.tree_id = n.tree_id AND d.lft BETWEEN n.lft AND n.rght)"
        )))
        .fetch_one(pool)
        .await
        .unwrap();
        assert_eq!(bad_size, 0, "{table}");
    }
    assert_eq!(
        scalar(pool, "SELECT max(level)::int8 FROM part_partcategory").await,
        4
    );
    assert_eq!(
        scalar(pool, "SELECT max(level)::int8 FROM stock_stocklocation").await,
        3
    );

    let app = TestApp::serve(db, |_| {}).await;
    let tree = app
        .call("get_category_tree", json!({"root_id": 1001}))
        .await;
    let subtree = app.call("get_category", json!({"category_id": 1001})).await;
    assert_eq!(
        tree["count"].as_i64().unwrap(),
        subtree["subcategories"].as_i64().unwrap() + 1
    );
    assert_eq!(subtree["pathstring"], "Category 1");
    // Three BOM levels: part 100 takes assemblies 80 and 60, which take five parts each.
    let bom = app
        .call("get_bom_for_part", json!({"part_id": 100100, "levels": 0}))
        .await;
    let depths: Vec<i64> = bom["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["depth"].as_i64().unwrap())
        .collect();
    assert_eq!(depths.iter().filter(|d| **d == 1).count(), 7);
    assert_eq!(depths.iter().filter(|d| **d == 2).count(), 10);
    let pivot = app.call("stock_pivot", json!({"limit": 1})).await;
    let in_stock: f64 = sqlx::query_scalar(
        "SELECT sum(quantity)::float8 FROM stock_stockitem WHERE quantity > 0 AND sales_order_id IS NULL
         AND belongs_to_id IS NULL AND customer_id IS NULL AND consumed_by_id IS NULL AND NOT is_building
         AND status IN (10, 50, 55, 85)",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(pivot["grand_total"], in_stock);
}
