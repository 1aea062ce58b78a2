use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::{
    Activity, Aging, Client, ClientId, ClientMetrics, Company, CompanyId, ContactId, Currency,
    DocumentSummary, EmailTemplate, HistoryCursor, HistoryFilter, Invoice, InvoiceId, MagicLink,
    MagicLinkId, MetricsDelta, OutboxEmail, OutboxId, Payment, PaymentId, PaymentReview,
    PortalSession, Quote, QuoteId, Refund, SessionId, TemplateKind, Ticket, TicketId,
    TicketMessage, TicketStatus, TokenHash,
};
use crate::domain::{ApiToken, ApiTokenId, StaffSession, StaffSessionId, StaffUser, UserId};

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
    /// The backend failed (connection, I/O, timeout); retrying later may help.
    #[error("storage backend error: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// Number sequences per company, consumed without gaps inside the issuing transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sequence {
    /// Client numbers.
    Client,
    /// Invoice numbers.
    Invoice,
    /// Quote numbers.
    Quote,
}

impl Sequence {
    /// The stable name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Client => "client",
            Self::Invoice => "invoice",
            Self::Quote => "quote",
        }
    }
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

/// A client's open invoices at a day, aggregated by the store ([`Store::open_invoices_overview`]).
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

/// Everything the portal statement of one client reads ([`Store::statement_view`]).
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

/// A filter over a company's tickets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TicketQuery {
    /// Only this status.
    pub status: Option<TicketStatus>,
    /// Only this client's.
    pub client_id: Option<ClientId>,
    /// Page size.
    pub limit: u32,
}

/// Persistence of the whole domain.
///
/// # Contract
/// Every adapter MUST pass [`crate::testing::storage_conformance`]. In words:
/// - **Tenancy.** Every method that takes a `CompanyId` sees only that company's rows: a
///   row of company B asked for with company A's id is `None`/absent, never an error that tells
///   it exists. Only lookups by a secret hash (`magic_link_by_hash`, `session_by_hash`,
///   `staff_session_by_hash`, `api_token_by_hash`), the staff sign-in lookup
///   (`staff_user_by_email`), `companies`, rate-limit counters and the outbox worker's
///   `claim_due_emails` are global.
/// - **Transactions.** All writes happen through a [`StoreTx`] from [`Store::begin`]; nothing
///   of an uncommitted or dropped transaction is ever visible, and a commit is all or nothing.
///   Concurrent transactions that touch the same invoice, payment, quote, ticket, magic link or
///   number sequence are serialised (row locks, or one writer at a time): the `*_for_update`
///   reads return the latest committed state and hold it until the end of the transaction.
/// - **Uniqueness.** Inserting a second client number per company, payment reference per
///   company, refund reference per company, or token hash MUST fail with
///   [`StoreError::Conflict`] and leave the transaction usable only for rollback.
/// - **Metrics.** [`Store::client_metrics`] returns the sum of all deltas committed through
///   [`StoreTx::add_client_metrics`] for that client (zero for a new client), so it equals
///   [`ClientMetrics::recompute`] whenever use cases record their deltas.
/// - **Order.** Document history is newest first by `(created_at, id)`, filtered and paged
///   with a keyset cursor; client lists are ordered by `(name, id)`.
/// - Timestamps read back equal the ones written (microsecond precision, UTC).
#[async_trait]
pub trait Store: Send + Sync {
    /// Starts a read-write transaction.
    async fn begin(&self) -> Result<Box<dyn StoreTx>, StoreError>;

