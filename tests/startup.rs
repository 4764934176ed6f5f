//! What a newcomer meets when starting the server: the addresses it listens on, what it says
//! when the port is taken or PostgreSQL is missing, and what it leaves unsaid.

use crate::common;

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use common::TestDb;
use inventree_mcp::demo;
use sqlx::{AssertSqlSafe, Connection, Executor, PgConnection, raw_sql};

/// Runs the binary with `args` and the environment given, returning its exit code and
/// standard error.
fn run(args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_inventree-mcp"))
        .args(args)
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// No server answers here: connecting is refused at once.
const NOWHERE: &str = "postgres://postgres@127.0.0.1:1/postgres";

#[test]
fn demo_binds_its_port_before_touching_the_database() {
    // Another server holds the port; the database URL leads nowhere, so a start that went to
    // the database first would fail on that instead.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap();
    let next = address.port() + 1;
    let (code, err) = run(
        &["demo"],
        &[
            ("INVENTREE_MCP_LISTEN", &address.to_string()),
            ("INVENTREE_MCP_DATABASE_URL", NOWHERE),
        ],
    );
    assert_eq!(
        (code, err),
        (
            1,
            format!(
                "inventree-mcp: cannot listen on {address}: another program (another \
                 inventree-mcp?) holds that port (Address already in use (os error 98)). Stop \
                 it, or set `listen` (INVENTREE_MCP_LISTEN) to a free address, e.g. \
                 INVENTREE_MCP_LISTEN=127.0.0.1:{next}\n"
            )
        )
    );
}

#[test]
fn demo_without_postgresql_says_where_it_looked_and_how_to_get_one() {
    let port = common::cluster::free_port();
    let (code, err) = run(
        &["demo"],
        &[
            ("INVENTREE_MCP_LISTEN", &format!("127.0.0.1:{port}")),
            ("INVENTREE_MCP_DATABASE_URL", NOWHERE),
        ],
    );
    assert_eq!(
        (code, err.as_str()),
        (
            1,
            "inventree-mcp: no PostgreSQL server answers at 127.0.0.1:1 (error communicating \
             with database: Connection refused (os error 111)); the demo creates its database \
             there. Start one there (e.g. `docker run -d -p 5432:5432 -e \
             POSTGRES_HOST_AUTH_METHOD=trust postgres:15`), or give the URL of one in \
             INVENTREE_MCP_DATABASE_URL (or `database_url` in inventree-mcp.toml), or run \
             InvenTree with its demo dataset and this server beside it: `docker compose -f \
             docker-compose.dev.yml up` (then the endpoint is \
             http://localhost:8080/plugin/inventree-mcp/mcp/)\n"
        )
    );
}

/// Log lines, as the server writes them.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn creating_the_demo_database_passes_on_no_postgresql_notices() {
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let database = format!("inventree_mcp_test_demo_{}", std::process::id());
    tracing::subscriber::with_default(subscriber, || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let server = common::server_url().await;
            // The database does not exist yet: DROP DATABASE IF EXISTS raises a notice.
            demo::create(server, &database).await.unwrap();
            let mut admin = PgConnection::connect(server).await.unwrap();
            let drop = format!(r#"DROP DATABASE "{database}" WITH (FORCE)"#);
            admin.execute(raw_sql(AssertSqlSafe(drop))).await.unwrap();
            tracing::info!("created and dropped");
        })
    });
    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("created and dropped"), "{logs}");
    assert!(!logs.contains("skipping"), "{logs}");
}

#[tokio::test]
async fn a_loopback_listen_address_serves_both_loopbacks_and_logs_refused_hosts_plainly() {
    let db = TestDb::new().await;
    let port = common::cluster::free_port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_inventree-mcp"))
        .arg("serve")
        .env("INVENTREE_MCP_DATABASE_URL", &db.url)
        .env("INVENTREE_MCP_LISTEN", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let status = |url: String| async move {
        reqwest::get(url)
            .await
            .map(|response| response.status().as_u16())
            .ok()
    };
    for _ in 0..100 {
        if status(format!("http://127.0.0.1:{port}/healthz"))
            .await
            .is_some()
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // localhost may resolve to either: both answer.
    assert_eq!(
        status(format!("http://[::1]:{port}/healthz")).await,
        Some(200)
    );
    let refused = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}/mcp"))
        .header("Host", "inventree.local")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    server.kill().unwrap();
    server.wait().unwrap();
    let mut logs = String::new();
    server
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut logs)
        .unwrap();
    let listening: Vec<&str> = logs.lines().filter(|l| l.contains("listening")).collect();
    assert_eq!(listening.len(), 2, "{logs}");
    assert!(listening[0].ends_with(&format!("listening address=127.0.0.1:{port}")));
    assert!(listening[1].ends_with(&format!("listening address=[::1]:{port}")));
    let refusal = logs
        .lines()
        .find(|l| l.contains("request refused: 403"))
        .unwrap_or_else(|| panic!("{logs}"));
    assert!(
        refusal.ends_with("request refused: 403 host=inventree.local origin=(none)"),
        "{refusal}"
    );
}
