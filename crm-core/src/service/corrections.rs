//! Corrections of issued invoices: the cancellation invoice that replaces today's status-only
//! cancel, and the corrective credit (`domain::correction` has the rules). Each is one
//! transaction: the number from its own range, the document with its frozen PDF, the change to
//! the invoice and the client's metrics, the activity — or nothing.

use serde::{Deserialize, Serialize};

use super::{Crm, Ctx, Entity, Error, InvoicePdf, PortalCtx};
use crate::domain::correction::{check_credit, refund_due_after};
use crate::domain::money::validate_lines;
use crate::domain::validation::{Collector, multiline_text};
use crate::domain::{
    ActivityKind, Attachment, BillTo, ClientMetrics, CorrectedInvoice, Correction, CorrectionId,
    CorrectionKind, Invoice, InvoiceId, InvoiceStatus, LineItem, LineItemInput, NumberFormat,
    Seller, TemplateKind, Totals, ValidationErrors,
};
use crate::ports::{Sequence, StoreTx};
use crate::render::format;

/// Longest reason printed on a correction.
const MAX_REASON: usize = 2000;

/// A corrective credit as staff enter it: the lines to take back, with positive quantities
/// and prices (they are negated on the document), and why.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreditInput {
    /// What is credited, at rates the invoice has.
    pub items: Vec<LineItemInput>,
    /// Why (printed).
    #[serde(default)]
    pub reason: Option<String>,
}

/// Why an invoice is cancelled, printed on the cancellation invoice (optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancelInput {
    /// Why (printed).
    #[serde(default)]
    pub reason: Option<String>,
}

fn reason(input: Option<&str>) -> Result<Option<String>, Error> {
    let mut c = Collector::new();
    let r = c.check("reason", multiline_text(input.unwrap_or(""), MAX_REASON));
    c.finish()?;
    Ok(r.flatten())
}

impl Crm {
    /// Cancels an invoice. A draft (never a legal document) is just marked cancelled; an
    /// issued invoice gets a cancellation invoice that negates it, from the cancellation range,
    /// and is marked cancelled by it. Money paid on it stays recorded as the amount to refund.
    pub async fn cancel_invoice(&self, ctx: &Ctx, id: InvoiceId) -> Result<Invoice, Error> {
        self.cancel_invoice_with(ctx, id, &CancelInput::default())
            .await
            .map(|(invoice, _)| invoice)
    }

    /// [`Crm::cancel_invoice`] with a reason; returns the invoice and, for an issued one, its
    /// cancellation invoice.
    pub async fn cancel_invoice_with(
        &self,
        ctx: &Ctx,
        id: InvoiceId,
        input: &CancelInput,
    ) -> Result<(Invoice, Option<Correction>), Error> {
        let why = reason(input.reason.as_deref())?;
        let mut tx = self.store.begin().await?;
        let mut invoice = tx
            .invoice_for_update(ctx.company, id)
            .await?
            .ok_or(Error::NotFound(Entity::Invoice))?;
        let before = invoice.clone();
        if invoice.status == InvoiceStatus::Draft {
            invoice.cancel()?;
            invoice.updated_at = self.clock.now();
            tx.update_invoice(&invoice).await?;
            self.log(
                &mut *tx,
                ctx,
                invoice.client_id,
                ActivityKind::InvoiceCancelled,
                None,
            )
            .await?;
            tx.commit().await?;
            return Ok((invoice, None));
        }
        invoice.check_cancellable()?;
        let lines: Vec<LineItem> = invoice.lines.iter().map(LineItem::negated).collect();
        let totals = Totals::compute_with(&lines, &invoice.treatment, invoice.currency);
        // Everything paid on it, fees and interest included: the claim they were on is gone.
        let refund_due = invoice.amount_paid + invoice.costs().paid();
        let correction = self
            .new_correction(
                &mut *tx,
                ctx,
                &invoice,
                CorrectionKind::Cancellation,
                (lines, totals),
                (why, refund_due),
            )
            .await?;
        invoice.cancel_by(correction.reference())?;
        self.finish_correction(&mut *tx, ctx, &before, &mut invoice, &correction)
            .await?;
        tx.commit().await?;
        Ok((invoice, Some(correction)))
    }

