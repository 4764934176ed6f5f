//! Who is calling: credentials from the request, checked against InvenTree's own tables.

mod token;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use sqlx::PgPool;

use crate::server::AppState;

/// An authenticated InvenTree user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i32,
    pub username: String,
    pub is_superuser: bool,
}

/// A credential as presented in the request.
#[derive(Debug)]
pub enum Credential {
    /// `Authorization: Token <key>` or `Bearer <key>`: an InvenTree API token.
    Token(String),
}

/// Why a request was refused before any MCP processing. The messages are InvenTree's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    #[error("Authentication credentials were not provided.")]
    Missing,
    #[error("Unsupported authorization header: use `Token <key>` or `Bearer <key>`.")]
    Malformed,
    #[error("Invalid token.")]
    UnknownToken,
    #[error("Token has been revoked.")]
    Revoked,
    #[error("Token has expired.")]
    Expired,
    #[error("User inactive or deleted.")]
    Inactive,
}

impl Rejection {
    /// A short name for logs and metrics.
    pub fn reason(self) -> &'static str {
        match self {
            Rejection::Missing => "missing",
            Rejection::Malformed => "malformed",
            Rejection::UnknownToken => "unknown_token",
            Rejection::Revoked => "revoked",
            Rejection::Expired => "expired",
            Rejection::Inactive => "inactive",
        }
    }
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "jsonrpc": "2.0",
            "id": null,
            "error": { "code": -32001, "message": self.to_string() },
        });
        let mut response = (StatusCode::UNAUTHORIZED, axum::Json(body)).into_response();
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static(r#"Token realm="inventree-mcp""#),
        );
        response
    }
}

/// Reads the credential from the headers, if there is one.
pub fn credential(headers: &HeaderMap) -> Result<Option<Credential>, Rejection> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value.to_str().map_err(|_| Rejection::Malformed)?.trim();
    let (scheme, rest) = value.split_once(' ').ok_or(Rejection::Malformed)?;
    let key = rest.trim();
    if key.is_empty() || key.contains(char::is_whitespace) {
        return Err(Rejection::Malformed);
    }
    if scheme.eq_ignore_ascii_case("token") || scheme.eq_ignore_ascii_case("bearer") {
        Ok(Some(Credential::Token(key.to_string())))
    } else {
        Err(Rejection::Malformed)
    }
}

type Verdict = Result<User, Rejection>;

/// Checks credentials, remembering verdicts for `ttl` so that the database is not asked on
/// every call. A revoked token therefore stops working within `ttl`.
pub struct Authenticator {
    pool: PgPool,
    ttl: Duration,
    cache: Mutex<HashMap<[u8; 32], (Instant, Verdict)>>,
}

/// Cached verdicts are dropped wholesale past this many, so random keys cannot grow memory.
const CACHE_CAPACITY: usize = 10_000;

impl Authenticator {
    pub fn new(pool: PgPool, ttl: Duration) -> Authenticator {
        Authenticator {
            pool,
            ttl,
            cache: Mutex::new(HashMap::new()),
        }
    }

    pub async fn verify(&self, credential: &Credential) -> Result<Verdict, sqlx::Error> {
        let Credential::Token(key) = credential;
        // Keyed by a digest, so the cache never holds a usable token.
        let digest: [u8; 32] = Sha256::digest(key.as_bytes()).into();
        if !self.ttl.is_zero() {
            let cache = self.cache.lock().expect("auth cache poisoned");
            if let Some((at, verdict)) = cache.get(&digest)
                && at.elapsed() < self.ttl
            {
                return Ok(verdict.clone());
            }
        }
        let verdict = token::verify(&self.pool, key).await?;
        if !self.ttl.is_zero() {
            let mut cache = self.cache.lock().expect("auth cache poisoned");
            if cache.len() >= CACHE_CAPACITY {
                cache.clear();
            }
            cache.insert(digest, (Instant::now(), verdict.clone()));
        }
        Ok(verdict)
    }
}

/// Axum middleware: authenticates the request and stores the [`User`] in its extensions, or
/// answers 401 itself.
pub async fn authenticate(
    State(state): State<Arc<AppState>>,
    mut request: Request,
    next: Next,
) -> Response {
    let credential = match credential(request.headers()) {
        Ok(credential) => credential,
        Err(rejection) => return refuse(rejection),
    };
    match credential {
        Some(credential) => match state.auth.verify(&credential).await {
            Ok(Ok(user)) => {
                request.extensions_mut().insert(user);
            }
            Ok(Err(rejection)) => return refuse(rejection),
            Err(error) => {
                tracing::error!(%error, "credential check failed");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        },
        None if state.config.require_auth => return refuse(Rejection::Missing),
        None => {}
    }
    next.run(request).await
}

fn refuse(rejection: Rejection) -> Response {
    tracing::info!(reason = rejection.reason(), "request refused: 401");
    rejection.into_response()
}
