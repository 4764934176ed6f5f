//! Configuration: defaults < TOML file < `INVENTREE_MCP_*` environment.

use std::net::SocketAddr;
use std::path::Path;

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

pub const DEFAULT_CONFIG_FILE: &str = "inventree-mcp.toml";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// PostgreSQL URL of InvenTree's database.
    pub database_url: String,
    /// A streaming replica of InvenTree's database for every read (writes stay on
    /// `database_url`). Unset: reads use `database_url`.
    pub read_database_url: Option<String>,
    /// Address and port to listen on.
    pub listen: SocketAddr,
    /// Refuse requests without a valid credential (the plugin's "Require Authentication").
    pub require_auth: bool,
    /// Upper bound for any tool's `limit` argument.
    pub max_limit: u32,
    /// Parts and stock item lists count matches up to this many past the requested page;
    /// beyond it `count` is a lower bound and `count_exact` is false.
    pub count_limit: u32,
    /// Connections the server may hold open to PostgreSQL, at most.
    pub pool_size: u32,
    /// PostgreSQL `statement_timeout` for every query, in milliseconds (0 = none).
    pub statement_timeout_ms: u64,
    /// How long a call waits for a free connection when all are busy, in milliseconds;
    /// then it fails with "database busy".
    pub pool_timeout_ms: u64,
    /// Host names (optionally `host:port`) accepted in the `Host` header.
    #[serde(deserialize_with = "list")]
    pub allowed_hosts: Vec<String>,
    /// Browser origins accepted in the `Origin` header; requests with any other Origin get 403.
    #[serde(deserialize_with = "list")]
    pub allowed_origins: Vec<String>,
    /// How long a verified credential is trusted without asking the database again, in
    /// milliseconds (0 = check on every request).
    pub auth_cache_ttl_ms: u64,
    /// Time zone InvenTree runs in (`INVENTREE_TIMEZONE`): decides "today" for token expiry.
    pub timezone: String,
    /// Serve 2025-era clients with `Mcp-Session-Id` sessions instead of statelessly.
    pub legacy_sessions: bool,
    /// Offer no write tool, and open no writing connection.
    pub read_only: bool,
    /// Connections for writes, at most (on top of `pool_size`).
    pub write_pool_size: u32,
    /// How long a write's `idempotency_key` is remembered, in seconds.
    pub idempotency_ttl_s: u64,
    /// With `require_auth = false`: the InvenTree user whose roles requests without a
    /// credential get. Unset, they may list tools but hold no permission.
    pub anonymous_user: Option<String>,
    /// InvenTree's `SECRET_KEY`: when set, session cookies must carry a valid signature and
    /// a password change logs sessions out, as in Django.
    pub secret_key: Option<String>,
    /// Name of InvenTree's session cookie.
    pub session_cookie_name: String,
    /// How long a password that passed its hash check is remembered, in milliseconds.
    pub password_cache_ttl_ms: u64,
    /// Failed Basic logins allowed per user name in each window (five times as many per
    /// client address); past it, logins answer 429 until the window ends.
    pub login_failure_limit: u32,
    /// The window for `login_failure_limit`, in seconds.
    pub login_failure_window_s: u64,
    /// Address for `/metrics` (Prometheus), with `/healthz` and `/readyz`; unset, no
    /// metrics are served. Keep it off the public network: it needs no credential.
    pub metrics_listen: Option<SocketAddr>,
    /// Compare the database's schema with the one our queries were written for at start,
    /// and refuse to serve when they differ. Off: serve anyway (operators who know better).
    pub schema_check: bool,
    /// Largest request body accepted, in bytes (413 beyond).
    pub max_body_bytes: usize,
    /// Requests answered at once, at most; more get 503 with `Retry-After`.
    pub max_concurrent_calls: u32,
    /// A tool call still running after this many milliseconds is stopped (its query
    /// cancelled) and answers an error.
    pub call_timeout_ms: u64,
    /// Largest answer a tool may give, in bytes of JSON; a larger one is replaced by an error
    /// asking for a narrower request.
    pub max_result_bytes: usize,
    /// Connections go through PgBouncer (session mode): session settings are set after
    /// connecting instead of in the startup packet, which PgBouncer does not pass on.
    pub pgbouncer: bool,
    /// Log one JSON object per line instead of text.
    pub log_json: bool,
    /// On SIGTERM, how long calls in flight may take to finish before the process exits,
    /// in seconds.
    pub shutdown_grace_s: u64,
    /// The groups of tools offered: `all`, `default` (all but `admin`), or a list of
    /// `parts`, `stock`, `orders`, `build`, `sourcing`, `admin`. Roles and `read_only` narrow
    /// it further.
    #[serde(deserialize_with = "list")]
    pub toolsets: Vec<String>,
    /// Tools not offered, by name, whatever their toolset.
    #[serde(deserialize_with = "list")]
    pub exclude_tools: Vec<String>,
    /// InvenTree's own address (e.g. `https://inventree.example.com`): makes attachment
    /// download links absolute. Unset, they are paths under `/media/`.
    pub inventree_url: Option<String>,
    /// The MCP endpoint's URL as clients reach it (e.g. `https://mcp.example.com/mcp`,
    /// without a trailing slash): the `resource` of the OAuth protected resource metadata.
    /// Needed with `oauth_issuer`.
    pub public_url: Option<String>,
    /// InvenTree's OAuth issuer, exactly as its `/o/.well-known/openid-configuration` states
    /// it (e.g. `https://inventree.example.com/o`). Set, OAuth access tokens are accepted as
    /// `Bearer` and clients are pointed to InvenTree to get one; unset, none of it.
    pub oauth_issuer: Option<String>,
    /// Client ids of the InvenTree OAuth applications registered for MCP clients: only their
    /// tokens are accepted (InvenTree cannot bind a token to this server otherwise).
    #[serde(deserialize_with = "list")]
    pub oauth_client_ids: Vec<String>,
    /// The scopes advertised to OAuth clients (all of them InvenTree's): by default the view
    /// scopes of the roles the tools use, and `g:read`.
    #[serde(deserialize_with = "list")]
    pub oauth_scopes: Vec<String>,
}