    /// Issues a corrective credit against an issued invoice: the lines negated, at rates the
    /// invoice has, not beyond what it still asks for. Lowers its balance; what was paid
    /// beyond the new amount is the refund due, printed on the credit.
    pub async fn credit_invoice(
        &self,
        ctx: &Ctx,
        id: InvoiceId,
        input: &CreditInput,
    ) -> Result<(Invoice, Correction), Error> {
        let why = reason(input.reason.as_deref())?;
        let mut tx = self.store.begin().await?;
        let mut invoice = tx
            .invoice_for_update(ctx.company, id)
            .await?
            .ok_or(Error::NotFound(Entity::Invoice))?;
        let before = invoice.clone();
        let positive = validate_lines(&input.items, invoice.currency)?;
        let credit_totals = Totals::compute_with(&positive, &invoice.treatment, invoice.currency);
        invoice.check_creditable(rust_decimal::Decimal::ZERO)?;
        let earlier = tx.invoice_corrections(ctx.company, id).await?;
        check_credit(&invoice, &earlier, &positive, &credit_totals)?;
        let lines: Vec<LineItem> = positive.iter().map(LineItem::negated).collect();
        let totals = Totals::compute_with(&lines, &invoice.treatment, invoice.currency);
        let refund_due = refund_due_after(&invoice, credit_totals.total);
        let correction = self
            .new_correction(
                &mut *tx,
                ctx,
                &invoice,
                CorrectionKind::Credit,
                (lines, totals),
                (why, refund_due),
            )
            .await?;
        invoice.apply_credit(correction.amount())?;
        self.finish_correction(&mut *tx, ctx, &before, &mut invoice, &correction)
            .await?;
        tx.commit().await?;
        Ok((invoice, correction))
    }

