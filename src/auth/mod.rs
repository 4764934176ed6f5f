//! Who is calling: credentials from the request, checked against InvenTree's own tables, and
//! the permissions InvenTree's rule sets give that user.

pub mod oauth;
mod password;
mod permissions;
mod session;

pub use oauth::OAuth;
pub use permissions::{Action, GENERAL_READ, Permission, Permissions, Role, Scopes};

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use tokio::sync::Semaphore;

use crate::config::Config;
use crate::metrics::Metrics;

/// An InvenTree user's id (`auth_user.id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UserId(pub i32);

/// The caller: an InvenTree user, or nobody (no credential, no anonymous user configured).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// None for nobody.
    pub id: Option<UserId>,
    pub username: String,
    /// Through an OAuth access token, narrowed to its scopes.
    pub permissions: Permissions,
    /// Through an OAuth access token: what it was granted.
    pub grant: Option<Arc<Grant>>,
}

/// What an OAuth access token carries beyond its user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// Its scopes as InvenTree granted them, in order, without repeats.
    pub scopes: Vec<String>,
    pub expires: chrono::DateTime<chrono::Utc>,
}

impl User {
    /// A caller without an account: may list tools, holds no permission.
    pub fn nobody() -> User {
        User {
            id: None,
            username: String::new(),
            permissions: Permissions::none(),
            grant: None,
        }
    }
}

/// A credential as presented in the request.
#[derive(Debug)]
pub enum Credential {
    /// `Authorization: Token <key>`: an InvenTree API token.
    Token(String),
    /// `Authorization: Bearer <token>`: an OAuth access token (with `oauth_issuer` set) or,
    /// as this server always took, an InvenTree API token.
    Bearer(String),
    /// `Authorization: Basic base64(username:password)`.
    Basic { username: String, password: String },
    /// The Django session cookie of InvenTree's web login.
    Session(String),
    /// No credential, with `require_auth = false`: the configured anonymous user.
    Anonymous(String),
}

/// Why a request was refused before any MCP processing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    #[error("Authentication credentials were not provided.")]
    Missing,
    #[error(
        "Unsupported authorization header: use `Token <key>`, `Bearer <key>` or `Basic <base64 of user:password>`."
    )]
    Malformed,
    #[error("Invalid token.")]
    UnknownToken,
    #[error("Token has been revoked.")]
    Revoked,
    #[error("Token has expired.")]
    Expired,
    #[error("User inactive or deleted.")]
    Inactive,
    #[error("Invalid username/password.")]
    BadPassword,
    #[error("The password cannot be checked: {0}.")]
    Hasher(String),
    #[error("Invalid or expired session.")]
    BadSession,
    #[error("Too many failed logins; try again later.")]
    TooManyFailures,
    #[error("The access token was issued to an application not allowed here.")]
    OtherClient,
    #[error("The access token has no user.")]
    NoUser,
}

impl Rejection {
    /// A short name for logs and metrics.
    pub fn reason(&self) -> &'static str {
        match self {
            Rejection::Missing => "missing",
            Rejection::Malformed => "malformed",
            Rejection::UnknownToken => "unknown_token",
            Rejection::Revoked => "revoked",
            Rejection::Expired => "expired",
            Rejection::Inactive => "inactive",
            Rejection::BadPassword => "bad_password",
            Rejection::Hasher(_) => "unsupported_hasher",
            Rejection::BadSession => "bad_session",
            Rejection::TooManyFailures => "rate_limited",
            Rejection::OtherClient => "other_client",
            Rejection::NoUser => "no_user",
        }
    }
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        let status = match self {
            Rejection::TooManyFailures => StatusCode::TOO_MANY_REQUESTS,
            _ => StatusCode::UNAUTHORIZED,
        };
        let body = serde_json::json!({
            "jsonrpc": "2.0",
            "id": null,
            "error": { "code": -32001, "message": self.to_string() },
        });
        let mut response = (status, axum::Json(body)).into_response();
        let headers = response.headers_mut();
        if status == StatusCode::TOO_MANY_REQUESTS {
            headers.insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
        } else {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(r#"Token realm="inventree-mcp""#),
            );
            headers.append(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(r#"Basic realm="inventree-mcp", charset="UTF-8""#),
            );
        }
        response
    }
}