/// InvenTree's read scopes for the roles the tools use (InvenTree has no `bom` scope: BOM
/// reads take `r:view:part`).
pub const DEFAULT_OAUTH_SCOPES: [&str; 9] = [
    "g:read",
    "r:view:part_category",
    "r:view:part",
    "r:view:stock_location",
    "r:view:stock",
    "r:view:build",
    "r:view:purchase_order",
    "r:view:sales_order",
    "r:view:return_order",
];

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: "postgres://postgres@127.0.0.1:5432/inventree".into(),
            read_database_url: None,
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            require_auth: true,
            max_limit: 1000,
            count_limit: 10_000,
            pool_size: 8,
            statement_timeout_ms: 5000,
            pool_timeout_ms: 5000,
            allowed_hosts: vec!["localhost".into(), "127.0.0.1".into(), "::1".into()],
            allowed_origins: vec![
                "http://localhost:*".into(),
                "http://127.0.0.1:*".into(),
                "http://[::1]:*".into(),
            ],
            auth_cache_ttl_ms: 5000,
            timezone: "UTC".into(),
            legacy_sessions: false,
            read_only: false,
            write_pool_size: 2,
            idempotency_ttl_s: 600,
            anonymous_user: None,
            secret_key: None,
            session_cookie_name: "sessionid".into(),
            password_cache_ttl_ms: 300_000,
            login_failure_limit: 10,
            login_failure_window_s: 300,
            metrics_listen: None,
            schema_check: true,
            max_body_bytes: 1 << 20,
            max_concurrent_calls: 64,
            call_timeout_ms: 30_000,
            max_result_bytes: 4 << 20,
            pgbouncer: false,
            log_json: false,
            shutdown_grace_s: 10,
            toolsets: vec!["all".into()],
            exclude_tools: Vec::new(),
            inventree_url: None,
            public_url: None,
            oauth_issuer: None,
            oauth_client_ids: Vec::new(),
            oauth_scopes: DEFAULT_OAUTH_SCOPES.map(String::from).to_vec(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct ConfigError(String);

impl Config {
    /// Layers the defaults, the TOML file (if given, or `inventree-mcp.toml` if present) and
    /// the environment. `DATABASE_URL` stands in for `INVENTREE_MCP_DATABASE_URL` when that
    /// is not set.
    pub fn load(file: Option<&Path>) -> Result<Config, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        match file {
            Some(path) if !path.exists() => {
                return Err(ConfigError(format!(
                    "config file {} does not exist",
                    path.display()
                )));
            }
            Some(path) => figment = figment.merge(Toml::file_exact(path)),
            None if Path::new(DEFAULT_CONFIG_FILE).exists() => {
                figment = figment.merge(Toml::file_exact(DEFAULT_CONFIG_FILE))
            }
            None => {}
        }
        if std::env::var_os("INVENTREE_MCP_DATABASE_URL").is_none()
            && let Ok(url) = std::env::var("DATABASE_URL")
        {
            figment = figment.merge(Serialized::default("database_url", url));
        }
        // INVENTREE_MCP_TOKEN is `stdio`'s credential, not a setting (see crate::stdio).
        figment = figment.merge(Env::prefixed("INVENTREE_MCP_").ignore(&["token"]));
        let config: Config = figment.extract().map_err(|e| ConfigError(describe(e)))?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let bad = |key: &str, why: &str| Err(ConfigError(format!("`{key}` {why}")));
        if self.max_limit == 0 {
            return bad("max_limit", "must be at least 1");
        }
        if self.max_concurrent_calls == 0 {
            return bad("max_concurrent_calls", "must be at least 1");
        }
        if self.pool_size == 0 {
            return bad("pool_size", "must be at least 1");
        }
        let postgres =
            |url: &str| url.starts_with("postgres://") || url.starts_with("postgresql://");
        if !postgres(&self.database_url) {
            return bad("database_url", "must be a postgres:// or postgresql:// URL");
        }
        if self
            .read_database_url
            .as_deref()
            .is_some_and(|url| !postgres(url))
        {
            return bad(
                "read_database_url",
                "must be a postgres:// or postgresql:// URL",
            );
        }
        if self.write_pool_size == 0 && !self.read_only {
            return bad(
                "write_pool_size",
                "must be at least 1 unless read_only is set",
            );
        }
        if self.login_failure_limit == 0 {
            return bad("login_failure_limit", "must be at least 1");
        }
        if self.session_cookie_name.is_empty() {
            return bad("session_cookie_name", "must not be empty");
        }
        if self
            .inventree_url
            .as_deref()
            .is_some_and(|url| !(url.starts_with("http://") || url.starts_with("https://")))
        {
            return bad("inventree_url", "must be an http:// or https:// URL");
        }
        self.validate_oauth()?;
        if self.timezone.is_empty() || self.timezone.contains(['\'', '"', ' ']) {
            return bad(
                "timezone",
                "must be a time zone name such as UTC or Europe/Berlin",
            );
        }
        Ok(())
    }
}

