//! Tool failures, turned into MCP results in one place.

use rmcp::model::{CallToolResult, ContentBlock};

use crate::auth::Permission;

#[derive(Debug, thiserror::Error)]
pub enum ToolError {
    #[error("invalid argument `{name}`: {reason}")]
    InvalidArgument { name: String, reason: String },
    #[error("{what} {id} does not exist")]
    NotFound { what: &'static str, id: i64 },
    #[error("permission denied: this tool requires {0} (InvenTree role `{role}`, action `{action}`)", role = .0.0.name(), action = .0.1.name())]
    PermissionDenied(Permission),
    /// The write cannot be done in the data's current state.
    #[error("{0}")]
    Conflict(String),
    /// InvenTree's data breaks a rule InvenTree keeps (e.g. a cycle in a BOM).
    #[error("{0}")]
    BadData(String),
    #[error("the access token's scopes do not allow this tool: it needs {}", .0.join(" "))]
    OutOfScope(Vec<String>),
    #[error("this server is read-only (read_only = true): it makes no changes")]
    ReadOnly,
    #[error("this tool needs an InvenTree user: send a credential (an API token)")]
    Anonymous,
    #[error("database error")]
    Database(#[from] sqlx::Error),
}

impl ToolError {
    pub fn invalid(name: impl Into<String>, reason: impl Into<String>) -> ToolError {
        ToolError::InvalidArgument {
            name: name.into(),
            reason: reason.into(),
        }
    }

    /// The `isError` result the client sees: what went wrong, never SQL or secrets.
    pub fn into_result(self, tool: &str) -> CallToolResult {
        let message = match &self {
            ToolError::Database(sqlx::Error::PoolTimedOut) => {
                tracing::warn!(tool, "no free connection within pool_timeout_ms");
                "database busy: every connection (pool_size) stayed in use for pool_timeout_ms; \
                 retry shortly"
                    .to_string()
            }
            ToolError::Database(error) if is_timeout(error) => {
                tracing::warn!(tool, "query timed out");
                "the query timed out (statement_timeout_ms); narrow the request".to_string()
            }
            ToolError::Database(error) => {
                tracing::error!(tool, %error, "database error");
                "database error; the server log has the details".to_string()
            }
            other => other.to_string(),
        };
        CallToolResult::error(vec![ContentBlock::text(message)])
    }
}

fn is_timeout(error: &sqlx::Error) -> bool {
    // 57014: query_canceled, which is what statement_timeout raises.
    matches!(error, sqlx::Error::Database(e) if e.code().as_deref() == Some("57014"))
}
