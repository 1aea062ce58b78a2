//! Stripe's webhook signature: `Stripe-Signature: t=<unix>,v1=<hex hmac>[,v1=…]`, where the
//! HMAC-SHA256 is over `"<t>." + raw body` with the endpoint's signing secret.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// Why a signature was refused (deliberately coarse: the caller answers 400 either way).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// The header is missing parts or malformed.
    #[error("malformed Stripe-Signature header")]
    Malformed,
    /// The timestamp is outside the tolerance (replay protection).
    #[error("signature timestamp outside the tolerance")]
    Stale,
    /// No `v1` signature matches any configured secret.
    #[error("no matching signature")]
    Mismatch,
}

fn mac(secret: &str, timestamp: i64, payload: &[u8]) -> Option<[u8; 32]> {
    let mut m = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).ok()?;
    m.update(timestamp.to_string().as_bytes());
    m.update(b".");
    m.update(payload);
    Some(m.finalize().into_bytes().into())
}

fn hex32(s: &str) -> Option<[u8; 32]> {
    if s.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, chunk) in s.as_bytes().chunks(2).enumerate() {
        out[i] = u8::from_str_radix(std::str::from_utf8(chunk).ok()?, 16).ok()?;
    }
    Some(out)
}

/// Verifies `header` over the raw `payload` against every secret (several during rotation) and
/// every `v1` signature, in constant time, within `tolerance_secs` of `now_unix`.
pub fn verify(
    payload: &[u8],
    header: &str,
    secrets: &[impl AsRef<str>],
    now_unix: i64,
    tolerance_secs: i64,
) -> Result<(), SignatureError> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => {
                if timestamp.is_some() {
                    return Err(SignatureError::Malformed);
                }
                timestamp = Some(t.parse::<i64>().map_err(|_| SignatureError::Malformed)?);
            }
            // Unparseable signatures are skipped like other schemes (v0 …): another may match.
            Some(("v1", sig)) => signatures.extend(hex32(sig)),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(SignatureError::Malformed)?;
    if signatures.is_empty() {
        return Err(SignatureError::Malformed);
    }
    // `abs_diff`: a forged `t=` of i64::MIN must not overflow (a panic before any check).
    if now_unix.abs_diff(timestamp) > tolerance_secs.unsigned_abs() {
        return Err(SignatureError::Stale);
    }
    let mut matched = subtle::Choice::from(0);
    for secret in secrets {
        if let Some(expected) = mac(secret.as_ref(), timestamp, payload) {
            for sig in &signatures {
                matched |= expected.ct_eq(sig);
            }
        }
    }
    if bool::from(matched) {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

/// Signs `payload` as Stripe does (for tests, tools and local development).
pub fn sign(payload: &[u8], secret: &str, timestamp: i64) -> String {
    let hex: String = mac(secret, timestamp, payload)
        .map(|m| m.iter().map(|b| format!("{b:02x}")).collect())
        .unwrap_or_default();
    format!("t={timestamp},v1={hex}")
}

#[cfg(test)]
mod tests {

    #[test]
    fn an_extreme_timestamp_is_stale_not_a_panic() {
        let header = format!("t={},v1={}", i64::MIN, "ab".repeat(32));
        let secrets = ["whsec_x"];
        assert!(verify(b"{}", &header, &secrets, 1_764_237_600, 300).is_err());
    }
    use super::*;

    const SECRET: &str = "whsec_test_secret";

    #[test]
    fn accepts_what_stripe_signs_and_nothing_else() {
        let body = br#"{"id":"evt_1"}"#;
        let header = sign(body, SECRET, 1_000_000);
        assert_eq!(verify(body, &header, &[SECRET], 1_000_100, 300), Ok(()));
        assert_eq!(
            verify(b"{\"id\":\"evt_2\"}", &header, &[SECRET], 1_000_100, 300),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(body, &header, &["whsec_other"], 1_000_100, 300),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(body, &header, &[SECRET], 1_000_301, 300),
            Err(SignatureError::Stale)
        );
        assert_eq!(
            verify(body, "v1=abc", &[SECRET], 1_000_000, 300),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            verify(body, "t=1000000", &[SECRET], 1_000_000, 300),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            verify(body, "garbage", &[SECRET], 1_000_000, 300),
            Err(SignatureError::Malformed)
        );
    }

    #[test]
    fn several_signatures_and_rotated_secrets() {
        let body = b"{}";
        let old = sign(body, "whsec_old", 42);
        let new = sign(body, "whsec_new", 42);
        let both = format!("{},{}", new, old.split(',').nth(1).unwrap_or_default());
        assert_eq!(verify(body, &both, &["whsec_old"], 42, 300), Ok(()));
        assert_eq!(verify(body, &both, &["whsec_new"], 42, 300), Ok(()));
        assert_eq!(
            verify(body, &old, &["whsec_new", "whsec_old"], 42, 300),
            Ok(())
        );
        assert_eq!(
            verify(body, &format!("{old},v0=deadbeef"), &["whsec_old"], 42, 300),
            Ok(())
        );
    }
}
