//! Reads on a streaming replica, writes on the primary: a throwaway primary cluster and a
//! replica made from it with `pg_basebackup -R`, both on loopback ports, removed after.
//! Needs PostgreSQL's server binaries (`pg_config --bindir`, or /usr/lib/postgresql/*/bin);
//! without them the test says so and passes, except under CI, where it fails.

use crate::common;

use std::time::Duration;

use common::cluster::{Clusters, free_port, pg};
use common::{TestApp, TestDb};
use inventree_mcp::demo;
use serde_json::json;
use sqlx::PgPool;

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
    let Some(clusters) = Clusters::new("replica") else {
        return;
    };
    let (primary_port, replica_port) = (free_port(), free_port());
    clusters.create("primary", primary_port);
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
    common::cluster::start_cluster(&clusters, "replica", replica_port);
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
