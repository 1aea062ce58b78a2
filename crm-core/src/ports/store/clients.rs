//! Clients with their contacts, their maintained metrics and their activity log.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::StoreError;
use crate::domain::{
    Activity, Client, ClientId, ClientMetrics, CompanyId, ContactId, DunningBlock, DunningSchedule,
    MetricsDelta,
};

/// A client a dunning run treats differently from the company's defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DunningException {
    /// The client.
    pub client_id: ClientId,
    /// Its dunning block, if it has one.
    pub block: Option<DunningBlock>,
    /// Its own levels, if it has them.
    pub schedule: Option<DunningSchedule>,
}

/// Clients outside a transaction: clients with their contacts, their maintained metrics and
/// their activity log.
///
/// # Contract
/// Every adapter MUST pass this area's cases of [`crate::testing::storage_conformance`]
/// (module `clients`). In words:
/// - **Tenancy.** Every method sees only the named company's clients: another company's
///   client is `None`/absent, never an error that tells it exists.
/// - **Round trip.** A client reads back exactly as it was inserted or last updated, every
///   field included (its e-invoice format and buyer reference too, `None` as `None`).
/// - **Uniqueness.** A second client number in one company fails with
///   `Conflict("client_number")`.
/// - **Locking.** [`ClientTx::client_for_update`] locks the client until the end of the
///   transaction and returns its contacts as of the lock (not an older snapshot), so
///   concurrent read-modify-write edits of one client are all kept.
/// - **Metrics.** [`ClientStore::client_metrics`] is the sum of all deltas committed through
///   [`ClientTx::add_client_metrics`] (zero for a new client), so it equals
///   [`ClientMetrics::recompute`] whenever use cases record their deltas;
///   [`ClientStore::client_summary`] is exactly the client plus those metrics.
/// - **Order.** Client lists are ordered by `(name, id)` (byte order) with a keyset cursor;
///   the activity log is newest first.
#[async_trait]
pub trait ClientStore: Send + Sync {
    /// A client.
    async fn client(&self, company: CompanyId, id: ClientId) -> Result<Option<Client>, StoreError>;
    /// A page of clients with their metrics.
    async fn list_clients(
        &self,
        company: CompanyId,
        query: &ClientQuery,
    ) -> Result<Vec<ClientSummary>, StoreError>;
    /// The company's clients with a dunning block (held or run out) or their own dunning
    /// schedule, in no particular order: whom a dunning run leaves out, and whom it duns on
    /// other levels. A few clients of many: stores answer from an index, not a scan.
    async fn dunning_exceptions(
        &self,
        company: CompanyId,
    ) -> Result<Vec<DunningException>, StoreError>;
    /// The maintained metrics of a client (`None` if the client does not exist).
    async fn client_metrics(
        &self,
        company: CompanyId,
        client: ClientId,
    ) -> Result<Option<ClientMetrics>, StoreError>;
    /// A client with its maintained metrics (`None` if the client does not exist): exactly
    /// what [`ClientStore::client`] and [`ClientStore::client_metrics`] return.
    async fn client_summary(
        &self,
        company: CompanyId,
        id: ClientId,
    ) -> Result<Option<ClientSummary>, StoreError>;
    /// A client's activity log, newest first.
    async fn activities(
        &self,
        company: CompanyId,
        client: ClientId,
        limit: u32,
    ) -> Result<Vec<Activity>, StoreError>;
    /// The client and contact with this email address (normalised, see
    /// [`crate::domain::EmailAddress::normalized`]) among the company's clients; an active
    /// client's contact is preferred over an archived one's.
    async fn contact_by_email(
        &self,
        company: CompanyId,
        email: &str,
    ) -> Result<Option<(Client, ContactId)>, StoreError>;
}

/// Writes (and locked reads) of this area inside one transaction: see [`ClientStore`] for the
/// contract. Reads see the transaction's own writes.
#[async_trait]
pub trait ClientTx: Send {
    /// A client, locked.
    async fn client_for_update(
        &mut self,
        company: CompanyId,
        id: ClientId,
    ) -> Result<Option<Client>, StoreError>;
    /// Inserts a client with its contacts and zero metrics.
    async fn insert_client(&mut self, client: &Client) -> Result<(), StoreError>;
    /// Updates a client and replaces its contacts (contacts keep their ids).
    async fn update_client(&mut self, client: &Client) -> Result<(), StoreError>;
    /// Whether the company has a client with this number.
    async fn client_number_exists(
        &mut self,
        company: CompanyId,
        number: &str,
    ) -> Result<bool, StoreError>;
    /// Whether the client has any invoice or quote (drafts included: their amounts are in the
    /// client's currency too).
    async fn client_has_documents(
        &mut self,
        company: CompanyId,
        client: ClientId,
    ) -> Result<bool, StoreError>;
    /// Adds `delta` to the client's maintained metrics.
    async fn add_client_metrics(
        &mut self,
        company: CompanyId,
        client: ClientId,
        delta: &MetricsDelta,
    ) -> Result<(), StoreError>;
    /// Appends to a client's activity log.
    async fn log_activity(&mut self, activity: &Activity) -> Result<(), StoreError>;
}

/// A search over a company's clients.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientQuery {
    /// Case-insensitive substring of name, number or a contact's email.
    pub search: Option<String>,
    /// `false`: active only (default); `true`: archived only.
    pub archived: bool,
    /// Page size (1–200).
    pub limit: u32,
    /// Continue after this client (name, id) — the opaque cursor of the previous page.
    pub after: Option<(String, ClientId)>,
}

/// One row of the client list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientSummary {
    /// The client.
    pub client: Client,
    /// Its metrics.
    pub metrics: ClientMetrics,
}
