//! Seeded fuzzing of every tool's arguments against the real server and database: values of
//! every JSON type, out-of-range and huge numbers, text with wildcards, quotes, NUL and
//! emoji, very long strings, deep nesting and unknown keys. Properties: every answer is a
//! JSON-RPC answer with HTTP 200 (never 5xx), a refusal names what is wrong, no input makes
//! a query fail, and a refused write leaves the database as it was.

mod common;

use common::{Era, TestApp};
use serde_json::{Map, Value, json};
use sqlx::PgPool;

/// xorshift64*: a small deterministic generator, so a failure replays with its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn nested(depth: usize) -> Value {
    (0..depth).fold(json!(1), |inner, _| json!([inner]))
}

/// A value for a property of JSON type `kind` (from the tool's schema): sometimes a
/// plausible one, often not.
fn value(rng: &mut Rng, kind: &str) -> Value {
    let plausible = match kind {
        "integer" => json!([1, 2, 5, 10, 22, 30][rng.below(6)]),
        "number" => json!([0.5, 1.0, 25.0, -3.0][rng.below(4)]),
        "boolean" => json!(rng.below(2) == 0),
        "string" => json!(["resistor", "R-0603-10K", "1", "note"][rng.below(4)]),
        "array" => json!(["smd"]),
        _ => json!({}),
    };
    match rng.below(16) {
        0..=5 => plausible,
        6 => json!(null),
        7 => json!([-1, 0, i64::from(i32::MAX) + 1, i64::MAX, -i64::MAX][rng.below(5)]),
        8 => json!([1e308, -1e308, 1e-308, 9_007_199_254_740_993.0][rng.below(4)]),
        9 => json!(["NaN", "Infinity", "-0", "1e999", "0x10"][rng.below(5)]),
        10 => json!(["%", "_", "\\", "'", "\"", "%_\\'\"--;", "\u{0}", "😀 ünï"][rng.below(8)]),
        11 => json!("x".repeat([300, 5_000, 100_000][rng.below(3)])),
        12 => nested([5, 100][rng.below(2)]),
        13 => json!({"a": {"b": [1, "c"]}}),
        14 => json!([true, "x", 1.5]),
        _ => json!(rng.below(2) == 1),
    }
}

async fn fingerprint(pool: &PgPool) -> String {
    sqlx::query_scalar(
        "SELECT md5(concat_ws('|',
            (SELECT string_agg(t::text, ',' ORDER BY id) FROM part_part t),
            (SELECT string_agg(t::text, ',' ORDER BY id) FROM stock_stockitem t),
            (SELECT string_agg(t::text, ',' ORDER BY id) FROM stock_stockitemtracking t)))",
    )
    .fetch_one(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn every_tool_survives_fuzzed_arguments() {
    let app = TestApp::start().await;
    let (_, listed) = app.rpc(Era::Stateless, "tools/list", json!({})).await;
    let tools = listed["result"]["tools"].as_array().unwrap().clone();
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_1A7E_2026_1125);
    let cases: usize = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40);
    let writing = tools
        .iter()
        .filter(|t| t["annotations"]["readOnlyHint"] == false)
        .count();
    assert_eq!(
        writing, 5,
        "the write tools are fuzzed with the database watched"
    );
    let mut rng = Rng(seed);
    let (mut answered, mut refused) = (0, 0);
    for tool in &tools {
        let name = tool["name"].as_str().unwrap();
        let writes = tool["annotations"]["readOnlyHint"] == false;
        let properties = tool["inputSchema"]["properties"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        for case in 0..cases {
            let mut arguments = Map::new();
            for (property, schema) in &properties {
                if rng.below(3) == 0 {
                    continue;
                }
                let kind = schema["type"].as_str().unwrap_or("string");
                arguments.insert(property.clone(), value(&mut rng, kind));
            }
            if rng.below(8) == 0 {
                arguments.insert("unexpected".into(), json!(1));
            }
            let before = if writes {
                Some(fingerprint(&app.db.pool).await)
            } else {
                None
            };
            let (status, body) = app
                .rpc(
                    Era::Stateless,
                    "tools/call",
                    json!({"name": name, "arguments": arguments}),
                )
                .await;
            let context = format!("{name} case {case} (seed {seed}): {arguments:?} -> {body}");
            assert!(status < 500, "HTTP {status}: {context}");
            let result = &body["result"];
            if let Some(error) = body.get("error") {
                // Only malformed JSON-RPC gets a protocol error; arguments never do.
                panic!("protocol error {error}: {context}");
            }
            if result["isError"] == true {
                refused += 1;
                let message = result["content"][0]["text"].as_str().unwrap();
                assert!(
                    !message.contains("database error") && !message.contains("timed out"),
                    "an argument reached the database unchecked: {context}"
                );
                if writes {
                    assert_eq!(
                        Some(fingerprint(&app.db.pool).await),
                        before,
                        "a refused write changed the database: {context}"
                    );
                }
            } else {
                answered += 1;
            }
        }
    }
    eprintln!(
        "{} tools x {cases} cases (seed {seed}): {answered} answered, {refused} refused",
        tools.len()
    );
    assert!(answered > 100 && refused > 100);
}

#[tokio::test]
async fn malformed_json_rpc_never_gets_a_5xx() {
    let app = TestApp::start().await;
    let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
    let bodies: Vec<String> = vec![
        "".into(),
        "{".into(),
        "null".into(),
        "[]".into(),
        "[1, 2]".into(),
        "\"tools/list\"".into(),
        r#"{"jsonrpc": "1.0", "id": 1, "method": "tools/list"}"#.into(),
        r#"{"jsonrpc": "2.0", "id": 1}"#.into(),
        r#"{"jsonrpc": "2.0", "id": 1, "method": 7}"#.into(),
        r#"{"jsonrpc": "2.0", "id": {"x": 1}, "method": "tools/list"}"#.into(),
        r#"{"jsonrpc": "2.0", "id": 1e400, "method": "tools/list"}"#.into(),
        r#"{"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": []}"#.into(),
        r#"{"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": 5}}"#.into(),
        r#"{"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "get_part", "arguments": "x"}}"#.into(),
        r#"{"jsonrpc": "2.0", "id": 1, "method": "no/such/method"}"#.into(),
        format!(r#"{{"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {deep}}}"#),
        "\u{0}\u{1}\u{2}".into(),
        "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"tools/list\"".repeat(100),
    ];
    let mut statuses = std::collections::BTreeMap::new();
    for body in &bodies {
        for era in ["2025-11-25", "2026-07-28"] {
            let response = reqwest::Client::new()
                .post(format!("{}/mcp", app.base))
                .header(
                    "Authorization",
                    format!("Token {}", common::fixtures::DEMO_TOKEN),
                )
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", era)
                .body(body.clone())
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            let shown = &body[..body.len().min(60)];
            let answer: serde_json::Value = response.json().await.unwrap_or_default();
            let code = answer["error"]["code"].as_i64().unwrap_or(0);
            // Not one JSON-RPC message: 400 with -32700 or -32600. Otherwise the message
            // reaches MCP, which answers per method and era.
            assert!(
                (status == 400 && [-32700, -32600, -32601, -32602, -32020].contains(&code))
                    || (status == 200 && answer.get("error").is_some()),
                "HTTP {status} {answer} for {era} {shown:?}"
            );
            *statuses.entry(status).or_insert(0) += 1;
        }
    }
    eprintln!("malformed bodies: {statuses:?}");
    // The server still answers.
    let (status, _) = app.rpc(Era::Stateless, "tools/list", json!({})).await;
    assert_eq!(status, 200);
}