/// InvenTree's keys fit `users_apitoken.key` (100) and Django's session keys (40); Django
/// refuses passwords over 4096 characters. Longer input is refused without a query.
const MAX_TOKEN: usize = 100;
const MAX_SESSION_KEY: usize = 40;
const MAX_PASSWORD: usize = 4096;

/// What an unknown user's password is checked against: Django's default hasher and rounds.
const DUMMY_HASH: &str =
    "pbkdf2_sha256$1000000$inventreemcpdummysalt$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

/// Whether the request's `Authorization` names the `Bearer` scheme (in any case), however
/// malformed the rest: its refusal is then the bearer challenge `invalid_token`.
fn presents_bearer(headers: &HeaderMap) -> bool {
    headers.get(header::AUTHORIZATION).is_some_and(|value| {
        let value = value.as_bytes().trim_ascii_start();
        value.len() >= 6
            && value[..6].eq_ignore_ascii_case(b"bearer")
            && value.get(6).is_none_or(u8::is_ascii_whitespace)
    })
}

/// Reads the credential from the headers: `Authorization` first, else the session cookie.
pub fn credential(headers: &HeaderMap, cookie_name: &str) -> Result<Option<Credential>, Rejection> {
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        return authorization(value).map(Some);
    }
    Ok(session_cookie(headers, cookie_name).map(Credential::Session))
}

fn authorization(value: &HeaderValue) -> Result<Credential, Rejection> {
    let value = value.to_str().map_err(|_| Rejection::Malformed)?.trim();
    let (scheme, rest) = value.split_once(' ').ok_or(Rejection::Malformed)?;
    let rest = rest.trim();
    if rest.is_empty() || rest.contains(char::is_whitespace) {
        return Err(Rejection::Malformed);
    }
    if scheme.eq_ignore_ascii_case("token") {
        if rest.len() > MAX_TOKEN || rest.contains('\0') {
            return Err(Rejection::UnknownToken);
        }
        return Ok(Credential::Token(rest.to_string()));
    }
    if scheme.eq_ignore_ascii_case("bearer") {
        if rest.len() > oauth::MAX_ACCESS_TOKEN || rest.contains('\0') {
            return Err(Rejection::UnknownToken);
        }
        return Ok(Credential::Bearer(rest.to_string()));
    }
    if scheme.eq_ignore_ascii_case("basic") {
        let decoded = STANDARD.decode(rest).map_err(|_| Rejection::Malformed)?;
        let decoded = String::from_utf8(decoded).map_err(|_| Rejection::Malformed)?;
        let (username, password) = decoded.split_once(':').ok_or(Rejection::Malformed)?;
        // PostgreSQL text holds no NUL; Django refuses passwords over 4096 characters.
        if decoded.contains('\0') || password.is_empty() || password.len() > MAX_PASSWORD {
            return Err(Rejection::BadPassword);
        }
        return Ok(Credential::Basic {
            username: username.to_string(),
            password: password.to_string(),
        });
    }
    Err(Rejection::Malformed)
}

fn session_cookie(headers: &HeaderMap, cookie_name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == cookie_name)
        .map(|(_, value)| value.trim().to_string())
}

type Verdict = Result<User, Rejection>;

/// Counts failed logins in fixed windows, per user name and per client address. An address
/// may be shared by several people (NAT, a proxy), so it is allowed five times as many.
struct FailureLimiter {
    max_per_user: u32,
    window: Duration,
    counts: Mutex<HashMap<String, (Instant, u32)>>,
}

impl FailureLimiter {
    fn blocked(&self, keys: &[String]) -> bool {
        let counts = self.counts.lock().expect("limiter poisoned");
        keys.iter().any(|key| {
            let max = if key.starts_with("address:") {
                self.max_per_user.saturating_mul(5)
            } else {
                self.max_per_user
            };
            counts
                .get(key)
                .is_some_and(|(start, n)| start.elapsed() < self.window && *n >= max)
        })
    }

