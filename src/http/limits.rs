//! Request limits: body size and shape, calls in flight. Each refusal is an HTTP status
//! with a JSON-RPC error body, decided before any MCP processing.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use tokio::sync::Semaphore;

fn refuse(status: StatusCode, message: String) -> Response {
    refuse_with(status, -32000, message)
}

fn refuse_with(status: StatusCode, code: i32, message: String) -> Response {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": code, "message": message },
    });
    (status, axum::Json(body)).into_response()
}

/// The JSON type of a member of a JSON-RPC message, read without keeping its value.
#[derive(Default, PartialEq)]
enum Kind {
    #[default]
    Absent,
    Null,
    /// The string "2.0".
    Version2,
    String,
    Integer,
    Object,
    Other,
}

impl<'de> serde::Deserialize<'de> for Kind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Kind, D::Error> {
        deserializer.deserialize_any(KindVisitor)
    }
}

struct KindVisitor;

impl<'de> serde::de::Visitor<'de> for KindVisitor {
    type Value = Kind;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E>(self, v: &str) -> Result<Kind, E> {
        Ok(if v == "2.0" {
            Kind::Version2
        } else {
            Kind::String
        })
    }
    fn visit_i64<E>(self, _: i64) -> Result<Kind, E> {
        Ok(Kind::Integer)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Kind, E> {
        Ok(Kind::Integer)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Kind, E> {
        Ok(Kind::Other)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Kind, E> {
        Ok(Kind::Other)
    }
    fn visit_unit<E>(self) -> Result<Kind, E> {
        Ok(Kind::Null)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Kind, A::Error> {
        use serde::de::IgnoredAny;
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Kind::Object)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Kind, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(Kind::Other)
    }
}

/// The members the shape check looks at; any others are skipped.
#[derive(serde::Deserialize)]
struct Members {
    #[serde(default)]
    jsonrpc: Kind,
    #[serde(default)]
    method: Kind,
    #[serde(default)]
    params: Kind,
    #[serde(default)]
    id: Kind,
    #[serde(default)]
    result: Kind,
    #[serde(default)]
    error: Kind,
}

/// What is wrong with a POSTed body that is not one JSON-RPC message: (code, message). Reads
/// the body once, keeping only each member's type.
fn malformed(body: &[u8]) -> Option<(i32, String)> {
    let invalid = |why: &str| Some((-32600, format!("Invalid Request: {why}")));
    let parse_error = |error: serde_json::Error| Some((-32700, format!("Parse error: {error}")));
    if body.trim_ascii_start().first() != Some(&b'{') {
        return match serde_json::from_slice::<serde::de::IgnoredAny>(body) {
            Ok(_) => invalid("expected one JSON-RPC object"),
            Err(error) => parse_error(error),
        };
    }
    let message: Members = match serde_json::from_slice(body) {
        Ok(message) => message,
        // Well-formed JSON that is not a message, e.g. a member given twice.
        Err(error) if error.is_data() => return invalid(&error.to_string()),
        Err(error) => return parse_error(error),
    };
    if message.jsonrpc != Kind::Version2 {
        return invalid("`jsonrpc` must be \"2.0\"");
    }
    match message.method {
        Kind::Absent if message.result == Kind::Absent && message.error == Kind::Absent => {
            return invalid("no `method`");
        }
        Kind::Absent | Kind::String | Kind::Version2 => {}
        _ => return invalid("`method` must be a string"),
    }
    if !matches!(message.params, Kind::Absent | Kind::Object) {
        return Some((-32602, "Invalid params: `params` must be an object".into()));
    }
    if !matches!(
        message.id,
        Kind::Absent | Kind::String | Kind::Version2 | Kind::Integer
    ) {
        return invalid("`id` must be a string or an integer");
    }
    None
}

/// Bodies over `limit` bytes (`max_body_bytes`) get 413, whether they announce their length
/// or not.
pub async fn body_size(State(limit): State<usize>, request: Request, next: Next) -> Response {
    let too_large = || {
        refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("request body larger than max_body_bytes ({limit} bytes)"),
        )
    };
    let announced = request
        .headers()
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|length| length > limit as u64) {
        return too_large();
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
        return too_large();
    };
    next.run(Request::from_parts(parts, bytes.into())).await
}

/// A POST whose body is not one JSON-RPC 2.0 message gets 400 with a parse (-32700),
/// invalid request (-32600) or invalid params (-32602) error. Runs after authentication (a
/// caller without a credential learns nothing about its body) on a body already buffered
/// and bounded by [`body_size`].
pub async fn json_rpc(request: Request, next: Next) -> Response {
    if request.method() != http::Method::POST {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return refuse_with(
            StatusCode::BAD_REQUEST,
            -32700,
            "Parse error: unreadable body".into(),
        );
    };
    if let Some((code, message)) = malformed(&bytes) {
        return refuse_with(StatusCode::BAD_REQUEST, code, message);
    }
    next.run(Request::from_parts(parts, bytes.into())).await
}

/// Permits for requests in flight.
#[derive(Clone)]
pub struct InFlight {
    pub permits: Arc<Semaphore>,
    /// `max_concurrent_calls`, for the refusal's message.
    pub max: u32,
}

/// At most `max_concurrent_calls` requests are answered at once; past that, 503 with
/// `Retry-After` instead of a queue that would grow without bound.
pub async fn concurrency(
    State(in_flight): State<InFlight>,
    request: Request,
    next: Next,
) -> Response {
    let Ok(permit) = in_flight.permits.clone().try_acquire_owned() else {
        tracing::warn!("busy: max_concurrent_calls reached");
        let mut response = refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "server busy: {} requests in flight (max_concurrent_calls); retry shortly",
                in_flight.max
            ),
        );
        response.headers_mut().insert(
            http::header::RETRY_AFTER,
            http::HeaderValue::from_static("1"),
        );
        return response;
    };
    let response = next.run(request).await;
    drop(permit);
    response
}

