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
    let options = PgConnectOptions::from_str(url)?
        .application_name(APPLICATION_NAME)
        .options([
            ("default_transaction_read_only", "on"),
            (
                "statement_timeout",
                &config.statement_timeout_ms.to_string(),
            ),
            ("TimeZone", &config.timezone),
            ("plan_cache_mode", "force_generic_plan"),
            ("jit", "off"),
        ]);
    Ok(PgPoolOptions::new()
        .max_connections(config.pool_size)
        .min_connections(0)
        // A broken connection fails one call instead of costing every call a round trip.
        .test_before_acquire(false)
        .acquire_timeout(Duration::from_secs(10))
        .idle_timeout(Duration::from_secs(300))
        .connect_lazy_with(options))
}

/// A pool for writes: the same session settings, without read-only.
pub fn write_pool(config: &Config) -> Result<PgPool, sqlx::Error> {
    let options = PgConnectOptions::from_str(&config.database_url)?
        .application_name(APPLICATION_NAME)
        .options([
            (
                "statement_timeout",
                config.statement_timeout_ms.to_string().as_str(),
            ),
            ("TimeZone", config.timezone.as_str()),
            ("plan_cache_mode", "force_generic_plan"),
            ("jit", "off"),
        ]);
    Ok(PgPoolOptions::new()
        .max_connections(config.write_pool_size)
        .min_connections(0)
        .test_before_acquire(false)
        .acquire_timeout(Duration::from_secs(10))
        .idle_timeout(Duration::from_secs(300))
        .connect_lazy_with(options))
}