    fn record(&self, keys: &[String]) {
        let mut counts = self.counts.lock().expect("limiter poisoned");
        if counts.len() >= CACHE_CAPACITY {
            counts.retain(|_, (start, _)| start.elapsed() < self.window);
        }
        for key in keys {
            let entry = counts.entry(key.clone()).or_insert((Instant::now(), 0));
            if entry.0.elapsed() >= self.window {
                *entry = (Instant::now(), 0);
            }
            entry.1 += 1;
        }
    }
}

/// A map of digests to timestamps (and values), dropped wholesale when it grows past
/// [`CACHE_CAPACITY`] so that random credentials cannot grow memory.
struct TtlCache<V> {
    ttl: Duration,
    entries: Mutex<HashMap<[u8; 32], (Instant, V)>>,
}

const CACHE_CAPACITY: usize = 10_000;

impl<V: Clone> TtlCache<V> {
    fn new(ttl: Duration) -> TtlCache<V> {
        TtlCache {
            ttl,
            entries: Mutex::new(HashMap::new()),
        }
    }

    fn get(&self, key: &[u8; 32]) -> Option<V> {
        if self.ttl.is_zero() {
            return None;
        }
        let entries = self.entries.lock().expect("cache poisoned");
        entries
            .get(key)
            .filter(|(at, _)| at.elapsed() < self.ttl)
            .map(|(_, value)| value.clone())
    }

    fn put(&self, key: [u8; 32], value: V) {
        if self.ttl.is_zero() {
            return;
        }
        let mut entries = self.entries.lock().expect("cache poisoned");
        if entries.len() >= CACHE_CAPACITY {
            entries.clear();
        }
        entries.insert(key, (Instant::now(), value));
    }
}

fn digest(parts: &[&[u8]]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hasher.finalize().into()
}

/// Checks credentials. Verdicts are reused for `auth_cache_ttl_ms`, so the database is not
/// asked on every call and a revoked token stops working within that time. A password that
/// passed its (expensive) hash check is remembered for `password_cache_ttl_ms`, keyed by the
/// credential and the stored hash, so a password change ends it at once.
pub struct Authenticator {
    pool: PgPool,
    /// The name of InvenTree's session cookie.
    session_cookie_name: String,
    require_auth: bool,
    /// Whose roles a request without a credential gets, when `require_auth` is off.
    anonymous_user: Option<String>,
    metrics: Arc<Metrics>,
    secret_key: Option<String>,
    verdicts: TtlCache<Verdict>,
    passwords: TtlCache<()>,
    failures: FailureLimiter,
    /// Key derivations run one at a time, off the async runtime.
    hashing: Semaphore,
    /// With `oauth_issuer` set: OAuth access tokens are accepted, and refusals point to
    /// InvenTree.
    oauth: Option<Arc<OAuth>>,
}

impl Authenticator {
    pub fn new(pool: PgPool, config: &Config, metrics: Arc<Metrics>) -> Authenticator {
        Authenticator {
            pool,
            session_cookie_name: config.session_cookie_name.clone(),
            require_auth: config.require_auth,
            anonymous_user: config.anonymous_user.clone(),
            metrics,
            secret_key: config.secret_key.clone(),
            verdicts: TtlCache::new(Duration::from_millis(config.auth_cache_ttl_ms)),
            passwords: TtlCache::new(Duration::from_millis(config.password_cache_ttl_ms)),
            failures: FailureLimiter {
                max_per_user: config.login_failure_limit,
                window: Duration::from_secs(config.login_failure_window_s),
                counts: Mutex::new(HashMap::new()),
            },
            hashing: Semaphore::new(1),
            oauth: OAuth::from_config(config).map(Arc::new),
        }
    }

    pub fn oauth(&self) -> Option<&Arc<OAuth>> {
        self.oauth.as_ref()
    }

