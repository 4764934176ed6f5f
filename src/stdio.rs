//! MCP over standard input and output, for clients that start the server themselves (Claude
//! Desktop, Cursor, Gemini CLI, VS Code): one client, one InvenTree user, the user whose API
//! token the environment holds. Standard output carries JSON-RPC only; logs go to standard
//! error.

use std::sync::Arc;

use rmcp::ServiceExt;

use crate::auth::Credential;
use crate::mcp::InventreeMcp;
use crate::state::AppState;

/// The environment variable holding the InvenTree API token to act with.
pub const TOKEN_VARIABLE: &str = "INVENTREE_MCP_TOKEN";

/// The token from `value` (the variable's content), or why there is none.
pub fn token(value: Option<std::ffi::OsString>) -> anyhow::Result<String> {
    let token = value
        .as_deref()
        .and_then(|value| value.to_str())
        .map(str::trim)
        .unwrap_or_default();
    anyhow::ensure!(
        !token.is_empty(),
        "{TOKEN_VARIABLE} is not set: stdio serves as the InvenTree user whose API token it \
         holds (InvenTree: Settings > API Tokens)"
    );
    Ok(token.to_string())
}

/// Serves the holder of `token` over standard input and output until the client closes
/// them. The token is checked first: a refused token is an error naming why.
pub async fn serve(state: Arc<AppState>, token: String) -> anyhow::Result<()> {
    let credential = Credential::Token(token);
    let user = match state.auth.verify(&credential, None).await {
        Ok(Ok(user)) => user,
        Ok(Err(rejection)) => anyhow::bail!("{TOKEN_VARIABLE} was refused: {rejection}"),
        Err(error) => anyhow::bail!("{TOKEN_VARIABLE} could not be checked: {error}"),
    };
    tracing::info!(user = user.username.as_str(), "serving MCP over stdio");
    let service = InventreeMcp::for_credential(state, credential)
        .serve(rmcp::transport::stdio_pipes())
        .await?;
    let reason = service.waiting().await?;
    tracing::info!(?reason, "stdio closed");
    Ok(())
}
