//! One client over either transport, so that a test body written once runs over HTTP and
//! over stdio: the real server on a random port, or the built binary's `stdio` command as a
//! child process speaking JSON-RPC lines.

use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};
use tokio::sync::Mutex;

use super::{Era, TestApp, TestDb};

/// How a test reaches the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    Http,
    Stdio,
}

/// A client of the server, over HTTP or stdio, acting with one InvenTree API token.
pub enum Client {
    Http(TestApp),
    Stdio(Box<StdioApp>),
}

impl Client {
    /// The server over a fresh copy of the demo inventory, called with `token`.
    pub async fn start(transport: Transport, token: &str) -> Client {
        let db = TestDb::new().await;
        match transport {
            Transport::Http => Client::Http(TestApp::serve(db, |_| {}).await.with_token(token)),
            Transport::Stdio => Client::Stdio(Box::new(StdioApp::spawn(db, token, &[]).await)),
        }
    }

    pub fn db(&self) -> &TestDb {
        match self {
            Client::Http(app) => &app.db,
            Client::Stdio(app) => &app.db,
        }
    }

    /// The result of `initialize` as a 2025-11-25 client.
    pub async fn initialize(&self) -> Value {
        match self {
            Client::Http(app) => {
                let (status, body) = app
                    .rpc(Era::Legacy, "initialize", initialize_params())
                    .await;
                assert_eq!(status, 200, "{body}");
                body["result"].clone()
            }
            Client::Stdio(app) => app.initialized.clone(),
        }
    }

    /// Sends one request and returns the whole JSON-RPC response (`result` or `error`).
    pub async fn rpc(&self, method: &str, params: Value) -> Value {
        match self {
            Client::Http(app) => {
                let (status, body) = app.rpc(Era::Stateless, method, params).await;
                assert_eq!(status, 200, "{body}");
                body
            }
            Client::Stdio(app) => app.rpc(method, params).await,
        }
    }

    /// The names `tools/list` gives, in its order.
    pub async fn tool_names(&self) -> Vec<String> {
        let body = self.rpc("tools/list", json!({})).await;
        body["result"]["tools"]
            .as_array()
            .unwrap_or_else(|| panic!("no tools: {body}"))
            .iter()
            .map(|tool| tool["name"].as_str().unwrap().to_string())
            .collect()
    }

    /// Calls a tool and returns its result object (`content`, `structuredContent`, `isError`).
    pub async fn call_result(&self, tool: &str, arguments: Value) -> Value {
        let body = self
            .rpc("tools/call", json!({"name": tool, "arguments": arguments}))
            .await;
        body.get("result")
            .cloned()
            .unwrap_or_else(|| panic!("no result: {body}"))
    }

    /// Calls a tool that must succeed and returns its structured content.
    pub async fn call(&self, tool: &str, arguments: Value) -> Value {
        super::structured(tool, self.call_result(tool, arguments).await)
    }

    /// Calls a tool that must fail with an `isError` result, and returns its message.
    pub async fn call_err(&self, tool: &str, arguments: Value) -> String {
        super::error_text(tool, self.call_result(tool, arguments).await)
    }
}

fn initialize_params() -> Value {
    json!({
        "protocolVersion": "2025-11-25",
        "capabilities": {},
        "clientInfo": {"name": "inventree-mcp-tests", "version": "1"}
    })
}

/// The binary's `stdio` command over a test database, initialized as a 2025-11-25 client.
/// Every line it writes to standard output must be a JSON-RPC message.
pub struct StdioApp {
    pub db: TestDb,
    /// The result of `initialize`.
    pub initialized: Value,
    child: Child,
    io: Mutex<(ChildStdin, Lines<BufReader<ChildStdout>>)>,
    next_id: AtomicU64,
    stderr: Arc<std::sync::Mutex<String>>,
}

