//! Portal access: magic links and portal sessions.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreError;
use crate::domain::{
    CompanyId, ContactId, MagicLink, MagicLinkId, PortalSession, SessionId, TokenHash,
};

/// Portal access outside a transaction: magic links and portal sessions by their hash.
///
/// # Contract
/// Every adapter MUST pass this area's cases of [`crate::testing::storage_conformance`]
/// (module `access`). In words:
/// - **Secrets.** Only token hashes are stored; the lookups by hash are global (the hash is
///   the secret). A second token hash fails with `Conflict("token_hash")`.
/// - **Single use.** [`AccessTx::mark_magic_link_used`] sets `used_at` at most once: of two
///   concurrent transactions redeeming one link under [`AccessTx::magic_link_for_update`],
///   exactly one sees `true`.
/// - **Tenancy.** Revoking links and ending sessions of a contact touch only the named
///   company's rows.
#[async_trait]
pub trait AccessStore: Send + Sync {
    /// A magic link by its token hash (global: the hash is the secret).
    async fn magic_link_by_hash(&self, hash: &TokenHash) -> Result<Option<MagicLink>, StoreError>;
    /// A portal session by its token hash (global: the hash is the secret).
    async fn session_by_hash(&self, hash: &TokenHash) -> Result<Option<PortalSession>, StoreError>;
}

/// Writes (and locked reads) of this area inside one transaction: see [`AccessStore`] for the
/// contract. Reads see the transaction's own writes.
#[async_trait]
pub trait AccessTx: Send {
    /// Inserts a magic link (`Conflict("token_hash")` on a duplicate hash).
    async fn insert_magic_link(&mut self, link: &MagicLink) -> Result<(), StoreError>;
    /// A magic link by hash, locked.
    async fn magic_link_for_update(
        &mut self,
        hash: &TokenHash,
    ) -> Result<Option<MagicLink>, StoreError>;
    /// Sets `used_at` if it is unset; whether this call set it (false: used already).
    async fn mark_magic_link_used(
        &mut self,
        id: MagicLinkId,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
    /// Revokes every unrevoked link of a contact; how many.
    async fn revoke_magic_links(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        at: DateTime<Utc>,
    ) -> Result<u64, StoreError>;
    /// Inserts a portal session (`Conflict("token_hash")` on a duplicate hash).
    async fn insert_session(&mut self, session: &PortalSession) -> Result<(), StoreError>;
    /// Sets a session's `last_seen_at`.
    async fn touch_session(&mut self, id: SessionId, at: DateTime<Utc>) -> Result<(), StoreError>;
    /// Records that an open, unconfirmed session was confirmed by a POST; whether it was
    /// (`false`: ended, already confirmed or unknown).
    async fn confirm_session(
        &mut self,
        id: SessionId,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
    /// Ends one session.
    async fn end_session(&mut self, id: SessionId, at: DateTime<Utc>) -> Result<(), StoreError>;
    /// Ends every open session of a contact; how many.
    async fn end_sessions_of_contact(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        at: DateTime<Utc>,
    ) -> Result<u64, StoreError>;
}