impl Config {
    fn validate_oauth(&self) -> Result<(), ConfigError> {
        let bad = |key: &str, why: &str| Err(ConfigError(format!("`{key}` {why}")));
        if let Some(url) = &self.public_url
            && let Err(why) = absolute_url(url)
        {
            return bad("public_url", &why);
        }
        let Some(issuer) = &self.oauth_issuer else {
            return Ok(());
        };
        if let Err(why) = absolute_url(issuer) {
            return bad("oauth_issuer", &why);
        }
        if self.public_url.is_none() {
            return bad(
                "public_url",
                "must be set with oauth_issuer: the MCP endpoint's URL as clients reach it, \
                 e.g. https://mcp.example.com/mcp",
            );
        }
        if self.oauth_client_ids.is_empty() {
            return bad(
                "oauth_client_ids",
                "must name at least one InvenTree OAuth application's client id when \
                 oauth_issuer is set",
            );
        }
        if self.oauth_scopes.is_empty() {
            return bad("oauth_scopes", "must name at least one scope");
        }
        if let Some(scope) = self.oauth_scopes.iter().find(|s| {
            !s.bytes()
                .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\')
        }) {
            return bad(
                "oauth_scopes",
                &format!(
                    "holds `{scope}`: a scope is printable ASCII without spaces, quotes or backslashes"
                ),
            );
        }
        Ok(())
    }
}

