//! `inventree-mcp generate`: a large, deterministic inventory for benchmarks, on top of the
//! demo database (its users and tokens included).

use std::time::Instant;

use sqlx::{AssertSqlSafe, Connection, Executor, PgConnection, raw_sql};

use crate::demo;

const LARGE_SQL: &str = include_str!("generate/large.sql");

/// Adds `parts` parts (at least 10, a multiple of 10) and `stock_items` stock items, with
/// 500 categories, 2,000 locations, BOMs three levels deep, purchase orders and tags, to a
/// database holding the demo inventory.
pub async fn fill(conn: &mut PgConnection, parts: u32, stock_items: u32) -> anyhow::Result<()> {
    anyhow::ensure!(
        parts >= 10 && parts.is_multiple_of(10),
        "--parts must be a multiple of 10, at least 10"
    );
    let script = LARGE_SQL
        .replace("{PARTS}", &parts.to_string())
        .replace("{STOCK_ITEMS}", &stock_items.to_string());
    let mut tx = conn.begin().await?;
    tx.execute(raw_sql(AssertSqlSafe(script))).await?;
    tx.commit().await?;
    conn.execute("ANALYZE").await?;
    Ok(())
}

/// (Re-)creates `database` with the demo inventory, then fills it. Returns its URL.
pub async fn create(
    server_url: &str,
    database: &str,
    parts: u32,
    stock_items: u32,
) -> anyhow::Result<String> {
    let started = Instant::now();
    let url = demo::create(server_url, database).await?;
    let mut conn = PgConnection::connect(&url).await?;
    fill(&mut conn, parts, stock_items).await?;
    conn.close().await?;
    tracing::info!(
        database,
        parts,
        stock_items,
        seconds = started.elapsed().as_secs_f64(),
        "generated"
    );
    Ok(url)
}
