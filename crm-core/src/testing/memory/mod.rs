//! An in-memory [`Store`] for the core's own tests. It passes the conformance suite; it keeps
//! nothing on disk and serialises all transactions, so it is never the example's default.

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::domain::{
    Activity, CheckoutAttempt, Client, ClientId, ClientMetrics, Company, CompanyId, ContactId,
    Currency, DocumentKind, DocumentSummary, EmailTemplate, HistoryCursor, HistoryFilter, Invoice,
    InvoiceId, MagicLink, MagicLinkId, MetricsDelta, OutboxEmail, OutboxId, OutboxStatus, Payment,
    PaymentId, PaymentReview, PortalSession, Quote, QuoteId, Refund, SessionId, TemplateKind,
    Ticket, TicketId, TicketMessage, TokenHash,
};
use crate::domain::{ApiToken, ApiTokenId, StaffSession, StaffSessionId, StaffUser, UserId};
use crate::ports::{
    AccessStore, AccessTx, ClientQuery, ClientStore, ClientSummary, ClientTx, CompanyStore,
    CompanyTx, DocumentStore, DocumentTx, OpenInvoicesOverview, OutboxStore, OutboxTx,
    PaymentStore, PaymentTx, Sequence, StaffStore, StaffTx, StatementView, Store, StoreError,
    StoreTx, TicketQuery, TicketStore, TicketTx,
};

mod access;
mod archive;
mod clients;
mod company;
mod documents;
mod outbox;
mod payments;
mod staff;
mod tickets;

pub use archive::MemoryArchive;

#[derive(Debug, Default, Clone)]
struct State {
    companies: HashMap<CompanyId, Company>,
    sequences: HashMap<(CompanyId, &'static str, u32), u64>,
    clients: HashMap<ClientId, Client>,
    metrics: HashMap<ClientId, ClientMetrics>,
    invoices: HashMap<InvoiceId, Invoice>,
    quotes: HashMap<QuoteId, Quote>,
    corrections: Vec<crate::domain::Correction>,
    reminders: Vec<crate::domain::Reminder>,
    payments: HashMap<PaymentId, Payment>,
    refunds: Vec<Refund>,
    company_templates: HashMap<(CompanyId, TemplateKind), EmailTemplate>,
    client_templates: HashMap<(CompanyId, ClientId, TemplateKind), EmailTemplate>,
    links: HashMap<TokenHash, MagicLink>,
    sessions: HashMap<TokenHash, PortalSession>,
    tickets: HashMap<TicketId, Ticket>,
    messages: Vec<TicketMessage>,
    outbox: Vec<OutboxEmail>,
    activities: Vec<Activity>,
    webhook_events: std::collections::HashSet<(String, String)>,
    reviews: Vec<PaymentReview>,
    checkout_attempts: HashMap<(String, String), CheckoutAttempt>,
    staff: HashMap<UserId, StaffUser>,
    staff_sessions: HashMap<TokenHash, StaffSession>,
    api_tokens: HashMap<TokenHash, ApiToken>,
    throttle: HashMap<(String, DateTime<Utc>), (u64, DateTime<Utc>)>,
    secrets: HashMap<String, Vec<u8>>,
    files: HashMap<crate::domain::DocumentHash, Arc<[u8]>>,
    issued:
        HashMap<(CompanyId, crate::domain::IssuedKind, uuid::Uuid), crate::domain::IssuedDocument>,
}

/// The in-memory store.
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    state: Arc<Mutex<State>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }
}

struct MemoryTx {
    guard: OwnedMutexGuard<State>,
    work: State,
}

fn scoped<T>(row: Option<&T>, company: CompanyId, of: impl Fn(&T) -> CompanyId) -> Option<&T> {
    row.filter(|r| of(r) == company)
}

impl State {
    fn client(&self, company: CompanyId, id: ClientId) -> Option<&Client> {
        scoped(self.clients.get(&id), company, |c| c.company_id)
    }

