//! Read-side use cases: the 360° dashboard, document history, lists.

use serde::{Deserialize, Serialize};

use super::{Crm, Ctx, Entity, Error, PortalCtx};
use crate::domain::{
    Activity, Client, ClientId, ClientMetrics, Currency, DocumentSummary, HistoryCursor,
    HistoryFilter, Invoice, InvoiceId, MonthFigures, Page, Payment, Quote, QuoteId, Standing,
    Ticket, TicketId, TicketMessage, ValidationErrors, ValueError, monthly_figures, standing,
};
use crate::ports::{ClientQuery, ClientSummary, TicketQuery};

/// The headline of a client's 360° view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    /// The client.
    pub client: Client,
    /// Total invoiced, total paid, outstanding.
    pub metrics: ClientMetrics,
    /// Currency of the figures.
    pub currency: Currency,
    /// The newest documents.
    pub recent: Vec<DocumentSummary>,
    /// Invoiced vs paid per calendar month, the last 12 months, oldest first.
    pub monthly: Vec<MonthFigures>,
    /// Overdue amount, days to pay: is the client in good standing?
    pub standing: Standing,
}

/// Largest page size.
pub const MAX_PAGE: u32 = 200;

fn page_size(limit: u32) -> u32 {
    limit.clamp(1, MAX_PAGE)
}

impl Crm {
    /// A client.
    pub async fn client(&self, ctx: &Ctx, id: ClientId) -> Result<Client, Error> {
        self.store
            .client(ctx.company, id)
            .await?
            .ok_or(Error::NotFound(Entity::Client))
    }

    /// A page of clients with their metrics, ordered by name.
    pub async fn list_clients(
        &self,
        ctx: &Ctx,
        mut query: ClientQuery,
    ) -> Result<Vec<ClientSummary>, Error> {
        query.limit = page_size(query.limit);
        Ok(self.store.list_clients(ctx.company, &query).await?)
    }

    /// The client's 360° headline: metrics (maintained, one row read), recent documents, the
    /// last 12 months invoiced vs paid and the standing indicator. The last two are computed
    /// from the client's documents on each call (staff views only; a client with 1,000
    /// invoices costs a few milliseconds), so they cannot drift.
    pub async fn dashboard(&self, ctx: &Ctx, id: ClientId) -> Result<Dashboard, Error> {
        let client = self.client(ctx, id).await?;
        let metrics = self
            .store
            .client_metrics(ctx.company, id)
            .await?
            .ok_or(Error::NotFound(Entity::Client))?;
        let recent = self
            .store
            .document_history(
                ctx.company,
                Some(id),
                &HistoryFilter::default(),
                self.clock.today(),
                None,
                10,
            )
            .await?;
        let invoices = self.store.invoices_of_client(ctx.company, id).await?;
        let payments = self.store.payments_of_client(ctx.company, id).await?;
        let refunds = self.store.refunds_of_client(ctx.company, id).await?;
        let today = self.clock.today();
        Ok(Dashboard {
            currency: client.currency,
            client,
            metrics,
            recent,
            monthly: monthly_figures(&invoices, &payments, &refunds, today, 12),
            standing: standing(&invoices, &payments, today),
        })
    }

