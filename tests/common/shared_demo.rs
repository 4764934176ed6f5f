//! InvenTree's own demo dataset on InvenTree's full schema (`../shared/inventree/`), loaded
//! once into a template database; each test gets a copy.

use std::io::Read;
use std::path::PathBuf;

use inventree_mcp::config::Config;
use sqlx::{AssertSqlSafe, Connection, Executor, PgConnection, raw_sql};
use tokio::sync::OnceCell;

use super::{TestApp, TestDb};

/// The folder with `schema.sql` and `demo-data.sql.gz`, if this checkout has it beside it.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/inventree");
    let present = dir.join("demo-data.sql.gz").exists();
    // CI always has it: a missing copy there is a failure, not a skip.
    assert!(
        present || std::env::var_os("CI").is_none(),
        "CI without {}",
        dir.display()
    );
    present.then_some(dir)
}

/// Tokens of the dataset's users (see shared/inventree/demo-data.md).
pub const ADMIN_TOKEN: &str = "inv-b675f6f73c95080ac9558859670ae8572c596a04-20261124";
pub const READER_TOKEN: &str = "inv-cec615f966ac877f70e88aeb225f3dc0b4953c49-20261124";
pub const NO_GROUPS_TOKEN: &str = "inv-95ef961b3451bb9d12be77c23a0d24ba65c1251b-20261124";

/// The server over a copy of the dataset, called as `admin`; None (the test is skipped) when
/// the dataset is not beside this checkout.
pub async fn serve(configure: impl FnOnce(&mut Config)) -> Option<TestApp> {
    if shared_dir().is_none() {
        eprintln!("skipped: ../shared/inventree is not beside this checkout");
        return None;
    }
    let db = TestDb::copy_of(template().await).await;
    Some(TestApp::serve(db, configure).await.with_token(ADMIN_TOKEN))
}

pub async fn template() -> &'static str {
    static NAME: OnceCell<String> = OnceCell::const_new();
    NAME.get_or_init(|| async {
        let dir = shared_dir().expect("shared/inventree is not beside the checkout");
        let schema = std::fs::read_to_string(dir.join("schema.sql")).unwrap();
        let mut data = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(dir.join("demo-data.sql.gz")).unwrap())
            .read_to_string(&mut data)
            .unwrap();
        let name = super::template_name("inventree_mcp_shared", &[&schema, &data]);
        super::build_template(&name, |url| async move {
            let mut conn = PgConnection::connect(&url).await.unwrap();
            run_dump(&mut conn, &schema).await;
            // Foreign keys are deferred and the dump has cycles: one transaction.
            conn.execute("BEGIN").await.unwrap();
            run_dump(&mut conn, &data).await;
            conn.execute("COMMIT").await.unwrap();
            conn.close().await.unwrap();
        })
        .await;
        name
    })
    .await
}

/// Runs a pg_dump script: SQL statements, and `COPY ... FROM stdin` blocks fed through the
/// COPY protocol.
async fn run_dump(conn: &mut PgConnection, dump: &str) {
    let mut statements = String::new();
    let mut lines = dump.lines();
    while let Some(line) = lines.next() {
        if line.starts_with("COPY ") && line.ends_with("FROM stdin;") {
            if !statements.trim().is_empty() {
                conn.execute(raw_sql(AssertSqlSafe(std::mem::take(&mut statements))))
                    .await
                    .unwrap();
            }
            let mut copy = conn.copy_in_raw(line.trim_end_matches(';')).await.unwrap();
            let mut rows = String::new();
            for row in lines.by_ref() {
                if row == "\\." {
                    break;
                }
                rows.push_str(row);
                rows.push('\n');
            }
            copy.send(rows.as_bytes()).await.unwrap();
            copy.finish().await.unwrap();
        } else if !line.starts_with("--") {
            statements.push_str(line);
            statements.push('\n');
        }
    }
    if !statements.trim().is_empty() {
        conn.execute(raw_sql(AssertSqlSafe(statements)))
            .await
            .unwrap();
    }
}
