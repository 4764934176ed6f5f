//! PostgreSQL stopped and started again under load, on a throwaway cluster: calls during
//! the outage get clean errors, /readyz says so, and the server recovers by itself without
//! leaking connections.

use crate::common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::cluster::{Clusters, free_port};
use common::{TestApp, TestDb};
use inventree_mcp::demo;
use serde_json::{Value, json};

#[tokio::test]
async fn the_server_rides_out_a_database_restart() {
    let Some(clusters) = Clusters::new("faults") else {
        return;
    };
    let port = free_port();
    clusters.create("main", port);
    let url = demo::create(
        &format!("postgres://postgres@127.0.0.1:{port}/postgres"),
        "inventree",
    )
    .await
    .unwrap();
    let served = url.clone();
    let app = TestApp::serve(TestDb::new().await, move |config| {
        config.database_url = served;
        config.pool_size = 4;
        // Re-check the credential on every request, so the outage reaches authentication too.
        config.auth_cache_ttl_ms = 0;
    })
    .await;
    assert_eq!(app.call("get_part", json!({"part_id": 1})).await["id"], 1);

    // Load: four clients calling get_part all along, counting what they get.
    let running = Arc::new(AtomicBool::new(true));
    let (ok, clean_errors) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let load: Vec<_> = (0..4)
        .map(|_| {
            let (running, ok, clean_errors) = (running.clone(), ok.clone(), clean_errors.clone());
            let (base, http) = (app.base.clone(), reqwest::Client::new());
            tokio::spawn(async move {
                while running.load(Ordering::Relaxed) {
                    let response = http
                        .post(format!("{base}/mcp"))
                        .header("Authorization", format!("Token {}", demo::DEMO_TOKEN))
                        .header("Accept", "application/json, text/event-stream")
                        .header("MCP-Protocol-Version", "2025-11-25")
                        .json(&json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                                      "params": {"name": "get_part",
                                                 "arguments": {"part_id": 1}}}))
                        .send()
                        .await
                        .unwrap();
                    let status = response.status().as_u16();
                    let text = response.text().await.unwrap();
                    let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                    match status {
                        200 if body["result"]["isError"] == false => {
                            ok.fetch_add(1, Ordering::Relaxed);
                        }
                        // A failed query: an isError result with no internals.
                        200 if body["result"]["content"][0]["text"]
                            == "database error; the server log has the details" =>
                        {
                            clean_errors.fetch_add(1, Ordering::Relaxed);
                        }
                        // The credential could not be checked.
                        503 => {
                            clean_errors.fetch_add(1, Ordering::Relaxed);
                        }
                        _ => panic!("unexpected answer during the outage: {status} {text}"),
                    }
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let ok_before = ok.load(Ordering::Relaxed);
    assert!(ok_before > 0);

    clusters.ctl("main", "stop");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let ready = reqwest::get(format!("{}/readyz", app.base)).await.unwrap();
    assert_eq!(ready.status(), 503);
    assert!(ready.text().await.unwrap().starts_with("database: "));
    assert!(
        clean_errors.load(Ordering::Relaxed) > 0,
        "calls failed cleanly"
    );

    clusters.ctl("main", "start");
    let restarted = Instant::now();
    let ok_at_restart = ok.load(Ordering::Relaxed);
    while ok.load(Ordering::Relaxed) < ok_at_restart + 20 {
        assert!(
            restarted.elapsed() < Duration::from_secs(10),
            "the server recovers within seconds"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    running.store(false, Ordering::Relaxed);
    for task in load {
        task.await.unwrap();
    }
    let ready = reqwest::get(format!("{}/readyz", app.base)).await.unwrap();
    assert_eq!(ready.status(), 200);

    // No connection leaked: at most pool_size, none busy.
    let admin = sqlx::PgPool::connect(&url).await.unwrap();
    let (open, busy): (i64, i64) = sqlx::query_as(
        "SELECT count(*), count(*) FILTER (WHERE state <> 'idle') FROM pg_stat_activity \
         WHERE application_name = 'inventree-mcp'",
    )
    .fetch_one(&admin)
    .await
    .unwrap();
    assert!(open <= 4, "{open} connections");
    assert_eq!(busy, 0);
    eprintln!(
        "outage: {} calls failed cleanly; recovered {:?} after start",
        clean_errors.load(Ordering::Relaxed),
        restarted.elapsed()
    );
    admin.close().await;
}
