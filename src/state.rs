//! What every request shares, built once at start-up. At the bottom of the house: it imports
//! the parts it holds, and nothing below imports it.

use std::sync::Arc;

use sqlx::PgPool;

use crate::auth::Authenticator;
use crate::check;
use crate::config::Config;
use crate::metrics::Metrics;
use crate::tools::{self, Idempotency, Paging, Registry, Selection, Site, Tools, Toolset};

pub struct AppState {
    pub config: Config,
    /// Read-only connections, for every read.
    pub pool: PgPool,
    /// Connections for writes; none with `read_only = true`.
    pub writer: Option<PgPool>,
    pub auth: Arc<Authenticator>,
    pub tools: Tools,
    pub metrics: Arc<Metrics>,
    /// Permits for requests in flight (`max_concurrent_calls`).
    pub in_flight: Arc<tokio::sync::Semaphore>,
    /// The schema check's verdict, once it could run.
    schema: tokio::sync::OnceCell<SchemaVerdict>,
}

/// Whether the database's schema is the one our queries expect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaVerdict {
    /// It is (or the check is off): InvenTree's version, as far as it tells.
    Compatible { version: String },
    /// It is not: one line per mismatch.
    Differs { mismatches: Vec<String> },
}

impl AppState {
    /// The state for `config`, reading through `pool`. A configuration naming tools that do
    /// not exist is an error saying which.
    pub fn new(config: Config, pool: PgPool) -> anyhow::Result<AppState> {
        let writer = if config.read_only {
            None
        } else {
            Some(crate::db::write_pool(&config)?)
        };
        let selection = Selection {
            toolsets: Toolset::parse_list(&config.toolsets).map_err(anyhow::Error::msg)?,
            exclude: config.exclude_tools.clone(),
        };
        let registry = Registry::new(tools::catalog(), &selection).map_err(anyhow::Error::msg)?;
        let metrics = Arc::new(Metrics::new(registry.names().map(String::from)));
        let site = Site {
            paging: Paging {
                max_limit: config.max_limit,
                count_limit: config.count_limit,
            },
            inventree_url: config
                .inventree_url
                .as_deref()
                .map(|url| url.trim_end_matches('/').to_string()),
        };
        let idempotency =
            Idempotency::new(std::time::Duration::from_secs(config.idempotency_ttl_s));
        let tools = Tools::new(
            registry,
            pool.clone(),
            writer.clone(),
            site,
            idempotency,
            metrics.clone(),
        );
        Ok(AppState {
            auth: Arc::new(Authenticator::new(pool.clone(), &config, metrics.clone())),
            in_flight: Arc::new(tokio::sync::Semaphore::new(
                config.max_concurrent_calls as usize,
            )),
            schema: tokio::sync::OnceCell::new(),
            config,
            pool,
            writer,
            tools,
            metrics,
        })
    }

    /// The schema check's verdict, running it when it has not run yet (the database was
    /// unreachable so far). Off (`schema_check = false`): always compatible.
    pub async fn schema(&self) -> Result<&SchemaVerdict, sqlx::Error> {
        self.schema
            .get_or_try_init(|| async {
                let report = check::run(&self.pool).await?;
                let (indexed, missing) = check::search_indexes(&self.pool).await?;
                tracing::info!("{}", check::search_indexes_note(&indexed, &missing));
                Ok(if report.compatible() || !self.config.schema_check {
                    SchemaVerdict::Compatible {
                        version: report.version,
                    }
                } else {
                    SchemaVerdict::Differs {
                        mismatches: report.mismatches,
                    }
                })
            })
            .await
    }
}
