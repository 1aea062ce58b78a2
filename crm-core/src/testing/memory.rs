//! An in-memory [`Store`] for the core's own tests. It passes the conformance suite; it keeps
//! nothing on disk and serialises all transactions, so it is never the example's default.

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::domain::{
    Activity, Client, ClientId, ClientMetrics, Company, CompanyId, ContactId, Currency,
    DocumentKind, DocumentSummary, EmailTemplate, HistoryCursor, HistoryFilter, Invoice, InvoiceId,
    MagicLink, MagicLinkId, MetricsDelta, OutboxEmail, OutboxId, OutboxStatus, Payment, PaymentId,
    PaymentReview, PortalSession, Quote, QuoteId, Refund, SessionId, TemplateKind, Ticket,
    TicketId, TicketMessage, TokenHash,
};
use crate::domain::{ApiToken, ApiTokenId, StaffSession, StaffSessionId, StaffUser, UserId};
use crate::ports::{
    ClientQuery, ClientSummary, OpenInvoicesOverview, Sequence, Store, StoreError, StoreTx,
    TicketQuery,
};

#[derive(Debug, Default, Clone)]
struct State {
    companies: HashMap<CompanyId, Company>,
    sequences: HashMap<(CompanyId, &'static str), u64>,
    clients: HashMap<ClientId, Client>,
    metrics: HashMap<ClientId, ClientMetrics>,
    invoices: HashMap<InvoiceId, Invoice>,
    quotes: HashMap<QuoteId, Quote>,
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
    staff: HashMap<UserId, StaffUser>,
    staff_sessions: HashMap<TokenHash, StaffSession>,
    api_tokens: HashMap<TokenHash, ApiToken>,
    throttle: HashMap<(String, DateTime<Utc>), (u64, DateTime<Utc>)>,
    secrets: HashMap<String, Vec<u8>>,
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
        client: ClientId,
        filter: &HistoryFilter,
        today: NaiveDate,
        after: Option<HistoryCursor>,
        limit: u32,
    ) -> Vec<DocumentSummary> {
        let mut rows: Vec<DocumentSummary> = Vec::new();
        let status = filter.status.as_deref();
        if filter.kind != Some(DocumentKind::Quote) {
            for i in self.invoices.values() {
                if i.company_id != company || i.client_id != client {
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
        if filter.kind != Some(DocumentKind::Invoice) {
            for q in self.quotes.values() {
                if q.company_id != company || q.client_id != client {
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

    async fn company(&self, id: CompanyId) -> Result<Option<Company>, StoreError> {
        Ok(self.state.lock().await.companies.get(&id).cloned())
    }

    async fn client(&self, company: CompanyId, id: ClientId) -> Result<Option<Client>, StoreError> {
        Ok(self.state.lock().await.client(company, id).cloned())
    }

    async fn list_clients(
        &self,
        company: CompanyId,
        query: &ClientQuery,
    ) -> Result<Vec<ClientSummary>, StoreError> {
        let s = self.state.lock().await;
        let needle = query.search.as_deref().map(str::to_lowercase);
        let mut rows: Vec<&Client> = s
            .clients
            .values()
            .filter(|c| c.company_id == company && c.archived == query.archived)
            .filter(|c| {
                needle.as_deref().is_none_or(|n| {
                    c.name.to_lowercase().contains(n)
                        || c.number.to_lowercase().contains(n)
                        || c.contacts.iter().any(|k| k.email.normalized().contains(n))
                })
            })
            .filter(|c| {
                query
                    .after
                    .as_ref()
                    .is_none_or(|(name, id)| (&c.name, c.id) > (name, *id))
            })
            .collect();
        rows.sort_by(|a, b| (&a.name, a.id).cmp(&(&b.name, b.id)));
        Ok(rows
            .into_iter()
            .take(query.limit as usize)
            .map(|c| ClientSummary {
                client: c.clone(),
                metrics: s.metrics.get(&c.id).copied().unwrap_or_default(),
            })
            .collect())
    }

    async fn client_metrics(
        &self,
        company: CompanyId,
        client: ClientId,
    ) -> Result<Option<ClientMetrics>, StoreError> {
        let s = self.state.lock().await;
        Ok(s.client(company, client)
            .map(|c| s.metrics.get(&c.id).copied().unwrap_or_default()))
    }

    async fn document_history(
        &self,
        company: CompanyId,
        client: ClientId,
        filter: &HistoryFilter,
        today: NaiveDate,
        after: Option<HistoryCursor>,
        limit: u32,
    ) -> Result<Vec<DocumentSummary>, StoreError> {
        Ok(self
            .state
            .lock()
            .await
            .history(company, client, filter, today, after, limit))
    }

    async fn open_invoices_overview(
        &self,
        company: CompanyId,
        client: ClientId,
        today: NaiveDate,
        _currency: Currency,
        open_limit: u32,
    ) -> Result<OpenInvoicesOverview, StoreError> {
        let s = self.state.lock().await;
        let mut open: Vec<&Invoice> = s
            .invoices
            .values()
            .filter(|i| i.company_id == company && i.client_id == client && i.status.is_open())
            .collect();
        open.sort_by_key(|i| (i.due_date.or(i.issue_date), i.created_at, i.id.as_uuid()));
        let overdue: Vec<&&Invoice> = open.iter().filter(|i| i.is_overdue(today)).collect();
        Ok(OpenInvoicesOverview {
            open_count: open.len(),
            overdue_count: overdue.len(),
            overdue_total: overdue.iter().map(|i| i.balance).sum(),
            aging: crate::domain::aging(open.iter().copied(), today),
            first_open: open
                .iter()
                .take(open_limit as usize)
                .map(|i| DocumentSummary {
                    kind: DocumentKind::Invoice,
                    id: i.id.as_uuid(),
                    number: i.number.clone(),
                    status: i.status.as_str().into(),
                    issue_date: i.issue_date,
                    due_date: i.due_date,
                    total: i.totals.total,
                    balance: i.balance,
                    currency: i.currency,
                    created_at: i.created_at,
                })
                .collect(),
        })
    }

    async fn invoice(
        &self,
        company: CompanyId,
        id: InvoiceId,
    ) -> Result<Option<Invoice>, StoreError> {
        let s = self.state.lock().await;
        Ok(scoped(s.invoices.get(&id), company, |i| i.company_id).cloned())
    }

    async fn invoices_of_client(
        &self,
        company: CompanyId,
        client: ClientId,
    ) -> Result<Vec<Invoice>, StoreError> {
        let s = self.state.lock().await;
        let mut v: Vec<Invoice> = s
            .invoices
            .values()
            .filter(|i| i.company_id == company && i.client_id == client)
            .cloned()
            .collect();
        v.sort_by_key(|i| (i.created_at, i.id));
        Ok(v)
    }

    async fn quote(&self, company: CompanyId, id: QuoteId) -> Result<Option<Quote>, StoreError> {
        let s = self.state.lock().await;
        Ok(scoped(s.quotes.get(&id), company, |q| q.company_id).cloned())
    }

    async fn payments_of_client(
        &self,
        company: CompanyId,
        client: ClientId,
    ) -> Result<Vec<Payment>, StoreError> {
        let s = self.state.lock().await;
        let mut v: Vec<Payment> = s
            .payments
            .values()
            .filter(|p| p.company_id == company && p.client_id == client)
            .cloned()
            .collect();
        v.sort_by_key(|p| (p.created_at, p.id));
        Ok(v)
    }

    async fn refunds_of_client(
        &self,
        company: CompanyId,
        client: ClientId,
    ) -> Result<Vec<Refund>, StoreError> {
        let s = self.state.lock().await;
        Ok(s.refunds
            .iter()
            .filter(|r| r.company_id == company && r.client_id == client)
            .cloned()
            .collect())
    }

    async fn payment(
        &self,
        company: CompanyId,
        id: PaymentId,
    ) -> Result<Option<Payment>, StoreError> {
        let s = self.state.lock().await;
        Ok(scoped(s.payments.get(&id), company, |p| p.company_id).cloned())
    }

    async fn payments_of_invoice(
        &self,
        company: CompanyId,
        invoice: InvoiceId,
    ) -> Result<Vec<Payment>, StoreError> {
        let s = self.state.lock().await;
        let mut v: Vec<Payment> = s
            .payments
            .values()
            .filter(|p| p.company_id == company && p.invoice_id == invoice)
            .cloned()
            .collect();
        v.sort_by_key(|p| (p.created_at, p.id));
        Ok(v)
    }

    async fn activities(
        &self,
        company: CompanyId,
        client: ClientId,
        limit: u32,
    ) -> Result<Vec<Activity>, StoreError> {
        let s = self.state.lock().await;
        let mut v: Vec<Activity> = s
            .activities
            .iter()
            .filter(|a| a.company_id == company && a.client_id == client)
            .cloned()
            .collect();
        v.sort_by_key(|a| std::cmp::Reverse((a.at, a.id)));
        v.truncate(limit as usize);
        Ok(v)
    }

    async fn company_template(
        &self,
        company: CompanyId,
        kind: TemplateKind,
    ) -> Result<Option<EmailTemplate>, StoreError> {
        Ok(self
            .state
            .lock()
            .await
            .company_templates
            .get(&(company, kind))
            .cloned())
    }

    async fn client_template(
        &self,
        company: CompanyId,
        client: ClientId,
        kind: TemplateKind,
    ) -> Result<Option<EmailTemplate>, StoreError> {
        Ok(self
            .state
            .lock()
            .await
            .client_templates
            .get(&(company, client, kind))
            .cloned())
    }

    async fn ticket(&self, company: CompanyId, id: TicketId) -> Result<Option<Ticket>, StoreError> {
        let s = self.state.lock().await;
        Ok(scoped(s.tickets.get(&id), company, |t| t.company_id).cloned())
    }

    async fn ticket_messages(
        &self,
        company: CompanyId,
        ticket: TicketId,
    ) -> Result<Vec<TicketMessage>, StoreError> {
        let s = self.state.lock().await;
        let mut v: Vec<TicketMessage> = s
            .messages
            .iter()
            .filter(|m| m.company_id == company && m.ticket_id == ticket)
            .cloned()
            .collect();
        v.sort_by_key(|m| (m.created_at, m.id));
        Ok(v)
    }

    async fn tickets(
        &self,
        company: CompanyId,
        query: &TicketQuery,
    ) -> Result<Vec<Ticket>, StoreError> {
        let s = self.state.lock().await;
        let mut v: Vec<Ticket> = s
            .tickets
            .values()
            .filter(|t| t.company_id == company)
            .filter(|t| query.status.is_none_or(|st| t.status == st))
            .filter(|t| query.client_id.is_none_or(|c| t.client_id == c))
            .cloned()
            .collect();
        v.sort_by(|a, b| {
            (b.status.awaits_staff(), b.last_message_at, b.id).cmp(&(
                a.status.awaits_staff(),
                a.last_message_at,
                a.id,
            ))
        });
        v.truncate(query.limit as usize);
        Ok(v)
    }

    async fn contact_by_email(
        &self,
        company: CompanyId,
        email: &str,
    ) -> Result<Option<(Client, ContactId)>, StoreError> {
        let s = self.state.lock().await;
        let mut clients: Vec<&Client> = s
            .clients
            .values()
            .filter(|c| c.company_id == company)
            .collect();
        clients.sort_by_key(|c| (c.archived, c.created_at, c.id));
        Ok(clients.into_iter().find_map(|c| {
            c.contacts
                .iter()
                .find(|k| k.email.normalized() == email)
                .map(|k| (c.clone(), k.id))
        }))
    }

    async fn magic_link_by_hash(&self, hash: &TokenHash) -> Result<Option<MagicLink>, StoreError> {
        Ok(self.state.lock().await.links.get(hash).cloned())
    }

    async fn session_by_hash(&self, hash: &TokenHash) -> Result<Option<PortalSession>, StoreError> {
        Ok(self.state.lock().await.sessions.get(hash).cloned())
    }

    async fn companies(&self) -> Result<Vec<Company>, StoreError> {
        let mut all: Vec<Company> = self
            .state
            .lock()
            .await
            .companies
            .values()
            .cloned()
            .collect();
        all.sort_by_key(|c| (c.created_at, c.id));
        Ok(all)
    }

    async fn staff_users(&self, company: CompanyId) -> Result<Vec<StaffUser>, StoreError> {
        let mut all: Vec<StaffUser> = self
            .state
            .lock()
            .await
            .staff
            .values()
            .filter(|u| u.company_id == company)
            .cloned()
            .collect();
        all.sort_by(|a, b| (&a.name, a.id).cmp(&(&b.name, b.id)));
        Ok(all)
    }

    async fn staff_user(
        &self,
        company: CompanyId,
        id: UserId,
    ) -> Result<Option<StaffUser>, StoreError> {
        let state = self.state.lock().await;
        Ok(scoped(state.staff.get(&id), company, |u| u.company_id).cloned())
    }

    async fn staff_user_by_email(&self, email: &str) -> Result<Option<StaffUser>, StoreError> {
        let state = self.state.lock().await;
        Ok(state
            .staff
            .values()
            .find(|u| u.email.normalized() == email)
            .cloned())
    }

    async fn staff_session_by_hash(
        &self,
        hash: &TokenHash,
    ) -> Result<Option<StaffSession>, StoreError> {
        Ok(self.state.lock().await.staff_sessions.get(hash).cloned())
    }

    async fn api_token_by_hash(&self, hash: &TokenHash) -> Result<Option<ApiToken>, StoreError> {
        Ok(self.state.lock().await.api_tokens.get(hash).cloned())
    }

    async fn api_tokens(&self, company: CompanyId) -> Result<Vec<ApiToken>, StoreError> {
        let mut all: Vec<ApiToken> = self
            .state
            .lock()
            .await
            .api_tokens
            .values()
            .filter(|t| t.company_id == company)
            .cloned()
            .collect();
        all.sort_by_key(|t| (t.created_at, t.id));
        Ok(all)
    }

    async fn payment_reviews(
        &self,
        company: CompanyId,
        limit: u32,
    ) -> Result<Vec<PaymentReview>, StoreError> {
        let s = self.state.lock().await;
        let mut v: Vec<PaymentReview> = s
            .reviews
            .iter()
            .filter(|r| r.company_id == company)
            .cloned()
            .collect();
        v.sort_by_key(|r| std::cmp::Reverse((r.created_at, r.id)));
        v.truncate(limit as usize);
        Ok(v)
    }

    async fn outbox(&self, company: CompanyId, limit: u32) -> Result<Vec<OutboxEmail>, StoreError> {
        let s = self.state.lock().await;
        let mut v: Vec<OutboxEmail> = s
            .outbox
            .iter()
            .filter(|e| e.company_id == company)
            .cloned()
            .collect();
        v.sort_by_key(|e| std::cmp::Reverse((e.created_at, e.id)));
        v.truncate(limit as usize);
        Ok(v)
    }

    async fn claim_due_emails(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<OutboxEmail>, StoreError> {
        let mut s = self.state.lock().await;
        let mut due: Vec<&mut OutboxEmail> = s
            .outbox
            .iter_mut()
            .filter(|e| e.status == OutboxStatus::Pending && e.next_attempt_at <= now)
            .collect();
        due.sort_by_key(|e| (e.next_attempt_at, e.id));
        Ok(due
            .into_iter()
            .take(limit as usize)
            .map(|e| {
                e.attempts += 1;
                e.next_attempt_at = lease_until;
                e.clone()
            })
            .collect())
    }

    async fn mark_email_sent(&self, id: OutboxId, at: DateTime<Utc>) -> Result<(), StoreError> {
        let mut s = self.state.lock().await;
        let e = s
            .outbox
            .iter_mut()
            .find(|e| e.id == id)
            .ok_or(StoreError::NotFound("outbox email"))?;
        if e.status != OutboxStatus::Pending {
            return Err(StoreError::NotFound("pending outbox email"));
        }
        e.status = OutboxStatus::Sent;
        e.sent_at = Some(at);
        e.html_body.clear();
        e.text_body.clear();
        Ok(())
    }

    async fn mark_email_retry(
        &self,
        id: OutboxId,
        next_attempt_at: DateTime<Utc>,
        error: &str,
    ) -> Result<(), StoreError> {
        let mut s = self.state.lock().await;
        let e = s
            .outbox
            .iter_mut()
            .find(|e| e.id == id)
            .ok_or(StoreError::NotFound("outbox email"))?;
        e.next_attempt_at = next_attempt_at;
        e.last_error = Some(error.to_owned());
        Ok(())
    }

    async fn mark_email_failed(&self, id: OutboxId, error: &str) -> Result<(), StoreError> {
        let mut s = self.state.lock().await;
        let e = s
            .outbox
            .iter_mut()
            .find(|e| e.id == id)
            .ok_or(StoreError::NotFound("outbox email"))?;
        e.status = OutboxStatus::Failed;
        e.last_error = Some(error.to_owned());
        Ok(())
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

    async fn company(&mut self, id: CompanyId) -> Result<Option<Company>, StoreError> {
        Ok(self.work.companies.get(&id).cloned())
    }

    async fn insert_company(&mut self, company: &Company) -> Result<(), StoreError> {
        if self.work.companies.contains_key(&company.id) {
            return Err(StoreError::Conflict("company"));
        }
        self.work.companies.insert(company.id, company.clone());
        Ok(())
    }

    async fn update_company(&mut self, company: &Company) -> Result<(), StoreError> {
        let slot = self
            .work
            .companies
            .get_mut(&company.id)
            .ok_or(missing("company"))?;
        *slot = company.clone();
        Ok(())
    }

    async fn next_number(&mut self, company: CompanyId, seq: Sequence) -> Result<u64, StoreError> {
        let n = self
            .work
            .sequences
            .entry((company, seq.as_str()))
            .or_insert(0);
        *n += 1;
        Ok(*n)
    }

    async fn client_for_update(
        &mut self,
        company: CompanyId,
        id: ClientId,
    ) -> Result<Option<Client>, StoreError> {
        Ok(self.work.client(company, id).cloned())
    }

    async fn insert_client(&mut self, client: &Client) -> Result<(), StoreError> {
        if self
            .work
            .clients
            .values()
            .any(|c| c.company_id == client.company_id && c.number == client.number)
        {
            return Err(StoreError::Conflict("client_number"));
        }
        self.work.clients.insert(client.id, client.clone());
        self.work
            .metrics
            .insert(client.id, ClientMetrics::default());
        Ok(())
    }

    async fn update_client(&mut self, client: &Client) -> Result<(), StoreError> {
        if self.work.clients.values().any(|c| {
            c.company_id == client.company_id && c.number == client.number && c.id != client.id
        }) {
            return Err(StoreError::Conflict("client_number"));
        }
        let slot = self
            .work
            .clients
            .get_mut(&client.id)
            .filter(|c| c.company_id == client.company_id)
            .ok_or(missing("client"))?;
        *slot = client.clone();
        Ok(())
    }

    async fn client_number_exists(
        &mut self,
        company: CompanyId,
        number: &str,
    ) -> Result<bool, StoreError> {
        Ok(self
            .work
            .clients
            .values()
            .any(|c| c.company_id == company && c.number == number))
    }

    async fn client_has_documents(
        &mut self,
        company: CompanyId,
        client: ClientId,
    ) -> Result<bool, StoreError> {
        Ok(self
            .work
            .invoices
            .values()
            .any(|i| i.company_id == company && i.client_id == client)
            || self
                .work
                .quotes
                .values()
                .any(|q| q.company_id == company && q.client_id == client))
    }

    async fn add_client_metrics(
        &mut self,
        company: CompanyId,
        client: ClientId,
        delta: &MetricsDelta,
    ) -> Result<(), StoreError> {
        if self.work.client(company, client).is_none() {
            return Err(missing("client"));
        }
        let m = self.work.metrics.entry(client).or_default();
        *m = *m + *delta;
        Ok(())
    }

    async fn invoice_for_update(
        &mut self,
        company: CompanyId,
        id: InvoiceId,
    ) -> Result<Option<Invoice>, StoreError> {
        Ok(scoped(self.work.invoices.get(&id), company, |i| i.company_id).cloned())
    }

    async fn insert_invoice(&mut self, invoice: &Invoice) -> Result<(), StoreError> {
        self.work.invoices.insert(invoice.id, invoice.clone());
        Ok(())
    }

    async fn update_invoice(&mut self, invoice: &Invoice) -> Result<(), StoreError> {
        let slot = self
            .work
            .invoices
            .get_mut(&invoice.id)
            .filter(|i| i.company_id == invoice.company_id)
            .ok_or(missing("invoice"))?;
        *slot = invoice.clone();
        Ok(())
    }

    async fn quote_for_update(
        &mut self,
        company: CompanyId,
        id: QuoteId,
    ) -> Result<Option<Quote>, StoreError> {
        Ok(scoped(self.work.quotes.get(&id), company, |q| q.company_id).cloned())
    }

    async fn insert_quote(&mut self, quote: &Quote) -> Result<(), StoreError> {
        self.work.quotes.insert(quote.id, quote.clone());
        Ok(())
    }

    async fn update_quote(&mut self, quote: &Quote) -> Result<(), StoreError> {
        let slot = self
            .work
            .quotes
            .get_mut(&quote.id)
            .filter(|q| q.company_id == quote.company_id)
            .ok_or(missing("quote"))?;
        *slot = quote.clone();
        Ok(())
    }

    async fn payment_by_reference(
        &mut self,
        company: CompanyId,
        reference: &str,
    ) -> Result<Option<Payment>, StoreError> {
        Ok(self
            .work
            .payments
            .values()
            .find(|p| p.company_id == company && p.reference.as_deref() == Some(reference))
            .cloned())
    }

    async fn payments_with_reference(
        &mut self,
        reference: &str,
    ) -> Result<Vec<Payment>, StoreError> {
        Ok(self
            .work
            .payments
            .values()
            .filter(|p| p.reference.as_deref() == Some(reference))
            .take(2)
            .cloned()
            .collect())
    }

    async fn payment_for_update(
        &mut self,
        company: CompanyId,
        id: PaymentId,
    ) -> Result<Option<Payment>, StoreError> {
        Ok(scoped(self.work.payments.get(&id), company, |p| p.company_id).cloned())
    }

    async fn insert_payment(&mut self, payment: &Payment) -> Result<(), StoreError> {
        if let Some(r) = &payment.reference
            && self
                .work
                .payments
                .values()
                .any(|p| p.company_id == payment.company_id && p.reference.as_deref() == Some(r))
        {
            return Err(StoreError::Conflict("payment_reference"));
        }
        self.work.payments.insert(payment.id, payment.clone());
        Ok(())
    }

    async fn update_payment(&mut self, payment: &Payment) -> Result<(), StoreError> {
        let slot = self
            .work
            .payments
            .get_mut(&payment.id)
            .filter(|p| p.company_id == payment.company_id)
            .ok_or(missing("payment"))?;
        *slot = payment.clone();
        Ok(())
    }

    async fn refund_by_reference(
        &mut self,
        company: CompanyId,
        reference: &str,
    ) -> Result<Option<Refund>, StoreError> {
        Ok(self
            .work
            .refunds
            .iter()
            .find(|r| r.company_id == company && r.reference.as_deref() == Some(reference))
            .cloned())
    }

    async fn insert_refund(&mut self, refund: &Refund) -> Result<(), StoreError> {
        if let Some(r) = &refund.reference
            && self
                .refund_by_reference(refund.company_id, r)
                .await?
                .is_some()
        {
            return Err(StoreError::Conflict("refund_reference"));
        }
        self.work.refunds.push(refund.clone());
        Ok(())
    }

    async fn company_template(
        &mut self,
        company: CompanyId,
        kind: TemplateKind,
    ) -> Result<Option<EmailTemplate>, StoreError> {
        Ok(self.work.company_templates.get(&(company, kind)).cloned())
    }

    async fn client_template(
        &mut self,
        company: CompanyId,
        client: ClientId,
        kind: TemplateKind,
    ) -> Result<Option<EmailTemplate>, StoreError> {
        Ok(self
            .work
            .client_templates
            .get(&(company, client, kind))
            .cloned())
    }

    async fn put_company_template(
        &mut self,
        company: CompanyId,
        kind: TemplateKind,
        template: &EmailTemplate,
    ) -> Result<(), StoreError> {
        self.work
            .company_templates
            .insert((company, kind), template.clone());
        Ok(())
    }

    async fn put_client_template(
        &mut self,
        company: CompanyId,
        client: ClientId,
        kind: TemplateKind,
        template: &EmailTemplate,
    ) -> Result<(), StoreError> {
        if self.work.client(company, client).is_none() {
            return Err(missing("client"));
        }
        self.work
            .client_templates
            .insert((company, client, kind), template.clone());
        Ok(())
    }

    async fn delete_client_template(
        &mut self,
        company: CompanyId,
        client: ClientId,
        kind: TemplateKind,
    ) -> Result<bool, StoreError> {
        Ok(self
            .work
            .client_templates
            .remove(&(company, client, kind))
            .is_some())
    }

    async fn insert_magic_link(&mut self, link: &MagicLink) -> Result<(), StoreError> {
        if self.work.links.contains_key(&link.token_hash) {
            return Err(StoreError::Conflict("token_hash"));
        }
        self.work.links.insert(link.token_hash, link.clone());
        Ok(())
    }

    async fn magic_link_for_update(
        &mut self,
        hash: &TokenHash,
    ) -> Result<Option<MagicLink>, StoreError> {
        Ok(self.work.links.get(hash).cloned())
    }

    async fn mark_magic_link_used(
        &mut self,
        id: MagicLinkId,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        match self.work.links.values_mut().find(|l| l.id == id) {
            Some(l) if l.used_at.is_none() => {
                l.used_at = Some(at);
                Ok(true)
            }
            Some(_) => Ok(false),
            None => Err(missing("magic link")),
        }
    }

    async fn revoke_magic_links(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        at: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let mut n = 0;
        for l in self.work.links.values_mut() {
            if l.company_id == company && l.contact_id == contact && l.revoked_at.is_none() {
                l.revoked_at = Some(at);
                n += 1;
            }
        }
        Ok(n)
    }

    async fn insert_session(&mut self, session: &PortalSession) -> Result<(), StoreError> {
        if self.work.sessions.contains_key(&session.token_hash) {
            return Err(StoreError::Conflict("token_hash"));
        }
        self.work
            .sessions
            .insert(session.token_hash, session.clone());
        Ok(())
    }

    async fn touch_session(&mut self, id: SessionId, at: DateTime<Utc>) -> Result<(), StoreError> {
        let s = self
            .work
            .sessions
            .values_mut()
            .find(|s| s.id == id)
            .ok_or(missing("session"))?;
        s.last_seen_at = at;
        Ok(())
    }

    async fn end_session(&mut self, id: SessionId, at: DateTime<Utc>) -> Result<(), StoreError> {
        let s = self
            .work
            .sessions
            .values_mut()
            .find(|s| s.id == id)
            .ok_or(missing("session"))?;
        s.ended_at.get_or_insert(at);
        Ok(())
    }

    async fn end_sessions_of_contact(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        at: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let mut n = 0;
        for s in self.work.sessions.values_mut() {
            if s.company_id == company && s.contact_id == contact && s.ended_at.is_none() {
                s.ended_at = Some(at);
                n += 1;
            }
        }
        Ok(n)
    }

    async fn insert_staff_user(&mut self, user: &StaffUser) -> Result<(), StoreError> {
        let email = user.email.normalized();
        if self
            .work
            .staff
            .values()
            .any(|u| u.email.normalized() == email)
        {
            return Err(StoreError::Conflict("staff_email"));
        }
        if !self.work.companies.contains_key(&user.company_id) {
            return Err(missing("company"));
        }
        self.work.staff.insert(user.id, user.clone());
        Ok(())
    }

    async fn staff_user_for_update(
        &mut self,
        company: CompanyId,
        id: UserId,
    ) -> Result<Option<StaffUser>, StoreError> {
        Ok(scoped(self.work.staff.get(&id), company, |u| u.company_id).cloned())
    }

    async fn update_staff_user(&mut self, user: &StaffUser) -> Result<(), StoreError> {
        let email = user.email.normalized();
        if self
            .work
            .staff
            .values()
            .any(|u| u.id != user.id && u.email.normalized() == email)
        {
            return Err(StoreError::Conflict("staff_email"));
        }
        let slot = self
            .work
            .staff
            .get_mut(&user.id)
            .filter(|u| u.company_id == user.company_id)
            .ok_or(missing("staff user"))?;
        slot.email = user.email.clone();
        slot.name = user.name.clone();
        slot.password_hash = user.password_hash.clone();
        slot.disabled = user.disabled;
        Ok(())
    }

    async fn insert_staff_session(&mut self, session: &StaffSession) -> Result<(), StoreError> {
        if self.work.staff_sessions.contains_key(&session.token_hash) {
            return Err(StoreError::Conflict("token_hash"));
        }
        self.work
            .staff_sessions
            .insert(session.token_hash, session.clone());
        Ok(())
    }

    async fn touch_staff_session(
        &mut self,
        id: StaffSessionId,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if let Some(s) = self.work.staff_sessions.values_mut().find(|s| s.id == id) {
            s.last_seen_at = s.last_seen_at.max(at);
        }
        Ok(())
    }

    async fn end_staff_session(
        &mut self,
        id: StaffSessionId,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if let Some(s) = self.work.staff_sessions.values_mut().find(|s| s.id == id) {
            s.ended_at.get_or_insert(at);
        }
        Ok(())
    }

    async fn end_staff_sessions_of_user(
        &mut self,
        company: CompanyId,
        user: UserId,
        at: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let mut n = 0;
        for s in self.work.staff_sessions.values_mut() {
            if s.company_id == company && s.user_id == user && s.ended_at.is_none() {
                s.ended_at = Some(at);
                n += 1;
            }
        }
        Ok(n)
    }

    async fn api_token_by_hash(
        &mut self,
        hash: &TokenHash,
    ) -> Result<Option<ApiToken>, StoreError> {
        Ok(self.work.api_tokens.get(hash).cloned())
    }

    async fn insert_api_token(&mut self, token: &ApiToken) -> Result<(), StoreError> {
        if self.work.api_tokens.contains_key(&token.token_hash) {
            return Err(StoreError::Conflict("token_hash"));
        }
        if self
            .work
            .staff
            .get(&token.user_id)
            .is_none_or(|u| u.company_id != token.company_id)
        {
            return Err(missing("staff user"));
        }
        self.work.api_tokens.insert(token.token_hash, token.clone());
        Ok(())
    }

    async fn touch_api_token(
        &mut self,
        id: ApiTokenId,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if let Some(t) = self.work.api_tokens.values_mut().find(|t| t.id == id) {
            t.last_used_at = Some(t.last_used_at.map_or(at, |l| l.max(at)));
        }
        Ok(())
    }

    async fn revoke_api_token(
        &mut self,
        company: CompanyId,
        id: ApiTokenId,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        match self
            .work
            .api_tokens
            .values_mut()
            .find(|t| t.id == id && t.company_id == company)
        {
            Some(t) => {
                t.revoked_at.get_or_insert(at);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    async fn throttle_hit(
        &mut self,
        key: &str,
        window_start: DateTime<Utc>,
        window_end: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let slot = self
            .work
            .throttle
            .entry((key.to_owned(), window_start))
            .or_insert((0, window_end));
        slot.0 += 1;
        Ok(slot.0)
    }

    async fn ensure_secret(
        &mut self,
        name: &str,
        candidate: &[u8; 32],
    ) -> Result<Vec<u8>, StoreError> {
        Ok(self
            .work
            .secrets
            .entry(name.to_owned())
            .or_insert_with(|| candidate.to_vec())
            .clone())
    }

    async fn purge_throttle(&mut self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let before = self.work.throttle.len();
        self.work.throttle.retain(|_, (_, end)| *end > now);
        Ok((before - self.work.throttle.len()) as u64)
    }

    async fn ticket_for_update(
        &mut self,
        company: CompanyId,
        id: TicketId,
    ) -> Result<Option<Ticket>, StoreError> {
        Ok(scoped(self.work.tickets.get(&id), company, |t| t.company_id).cloned())
    }

    async fn insert_ticket(&mut self, ticket: &Ticket) -> Result<(), StoreError> {
        self.work.tickets.insert(ticket.id, ticket.clone());
        Ok(())
    }

    async fn update_ticket(&mut self, ticket: &Ticket) -> Result<(), StoreError> {
        let slot = self
            .work
            .tickets
            .get_mut(&ticket.id)
            .filter(|t| t.company_id == ticket.company_id)
            .ok_or(missing("ticket"))?;
        *slot = ticket.clone();
        Ok(())
    }

    async fn insert_ticket_message(&mut self, message: &TicketMessage) -> Result<(), StoreError> {
        self.work.messages.push(message.clone());
        Ok(())
    }

    async fn record_webhook_event(
        &mut self,
        provider: &str,
        event_id: &str,
        _at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if !self
            .work
            .webhook_events
            .insert((provider.to_owned(), event_id.to_owned()))
        {
            return Err(StoreError::Conflict("webhook_event"));
        }
        Ok(())
    }

    async fn insert_payment_review(&mut self, review: &PaymentReview) -> Result<(), StoreError> {
        if !self.work.companies.contains_key(&review.company_id) {
            return Err(missing("company"));
        }
        self.work.reviews.push(review.clone());
        Ok(())
    }

    async fn enqueue_email(&mut self, email: &OutboxEmail) -> Result<(), StoreError> {
        self.work.outbox.push(email.clone());
        Ok(())
    }

    async fn log_activity(&mut self, activity: &Activity) -> Result<(), StoreError> {
        self.work.activities.push(activity.clone());
        Ok(())
    }
}
