//! Limits: body size, calls in flight, call and statement timeouts, answer size, and the
//! pool's bound on connections to InvenTree's database.

use crate::common;

use std::time::Duration;

use common::fixtures::*;
use common::{Era, TestApp, lock_table};
use serde_json::json;
use sqlx::{Connection, PgConnection};

#[tokio::test]
async fn oversized_bodies_get_413() {
    let app = TestApp::start_with(|config| config.max_body_bytes = 2000).await;
    let big = "x".repeat(3000);
    let response = reqwest::Client::new()
        .post(format!("{}/mcp", app.base))
        .header("Content-Type", "application/json")
        .header("Authorization", format!("Token {DEMO_TOKEN}"))
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        body["error"]["message"],
        "request body larger than max_body_bytes (2000 bytes)"
    );
    // Just under the limit is answered.
    let query = "r".repeat(1000);
    let found = app.call("search_parts", json!({"query": query})).await;
    assert_eq!(found["count"], 0);
}

/// A 2025-era `tools/call` as a request still to send, for tests that send it their own way
/// (spawned, or with a client-side timeout).
fn tools_call(app: &TestApp, tool: &str, arguments: serde_json::Value) -> reqwest::RequestBuilder {
    app.http
        .post(format!("{}/mcp", app.base))
        .header("Authorization", format!("Token {DEMO_TOKEN}"))
        .header("Accept", "application/json, text/event-stream")
        .header("MCP-Protocol-Version", "2025-11-25")
        .json(&json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                      "params": {"name": tool, "arguments": arguments}}))
}

