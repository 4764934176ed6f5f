//! Probes, metrics and the schema check.

use crate::common;

use std::process::Command;

use common::fixtures::*;
use common::{TestApp, TestDb};
use serde_json::json;
use sqlx::{AssertSqlSafe, Connection, Executor, raw_sql};
use std::io::Read;

async fn get(url: &str) -> (u16, String) {
    let response = reqwest::get(url).await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn probes_need_no_credential_and_accept_any_host() {
    let app = TestApp::start().await;
    assert_eq!(
        get(&format!("{}/healthz", app.base)).await,
        (200, "ok\n".into())
    );
    // The demo database has InvenTree's tables but no migration history.
    assert_eq!(
        get(&format!("{}/readyz", app.base)).await,
        (200, "ready: InvenTree's tables without InvenTree's migration history (no django_migrations table), as in the demo database\n".into())
    );
    // An orchestrator probes by pod address, a Host no MCP client would be allowed.
    let probe = reqwest::Client::new()
        .get(format!("{}/healthz", app.base))
        .header("Host", "10.1.2.3:8080")
        .send()
        .await
        .unwrap();
    assert_eq!(probe.status(), 200);
    let mcp = reqwest::Client::new()
        .post(format!("{}/mcp", app.base))
        .header("Host", "10.1.2.3:8080")
        .send()
        .await
        .unwrap();
    assert_eq!(mcp.status(), 403);
}

#[tokio::test]
async fn readyz_reports_an_unreachable_database() {
    let db = TestDb::new().await;
    let app = TestApp::serve(db, |config| {
        config.database_url = "postgres://postgres@127.0.0.1:1/inventree".into()
    })
    .await;
    assert_eq!(get(&format!("{}/healthz", app.base)).await.0, 200);
    let (status, body) = get(&format!("{}/readyz", app.base)).await;
    assert_eq!(status, 503);
    assert!(body.starts_with("database: "), "{body}");
}

#[tokio::test]
async fn metrics_count_calls_errors_latency_and_refused_credentials() {
    let port = common::cluster::free_port();
    let app = TestApp::start_with(|config| {
        config.metrics_listen = Some(format!("127.0.0.1:{port}").parse().unwrap())
    })
    .await;
    app.call("get_part", json!({"part_id": RESISTOR_10K})).await;
    app.call("get_part", json!({"part_id": RESISTOR_10K})).await;
    app.call_err("get_part", json!({"part_id": 99999})).await;
    app.call("list_locations", json!({})).await;
    let stranger = reqwest::Client::new()
        .post(format!("{}/mcp", app.base))
        .header("Authorization", "Token inv-not-a-real-token")
        .send()
        .await
        .unwrap();
    assert_eq!(stranger.status(), 401);

    let (status, text) = get(&format!("http://127.0.0.1:{port}/metrics")).await;
    assert_eq!(status, 200);
    for line in [
        "inventree_mcp_tool_calls_total{tool=\"get_part\"} 3",
        "inventree_mcp_tool_errors_total{tool=\"get_part\"} 1",
        "inventree_mcp_tool_duration_seconds_count{tool=\"get_part\"} 3",
        "inventree_mcp_tool_duration_seconds_bucket{tool=\"get_part\",le=\"+Inf\"} 3",
        "inventree_mcp_tool_calls_total{tool=\"list_locations\"} 1",
        "inventree_mcp_tool_errors_total{tool=\"list_locations\"} 0",
        "inventree_mcp_tool_calls_total{tool=\"stock_pivot\"} 0",
        "inventree_mcp_auth_failures_total{reason=\"unknown_token\"} 1",
        "inventree_mcp_database_errors_total 0",
        "inventree_mcp_pool_max_connections{pool=\"read\"} 8",
        "inventree_mcp_pool_max_connections{pool=\"write\"} 2",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "{line} missing from\n{text}"
        );
    }
    // Probes are served there too; metrics are not served on the MCP address.
    assert_eq!(
        get(&format!("http://127.0.0.1:{port}/healthz")).await.0,
        200
    );
    // Like any unknown path there, with or without a credential.
    assert_eq!(get(&format!("{}/metrics", app.base)).await.0, 404);
    let with_token = reqwest::Client::new()
        .get(format!("{}/metrics", app.base))
        .header("Authorization", format!("Token {DEMO_TOKEN}"))
        .send()
        .await
        .unwrap();
    assert_eq!(with_token.status(), 404);
}

