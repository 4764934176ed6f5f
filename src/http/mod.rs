//! The HTTP server: the MCP endpoint at both paths behind its guards, limits and
//! authentication; the probes; serving until shutdown.

mod guards;
mod limits;
mod listen;
mod oauth;
mod probes;

use std::sync::Arc;

use axum::Router;
use axum::middleware;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};

use crate::auth;
use crate::mcp::InventreeMcp;
use crate::state::AppState;

pub use listen::Listeners;
pub use probes::metrics_router;

/// The plugin's endpoint, so that a client configured for the plugin only changes host.
pub const PLUGIN_PATH: &str = "/plugin/inventree-mcp/mcp";
pub const MCP_PATH: &str = "/mcp";

/// The application: the MCP endpoint at both paths, behind authentication.
pub fn router(state: Arc<AppState>) -> Router {
    let config = StreamableHttpServerConfig::default()
        .with_legacy_session_mode(state.config.legacy_sessions)
        .with_json_response(true)
        .with_allowed_hosts(state.config.allowed_hosts.clone())
        .with_allowed_origins(state.config.allowed_origins.clone())
        .enforce_origin_validation();
    let handler = InventreeMcp::new(state.clone());
    let service = StreamableHttpService::new(
        move || Ok(handler.clone()),
        Arc::new(LocalSessionManager::default()),
        config,
    );
    let allowed = Arc::new(guards::Allowed {
        hosts: state.config.allowed_hosts.clone(),
        origins: state.config.allowed_origins.clone(),
    });
    let in_flight = limits::InFlight {
        permits: state.in_flight.clone(),
        max: state.config.max_concurrent_calls,
    };
    // Layers run bottom-up: request id, calls in flight, Host and Origin, body size, the
    // credential, the message's shape, then (OAuth) the token's scopes for a tool call.
    let mcp = Router::new()
        .nest_service(MCP_PATH, service.clone())
        .nest_service(PLUGIN_PATH, service)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            oauth::insufficient_scope,
        ))
        .layer(middleware::from_fn(limits::json_rpc))
        .layer(middleware::from_fn_with_state(
            state.auth.clone(),
            auth::authenticate,
        ))
        .layer(middleware::from_fn_with_state(
            state.config.max_body_bytes,
            limits::body_size,
        ))
        .layer(middleware::from_fn_with_state(
            allowed,
            guards::host_and_origin,
        ))
        .layer(middleware::from_fn_with_state(
            in_flight,
            limits::concurrency,
        ))
        .layer(middleware::from_fn(guards::request_id));
    // Probes come from orchestrators under any Host, and carry no credential; so does the
    // OAuth metadata, from clients that hold none yet.
    let public = match state.auth.oauth() {
        Some(settings) => probes::health(state.clone()).merge(oauth::metadata(settings.clone())),
        None => probes::health(state.clone()),
    };
    public.merge(mcp).fallback(not_found)
}

/// Any other path: where the endpoint and the probes are, for whoever typed the URL by hand.
async fn not_found(uri: http::Uri) -> (http::StatusCode, String) {
    (
        http::StatusCode::NOT_FOUND,
        format!(
            "inventree-mcp has nothing at {}. The MCP endpoint is {MCP_PATH} (also \
             {PLUGIN_PATH}/), for MCP clients: POST with an InvenTree API token in \
             `Authorization: Token ...`. Probes: /healthz, /readyz.\n",
            uri.path().chars().take(200).collect::<String>()
        ),
    )
}

/// Serves on `listeners` (bound with [`Listeners::bind`]) until Ctrl-C or SIGTERM.
pub async fn serve(listeners: Listeners, state: Arc<AppState>) -> anyhow::Result<()> {
    for address in listeners.addresses() {
        tracing::info!(%address, "listening");
    }
    serve_on(listeners, state, shutdown_signal()).await
}

/// Serves on a bound listener until `shutdown` completes. Client addresses reach the
/// handlers (login failures are counted per address).
pub async fn serve_on(
    listener: impl Into<Listeners>,
    state: Arc<AppState>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    if let Some(address) = state.config.metrics_listen {
        let metrics = tokio::net::TcpListener::bind(address).await?;
        tracing::info!(%address, "metrics listening");
        let app = probes::metrics_router(state.clone());
        tokio::spawn(async move { axum::serve(metrics, app).await });
    }
    let grace = std::time::Duration::from_secs(state.config.shutdown_grace_s);
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    // Once `shutdown` completes, calls in flight get `grace` to finish; then we stop anyway.
    let (stopping, mut stopped) = tokio::sync::watch::channel(false);
    // `tap_io` gives the connections' addresses to the handlers (axum's `ConnectInfo`).
    let listener = axum::serve::ListenerExt::tap_io(listener.into(), |_| {});
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        shutdown.await;
        tracing::info!("shutting down: finishing calls in flight");
        let _ = stopping.send(true);
    });
    let deadline = async move {
        let _ = stopped.wait_for(|stopped| *stopped).await;
        tokio::time::sleep(grace).await;
    };
    tokio::select! {
        result = server => result?,
        _ = deadline => tracing::warn!(seconds = grace.as_secs(), "calls still in flight after the grace period; exiting"),
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
