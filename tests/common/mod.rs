//! Test harness: a fresh database per test (the schema snapshot plus the demo inventory),
//! the real server on a random port, and an MCP client over HTTP.

pub mod cluster;
pub mod fixtures;
pub mod shared_demo;
pub mod transport;

use std::hash::{Hash, Hasher};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use inventree_mcp::config::Config;
use inventree_mcp::http::serve_on;
use inventree_mcp::state::AppState;
use inventree_mcp::{db, demo};
use serde_json::{Value, json};
use sqlx::postgres::PgConnectOptions;
use sqlx::{AssertSqlSafe, Connection, Executor, PgConnection, PgPool, raw_sql};
use tokio::sync::OnceCell;

/// The PostgreSQL server: `DATABASE_URL` when set, else a container started once.
pub async fn server_url() -> &'static str {
    static URL: OnceCell<String> = OnceCell::const_new();
    URL.get_or_init(|| async {
        if let Ok(url) = std::env::var("DATABASE_URL") {
            return url;
        }
        start_container().await
    })
    .await
}

async fn start_container() -> String {
    use testcontainers_modules::postgres::Postgres;
    use testcontainers_modules::testcontainers::runners::AsyncRunner;
    let container = Postgres::default()
        .start()
        .await
        .expect("DATABASE_URL is not set and no PostgreSQL container could be started");
    let port = container
        .get_host_port_ipv4(5432)
        .await
        .expect("container port");
    // The container lives as long as the test process.
    std::mem::forget(container);
    format!("postgres://postgres:postgres@127.0.0.1:{port}/postgres")
}

/// The name of a template database: a prefix and a hash of what goes into it, so that a
/// change to any of it builds a new one.
fn template_name(prefix: &str, contents: &[&str]) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    // Bumped when the way templates are built changes.
    "collation C".hash(&mut hasher);
    contents.hash(&mut hasher);
    format!("{prefix}_{:016x}", hasher.finish())
}

/// Builds the template `name` with `load` (given its URL) unless it exists. Test binaries
/// run side by side: one builds, the others wait on the advisory lock.
async fn build_template<F, Fut>(name: &str, load: F)
where
    F: FnOnce(String) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut admin = admin().await;
    admin
        .execute("SELECT pg_advisory_lock(74657374)")
        .await
        .unwrap();
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(name)
            .fetch_one(&mut admin)
            .await
            .unwrap();
    if !exists {
        // Built under another name and renamed when complete, so a half-built template
        // left by an interrupted run is never used.
        let building = format!("{name}_building");
        for sql in [
            format!(r#"DROP DATABASE IF EXISTS "{building}" WITH (FORCE)"#),
            // A fixed collation, so that orderings by name are the same on every server.
            format!(
                r#"CREATE DATABASE "{building}" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"#
            ),
        ] {
            admin.execute(raw_sql(AssertSqlSafe(sql))).await.unwrap();
        }
        load(demo::with_database(server_url().await, &building)).await;
        let rename = format!(r#"ALTER DATABASE "{building}" RENAME TO "{name}""#);
        admin.execute(raw_sql(AssertSqlSafe(rename))).await.unwrap();
    }
    admin
        .execute("SELECT pg_advisory_unlock(74657374)")
        .await
        .unwrap();
}

/// The snapshot schema with the demo inventory.
async fn demo_template() -> &'static str {
    static NAME: OnceCell<String> = OnceCell::const_new();
    NAME.get_or_init(|| async {
        let mut contents: Vec<&str> = demo::SCHEMA.iter().map(|m| m.sql.as_str()).collect();
        contents.push(demo::INVENTORY_SQL);
        let name = template_name("inventree_mcp_tpl", &contents);
        build_template(&name, |url| async move {
            let mut conn = PgConnection::connect(&url).await.unwrap();
            demo::load(&mut conn).await.unwrap();
            conn.close().await.unwrap();
        })
        .await;
        name
    })
    .await
}

async fn admin() -> PgConnection {
    let options = PgConnectOptions::from_str(server_url().await).unwrap();
    PgConnection::connect_with(&options.database("postgres"))
        .await
        .unwrap()
}

/// A database of its own for one test, dropped when the test ends.
pub struct TestDb {
    pub name: String,
    pub url: String,
    pub pool: PgPool,
}

impl TestDb {
    /// A copy of the demo inventory.
    pub async fn new() -> TestDb {
        Self::copy_of(demo_template().await).await
    }