    /// A company.
    async fn company(&self, id: CompanyId) -> Result<Option<Company>, StoreError>;
    /// A client.
    async fn client(&self, company: CompanyId, id: ClientId) -> Result<Option<Client>, StoreError>;
    /// A page of clients with their metrics.
    async fn list_clients(
        &self,
        company: CompanyId,
        query: &ClientQuery,
    ) -> Result<Vec<ClientSummary>, StoreError>;
    /// The maintained metrics of a client (`None` if the client does not exist).
    async fn client_metrics(
        &self,
        company: CompanyId,
        client: ClientId,
    ) -> Result<Option<ClientMetrics>, StoreError>;
    /// A client with its maintained metrics (`None` if the client does not exist): what
    /// [`Store::client`] and [`Store::client_metrics`] return, which an adapter may read at
    /// once (the default asks both).
    async fn client_summary(
        &self,
        company: CompanyId,
        id: ClientId,
    ) -> Result<Option<ClientSummary>, StoreError> {
        let Some(client) = self.client(company, id).await? else {
            return Ok(None);
        };
        Ok(self
            .client_metrics(company, id)
            .await?
            .map(|metrics| ClientSummary { client, metrics }))
    }
    /// One page of a client's document history. `today` resolves the derived statuses
    /// `overdue` and `expired` in the filter.
    async fn document_history(
        &self,
        company: CompanyId,
        client: ClientId,
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
    /// client does not exist): the company, [`Store::client_summary`],
    /// [`Store::open_invoices_overview`] with `open_limit`, and the last `paid_limit` paid
    /// invoices as [`Store::document_history`] lists them (kind invoice, status `paid`). The
    /// default asks those methods one by one; an adapter may read them together (e.g. on one
    /// connection).
    async fn statement_view(
        &self,
        company: CompanyId,
        client: ClientId,
        today: NaiveDate,
        open_limit: u32,
        paid_limit: u32,
    ) -> Result<Option<StatementView>, StoreError> {
        let Some(company_row) = self.company(company).await? else {
            return Ok(None);
        };
        let Some(summary) = self.client_summary(company, client).await? else {
            return Ok(None);
        };
        let open = self
            .open_invoices_overview(company, client, today, summary.client.currency, open_limit)
            .await?;
        let paid = self
            .document_history(
                company,
                client,
                &HistoryFilter::paid_invoices(),
                today,
                None,
                paid_limit,
            )
            .await?;
        Ok(Some(StatementView {
            company: company_row,
            client: summary,
            open,
            paid,
        }))
    }
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
    /// A client's payments, oldest first.
    async fn payments_of_client(
        &self,
        company: CompanyId,
        client: ClientId,
    ) -> Result<Vec<Payment>, StoreError>;
    /// A client's refunds, oldest first.
    async fn refunds_of_client(
        &self,
        company: CompanyId,
        client: ClientId,
    ) -> Result<Vec<Refund>, StoreError>;
    /// A payment.
    async fn payment(
        &self,
        company: CompanyId,
        id: PaymentId,
    ) -> Result<Option<Payment>, StoreError>;
    /// The payments of one invoice, oldest first.
    async fn payments_of_invoice(
        &self,
        company: CompanyId,
        invoice: InvoiceId,
    ) -> Result<Vec<Payment>, StoreError>;
    /// A client's activity log, newest first.
    async fn activities(
        &self,
        company: CompanyId,
        client: ClientId,
        limit: u32,
    ) -> Result<Vec<Activity>, StoreError>;
    /// The company's template of a kind, if it has one.
    async fn company_template(
        &self,
        company: CompanyId,
        kind: TemplateKind,
    ) -> Result<Option<EmailTemplate>, StoreError>;
    /// The client's override of a kind, if it has one.
    async fn client_template(
        &self,
        company: CompanyId,
        client: ClientId,
        kind: TemplateKind,
    ) -> Result<Option<EmailTemplate>, StoreError>;
    /// A ticket.
    async fn ticket(&self, company: CompanyId, id: TicketId) -> Result<Option<Ticket>, StoreError>;
    /// A ticket's messages, oldest first.
    async fn ticket_messages(
        &self,
        company: CompanyId,
        ticket: TicketId,
    ) -> Result<Vec<TicketMessage>, StoreError>;
    /// Tickets; those awaiting staff first, then by last message, newest first.
    async fn tickets(
        &self,
        company: CompanyId,
        query: &TicketQuery,
    ) -> Result<Vec<Ticket>, StoreError>;
    /// The client and contact with this email address (normalised, see
    /// [`crate::domain::EmailAddress::normalized`]) among the company's clients; an active
    /// client's contact is preferred over an archived one's.
    async fn contact_by_email(
        &self,
        company: CompanyId,
        email: &str,
    ) -> Result<Option<(Client, ContactId)>, StoreError>;
    /// A magic link by its token hash (global: the hash is the secret).
    async fn magic_link_by_hash(&self, hash: &TokenHash) -> Result<Option<MagicLink>, StoreError>;
    /// A portal session by its token hash (global: the hash is the secret).
    async fn session_by_hash(&self, hash: &TokenHash) -> Result<Option<PortalSession>, StoreError>;
    /// Every company, oldest first (global: for set-up code asking "is there a company yet?").
    async fn companies(&self) -> Result<Vec<Company>, StoreError>;
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

    /// Payment events held for review, newest first.
    async fn payment_reviews(
        &self,
        company: CompanyId,
        limit: u32,
    ) -> Result<Vec<PaymentReview>, StoreError>;
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

/// One read-write transaction. Dropping it without [`StoreTx::commit`] rolls it back.
///
/// # Contract
/// See [`Store`]. Reads inside a transaction see its own writes. `*_for_update` reads lock the
/// row (or the database) until commit or rollback.
#[async_trait]
pub trait StoreTx: Send {
    /// Makes every write of this transaction visible at once.
    async fn commit(self: Box<Self>) -> Result<(), StoreError>;

    /// A company.
    async fn company(&mut self, id: CompanyId) -> Result<Option<Company>, StoreError>;
    /// Inserts a company.
    async fn insert_company(&mut self, company: &Company) -> Result<(), StoreError>;
    /// Updates a company.
    async fn update_company(&mut self, company: &Company) -> Result<(), StoreError>;
    /// Takes the next number of a sequence (1, 2, 3, … per company and sequence).
    async fn next_number(&mut self, company: CompanyId, seq: Sequence) -> Result<u64, StoreError>;

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

    /// A quote, locked.
    async fn quote_for_update(
        &mut self,
        company: CompanyId,
        id: QuoteId,
    ) -> Result<Option<Quote>, StoreError>;
    /// Inserts a quote.
    async fn insert_quote(&mut self, quote: &Quote) -> Result<(), StoreError>;
    /// Updates a quote.
    async fn update_quote(&mut self, quote: &Quote) -> Result<(), StoreError>;

    /// A payment by its provider reference.
    async fn payment_by_reference(
        &mut self,
        company: CompanyId,
        reference: &str,
    ) -> Result<Option<Payment>, StoreError>;
    /// Payments of any company with this provider reference (at most 2; global like the
    /// secret-hash lookups: provider references are unique ids the provider issued). Used only
    /// for verified provider events that do not name their company.
    async fn payments_with_reference(
        &mut self,
        reference: &str,
    ) -> Result<Vec<Payment>, StoreError>;
    /// A payment, locked.
    async fn payment_for_update(
        &mut self,
        company: CompanyId,
        id: PaymentId,
    ) -> Result<Option<Payment>, StoreError>;
    /// Inserts a payment (`Conflict("payment_reference")` on a duplicate reference).
    async fn insert_payment(&mut self, payment: &Payment) -> Result<(), StoreError>;
    /// Updates a payment's refunded amount.
    async fn update_payment(&mut self, payment: &Payment) -> Result<(), StoreError>;
    /// The refund with this provider reference, if any.
    async fn refund_by_reference(
        &mut self,
        company: CompanyId,
        reference: &str,
    ) -> Result<Option<Refund>, StoreError>;
    /// Inserts a refund (`Conflict("refund_reference")` on a duplicate reference).
    async fn insert_refund(&mut self, refund: &Refund) -> Result<(), StoreError>;

    /// The company's template of a kind.
    async fn company_template(
        &mut self,
        company: CompanyId,
        kind: TemplateKind,
    ) -> Result<Option<EmailTemplate>, StoreError>;
    /// The client's override of a kind.
    async fn client_template(
        &mut self,
        company: CompanyId,
        client: ClientId,
        kind: TemplateKind,
    ) -> Result<Option<EmailTemplate>, StoreError>;
    /// Sets the company's template of a kind.
    async fn put_company_template(
        &mut self,
        company: CompanyId,
        kind: TemplateKind,
        template: &EmailTemplate,
    ) -> Result<(), StoreError>;
    /// Sets the client's override of a kind; fails if the client is not the company's.
    async fn put_client_template(
        &mut self,
        company: CompanyId,
        client: ClientId,
        kind: TemplateKind,
        template: &EmailTemplate,
    ) -> Result<(), StoreError>;
    /// Removes the client's override; whether there was one.
    async fn delete_client_template(
        &mut self,
        company: CompanyId,
        client: ClientId,
        kind: TemplateKind,
    ) -> Result<bool, StoreError>;

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
    /// Ends one session.
    async fn end_session(&mut self, id: SessionId, at: DateTime<Utc>) -> Result<(), StoreError>;
    /// Ends every open session of a contact; how many.
    async fn end_sessions_of_contact(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        at: DateTime<Utc>,
    ) -> Result<u64, StoreError>;

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
    /// An API token by its hash, inside the transaction (global, like [`Store::api_token_by_hash`]).
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

    /// A ticket, locked.
    async fn ticket_for_update(
        &mut self,
        company: CompanyId,
        id: TicketId,
    ) -> Result<Option<Ticket>, StoreError>;
    /// Inserts a ticket.
    async fn insert_ticket(&mut self, ticket: &Ticket) -> Result<(), StoreError>;
    /// Updates a ticket's status and last message time.
    async fn update_ticket(&mut self, ticket: &Ticket) -> Result<(), StoreError>;
    /// Appends a message.
    async fn insert_ticket_message(&mut self, message: &TicketMessage) -> Result<(), StoreError>;

    /// Records a provider's webhook event id; `Conflict("webhook_event")` if it was recorded
    /// before (the event is a duplicate). Concurrent inserts of one id: one wins, the other
    /// waits for it and then fails with the conflict.
    async fn record_webhook_event(
        &mut self,
        provider: &str,
        event_id: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// Keeps a payment event for an admin to review.
    async fn insert_payment_review(&mut self, review: &PaymentReview) -> Result<(), StoreError>;

    /// Queues an email.
    async fn enqueue_email(&mut self, email: &OutboxEmail) -> Result<(), StoreError>;
    /// Appends to a client's activity log.
    async fn log_activity(&mut self, activity: &Activity) -> Result<(), StoreError>;
}