    pub async fn verify(
        &self,
        credential: &Credential,
        address: Option<IpAddr>,
    ) -> Result<Verdict, sqlx::Error> {
        // Without OAuth, `Bearer` is another way to send an API token.
        let as_token;
        let credential = match credential {
            Credential::Bearer(token) if self.oauth.is_none() => {
                as_token = Credential::Token(token.clone());
                &as_token
            }
            other => other,
        };
        let key = match credential {
            Credential::Token(key) => digest(&[b"token", key.as_bytes()]),
            Credential::Bearer(token) => digest(&[b"bearer", token.as_bytes()]),
            Credential::Basic { username, password } => {
                digest(&[b"basic", username.as_bytes(), password.as_bytes()])
            }
            Credential::Session(key) => digest(&[b"session", key.as_bytes()]),
            Credential::Anonymous(name) => digest(&[b"anonymous", name.as_bytes()]),
        };
        // A remembered access token is not used past its expiry.
        let now = chrono::Utc::now();
        if let Some(verdict) = self.verdicts.get(&key).filter(|verdict| {
            !verdict.as_ref().is_ok_and(|user| {
                user.grant
                    .as_ref()
                    .is_some_and(|g| oauth::expired(g.expires, now))
            })
        }) {
            return Ok(verdict);
        }
        let verdict = match credential {
            Credential::Token(key) => self.token(key).await?,
            Credential::Bearer(token) => self.bearer(token).await?,
            Credential::Basic { username, password } => {
                let verdict = self.basic(username, password, address).await?;
                if verdict == Err(Rejection::TooManyFailures) {
                    // Not remembered: the block ends with its window.
                    return Ok(verdict);
                }
                verdict
            }
            Credential::Session(key) => self.session(key).await?,
            Credential::Anonymous(name) => self.anonymous(name).await?,
        };
        self.verdicts.put(key, verdict.clone());
        Ok(verdict)
    }

