//! Magic links and portal sessions: how a client's contact gets into the portal.
//!
//! Tokens are 256 bits from the OS CSPRNG, sent base64url-encoded; only their SHA-256 hash is
//! stored, so a leaked database does not open sessions.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::ids::{ClientId, CompanyId, ContactId, MagicLinkId, SessionId};

/// A secret token: 32 random bytes. Its `Debug` does not print it.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretToken([u8; 32]);

impl SecretToken {
    /// Wraps random bytes (from a [`crate::ports::TokenSource`]).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The URL-safe text form (43 characters, base64url without padding).
    pub fn encode(&self) -> String {
        base64url(&self.0)
    }

    /// Parses [`Self::encode`]; anything else is `None`.
    pub fn decode(text: &str) -> Option<Self> {
        let bytes = base64url_decode(text)?;
        <[u8; 32]>::try_from(bytes.as_slice()).ok().map(Self)
    }

    /// The hash that is stored.
    pub fn hash(&self) -> TokenHash {
        TokenHash(Sha256::digest(self.0).into())
    }
}

impl std::fmt::Debug for SecretToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretToken(…)")
    }
}

/// SHA-256 of a [`SecretToken`]: what storage keeps and looks up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TokenHash(pub [u8; 32]);

impl TokenHash {
    /// Lower-case hex, for text columns.
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Parses [`Self::to_hex`].
    pub fn from_hex(s: &str) -> Option<Self> {
        if s.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, chunk) in s.as_bytes().chunks(2).enumerate() {
            let hex = std::str::from_utf8(chunk).ok()?;
            out[i] = u8::from_str_radix(hex, 16).ok()?;
        }
        Some(Self(out))
    }
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(B64[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    if text.len() > 64 {
        return None;
    }
    let mut bits = 0u32;
    let mut nbits = 0;
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for c in text.bytes() {
        let v = B64.iter().position(|&x| x == c)? as u32;
        bits = (bits << 6) | v;
        nbits += 6;
        if nbits >= 8 {
            nbits -= 8;
            out.push((bits >> nbits) as u8);
            bits &= (1 << nbits) - 1;
        }
    }
    // Leftover bits must be zero padding, so each token has exactly one text form.
    (bits == 0).then_some(out)
}

/// What a magic link is for, which decides how it may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkPurpose {
    /// In a document email: reusable until it expires, so a mail scanner's prefetch uses
    /// nothing up; a GET signs in.
    Document,
    /// Requested on the sign-in page: single-use and short-lived; signs in only on a POST.
    Login,
}

impl LinkPurpose {
    /// The stable name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Document => "document",
            Self::Login => "login",
        }
    }

    /// Parses [`Self::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "document" => Some(Self::Document),
            "login" => Some(Self::Login),
            _ => None,
        }
    }
}

/// A magic link as stored (without the token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MagicLink {
    /// Id.
    pub id: MagicLinkId,
    /// Tenant.
    pub company_id: CompanyId,
    /// Client.
    pub client_id: ClientId,
    /// The contact it signs in.
    pub contact_id: ContactId,
    /// Hash of the token.
    pub token_hash: TokenHash,
    /// Purpose.
    pub purpose: LinkPurpose,
    /// Portal path to open after signing in (e.g. `/invoices/{id}`), relative to the portal.
    pub target: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Expires.
    pub expires_at: DateTime<Utc>,
    /// Used (single-use links only).
    pub used_at: Option<DateTime<Utc>>,
    /// Revoked by an admin or by an email change.
    pub revoked_at: Option<DateTime<Utc>>,
}

impl MagicLink {
    /// Whether it may still sign someone in at `now`.
    pub fn is_usable(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none()
            && now < self.expires_at
            && (self.purpose == LinkPurpose::Document || self.used_at.is_none())
    }
}

/// A signed-in portal session as stored (the cookie holds the token, the row its hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalSession {
    /// Id.
    pub id: SessionId,
    /// Tenant.
    pub company_id: CompanyId,
    /// Client — every portal query is scoped to it.
    pub client_id: ClientId,
    /// The signed-in contact.
    pub contact_id: ContactId,
    /// Hash of the session token.
    pub token_hash: TokenHash,
    /// Signed in.
    pub created_at: DateTime<Utc>,
    /// Last request.
    pub last_seen_at: DateTime<Utc>,
    /// Absolute end.
    pub expires_at: DateTime<Utc>,
    /// Logged out or ended by an admin.
    pub ended_at: Option<DateTime<Utc>>,
    /// When the session was confirmed by a POST; until then it may read and pay, not act on
    /// the client's behalf (a bare GET of a document link opens it: scanners and link
    /// previews fetch those, and so does whoever the email was forwarded to).
    pub confirmed_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_reject_garbage() {
        let t = SecretToken::from_bytes([7; 32]);
        let s = t.encode();
        assert_eq!(s.len(), 43);
        assert_eq!(SecretToken::decode(&s), Some(t.clone()));
        assert_eq!(SecretToken::decode("abc"), None);
        assert_eq!(SecretToken::decode(&format!("{s}A")), None);
        assert_eq!(SecretToken::decode("!!!"), None);
        let h = t.hash();
        assert_eq!(TokenHash::from_hex(&h.to_hex()), Some(h));
        assert_eq!(format!("{t:?}"), "SecretToken(…)");
    }
}