/// Why `url` is not an absolute `http(s)://host[/path]` URL without a trailing slash, query
/// or fragment.
fn absolute_url(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("must be an absolute http:// or https:// URL, got `{url}`"))?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() || !url.bytes().all(|b| b.is_ascii_graphic()) || url.contains('"') {
        return Err(format!(
            "must be an absolute http:// or https:// URL, got `{url}`"
        ));
    }
    if url.contains(['?', '#']) {
        return Err(format!("must have no query or fragment, got `{url}`"));
    }
    if url.ends_with('/') {
        return Err(format!("must not end with `/`, got `{url}`"));
    }
    Ok(())
}

/// One line naming the key, whatever figment found wrong.
fn describe(error: figment::Error) -> String {
    let error = error
        .into_iter()
        .next()
        .expect("figment errors are never empty");
    let key = error.path.join(".");
    let source = error
        .metadata
        .as_ref()
        .map(|m| format!(" (from {})", m.name))
        .unwrap_or_default();
    if key.is_empty() {
        format!("{}{source}", error.kind)
    } else {
        format!("`{key}`: {}{source}", error.kind)
    }
}

/// A list given as a TOML array or, as is handier in the environment, as `a,b,c`.
fn list<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        Text(String),
        List(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(deserializer)? {
        OneOrMany::List(items) => items,
        OneOrMany::Text(text) => text
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect(),
    })
}

