//! Tool calls over real HTTP against the release server, side by side with the same SQL run
//! directly, at 1 and 8 clients.
//!
//!     DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres cargo bench --bench mcp
//!
//! Builds the demo database `inventree_mcp_bench` on that server, starts the server binary on
//! it (token auth, logging at its default level) and measures single-row tools at 1 and 8
//! clients. Then, on the generated inventory `inventree_mcp_large` (100,000 parts, 1,000,000
//! stock items; generated first if it is missing), measures the list, search, tree and BOM
//! tools, the planning tools and the batch filter at 1 and 8 clients, the pivots at 8; then, on
//! the skewed inventory `inventree_mcp_skewed` (`generate --profile skewed`, made first if it
//! is missing), the lists by a huge and a small location and category, deep pages by offset
//! and by cursor, at 1 and 8. Prints the tables and writes them to docs/benchmarks.md.
//! BENCH_SECONDS sets each measurement's length (default 5); BENCH_LARGE=0 skips the large
//! inventory.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use inventree_mcp::{db, demo, generate};
use serde_json::{Value, json};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgConnection, PgPool};
use std::str::FromStr;

/// One measured case: a tool with its arguments, and the SQL it runs.
struct Case {
    tool: &'static str,
    arguments: Value,
    raw: Raw,
}

#[derive(Clone, Copy)]
enum Raw {
    Part,
    StockItem,
    Location {
        id: i32,
    },
    /// list_parts: a category (with its subcategories), an offset, a cursor.
    ListParts {
        category: Option<i32>,
        offset: i64,
        after: Option<i32>,
    },
    SearchParts,
    /// list_stock_items: a location (with its sublocations).
    ListStock {
        location: Option<i32>,
    },
    CategoryTree,
    Bom,
    /// stock_pivot: the whole inventory, or a category or location with its subtree.
    Pivot {
        max_depth: Option<i32>,
        category: Option<i32>,
        location: Option<i32>,
    },
    ListStockBatch,
    CanBuild,
    BomCost,
    WhereUsed,
    LowStock,
    Shortages {
        plan: bool,
    },
}

/// Decoded as the server decodes them, without naming the server's private row types.
type PivotRow = Value;
type ParameterBrief = Value;
type LowStockPart = Value;

/// The generated assembly with a three-level BOM measured at scale.
const LARGE_ASSEMBLY: i32 = 102_000;
/// A component at the bottom of LARGE_ASSEMBLY's BOM, two levels down (through 101,980).
const LARGE_COMPONENT: i32 = 101_979;
/// A demo category (Resistors) among the generated ones: a handful of parts and items.
const SMALL_CATEGORY: i32 = 3;
/// A generated batch code: 1,000 of the million stock items carry it.
const LARGE_BATCH: &str = "B7";

impl Raw {
    /// What tells the row apart from another of the same tool.
    fn label(self) -> String {
        match self {
            Raw::ListStockBatch => " (batch)".into(),
            Raw::ListStock {
                location: Some(location),
            } => format!(" (location {location})"),
            Raw::ListParts {
                category: Some(category),
                ..
            } => format!(" (category {category})"),
            Raw::ListParts { offset, .. } if offset > 0 => format!(" (offset {offset})"),
            Raw::ListParts {
                after: Some(after), ..
            } => format!(" (cursor after {after})"),
            Raw::Location { id } if id != 1 => format!(" (location {id})"),
            Raw::Pivot {
                category: Some(category),
                ..
            } => format!(" (category {category})"),
            Raw::Pivot {
                location: Some(location),
                ..
            } => format!(" (location {location})"),
            _ => String::new(),
        }
    }

