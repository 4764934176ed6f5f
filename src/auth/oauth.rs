//! This server as an OAuth protected resource of InvenTree (django-oauth-toolkit at `/o/`):
//! the metadata pointing clients to InvenTree, the challenges, and what an access token row
//! must satisfy. No authorization server of our own.

use axum::http::HeaderValue;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::config::Config;

/// The well-known path of RFC 9728's protected resource metadata.
pub const METADATA_PATH: &str = "/.well-known/oauth-protected-resource";

/// Longest access token looked up; longer ones are refused without a query.
pub const MAX_ACCESS_TOKEN: usize = 4096;

/// The OAuth settings, when `oauth_issuer` is set.
#[derive(Debug, Clone)]
pub struct OAuth {
    /// The paths the metadata is served at: the root form, and the form with `public_url`'s
    /// path inserted when it has one.
    pub metadata_paths: Vec<String>,
    /// RFC 9728's document.
    pub metadata: serde_json::Value,
    /// Where clients read the metadata: the path-inserted form for `public_url`.
    metadata_url: String,
    /// `oauth_scopes` joined by spaces.
    scopes: String,
    client_ids: Vec<String>,
}

impl OAuth {
    /// None when `oauth_issuer` is unset. The configuration is validated already.
    pub fn from_config(config: &Config) -> Option<OAuth> {
        let issuer = config.oauth_issuer.as_deref()?;
        let public_url = config.public_url.as_deref()?;
        let (scheme, rest) = public_url.split_once("://")?;
        let (host, path) = match rest.find('/') {
            Some(at) => rest.split_at(at),
            None => (rest, ""),
        };
        let mut metadata_paths = vec![METADATA_PATH.to_string()];
        if !path.is_empty() {
            metadata_paths.push(format!("{METADATA_PATH}{path}"));
        }
        let metadata_url = format!("{scheme}://{host}{}", metadata_paths.last()?);
        Some(OAuth {
            metadata_paths,
            metadata: serde_json::json!({
                "resource": public_url,
                "authorization_servers": [issuer],
                "scopes_supported": config.oauth_scopes,
                "bearer_methods_supported": ["header"],
                "resource_name": "InvenTree MCP",
            }),
            metadata_url,
            scopes: config.oauth_scopes.join(" "),
            client_ids: config.oauth_client_ids.clone(),
        })
    }

    /// The challenge of a request without credentials: where the metadata is, and the scopes
    /// to ask for.
    pub fn challenge(&self) -> HeaderValue {
        header(format!(
            r#"Bearer resource_metadata="{}", scope="{}""#,
            self.metadata_url, self.scopes
        ))
    }

    /// The challenge for any refused bearer token, whatever the reason (unknown, expired,
    /// revoked, another application's, no user, inactive user): the caller learns nothing
    /// about which.
    pub fn invalid_token(&self) -> HeaderValue {
        header(format!(
            r#"Bearer error="invalid_token", error_description="The access token is invalid, expired or revoked.", resource_metadata="{}""#,
            self.metadata_url
        ))
    }

    /// The challenge of a call the caller's roles allow but its token's scopes do not:
    /// `scope` holds the token's scopes and those the call needs.
    pub fn insufficient_scope(&self, granted: &[String], needed: &[String]) -> HeaderValue {
        // RFC 6749's scope-token: printable ASCII but `"` and `\`; anything else the row may
        // hold would break the header's quoting, and no client could ask for it anyway.
        let mut scopes: Vec<&str> = granted
            .iter()
            .map(String::as_str)
            .filter(|s| {
                s.bytes()
                    .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\')
            })
            .collect();
        for scope in needed {
            if !scopes.contains(&scope.as_str()) {
                scopes.push(scope);
            }
        }
        header(format!(
            r#"Bearer error="insufficient_scope", scope="{}", resource_metadata="{}", error_description="The access token's scopes do not allow this tool.""#,
            scopes.join(" "),
            self.metadata_url
        ))
    }

