//! Django's password hashes, as stored in `auth_user.password`.

use argon2::{Argon2, PasswordHash, PasswordVerifier};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use subtle::ConstantTimeEq;

/// Why a stored hash could not be checked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HashError {
    /// Django marks passwords that can never match with a leading `!`.
    #[error("the account has no usable password")]
    Unusable,
    #[error(
        "password hasher `{0}` is not supported (supported: pbkdf2_sha256, pbkdf2_sha1, argon2)"
    )]
    Unsupported(String),
    #[error("the stored password hash is malformed")]
    Malformed,
}

/// Checks `password` against a Django hash. Runs the full key derivation (a million rounds
/// of PBKDF2 by default): call it off the async runtime.
pub fn verify(password: &str, encoded: &str) -> Result<bool, HashError> {
    if encoded.starts_with('!') || encoded.is_empty() {
        return Err(HashError::Unusable);
    }
    let (algorithm, rest) = encoded.split_once('$').ok_or(HashError::Malformed)?;
    match algorithm {
        "pbkdf2_sha256" => pbkdf2(password, rest, pbkdf2::pbkdf2_hmac::<sha2::Sha256>),
        "pbkdf2_sha1" => pbkdf2(password, rest, pbkdf2::pbkdf2_hmac::<sha1::Sha1>),
        // Django writes "argon2" followed by argon2-cffi's PHC string ("$argon2id$v=19$...").
        "argon2" => {
            let phc = &encoded["argon2".len()..];
            let hash = PasswordHash::new(phc).map_err(|_| HashError::Malformed)?;
            if hash.hash.is_none() || !hash.algorithm.as_str().starts_with("argon2") {
                return Err(HashError::Malformed);
            }
            Ok(Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok())
        }
        other => Err(HashError::Unsupported(other.to_string())),
    }
}

/// The PBKDF2-HMAC of one digest: password, salt, rounds, output.
type Derive = fn(&[u8], &[u8], u32, &mut [u8]);

/// `<iterations>$<salt>$<base64 of the derived key>`.
fn pbkdf2(password: &str, rest: &str, derive: Derive) -> Result<bool, HashError> {
    let mut parts = rest.splitn(3, '$');
    let (Some(iterations), Some(salt), Some(expected)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(HashError::Malformed);
    };
    let iterations: u32 = iterations.parse().map_err(|_| HashError::Malformed)?;
    if iterations == 0 {
        return Err(HashError::Malformed);
    }
    let expected = STANDARD
        .decode(expected)
        .map_err(|_| HashError::Malformed)?;
    if expected.is_empty() || expected.len() > 64 {
        return Err(HashError::Malformed);
    }
    let mut derived = vec![0u8; expected.len()];
    derive(
        password.as_bytes(),
        salt.as_bytes(),
        iterations,
        &mut derived,
    );
    Ok(derived.ct_eq(&expected).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Made with Python's hashlib and argon2-cffi, in Django's formats.
    const SHA256: &str =
        "pbkdf2_sha256$1000$engsalt000000000000001$dWn83bv12B911QjZ87gfLASeyl6IP2YjxLWzTK2w5Qg=";
    const SHA1: &str = "pbkdf2_sha1$1000$sha1salt$P7GKCSSzfLIqxxC2LlWdZ8cFkkk=";
    const ARGON2ID: &str = "argon2$argon2id$v=19$m=1024,t=2,p=1$YXJnb25zYWx0MTIzNDU2Nw$B5RAw2bxrxNCJoBtAPovtE1TI4+nIvOsNUhBKMLNQXE";
    const ARGON2I: &str = "argon2$argon2i$v=19$m=1024,t=2,p=1$YXJnb25zYWx0MTIzNDU2Nw$rAcH5kzoGsewd5+CGu1gbgUzKENfZql8+01DzAIk3vQ";

    #[test]
    fn pbkdf2_hashes_verify() {
        assert_eq!(verify("partsonly", SHA256), Ok(true));
        assert_eq!(verify("partsonlY", SHA256), Ok(false));
        assert_eq!(verify("sha1pass", SHA1), Ok(true));
        assert_eq!(verify("", SHA1), Ok(false));
    }

    #[test]
    fn argon2_hashes_verify() {
        assert_eq!(verify("argonpass", ARGON2ID), Ok(true));
        assert_eq!(verify("argonpasS", ARGON2ID), Ok(false));
        assert_eq!(verify("argonipass", ARGON2I), Ok(true));
        assert_eq!(verify("argonpass", ARGON2I), Ok(false));
    }

    #[test]
    fn other_hashes_are_refused_by_name() {
        assert_eq!(verify("x", "!unusable"), Err(HashError::Unusable));
        assert_eq!(verify("x", ""), Err(HashError::Unusable));
        assert_eq!(
            verify("x", "bcrypt_sha256$$2b$12$abc"),
            Err(HashError::Unsupported("bcrypt_sha256".into()))
        );
        assert_eq!(
            verify("x", "md5$salt$abc").unwrap_err().to_string(),
            "password hasher `md5` is not supported (supported: pbkdf2_sha256, pbkdf2_sha1, argon2)"
        );
        assert_eq!(
            verify("x", "pbkdf2_sha256$lots$s$aGk="),
            Err(HashError::Malformed)
        );
        assert_eq!(
            verify("x", "pbkdf2_sha256$10$s$***"),
            Err(HashError::Malformed)
        );
        assert_eq!(verify("x", "pbkdf2_sha256$10$s"), Err(HashError::Malformed));
        assert_eq!(verify("x", "argon2$nonsense"), Err(HashError::Malformed));
    }
}
