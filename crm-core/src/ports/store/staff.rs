//! Staff: users, password sessions, API tokens, rate-limit counters and installation secrets.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreError;
use crate::domain::{
    ApiToken, ApiTokenId, CompanyId, StaffSession, StaffSessionId, StaffUser, TokenHash, UserId,
};

/// Staff outside a transaction: users, password sessions and API tokens.
///
/// # Contract
/// Every adapter MUST pass this area's cases of [`crate::testing::storage_conformance`]
/// (module `staff`). In words:
/// - **Uniqueness.** Staff emails (normalised) are unique across companies:
///   `Conflict("staff_email")`. A second token hash fails with `Conflict("token_hash")`.
/// - **Global lookups.** Sign-in by email and the lookups by session or token hash are
///   global; everything else sees only the named company's users and tokens.
/// - **Monotonic times.** `touch_*` never moves `last_seen_at`/`last_used_at` backwards;
///   ending a session keeps the first end time.
/// - **Shared counters.** [`StaffTx::throttle_hit`] is atomic across concurrent transactions
///   and store handles (an upsert), so app instances share one limit;
///   [`StaffTx::ensure_secret`]'s first writer wins.
#[async_trait]
pub trait StaffStore: Send + Sync {
    /// The company's staff users, by name.
    async fn staff_users(&self, company: CompanyId) -> Result<Vec<StaffUser>, StoreError>;
    /// A staff user.
    async fn staff_user(
        &self,
        company: CompanyId,
        id: UserId,
    ) -> Result<Option<StaffUser>, StoreError>;
    /// The staff user with this normalised email (global: sign-in names no company, and staff
    /// emails are unique across companies).
    async fn staff_user_by_email(&self, email: &str) -> Result<Option<StaffUser>, StoreError>;
    /// A staff session by its token hash (global: the hash is the secret).
    async fn staff_session_by_hash(
        &self,
        hash: &TokenHash,
    ) -> Result<Option<StaffSession>, StoreError>;
    /// An API token by its hash (global: the hash is the secret).
    async fn api_token_by_hash(&self, hash: &TokenHash) -> Result<Option<ApiToken>, StoreError>;
    /// The company's API tokens (revoked ones included), oldest first.
    async fn api_tokens(&self, company: CompanyId) -> Result<Vec<ApiToken>, StoreError>;
}

/// Writes (and locked reads) of this area inside one transaction: see [`StaffStore`] for the
/// contract. Reads see the transaction's own writes.
#[async_trait]
pub trait StaffTx: Send {
    /// Inserts a staff user (`Conflict("staff_email")` if the normalised email is taken in
    /// any company).
    async fn insert_staff_user(&mut self, user: &StaffUser) -> Result<(), StoreError>;
    /// A staff user, locked.
    async fn staff_user_for_update(
        &mut self,
        company: CompanyId,
        id: UserId,
    ) -> Result<Option<StaffUser>, StoreError>;
    /// Updates a staff user's name, email, password hash and disabled flag
    /// (`NotFound` if it is not the company's; `Conflict("staff_email")` as on insert).
    async fn update_staff_user(&mut self, user: &StaffUser) -> Result<(), StoreError>;
    /// Inserts a staff session (`Conflict("token_hash")` on a duplicate hash).
    async fn insert_staff_session(&mut self, session: &StaffSession) -> Result<(), StoreError>;
    /// Sets a staff session's `last_seen_at` (never backwards).
    async fn touch_staff_session(
        &mut self,
        id: StaffSessionId,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// Ends one staff session (keeps the first end time).
    async fn end_staff_session(
        &mut self,
        id: StaffSessionId,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// Ends every open session of a staff user; how many.
    async fn end_staff_sessions_of_user(
        &mut self,
        company: CompanyId,
        user: UserId,
        at: DateTime<Utc>,
    ) -> Result<u64, StoreError>;
    /// An API token by its hash, inside the transaction (global, like [`StaffStore::api_token_by_hash`]).
    async fn api_token_by_hash(&mut self, hash: &TokenHash)
    -> Result<Option<ApiToken>, StoreError>;
    /// Inserts an API token (`Conflict("token_hash")` on a duplicate hash).
    async fn insert_api_token(&mut self, token: &ApiToken) -> Result<(), StoreError>;
    /// Sets an API token's `last_used_at` (never backwards).
    async fn touch_api_token(
        &mut self,
        id: ApiTokenId,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// Revokes a token of the company if it is not revoked yet; whether the token exists in
    /// the company (revoked before or now).
    async fn revoke_api_token(
        &mut self,
        company: CompanyId,
        id: ApiTokenId,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
    /// Counts one hit for `key` in the fixed window starting at `window_start` (ending at
    /// `window_end`) and returns the window's count including this hit. Global (keys are
    /// opaque hashes chosen by the caller); MUST be atomic across concurrent transactions and
    /// store handles (an upsert), so app instances share one limit.
    async fn throttle_hit(
        &mut self,
        key: &str,
        window_start: DateTime<Utc>,
        window_end: DateTime<Utc>,
    ) -> Result<u64, StoreError>;
    /// Deletes the counters of windows that ended at or before `now`; how many.
    async fn purge_throttle(&mut self, now: DateTime<Utc>) -> Result<u64, StoreError>;
    /// The installation secret called `name`: stores `candidate` if there is none yet and
    /// returns the stored one. Global; the first writer wins, so every app instance on the same
    /// database ends up with the same secret (e.g. the key CSRF tokens are signed with).
    async fn ensure_secret(
        &mut self,
        name: &str,
        candidate: &[u8; 32],
    ) -> Result<Vec<u8>, StoreError>;
}
