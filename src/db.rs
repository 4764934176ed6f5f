//! Connections to InvenTree's database.

use std::str::FromStr;
use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use crate::config::Config;

/// The name every connection reports in `pg_stat_activity`.
pub const APPLICATION_NAME: &str = "inventree-mcp";

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
        .acquire_timeout(Duration::from_secs(10))
        .idle_timeout(Duration::from_secs(300));
    if config.pgbouncer {
        // PgBouncer refuses (or, told to ignore them, drops) startup options: set them on
        // the new connection instead, in one round trip. Needs PgBouncer's session mode.
        // `extra_float_digits` too is a startup parameter PgBouncer refuses by default; our
        // queries read floats in binary, so it is not needed.
        options = options.extra_float_digits(None);
        pool = pool.after_connect(move |conn, _| {
            let settings = settings.clone();
            Box::pin(async move {
                let mut query = sqlx::QueryBuilder::new("SELECT ");
                let mut list = query.separated(", ");
                for (name, value) in settings {
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
    } else {
        options = options.options(settings.iter().map(|(name, value)| (*name, value.as_str())));
    }
    Ok(pool.connect_lazy_with(options))
}
