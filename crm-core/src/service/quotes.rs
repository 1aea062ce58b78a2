//! Quotes: create, edit a draft, send, approve, reject (staff or portal), convert.

use super::documents::{QuoteInput, active_client, resolve_treatment, validate_draft};
use super::{Crm, Ctx, Entity, Error, PortalCtx};
use crate::domain::validation::multiline_text;
use crate::domain::{
    ActivityKind, Actor, Attachment, BillTo, Invoice, InvoiceId, InvoiceStatus, NumberFormat,
    Quote, QuoteId, QuoteStatus, TemplateKind, Totals,
};
use crate::ports::Sequence;
use crate::render::format;

impl Crm {
    /// Creates a quote draft for an active client.
    pub async fn create_quote(&self, ctx: &Ctx, input: &QuoteInput) -> Result<Quote, Error> {
        let mut tx = self.store.begin().await?;
        let client = active_client(&mut *tx, ctx, input.client_id).await?;
        let draft = validate_draft(&client, &input.items, input.notes.as_deref(), None, None)?;
        let now = self.clock.now();
        let quote = Quote {
            id: QuoteId::new(),
            company_id: ctx.company,
            client_id: client.id,
            number: None,
            status: QuoteStatus::Draft,
            currency: client.currency,
            totals: Totals::compute(&draft.lines, client.currency),
            lines: draft.lines,
            issue_date: None,
            valid_until: input.valid_until,
            bill_to: None,
            notes: draft.notes,
            rejection_reason: None,
            invoice_id: None,
            viewed_at: None,
            created_at: now,
            updated_at: now,
        };
        tx.insert_quote(&quote).await?;
        self.log(&mut *tx, ctx, client.id, ActivityKind::QuoteCreated, None)
            .await?;
        tx.commit().await?;
        Ok(quote)
    }

    /// Replaces a draft quote's lines, validity and notes (the client stays; only drafts).
    pub async fn update_quote(
        &self,
        ctx: &Ctx,
        id: QuoteId,
        input: &QuoteInput,
    ) -> Result<Quote, Error> {
        let mut tx = self.store.begin().await?;
        let mut quote = tx
            .quote_for_update(ctx.company, id)
            .await?
            .ok_or(Error::NotFound(Entity::Quote))?;
        if input.client_id != quote.client_id {
            return Err(Error::NotFound(Entity::Client));
        }
        let client = active_client(&mut *tx, ctx, quote.client_id).await?;
        let draft = validate_draft(&client, &input.items, input.notes.as_deref(), None, None)?;
        quote.set_lines(draft.lines)?;
        quote.valid_until = input.valid_until;
        quote.notes = draft.notes;
        quote.updated_at = self.clock.now();
        tx.update_quote(&quote).await?;
        self.log(&mut *tx, ctx, client.id, ActivityKind::QuoteUpdated, None)
            .await?;
        tx.commit().await?;
        Ok(quote)
    }

