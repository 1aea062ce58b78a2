//! The transactional outbox of emails and the worker's leased claims.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreError;
use crate::domain::{CompanyId, OutboxEmail, OutboxId};

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
/// - **Bodies.** Marking an email sent clears its bodies (they hold a live magic link).
/// - **Tenancy.** [`OutboxStore::outbox`] lists only the named company's emails.
#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Queued emails of a company, newest first.
    async fn outbox(&self, company: CompanyId, limit: u32) -> Result<Vec<OutboxEmail>, StoreError>;
    /// Claims up to `limit` pending emails (of all companies) whose `next_attempt_at` ≤ `now`:
    /// each claimed row gets `attempts + 1` and `next_attempt_at = lease_until`, so a worker
    /// that dies releases it when the lease ends. Concurrent claimers MUST never receive the
    /// same row while its lease runs (`FOR UPDATE SKIP LOCKED` or equivalent).
    async fn claim_due_emails(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<OutboxEmail>, StoreError>;
    /// Marks a claimed, pending email sent and clears its bodies: they hold a live magic link,
    /// which must not outlive delivery in the database (or its backups).
    async fn mark_email_sent(&self, id: OutboxId, at: DateTime<Utc>) -> Result<(), StoreError>;
    /// Schedules another attempt.
    async fn mark_email_retry(
        &self,
        id: OutboxId,
        next_attempt_at: DateTime<Utc>,
        error: &str,
    ) -> Result<(), StoreError>;
    /// Marks an email permanently failed.
    async fn mark_email_failed(&self, id: OutboxId, error: &str) -> Result<(), StoreError>;
}

/// Writes (and locked reads) of this area inside one transaction: see [`OutboxStore`] for the
/// contract. Reads see the transaction's own writes.
#[async_trait]
pub trait OutboxTx: Send {
    /// Queues an email.
    async fn enqueue_email(&mut self, email: &OutboxEmail) -> Result<(), StoreError>;
}
