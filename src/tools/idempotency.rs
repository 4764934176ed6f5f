//! Results of writes by `idempotency_key`, so a client retrying a write gets the first
//! call's answer instead of a second write.

use rmcp::model::{CallToolResult, JsonObject};

use crate::auth::User;
use crate::error::ToolError;

/// When a write ran, what it was (see [`Idempotency::fingerprint`]) and what it answered
/// (none while it is still running).
type Remembered = (std::time::Instant, [u8; 32], Option<CallToolResult>);

/// Results of writes by `idempotency_key`, kept in memory for a bounded time (no table is
/// ever added to InvenTree's database).
pub struct Idempotency {
    ttl: std::time::Duration,
    entries: std::sync::Mutex<std::collections::HashMap<String, Remembered>>,
}

impl Idempotency {
    pub fn new(ttl: std::time::Duration) -> Idempotency {
        Idempotency {
            ttl,
            entries: Default::default(),
        }
    }

    /// Who called which tool with what: a key reused for anything else is refused.
    pub fn fingerprint(user: &User, tool: &str, args: &JsonObject) -> [u8; 32] {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        hasher.update(user.id.map_or(0, |id| id.0).to_le_bytes());
        hasher.update(tool.as_bytes());
        hasher.update(serde_json::to_vec(args).expect("arguments serialize"));
        hasher.finalize().into()
    }

    /// The earlier result for `key`, or a claim on it for this call. A key still running,
    /// or used for another call, is refused.
    pub fn claim(
        &self,
        key: &str,
        fingerprint: &[u8; 32],
    ) -> Result<Option<CallToolResult>, ToolError> {
        let mut entries = self.entries.lock().expect("idempotency cache poisoned");
        match entries.get(key) {
            Some((at, _, _)) if at.elapsed() >= self.ttl => {}
            Some((_, earlier, _)) if earlier != fingerprint => {
                return Err(ToolError::invalid(
                    "idempotency_key",
                    "was already used for a different call; use a new key",
                ));
            }
            Some((_, _, Some(result))) => return Ok(Some(result.clone())),
            Some((_, _, None)) => {
                return Err(ToolError::Conflict(
                    "a call with this idempotency_key is still running; retry in a moment".into(),
                ));
            }
            None => {}
        }
        if entries.len() >= 10_000 {
            entries.retain(|_, (at, _, _)| at.elapsed() < self.ttl);
        }
        entries.insert(
            key.to_string(),
            (std::time::Instant::now(), *fingerprint, None),
        );
        Ok(None)
    }

    pub fn finish(&self, key: String, fingerprint: [u8; 32], result: CallToolResult) {
        let mut entries = self.entries.lock().expect("idempotency cache poisoned");
        entries.insert(key, (std::time::Instant::now(), fingerprint, Some(result)));
    }

    /// Forgets a claim whose call failed (or only checked): the key may be used again.
    pub fn release(&self, key: &str) {
        self.entries
            .lock()
            .expect("idempotency cache poisoned")
            .remove(key);
    }
}
