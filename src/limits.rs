//! Request limits: body size and shape, calls in flight. Each refusal is an HTTP status
//! with a JSON-RPC error body, decided before any MCP processing.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::StatusCode;

use crate::server::AppState;

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

/// What is wrong with a POSTed body that is not one JSON-RPC message: (code, message).
fn malformed(body: &[u8]) -> Option<(i32, String)> {
    let value: serde_json::Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(error) => return Some((-32700, format!("Parse error: {error}"))),
    };
    let Some(message) = value.as_object() else {
        return Some((
            -32600,
            "Invalid Request: expected one JSON-RPC object".into(),
        ));
    };
    if message.get("jsonrpc").and_then(|v| v.as_str()) != Some("2.0") {
        return Some((-32600, "Invalid Request: `jsonrpc` must be \"2.0\"".into()));
    }
    match message.get("method") {
        Some(method) if !method.is_string() => {
            return Some((-32600, "Invalid Request: `method` must be a string".into()));
        }
        None if !message.contains_key("result") && !message.contains_key("error") => {
            return Some((-32600, "Invalid Request: no `method`".into()));
        }
        _ => {}
    }
    if message.get("params").is_some_and(|p| !p.is_object()) {
        return Some((-32602, "Invalid params: `params` must be an object".into()));
    }
    if let Some(id) = message.get("id")
        && !(id.is_string() || id.is_i64() || id.is_u64())
    {
        return Some((
            -32600,
            "Invalid Request: `id` must be a string or an integer".into(),
        ));
    }
    None
}

/// Bodies over `max_body_bytes` get 413, whether they announce their length or not.
pub async fn body_size(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let limit = state.config.max_body_bytes;
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

/// At most `max_concurrent_calls` requests are answered at once; past that, 503 with
/// `Retry-After` instead of a queue that would grow without bound.
pub async fn concurrency(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let Ok(permit) = state.in_flight.clone().try_acquire_owned() else {
        tracing::warn!("busy: max_concurrent_calls reached");
        let mut response = refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "server busy: {} requests in flight (max_concurrent_calls); retry shortly",
                state.config.max_concurrent_calls
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