#[tokio::test]
async fn calls_past_the_cap_get_503_and_slow_calls_end_at_the_call_timeout() {
    let app = TestApp::start_with(|config| {
        config.max_concurrent_calls = 1;
        config.call_timeout_ms = 1500;
    })
    .await;
    app.call("get_stock_item", json!({"stock_item_id": 1}))
        .await;
    let locker = lock_table(&app.db.url, "stock_stockitem").await;
    let slow = {
        let request = tools_call(&app, "get_stock_item", json!({"stock_item_id": 1}));
        tokio::spawn(async move {
            let response = request.send().await.unwrap();
            response.json::<serde_json::Value>().await.unwrap()
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let busy = reqwest::Client::new()
        .post(format!("{}/mcp", app.base))
        .header("Authorization", format!("Token {DEMO_TOKEN}"))
        .send()
        .await
        .unwrap();
    assert_eq!(busy.status(), 503);
    assert_eq!(busy.headers()["retry-after"], "1");
    let answer = slow.await.unwrap();
    assert_eq!(answer["result"]["isError"], true);
    assert_eq!(
        answer["result"]["content"][0]["text"],
        "the call took longer than call_timeout_ms (1500 ms) and was stopped; narrow the request"
    );
    locker.close().await.unwrap();
    // The permit and the connection came back.
    let item = app
        .call("get_stock_item", json!({"stock_item_id": 1}))
        .await;
    assert_eq!(item["id"], 1);
}

#[tokio::test]
async fn a_query_past_statement_timeout_ends_with_a_clear_error() {
    let app = TestApp::start_with(|config| config.statement_timeout_ms = 300).await;
    app.call("get_location", json!({"location_id": WAREHOUSE}))
        .await;
    let locker = lock_table(&app.db.url, "stock_stocklocation").await;
    let message = app
        .call_err("get_location", json!({"location_id": WAREHOUSE}))
        .await;
    assert_eq!(
        message,
        "the query timed out (statement_timeout_ms); narrow the request"
    );
    locker.close().await.unwrap();
    assert_eq!(
        app.call("get_location", json!({"location_id": WAREHOUSE}))
            .await["id"],
        WAREHOUSE
    );
}

#[tokio::test]
async fn answers_over_max_result_bytes_become_an_error() {
    let app = TestApp::start_with(|config| config.max_result_bytes = 500).await;
    let message = app
        .call_err("get_part", json!({"part_id": RESISTOR_10K}))
        .await;
    assert!(message.starts_with("the answer is "), "{message}");
    assert!(
        message.ends_with(
            " bytes, more than max_result_bytes (500); ask for fewer rows (limit) or fields"
        ),
        "{message}"
    );
    let narrow = app
        .call(
            "get_part",
            json!({"part_id": RESISTOR_10K, "fields": ["id", "name"]}),
        )
        .await;
    assert_eq!(narrow, json!({"id": 1, "name": "Resistor 10k 0603"}));
}

async fn our_backends(admin: &mut PgConnection, database: &str) -> (i64, i64) {
    sqlx::query_as(
        "SELECT count(*), count(*) FILTER (WHERE state <> 'idle') FROM pg_stat_activity \
         WHERE application_name = 'inventree-mcp' AND datname = $1",
    )
    .bind(database)
    .fetch_one(admin)
    .await
    .unwrap()
}

#[tokio::test]
async fn thousands_of_calls_never_hold_more_than_pool_size_connections() {
    let app = TestApp::start_with(|config| {
        config.pool_size = 3;
        config.max_concurrent_calls = 64;
    })
    .await;
    let database = app.db.name.clone();
    let url = app.db.url.clone();
    let watching = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let watcher = {
        let (watching, database) = (watching.clone(), database.clone());
        tokio::spawn(async move {
            let mut admin = PgConnection::connect(&url).await.unwrap();
            let mut most = 0;
            while watching.load(std::sync::atomic::Ordering::Relaxed) {
                most = most.max(our_backends(&mut admin, &database).await.0);
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            most
        })
    };
    // 32 clients, 2,000 calls: good ones, failing ones (missing rows, bad arguments,
    // unknown tools) and ones the client gives up on mid-call.
    let (ok, failed, abandoned) = futures::future::join_all((0..32).map(|client| {
        let (base, token) = (app.base.clone(), DEMO_TOKEN);
        async move {
            let http = reqwest::Client::new();
            let (mut ok, mut failed, mut abandoned) = (0, 0, 0);
            for i in 0..63 {
                let (tool, arguments) = match (client + i) % 5 {
                    0 => ("get_part", json!({"part_id": 1 + i % 30})),
                    1 => ("get_part", json!({"part_id": 99999})),
                    2 => ("list_stock_items", json!({"limit": "x"})),
                    3 => ("stock_pivot", json!({})),
                    _ => ("no_such_tool", json!({})),
                };
                let mut request = http
                    .post(format!("{base}/mcp"))
                    .header("Authorization", format!("Token {token}"))
                    .header("Accept", "application/json, text/event-stream")
                    .header("MCP-Protocol-Version", "2025-11-25")
                    .json(&json!({"jsonrpc": "2.0", "id": i, "method": "tools/call",
                                  "params": {"name": tool, "arguments": arguments}}));
                if i % 7 == 0 {
                    request = request.timeout(Duration::from_micros(300));
                }
                match request.send().await {
                    Ok(response) if response.status() == 200 => {
                        let body: serde_json::Value = response.json().await.unwrap();
                        if body["result"]["isError"] == false {
                            ok += 1
                        } else {
                            failed += 1
                        }
                    }
                    Ok(response) => panic!("HTTP {}", response.status()),
                    Err(error) if error.is_timeout() => abandoned += 1,
                    Err(error) => panic!("{error}"),
                }
            }
            (ok, failed, abandoned)
        }
    }))
    .await
    .into_iter()
    .fold((0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2));
    assert_eq!(ok + failed + abandoned, 32 * 63);
    assert!(
        ok > 300 && failed > 500 && abandoned > 0,
        "{ok} ok, {failed} failed, {abandoned} abandoned"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    watching.store(false, std::sync::atomic::Ordering::Relaxed);
    let most = watcher.await.unwrap();
    assert!(
        (1..=3).contains(&most),
        "at most pool_size connections, saw {most}"
    );
    let mut admin = PgConnection::connect(&app.db.url).await.unwrap();
    let (open, busy) = our_backends(&mut admin, &database).await;
    assert!(open <= 3, "{open} connections open");
    assert_eq!(busy, 0, "every connection is back to idle");
    // Still answering.
    let (status, _) = app.rpc(Era::Stateless, "tools/list", json!({})).await;
    assert_eq!(status, 200);
}

/// Our backends waiting for a lock, the way a blocked query does.
async fn waiting_on_a_lock(admin: &mut PgConnection, database: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'inventree-mcp' \
         AND datname = $1 AND state = 'active' AND wait_event_type = 'Lock'",
    )
    .bind(database)
    .fetch_one(admin)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_client_that_goes_away_stops_its_query_and_frees_its_connection() {
    // One connection, and timeouts far away: only the disconnect can end the query.
    let app = TestApp::start_with(|config| {
        config.pool_size = 1;
        config.statement_timeout_ms = 60_000;
        config.call_timeout_ms = 60_000;
    })
    .await;
    app.call("get_location", json!({"location_id": WAREHOUSE}))
        .await;
    let locker = lock_table(&app.db.url, "stock_stocklocation").await;
    let mut admin = PgConnection::connect(&app.db.url).await.unwrap();
    let gone = tools_call(&app, "get_location", json!({"location_id": WAREHOUSE}))
        .timeout(Duration::from_millis(700))
        .send()
        .await;
    assert!(gone.is_err_and(|e| e.is_timeout()));
    // The lock is still held, yet the query stops waiting for it well before any timeout.
    let mut tenths = 0;
    while waiting_on_a_lock(&mut admin, &app.db.name).await > 0 {
        assert!(tenths < 100, "the abandoned query still waits after 10 s");
        tenths += 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The only connection (or its replacement) serves the next call, which reads no stock,
    // while the lock is still held.
    let category = app
        .call("get_category", json!({"category_id": RESISTORS}))
        .await;
    assert_eq!(category["id"], RESISTORS);
    let (open, busy) = our_backends(&mut admin, &app.db.name).await;
    assert_eq!((open, busy), (1, 0));
    locker.close().await.unwrap();
    assert_eq!(
        app.call("get_location", json!({"location_id": WAREHOUSE}))
            .await["id"],
        WAREHOUSE
    );
}

#[tokio::test]
async fn calls_find_every_connection_busy_wait_pool_timeout_then_fail_cleanly() {
    let app = TestApp::start_with(|config| {
        config.pool_size = 2;
        config.pool_timeout_ms = 800;
        config.statement_timeout_ms = 60_000;
    })
    .await;
    app.call("get_location", json!({"location_id": WAREHOUSE}))
        .await;
    let locker = lock_table(&app.db.url, "stock_stocklocation").await;
    // Two slow calls take both connections.
    let slow: Vec<_> = (0..2)
        .map(|_| {
            let request = tools_call(&app, "get_location", json!({"location_id": WAREHOUSE}));
            tokio::spawn(async move {
                let response = request.send().await.unwrap();
                response.json::<serde_json::Value>().await.unwrap()
            })
        })
        .collect();
    let mut admin = PgConnection::connect(&app.db.url).await.unwrap();
    while waiting_on_a_lock(&mut admin, &app.db.name).await < 2 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // A third waits for a connection, not for ever, and says why it failed.
    let waited = std::time::Instant::now();
    let message = app
        .call_err("get_part", json!({"part_id": RESISTOR_10K}))
        .await;
    let waited = waited.elapsed();
    assert_eq!(
        message,
        "database busy: every connection (pool_size) stayed in use for pool_timeout_ms; \
         retry shortly"
    );
    assert!(
        waited >= Duration::from_millis(700) && waited < Duration::from_secs(10),
        "waited {waited:?}"
    );
    let (open, _) = our_backends(&mut admin, &app.db.name).await;
    assert_eq!(open, 2);
    // Once the slow calls get their lock, everything is answered again.
    locker.close().await.unwrap();
    for call in slow {
        let answer = call.await.unwrap();
        assert_eq!(answer["result"]["structuredContent"]["id"], WAREHOUSE);
    }
    assert_eq!(
        app.call(
            "get_part",
            json!({"part_id": RESISTOR_10K, "fields": ["id"]})
        )
        .await,
        json!({"id": RESISTOR_10K})
    );
}