    /// Sends a quote: number, dates, bill-to snapshot, and the email to the primary contact.
    pub async fn send_quote(&self, ctx: &Ctx, id: QuoteId) -> Result<Quote, Error> {
        let mut tx = self.store.begin().await?;
        let company = tx
            .company(ctx.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        let mut quote = tx
            .quote_for_update(ctx.company, id)
            .await?
            .ok_or(Error::NotFound(Entity::Quote))?;
        let client = tx
            .client_for_update(ctx.company, quote.client_id)
            .await?
            .ok_or(Error::NotFound(Entity::Client))?;
        if quote.status == QuoteStatus::Draft {
            if client.archived {
                return Err(Error::ClientArchived);
            }
            let today = self.clock.today();
            let format = NumberFormat::stored(&company.settings.quote_prefix);
            let period = format.period(today, company.settings.yearly_reset);
            let n = tx.next_number(ctx.company, Sequence::Quote, period).await?;
            quote.send(
                format.format(n, today),
                today,
                company.settings.quote_validity_days,
                BillTo::of(&client, company.address.country()),
            )?;
            quote.updated_at = self.clock.now();
            tx.update_quote(&quote).await?;
        } else if quote.status != QuoteStatus::Sent {
            return Err(crate::domain::QuoteError::Transition {
                from: quote.status,
                action: "send",
            }
            .into());
        }
        let l = client.locale;
        let vars = serde_json::json!({ "quote": {
            "number": quote.number,
            "total": format::money(quote.totals.total, quote.currency, l),
            "valid_until": quote.valid_until.map(|d| format::date(d, l)),
        }});
        self.queue_document_email(
            &mut *tx,
            &company,
            &client,
            TemplateKind::Quote,
            vars,
            Some(Attachment::Quote(quote.id)),
            &format!("/quotes/{}", quote.id),
        )
        .await?;
        self.log(
            &mut *tx,
            ctx,
            client.id,
            ActivityKind::QuoteSent,
            quote.number.clone(),
        )
        .await?;
        tx.commit().await?;
        Ok(quote)
    }

    /// Approves a sent quote (staff recording the client's answer).
    pub async fn approve_quote(&self, ctx: &Ctx, id: QuoteId) -> Result<Quote, Error> {
        self.answer_quote(ctx, None, id, None, true).await
    }

    /// Rejects a sent quote, optionally with the client's reason.
    pub async fn reject_quote(
        &self,
        ctx: &Ctx,
        id: QuoteId,
        reason: Option<&str>,
    ) -> Result<Quote, Error> {
        self.answer_quote(ctx, None, id, reason, false).await
    }

    /// The signed-in contact approves a quote of their client (a confirmed session only:
    /// [`PortalCtx::require_confirmed`]).
    pub async fn portal_approve_quote(
        &self,
        portal: &PortalCtx,
        id: QuoteId,
    ) -> Result<Quote, Error> {
        portal.require_confirmed()?;
        let ctx = Ctx::new(portal.company, Actor::Contact { id: portal.contact });
        self.answer_quote(&ctx, Some(portal), id, None, true).await
    }

    /// The signed-in contact rejects a quote of their client (a confirmed session only).
    pub async fn portal_reject_quote(
        &self,
        portal: &PortalCtx,
        id: QuoteId,
        reason: Option<&str>,
    ) -> Result<Quote, Error> {
        portal.require_confirmed()?;
        let ctx = Ctx::new(portal.company, Actor::Contact { id: portal.contact });
        self.answer_quote(&ctx, Some(portal), id, reason, false)
            .await
    }

    async fn answer_quote(
        &self,
        ctx: &Ctx,
        portal: Option<&PortalCtx>,
        id: QuoteId,
        reason: Option<&str>,
        approve: bool,
    ) -> Result<Quote, Error> {
        let reason = multiline_text(reason.unwrap_or_default(), 2_000)
            .map_err(|e| crate::domain::ValidationErrors::single("reason", e))?;
        let mut tx = self.store.begin().await?;
        let mut quote = tx
            .quote_for_update(ctx.company, id)
            .await?
            .filter(|q| portal.is_none_or(|p| p.client == q.client_id))
            .ok_or(Error::NotFound(Entity::Quote))?;
        let today = self.clock.today();
        let kind = if approve {
            quote.approve(today)?;
            ActivityKind::QuoteApproved
        } else {
            quote.reject(today, reason)?;
            ActivityKind::QuoteRejected
        };
        quote.updated_at = self.clock.now();
        tx.update_quote(&quote).await?;
        self.log(&mut *tx, ctx, quote.client_id, kind, quote.number.clone())
            .await?;
        tx.commit().await?;
        Ok(quote)
    }

    /// Converts an approved quote into an invoice draft with the same lines.
    pub async fn convert_quote(&self, ctx: &Ctx, id: QuoteId) -> Result<Invoice, Error> {
        let mut tx = self.store.begin().await?;
        let mut quote = tx
            .quote_for_update(ctx.company, id)
            .await?
            .ok_or(Error::NotFound(Entity::Quote))?;
        let client = active_client(&mut *tx, ctx, quote.client_id).await?;
        if quote.currency != client.currency {
            return Err(Error::CurrencyLocked);
        }
        let company = tx
            .company(ctx.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        let mut lines = quote.lines.clone();
        let treatment = resolve_treatment(&company, &client, None, &mut lines)?;
        let now = self.clock.now();
        let invoice = Invoice {
            id: InvoiceId::new(),
            company_id: ctx.company,
            client_id: client.id,
            number: None,
            status: InvoiceStatus::Draft,
            currency: quote.currency,
            totals: Totals::compute_with(&lines, &treatment, quote.currency),
            lines,
            treatment,
            service_period: None,
            amount_paid: Default::default(),
            balance: Default::default(),
            issue_date: None,
            due_date: None,
            bill_to: None,
            seller: None,
            skonto: None,
            notes: quote.notes.clone(),
            terms: None,
            credited: rust_decimal::Decimal::ZERO,
            cancelled_by: None,
            eur_rate: None,
            dunning: None,
            quote_id: Some(quote.id),
            viewed_at: None,
            created_at: now,
            updated_at: now,
        };
        quote.mark_converted(invoice.id)?;
        quote.updated_at = now;
        tx.insert_invoice(&invoice).await?;
        tx.update_quote(&quote).await?;
        self.log(
            &mut *tx,
            ctx,
            client.id,
            ActivityKind::QuoteConverted,
            quote.number.clone(),
        )
        .await?;
        tx.commit().await?;
        Ok(invoice)
    }

    /// A sent quote of the signed-in client; the first call records it as viewed.
    pub async fn portal_view_quote(&self, portal: &PortalCtx, id: QuoteId) -> Result<Quote, Error> {
        let mut tx = self.store.begin().await?;
        let mut quote = tx
            .quote_for_update(portal.company, id)
            .await?
            .filter(|q| q.client_id == portal.client && q.status != QuoteStatus::Draft)
            .ok_or(Error::NotFound(Entity::Quote))?;
        if quote.viewed_at.is_none() {
            quote.viewed_at = Some(self.clock.now());
            tx.update_quote(&quote).await?;
            let ctx = Ctx::new(portal.company, Actor::Contact { id: portal.contact });
            self.log(
                &mut *tx,
                &ctx,
                portal.client,
                ActivityKind::QuoteViewed,
                quote.number.clone(),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(quote)
    }
}
