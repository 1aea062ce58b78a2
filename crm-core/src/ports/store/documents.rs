//! Invoices and quotes, a client's document history and the portal statement's reads.

use async_trait::async_trait;
use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{ClientSummary, StoreError};
use crate::domain::{
    Aging, ClientId, Company, CompanyId, Correction, CorrectionId, Currency, DocumentSummary,
    DunningMark, HistoryCursor, HistoryFilter, Invoice, InvoiceId, Quote, QuoteId, Reminder,
    ReminderId,
};

/// Invoices and quotes outside a transaction: documents, a client's document history and the
/// portal statement's reads.
///
/// # Contract
/// Every adapter MUST pass this area's cases of [`crate::testing::storage_conformance`]
/// (module `documents`). In words:
/// - **Tenancy.** Every method sees only the named company's documents.
/// - **Locking.** `*_for_update` reads lock the document until the end of the transaction
///   and return its latest committed state.
/// - **Order.** Document history is newest first by `(created_at, id)`, filtered and paged
///   with a keyset cursor; a client's invoices are oldest first.
/// - **Corrections** (cancellation invoices, corrective credits) are append-only: inserted
///   once, issued, never updated; a second one with a taken number is a
///   [`StoreError::Conflict`]. They are part of the document history (kinds `cancellation` and
///   `credit`, status `issued`, their negative total, balance 0) and match a status filter only
///   when it is `issued`.
/// - **Reminders** are append-only like corrections. Each (invoice, level) is in at most one
///   reminder: inserting a reminder that names an (invoice, level) already dunned fails with
///   [`StoreError::Conflict`]`("reminder_item")`, a taken number with
///   `Conflict("reminder_number")`; either way nothing of it is written.
/// - **Dunning candidates** are the open invoices (sent or partly paid, balance above zero)
///   due before the given day, oldest due first, found through an index on the due date.
/// - **Aggregates.** [`DocumentStore::open_invoices_overview`] follows the rules of
///   [`OpenInvoicesOverview`] (it equals a recomputation from the client's invoices), and
///   [`DocumentStore::statement_view`] returns exactly what its parts return.
#[async_trait]
pub trait DocumentStore: Send + Sync {
    /// One page of a client's document history — or, with `client` `None`, of all the
    /// company's documents (the invoice list). `today` resolves the derived statuses
    /// `overdue` and `expired` in the filter.
    async fn document_history(
        &self,
        company: CompanyId,
        client: Option<ClientId>,
        filter: &HistoryFilter,
        today: NaiveDate,
        after: Option<HistoryCursor>,
        limit: u32,
    ) -> Result<Vec<DocumentSummary>, StoreError>;
    /// The client's open invoices at `today` in one read: counts, overdue total, aging and
    /// the first `open_limit` of them (see [`OpenInvoicesOverview`] for the rules, which are
    /// those of the portal statement). Amounts are read in `currency` (the client's, in which
    /// its invoices are issued). An unknown client yields the empty overview.
    async fn open_invoices_overview(
        &self,
        company: CompanyId,
        client: ClientId,
        today: NaiveDate,
        currency: Currency,
        open_limit: u32,
    ) -> Result<OpenInvoicesOverview, StoreError>;
    /// What the portal statement shows of a client at `today` (`None` if the company or the
    /// client does not exist): the company, [`ClientStore::client_summary`](super::ClientStore::client_summary),
    /// [`DocumentStore::open_invoices_overview`] with `open_limit`, and the last `paid_limit` paid
    /// invoices as [`DocumentStore::document_history`] lists them (kind invoice, status `paid`),
    /// read together where the backend can (the portal's most frequent page).
    async fn statement_view(
        &self,
        company: CompanyId,
        client: ClientId,
        today: NaiveDate,
        open_limit: u32,
        paid_limit: u32,
    ) -> Result<Option<StatementView>, StoreError>;
    /// An invoice.
    async fn invoice(
        &self,
        company: CompanyId,
        id: InvoiceId,
    ) -> Result<Option<Invoice>, StoreError>;
    /// A client's invoices (all statuses), oldest first.
    async fn invoices_of_client(
        &self,
        company: CompanyId,
        client: ClientId,
    ) -> Result<Vec<Invoice>, StoreError>;
    /// A quote.
    async fn quote(&self, company: CompanyId, id: QuoteId) -> Result<Option<Quote>, StoreError>;
    /// A cancellation invoice or corrective credit.
    async fn correction(
        &self,
        company: CompanyId,
        id: CorrectionId,
    ) -> Result<Option<Correction>, StoreError>;
    /// The corrections of an invoice, oldest first by `(created_at, id)`.
    async fn corrections_of_invoice(
        &self,
        company: CompanyId,
        invoice: InvoiceId,
    ) -> Result<Vec<Correction>, StoreError>;
    /// A payment reminder or Mahnung.
    async fn reminder(
        &self,
        company: CompanyId,
        id: ReminderId,
    ) -> Result<Option<Reminder>, StoreError>;
    /// A client's reminders, newest first by `(created_at, id)`.
    async fn reminders_of_client(
        &self,
        company: CompanyId,
        client: ClientId,
    ) -> Result<Vec<Reminder>, StoreError>;
    /// The open invoices due before `due_before`, oldest due first (then by id): what a
    /// dunning run looks at.
    async fn dunning_candidates(
        &self,
        company: CompanyId,
        due_before: NaiveDate,
    ) -> Result<Vec<DunningCandidate>, StoreError>;
}

