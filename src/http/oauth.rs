//! OAuth at the HTTP edge, with `oauth_issuer` set: the protected resource metadata (RFC
//! 9728), and the 403 `insufficient_scope` of a tool call (or a resource read, which runs a
//! tool, or a prompt, which relies on tools) the caller's roles allow but its access token's
//! scopes do not.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::{HeaderMap, HeaderValue, StatusCode, header};

use crate::auth::{OAuth, User};
use crate::state::AppState;
use crate::tools::Access;
use crate::{prompts, resources};

/// The metadata at the root well-known path and at the one with `public_url`'s path
/// inserted. Public, and readable from any web page: it holds nothing secret, and browser
/// based clients fetch it before they hold any credential. It therefore stays outside the
/// `Host` and `Origin` guard, as the probes do.
pub fn metadata(oauth: Arc<OAuth>) -> Router {
    let mut router = Router::new();
    for path in &oauth.metadata_paths {
        let document = oauth.metadata.clone();
        router = router.route(
            path,
            get(
                move || async move { cors((StatusCode::OK, axum::Json(document)).into_response()) },
            )
            .options(preflight),
        );
    }
    router
}

fn cors(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

/// A browser's preflight before a GET carrying headers of its own (`MCP-Protocol-Version`).
async fn preflight(headers: HeaderMap) -> Response {
    let mut response = cors(StatusCode::NO_CONTENT.into_response());
    let allowed = response.headers_mut();
    allowed.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, OPTIONS"),
    );
    if let Some(requested) = headers.get(header::ACCESS_CONTROL_REQUEST_HEADERS) {
        allowed.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, requested.clone());
    }
    allowed.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("86400"),
    );
    response
}

/// A `tools/call` (or a `resources/read` of a resource a tool answers, or a `prompts/get`
/// of a prompt relying on tools) the caller's roles allow but its access token's scopes do
/// not gets 403 with the `insufficient_scope`
/// challenge, so that the client can ask the user for more.
///
/// Decided here rather than in the MCP handler: the handler runs inside rmcp's Streamable
/// HTTP service, which answers every JSON-RPC request with 200 (or a JSON-RPC error in the
/// body) and offers no way to choose the HTTP status. So this layer, which runs after
/// authentication and after the body was buffered (bounded by `max_body_bytes`) and found to
/// be one JSON-RPC message, reads the tool's name from the body and asks the registry's one
/// rule ([`crate::tools::Tools::access`]). A missing role is left to the handler: it answers
/// the usual `isError` result, since no new consent can grant a role.
pub async fn insufficient_scope(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let (Some(oauth), Some(user)) = (state.auth.oauth(), request.extensions().get::<User>()) else {
        return next.run(request).await;
    };
    let Some(grant) = user.grant.clone() else {
        return next.run(request).await;
    };
    if request.method() != http::Method::POST {
        return next.run(request).await;
    }
    let user = user.clone();
    let (parts, body) = request.into_parts();
    // Already buffered and bounded by `body_size`.
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    if let Some((tools, what)) = called_tools(&bytes)
        && let Some(needed) = out_of_scope(&state, &user, &tools)
    {
        tracing::info!(
            user = user.username.as_str(),
            called = what.as_str(),
            needed = needed.join(" "),
            "refused: insufficient scope"
        );
        let body = serde_json::json!({
            "jsonrpc": "2.0",
            "id": null,
            "error": {
                "code": -32001,
                "message": format!(
                    "The access token's scopes do not allow {what}: it needs {}.",
                    needed.join(" ")
                ),
            },
        });
        let mut response = (StatusCode::FORBIDDEN, axum::Json(body)).into_response();
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            oauth.insufficient_scope(&grant.scopes, &needed),
        );
        return response;
    }
    next.run(Request::from_parts(parts, bytes.into())).await
}

/// The scopes the caller's token lacks for `tools`, when that is all that stands in the way:
/// `None` when every tool is allowed, or when one is refused for another reason (a missing
/// role, an unknown name), which the handler answers as usual.
fn out_of_scope(state: &AppState, user: &User, tools: &[String]) -> Option<Vec<String>> {
    let mut needed: Vec<String> = Vec::new();
    for tool in tools {
        match state.tools.access(user, tool) {
            Access::Allowed(..) => {}
            Access::OutOfScope(scopes) => {
                for scope in scopes {
                    if !needed.contains(&scope) {
                        needed.push(scope);
                    }
                }
            }
            _ => return None,
        }
    }
    (!needed.is_empty()).then_some(needed)
}

/// The tools a message runs, and what the message names: a `tools/call`'s tool, the tool
/// answering a `resources/read`'s URI, or the tools a `prompts/get`'s prompt relies on.
fn called_tools(body: &[u8]) -> Option<(Vec<String>, String)> {
    #[derive(serde::Deserialize)]
    struct Message {
        method: String,
        params: Option<Params>,
    }
    #[derive(serde::Deserialize)]
    struct Params {
        name: Option<String>,
        uri: Option<String>,
    }
    let message: Message = serde_json::from_slice(body).ok()?;
    let params = message.params?;
    match message.method.as_str() {
        "tools/call" => params.name.map(|name| (vec![name.clone()], name)),
        "resources/read" => {
            let uri = params.uri?;
            Some((vec![resources::tool_for(&uri)?.to_string()], uri))
        }
        "prompts/get" => {
            let name = params.name?;
            let tools = prompts::tools_of(&name)?;
            Some((
                tools.iter().map(|tool| tool.to_string()).collect(),
                format!("the prompt {name}"),
            ))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::called_tools;

    #[test]
    fn the_called_tool_is_read_from_the_message() {
        assert_eq!(
            called_tools(br#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_part","arguments":{"part_id":1}}}"#),
            Some((vec!["get_part".into()], "get_part".into()))
        );
        assert_eq!(
            called_tools(
                br#"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"name":"get_part"}}"#
            ),
            None
        );
        assert_eq!(
            called_tools(br#"{"jsonrpc":"2.0","id":1,"method":"tools/call"}"#),
            None
        );
        assert_eq!(
            called_tools(br#"{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"inventree://stock-item/3"}}"#),
            Some((vec!["get_stock_item".into()], "inventree://stock-item/3".into()))
        );
        assert_eq!(
            called_tools(br#"{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"inventree://nothing"}}"#),
            None
        );
        assert_eq!(
            called_tools(
                br#"{"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"nothing"}}"#
            ),
            None
        );
    }
}