    async fn token(&self, key: &str) -> Result<Verdict, sqlx::Error> {
        if key.len() > MAX_TOKEN {
            return Ok(Err(Rejection::UnknownToken));
        }
        let Some(row) = sqlx::query_file!("queries/auth/token.sql", key)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(Err(Rejection::UnknownToken));
        };
        if !row.is_active {
            return Ok(Err(Rejection::Inactive));
        }
        if row.revoked {
            return Ok(Err(Rejection::Revoked));
        }
        if row.expired {
            return Ok(Err(Rejection::Expired));
        }
        self.user(row.id, row.username, row.is_superuser).await
    }

    /// A bearer token with OAuth on. InvenTree's API tokens start with `inv-`, which the
    /// toolkit's tokens (letters and digits) never do: those are API tokens. Anything else is
    /// looked up as an access token first, then as an API token (keys made before InvenTree
    /// prefixed them).
    async fn bearer(&self, token: &str) -> Result<Verdict, sqlx::Error> {
        if token.starts_with("inv-") {
            return self.token(token).await;
        }
        match self.access_token(token).await? {
            Err(Rejection::UnknownToken) => self.token(token).await,
            verdict => Ok(verdict),
        }
    }

    /// An OAuth access token, checked as oauth.md §5 sets out: one indexed query by its
    /// checksum; the stored token equal to it (constant time); not expired; issued to an
    /// allowed application; for an active user. Then the user's roles, narrowed to its
    /// scopes.
    async fn access_token(&self, token: &str) -> Result<Verdict, sqlx::Error> {
        let Some(oauth) = &self.oauth else {
            return Ok(Err(Rejection::UnknownToken));
        };
        let Some(row) = sqlx::query_file!("queries/auth/oauth_token.sql", oauth::checksum(token))
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(Err(Rejection::UnknownToken));
        };
        if !oauth::same_token(&row.token, token) {
            return Ok(Err(Rejection::UnknownToken));
        }
        if oauth::expired(row.expires, chrono::Utc::now()) {
            return Ok(Err(Rejection::Expired));
        }
        if !oauth.allows_client(&row.client_id) {
            return Ok(Err(Rejection::OtherClient));
        }
        let (Some(id), Some(username), Some(active), Some(superuser)) =
            (row.user_id, row.username, row.is_active, row.is_superuser)
        else {
            return Ok(Err(Rejection::NoUser));
        };
        if !active {
            return Ok(Err(Rejection::Inactive));
        }
        let verdict = self.user(id, username, superuser).await?;
        Ok(verdict.map(|user| User {
            permissions: user.permissions.narrowed(Scopes::parse(&row.scope)),
            grant: Some(Arc::new(Grant {
                scopes: oauth::scope_words(&row.scope),
                expires: row.expires,
            })),
            ..user
        }))
    }

    async fn basic(
        &self,
        username: &str,
        password: &str,
        address: Option<IpAddr>,
    ) -> Result<Verdict, sqlx::Error> {
        let mut limits = vec![format!("user:{username}")];
        if let Some(address) = address {
            limits.push(format!("address:{address}"));
        }
        if self.failures.blocked(&limits) {
            tracing::warn!(username, ?address, "login blocked after repeated failures");
            return Ok(Err(Rejection::TooManyFailures));
        }
        let found = sqlx::query_file!("queries/auth/user_by_name.sql", username)
            .fetch_optional(&self.pool)
            .await?;
        // As Django does: an unknown user costs a hash too, so timing tells no names.
        let stored = found
            .as_ref()
            .map_or(DUMMY_HASH, |row| row.password.as_str());
        let remembered = digest(&[username.as_bytes(), password.as_bytes(), stored.as_bytes()]);
        let checked = if found.is_some() && self.passwords.get(&remembered).is_some() {
            Ok(true)
        } else {
            let _slot = self
                .hashing
                .acquire()
                .await
                .expect("semaphore is never closed");
            // Checked again in turn: parallel guesses cannot outrun the limit.
            if self.failures.blocked(&limits) {
                return Ok(Err(Rejection::TooManyFailures));
            }
            let (password, stored) = (password.to_string(), stored.to_string());
            tokio::task::spawn_blocking(move || password::verify(&password, &stored))
                .await
                .expect("password check panicked")
        };
        let row = match (found, checked) {
            (Some(row), Ok(true)) => row,
            (Some(_), Err(error @ password::HashError::Unsupported(_))) => {
                tracing::warn!(username, %error, "password hash not checkable");
                return Ok(Err(Rejection::Hasher(error.to_string())));
            }
            _ => {
                self.failures.record(&limits);
                return Ok(Err(Rejection::BadPassword));
            }
        };
        self.passwords.put(remembered, ());
        // Django's ModelBackend refuses inactive users with the same answer as a bad password.
        if !row.is_active {
            return Ok(Err(Rejection::BadPassword));
        }
        self.user(row.id, row.username, row.is_superuser).await
    }

    async fn session(&self, key: &str) -> Result<Verdict, sqlx::Error> {
        if key.is_empty() || key.len() > MAX_SESSION_KEY || key.contains('\0') {
            return Ok(Err(Rejection::BadSession));
        }
        let Some(data) = sqlx::query_file_scalar!("queries/auth/session.sql", key)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(Err(Rejection::BadSession));
        };
        let secret = self.secret_key.as_deref();
        let Some(data) = session::decode(&data, secret) else {
            return Ok(Err(Rejection::BadSession));
        };
        let Some(row) = sqlx::query_file!("queries/auth/user_by_id.sql", data.user_id)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(Err(Rejection::BadSession));
        };
        if !row.is_active {
            return Ok(Err(Rejection::Inactive));
        }
        if let Some(secret) = secret {
            // As Django does: a password change since login ends the session.
            let valid = data
                .auth_hash
                .is_some_and(|hash| session::auth_hash_matches(&hash, &row.password, secret));
            if !valid {
                return Ok(Err(Rejection::BadSession));
            }
        }
        self.user(row.id, row.username, row.is_superuser).await
    }

    async fn anonymous(&self, username: &str) -> Result<Verdict, sqlx::Error> {
        match sqlx::query_file!("queries/auth/user_by_name.sql", username)
            .fetch_optional(&self.pool)
            .await?
        {
            Some(row) if row.is_active => self.user(row.id, row.username, row.is_superuser).await,
            _ => Ok(Err(Rejection::Inactive)),
        }
    }

    /// The user with the permissions of its groups' rule sets (one query).
    async fn user(
        &self,
        id: i32,
        username: String,
        superuser: bool,
    ) -> Result<Verdict, sqlx::Error> {
        let permissions = if superuser {
            Permissions::superuser()
        } else {
            let mut held = Permissions::none();
            for row in sqlx::query_file!("queries/auth/permissions.sql", id)
                .fetch_all(&self.pool)
                .await?
            {
                let Some(role) = Role::from_name(&row.name) else {
                    continue;
                };
                for (granted, action) in [
                    (row.can_view, Action::View),
                    (row.can_add, Action::Add),
                    (row.can_change, Action::Change),
                    (row.can_delete, Action::Delete),
                ] {
                    if granted {
                        held.grant(Permission(role, action));
                    }
                }
            }
            held
        };
        Ok(Ok(User {
            id: Some(UserId(id)),
            username,
            permissions,
            grant: None,
        }))
    }
}