    pub fn allows_client(&self, client_id: &str) -> bool {
        self.client_ids.iter().any(|id| id == client_id)
    }
}

/// The configured scopes and URLs are printable ASCII without quotes (checked at start, see
/// config.rs) and a token's own scopes are filtered before: the fallback is a last guard.
fn header(value: String) -> HeaderValue {
    HeaderValue::from_str(&value).unwrap_or_else(|_| {
        HeaderValue::from_str(&value.replace(|c: char| !c.is_ascii_graphic() && c != ' ', ""))
            .expect("printable ASCII")
    })
}

/// The toolkit's `token_checksum`: the lowercase hex SHA-256 of the token's UTF-8 bytes.
pub fn checksum(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether the stored token is the presented one, in time independent of where they differ.
pub fn same_token(stored: &str, presented: &str) -> bool {
    stored.as_bytes().ct_eq(presented.as_bytes()).into()
}

/// The toolkit's rule: a token is expired from the instant `expires` on (`now >= expires`).
pub fn expired(expires: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now >= expires
}

/// The scopes as granted, in order, without repeats: what a 403 challenge repeats.
pub fn scope_words(scope: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in scope.split_whitespace() {
        if !words.iter().any(|w| w == word) {
            words.push(word.to_string());
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    #[test]
    fn checksum_is_the_toolkits() {
        // hashlib.sha256("abc".encode("utf-8")).hexdigest()
        assert_eq!(
            checksum("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn expiry_boundary_is_expired() {
        let now = Utc::now();
        assert!(expired(now, now));
        assert!(expired(now - TimeDelta::seconds(1), now));
        assert!(!expired(now + TimeDelta::microseconds(1), now));
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abc", "abd"));
        assert!(!same_token("abc", "abcd"));
        assert!(!same_token("abc", "ABC"));
    }

    #[test]
    fn metadata_at_the_root_and_with_the_path_inserted() {
        let config = Config {
            public_url: Some("https://mcp.example.com/mcp".into()),
            oauth_issuer: Some("https://inventree.example.com/o".into()),
            oauth_client_ids: vec!["claude".into()],
            ..Config::default()
        };
        let oauth = OAuth::from_config(&config).unwrap();
        assert_eq!(
            oauth.metadata_paths,
            [
                "/.well-known/oauth-protected-resource",
                "/.well-known/oauth-protected-resource/mcp"
            ]
        );
        assert_eq!(
            oauth.invalid_token(),
            r#"Bearer error="invalid_token", error_description="The access token is invalid, expired or revoked.", resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp""#
        );
        assert_eq!(
            oauth.insufficient_scope(
                &["r:view:part".into(), "openid".into()],
                &["r:view:stock".into(), "r:view:part".into()]
            ),
            r#"Bearer error="insufficient_scope", scope="r:view:part openid r:view:stock", resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp", error_description="The access token's scopes do not allow this tool.""#
        );
        assert_eq!(
            oauth.insufficient_scope(
                &["r:view:part".into(), "bad\"quote".into(), "ünicode".into()],
                &["g:read".into()]
            ),
            r#"Bearer error="insufficient_scope", scope="r:view:part g:read", resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp", error_description="The access token's scopes do not allow this tool.""#
        );
        let root = Config {
            public_url: Some("https://mcp.example.com".into()),
            ..config
        };
        let oauth = OAuth::from_config(&root).unwrap();
        assert_eq!(
            oauth.metadata_paths,
            ["/.well-known/oauth-protected-resource"]
        );
        assert!(
            oauth
                .challenge()
                .to_str()
                .unwrap()
                .starts_with(r#"Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource", scope="g:read r:view:part_category "#)
        );
    }

    #[test]
    fn granted_scopes_keep_their_order_once() {
        assert_eq!(
            scope_words(" r:view:part  g:read r:view:part "),
            ["r:view:part", "g:read"]
        );
    }
}