    async fn run(self, pool: &PgPool) -> Result<(), sqlx::Error> {
        match self {
            Raw::Part => {
                sqlx::query_file!("queries/parts/details.sql", &[1][..])
                    .fetch_all(pool)
                    .await?;
            }
            Raw::StockItem => {
                sqlx::query_file!("queries/stock/details.sql", &[1][..])
                    .fetch_all(pool)
                    .await?;
                sqlx::query_file!("queries/stock/tracking.sql", 1, 10i64)
                    .fetch_all(pool)
                    .await?;
            }
            Raw::Location { id } => {
                sqlx::query_file!("queries/locations/details.sql", &[id][..])
                    .fetch_all(pool)
                    .await?;
            }
            Raw::ListParts {
                category,
                offset,
                after,
            } => {
                let categories = match category {
                    Some(category) => Some(
                        sqlx::query_file_scalar!(
                            "queries/trees/category_subtree.sql",
                            category,
                            true
                        )
                        .fetch_one(pool)
                        .await?,
                    ),
                    None => None,
                };
                let found = {
                    let mut conn = pool.acquire().await?;
                    db::custom_plans(&mut conn, async |conn: &mut PgConnection| {
                        sqlx::query_file_scalar!(
                            "queries/parts/list.sql",
                            categories.as_deref(),
                            None::<bool>,
                            None::<&[i32]>,
                            51,
                            offset,
                            after,
                            offset + 10_051
                        )
                        .persistent(false)
                        .fetch_one(conn)
                        .await
                    })
                    .await?
                };
                sqlx::query_file!("queries/parts/details.sql", &found[1..found.len().min(51)])
                    .fetch_all(pool)
                    .await?;
            }
            Raw::SearchParts => {
                let found = sqlx::query_file!(
                    "queries/parts/search.sql",
                    &["%resistor%".to_string()][..],
                    50,
                    0
                )
                .fetch_one(pool)
                .await?;
                sqlx::query_file!("queries/parts/details.sql", &found.ids)
                    .fetch_all(pool)
                    .await?;
            }
            Raw::ListStock { location } => {
                let locations = match location {
                    Some(location) => Some(
                        sqlx::query_file_scalar!(
                            "queries/trees/location_subtree.sql",
                            location,
                            true
                        )
                        .fetch_one(pool)
                        .await?,
                    ),
                    None => None,
                };
                // The tool reads one id past the page, to tell whether more follow.
                let page: i64 = if location.is_some() { 50 } else { 100 };
                let found = {
                    let mut conn = pool.acquire().await?;
                    db::custom_plans(&mut conn, async |conn: &mut PgConnection| {
                        sqlx::query_file_scalar!(
                            "queries/stock/list.sql",
                            None::<&[i32]>,
                            locations.as_deref(),
                            None::<bool>,
                            page + 1,
                            0,
                            page + 10_001,
                            None::<&str>,
                            None::<&[String]>,
                            &[][..],
                            &[][..],
                            None::<i32>
                        )
                        .persistent(false)
                        .fetch_one(conn)
                        .await
                    })
                    .await?
                };
                let ids = &found[1..found.len().min(page as usize + 1)];
                sqlx::query_file!("queries/stock/details.sql", ids)
                    .fetch_all(pool)
                    .await?;
            }
            Raw::CategoryTree => {
                sqlx::query_file!("queries/categories/tree.sql", None::<i32>)
                    .fetch_all(pool)
                    .await?;
            }
            Raw::Bom => {
                sqlx::query_file_scalar!("queries/bom/part_name.sql", LARGE_ASSEMBLY)
                    .fetch_one(pool)
                    .await?;
                let rows = sqlx::query_file!("queries/bom/explode.sql", LARGE_ASSEMBLY, 1.0, 0)
                    .fetch_all(pool)
                    .await?;
                let direct: Vec<i32> = rows
                    .iter()
                    .filter(|r| r.depth == 1)
                    .map(|r| r.bom_item)
                    .collect();
                sqlx::query_file!("queries/bom/items.sql", &direct, 1.0)
                    .fetch_all(pool)
                    .await?;
            }
            Raw::Pivot {
                max_depth,
                category,
                location,
            } => {
                let mut conn = pool.acquire().await?;
                let categories = match category {
                    Some(category) => Some(
                        sqlx::query_file_scalar!(
                            "queries/trees/category_subtree.sql",
                            category,
                            true
                        )
                        .fetch_one(&mut *conn)
                        .await?,
                    ),
                    None => None,
                };
                let locations = match location {
                    Some(location) => Some(
                        sqlx::query_file_scalar!(
                            "queries/trees/location_subtree.sql",
                            location,
                            true
                        )
                        .fetch_one(&mut *conn)
                        .await?,
                    ),
                    None => None,
                };
                db::custom_plans(&mut conn, async |conn: &mut PgConnection| {
                    sqlx::query_file!(
                        "queries/pivot/pivot.sql",
                        category,
                        location,
                        max_depth,
                        1000,
                        0,
                        categories.as_deref(),
                        locations.as_deref()
                    )
                    .fetch_one(conn)
                    .await
                })
                .await?;
            }
            Raw::ListStockBatch => {
                let found = {
                    let mut conn = pool.acquire().await?;
                    db::custom_plans(&mut conn, async |conn: &mut PgConnection| {
                        sqlx::query_file_scalar!(
                            "queries/stock/list.sql",
                            None::<&[i32]>,
                            None::<&[i32]>,
                            None::<bool>,
                            100,
                            0,
                            10_101,
                            Some(LARGE_BATCH),
                            None::<&[String]>,
                            &[][..],
                            &[][..],
                            None::<i32>
                        )
                        .persistent(false)
                        .fetch_one(conn)
                        .await
                    })
                    .await?
                };
                sqlx::query_file!("queries/stock/details.sql", &found[1..])
                    .fetch_all(pool)
                    .await?;
            }
            Raw::CanBuild => {
                // As the tool loads the graph: one query per BOM level.
                sqlx::query_file_scalar!("queries/bom/part_name.sql", LARGE_ASSEMBLY)
                    .fetch_one(pool)
                    .await?;
                let mut seen = std::collections::HashSet::from([LARGE_ASSEMBLY]);
                let mut frontier = vec![LARGE_ASSEMBLY];
                while !frontier.is_empty() {
                    let rows = sqlx::query_file!("queries/planning/lines.sql", &frontier)
                        .fetch_all(pool)
                        .await?;
                    frontier = rows
                        .iter()
                        .filter(|r| r.has_bom && seen.insert(r.sub_part))
                        .map(|r| r.sub_part)
                        .collect();
                }
            }
            Raw::BomCost => {
                sqlx::query_file_scalar!("queries/bom/part_name.sql", LARGE_ASSEMBLY)
                    .fetch_one(pool)
                    .await?;
                sqlx::query_file!("queries/sourcing/exchange_rates.sql")
                    .fetch_one(pool)
                    .await?;
                // For the quantity (1 by default) and for one unit: the tool prices both.
                for _ in 0..2 {
                    let rows = sqlx::query_file!("queries/bom/explode.sql", LARGE_ASSEMBLY, 1.0, 0)
                        .fetch_all(pool)
                        .await?;
                    let mut leaves = std::collections::BTreeMap::<i32, f64>::new();
                    for row in rows.iter().filter(|r| !r.has_children) {
                        *leaves.entry(row.sub_part).or_default() += row.required;
                    }
                    let (parts, quantities): (Vec<i32>, Vec<f64>) = leaves.into_iter().unzip();
                    sqlx::query_file!("queries/sourcing/supplier_prices.sql", &parts, &quantities)
                        .fetch_all(pool)
                        .await?;
                    sqlx::query_file!("queries/planning/internal_prices.sql", &parts, &quantities)
                        .fetch_all(pool)
                        .await?;
                }
                sqlx::query_file!("queries/planning/cached_bom_cost.sql", LARGE_ASSEMBLY)
                    .fetch_optional(pool)
                    .await?;
            }
            Raw::WhereUsed => {
                sqlx::query_file_scalar!("queries/bom/part_name.sql", LARGE_COMPONENT)
                    .fetch_one(pool)
                    .await?;
                let rows = sqlx::query_file!("queries/planning/where_used.sql", LARGE_COMPONENT)
                    .fetch_all(pool)
                    .await?;
                let assemblies: std::collections::BTreeSet<i32> =
                    rows.iter().map(|r| r.assembly).collect();
                let mut assemblies: Vec<i32> = assemblies.into_iter().collect();
                let direct: std::collections::BTreeSet<i32> = rows
                    .iter()
                    .filter_map(|r| r.bom_items.last().copied())
                    .collect();
                let direct: Vec<i32> = direct.into_iter().collect();
                sqlx::query_file!(
                    "queries/planning/where_used_builds.sql",
                    &assemblies,
                    &direct
                )
                .fetch_all(pool)
                .await?;
                assemblies.push(LARGE_COMPONENT);
                sqlx::query_file!("queries/planning/where_used_sales.sql", &assemblies)
                    .fetch_all(pool)
                    .await?;
            }
            Raw::Shortages { plan } => {
                // As the tool: the demand (or the plan), each part's supply, the graph one
                // query per level, the supply of the parts it adds, exchange rates, prices.
                let mut parts: Vec<i32> = if plan {
                    vec![LARGE_ASSEMBLY]
                } else {
                    sqlx::query_file!("queries/planning/demand.sql")
                        .fetch_all(pool)
                        .await?
                        .into_iter()
                        .map(|r| r.part)
                        .collect()
                };
                parts.sort();
                parts.dedup();
                let supply = sqlx::query_file!("queries/planning/supply.sql", &parts)
                    .fetch_all(pool)
                    .await?;
                let mut seen: std::collections::HashSet<i32> = parts.iter().copied().collect();
                let mut frontier: Vec<i32> = supply
                    .iter()
                    .filter(|r| r.has_bom && !r.purchaseable)
                    .map(|r| r.id)
                    .collect();
                let mut added = Vec::new();
                while !frontier.is_empty() {
                    let rows = sqlx::query_file!("queries/planning/lines.sql", &frontier)
                        .fetch_all(pool)
                        .await?;
                    frontier = Vec::new();
                    for row in rows {
                        if seen.insert(row.sub_part) {
                            added.push(row.sub_part);
                            if row.has_bom && !row.sub_part_purchaseable {
                                frontier.push(row.sub_part);
                            }
                        }
                    }
                }
                sqlx::query_file!("queries/planning/supply.sql", &added)
                    .fetch_all(pool)
                    .await?;
                sqlx::query_file!("queries/sourcing/exchange_rates.sql")
                    .fetch_one(pool)
                    .await?;
                let quantities = vec![10.0; added.len()];
                sqlx::query_file!("queries/sourcing/supplier_prices.sql", &added, &quantities)
                    .fetch_all(pool)
                    .await?;
            }
            Raw::LowStock => {
                sqlx::query_file!(
                    "queries/planning/low_stock.sql",
                    None::<i32>,
                    None::<bool>,
                    100,
                    0
                )
                .fetch_one(pool)
                .await?;
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Era {
    Legacy,
    Stateless,
}

struct Stats {
    errors: usize,
    per_second: f64,
    p50: Duration,
    p95: Duration,
    p99: Duration,
}

fn stats(mut latencies: Vec<Duration>, errors: usize, elapsed: Duration) -> Stats {
    latencies.sort();
    let at = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    Stats {
        errors,
        per_second: latencies.len() as f64 / elapsed.as_secs_f64(),
        p50: at(0.50),
        p95: at(0.95),
        p99: at(0.99),
    }
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1e3)
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Server {
    fn peak_rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.0.id())).ok()?;
        status
            .lines()
            .find(|l| l.starts_with("VmHWM:"))?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    }
}

fn body(era: Era, case: &Case) -> (Value, Vec<(&'static str, String)>) {
    let mut params = json!({"name": case.tool, "arguments": case.arguments});
    let mut headers = vec![("Authorization", format!("Token {}", demo::DEMO_TOKEN))];
    match era {
        Era::Legacy => headers.push(("MCP-Protocol-Version", "2025-11-25".into())),
        Era::Stateless => {
            headers.push(("MCP-Protocol-Version", "2026-07-28".into()));
            headers.push(("Mcp-Method", "tools/call".into()));
            headers.push(("Mcp-Name", case.tool.into()));
            params["_meta"] = json!({
                "io.modelcontextprotocol/protocolVersion": "2026-07-28",
                "io.modelcontextprotocol/clientCapabilities": {}
            });
        }
    }
    (
        json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": params}),
        headers,
    )
}

/// Runs `clients` callers side by side for `length`, each repeating its call (made by
/// `per_client`, once per caller) and timing the successful ones.
async fn measure<C, F>(clients: usize, length: Duration, mut per_client: impl FnMut() -> C) -> Stats
where
    C: FnMut() -> F + Send + 'static,
    F: Future<Output = bool> + Send,
{
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let mut call = per_client();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0;
                while started.elapsed() < length {
                    let at = Instant::now();
                    if call().await {
                        latencies.push(at.elapsed());
                    } else {
                        errors += 1;
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (l, e) = task.await.unwrap();
        latencies.extend(l);
        errors += e;
    }
    stats(latencies, errors, started.elapsed())
}

/// HTTP clients, each on its own keep-alive connection, calling the tool.
async fn drive(url: &str, era: Era, case: &Case, clients: usize, length: Duration) -> Stats {
    let (payload, headers) = body(era, case);
    let payload = serde_json::to_vec(&payload).unwrap();
    measure(clients, length, || {
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(1)
            .build()
            .unwrap();
        let (url, payload, headers) = (url.to_string(), payload.clone(), headers.clone());
        move || {
            let mut request = client
                .post(&url)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream");
            for (name, value) in &headers {
                request = request.header(*name, value);
            }
            let request = request.body(payload.clone());
            async move {
                match request.send().await {
                    Ok(response) if response.status().is_success() => response
                        .bytes()
                        .await
                        .is_ok_and(|b| !b.windows(14).any(|w| w == b"\"isError\":true")),
                    _ => false,
                }
            }
        }
    })
    .await
}

/// The same SQL straight through sqlx, `clients` at a time.
async fn drive_raw(pool: &PgPool, raw: Raw, clients: usize, length: Duration) -> Stats {
    measure(clients, length, || {
        let pool = pool.clone();
        move || {
            let pool = pool.clone();
            async move { raw.run(&pool).await.is_ok() }
        }
    })
    .await
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run());
}

/// The release server on `database_url`, and a raw pool with its session settings.
async fn start(database_url: &str) -> (Server, String, PgPool) {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let server = Server(
        Command::new(env!("CARGO_BIN_EXE_inventree-mcp"))
            .arg("serve")
            .env("INVENTREE_MCP_DATABASE_URL", database_url)
            .env("INVENTREE_MCP_LISTEN", format!("127.0.0.1:{port}"))
            .env("INVENTREE_MCP_POOL_SIZE", "8")
            .env("INVENTREE_MCP_STATEMENT_TIMEOUT_MS", "60000")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the server"),
    );
    let endpoint = format!("http://127.0.0.1:{port}/mcp");
    let probe = reqwest::Client::new();
    for _ in 0..100 {
        if probe.get(&endpoint).send().await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The server's own session settings: generic plans, no JIT, no ping per acquire.
    let options = PgConnectOptions::from_str(database_url)
        .unwrap()
        .options([("plan_cache_mode", "force_generic_plan"), ("jit", "off")]);
    let raw_pool = PgPoolOptions::new()
        .max_connections(8)
        .test_before_acquire(false)
        .connect_with(options)
        .await
        .unwrap();
    (server, endpoint, raw_pool)
}

/// Measures each case over HTTP and as raw SQL, returning the table rows.
async fn table(
    endpoint: &str,
    raw_pool: &PgPool,
    cases: &[Case],
    eras: &[Era],
    client_counts: &[usize],
    length: Duration,
) -> Vec<String> {
    let mut rows = Vec::new();
    for case in cases {
        for &era in eras {
            if era == Era::Legacy && case.tool != "get_part" {
                continue;
            }
            for &clients in client_counts {
                // Warm-up: connections, prepared statements, caches.
                drive(endpoint, era, case, clients, Duration::from_millis(500)).await;
                drive_raw(raw_pool, case.raw, clients, Duration::from_millis(500)).await;
                let mcp = drive(endpoint, era, case, clients, length).await;
                let raw = drive_raw(raw_pool, case.raw, clients, length).await;
                let era_name = if era == Era::Legacy {
                    "2025-11-25"
                } else {
                    "2026-07-28"
                };
                let row = format!(
                    "| {}{} | {era_name} | {clients} | {:.0} | {} | {} | {} | {:.0} | {} | {} | {:.0}% | +{} | {} |",
                    case.tool,
                    case.raw.label(),
                    mcp.per_second,
                    ms(mcp.p50),
                    ms(mcp.p95),
                    ms(mcp.p99),
                    raw.per_second,
                    ms(raw.p50),
                    ms(raw.p95),
                    100.0 * mcp.per_second / raw.per_second,
                    ms(mcp.p50.saturating_sub(raw.p50)),
                    mcp.errors + raw.errors,
                );
                println!("{row}");
                rows.push(row);
            }
        }
    }
    rows
}

fn rss(server: &Server) -> String {
    server
        .peak_rss_kib()
        .map_or("unknown".into(), |k| format!("{:.1} MB", k as f64 / 1024.0))
}

const HEADER: &str = "| tool | protocol | clients | calls/s | p50 ms | p95 ms | p99 ms | raw SQL calls/s | raw p50 ms | raw p95 ms | of raw | p50 overhead ms | errors |\n\
     | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |";

/// The URL of `profile`'s generated inventory (100,000 parts, 1,000,000 stock items), made
/// first if it is missing.
async fn generated(server_url: &str, profile: generate::Profile) -> String {
    let database = profile.database();
    let url = format!("{}/{database}", server_url.rsplit_once('/').unwrap().0);
    let parts: i64 = match PgPool::connect(&url).await {
        Ok(pool) => sqlx::query_scalar("SELECT count(*) FROM part_part")
            .fetch_one(&pool)
            .await
            .unwrap_or(0),
        Err(_) => 0,
    };
    if parts < 100_000 {
        println!("generating {database} (100,000 parts, 1,000,000 stock items, {profile:?})");
        generate::create(server_url, database, 100_000, 1_000_000, profile)
            .await
            .unwrap();
    }
    url
}

async fn run() {
    let server_url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let seconds: u64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let large = std::env::var("BENCH_LARGE").map_or(true, |v| v != "0");
    let length = Duration::from_secs(seconds);
    let url = demo::create(&server_url, "inventree_mcp_bench")
        .await
        .unwrap();
    let (server, endpoint, raw_pool) = start(&url).await;
    let cases = [
        Case {
            tool: "get_part",
            arguments: json!({"part_id": 1}),
            raw: Raw::Part,
        },
        Case {
            tool: "get_stock_item",
            arguments: json!({"stock_item_id": 1}),
            raw: Raw::StockItem,
        },
        Case {
            tool: "get_location",
            arguments: json!({"location_id": 1}),
            raw: Raw::Location { id: 1 },
        },
    ];
    let rows = table(
        &endpoint,
        &raw_pool,
        &cases,
        &[Era::Stateless, Era::Legacy],
        &[1, 8],
        length,
    )
    .await;
    let demo_rss = rss(&server);
    println!("server peak RSS: {demo_rss}");
    drop(server);

    let mut large_section = String::new();
    if large {
        let large_url = generated(&server_url, generate::Profile::Even).await;
        let (server, endpoint, raw_pool) = start(&large_url).await;
        let cases = [
            Case {
                tool: "list_parts",
                arguments: json!({"limit": 50}),
                raw: Raw::ListParts {
                    category: None,
                    offset: 0,
                    after: None,
                },
            },
            Case {
                tool: "search_parts",
                arguments: json!({"query": "resistor"}),
                raw: Raw::SearchParts,
            },
            Case {
                tool: "list_stock_items",
                arguments: json!({}),
                raw: Raw::ListStock { location: None },
            },
            Case {
                tool: "get_category_tree",
                arguments: json!({}),
                raw: Raw::CategoryTree,
            },
            Case {
                tool: "get_bom_for_part",
                arguments: json!({"part_id": LARGE_ASSEMBLY, "levels": 0}),
                raw: Raw::Bom,
            },
        ];
        // The list, tree and BOM tools at one client too (the targets' figure), the pivots
        // (seconds each) at eight.
        let mut rows = table(
            &endpoint,
            &raw_pool,
            &cases,
            &[Era::Stateless],
            &[1, 8],
            length,
        )
        .await;
        let pivots = [
            Case {
                tool: "stock_pivot",
                arguments: json!({}),
                raw: Raw::Pivot {
                    max_depth: None,
                    category: None,
                    location: None,
                },
            },
            Case {
                tool: "stock_by_category_and_location",
                arguments: json!({"max_depth": 1}),
                raw: Raw::Pivot {
                    max_depth: Some(1),
                    category: None,
                    location: None,
                },
            },
        ];
        rows.extend(
            table(
                &endpoint,
                &raw_pool,
                &pivots,
                &[Era::Stateless],
                &[8],
                length,
            )
            .await,
        );
        // The planning tools and the stock filters, at one client too: the target is
        // an answer under 100 ms at one client for a three-level assembly.
        let planning = [
            Case {
                tool: "list_stock_items",
                arguments: json!({"batch": LARGE_BATCH}),
                raw: Raw::ListStockBatch,
            },
            Case {
                tool: "can_build",
                arguments: json!({"part_id": LARGE_ASSEMBLY, "levels": 0}),
                raw: Raw::CanBuild,
            },
            Case {
                tool: "bom_cost",
                arguments: json!({"part_id": LARGE_ASSEMBLY}),
                raw: Raw::BomCost,
            },
            Case {
                tool: "where_used",
                arguments: json!({"part_id": LARGE_COMPONENT}),
                raw: Raw::WhereUsed,
            },
            Case {
                tool: "low_stock",
                arguments: json!({}),
                raw: Raw::LowStock,
            },
            Case {
                tool: "shortages",
                arguments: json!({"plan": [{"part_id": LARGE_ASSEMBLY, "quantity": 10}]}),
                raw: Raw::Shortages { plan: true },
            },
            Case {
                tool: "shortages",
                arguments: json!({}),
                raw: Raw::Shortages { plan: false },
            },
        ];
        rows.extend(
            table(
                &endpoint,
                &raw_pool,
                &planning,
                &[Era::Stateless],
                &[1, 8],
                length,
            )
            .await,
        );
        let large_rss = rss(&server);
        println!("server peak RSS: {large_rss}");
        large_section = format!(
            "\n## 100,000 parts, 1,000,000 stock items\n\n\
             `inventree-mcp generate` (500 categories five levels deep, 2,000 locations, BOMs three\n\
             levels deep, stock in every status). InvenTree's own indexes only. 1 and 8 clients\n\
             (the pivots at 8); the planning tools on assembly {LARGE_ASSEMBLY} and component\n\
             {LARGE_COMPONENT}.\n\n\
             {HEADER}\n{}\n\nServer peak RSS: {large_rss}.\n",
            rows.join("\n")
        );
        drop(server);

        let skewed_url = generated(&server_url, generate::Profile::Skewed).await;
        let (server, endpoint, raw_pool) = start(&skewed_url).await;
        let hot_location = generate::HOT_LOCATIONS[0];
        let small_subtree = generate::SMALL_SUBTREE;
        let hot_category = generate::HOT_CATEGORY;
        let cases = [
            Case {
                tool: "list_stock_items",
                arguments: json!({"location_id": hot_location, "limit": 50}),
                raw: Raw::ListStock {
                    location: Some(hot_location),
                },
            },
            Case {
                tool: "list_stock_items",
                arguments: json!({"location_id": small_subtree, "limit": 50}),
                raw: Raw::ListStock {
                    location: Some(small_subtree),
                },
            },
            Case {
                tool: "list_parts",
                arguments: json!({"category_id": hot_category, "limit": 50}),
                raw: Raw::ListParts {
                    category: Some(hot_category),
                    offset: 0,
                    after: None,
                },
            },
            Case {
                tool: "list_parts",
                arguments: json!({"limit": 50, "offset": 50_000}),
                raw: Raw::ListParts {
                    category: None,
                    offset: 50_000,
                    after: None,
                },
            },
            Case {
                tool: "list_parts",
                arguments: json!({"limit": 50, "cursor": "after:150000"}),
                raw: Raw::ListParts {
                    category: None,
                    offset: 0,
                    after: Some(150_000),
                },
            },
            Case {
                tool: "get_location",
                arguments: json!({"location_id": 2003}),
                raw: Raw::Location { id: 2003 },
            },
            Case {
                tool: "search_parts",
                arguments: json!({"query": "resistor"}),
                raw: Raw::SearchParts,
            },
            Case {
                tool: "stock_pivot",
                arguments: json!({"location_id": small_subtree}),
                raw: Raw::Pivot {
                    max_depth: None,
                    category: None,
                    location: Some(small_subtree),
                },
            },
            Case {
                tool: "stock_pivot",
                arguments: json!({"category_id": SMALL_CATEGORY}),
                raw: Raw::Pivot {
                    max_depth: None,
                    category: Some(SMALL_CATEGORY),
                    location: None,
                },
            },
        ];
        let rows = table(
            &endpoint,
            &raw_pool,
            &cases,
            &[Era::Stateless],
            &[1, 8],
            length,
        )
        .await;
        let skewed_rss = rss(&server);
        println!("server peak RSS: {skewed_rss}");
        large_section.push_str(&format!(
            "\n## Skewed: 100,000 parts, 1,000,000 stock items as real inventories grow\n\n\
             `inventree-mcp generate --profile skewed`: every part in one of 27 categories (the\n\
             largest, {hot_category}, holds 19,245), a quarter of the stock on one shelf\n\
             ({hot_location}) and 80% on four, 9,000 items over a small subtree of 73 locations\n\
             ({small_subtree}), the rest over 600 locations. Location 2003 holds the four\n\
             shelves. 1 and 8 clients.\n\n\
             {HEADER}\n{}\n\nServer peak RSS: {skewed_rss}.\n",
            rows.join("\n")
        ));
    }

    let postgres: String = sqlx::query_scalar("SHOW server_version")
        .fetch_one(&raw_pool)
        .await
        .unwrap();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .next()
                .map(|l| l.split_whitespace().nth(1).unwrap_or("0").to_string())
        })
        .and_then(|kib| kib.parse::<f64>().ok())
        .map_or("unknown".into(), |kib| {
            format!("{:.0} GiB", kib / 1024.0 / 1024.0)
        });
    let date = chrono::Utc::now().format("%Y-%m-%d");
    let text = format!(
        "# Benchmarks\n\n\
         `cargo bench --bench mcp` on {date}: {cores} cores, {memory} memory, PostgreSQL {postgres};\n\
         load generator, server and PostgreSQL on the same machine. Token auth (cached), role\n\
         checks and logging at the default level on. Each row: {seconds} s after a warm-up.\n\
         \"raw SQL\" runs the tool's own queries through sqlx with as many connections as clients.\n\
         See [query-plans.md](query-plans.md) for the plans behind the large-inventory rows, and\n\
         [profile.md](profile.md) for an independent load generator (wrk), where the CPU goes, and\n\
         a ten-minute soak.\n\n\
         ## Demo inventory\n\n\
         {HEADER}\n{}\n\nServer peak RSS: {demo_rss}.\n{large_section}",
        rows.join("\n")
    );
    let docs = concat!(env!("CARGO_MANIFEST_DIR"), "/docs");
    std::fs::create_dir_all(docs).unwrap();
    std::fs::write(format!("{docs}/benchmarks.md"), text).unwrap();
}
