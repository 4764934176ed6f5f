//! A bounded soak: mixed reads and writes at a moderate, steady rate against the release
//! server, watching its memory and its connections. It stops by itself.
//!
//!     DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres cargo bench --bench soak
//!
//! Builds the demo database `inventree_mcp_soak`, starts the server binary on it (token auth,
//! pool_size 4, write_pool_size 2) and drives 8 clients at SOAK_RATE calls/s in all (default
//! 200) for SOAK_SECONDS (default 600): two in ten calls write (stock adjusted up and back
//! down, an item moved between two locations, a part's description changed). Every 10 s it
//! prints calls, errors, the server's resident memory and its PostgreSQL backends. It fails
//! on any error, on memory growing by 10% or more after the first tenth of the run (the
//! warm-up), on more backends than the two pools allow, or on a backend left busy at the end.

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use inventree_mcp::demo;
use serde_json::{Value, json};
use sqlx::PgPool;

const POOL_SIZE: i64 = 4;
const WRITE_POOL_SIZE: i64 = 2;
const CLIENTS: u64 = 8;

/// The n-th call of the mix: (tool, arguments). Writes come in pairs that undo each other,
/// so the data stays the same size apart from InvenTree's stock history.
fn call(n: u64) -> (&'static str, Value) {
    match n % 20 {
        0 => ("adjust_stock", json!({"stock_item_id": 1, "quantity": 1})),
        10 => ("adjust_stock", json!({"stock_item_id": 1, "quantity": -1})),
        5 => (
            "transfer_stock",
            json!({"stock_item_id": 2, "location_id": 4}),
        ),
        15 => (
            "transfer_stock",
            json!({"stock_item_id": 2, "location_id": 3}),
        ),
        3 | 13 => (
            "update_part",
            json!({"part_id": 1, "description": format!("soak {}", n % 1000)}),
        ),
        1 | 11 => ("get_part", json!({"part_id": 1})),
        2 | 12 => ("list_parts", json!({"limit": 20})),
        4 => ("search_parts", json!({"query": "resistor"})),
        6 | 16 => ("list_stock_items", json!({"limit": 20})),
        7 => ("get_bom_for_part", json!({"part_id": 1, "levels": 0})),
        8 => ("get_category_tree", json!({})),
        9 => ("stock_pivot", json!({})),
        14 => ("get_stock_item", json!({"stock_item_id": 1})),
        17 => ("list_purchase_orders", json!({})),
        18 => ("get_location_tree", json!({})),
        _ => ("list_tags", json!({})),
    }
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmRSS:"))?
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

/// Our backends: (all, busy).
async fn backends(pool: &PgPool, database: &str) -> (i64, i64) {
    sqlx::query_as(
        "SELECT count(*), count(*) FILTER (WHERE state <> 'idle') FROM pg_stat_activity \
         WHERE application_name = 'inventree-mcp' AND datname = $1",
    )
    .bind(database)
    .fetch_one(pool)
    .await
    .unwrap()
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let failures = runtime.block_on(run());
    if !failures.is_empty() {
        eprintln!("SOAK FAILED:\n  {}", failures.join("\n  "));
        std::process::exit(1);
    }
    println!("soak passed");
}

async fn run() -> Vec<String> {
    let server_url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let seconds = env_u64("SOAK_SECONDS", 600);
    let rate = env_u64("SOAK_RATE", 200).max(1);
    let database = "inventree_mcp_soak";
    let url = demo::create(&server_url, database).await.unwrap();
    let watcher = PgPool::connect(&server_url).await.unwrap();

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_inventree-mcp"))
        .arg("serve")
        .env("INVENTREE_MCP_DATABASE_URL", &url)
        .env("INVENTREE_MCP_LISTEN", format!("127.0.0.1:{port}"))
        .env("INVENTREE_MCP_POOL_SIZE", POOL_SIZE.to_string())
        .env("INVENTREE_MCP_WRITE_POOL_SIZE", WRITE_POOL_SIZE.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server");
    let pid = server.id();
    let endpoint = format!("http://127.0.0.1:{port}/mcp");
    let probe = reqwest::Client::new();
    for _ in 0..100 {
        if probe.get(&endpoint).send().await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let length = Duration::from_secs(seconds);
    let started = Instant::now();
    let calls = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let first_errors = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    // Each client keeps its own pace: rate / CLIENTS calls a second, on one connection.
    let period = Duration::from_secs_f64(CLIENTS as f64 / rate as f64);
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let (endpoint, calls, errors, first_errors) = (
                endpoint.clone(),
                calls.clone(),
                errors.clone(),
                first_errors.clone(),
            );
            tokio::spawn(async move {
                let http = reqwest::Client::builder()
                    .pool_max_idle_per_host(1)
                    .build()
                    .unwrap();
                let mut tick = tokio::time::interval(period);
                tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                let mut n = client;
                while started.elapsed() < length {
                    tick.tick().await;
                    let (tool, arguments) = call(n);
                    n += CLIENTS;
                    let body = json!({"jsonrpc": "2.0", "id": n, "method": "tools/call",
                        "params": {"name": tool, "arguments": arguments}});
                    let outcome = http
                        .post(&endpoint)
                        .header("Authorization", format!("Token {}", demo::DEMO_TOKEN))
                        .header("Accept", "application/json, text/event-stream")
                        .header("MCP-Protocol-Version", "2025-11-25")
                        .json(&body)
                        .send()
                        .await;
                    let failure = match outcome {
                        Ok(response) if response.status().is_success() => {
                            let answer: Value = response.json().await.unwrap_or(Value::Null);
                            if answer["result"]["isError"] == json!(false)
                                || (answer["result"].is_object()
                                    && answer["result"]["isError"].is_null())
                            {
                                None
                            } else {
                                Some(format!("{tool}: {answer}"))
                            }
                        }
                        Ok(response) => Some(format!("{tool}: HTTP {}", response.status())),
                        Err(error) => Some(format!("{tool}: {error}")),
                    };
                    calls.fetch_add(1, Ordering::Relaxed);
                    if let Some(failure) = failure {
                        errors.fetch_add(1, Ordering::Relaxed);
                        let mut first = first_errors.lock().unwrap();
                        if first.len() < 5 {
                            first.push(failure);
                        }
                    }
                }
            })
        })
        .collect();

    let warm_up = length / 10;
    let mut baseline_rss = None;
    let mut peak_rss_after_warm_up = 0;
    let mut peak_backends = 0;
    println!(
        "{:>6} {:>9} {:>7} {:>8} {:>9} {:>5}",
        "s", "calls", "errors", "calls/s", "RSS KiB", "conns"
    );
    let mut last_calls = 0;
    while started.elapsed() < length {
        tokio::time::sleep(Duration::from_secs(10).min(length)).await;
        let rss = rss_kib(pid);
        let (all, _) = backends(&watcher, database).await;
        peak_backends = peak_backends.max(all);
        if started.elapsed() >= warm_up {
            match baseline_rss {
                None => baseline_rss = Some(rss),
                Some(_) => peak_rss_after_warm_up = peak_rss_after_warm_up.max(rss),
            }
        }
        let total = calls.load(Ordering::Relaxed);
        println!(
            "{:>6} {:>9} {:>7} {:>8} {:>9} {:>5}",
            started.elapsed().as_secs(),
            total,
            errors.load(Ordering::Relaxed),
            (total - last_calls) / 10,
            rss,
            all
        );
        last_calls = total;
    }
    for client in clients {
        client.await.unwrap();
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (left, busy) = backends(&watcher, database).await;
    let _ = server.kill();
    let _ = server.wait();

    let total = calls.load(Ordering::Relaxed);
    let failed = errors.load(Ordering::Relaxed);
    let baseline = baseline_rss.unwrap_or(0);
    let growth = if baseline > 0 {
        (peak_rss_after_warm_up.max(baseline) as f64 / baseline as f64 - 1.0) * 100.0
    } else {
        0.0
    };
    println!(
        "\n{total} calls in {} s ({:.0}/s), {failed} errors; RSS after warm-up {baseline} KiB, \
         peak {peak_rss_after_warm_up} KiB ({growth:+.1}%); peak backends {peak_backends} \
         (pools allow {}), {left} left open, {busy} busy at the end",
        started.elapsed().as_secs(),
        total as f64 / started.elapsed().as_secs_f64(),
        POOL_SIZE + WRITE_POOL_SIZE,
    );
    let mut failures = Vec::new();
    if failed > 0 {
        failures.push(format!(
            "{failed} failed calls; first: {:?}",
            first_errors.lock().unwrap()
        ));
    }
    if growth >= 10.0 {
        failures.push(format!("RSS grew {growth:.1}% after warm-up"));
    }
    if peak_backends > POOL_SIZE + WRITE_POOL_SIZE {
        failures.push(format!("{peak_backends} backends at once"));
    }
    if busy > 0 {
        failures.push(format!("{busy} backends still busy after the run"));
    }
    failures
}
