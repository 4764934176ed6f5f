//! `inventree-mcp generate`: a large, deterministic inventory for benchmarks, on top of the
//! demo database (its users and tokens included).

use std::time::Instant;

use sqlx::{AssertSqlSafe, Connection, Executor, PgConnection, raw_sql};

use crate::demo;

const LARGE_SQL: &str = include_str!("generate/large.sql");

/// How parts spread over categories and stock items over locations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Profile {
    /// Evenly: parts over 480 categories, stock items over 1,990 locations.
    Even,
    /// As real inventories grow: every part in one of 27 categories (the first holding about
    /// a fifth of them, the last about 2%); a quarter of the stock items in one shelf
    /// (`HOT_LOCATIONS[0]`), then 22%, 18% and 15% in three more beside it, 0.9% spread over
    /// one small subtree (`SMALL_SUBTREE`, 73 locations), the rest over 600 others.
    Skewed,
}

/// The four locations holding most of the skewed profile's stock, largest first (leaves
/// under location 2249, itself under root 2003).
pub const HOT_LOCATIONS: [i32; 4] = [2000 + 1997, 2000 + 1998, 2000 + 1999, 2000 + 2000];
/// The skewed profile's small subtree: location 2011, its 8 children and 64 grandchildren.
pub const SMALL_SUBTREE: i32 = 2000 + 11;
/// The skewed profile's largest category (about a fifth of the generated parts).
pub const HOT_CATEGORY: i32 = 1000 + 26;

impl Profile {
    /// The database `generate` fills by default, and the benchmark reads.
    pub fn database(self) -> &'static str {
        match self {
            Profile::Even => "inventree_mcp_large",
            Profile::Skewed => "inventree_mcp_skewed",
        }
    }

    /// The SQL expressions placing part `i` in a category and stock item `j` in a location.
    fn expressions(self) -> (&'static str, &'static str) {
        match self {
            Profile::Even => (
                "1000 + 21 + (i % 480)",
                "2000 + 11 + ((j::bigint * 104729) % 1990)",
            ),
            // Categories 26..52 are level-2 nodes; squaring a uniform number in [0, 1)
            // favours the first. Locations 1997..2000 are leaves; 11's subtree is 91..98 and
            // their children 731..794; 100..699 lie outside it.
            Profile::Skewed => (
                "1000 + 26 + floor(27 * power(((i::bigint * 7919) % 10007) / 10007.0, 2))::int",
                "CASE WHEN j % 100 < 25 THEN 2000 + 1997 WHEN j % 100 < 47 THEN 2000 + 1998 \
                      WHEN j % 100 < 65 THEN 2000 + 1999 WHEN j % 100 < 80 THEN 2000 + 2000 \
                      WHEN j % 1000 >= 991 THEN CASE \
                          WHEN (j / 1000 + j) % 73 = 0 THEN 2000 + 11 \
                          WHEN (j / 1000 + j) % 73 <= 8 THEN 2000 + 90 + (j / 1000 + j) % 73 \
                          ELSE 2000 + 722 + (j / 1000 + j) % 73 END \
                      ELSE 2000 + 100 + ((j::bigint * 104729) % 600) END",
            ),
        }
    }
}

/// Adds `parts` parts (at least 10, a multiple of 10) and `stock_items` stock items, with
/// 500 categories, 2,000 locations, BOMs three levels deep, purchase orders and tags, to a
/// database holding the demo inventory, spread as `profile` says.
pub async fn fill(
    conn: &mut PgConnection,
    parts: u32,
    stock_items: u32,
    profile: Profile,
) -> anyhow::Result<()> {
    anyhow::ensure!(
        parts >= 10 && parts.is_multiple_of(10),
        "--parts must be a multiple of 10, at least 10"
    );
    let (category_of_part, location_of_item) = profile.expressions();
    let script = LARGE_SQL
        .replace("{PARTS}", &parts.to_string())
        .replace("{STOCK_ITEMS}", &stock_items.to_string())
        .replace("{CATEGORY_OF_PART}", category_of_part)
        .replace("{LOCATION_OF_ITEM}", location_of_item);
    let mut tx = conn.begin().await?;
    tx.execute(raw_sql(AssertSqlSafe(script))).await?;
    tx.commit().await?;
    // Vacuumed as autovacuum keeps a live database: the visibility map lets counts read
    // indexes alone.
    conn.execute("VACUUM ANALYZE").await?;
    Ok(())
}

/// (Re-)creates `database` with the demo inventory, then fills it. Returns its URL.
pub async fn create(
    server_url: &str,
    database: &str,
    parts: u32,
    stock_items: u32,
    profile: Profile,
) -> anyhow::Result<String> {
    let started = Instant::now();
    let url = demo::create(server_url, database).await?;
    let mut conn = PgConnection::connect(&url).await?;
    fill(&mut conn, parts, stock_items, profile).await?;
    conn.close().await?;
    tracing::info!(
        database,
        parts,
        stock_items,
        ?profile,
        seconds = started.elapsed().as_secs_f64(),
        "generated"
    );
    Ok(url)
}
