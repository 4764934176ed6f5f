//! Guards every MCP request passes first: an id for its log lines, and the `Host` and
//! `Origin` checks against DNS rebinding and cross-site requests.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::mcp::RequestId;

/// The hosts and browser origins requests may come with (`allowed_hosts`,
/// `allowed_origins`).
pub struct Allowed {
    pub hosts: Vec<String>,
    pub origins: Vec<String>,
}

/// Tags the request, and every log line written while answering it, with an id: the
/// client's `X-Request-Id` when it sends a short printable one, else a new one. The response
/// carries it back.
pub async fn request_id(request: Request, next: Next) -> Response {
    use std::sync::atomic::{AtomicU64, Ordering};
    use tracing::Instrument;
    static NEXT: AtomicU64 = AtomicU64::new(1);
    static PREFIX: std::sync::LazyLock<u32> = std::sync::LazyLock::new(|| {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        nanos ^ std::process::id()
    });
    let given = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| (1..=64).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_graphic()))
        .map(str::to_owned);
    let id = given
        .unwrap_or_else(|| format!("{:08x}-{}", *PREFIX, NEXT.fetch_add(1, Ordering::Relaxed)));
    let span = tracing::info_span!("request", id = id.as_str());
    let mut request = request;
    request.extensions_mut().insert(RequestId(id.clone()));
    let mut response = next.run(request).instrument(span).await;
    if let Ok(value) = http::HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

/// DNS-rebinding and cross-site protection, as the MCP spec asks: a `Host` not in
/// `allowed_hosts` or an `Origin` not in `allowed_origins` gets 403.
pub async fn host_and_origin(
    State(allowed): State<Arc<Allowed>>,
    request: Request,
    next: Next,
) -> Response {
    let headers = request.headers();
    let host = headers
        .get(http::header::HOST)
        .and_then(|v| v.to_str().ok());
    let host_ok =
        allowed.hosts.is_empty() || host.is_some_and(|host| host_allowed(host, &allowed.hosts));
    let origin = headers
        .get(http::header::ORIGIN)
        .map(|v| v.to_str().unwrap_or(""));
    let origin_ok = origin.is_none_or(|origin| origin_allowed(origin, &allowed.origins));
    if host_ok && origin_ok {
        return next.run(request).await;
    }
    tracing::info!(
        host = %host.unwrap_or("(none)"),
        origin = %origin.unwrap_or("(none)"),
        "request refused: 403"
    );
    let message = if host_ok {
        refusal("Origin", origin, "allowed_origins", "http://localhost:*")
    } else {
        refusal("Host", host, "allowed_hosts", "localhost")
    };
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": -32000, "message": message },
    });
    (http::StatusCode::FORBIDDEN, axum::Json(body)).into_response()
}

/// Why a `Host` or `Origin` was refused, and the setting that admits it.
fn refusal(header: &str, value: Option<&str>, setting: &str, example: &str) -> String {
    let variable = format!("INVENTREE_MCP_{}", setting.to_ascii_uppercase());
    let Some(value) = value else {
        return format!(
            "Forbidden: the request has no {header} header; {setting} ({variable}) lists \
             the accepted ones, e.g. {example}"
        );
    };
    // Quoted as JSON and cut short: the value is the client's.
    let shown: String = value.chars().take(100).collect();
    format!(
        "Forbidden: {header} {} is not allowed; add it to {setting} ({variable}) to accept it",
        serde_json::Value::from(shown)
    )
}

/// `host` or `host:port` matches an entry naming the host, or the host and port.
fn host_allowed(authority: &str, allowed: &[String]) -> bool {
    let authority = authority.to_ascii_lowercase();
    let host = match authority.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => authority
            .rsplit_once(':')
            .map_or(authority.as_str(), |(host, _)| host),
    };
    allowed.iter().any(|entry| {
        let entry = entry.to_ascii_lowercase();
        let entry = entry.trim_start_matches('[').replace(']', "");
        entry == host || entry == authority.replace(['[', ']'], "")
    })
}

/// `scheme://host[:port]` matches an entry with the same scheme and host, and the same port,
/// `:*` (any port) or no port (any port). `null` matches only `null`.
fn origin_allowed(origin: &str, allowed: &[String]) -> bool {
    fn split(origin: &str) -> Option<(String, String, Option<String>)> {
        let (scheme, rest) = origin.split_once("://")?;
        let rest = rest.trim_end_matches('/').to_ascii_lowercase();
        let (host, port) = match rest.strip_prefix('[') {
            Some(v6) => {
                let (host, after) = v6.split_once(']')?;
                (host.to_string(), after.strip_prefix(':').map(String::from))
            }
            None => match rest.rsplit_once(':') {
                Some((host, port)) => (host.to_string(), Some(port.to_string())),
                None => (rest.clone(), None),
            },
        };
        Some((scheme.to_ascii_lowercase(), host, port))
    }
    if origin == "null" {
        return allowed.iter().any(|entry| entry == "null");
    }
    let Some((scheme, host, port)) = split(origin) else {
        return false;
    };
    let port = port.unwrap_or_else(|| if scheme == "https" { "443" } else { "80" }.into());
    allowed
        .iter()
        .filter_map(|entry| split(entry))
        .any(|(s, h, p)| {
            s == scheme && h == host && p.as_deref().is_none_or(|p| p == "*" || p == port)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn hosts_match_by_name_or_name_and_port() {
        let allowed = list(&["localhost", "127.0.0.1", "::1", "inventree-mcp:8000"]);
        assert!(host_allowed("localhost:8080", &allowed));
        assert!(host_allowed("LOCALHOST", &allowed));
        assert!(host_allowed("[::1]:8080", &allowed));
        assert!(host_allowed("inventree-mcp:8000", &allowed));
        assert!(!host_allowed("inventree-mcp:9000", &allowed));
        assert!(!host_allowed("evil.example", &allowed));
        assert!(!host_allowed("localhost.evil.example", &allowed));
    }

    #[test]
    fn origins_match_scheme_host_and_port() {
        let allowed = list(&[
            "http://localhost:*",
            "https://app.example.com",
            "http://x:8080",
        ]);
        assert!(origin_allowed("http://localhost:6274", &allowed));
        assert!(origin_allowed("http://localhost", &allowed));
        assert!(!origin_allowed("https://localhost:6274", &allowed));
        assert!(origin_allowed("https://app.example.com", &allowed));
        assert!(origin_allowed("https://app.example.com:8443", &allowed));
        assert!(origin_allowed("http://x:8080", &allowed));
        assert!(!origin_allowed("http://x", &allowed));
        assert!(!origin_allowed("http://evil.example", &allowed));
        assert!(!origin_allowed("null", &allowed));
        assert!(origin_allowed("null", &list(&["null"])));
        assert!(!origin_allowed("garbage", &allowed));
    }
}