/// Runs the server binary with `args` against `url`.
fn binary(url: &str, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_inventree-mcp"))
        .args(args)
        .env("INVENTREE_MCP_DATABASE_URL", url)
        .env("INVENTREE_MCP_LISTEN", "127.0.0.1:0")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[tokio::test]
async fn check_names_every_mismatch_and_serve_refuses_the_schema() {
    let db = TestDb::new().await;
    let (code, out, _) = binary(&db.url, &["check"], &[]);
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "database: InvenTree's tables without InvenTree's migration history (no django_migrations table), as in the demo database\ncompatible\n"
        )
    );
    db.pool
        .execute(raw_sql(AssertSqlSafe(
            "ALTER TABLE part_part DROP COLUMN keywords;
             ALTER TABLE stock_stockitem ALTER COLUMN batch TYPE text;
             ALTER TABLE part_partcategory ALTER COLUMN description DROP NOT NULL;
             ALTER TABLE stock_stocklocation ADD COLUMN zone integer NOT NULL DEFAULT 0;
             ALTER TABLE part_part ADD COLUMN mandatory integer NOT NULL DEFAULT 0;
             ALTER TABLE part_part ALTER COLUMN mandatory DROP DEFAULT;
             DROP TABLE taggit_taggeditem;
             CREATE TABLE django_migrations (id serial, app varchar(255), name varchar(255),
                                             applied timestamptz);
             INSERT INTO django_migrations (app, name, applied) VALUES
                 ('part', '0151_part_something_new', now()),
                 ('stock', '0123_remove_stockitem_review_needed', now());"
                .to_string(),
        )))
        .await
        .unwrap();
    let (code, out, err) = binary(&db.url, &["check"], &[]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "database: newer than InvenTree 1.5 (part at 0151_part_something_new)\n\
         note: column stock_stocklocation.zone: integer, not used\n\
         mismatch: column part_part.keywords: missing\n\
         mismatch: column part_part.mandatory: integer NOT NULL without a default is not in the snapshot\n\
         mismatch: column part_partcategory.description: nullable, expected NOT NULL\n\
         mismatch: column stock_stockitem.batch: type text, expected character varying(100)\n\
         mismatch: table taggit_taggeditem: missing\n"
    );
    assert!(err.contains("5 mismatches"), "{err}");

    // The server refuses to serve it, naming the mismatches, unless told otherwise.
    let (code, _, err) = binary(&db.url, &["serve"], &[]);
    assert_eq!(code, 1);
    assert!(err.contains("schema differs from the one"), "{err}");
    assert!(
        err.contains("column stock_stockitem.batch: type text"),
        "{err}"
    );
    let mut lenient = Command::new(env!("CARGO_BIN_EXE_inventree-mcp"))
        .arg("serve")
        .env("INVENTREE_MCP_DATABASE_URL", &db.url)
        .env("INVENTREE_MCP_LISTEN", "127.0.0.1:0")
        .env("INVENTREE_MCP_SCHEMA_CHECK", "false")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert!(lenient.try_wait().unwrap().is_none(), "it serves");
    lenient.kill().unwrap();
    lenient.wait().unwrap();
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = TestApp::start().await;
    let send = |id: Option<&'static str>| {
        let mut request = reqwest::Client::new()
            .post(format!("{}/mcp", app.base))
            .header("Authorization", "Token inv-not-a-real-token");
        if let Some(id) = id {
            request = request.header("X-Request-Id", id);
        }
        request.send()
    };
    let given = send(Some("trace-42")).await.unwrap();
    assert_eq!(given.headers()["x-request-id"], "trace-42");
    let first = send(None).await.unwrap().headers()["x-request-id"].clone();
    let second = send(None).await.unwrap().headers()["x-request-id"].clone();
    assert_ne!(first, second);
    // Not printable ASCII, or too long: replaced.
    let long = "x".repeat(65);
    let replaced = reqwest::Client::new()
        .post(format!("{}/mcp", app.base))
        .header("X-Request-Id", long.as_str())
        .send()
        .await
        .unwrap();
    assert_ne!(replaced.headers()["x-request-id"], long.as_str());
}

