//! `inventree-mcp stdio`: the same tool tests over HTTP and over stdio (each body written
//! once, run over both transports), then what only stdio has: its token checked at start,
//! checked again while it runs, and nothing but JSON-RPC on standard output.

use crate::common;

use std::time::Duration;

use common::fixtures::*;
use common::transport::{Client, StdioApp, Transport, json_rpc_line, stdio_command};
use common::{TestDb, golden_read_tool_names, golden_tool_names};
use serde_json::json;

/// Runs each test body over both transports: `http::<name>` and `stdio::<name>`.
macro_rules! over_both_transports {
    ($($name:ident),* $(,)?) => {
        mod http {
            $(#[tokio::test]
            async fn $name() {
                super::$name(super::Transport::Http).await
            })*
        }
        mod stdio {
            $(#[tokio::test]
            async fn $name() {
                super::$name(super::Transport::Stdio).await
            })*
        }
    };
}

over_both_transports!(
    initialize_names_the_server,
    tools_list_follows_the_callers_roles,
    reads_give_exact_figures,
    dry_runs_show_a_change_without_making_it,
    calls_without_the_permission_are_denied_naming_it,
    bad_arguments_are_named,
);

async fn initialize_names_the_server(transport: Transport) {
    let client = Client::start(transport, VIEWER_TOKEN).await;
    let result = client.initialize().await;
    assert_eq!(result["protocolVersion"], "2025-11-25");
    assert_eq!(result["serverInfo"]["name"], "inventree-mcp");
    assert_eq!(result["serverInfo"]["version"], env!("CARGO_PKG_VERSION"));
    for capability in ["tools", "prompts", "resources"] {
        assert!(result["capabilities"][capability].is_object(), "{result}");
    }
}

async fn tools_list_follows_the_callers_roles(transport: Transport) {
    // The superuser sees every tool; the viewer (every view permission, no other) only the
    // tools that read.
    let demo = Client::start(transport, DEMO_TOKEN).await;
    assert_eq!(demo.tool_names().await, golden_tool_names());
    let viewer = Client::start(transport, VIEWER_TOKEN).await;
    assert_eq!(viewer.tool_names().await, golden_read_tool_names());
    // No groups, no permissions: only the tools any signed-in user may call, whose
    // permission depends on the object they reach (tests/auth.rs writes them `~role.action`).
    let nogroups = Client::start(transport, NOGROUPS_TOKEN).await;
    assert_eq!(
        nogroups.tool_names().await,
        ["list_attachments", "list_project_codes", "scan_barcode"]
    );
}

async fn reads_give_exact_figures(transport: Transport) {
    let client = Client::start(transport, VIEWER_TOKEN).await;
    let part = client
        .call("get_part", json!({"part_id": RESISTOR_10K}))
        .await;
    assert_eq!(part["name"], "Resistor 10k 0603");
    assert_eq!(part["category_path"], "Electronics/Passives/Resistors");
    // OK 4000 + Attention 1000 + Damaged 500 + Returned 25 + external 1000 (see parts.rs).
    assert_eq!(part["in_stock"], 6525.0);
    let item = client
        .call(
            "get_stock_item",
            json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1}),
        )
        .await;
    assert_eq!(item["quantity"], 4000.0);
    assert_eq!(item["location_path"], "Warehouse/Shelf A/Bin A1");
    assert_eq!(item["batch"], "R10K-2611");
    // 500 to SO-0001 and 200 to BO-0001.
    assert_eq!(item["allocated"], 700.0);
}

async fn dry_runs_show_a_change_without_making_it(transport: Transport) {
    let client = Client::start(transport, ALLACCESS_TOKEN).await;
    let answer = client
        .call(
            "adjust_stock",
            json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": -50, "dry_run": true}),
        )
        .await;
    assert_eq!(
        (answer["dry_run"].clone(), answer["quantity"].clone()),
        (json!(true), json!(3950.0))
    );
    let stored: f64 =
        sqlx::query_scalar("SELECT quantity::float8 FROM stock_stockitem WHERE id = $1")
            .bind(STOCK_RESISTOR_10K_BIN_A1)
            .fetch_one(&client.db().pool)
            .await
            .unwrap();
    assert_eq!(stored, 4000.0);
}

async fn calls_without_the_permission_are_denied_naming_it(transport: Transport) {
    let viewer = Client::start(transport, VIEWER_TOKEN).await;
    assert_eq!(
        viewer
            .call_err(
                "adjust_stock",
                json!({"stock_item_id": STOCK_RESISTOR_10K_BIN_A1, "quantity": -50, "dry_run": true}),
            )
            .await,
        "permission denied: this tool requires stock.add (InvenTree role `stock`, action `add`)"
    );
    let engineer = Client::start(transport, ENGINEER_TOKEN).await;
    assert_eq!(
        engineer
            .call_err("get_location", json!({"location_id": WAREHOUSE}))
            .await,
        "permission denied: this tool requires stock_location.view (InvenTree role `stock_location`, action `view`)"
    );
}

async fn bad_arguments_are_named(transport: Transport) {
    let client = Client::start(transport, VIEWER_TOKEN).await;
    assert_eq!(
        client.call_err("get_part", json!({"part_id": "abc"})).await,
        "invalid argument `part_id`: must be a whole number between 1 and 2147483647, got \"abc\""
    );
    assert_eq!(
        client.call_err("get_part", json!({"part_id": 99999})).await,
        "part 99999 does not exist"
    );
    // An unknown tool is a protocol error, not a tool's.
    let body = client
        .rpc(
            "tools/call",
            json!({"name": "no_such_tool", "arguments": {}}),
        )
        .await;
    assert_eq!(body["error"]["code"], -32602, "{body}");
}

