//! The documents area of the memory store.

use super::*;
use crate::domain::{Correction, CorrectionId, InvoiceStatus, Reminder, ReminderId};
use crate::ports::DunningCandidate;

#[async_trait]
impl DocumentStore for MemoryStore {
    // The memory store has nothing to save by reading the parts together.
    async fn statement_view(
        &self,
        company: CompanyId,
        client: ClientId,
        today: NaiveDate,
        open_limit: u32,
        paid_limit: u32,
    ) -> Result<Option<StatementView>, StoreError> {
        let Some(company_row) = CompanyStore::company(self, company).await? else {
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
                Some(client),
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

    async fn document_history(
        &self,
        company: CompanyId,
        client: Option<ClientId>,
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
                    client_id: i.client_id,
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

    async fn correction(
        &self,
        company: CompanyId,
        id: CorrectionId,
    ) -> Result<Option<Correction>, StoreError> {
        let s = self.state.lock().await;
        Ok(s.corrections
            .iter()
            .find(|c| c.id == id && c.company_id == company)
            .cloned())
    }

    async fn corrections_of_invoice(
        &self,
        company: CompanyId,
        invoice: InvoiceId,
    ) -> Result<Vec<Correction>, StoreError> {
        Ok(self.state.lock().await.corrections_of(company, invoice))
    }

    async fn reminder(
        &self,
        company: CompanyId,
        id: ReminderId,
    ) -> Result<Option<Reminder>, StoreError> {
        let s = self.state.lock().await;
        Ok(s.reminders
            .iter()
            .find(|r| r.id == id && r.company_id == company)
            .cloned())
    }

    async fn reminders_of_client(
        &self,
        company: CompanyId,
        client: ClientId,
    ) -> Result<Vec<Reminder>, StoreError> {
        let s = self.state.lock().await;
        let mut v: Vec<Reminder> = s
            .reminders
            .iter()
            .filter(|r| r.company_id == company && r.client_id == client)
            .cloned()
            .collect();
        v.sort_by_key(|r| std::cmp::Reverse((r.created_at, r.id)));
        Ok(v)
    }

    async fn dunning_candidates(
        &self,
        company: CompanyId,
        due_before: NaiveDate,
    ) -> Result<Vec<DunningCandidate>, StoreError> {
        let s = self.state.lock().await;
        let mut v: Vec<DunningCandidate> = s
            .invoices
            .values()
            .filter(|i| {
                i.company_id == company
                    && matches!(i.status, InvoiceStatus::Sent | InvoiceStatus::Partial)
                    && i.balance > rust_decimal::Decimal::ZERO
            })
            .filter_map(|i| {
                let due = i.due_date.filter(|d| *d < due_before)?;
                Some(DunningCandidate {
                    invoice_id: i.id,
                    client_id: i.client_id,
                    due_date: due,
                    dunning: i.dunning,
                })
            })
            .collect();
        v.sort_by_key(|c| (c.due_date, c.invoice_id));
        Ok(v)
    }
}

impl State {
    fn corrections_of(&self, company: CompanyId, invoice: InvoiceId) -> Vec<Correction> {
        let mut v: Vec<Correction> = self
            .corrections
            .iter()
            .filter(|c| c.company_id == company && c.corrects.id == invoice)
            .cloned()
            .collect();
        v.sort_by_key(|c| (c.created_at, c.id));
        v
    }
}

#[async_trait]
impl DocumentTx for MemoryTx {
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

    async fn latest_invoice_issue_date(
        &mut self,
        company: CompanyId,
    ) -> Result<Option<NaiveDate>, StoreError> {
        Ok(self
            .work
            .invoices
            .values()
            .filter(|i| i.company_id == company && i.number.is_some())
            .filter_map(|i| i.issue_date)
            .max())
    }

    async fn invoice_corrections(
        &mut self,
        company: CompanyId,
        invoice: InvoiceId,
    ) -> Result<Vec<Correction>, StoreError> {
        Ok(self.work.corrections_of(company, invoice))
    }

    async fn insert_correction(&mut self, correction: &Correction) -> Result<(), StoreError> {
        if self.work.corrections.iter().any(|c| {
            c.company_id == correction.company_id
                && (c.id == correction.id || c.number == correction.number)
        }) {
            return Err(StoreError::Conflict("correction number"));
        }
        self.work.corrections.push(correction.clone());
        Ok(())
    }

    async fn insert_reminder(&mut self, reminder: &Reminder) -> Result<(), StoreError> {
        let dunned = self.work.reminders.iter().any(|r| {
            r.items.iter().any(|old| {
                reminder
                    .items
                    .iter()
                    .any(|new| new.invoice_id == old.invoice_id && new.level == old.level)
            })
        });
        if dunned {
            return Err(StoreError::Conflict("reminder_item"));
        }
        if self.work.reminders.iter().any(|r| {
            r.company_id == reminder.company_id
                && (r.id == reminder.id || r.number == reminder.number)
        }) {
            return Err(StoreError::Conflict("reminder_number"));
        }
        self.work.reminders.push(reminder.clone());
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
}
