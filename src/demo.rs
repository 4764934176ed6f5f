//! `inventree-mcp demo`: a database with InvenTree's schema and a small inventory.

use std::str::FromStr;

use sqlx::postgres::PgConnectOptions;
use sqlx::{AssertSqlSafe, Connection, Executor, PgConnection, raw_sql};

pub const DEMO_DATABASE: &str = "inventree_mcp_demo";
/// The API token of the demo's superuser `demo`.
pub const DEMO_TOKEN: &str = "inv-d3m0d3m0d3m0d3m0d3m0d3m0d3m0d3m0d3m0d3m0-20261125";
/// The demo's users, one per kind of access, with their API tokens (`users_apitoken` in
/// `demo/inventory.sql`).
pub const USERS: &[(&str, &str, &str)] = &[
    ("demo", "superuser", DEMO_TOKEN),
    (
        "viewer",
        "views everything",
        "inv-71e3e371e3e371e3e371e3e371e3e371e3e371e3-20261125",
    ),
    (
        "engineer",
        "parts, categories and BOMs",
        "inv-e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1-20261125",
    ),
    (
        "allaccess",
        "every role, every action",
        "inv-a11a11a11a11a11a11a11a11a11a11a11a11a11a-20261125",
    ),
    (
        "nogroups",
        "no group: no permission",
        "inv-0000000000000000000000000000000000000000-20261125",
    ),
    (
        "inactive",
        "deactivated: refused",
        "inv-dead0dead0dead0dead0dead0dead0dead0dead0-20261125",
    ),
];
/// The demo inventory, also the tests' fixture data.
pub const INVENTORY_SQL: &str = include_str!("demo/inventory.sql");

/// InvenTree's schema (the tables this server touches), as sqlx migrations.
pub static SCHEMA: sqlx::migrate::Migrator = sqlx::migrate!("./migrations-snapshot");

/// (Re-)creates `database` on the server of `server_url` and loads the schema and the demo
/// inventory into it. Returns the URL of the new database.
pub async fn create(server_url: &str, database: &str) -> anyhow::Result<String> {
    anyhow::ensure!(
        !database.is_empty()
            && database
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
        "database name {database:?}: use lower-case letters, digits and underscores"
    );
    // PostgreSQL's notices (`database ... does not exist, skipping` on the first run) say
    // nothing a user needs.
    let server =
        PgConnectOptions::from_str(server_url)?.options([("client_min_messages", "warning")]);
    let mut admin = PgConnection::connect_with(&server.clone().database("postgres"))
        .await
        .map_err(|error| unreachable(&server, error))?;
    // Two statements: neither may run inside a multi-statement string.
    let drop = format!(r#"DROP DATABASE IF EXISTS "{database}" WITH (FORCE)"#);
    admin.execute(raw_sql(AssertSqlSafe(drop))).await?;
    let create = format!(r#"CREATE DATABASE "{database}""#);
    admin.execute(raw_sql(AssertSqlSafe(create))).await?;
    admin.close().await?;

    let mut conn = PgConnection::connect_with(&server.database(database)).await?;
    load(&mut conn).await?;
    conn.close().await?;
    Ok(with_database(server_url, database))
}

/// A connection failure; when no server answered, where it looked and the ways to get one.
fn unreachable(server: &PgConnectOptions, error: sqlx::Error) -> anyhow::Error {
    if !matches!(error, sqlx::Error::Io(_)) {
        return anyhow::anyhow!("the demo's PostgreSQL server refused the connection: {error}");
    }
    let at = match server.get_socket() {
        Some(socket) => socket.display().to_string(),
        None => format!("{}:{}", server.get_host(), server.get_port()),
    };
    anyhow::anyhow!(
        "no PostgreSQL server answers at {at} ({error}); the demo creates its database \
         there. Start one there (e.g. `docker run -d -p 5432:5432 -e \
         POSTGRES_HOST_AUTH_METHOD=trust postgres:15`), or give the URL of one in \
         INVENTREE_MCP_DATABASE_URL (or `database_url` in inventree-mcp.toml), or run \
         InvenTree with its demo dataset and this server beside it: `docker compose -f \
         docker-compose.dev.yml up` (then the endpoint is \
         http://localhost:8080/plugin/inventree-mcp/mcp/)"
    )
}

/// Loads the schema and the demo inventory into an empty database.
pub async fn load(conn: &mut PgConnection) -> anyhow::Result<()> {
    SCHEMA.run(&mut *conn).await?;
    let mut tx = conn.begin().await?;
    tx.execute(raw_sql(INVENTORY_SQL)).await?;
    tx.commit().await?;
    Ok(())
}

/// `url` with its database name replaced.
pub fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_end = base[scheme_end..]
        .find('/')
        .map(|i| i + scheme_end)
        .unwrap_or(base.len());
    let mut out = format!("{}/{database}", &base[..host_end]);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{INVENTORY_SQL, USERS, with_database};

    #[test]
    fn the_listed_tokens_are_the_demo_users_tokens() {
        for (user, _, token) in USERS {
            assert!(
                INVENTORY_SQL.contains(&format!("'{token}', '{user}'")),
                "{user}"
            );
        }
    }

    #[test]
    fn replaces_or_adds_the_database_name() {
        assert_eq!(
            with_database("postgres://u@h:5432", "d"),
            "postgres://u@h:5432/d"
        );
        assert_eq!(
            with_database("postgres://u@h/x?sslmode=disable", "d"),
            "postgres://u@h/d?sslmode=disable"
        );
    }
}