/// Runs `stdio` to its end with standard input closed at once: its exit code, standard
/// output and standard error.
async fn run_stdio(db: &TestDb, token: Option<&str>) -> (Option<i32>, String, String) {
    let output = stdio_command(&db.url, token, &[]).output().await.unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The last line of standard error: where `main` writes the error it exits with.
fn last_line(stderr: &str) -> &str {
    stderr.lines().last().unwrap_or_default()
}

#[tokio::test]
async fn a_missing_token_is_refused_before_anything_else() {
    let db = TestDb::new().await;
    for token in [None, Some(""), Some("  ")] {
        let (code, stdout, stderr) = run_stdio(&db, token).await;
        assert_eq!(code, Some(1), "{token:?}");
        assert_eq!(stdout, "", "{token:?}");
        assert_eq!(
            stderr,
            "inventree-mcp: INVENTREE_MCP_TOKEN is not set: stdio serves as the InvenTree user \
             whose API token it holds (InvenTree: Settings > API Tokens)\n",
            "{token:?}"
        );
    }
}

#[tokio::test]
async fn refused_tokens_stop_the_start_naming_why() {
    let db = TestDb::new().await;
    sqlx::query(
        "INSERT INTO users_apitoken (created, key, name, expiry, revoked, user_id) VALUES
         (now(), 'inv-revoked000000000000000000000000000000000000-20260101', 'r', '2099-01-01', true, 3),
         (now(), 'inv-expired000000000000000000000000000000000000-20250101', 'e', CURRENT_DATE - 1, false, 3)",
    )
    .execute(&db.pool)
    .await
    .unwrap();
    for (token, why) in [
        ("inv-nope", "Invalid token."),
        (
            "inv-revoked000000000000000000000000000000000000-20260101",
            "Token has been revoked.",
        ),
        (
            "inv-expired000000000000000000000000000000000000-20250101",
            "Token has expired.",
        ),
        (INACTIVE_TOKEN, "User inactive or deleted."),
    ] {
        let (code, stdout, stderr) = run_stdio(&db, Some(token)).await;
        assert_eq!(code, Some(1), "{token}: {stderr}");
        assert_eq!(stdout, "", "{token}");
        assert_eq!(
            last_line(&stderr),
            format!("inventree-mcp: INVENTREE_MCP_TOKEN was refused: {why}"),
            "{token}"
        );
    }
}

#[tokio::test]
async fn an_unreachable_database_stops_the_start() {
    // Nothing listens on port 1.
    let output = stdio_command(
        "postgres://postgres@127.0.0.1:1/inventree",
        Some(VIEWER_TOKEN),
        &[("pool_timeout_ms", "200")],
    )
    .output()
    .await
    .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(output.stdout, b"");
    assert_eq!(
        last_line(&stderr),
        "inventree-mcp: the database is unreachable: pool timed out while waiting for an open \
         connection"
    );
}

#[tokio::test]
async fn standard_output_carries_only_json_rpc() {
    let app = StdioApp::spawn(TestDb::new().await, VIEWER_TOKEN, &[]).await;
    // Calls that log (a tool call line each, a refusal, an error) write nothing else to
    // stdout: every line read so far was JSON-RPC, and so is everything up to the end.
    app.rpc("tools/list", json!({})).await;
    app.rpc(
        "tools/call",
        json!({"name": "get_part", "arguments": {"part_id": RESISTOR_10K}}),
    )
    .await;
    app.rpc(
        "tools/call",
        json!({"name": "adjust_stock", "arguments": {"stock_item_id": 1, "quantity": 1}}),
    )
    .await;
    app.rpc(
        "tools/call",
        json!({"name": "get_part", "arguments": {"part_id": "abc"}}),
    )
    .await;
    let stderr = app.stderr();
    assert!(
        stderr.contains("serving MCP over stdio user=\"viewer\""),
        "{stderr}"
    );
    assert!(stderr.contains("tool=get_part verdict=\"ok\""), "{stderr}");
    let (rest, status) = app.close().await;
    for line in &rest {
        json_rpc_line(line);
    }
    assert_eq!(status.code(), Some(0));
}

#[tokio::test]
async fn a_token_revoked_while_running_stops_working_within_the_cache_time() {
    let app = StdioApp::spawn(
        TestDb::new().await,
        ENGINEER_TOKEN,
        &[("auth_cache_ttl_ms", "300")],
    )
    .await;
    let call = json!({"name": "get_part", "arguments": {"part_id": RESISTOR_10K}});
    let answer = app.rpc("tools/call", call.clone()).await;
    assert_eq!(answer["result"]["isError"], false, "{answer}");
    sqlx::query("UPDATE users_apitoken SET revoked = true WHERE user_id = 3")
        .execute(&app.db.pool)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(400)).await;
    let refused = json!({"code": -32001, "message": "Token has been revoked."});
    let answer = app.rpc("tools/call", call).await;
    assert_eq!(answer["error"], refused, "{answer}");
    let answer = app.rpc("tools/list", json!({})).await;
    assert_eq!(answer["error"], refused, "{answer}");
    assert!(
        app.stderr()
            .contains("credential refused reason=\"revoked\""),
        "{}",
        app.stderr()
    );
}
