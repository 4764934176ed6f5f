//! Connections to InvenTree's database.

use std::str::FromStr;
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, PgConnection, PgPool, Postgres};

use crate::config::Config;

/// The name every connection reports in `pg_stat_activity`.
pub const APPLICATION_NAME: &str = "inventree-mcp";

/// How often PostgreSQL looks, during a query, whether our end of the connection is gone.
const CLIENT_CHECK_INTERVAL_MS: u32 = 1000;

/// A pool of read-only connections. The session settings travel in the startup packet, so
/// they cost no round trip, neither at connect time nor per call. Generic plans: every query
/// is prepared once per connection, and re-planning the larger ones on each call (which
/// PostgreSQL's default may choose) costs several times their execution. No JIT: compiling
/// a generic plan of a list query took 260 of its 280 ms on 100k parts.
///
/// With `read_database_url` (a streaming replica), reads go there; writes, and what a write
/// reads back, stay on `database_url` in the write's own transaction.
pub fn read_pool(config: &Config) -> Result<PgPool, sqlx::Error> {
    let url = config
        .read_database_url
        .as_deref()
        .unwrap_or(&config.database_url);
    pool(config, url, config.pool_size, true)
}

/// A pool for writes: the same session settings, without read-only.
pub fn write_pool(config: &Config) -> Result<PgPool, sqlx::Error> {
    pool(config, &config.database_url, config.write_pool_size, false)
}

fn pool(config: &Config, url: &str, size: u32, read_only: bool) -> Result<PgPool, sqlx::Error> {
    let settings = [
        (
            "default_transaction_read_only",
            if read_only { "on" } else { "off" }.to_string(),
        ),
        ("statement_timeout", config.statement_timeout_ms.to_string()),
        ("TimeZone", config.timezone.clone()),
        ("plan_cache_mode", "force_generic_plan".to_string()),
        ("jit", "off".to_string()),
    ];
    let mut options = PgConnectOptions::from_str(url)?.application_name(APPLICATION_NAME);
    let mut pool = PgPoolOptions::new()
        .max_connections(size)
        .min_connections(0)
        // A broken connection fails one call instead of costing every call a round trip.
        .test_before_acquire(false)
        .acquire_timeout(Duration::from_millis(config.pool_timeout_ms))
        .idle_timeout(Duration::from_secs(300));
    if config.pgbouncer {
        // PgBouncer refuses (or, told to ignore them, drops) startup options: they are set on
        // the new connection instead, below. Needs PgBouncer's session mode.
        // `extra_float_digits` too is a startup parameter PgBouncer refuses by default; our
        // queries read floats in binary, so it is not needed.
        options = options.extra_float_digits(None);
    } else {
        options = options.options(settings.iter().map(|(name, value)| (*name, value.as_str())));
    }
    let pgbouncer = config.pgbouncer;
    // One round trip per new connection, for what the startup packet could not carry.
    pool = pool.after_connect(move |conn, _| {
        let mut late: Vec<(&str, String)> = if pgbouncer {
            settings.to_vec()
        } else {
            Vec::new()
        };
        // PostgreSQL 14 and later check, while a query runs, that its client is still
        // there: a call abandoned mid-query closes its connection, and the query stops.
        if conn.server_version_num().is_some_and(|v| v >= 140_000) {
            late.push((
                "client_connection_check_interval",
                CLIENT_CHECK_INTERVAL_MS.to_string(),
            ));
        }
        Box::pin(async move {
            if late.is_empty() {
                return Ok(());
            }
            let mut query = sqlx::QueryBuilder::new("SELECT ");
            let mut list = query.separated(", ");
            for (name, value) in late {
                list.push("set_config(")
                    .push_bind_unseparated(name)
                    .push_unseparated(", ")
                    .push_bind_unseparated(value)
                    .push_unseparated(", false)");
            }
            query.build().execute(&mut *conn).await?;
            Ok(())
        })
    });
    Ok(pool.connect_lazy_with(options))
}

/// Runs `run` on `conn` with plans made for the values given, at every execution.
///
/// The pools plan each statement once, for any values (`plan_cache_mode =
/// force_generic_plan`): right for reads by id, where one plan serves every call, and cheap.
/// A list whose filters select anything from twenty rows to a quarter of a table needs the
/// opposite: a generic plan cannot tell a shelf of 250,000 stock items from one of 20, and
/// reads the whole table for either. The setting is local to a transaction: on a call's read
/// connection one that ends here; inside a write's transaction, it holds for the rest of it.
pub async fn custom_plans<T, E: From<sqlx::Error>>(
    conn: &mut PgConnection,
    run: impl AsyncFnOnce(&mut PgConnection) -> Result<T, E>,
) -> Result<T, E> {
    if conn.is_in_transaction() {
        sqlx::raw_sql("SET LOCAL plan_cache_mode = force_custom_plan")
            .execute(&mut *conn)
            .await?;
        return run(conn).await;
    }
    let mut tx = conn
        .begin_with("BEGIN READ ONLY; SET LOCAL plan_cache_mode = force_custom_plan")
        .await?;
    let out = run(&mut tx).await?;
    tx.commit().await?;
    Ok(out)
}

/// The one connection a tool call works through, taken from its pool at the call's first
/// query. A call dropped before it finished (its client went away, or `call_timeout_ms`
/// passed) leaves its connection to [`abandon`].
pub struct CallConnection<'p> {
    pool: &'p PgPool,
    conn: Option<PoolConnection<Postgres>>,
}

impl<'p> CallConnection<'p> {
    pub fn new(pool: &'p PgPool) -> CallConnection<'p> {
        CallConnection { pool, conn: None }
    }

    pub async fn conn(&mut self) -> Result<&mut PgConnection, sqlx::Error> {
        if self.conn.is_none() {
            self.conn = Some(self.pool.acquire().await?);
        }
        Ok(self.conn.as_deref_mut().expect("acquired above"))
    }

    /// The call is over, answered or failed: the connection goes back to the pool.
    pub fn finish(mut self) {
        self.conn.take();
    }
}

impl Drop for CallConnection<'_> {
    fn drop(&mut self) {
        let Some(mut conn) = self.conn.take() else {
            return;
        };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(abandon(conn));
            }
            Err(_) => conn.close_on_drop(),
        }
    }
}

/// How long an abandoned call's query may go on before its connection is closed.
const ABANDON_GRACE: Duration = Duration::from_millis(100);

/// The connection of a call nobody waits for any more, which may be in the middle of a query.
/// A query ending within [`ABANDON_GRACE`] gives the connection back to the pool. Otherwise the
/// connection is closed and the pool may open another: PostgreSQL stops the query when it next
/// checks its client (`client_connection_check_interval`, every second, PostgreSQL 14 and
/// later; older servers run it to `statement_timeout`), so for up to that long the closed
/// connection's backend outlives it. A connection handed back mid-query would instead sit out
/// of the pool until the query ended.
async fn abandon(mut conn: PoolConnection<Postgres>) {
    use sqlx::Connection;
    if let Ok(Ok(())) = tokio::time::timeout(ABANDON_GRACE, conn.ping()).await {
        return;
    }
    tracing::info!("closing the connection of an abandoned call to stop its query");
    // Dropped, not closed: a graceful close would first wait on the busy connection.
    drop(conn.detach());
}
