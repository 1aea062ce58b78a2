//! Read-side use cases of the client portal, each scoped to the signed-in client
//! ([`PortalCtx`]): the statement page, the statement PDF's data, the documents' parties and
//! the client's tickets.

use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;

use super::{Crm, Entity, Error, PortalCtx};
use crate::domain::{
    Aging, Client, ClientMetrics, Company, Currency, DocumentKind, DocumentSummary, Ticket,
};
use crate::ports::{ClientSummary, StatementData, StatementView, TicketQuery};

/// What the portal's statement page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalStatement {
    /// The company (name for the greeting, bank details).
    pub company: Company,
    /// The client.
    pub client: Client,
    /// Name of the signed-in contact.
    pub contact_name: String,
    /// Currency of all figures.
    pub currency: Currency,
    /// Total invoiced, total paid, outstanding (the maintained figures).
    pub metrics: ClientMetrics,
    /// The day the figures are computed for (overdue, aging).
    pub today: NaiveDate,
    /// The first open invoices (sent, partly paid, processing), oldest due date first.
    pub open: Vec<DocumentSummary>,
    /// How many invoices are open in all.
    pub open_count: usize,
    /// How many open invoices are overdue.
    pub overdue_count: usize,
    /// Sum of their balances.
    pub overdue_total: Decimal,
    /// Open balances by days past due.
    pub aging: Aging,
    /// The most recently paid invoices, newest first.
    pub paid: Vec<DocumentSummary>,
}

/// Whether an open invoice's summary is overdue at `today` (the rule of
/// [`crate::domain::Invoice::is_overdue`]: a payment in progress is not overdue).
pub fn summary_is_overdue(s: &DocumentSummary, today: NaiveDate) -> bool {
    s.kind == DocumentKind::Invoice
        && matches!(s.status.as_str(), "sent" | "partial")
        && s.balance > Decimal::ZERO
        && s.due_date.is_some_and(|d| d < today)
}

/// The most corrections a statement lists (a period with more is not a statement any more).
const STATEMENT_CORRECTIONS: u32 = 1000;

impl Crm {
    /// The statement of the signed-in client: metrics, the first `open_limit` open invoices,
    /// overdue count and total, aging over all open invoices, and the last `paid_limit` paid
    /// invoices — one [`crate::ports::DocumentStore::statement_view`] read, in which the store
    /// aggregates the open figures, so the page reads a handful of small results however many
    /// invoices the client has.
    pub async fn portal_statement(
        &self,
        portal: &PortalCtx,
        open_limit: usize,
        paid_limit: u32,
    ) -> Result<PortalStatement, Error> {
        let today = self.clock.today();
        // One read of the store (the page's hot path).
        let StatementView {
            company,
            client: ClientSummary { client, metrics },
            open: overview,
            paid,
        } = self
            .store
            .statement_view(
                portal.company,
                portal.client,
                today,
                u32::try_from(open_limit).unwrap_or(u32::MAX),
                paid_limit,
            )
            .await?
            .ok_or(Error::NotFound(Entity::Client))?;
        let contact_name = client
            .contact(portal.contact)
            .ok_or(Error::NotFound(Entity::Contact))?
            .name
            .clone();
        Ok(PortalStatement {
            currency: client.currency,
            company,
            client,
            contact_name,
            metrics,
            today,
            open: overview.first_open,
            open_count: overview.open_count,
            overdue_count: overview.overdue_count,
            overdue_total: overview.overdue_total,
            aging: overview.aging,
            paid,
        })
    }

    /// The data of the signed-in client's statement PDF for `from`..=today (default: the last
    /// twelve months): the period's issued invoices plus every invoice still open, and the
    /// period's payments.
    pub async fn portal_statement_data(
        &self,
        portal: &PortalCtx,
        from: Option<NaiveDate>,
    ) -> Result<StatementData, Error> {
        let (company, client) = self.portal_parties(portal).await?;
        let to = self.clock.today();
        let from = from
            .filter(|f| *f <= to)
            .unwrap_or_else(|| to.checked_sub_months(Months::new(12)).unwrap_or(to));
        let invoices = self
            .store
            .invoices_of_client(portal.company, portal.client)
            .await?
            .into_iter()
            .filter(|i| {
                i.status != crate::domain::InvoiceStatus::Draft
                    && (i.status.is_open() || i.issue_date.is_some_and(|d| d >= from && d <= to))
            })
            .collect();
        let payments = self
            .store
            .payments_of_client(portal.company, portal.client)
            .await?
            .into_iter()
            .filter(|p| p.date >= from && p.date <= to)
            .collect();
        // Status `issued` selects exactly the corrections (invoices and quotes never have it).
        let filter = crate::domain::HistoryFilter {
            status: Some(crate::domain::history::CORRECTION_STATUS.into()),
            from: Some(from),
            to: Some(to),
            issued_only: true,
            ..Default::default()
        };
        let mut corrections = self
            .store
            .document_history(
                portal.company,
                Some(portal.client),
                &filter,
                to,
                None,
                STATEMENT_CORRECTIONS,
            )
            .await?;
        corrections.reverse();
        Ok(StatementData {
            company,
            client,
            from,
            to,
            invoices,
            payments,
            corrections,
        })
    }

