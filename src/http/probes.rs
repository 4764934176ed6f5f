//! Probes for orchestrators (`/healthz`, `/readyz`) and Prometheus' `/metrics`: no
//! credential, any `Host`.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::routing::get;

use crate::state::{AppState, SchemaVerdict};

/// `/healthz` and `/readyz`.
pub fn health(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(ready))
        .with_state(state)
}

/// `/metrics`, with the probes, for `metrics_listen`.
pub fn metrics_router(state: Arc<AppState>) -> Router {
    let metrics = Router::new()
        .route(
            "/metrics",
            get(|State(state): State<Arc<AppState>>| async move {
                (
                    [(
                        http::header::CONTENT_TYPE,
                        "text/plain; version=0.0.4; charset=utf-8",
                    )],
                    state.metrics.render(&state.pool, state.writer.as_ref()),
                )
            }),
        )
        .with_state(state.clone());
    health(state).merge(metrics)
}

/// 200 when the database answers and its schema is the one our queries expect; 503 with
/// the reason otherwise.
async fn ready(State(state): State<Arc<AppState>>) -> (http::StatusCode, String) {
    use http::StatusCode;
    let ping = tokio::time::timeout(
        std::time::Duration::from_secs(2),
        sqlx::query("SELECT 1").execute(&state.pool),
    )
    .await;
    match ping {
        Err(_) => {
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "database: no answer within 2 s\n".into(),
            );
        }
        Ok(Err(error)) => {
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                format!("database: {error}\n"),
            );
        }
        Ok(Ok(_)) => {}
    }
    match state.schema().await {
        Ok(SchemaVerdict::Compatible { version }) => {
            (StatusCode::OK, format!("ready: {version}\n"))
        }
        Ok(SchemaVerdict::Differs { mismatches }) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("schema differs:\n{}\n", mismatches.join("\n")),
        ),
        Err(error) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("database: {error}\n"),
        ),
    }
}