/// An open, overdue invoice as a dunning run first sees it: enough to decide whether a level
/// is due without reading the whole invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DunningCandidate {
    /// The invoice.
    pub invoice_id: InvoiceId,
    /// Its client.
    pub client_id: ClientId,
    /// Its due date.
    pub due_date: NaiveDate,
    /// The last level it reached.
    pub dunning: Option<DunningMark>,
}

/// Writes (and locked reads) of this area inside one transaction: see [`DocumentStore`] for the
/// contract. Reads see the transaction's own writes.
#[async_trait]
pub trait DocumentTx: Send {
    /// An invoice, locked.
    async fn invoice_for_update(
        &mut self,
        company: CompanyId,
        id: InvoiceId,
    ) -> Result<Option<Invoice>, StoreError>;
    /// Inserts an invoice.
    async fn insert_invoice(&mut self, invoice: &Invoice) -> Result<(), StoreError>;
    /// Updates an invoice.
    async fn update_invoice(&mut self, invoice: &Invoice) -> Result<(), StoreError>;
    /// The latest issue date among the company's numbered invoices (issued, or cancelled after
    /// issue), seen inside the transaction: a new invoice may not be dated before it, so
    /// numbers and dates stay in the same order.
    async fn latest_invoice_issue_date(
        &mut self,
        company: CompanyId,
    ) -> Result<Option<NaiveDate>, StoreError>;
    /// A quote, locked.
    async fn quote_for_update(
        &mut self,
        company: CompanyId,
        id: QuoteId,
    ) -> Result<Option<Quote>, StoreError>;
    /// The corrections of an invoice as the transaction sees them, oldest first (read under
    /// the invoice's lock to check a new one against them).
    async fn invoice_corrections(
        &mut self,
        company: CompanyId,
        invoice: InvoiceId,
    ) -> Result<Vec<Correction>, StoreError>;
    /// Inserts an issued correction.
    async fn insert_correction(&mut self, correction: &Correction) -> Result<(), StoreError>;
    /// Inserts an issued reminder and its (invoice, level) items; see the contract for its
    /// conflicts.
    async fn insert_reminder(&mut self, reminder: &Reminder) -> Result<(), StoreError>;
    /// Inserts a quote.
    async fn insert_quote(&mut self, quote: &Quote) -> Result<(), StoreError>;
    /// Updates a quote.
    async fn update_quote(&mut self, quote: &Quote) -> Result<(), StoreError>;
}

/// A client's open invoices at a day, aggregated by the store ([`DocumentStore::open_invoices_overview`]).
///
/// *Open* means an issued invoice in status `sent`, `partial` or `processing`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenInvoicesOverview {
    /// How many invoices are open.
    pub open_count: usize,
    /// How many of them are overdue: status `sent` or `partial` (a payment in progress is not
    /// overdue), balance > 0 and due date before `today`.
    pub overdue_count: usize,
    /// The sum of the overdue invoices' balances.
    pub overdue_total: Decimal,
    /// The open balances (> 0) by days past due at `today`, counted from the due date, else the
    /// issue date, else current ([`crate::domain::AgingBucket::for_days_past_due`]).
    pub aging: Aging,
    /// The first `open_limit` open invoices, oldest first by (due date, else issue date;
    /// `None` first), then `(created_at, id)`.
    pub first_open: Vec<DocumentSummary>,
}

/// Everything the portal statement of one client reads ([`DocumentStore::statement_view`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementView {
    /// The company.
    pub company: Company,
    /// The client and its maintained metrics.
    pub client: ClientSummary,
    /// Its open invoices (amounts in the client's currency).
    pub open: OpenInvoicesOverview,
    /// Its most recently paid invoices, newest first.
    pub paid: Vec<DocumentSummary>,
}