#[cfg(test)]
mod tests {
    use super::malformed;

    fn code(body: &str) -> Option<i32> {
        malformed(body.as_bytes()).map(|(code, _)| code)
    }

    #[test]
    fn shapes_of_json_rpc_messages() {
        assert_eq!(
            code(r#" {"jsonrpc": "2.0", "id": 1, "method": "ping"}"#),
            None
        );
        assert_eq!(code(r#"{"jsonrpc": "2.0", "id": "a", "result": {}}"#), None);
        assert_eq!(
            code(
                r#"{"jsonrpc": "2.0", "method": "x", "params": {"a": [1, {"b": null}]}, "extra": [true]}"#
            ),
            None
        );
        assert_eq!(
            code(r#"{"jsonrpc": "2.0", "id": 1, "method": "ping""#),
            Some(-32700)
        );
        assert_eq!(code(r#"{"jsonrpc": "2.0"} trailing"#), Some(-32700));
        assert_eq!(code("[1]"), Some(-32600));
        assert_eq!(code("[1"), Some(-32700));
        assert_eq!(
            code(r#"{"jsonrpc": "2.0", "id": null, "method": "ping"}"#),
            Some(-32600)
        );
        assert_eq!(
            code(r#"{"jsonrpc": "2.0", "id": 1.5, "method": "ping"}"#),
            Some(-32600)
        );
        assert_eq!(
            code(r#"{"jsonrpc": "2.0", "id": 1, "id": 2, "method": "ping"}"#),
            Some(-32600)
        );
        assert_eq!(
            code(r#"{"jsonrpc": 2, "id": 1, "method": "ping"}"#),
            Some(-32600)
        );
        assert_eq!(
            code(r#"{"jsonrpc": "2.0", "id": 1, "method": null}"#),
            Some(-32600)
        );
        assert_eq!(code(r#"{"jsonrpc": "2.0", "id": 1}"#), Some(-32600));
        assert_eq!(
            code(r#"{"jsonrpc": "2.0", "id": 1, "method": "x", "params": null}"#),
            Some(-32602)
        );
        assert_eq!(
            code(r#"{"jsonrpc": "2.0", "id": 1, "method": "x", "params": [1]}"#),
            Some(-32602)
        );
    }
}