    /// The company and the client of the signed-in contact (what documents are rendered
    /// with).
    pub async fn portal_parties(&self, portal: &PortalCtx) -> Result<(Company, Client), Error> {
        let company = self
            .store
            .company(portal.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        let client = self
            .store
            .client(portal.company, portal.client)
            .await?
            .ok_or(Error::NotFound(Entity::Client))?;
        Ok((company, client))
    }

    /// The signed-in client's tickets: those waiting on the client first, then by last
    /// message, newest first.
    pub async fn portal_tickets(
        &self,
        portal: &PortalCtx,
        limit: u32,
    ) -> Result<Vec<Ticket>, Error> {
        let query = TicketQuery {
            status: None,
            client_id: Some(portal.client),
            limit: limit.clamp(1, super::queries::MAX_PAGE),
        };
        let mut tickets = self.store.tickets(portal.company, &query).await?;
        tickets.retain(|t| t.client_id == portal.client);
        Ok(tickets)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::Duration;

    use super::*;
    use crate::domain::{InvoiceStatus, PaymentMethod};
    use crate::service::PaymentInput;
    use crate::testing::conformance::d;
    use crate::testing::{Fixture, MemoryStore};

    fn portal_of(client: &Client) -> PortalCtx {
        PortalCtx {
            company: client.company_id,
            client: client.id,
            contact: client.primary_contact().expect("primary").id,
            confirmed: true,
        }
    }

    #[tokio::test]
    async fn statement_sums_open_overdue_aging_and_paid() {
        let f = Fixture::new(Arc::new(MemoryStore::new()));
        let (_, ctx) = f.company("Muster GmbH").await;
        let alpha = f.client(&ctx, "Alpha").await;
        let beta = f.client(&ctx, "Beta").await;
        // Issued 2026-11-27, due 14 days later.
        let a1 = f.issued_invoice(&ctx, &alpha, "100").await; // 119.00
        let a2 = f.issued_invoice(&ctx, &alpha, "200").await; // 238.00
        let a3 = f.issued_invoice(&ctx, &alpha, "50").await; // 59.50, paid below
        f.issued_invoice(&ctx, &beta, "999").await; // another client's
        f.crm
            .record_payment(
                &ctx,
                a3.id,
                &PaymentInput {
                    amount: d("59.50"),
                    currency: None,
                    date: None,
                    method: PaymentMethod::BankTransfer,
                    reference: Some("T-1".into()),
                    send_receipt: false,
                },
            )
            .await
            .expect("payment");
        // 40 days later a1 and a2 are 26 days overdue.
        f.clock.advance(Duration::days(40));
        let s = f
            .crm
            .portal_statement(&portal_of(&alpha), 1, 10)
            .await
            .expect("statement");
        assert_eq!(s.metrics.outstanding, d("357.00"));
        assert_eq!(s.open_count, 2);
        assert_eq!(s.open.len(), 1, "limited to the first");
        assert_eq!(s.overdue_count, 2);
        assert_eq!(s.overdue_total, d("357.00"));
        assert_eq!(s.aging.days_0_30, d("357.00"));
        assert_eq!(s.aging.total(), s.metrics.outstanding);
        assert_eq!(s.paid.len(), 1);
        assert_eq!(s.paid[0].id, a3.id.as_uuid());
        assert_eq!(s.contact_name, alpha.primary_contact().expect("p").name);
        let ids: Vec<_> = [a1.id, a2.id].iter().map(|i| i.as_uuid()).collect();
        assert!(ids.contains(&s.open[0].id));
        // Beyond 30 days past due the balances move buckets.
        f.clock.advance(Duration::days(20));
        let s = f
            .crm
            .portal_statement(&portal_of(&alpha), 10, 10)
            .await
            .expect("statement");
        assert_eq!(s.aging.days_31_60, d("357.00"));
        // Beta's portal sees only Beta's figures.
        let b = f
            .crm
            .portal_statement(&portal_of(&beta), 10, 10)
            .await
            .expect("statement");
        assert_eq!(b.open_count, 1);
        assert!(b.open.iter().all(|o| !ids.contains(&o.id)));
    }

    #[tokio::test]
    async fn statement_data_has_open_and_period_invoices_only_of_this_client() {
        let f = Fixture::new(Arc::new(MemoryStore::new()));
        let (_, ctx) = f.company("Muster GmbH").await;
        let alpha = f.client(&ctx, "Alpha").await;
        let beta = f.client(&ctx, "Beta").await;
        let inv = f.issued_invoice(&ctx, &alpha, "100").await;
        f.issued_invoice(&ctx, &beta, "100").await;
        let draft = f
            .crm
            .create_invoice(
                &ctx,
                &crate::testing::conformance::invoice_input(alpha.id, "5"),
            )
            .await
            .expect("draft");
        let data = f
            .crm
            .portal_statement_data(&portal_of(&alpha), None)
            .await
            .expect("data");
        assert_eq!(data.client.id, alpha.id);
        assert_eq!(data.invoices.len(), 1);
        assert_eq!(data.invoices[0].id, inv.id);
        assert!(
            data.invoices
                .iter()
                .all(|i| i.id != draft.id && i.status != InvoiceStatus::Draft)
        );
        assert!(data.from < data.to);
    }

    #[tokio::test]
    async fn tickets_are_the_clients_own() {
        let f = Fixture::new(Arc::new(MemoryStore::new()));
        let (_, ctx) = f.company("Muster GmbH").await;
        let alpha = f.client(&ctx, "Alpha").await;
        let beta = f.client(&ctx, "Beta").await;
        let t = f
            .crm
            .open_ticket(&portal_of(&alpha), "Frage", "Hallo")
            .await
            .expect("ticket");
        f.crm
            .open_ticket(&portal_of(&beta), "Other", "Hi")
            .await
            .expect("ticket");
        let mine = f
            .crm
            .portal_tickets(&portal_of(&alpha), 50)
            .await
            .expect("list");
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0].id, t.id);
    }
}