#[tokio::test]
async fn two_servers_answer_one_client_without_sticky_sessions() {
    let first = TestApp::start().await;
    let url = first.db.url.clone();
    let second = TestApp::serve(TestDb::new().await, |config| config.database_url = url).await;
    let servers = [&first, &second];
    // A 2025-era client initializes on one server, then alternates between both.
    let (status, body) = first
        .rpc(
            common::Era::Legacy,
            "initialize",
            json!({"protocolVersion": "2025-11-25", "capabilities": {},
                   "clientInfo": {"name": "test", "version": "1"}}),
        )
        .await;
    assert_eq!(
        (status, body["result"]["protocolVersion"].clone()),
        (200, json!("2025-11-25"))
    );
    for (i, era) in [common::Era::Legacy, common::Era::Stateless]
        .into_iter()
        .cycle()
        .take(6)
        .enumerate()
    {
        let server = servers[i % 2];
        let (status, body) = server.rpc(era, "tools/list", json!({})).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(
            body["result"]["tools"].as_array().unwrap().len(),
            common::golden_tool_names().len()
        );
    }
    // A write through one is read back through the other at once.
    let adjusted = first
        .call(
            "adjust_stock",
            json!({"stock_item_id": 1, "quantity": 5, "notes": "delivery"}),
        )
        .await;
    let read = second
        .call("get_stock_item", json!({"stock_item_id": 1}))
        .await;
    assert_eq!(read["quantity"], adjusted["quantity"]);
    assert_eq!(read["tracking"][0]["notes"], "delivery");
}

#[tokio::test]
async fn json_logs_carry_request_ids_and_sigterm_stops_within_the_grace_period() {
    let db = TestDb::new().await;
    let port = common::cluster::free_port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_inventree-mcp"))
        .arg("serve")
        .env("INVENTREE_MCP_DATABASE_URL", &db.url)
        .env("INVENTREE_MCP_LISTEN", format!("127.0.0.1:{port}"))
        .env("INVENTREE_MCP_LOG_JSON", "true")
        .env("INVENTREE_MCP_SHUTDOWN_GRACE_S", "1")
        .env("RUST_LOG", "info")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        if reqwest::get(format!("{base}/healthz")).await.is_ok() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let call = |id: &'static str| {
        reqwest::Client::new()
            .post(format!("{base}/mcp"))
            .header("Authorization", format!("Token {DEMO_TOKEN}"))
            .header("Accept", "application/json, text/event-stream")
            .header("MCP-Protocol-Version", "2025-11-25")
            .header("X-Request-Id", id)
            .json(&json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                          "params": {"name": "get_stock_item",
                                     "arguments": {"stock_item_id": 1}}}))
            .send()
    };
    assert_eq!(call("first-call").await.unwrap().status(), 200);

    // A call stuck behind a lock is in flight when SIGTERM arrives: the process still
    // exits, one grace period later.
    let locker = common::lock_table(&db.url, "stock_stockitem").await;
    let stuck = tokio::spawn(call("stuck-call"));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let signalled = std::time::Instant::now();
    assert!(
        Command::new("kill")
            .args(["-TERM", &server.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
    let status = tokio::task::spawn_blocking(move || {
        let status = server.wait().unwrap();
        let mut logs = String::new();
        for stream in [
            server
                .stdout
                .take()
                .map(|s| Box::new(s) as Box<dyn std::io::Read>),
            server
                .stderr
                .take()
                .map(|s| Box::new(s) as Box<dyn std::io::Read>),
        ]
        .into_iter()
        .flatten()
        {
            let mut stream = stream;
            stream.read_to_string(&mut logs).unwrap();
        }
        (status, logs)
    })
    .await
    .unwrap();
    let (status, logs) = status;
    let waited = signalled.elapsed();
    assert!(status.success(), "{status:?}\n{logs}");
    assert!(
        waited >= std::time::Duration::from_millis(900)
            && waited < std::time::Duration::from_secs(5),
        "exited {waited:?} after SIGTERM"
    );
    assert!(stuck.await.unwrap().is_err(), "the stuck call was cut off");
    locker.close().await.unwrap();

    // Every log line is a JSON object; the tool call's line names its request.
    let lines: Vec<serde_json::Value> = logs
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}")))
        .collect();
    let first = lines
        .iter()
        .find(|l| {
            l["fields"]["message"] == "tool call" && l["fields"]["request_id"] == "first-call"
        })
        .unwrap_or_else(|| panic!("no tool call line for first-call in\n{logs}"));
    assert_eq!(first["fields"]["tool"], "get_stock_item");
    assert_eq!(first["fields"]["verdict"], "ok");
    assert!(
        lines
            .iter()
            .any(|l| l["fields"]["message"] == "shutting down: finishing calls in flight")
    );
}
