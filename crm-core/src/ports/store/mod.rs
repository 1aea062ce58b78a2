//! The storage port, by area: each area is a pair of traits — reads and self-contained writes
//! outside a transaction (`…Store`), writes and locked reads inside one (`…Tx`) — with its own
//! contract. [`Store`] and [`StoreTx`] are their sums: what [`crate::Crm`] holds. A consumer that
//! needs one area takes only that area's trait (the outbox worker takes an
//! `Arc<dyn OutboxStore>`, upcast from the `Arc<dyn Store>`).

mod access;
mod archive;
mod clients;
mod company;
mod documents;
mod outbox;
mod payments;
mod staff;
mod tickets;

use async_trait::async_trait;

pub use access::{AccessStore, AccessTx};
pub use archive::{ArchiveStore, ArchiveTx};
pub use clients::{ClientQuery, ClientStore, ClientSummary, ClientTx, DunningException};
pub use company::{CompanyStore, CompanyTx, Sequence};
pub use documents::{
    DocumentStore, DocumentTx, DunningCandidate, OpenInvoicesOverview, StatementView,
};
pub use outbox::{OutboxMark, OutboxStore, OutboxTx};
pub use payments::{PaymentStore, PaymentTx};
pub use staff::{StaffStore, StaffTx};
pub use tickets::{TicketQuery, TicketStore, TicketTx};

/// A storage failure, translated by the adapter from its driver's errors.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint was violated; names the constraint's meaning
    /// (`client_number`, `payment_reference`, `refund_reference`, `token_hash`, `company`).
    #[error("conflict: {0} already exists")]
    Conflict(&'static str),
    /// A row the operation depends on is missing (e.g. an update of a deleted row).
    #[error("not found: {0}")]
    NotFound(&'static str),
    /// Stored data could not be turned back into domain values (corruption or a bad migration).
    #[error("corrupt stored data: {0}")]
    Corrupt(String),
    /// The backend failed (a query error, I/O in the middle of one); retrying later may help.
    #[error("storage backend error: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The database cannot be reached at all (connection refused or lost, no connection free
    /// within the pool's short wait): nothing was done. Servers answer 503 and the adapter
    /// reconnects by itself when the database is back.
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
}

/// Persistence of the whole domain: the sum of the area ports, plus transactions.
///
/// # Contract
/// Every adapter MUST pass [`crate::testing::storage_conformance`] (one module per area; each
/// area's trait states its own rules). Across all areas:
/// - **Tenancy.** Every method that takes a `CompanyId` sees only that company's rows: a row
///   of company B asked for with company A's id is `None`/absent, never an error that tells it
///   exists. Only lookups by a secret hash, the staff sign-in lookup, `companies`, rate-limit
///   counters, installation secrets and the outbox worker's claims are global (each area says
///   which of its methods are).
/// - **Transactions.** All writes of the use cases happen through a [`StoreTx`] from
///   [`Store::begin`]; nothing of an uncommitted or dropped transaction is ever visible, and a
///   commit is all or nothing. Concurrent transactions that touch the same invoice, payment,
///   quote, ticket, client, magic link or number sequence are serialised (row locks, or one
///   writer at a time): the `*_for_update` reads return the latest committed state and hold it
///   until the end of the transaction. The outbox worker's claims and marks
///   ([`OutboxStore`]) are the only writes outside one.
/// - **Conflicts.** A unique key violated by an insert fails with [`StoreError::Conflict`]
///   and leaves the transaction usable only for rollback.
/// - Timestamps read back equal the ones written (microsecond precision, UTC).
#[async_trait]
pub trait Store:
    CompanyStore
    + ClientStore
    + DocumentStore
    + PaymentStore
    + AccessStore
    + TicketStore
    + StaffStore
    + OutboxStore
    + ArchiveStore
{
    /// Starts a read-write transaction.
    async fn begin(&self) -> Result<Box<dyn StoreTx>, StoreError>;
}

/// One read-write transaction over every area. Dropping it without [`StoreTx::commit`] rolls it
/// back.
///
/// # Contract
/// See [`Store`]. Reads inside a transaction see its own writes. `*_for_update` reads lock the
/// row (or the database) until commit or rollback.
#[async_trait]
pub trait StoreTx:
    CompanyTx
    + ClientTx
    + DocumentTx
    + PaymentTx
    + AccessTx
    + TicketTx
    + StaffTx
    + OutboxTx
    + ArchiveTx
    + Send
{
    /// Makes every write of this transaction visible at once.
    async fn commit(self: Box<Self>) -> Result<(), StoreError>;
}
