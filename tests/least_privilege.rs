//! A read-only deployment on a PostgreSQL role that may only SELECT: the database itself
//! enforces that nothing is written.

use crate::common;

use std::process::Command;

use common::{TestApp, TestDb};
use serde_json::json;
use sqlx::{AssertSqlSafe, Executor, raw_sql};

#[tokio::test]
async fn read_only_serves_on_a_select_only_role() {
    let db = TestDb::new().await;
    let role = format!("inventree_mcp_reader_{}", std::process::id());
    db.pool
        .execute(raw_sql(AssertSqlSafe(format!(
            "DROP ROLE IF EXISTS {role};
             CREATE ROLE {role} LOGIN;
             GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role};"
        ))))
        .await
        .unwrap();
    let reader_url = db.url.replacen("postgres@", &format!("{role}@"), 1);
    assert_ne!(reader_url, db.url);

    // `check` is content with the role, and warns about a role that could write.
    let check = |url: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_inventree-mcp"))
            .arg("check")
            .env("INVENTREE_MCP_DATABASE_URL", url)
            .env("INVENTREE_MCP_READ_ONLY", "true")
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    };
    let (code, out) = check(&reader_url);
    assert_eq!(
        (code, out.as_str()),
        (
            Some(0),
            "database: InvenTree's tables without InvenTree's migration history (no django_migrations table), as in the demo database\ncompatible\n"
        )
    );
    let (code, out) = check(&db.url);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("warning: read_only = true, but this role can write to 69 of InvenTree's tables (auth_group, auth_user"),
        "{out}"
    );

    let url = reader_url.clone();
    let app = TestApp::serve(TestDb::new().await, move |config| {
        config.database_url = url;
        config.read_only = true;
    })
    .await;
    let (_, body) = app
        .rpc(common::Era::Stateless, "tools/list", json!({}))
        .await;
    // Every read tool, no write tool.
    let names: Vec<&str> = body["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, common::golden_read_tool_names());
    let part = app.call("get_part", json!({"part_id": 1})).await;
    assert_eq!(part["name"], "Resistor 10k 0603");
    let pivot = app.call("stock_pivot", json!({"max_depth": 0})).await;
    assert!(pivot["grand_total"].as_f64().unwrap() > 0.0);
    let message = app
        .call_err("adjust_stock", json!({"stock_item_id": 1, "quantity": 1}))
        .await;
    assert_eq!(
        message,
        "this server is read-only (read_only = true): it makes no changes"
    );
    drop(app);

    // OAuth access tokens are only read too.
    db.pool
        .execute(raw_sql(
            "INSERT INTO oauth2_provider_application (id, client_id, redirect_uris, client_type,
                 authorization_grant_type, client_secret, name, user_id, skip_authorization,
                 created, updated, algorithm, post_logout_redirect_uris, hash_client_secret,
                 allowed_origins)
             VALUES (1, 'mcp-client', 'https://claude.ai/api/mcp/auth_callback', 'confidential',
                     'authorization-code', '', 'Claude', 1, false, now(), now(), '', '', true, '');
             INSERT INTO oauth2_provider_accesstoken (token, token_checksum, expires, scope,
                 application_id, user_id, created, updated)
             VALUES ('ReadOnlyRoleAccessToken0000000',
                     encode(sha256(convert_to('ReadOnlyRoleAccessToken0000000', 'UTF8')), 'hex'),
                     now() + interval '1 hour', 'r:view:part', 1, 1, now(), now());",
        ))
        .await
        .unwrap();
    let url = reader_url.clone();
    let app = TestApp::serve(TestDb::new().await, move |config| {
        config.database_url = url;
        config.read_only = true;
        config.public_url = Some("https://mcp.example.com/mcp".into());
        config.oauth_issuer = Some("https://inventree.example.com/o".into());
        config.oauth_client_ids = vec!["mcp-client".into()];
    })
    .await
    .with_credential(
        "Authorization",
        "Bearer ReadOnlyRoleAccessToken0000000".into(),
    );
    let part = app.call("get_part", json!({"part_id": 1})).await;
    assert_eq!(part["name"], "Resistor 10k 0603");
    drop(app);

    db.pool
        .execute(raw_sql(AssertSqlSafe(format!(
            "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role};"
        ))))
        .await
        .unwrap();
    let admin_url = inventree_mcp::demo::with_database(&db.url, "postgres");
    db.pool.close().await;
    drop(db);
    let admin = sqlx::PgPool::connect(&admin_url).await.unwrap();
    admin
        .execute(raw_sql(AssertSqlSafe(format!(
            "DROP ROLE IF EXISTS {role}"
        ))))
        .await
        .unwrap();
}