#[cfg(test)]
// figment::Jail fixes the closures' error type.
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;
    use figment::Jail;

    fn load_error() -> String {
        Config::load(None).unwrap_err().to_string()
    }

    #[test]
    fn environment_overrides_file_overrides_defaults() {
        Jail::expect_with(|jail| {
            jail.create_file(
                DEFAULT_CONFIG_FILE,
                "max_limit = 50\npool_size = 3\nallowed_hosts = [\"a\", \"b\"]",
            )?;
            jail.set_env("INVENTREE_MCP_POOL_SIZE", "4");
            jail.set_env(
                "INVENTREE_MCP_ALLOWED_ORIGINS",
                "https://x.example, http://y:*",
            );
            let config = Config::load(None).unwrap();
            assert_eq!(config.max_limit, 50);
            assert_eq!(config.pool_size, 4);
            assert_eq!(config.allowed_hosts, ["a", "b"]);
            assert_eq!(config.allowed_origins, ["https://x.example", "http://y:*"]);
            assert_eq!(config.listen, SocketAddr::from(([127, 0, 0, 1], 8080)));
            assert!(config.require_auth);
            Ok(())
        });
    }

    #[test]
    fn database_url_falls_back_to_the_common_variable() {
        Jail::expect_with(|jail| {
            jail.set_env("DATABASE_URL", "postgres://a@b/c");
            assert_eq!(Config::load(None).unwrap().database_url, "postgres://a@b/c");
            jail.set_env("INVENTREE_MCP_DATABASE_URL", "postgres://d@e/f");
            assert_eq!(Config::load(None).unwrap().database_url, "postgres://d@e/f");
            Ok(())
        });
    }

    #[test]
    fn bad_values_name_the_key() {
        Jail::expect_with(|jail| {
            jail.set_env("INVENTREE_MCP_MAX_LIMIT", "lots");
            assert!(load_error().contains("`max_limit`"), "{}", load_error());
            jail.set_env("INVENTREE_MCP_MAX_LIMIT", "0");
            assert_eq!(
                load_error(),
                "configuration: `max_limit` must be at least 1"
            );
            jail.set_env("INVENTREE_MCP_MAX_LIMIT", "10");
            jail.set_env("INVENTREE_MCP_LISTEN", "nowhere");
            assert!(load_error().contains("`listen`"), "{}", load_error());
            Ok(())
        });
        Jail::expect_with(|jail| {
            jail.create_file(DEFAULT_CONFIG_FILE, "databse_url = \"x\"")?;
            assert!(load_error().contains("databse_url"), "{}", load_error());
            Ok(())
        });
        Jail::expect_with(|jail| {
            jail.set_env("INVENTREE_MCP_DATABASE_URL", "mysql://x");
            assert_eq!(
                load_error(),
                "configuration: `database_url` must be a postgres:// or postgresql:// URL"
            );
            Ok(())
        });
    }

    #[test]
    fn toolsets_and_excluded_tools_are_lists() {
        Jail::expect_with(|jail| {
            assert_eq!(Config::load(None).unwrap().toolsets, ["all"]);
            jail.set_env("INVENTREE_MCP_TOOLSETS", "stock, parts");
            jail.set_env("INVENTREE_MCP_EXCLUDE_TOOLS", "[\"stock_pivot\"]");
            let config = Config::load(None).unwrap();
            assert_eq!(config.toolsets, ["stock", "parts"]);
            assert_eq!(config.exclude_tools, ["stock_pivot"]);
            Ok(())
        });
    }

    #[test]
    fn oauth_needs_a_public_url_and_client_ids() {
        Jail::expect_with(|jail| {
            let config = Config::load(None).unwrap();
            assert_eq!(config.oauth_issuer, None);
            assert_eq!(config.oauth_scopes, DEFAULT_OAUTH_SCOPES);
            jail.set_env(
                "INVENTREE_MCP_OAUTH_ISSUER",
                "https://inventree.example.com/o",
            );
            assert_eq!(
                load_error(),
                "configuration: `public_url` must be set with oauth_issuer: the MCP endpoint's \
                 URL as clients reach it, e.g. https://mcp.example.com/mcp"
            );
            jail.set_env("INVENTREE_MCP_PUBLIC_URL", "https://mcp.example.com/mcp/");
            assert_eq!(
                load_error(),
                "configuration: `public_url` must not end with `/`, got `https://mcp.example.com/mcp/`"
            );
            jail.set_env("INVENTREE_MCP_PUBLIC_URL", "mcp.example.com/mcp");
            assert_eq!(
                load_error(),
                "configuration: `public_url` must be an absolute http:// or https:// URL, got `mcp.example.com/mcp`"
            );
            jail.set_env("INVENTREE_MCP_PUBLIC_URL", "https://mcp.example.com/mcp");
            assert_eq!(
                load_error(),
                "configuration: `oauth_client_ids` must name at least one InvenTree OAuth \
                 application's client id when oauth_issuer is set"
            );
            jail.set_env("INVENTREE_MCP_OAUTH_CLIENT_IDS", "claude, chatgpt");
            jail.set_env("INVENTREE_MCP_OAUTH_SCOPES", "g:read r:view:part");
            assert_eq!(
                load_error(),
                "configuration: `oauth_scopes` holds `g:read r:view:part`: a scope is printable \
                 ASCII without spaces, quotes or backslashes"
            );
            jail.set_env("INVENTREE_MCP_OAUTH_SCOPES", "g:read,r:view:part");
            let config = Config::load(None).unwrap();
            assert_eq!(config.oauth_client_ids, ["claude", "chatgpt"]);
            assert_eq!(config.oauth_scopes, ["g:read", "r:view:part"]);
            jail.set_env(
                "INVENTREE_MCP_OAUTH_ISSUER",
                "https://inventree.example.com/o/",
            );
            assert_eq!(
                load_error(),
                "configuration: `oauth_issuer` must not end with `/`, got `https://inventree.example.com/o/`"
            );
            Ok(())
        });
    }

    #[test]
    fn a_named_config_file_must_exist() {
        let error = Config::load(Some(Path::new("/nonexistent/x.toml"))).unwrap_err();
        assert_eq!(
            error.to_string(),
            "configuration: config file /nonexistent/x.toml does not exist"
        );
    }
}