/// Axum middleware: authenticates the request and stores the caller as a [`User`] in its
/// extensions, or answers 401 (429 while logins are blocked) itself.
pub async fn authenticate(
    State(auth): State<Arc<Authenticator>>,
    mut request: Request,
    next: Next,
) -> Response {
    let address = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    let bearer = presents_bearer(request.headers());
    let credential = match credential(request.headers(), &auth.session_cookie_name) {
        Ok(credential) => credential,
        Err(rejection) => return auth.refuse(rejection, bearer),
    };
    let credential = match (credential, &auth.anonymous_user) {
        (Some(credential), _) => credential,
        (None, _) if auth.require_auth => return auth.refuse(Rejection::Missing, bearer),
        (None, Some(name)) => Credential::Anonymous(name.clone()),
        (None, None) => {
            request.extensions_mut().insert(User::nobody());
            return next.run(request).await;
        }
    };
    let user = match auth.verify(&credential, address).await {
        Ok(Ok(user)) => user,
        Ok(Err(rejection)) => {
            if let Credential::Anonymous(name) = &credential {
                tracing::warn!(
                    name,
                    "anonymous_user is unknown or inactive: no permissions"
                );
                User::nobody()
            } else {
                return auth.refuse(rejection, bearer);
            }
        }
        Err(error) => {
            tracing::error!(%error, "credential check failed");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    request.extensions_mut().insert(user);
    next.run(request).await
}

impl Authenticator {
    /// The refusal. With OAuth on, a 401 leads with the `Bearer` challenge (clients read the
    /// first one): `invalid_token`, with one message for every reason, when a bearer token was
    /// sent; else where the metadata is and which scopes to ask for. `Token` and `Basic`
    /// follow.
    fn refuse(&self, rejection: Rejection, bearer: bool) -> Response {
        tracing::info!(reason = rejection.reason(), "request refused");
        self.metrics.auth_failure(rejection.reason());
        let Some(oauth) = &self.oauth else {
            return rejection.into_response();
        };
        if rejection == Rejection::TooManyFailures {
            return rejection.into_response();
        }
        let (challenge, response) = if bearer {
            (
                oauth.invalid_token(),
                Rejection::UnknownToken.into_response(),
            )
        } else {
            (oauth.challenge(), rejection.into_response())
        };
        let mut response = response;
        let headers = response.headers_mut();
        let others: Vec<HeaderValue> = headers
            .get_all(header::WWW_AUTHENTICATE)
            .iter()
            .cloned()
            .collect();
        headers.insert(header::WWW_AUTHENTICATE, challenge);
        for other in others {
            headers.append(header::WWW_AUTHENTICATE, other);
        }
        response
    }
}
