//! Reads on a streaming replica, writes on the primary: a throwaway primary cluster and a
//! replica made from it with `pg_basebackup -R`, both on loopback ports, removed after.
//! Needs PostgreSQL's server binaries (`pg_config --bindir`, or /usr/lib/postgresql/*/bin);
//! without them the test says so and passes, except under CI, where it fails.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::{TestApp, TestDb};
use inventree_mcp::demo;
use serde_json::json;
use sqlx::PgPool;

fn bin_dir() -> Option<PathBuf> {
    let from_config = Command::new("pg_config")
        .arg("--bindir")
        .output()
        .ok()
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    let candidates = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path().join("bin"));
    from_config
        .into_iter()
        .chain(candidates)
        .find(|dir| dir.join("initdb").exists() && dir.join("pg_basebackup").exists())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Runs a PostgreSQL binary, as the `postgres` user when we are root (PostgreSQL refuses
/// to run as root).
fn pg(bin: &Path, program: &str, args: &[&str]) {
    let path = bin.join(program);
    let output = if is_root() {
        Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(&path)
            .args(args)
            .output()
    } else {
        Command::new(&path).args(args).output()
    }
    .unwrap();
    assert!(
        output.status.success(),
        "{program} {args:?}: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Two clusters in a directory of their own: stopped and removed on drop.
struct Clusters {
    bin: PathBuf,
    dir: PathBuf,
}

impl Drop for Clusters {
    fn drop(&mut self) {
        for data in ["replica", "primary"] {
            let data = self.dir.join(data);
            if data.join("postmaster.pid").exists() {
                let path = self.bin.join("pg_ctl");
                let args = ["-D", data.to_str().unwrap(), "-m", "immediate", "stop"];
                let _ = if is_root() {
                    Command::new("runuser")
                        .args(["-u", "postgres", "--"])
                        .arg(&path)
                        .args(args)
                        .output()
                } else {
                    Command::new(&path).args(args).output()
                };
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn start_cluster(clusters: &Clusters, name: &str, port: u16) {
    let data = clusters.dir.join(name);
    let conf = format!(
        "\nport = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{}'\n\
         fsync = off\n",
        clusters.dir.display()
    );
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(data.join("postgresql.conf"))
        .unwrap();
    std::io::Write::write_all(&mut file, conf.as_bytes()).unwrap();
    let log = clusters.dir.join(format!("{name}.log"));
    pg(
        &clusters.bin,
        "pg_ctl",
        &[
            "-D",
            data.to_str().unwrap(),
            "-l",
            log.to_str().unwrap(),
            "-w",
            "start",
        ],
    );
}

async fn backends(pool: &PgPool) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'inventree-mcp'",
    )
    .fetch_one(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn reads_run_on_the_replica_and_writes_on_the_primary() {
    let Some(bin) = bin_dir() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "PostgreSQL's server binaries are needed under CI"
        );
        eprintln!("skipped: no PostgreSQL server binaries (initdb, pg_basebackup)");
        return;
    };
    let dir = std::env::temp_dir().join(format!("inventree-mcp-replica-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    if is_root() {
        assert!(
            Command::new("chown")
                .args(["postgres:postgres", dir.to_str().unwrap()])
                .status()
                .unwrap()
                .success()
        );
    }
    let clusters = Clusters { bin, dir };
    let (primary_port, replica_port) = (free_port(), free_port());
    let primary_data = clusters.dir.join("primary");
    pg(
        &clusters.bin,
        "initdb",
        &[
            "-D",
            primary_data.to_str().unwrap(),
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
        ],
    );
    start_cluster(&clusters, "primary", primary_port);
    let primary_server = format!("postgres://postgres@127.0.0.1:{primary_port}/postgres");
    let primary_url = demo::create(&primary_server, "inventree").await.unwrap();
    let replica_data = clusters.dir.join("replica");
    pg(
        &clusters.bin,
        "pg_basebackup",
        &[
            "-h",
            "127.0.0.1",
            "-p",
            &primary_port.to_string(),
            "-U",
            "postgres",
            "-D",
            replica_data.to_str().unwrap(),
            "-R",
            "-X",
            "stream",
            "--checkpoint=fast",
        ],
    );
    start_cluster(&clusters, "replica", replica_port);
    let replica_url = demo::with_database(
        &format!("postgres://postgres@127.0.0.1:{replica_port}/postgres"),
        "inventree",
    );
    let primary = PgPool::connect(&primary_url).await.unwrap();
    let replica = PgPool::connect(&replica_url).await.unwrap();
    let in_recovery: bool = sqlx::query_scalar("SELECT pg_is_in_recovery()")
        .fetch_one(&replica)
        .await
        .unwrap();
    assert!(in_recovery, "the replica is a standby");

    let (write_url, read_url) = (primary_url.clone(), replica_url.clone());
    let app = TestApp::serve(TestDb::new().await, move |config| {
        config.database_url = write_url;
        config.read_database_url = Some(read_url);
    })
    .await;
    let item = app
        .call("get_stock_item", json!({"stock_item_id": 1}))
        .await;
    let before = item["quantity"].as_f64().unwrap();
    // Credentials, roles and the read went to the replica; nothing to the primary yet.
    assert!(backends(&replica).await >= 1);
    assert_eq!(backends(&primary).await, 0);

    // The write lands on the primary (the replica would refuse it) and answers from there.
    let adjusted = app
        .call(
            "adjust_stock",
            json!({"stock_item_id": 1, "quantity": 7, "notes": "via primary"}),
        )
        .await;
    assert_eq!(adjusted["quantity"], before + 7.0);
    assert_eq!(backends(&primary).await, 1);
    // Reads see it once the replica has replayed it.
    let mut seen = 0.0;
    for _ in 0..50 {
        let item = app
            .call("get_stock_item", json!({"stock_item_id": 1}))
            .await;
        seen = item["quantity"].as_f64().unwrap();
        if seen == before + 7.0 {
            assert_eq!(item["tracking"][0]["notes"], "via primary");
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(seen, before + 7.0, "the replica caught up within 5 s");
    primary.close().await;
    replica.close().await;
}