    pub async fn copy_of(template: &str) -> TestDb {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "inventree_mcp_test_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let create = format!(r#"CREATE DATABASE "{name}" TEMPLATE "{template}""#);
        admin()
            .await
            .execute(raw_sql(AssertSqlSafe(create)))
            .await
            .unwrap();
        let url = demo::with_database(server_url().await, &name);
        let pool = PgPool::connect(&url).await.unwrap();
        TestDb { name, url, pool }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let name = self.name.clone();
        let url = demo::with_database(&self.url, "postgres");
        // Drop runs outside async code: use a runtime of its own on a plain thread.
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                if let Ok(mut admin) = PgConnection::connect(&url).await {
                    let drop = format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#);
                    let _ = admin.execute(raw_sql(AssertSqlSafe(drop))).await;
                }
            });
        })
        .join()
        .unwrap();
    }
}

/// Protocol eras a client may speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Era {
    /// 2025-11-25: `initialize`, then requests with `MCP-Protocol-Version`.
    Legacy,
    /// 2026-07-28: stateless, per-request `_meta` and `Mcp-Method`/`Mcp-Name` headers.
    Stateless,
}

/// The real server on a random port, over a test database.
pub struct TestApp {
    pub db: TestDb,
    pub base: String,
    pub http: reqwest::Client,
    /// The header that authenticates requests: `Authorization`, `Cookie`, or none.
    pub credential: Option<(&'static str, String)>,
    /// The server's pool for reads: the connections its read tools run on.
    pub reads: PgPool,
}

impl TestApp {
    pub async fn start() -> TestApp {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(configure: impl FnOnce(&mut Config)) -> TestApp {
        Self::serve(TestDb::new().await, configure).await
    }

    /// The server over a given database.
    pub async fn serve(db: TestDb, configure: impl FnOnce(&mut Config)) -> TestApp {
        let mut config = Config {
            database_url: db.url.clone(),
            listen: "127.0.0.1:0".parse().unwrap(),
            ..Config::default()
        };
        configure(&mut config);
        let pool = db::read_pool(&config).unwrap();
        let listener = tokio::net::TcpListener::bind(config.listen).await.unwrap();
        let address = listener.local_addr().unwrap();
        let state = Arc::new(AppState::new(config, pool.clone()).unwrap());
        tokio::spawn(async move {
            serve_on(listener, state, std::future::pending())
                .await
                .unwrap()
        });
        TestApp {
            db,
            base: format!("http://{address}"),
            http: reqwest::Client::new(),
            credential: None,
            reads: pool,
        }
        .with_token(fixtures::DEMO_TOKEN)
    }

    pub fn with_token(self, token: &str) -> TestApp {
        self.with_credential("Authorization", format!("Token {token}"))
    }

    pub fn with_credential(mut self, header: &'static str, value: String) -> TestApp {
        self.credential = Some((header, value));
        self
    }

    pub fn without_credential(mut self) -> TestApp {
        self.credential = None;
        self
    }

    /// Sends one JSON-RPC request to `path` as a client of `era` would, returning the HTTP
    /// status and the body (JSON, or null when empty).
    pub async fn rpc_at(&self, path: &str, era: Era, method: &str, params: Value) -> (u16, Value) {
        let mut request = self
            .http
            .post(format!("{}{path}", self.base))
            .header("Accept", "application/json, text/event-stream");
        if let Some((header, value)) = &self.credential {
            request = request.header(*header, value);
        }
        let response = era_request(request, era, method, params)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap()
        };
        (status, value)
    }

    pub async fn rpc(&self, era: Era, method: &str, params: Value) -> (u16, Value) {
        self.rpc_at("/mcp", era, method, params).await
    }

