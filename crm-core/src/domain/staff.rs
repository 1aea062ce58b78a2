//! Staff users of a company and how they get in: password sessions (admin UI) and API tokens
//! (scripts). Like portal sessions, only SHA-256 hashes of the tokens are stored.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::access::TokenHash;
use super::email::EmailAddress;
use super::ids::{ApiTokenId, CompanyId, StaffSessionId, UserId};

/// A staff member who signs in to the admin UI or owns API tokens.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffUser {
    /// Id.
    pub id: UserId,
    /// The company the user works for (exactly one).
    pub company_id: CompanyId,
    /// Sign-in address, unique across all companies (sign-in does not ask for a company).
    pub email: EmailAddress,
    /// Display name, also used in the activity log.
    pub name: String,
    /// argon2id hash in PHC string format.
    pub password_hash: String,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Disabled users cannot sign in, and their sessions and tokens stop working.
    pub disabled: bool,
}

impl std::fmt::Debug for StaffUser {
    // The hash stays out of logs: it is offline-attackable.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffUser")
            .field("id", &self.id)
            .field("company_id", &self.company_id)
            .field("email", &self.email)
            .field("name", &self.name)
            .field("created_at", &self.created_at)
            .field("disabled", &self.disabled)
            .finish_non_exhaustive()
    }
}

/// A signed-in staff session as stored (the cookie holds the token, the row its hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffSession {
    /// Id.
    pub id: StaffSessionId,
    /// Tenant.
    pub company_id: CompanyId,
    /// The signed-in user.
    pub user_id: UserId,
    /// Hash of the session token.
    pub token_hash: TokenHash,
    /// Signed in.
    pub created_at: DateTime<Utc>,
    /// Last request (updated at most once a minute).
    pub last_seen_at: DateTime<Utc>,
    /// Absolute end.
    pub expires_at: DateTime<Utc>,
    /// Logged out.
    pub ended_at: Option<DateTime<Utc>>,
}

/// A bearer token for the JSON API as stored (without the token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiToken {
    /// Id.
    pub id: ApiTokenId,
    /// Tenant.
    pub company_id: CompanyId,
    /// The user the token acts as.
    pub user_id: UserId,
    /// A label chosen by its creator ("CI", "CRM_API_TOKEN", …).
    pub name: String,
    /// SHA-256 of the raw token text.
    pub token_hash: TokenHash,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last use (updated at most once a minute).
    pub last_used_at: Option<DateTime<Utc>>,
    /// Revoked: the token no longer authenticates.
    pub revoked_at: Option<DateTime<Utc>>,
}