    /// A new correction of `invoice`, numbered from its kind's range, dated today, with the
    /// seller as it is now and the invoice's recipient.
    async fn new_correction(
        &self,
        tx: &mut dyn StoreTx,
        ctx: &Ctx,
        invoice: &Invoice,
        kind: CorrectionKind,
        (lines, totals): (Vec<LineItem>, Totals),
        (reason, refund_due): (Option<String>, rust_decimal::Decimal),
    ) -> Result<Correction, Error> {
        let company = tx
            .company(ctx.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        let (Some(number), Some(issue_date)) = (invoice.number.clone(), invoice.issue_date) else {
            return Err(Error::Invalid(ValidationErrors::single(
                "invoice",
                crate::domain::ValueError::new("correction.not_issued"),
            )));
        };
        let bill_to = match &invoice.bill_to {
            Some(b) => b.clone(),
            None => {
                let client = tx
                    .client_for_update(ctx.company, invoice.client_id)
                    .await?
                    .ok_or(Error::NotFound(Entity::Client))?;
                BillTo::of(&client, company.address.country())
            }
        };
        let today = self.clock.today();
        let (format, sequence) = match kind {
            CorrectionKind::Cancellation => (
                &company.settings.cancellation_prefix,
                Sequence::Cancellation,
            ),
            CorrectionKind::Credit => (&company.settings.credit_prefix, Sequence::Credit),
        };
        let format = NumberFormat::stored(format);
        let period = format.period(today, company.settings.yearly_reset);
        let n = tx.next_number(ctx.company, sequence, period).await?;
        Ok(Correction {
            id: CorrectionId::new(),
            company_id: ctx.company,
            client_id: invoice.client_id,
            kind,
            number: format.format(n, today),
            issue_date: today,
            currency: invoice.currency,
            corrects: CorrectedInvoice {
                id: invoice.id,
                number,
                issue_date,
            },
            lines,
            treatment: invoice.treatment.clone(),
            totals,
            service_period: invoice.service_period,
            eur_rate: invoice.eur_rate,
            reason,
            refund_due,
            seller: Seller::of(&company),
            bill_to,
            created_at: self.clock.now(),
        })
    }

    /// Writes a correction and what it did: the document and its frozen PDF, the invoice,
    /// the metrics delta, the activity.
    async fn finish_correction(
        &self,
        tx: &mut dyn StoreTx,
        ctx: &Ctx,
        before: &Invoice,
        invoice: &mut Invoice,
        correction: &Correction,
    ) -> Result<(), Error> {
        invoice.updated_at = correction.created_at;
        tx.insert_correction(correction).await?;
        tx.update_invoice(invoice).await?;
        self.files()
            .freeze_correction_in(tx, correction, correction.created_at)
            .await?;
        tx.add_client_metrics(
            ctx.company,
            invoice.client_id,
            &ClientMetrics::delta(Some(before), invoice),
        )
        .await?;
        let activity = match correction.kind {
            CorrectionKind::Cancellation => ActivityKind::InvoiceCancelled,
            CorrectionKind::Credit => ActivityKind::InvoiceCredited,
        };
        self.log(
            tx,
            ctx,
            invoice.client_id,
            activity,
            Some(format!(
                "{} → {}",
                correction.corrects.number, correction.number
            )),
        )
        .await
    }

    /// A correction of the company.
    pub async fn correction(&self, ctx: &Ctx, id: CorrectionId) -> Result<Correction, Error> {
        self.store
            .correction(ctx.company, id)
            .await?
            .ok_or(Error::NotFound(Entity::Correction))
    }

    /// The corrections of an invoice, oldest first.
    pub async fn corrections_of_invoice(
        &self,
        ctx: &Ctx,
        id: InvoiceId,
    ) -> Result<Vec<Correction>, Error> {
        Ok(self.store.corrections_of_invoice(ctx.company, id).await?)
    }

    /// The record of a correction's frozen file (hash, size, when).
    pub async fn correction_file(
        &self,
        ctx: &Ctx,
        id: CorrectionId,
    ) -> Result<Option<crate::domain::IssuedDocument>, Error> {
        Ok(self
            .store
            .issued_document(
                ctx.company,
                crate::domain::IssuedKind::Correction,
                id.as_uuid(),
            )
            .await?)
    }

    /// The frozen PDF of a correction.
    pub async fn correction_pdf(&self, ctx: &Ctx, id: CorrectionId) -> Result<InvoicePdf, Error> {
        let correction = self.correction(ctx, id).await?;
        self.files().correction_pdf(&correction).await
    }

    /// A correction of the signed-in client.
    pub async fn portal_correction(
        &self,
        portal: &PortalCtx,
        id: CorrectionId,
    ) -> Result<Correction, Error> {
        self.store
            .correction(portal.company, id)
            .await?
            .filter(|c| c.client_id == portal.client)
            .ok_or(Error::NotFound(Entity::Correction))
    }

    /// The corrections of an invoice of the signed-in client.
    pub async fn portal_corrections_of_invoice(
        &self,
        portal: &PortalCtx,
        id: InvoiceId,
    ) -> Result<Vec<Correction>, Error> {
        let all = self
            .store
            .corrections_of_invoice(portal.company, id)
            .await?;
        Ok(all
            .into_iter()
            .filter(|c| c.client_id == portal.client)
            .collect())
    }

    /// The frozen PDF of a correction of the signed-in client.
    pub async fn portal_correction_pdf(
        &self,
        portal: &PortalCtx,
        id: CorrectionId,
    ) -> Result<(Correction, InvoicePdf), Error> {
        let correction = self.portal_correction(portal, id).await?;
        let pdf = self.files().correction_pdf(&correction).await?;
        Ok((correction, pdf))
    }

    /// Emails a correction to the client's primary contact (PDF attached, a link to the
    /// corrected invoice in the portal).
    pub async fn send_correction(&self, ctx: &Ctx, id: CorrectionId) -> Result<Correction, Error> {
        // Read before the transaction: a store may serialise transactions (the memory store
        // does), and the correction never changes.
        let correction = self.correction(ctx, id).await?;
        let mut tx = self.store.begin().await?;
        let company = tx
            .company(ctx.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        let client = tx
            .client_for_update(ctx.company, correction.client_id)
            .await?
            .ok_or(Error::NotFound(Entity::Client))?;
        let vars = correction_vars(&correction);
        self.queue_document_email(
            &mut *tx,
            &company,
            &client,
            TemplateKind::Correction,
            vars,
            Some(Attachment::Correction(correction.id)),
            &format!("/invoices/{}", correction.corrects.id),
        )
        .await?;
        self.log(
            &mut *tx,
            ctx,
            client.id,
            ActivityKind::CorrectionSent,
            Some(correction.number.clone()),
        )
        .await?;
        tx.commit().await?;
        Ok(correction)
    }
}

/// The template variables of a correction email (`correction.*`, `invoice.*`), in the
/// document's language.
fn correction_vars(c: &Correction) -> serde_json::Value {
    let l = c.bill_to.locale.unwrap_or_default();
    let title = crate::i18n::text(l, &format!("pdf.correction.{}", c.kind.as_str()))
        .unwrap_or(c.kind.as_str());
    serde_json::json!({
        "correction": {
            "title": title,
            "number": c.number,
            "issue_date": format::date(c.issue_date, l),
            "amount": format::money(c.amount(), c.currency, l),
            "refund_due": format::money(c.refund_due, c.currency, l),
        },
        "invoice": {
            "number": c.corrects.number,
            "issue_date": format::date(c.corrects.issue_date, l),
        },
    })
}