    /// Calls a tool and returns its result object (`content`, `structuredContent`, `isError`).
    pub async fn call_in(&self, era: Era, tool: &str, arguments: Value) -> Value {
        let (status, body) = self
            .rpc(
                era,
                "tools/call",
                json!({"name": tool, "arguments": arguments}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        body.get("result")
            .cloned()
            .unwrap_or_else(|| panic!("no result: {body}"))
    }

    /// Calls a tool that must succeed and returns its structured content.
    pub async fn call(&self, tool: &str, arguments: Value) -> Value {
        structured(tool, self.call_in(Era::Stateless, tool, arguments).await)
    }

    /// Calls a tool that must fail with an `isError` result, and returns its message.
    pub async fn call_err(&self, tool: &str, arguments: Value) -> String {
        error_text(tool, self.call_in(Era::Stateless, tool, arguments).await)
    }
}

/// The structured content of a tool's successful `result`.
/// `request` as a client of `era` sends `method`: its protocol headers (and for the
/// stateless era `Mcp-Method`, `Mcp-Name` and the per-request `_meta`), with the JSON-RPC body.
pub fn era_request(
    mut request: reqwest::RequestBuilder,
    era: Era,
    method: &str,
    mut params: Value,
) -> reqwest::RequestBuilder {
    match era {
        Era::Legacy => {
            request = request.header("MCP-Protocol-Version", "2025-11-25");
        }
        Era::Stateless => {
            request = request
                .header("MCP-Protocol-Version", "2026-07-28")
                .header("Mcp-Method", method);
            let named = if method == "resources/read" {
                "uri"
            } else {
                "name"
            };
            if let Some(name) = params.get(named).and_then(Value::as_str) {
                request = request.header("Mcp-Name", name.to_string());
            }
            params.as_object_mut().unwrap().insert(
                "_meta".into(),
                json!({
                    "io.modelcontextprotocol/protocolVersion": "2026-07-28",
                    "io.modelcontextprotocol/clientCapabilities": {}
                }),
            );
        }
    }
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
    request.json(&body)
}

pub fn structured(tool: &str, result: Value) -> Value {
    assert_eq!(result["isError"], false, "{tool} failed: {result}");
    let structured = result["structuredContent"].clone();
    // The text block carries the same JSON, marked as data.
    let text = result["content"][0]["text"].as_str().unwrap();
    let json = text
        .strip_prefix(inventree_mcp::tools::DATA_OPEN)
        .and_then(|rest| rest.strip_suffix(inventree_mcp::tools::DATA_CLOSE))
        .unwrap_or_else(|| panic!("unmarked text block: {text}"));
    let text: Value = serde_json::from_str(json).unwrap();
    assert_eq!(text, structured);
    structured
}

/// The message of a tool's `isError` result, which must carry no data.
pub fn error_text(tool: &str, result: Value) -> String {
    assert_eq!(
        result["isError"], true,
        "{tool} should have failed: {result}"
    );
    assert!(result.get("structuredContent").is_none_or(Value::is_null));
    result["content"][0]["text"].as_str().unwrap().to_string()
}

/// Every tool's name, in `tools/list` order, as the golden snapshot
/// (`tests/golden/tools_list.json`) records it.
pub fn golden_tool_names() -> Vec<String> {
    golden_tools()
        .iter()
        .map(|tool| tool["name"].as_str().unwrap().to_string())
        .collect()
}

/// The names of the tools that only read (`readOnlyHint`), in `tools/list` order.
pub fn golden_read_tool_names() -> Vec<String> {
    golden_tools()
        .iter()
        .filter(|tool| tool["annotations"]["readOnlyHint"] == true)
        .map(|tool| tool["name"].as_str().unwrap().to_string())
        .collect()
}

fn golden_tools() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/tools_list.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The `field` of every item of a list answer.
pub fn column(answer: &Value, field: &str) -> Vec<Value> {
    answer["items"]
        .as_array()
        .unwrap_or_else(|| panic!("not a list answer: {answer}"))
        .iter()
        .map(|item| item[field].clone())
        .collect()
}

/// Holds an exclusive lock on `table` of the database at `url` until the connection is
/// dropped or closed, so that tools reading the table wait.
pub async fn lock_table(url: &str, table: &str) -> PgConnection {
    let mut conn = PgConnection::connect(url).await.unwrap();
    conn.execute("BEGIN").await.unwrap();
    conn.execute(AssertSqlSafe(format!(
        "LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"
    )))
    .await
    .unwrap();
    conn
}

/// The stock history rows written since id `after`, without their dates (`fresh`: written in
/// the last minute).
pub async fn tracking_since(pool: &PgPool, after: i64) -> Vec<Value> {
    sqlx::query_scalar(
        "SELECT json_build_object('item', item_id, 'part', part_id, 'user', user_id, 'type', tracking_type,
                                  'deltas', deltas, 'notes', notes, 'fresh', date > now() - interval '1 minute')
         FROM stock_stockitemtracking WHERE id > $1 ORDER BY id",
    )
    .bind(after)
    .fetch_all(pool)
    .await
    .unwrap()
}
