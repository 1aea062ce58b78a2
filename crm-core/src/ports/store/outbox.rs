//! The transactional outbox of emails and the worker's leased claims.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreError;
use crate::domain::{CompanyId, LeaseToken, MagicLinkId, OutboxEmail, OutboxId};

/// Whether a mark (or a lease renewal) applied.
#[must_use]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxMark {
    /// The row was held by the claim and now records the outcome.
    Applied,
    /// The row is no longer held by that claim: another claim took it over after the lease
    /// ran out, it was marked already, or it does not exist. Nothing was written.
    NotHeld,
}

/// The outbox worker's side: listing queued emails, leased claims and the marks of a delivery
/// attempt (each a small write of its own, outside the use cases' transactions).
///
/// # Contract
/// Every adapter MUST pass this area's cases of [`crate::testing::storage_conformance`]
/// (module `outbox`). In words:
/// - **Atomic with the change.** [`OutboxTx::enqueue_email`] writes in the transaction of
///   the change that causes the email: it is queued exactly when that change commits.
/// - **Exclusive claims.** [`OutboxStore::claim_due_emails`] (global, all companies) never
///   hands the same row to two claimers while its lease runs (`FOR UPDATE SKIP LOCKED` or
///   equivalent); a worker that dies releases its rows when the lease ends.
/// - **Lease tokens.** Every claim gives the rows it hands out a fresh
///   [`LeaseToken`] (in [`OutboxEmail::lease`]). Marks and renewals carry it and apply only
///   while the row still holds that token and is pending; otherwise they write nothing and
///   answer [`OutboxMark::NotHeld`] (a worker whose lease ran out cannot overwrite the outcome of
///   the claim that took the row over).
/// - **Minted links.** [`OutboxTx::renew_email_lease`] records the magic link minted for the
///   attempt; [`OutboxStore::mark_email_retry`] and [`OutboxStore::mark_email_failed`] revoke
///   it (same company, in the same write as the mark), so failed attempts leave no live links.
/// - **Bodies.** Marking an email sent or failed clears its bodies.
/// - **Tenancy.** [`OutboxStore::outbox`] lists only the named company's emails.
#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Queued emails of a company, newest first.
    async fn outbox(&self, company: CompanyId, limit: u32) -> Result<Vec<OutboxEmail>, StoreError>;
    /// Claims up to `limit` pending emails (of all companies) whose `next_attempt_at` ≤ `now`:
    /// each claimed row gets `attempts + 1`, `next_attempt_at = lease_until` and a fresh lease
    /// token (returned in [`OutboxEmail::lease`]), so a worker that dies releases it when the
    /// lease ends. Concurrent claimers MUST never receive the same row while its lease runs
    /// (`FOR UPDATE SKIP LOCKED` or equivalent).
    async fn claim_due_emails(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<OutboxEmail>, StoreError>;
    /// Marks an email held by `lease` sent, clears its bodies and releases the lease.
    async fn mark_email_sent(
        &self,
        id: OutboxId,
        lease: LeaseToken,
        at: DateTime<Utc>,
    ) -> Result<OutboxMark, StoreError>;
    /// Schedules another attempt of an email held by `lease` and revokes (at `at`) the link
    /// minted for the failed one.
    async fn mark_email_retry(
        &self,
        id: OutboxId,
        lease: LeaseToken,
        next_attempt_at: DateTime<Utc>,
        error: &str,
        at: DateTime<Utc>,
    ) -> Result<OutboxMark, StoreError>;
    /// Marks an email held by `lease` permanently failed (or dropped, `error` saying why):
    /// clears its bodies and revokes (at `at`) the link minted for the attempt.
    async fn mark_email_failed(
        &self,
        id: OutboxId,
        lease: LeaseToken,
        error: &str,
        at: DateTime<Utc>,
    ) -> Result<OutboxMark, StoreError>;
}

/// Writes (and locked reads) of this area inside one transaction: see [`OutboxStore`] for the
/// contract. Reads see the transaction's own writes.
#[async_trait]
pub trait OutboxTx: Send {
    /// Queues an email.
    async fn enqueue_email(&mut self, email: &OutboxEmail) -> Result<(), StoreError>;
    /// Right before a send: if the email is still held by `lease`, extends the lease to
    /// `lease_until` and records `minted_link` as the link of this attempt (in the
    /// transaction that inserts that link, so a link is only minted for a held row).
    async fn renew_email_lease(
        &mut self,
        id: OutboxId,
        lease: LeaseToken,
        lease_until: DateTime<Utc>,
        minted_link: Option<MagicLinkId>,
    ) -> Result<OutboxMark, StoreError>;
}
