//! Request limits: body size, calls in flight. Each refusal is an HTTP status with a
//! JSON-RPC error body, decided before any MCP processing.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::StatusCode;

use crate::server::AppState;

fn refuse(status: StatusCode, message: String) -> Response {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": -32000, "message": message },
    });
    (status, axum::Json(body)).into_response()
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
    match axum::body::to_bytes(body, limit).await {
        Ok(bytes) => next.run(Request::from_parts(parts, bytes.into())).await,
        Err(_) => too_large(),
    }
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
