//! Django sessions (`django_session`), as InvenTree's web login leaves them.
//!
//! `session_data` is `signing.dumps(data, salt="django.contrib.sessions.SessionStore",
//! compress=True)`: `<payload>:<timestamp>:<signature>`, the payload base64url (no padding)
//! of the JSON, zlib-compressed and marked with a leading `.` when that was shorter.

use std::io::Read;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

const SESSION_SALT: &str = "django.contrib.sessions.SessionStore";
const AUTH_HASH_SALT: &str = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash";

/// What a session says about its user.
#[derive(Debug, PartialEq, Eq)]
pub struct SessionData {
    pub user_id: i32,
    /// HMAC of the user's password hash at login; a password change invalidates it.
    pub auth_hash: Option<String>,
}

/// Decodes `session_data`. With InvenTree's `SECRET_KEY`, the signature must also match.
pub fn decode(session_data: &str, secret_key: Option<&str>) -> Option<SessionData> {
    let (signed, signature) = session_data.rsplit_once(':')?;
    if let Some(secret) = secret_key {
        let expected = salted_hmac(&format!("{SESSION_SALT}signer"), signed.as_bytes(), secret);
        let expected = URL_SAFE_NO_PAD.encode(expected);
        if !bool::from(expected.as_bytes().ct_eq(signature.as_bytes())) {
            return None;
        }
    }
    let (payload, _timestamp) = signed.rsplit_once(':')?;
    let (compressed, payload) = match payload.strip_prefix('.') {
        Some(rest) => (true, rest),
        None => (false, payload),
    };
    let mut json = URL_SAFE_NO_PAD.decode(payload).ok()?;
    if compressed {
        let mut inflated = Vec::new();
        // Session payloads are small; refuse anything that inflates past 1 MiB.
        flate2::read::ZlibDecoder::new(json.as_slice())
            .take(1 << 20)
            .read_to_end(&mut inflated)
            .ok()?;
        json = inflated;
    }
    let value: serde_json::Value = serde_json::from_slice(&json).ok()?;
    let user_id = match &value["_auth_user_id"] {
        serde_json::Value::String(id) => id.parse().ok()?,
        serde_json::Value::Number(id) => i32::try_from(id.as_i64()?).ok()?,
        _ => return None,
    };
    Some(SessionData {
        user_id,
        auth_hash: value["_auth_user_hash"].as_str().map(String::from),
    })
}

/// Whether a session's `_auth_user_hash` still matches the user's password hash.
pub fn auth_hash_matches(auth_hash: &str, password_hash: &str, secret_key: &str) -> bool {
    let expected = salted_hmac(AUTH_HASH_SALT, password_hash.as_bytes(), secret_key);
    let expected = hex(&expected);
    expected.as_bytes().ct_eq(auth_hash.as_bytes()).into()
}

/// Django's `salted_hmac` with SHA-256: HMAC keyed by SHA-256(salt + secret).
fn salted_hmac(salt: &str, value: &[u8], secret: &str) -> Vec<u8> {
    let key = Sha256::digest(format!("{salt}{secret}").as_bytes());
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("HMAC takes any key length");
    mac.update(value);
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Made the way Django's signing.dumps makes it, for user 2 ("viewer" of the demo).
    const SECRET: &str = "inventree-mcp-demo-secret-key-not-for-production";
    const DATA: &str = ".eJxVjDkOwjAUBe_iGlleMLEp6TmD5b_hAHKkOKkQd4dIKaB9M_NeKpd1qXntPOeR1Fk5dfjdoOCD2wboXtpt0ji1ZR5Bb4readfXifh52d2_g1p6_dYGBhjQ-siSKEWRZCk5K4TgA_ijWBNOITlGZmNj4YhQyEUOViIbr94f_Ls4ng:1vNYyu:CuVy60e4CqmYWBRu6vP9GKOYKoKiEh0KtFPHETjlAQM";
    const VIEWER_PASSWORD: &str =
        "pbkdf2_sha256$1000000$inventreemcpdemosalt01$h1Bph7fZl7iuCdPaAF9Gtr1d02URZaca90XR2J+fKJU=";

    #[test]
    fn decodes_and_verifies_a_django_session() {
        let data = decode(DATA, Some(SECRET)).unwrap();
        assert_eq!(data.user_id, 2);
        let hash = data.auth_hash.unwrap();
        assert!(auth_hash_matches(&hash, VIEWER_PASSWORD, SECRET));
        assert!(!auth_hash_matches(
            &hash,
            "pbkdf2_sha256$1$changed$x",
            SECRET
        ));
        // Without the key the payload still decodes; with a wrong key it is refused.
        assert_eq!(decode(DATA, None).unwrap().user_id, 2);
        assert_eq!(decode(DATA, Some("another key")), None);
        let tampered = DATA.replace(":1vNYyu:", ":1vNYyv:");
        assert_eq!(decode(&tampered, Some(SECRET)), None);
    }

    #[test]
    fn garbage_is_refused() {
        for data in ["", ":", "a:b:c", ".!!!:x:y", "e30:x:y"] {
            assert_eq!(decode(data, None), None, "{data}");
        }
    }
}