    fn history(
        &self,
        company: CompanyId,
        client: Option<ClientId>,
        filter: &HistoryFilter,
        today: NaiveDate,
        after: Option<HistoryCursor>,
        limit: u32,
    ) -> Vec<DocumentSummary> {
        let mut rows: Vec<DocumentSummary> = Vec::new();
        let status = filter.status.as_deref();
        if matches!(filter.kind, None | Some(DocumentKind::Invoice)) {
            for i in self.invoices.values() {
                if i.company_id != company || client.is_some_and(|c| i.client_id != c) {
                    continue;
                }
                let ok = match status {
                    None => true,
                    Some("overdue") => i.is_overdue(today),
                    Some(s) => i.status.as_str() == s,
                };
                if ok {
                    rows.push(DocumentSummary {
                        kind: DocumentKind::Invoice,
                        id: i.id.as_uuid(),
                        client_id: i.client_id,
                        number: i.number.clone(),
                        status: i.status.as_str().into(),
                        issue_date: i.issue_date,
                        due_date: i.due_date,
                        total: i.totals.total,
                        balance: i.balance,
                        currency: i.currency,
                        created_at: i.created_at,
                    });
                }
            }
        }
        for c in &self.corrections {
            let kind = DocumentKind::of_correction(c.kind);
            if c.company_id != company
                || client.is_some_and(|cl| c.client_id != cl)
                || filter.kind.is_some_and(|k| k != kind)
                || status.is_some_and(|s| s != crate::domain::history::CORRECTION_STATUS)
            {
                continue;
            }
            rows.push(DocumentSummary {
                kind,
                id: c.id.as_uuid(),
                client_id: c.client_id,
                number: Some(c.number.clone()),
                status: crate::domain::history::CORRECTION_STATUS.into(),
                issue_date: Some(c.issue_date),
                due_date: None,
                total: c.totals.total,
                balance: Default::default(),
                currency: c.currency,
                created_at: c.created_at,
            });
        }
        let issued = crate::domain::history::CORRECTION_STATUS;
        if matches!(filter.kind, None | Some(DocumentKind::Reminder))
            && status.is_none_or(|s| s == issued)
        {
            for r in &self.reminders {
                if r.company_id != company || client.is_some_and(|c| r.client_id != c) {
                    continue;
                }
                rows.push(DocumentSummary {
                    kind: DocumentKind::Reminder,
                    id: r.id.as_uuid(),
                    client_id: r.client_id,
                    number: Some(r.number.clone()),
                    status: issued.into(),
                    issue_date: Some(r.issue_date),
                    due_date: Some(r.due_date),
                    total: r.total(),
                    balance: Default::default(),
                    currency: r.currency,
                    created_at: r.created_at,
                });
            }
        }
        if matches!(filter.kind, None | Some(DocumentKind::Quote)) {
            for q in self.quotes.values() {
                if q.company_id != company || client.is_some_and(|c| q.client_id != c) {
                    continue;
                }
                let ok = match status {
                    None => true,
                    Some("expired") => q.is_expired(today),
                    Some(s) => q.status.as_str() == s,
                };
                if ok {
                    rows.push(DocumentSummary {
                        kind: DocumentKind::Quote,
                        id: q.id.as_uuid(),
                        client_id: q.client_id,
                        number: q.number.clone(),
                        status: q.status.as_str().into(),
                        issue_date: q.issue_date,
                        due_date: q.valid_until,
                        total: q.totals.total,
                        balance: Default::default(),
                        currency: q.currency,
                        created_at: q.created_at,
                    });
                }
            }
        }
        rows.retain(|r| {
            !(filter.issued_only && r.status == "draft")
                && filter
                    .from
                    .is_none_or(|f| r.issue_date.is_some_and(|d| d >= f))
                && filter
                    .to
                    .is_none_or(|t| r.issue_date.is_some_and(|d| d <= t))
                && after.is_none_or(|a| (r.created_at, r.id) < (a.created_at, a.id))
        });
        rows.sort_by_key(|r| std::cmp::Reverse((r.created_at, r.id)));
        rows.truncate(limit as usize);
        rows
    }
}

#[async_trait]
impl Store for MemoryStore {
    async fn begin(&self) -> Result<Box<dyn StoreTx>, StoreError> {
        let guard = self.state.clone().lock_owned().await;
        let work = guard.clone();
        Ok(Box::new(MemoryTx { guard, work }))
    }
}

fn missing(what: &'static str) -> StoreError {
    StoreError::NotFound(what)
}

#[async_trait]
impl StoreTx for MemoryTx {
    async fn commit(self: Box<Self>) -> Result<(), StoreError> {
        let MemoryTx { mut guard, work } = *self;
        *guard = work;
        Ok(())
    }
}