/// The `stdio` command for the database at `url` with `token` (none: the variable unset) and
/// more `INVENTREE_MCP_*` settings, run outside the source tree so that no configuration
/// file is read.
pub fn stdio_command(url: &str, token: Option<&str>, settings: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_inventree-mcp"));
    command
        .arg("stdio")
        .current_dir(std::env::temp_dir())
        .env_remove("DATABASE_URL")
        .env_remove("INVENTREE_MCP_TOKEN")
        .env("INVENTREE_MCP_DATABASE_URL", url)
        .env("RUST_LOG", "info")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    if let Some(token) = token {
        command.env("INVENTREE_MCP_TOKEN", token);
    }
    for (key, value) in settings {
        command.env(format!("INVENTREE_MCP_{}", key.to_uppercase()), value);
    }
    command
}

impl StdioApp {
    /// Starts the server acting with `token` and initializes a session.
    pub async fn spawn(db: TestDb, token: &str, settings: &[(&str, &str)]) -> StdioApp {
        let mut child = stdio_command(&db.url, Some(token), settings)
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap()).lines();
        // Drained as it comes, so that logging never blocks on a full pipe.
        let stderr = Arc::new(std::sync::Mutex::new(String::new()));
        let mut pipe = child.stderr.take().unwrap();
        let sink = stderr.clone();
        tokio::spawn(async move {
            let mut buffer = [0; 4096];
            while let Ok(n @ 1..) = pipe.read(&mut buffer).await {
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buffer[..n]));
            }
        });
        let mut app = StdioApp {
            db,
            initialized: Value::Null,
            child,
            io: Mutex::new((stdin, stdout)),
            next_id: AtomicU64::new(1),
            stderr,
        };
        let body = app.rpc("initialize", initialize_params()).await;
        app.initialized = body
            .get("result")
            .cloned()
            .unwrap_or_else(|| panic!("initialize failed: {body}"));
        app.notify("notifications/initialized").await;
        app
    }

    async fn send(stdin: &mut ChildStdin, message: &Value) {
        let mut line = serde_json::to_vec(message).unwrap();
        line.push(b'\n');
        stdin.write_all(&line).await.unwrap();
        stdin.flush().await.unwrap();
    }

    async fn notify(&self, method: &str) {
        let mut io = self.io.lock().await;
        Self::send(&mut io.0, &json!({"jsonrpc": "2.0", "method": method})).await;
    }

    /// Sends one request and returns its response; any other line the server writes
    /// meanwhile must be a JSON-RPC message too.
    pub async fn rpc(&self, method: &str, params: Value) -> Value {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let mut io = self.io.lock().await;
        let request = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        Self::send(&mut io.0, &request).await;
        loop {
            let line = tokio::time::timeout(std::time::Duration::from_secs(30), io.1.next_line())
                .await
                .unwrap_or_else(|_| panic!("no answer to {method}; stderr: {}", self.stderr()))
                .unwrap()
                .unwrap_or_else(|| panic!("stdout closed; stderr: {}", self.stderr()));
            let message = json_rpc_line(&line);
            if message["id"] == id {
                return message;
            }
        }
    }

    /// What the server wrote to standard error so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Closes standard input, waits for the server to exit, and returns what it wrote to
    /// standard output after the last answer read, and its exit status.
    pub async fn close(self) -> (Vec<String>, std::process::ExitStatus) {
        let StdioApp { mut child, io, .. } = self;
        let (stdin, mut stdout) = io.into_inner();
        drop(stdin);
        let mut rest = Vec::new();
        while let Some(line) = stdout.next_line().await.unwrap() {
            rest.push(line);
        }
        let status = tokio::time::timeout(std::time::Duration::from_secs(10), child.wait())
            .await
            .expect("the server did not exit when its input closed")
            .unwrap();
        (rest, status)
    }
}

/// A line of standard output, which must be one JSON-RPC 2.0 message.
pub fn json_rpc_line(line: &str) -> Value {
    let message: Value = serde_json::from_str(line)
        .unwrap_or_else(|error| panic!("not JSON on stdout ({error}): {line}"));
    assert_eq!(message["jsonrpc"], "2.0", "not JSON-RPC on stdout: {line}");
    message
}
