//! Seeded fuzzing of every tool's arguments against the real server and database: values of
//! every JSON type, out-of-range and huge numbers, text with wildcards, quotes, NUL and
//! emoji, very long strings, deep nesting and unknown keys. Properties: every answer is a
//! JSON-RPC answer with HTTP 200 (never 5xx), a refusal names what is wrong, no input makes
//! a query fail, and a refused write leaves the database as it was. Credentials too are
//! fuzzed (near misses of a real token, odd Basic pairs, garbage cookies, bytes beyond ASCII):
//! each gets 401 with a challenge, never a 5xx and never an answer.

use crate::common;

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

/// `FUZZ_SEED`, so that a failure replays.
fn seed() -> u64 {
    std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_1A7E_2026_1125)
}

/// `FUZZ_CASES`: cases per tool (credentials get five times as many).
fn cases_per_tool() -> usize {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40)
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
            (SELECT string_agg(t::text, ',' ORDER BY id) FROM stock_stockitemtracking t),
            (SELECT string_agg(t::text, ',' ORDER BY id) FROM order_purchaseorder t),
            (SELECT string_agg(t::text, ',' ORDER BY id) FROM order_purchaseorderlineitem t)))",
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
    let (seed, cases) = (seed(), cases_per_tool());
    let writing = tools
        .iter()
        .filter(|t| t["annotations"]["readOnlyHint"] == false)
        .count();
    assert_eq!(
        writing, 10,
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

/// A random string of up to `most` bytes drawn from `alphabet`.
fn text(rng: &mut Rng, alphabet: &[u8], most: usize) -> String {
    let len = rng.below(most + 1);
    (0..len)
        .map(|_| alphabet[rng.below(alphabet.len())] as char)
        .collect()
}

/// A credential of some shape: (header, value). The value may hold bytes no HTTP header can
/// carry; the caller skips those.
fn credential(rng: &mut Rng) -> (&'static str, Vec<u8>) {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    const PRINTABLE: &[u8] = b"abcdefABCDEF0123456789-_=+/:;., \"'%\\!@#$^&*()[]{}<>?|~`";
    let token = common::fixtures::DEMO_TOKEN;
    let scheme = [
        "Token", "Bearer", "Basic", "token", "BASIC", "Digest", "", "Token  ",
    ][rng.below(8)];
    let payload: Vec<u8> = match rng.below(10) {
        // Near misses of the real token.
        0 => token[..rng.below(token.len())].into(),
        1 => format!("{token}{}x", text(rng, PRINTABLE, 4)).into_bytes(),
        2 => {
            let mut bytes = token.as_bytes().to_vec();
            let at = rng.below(bytes.len());
            bytes[at] = if bytes[at] == b'a' { b'b' } else { b'a' };
            bytes
        }
        // Basic of odd user:password pairs: unicode, NUL, many colons, empty parts, huge.
        3 => {
            let user = ["demo", "admin", "", "ünïcödé", "a\0b", "x:y", "' OR 1=1 --"][rng.below(7)]
                .to_string();
            let password = text(rng, PRINTABLE, 40);
            STANDARD.encode(format!("{user}:{password}")).into_bytes()
        }
        4 => STANDARD.encode(text(rng, PRINTABLE, 60)).into_bytes(),
        5 => STANDARD.encode("demo:".repeat(2000)).into_bytes(),
        // Not base64, long, bytes beyond ASCII.
        6 => text(rng, PRINTABLE, 200).into_bytes(),
        7 => "A".repeat(6000).into_bytes(),
        8 => (0..rng.below(30))
            .map(|_| 0x80 + rng.below(128) as u8)
            .collect(),
        _ => Vec::new(),
    };
    if rng.below(4) == 0 {
        // A session cookie instead: garbage, signed-looking, several cookies, odd names.
        let value = match rng.below(4) {
            0 => text(rng, b"abcdef0123456789", 40),
            1 => format!(
                "{}:{}:{}",
                text(rng, PRINTABLE, 10),
                text(rng, PRINTABLE, 6),
                text(rng, PRINTABLE, 20)
            ),
            2 => format!("{}x", common::fixtures::VIEWER_SESSION),
            _ => text(rng, PRINTABLE, 300),
        };
        let name = ["sessionid", "SESSIONID", "sessionid ", "csrftoken"][rng.below(4)];
        return ("Cookie", format!("{name}={value}").into_bytes());
    }
    let mut value = scheme.as_bytes().to_vec();
    if !scheme.is_empty() && rng.below(5) != 0 {
        value.push(b' ');
    }
    value.extend(payload);
    ("Authorization", value)
}

#[tokio::test]
async fn fuzzed_credentials_get_401_never_a_5xx_or_an_answer() {
    let app = TestApp::start_with(|config| {
        config.secret_key = Some(common::fixtures::SECRET_KEY.into());
        // Basic logins are rate-limited per user name; these failures are the fuzzer's.
        config.login_failure_limit = 1_000_000;
    })
    .await
    .without_credential();
    let cases = cases_per_tool() * 5;
    let mut rng = Rng(seed() ^ 0xC4ED);
    let before = fingerprint(&app.db.pool).await;
    let http = reqwest::Client::new();
    let mut statuses = std::collections::BTreeMap::new();
    let mut unsendable = 0;
    for case in 0..cases {
        let (header, value) = credential(&mut rng);
        let Ok(value) = reqwest::header::HeaderValue::from_bytes(&value) else {
            unsendable += 1;
            continue;
        };
        let shown = String::from_utf8_lossy(value.as_bytes())
            .chars()
            .take(80)
            .collect::<String>();
        let response = http
            .post(format!("{}/mcp", app.base))
            .header(header, value)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .header("MCP-Protocol-Version", "2025-11-25")
            .body(r#"{"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "get_part", "arguments": {"part_id": 1}}}"#)
            .send()
            .await
            .unwrap_or_else(|e| panic!("case {case}, {header}: {shown:?}: {e}"));
        let status = response.status().as_u16();
        let challenged = response.headers().contains_key("www-authenticate");
        let body: Value = response.json().await.unwrap_or_default();
        // None of these is a valid credential: each is refused with 401, a challenge and a
        // JSON-RPC error saying why.
        assert!(
            status == 401 && challenged && body["error"]["message"].is_string(),
            "case {case}: HTTP {status} {body} for {header}: {shown:?}"
        );
        *statuses.entry(status).or_insert(0) += 1;
    }
    eprintln!("fuzzed credentials: {statuses:?}, {unsendable} not sendable as a header");
    assert!(statuses.get(&401).is_some_and(|n| *n > cases / 2));
    assert_eq!(fingerprint(&app.db.pool).await, before);
    // The real credentials still work.
    let app = app.with_token(common::fixtures::DEMO_TOKEN);
    assert_eq!(app.call("get_part", json!({"part_id": 1})).await["id"], 1);
}
