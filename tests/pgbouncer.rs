//! Through PgBouncer in session mode, with `pgbouncer = true`: the session settings still
//! apply (a statement timeout proves it). Needs Debian's `pgbouncer`; without it the test
//! says so and passes.

use crate::common;

use std::process::Command;

use common::cluster::{as_postgres, free_port, give_to_postgres};
use common::fixtures::*;
use common::{TestApp, lock_table};
use serde_json::json;
use sqlx::{Connection, PgConnection};

struct Bouncer(std::path::PathBuf);

impl Drop for Bouncer {
    fn drop(&mut self) {
        if let Ok(pid) = std::fs::read_to_string(self.0.join("pgbouncer.pid")) {
            let _ = Command::new("kill").arg(pid.trim()).status();
        }
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test]
async fn session_settings_apply_through_pgbouncer() {
    let binary = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists());
    let Some(binary) = binary else {
        eprintln!("skipped: pgbouncer is not installed");
        return;
    };
    let app_db = common::TestDb::new().await;
    let port = free_port();
    let dir = std::env::temp_dir().join(format!("inventree-mcp-pgbouncer-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bouncer = Bouncer(dir.clone());
    std::fs::write(dir.join("users.txt"), "\"postgres\" \"\"\n").unwrap();
    std::fs::write(
        dir.join("pgbouncer.ini"),
        format!(
            "[databases]\n* = host=127.0.0.1 port=5432\n\
             [pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {port}\nauth_type = trust\n\
             auth_file = {d}/users.txt\npool_mode = session\nunix_socket_dir =\n\
             logfile = {d}/pgbouncer.log\npidfile = {d}/pgbouncer.pid\n",
            d = dir.display()
        ),
    )
    .unwrap();
    give_to_postgres(&dir);
    let mut command = as_postgres(std::path::Path::new(binary));
    let started = command
        .args(["-d", dir.join("pgbouncer.ini").to_str().unwrap()])
        .status()
        .unwrap();
    assert!(started.success(), "pgbouncer did not start");
    let through = format!("postgres://postgres@127.0.0.1:{port}/{}", app_db.name);
    let mut reachable = Err(sqlx::Error::PoolClosed);
    for _ in 0..50 {
        let options = <sqlx::postgres::PgConnectOptions as std::str::FromStr>::from_str(&through)
            .unwrap()
            .extra_float_digits(None);
        reachable = PgConnection::connect_with(&options).await;
        if reachable.is_ok() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    if let Err(error) = reachable {
        let log = std::fs::read_to_string(dir.join("pgbouncer.log")).unwrap_or_default();
        panic!("no connection through pgbouncer: {error}\n{log}");
    }
    let url = through.clone();
    let app = TestApp::serve(common::TestDb::new().await, move |config| {
        config.database_url = url;
        config.pgbouncer = true;
        config.statement_timeout_ms = 300;
    })
    .await;
    assert_eq!(
        app.call("get_part", json!({"part_id": RESISTOR_10K})).await["id"],
        RESISTOR_10K
    );
    // statement_timeout reached the server connection: a blocked read ends at 300 ms.
    let locker = lock_table(&app_db.url, "stock_stocklocation").await;
    let message = app
        .call_err("get_location", json!({"location_id": WAREHOUSE}))
        .await;
    assert_eq!(
        message,
        "the query timed out (statement_timeout_ms); narrow the request"
    );
    locker.close().await.unwrap();
    // And writes go through too.
    let adjusted = app
        .call(
            "adjust_stock",
            json!({"stock_item_id": 1, "quantity": 1, "dry_run": true}),
        )
        .await;
    assert_eq!(adjusted["dry_run"], true);
    drop(app);
    drop(bouncer);
}