    /// One page of a client's documents, newest first. `cursor` is the `next` of the previous
    /// page.
    pub async fn document_history(
        &self,
        ctx: &Ctx,
        client: ClientId,
        filter: &HistoryFilter,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<Page<DocumentSummary>, Error> {
        self.client(ctx, client).await?;
        self.history_page(ctx.company, Some(client), filter, cursor, limit)
            .await
    }

    /// One page of the company's invoices, newest first, optionally of one client, filtered
    /// by status (including the derived `overdue`) and issue dates.
    pub async fn list_invoices(
        &self,
        ctx: &Ctx,
        client: Option<ClientId>,
        filter: &HistoryFilter,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<Page<DocumentSummary>, Error> {
        if let Some(client) = client {
            self.client(ctx, client).await?;
        }
        let filter = HistoryFilter {
            kind: Some(crate::domain::DocumentKind::Invoice),
            ..filter.clone()
        };
        self.history_page(ctx.company, client, &filter, cursor, limit)
            .await
    }

    /// The signed-in client's documents (drafts excluded).
    pub async fn portal_documents(
        &self,
        portal: &PortalCtx,
        filter: &HistoryFilter,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<Page<DocumentSummary>, Error> {
        let filter = HistoryFilter {
            issued_only: true,
            ..filter.clone()
        };
        self.history_page(portal.company, Some(portal.client), &filter, cursor, limit)
            .await
    }

    async fn history_page(
        &self,
        company: crate::domain::CompanyId,
        client: Option<ClientId>,
        filter: &HistoryFilter,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<Page<DocumentSummary>, Error> {
        if let Some(status) = &filter.status {
            let known = [
                "draft",
                "sent",
                "partial",
                "paid",
                "cancelled",
                "overdue",
                "approved",
                "rejected",
                "expired",
                crate::domain::history::CORRECTION_STATUS,
            ];
            if !known.contains(&status.as_str()) {
                return Err(ValidationErrors::single(
                    "status",
                    ValueError::new("status.unknown").arg("status", status.as_str()),
                )
                .into());
            }
        }
        let after = match cursor {
            Some(c) => Some(HistoryCursor::decode(c).ok_or_else(|| {
                ValidationErrors::single("cursor", ValueError::new("cursor.invalid"))
            })?),
            None => None,
        };
        let limit = page_size(limit);
        let mut items = self
            .store
            .document_history(
                company,
                client,
                filter,
                self.clock.today(),
                after,
                limit + 1,
            )
            .await?;
        let next = if items.len() > limit as usize {
            items.truncate(limit as usize);
            items.last().map(|last| HistoryCursor::after(last).encode())
        } else {
            None
        };
        Ok(Page { items, next })
    }

    /// A payment.
    pub async fn payment(
        &self,
        ctx: &Ctx,
        id: crate::domain::PaymentId,
    ) -> Result<crate::domain::Payment, Error> {
        self.store
            .payment(ctx.company, id)
            .await?
            .ok_or(Error::NotFound(Entity::Payment))
    }

    /// An invoice.
    pub async fn invoice(&self, ctx: &Ctx, id: InvoiceId) -> Result<Invoice, Error> {
        self.store
            .invoice(ctx.company, id)
            .await?
            .ok_or(Error::NotFound(Entity::Invoice))
    }

    /// The payments of an invoice of the company, oldest first (refunded sums included in
    /// each payment); [`Error::NotFound`] for another company's or an unknown invoice.
    pub async fn invoice_payments(&self, ctx: &Ctx, id: InvoiceId) -> Result<Vec<Payment>, Error> {
        self.invoice(ctx, id).await?;
        Ok(self.store.payments_of_invoice(ctx.company, id).await?)
    }

    /// A quote.
    pub async fn quote(&self, ctx: &Ctx, id: QuoteId) -> Result<Quote, Error> {
        self.store
            .quote(ctx.company, id)
            .await?
            .ok_or(Error::NotFound(Entity::Quote))
    }

    /// A client's activity log, newest first.
    pub async fn activities(
        &self,
        ctx: &Ctx,
        client: ClientId,
        limit: u32,
    ) -> Result<Vec<Activity>, Error> {
        Ok(self
            .store
            .activities(ctx.company, client, page_size(limit))
            .await?)
    }

    /// Tickets across clients, those awaiting staff first.
    pub async fn tickets(&self, ctx: &Ctx, mut query: TicketQuery) -> Result<Vec<Ticket>, Error> {
        query.limit = page_size(query.limit);
        Ok(self.store.tickets(ctx.company, &query).await?)
    }

    /// A ticket with its thread.
    pub async fn ticket(
        &self,
        ctx: &Ctx,
        id: TicketId,
    ) -> Result<(Ticket, Vec<TicketMessage>), Error> {
        let ticket = self
            .store
            .ticket(ctx.company, id)
            .await?
            .ok_or(Error::NotFound(Entity::Ticket))?;
        let messages = self.store.ticket_messages(ctx.company, id).await?;
        Ok((ticket, messages))
    }

    /// A ticket of the signed-in client with its thread.
    pub async fn portal_ticket(
        &self,
        portal: &PortalCtx,
        id: TicketId,
    ) -> Result<(Ticket, Vec<TicketMessage>), Error> {
        let ticket = self
            .store
            .ticket(portal.company, id)
            .await?
            .filter(|t| t.client_id == portal.client)
            .ok_or(Error::NotFound(Entity::Ticket))?;
        let messages = self.store.ticket_messages(portal.company, id).await?;
        Ok((ticket, messages))
    }

    /// Recomputes a client's metrics from its documents and payments (the reference the
    /// maintained figures must equal; used by checks and repair tools).
    pub async fn recompute_metrics(
        &self,
        ctx: &Ctx,
        client: ClientId,
    ) -> Result<ClientMetrics, Error> {
        let invoices = self.store.invoices_of_client(ctx.company, client).await?;
        let payments = self.store.payments_of_client(ctx.company, client).await?;
        let refunds = self.store.refunds_of_client(ctx.company, client).await?;
        Ok(ClientMetrics::recompute(&invoices, &payments, &refunds))
    }
}
