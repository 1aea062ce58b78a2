//! Payments and refunds: exact, idempotent by reference, receipt queued in the same
//! transaction.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::documents::invoice_vars;
use super::{Crm, Ctx, Entity, Error};
use crate::domain::money::positive_amount;
use crate::domain::validation::{Collector, multiline_text, optional_text};
use crate::domain::{
    ActivityKind, Attachment, Client, ClientMetrics, Currency, Invoice, InvoiceId, Payment,
    PaymentId, PaymentMethod, Refund, RefundId, TemplateKind, ValueError,
};
use crate::ports::{StoreError, StoreTx};
use crate::render::format;

/// A payment as the user (or a provider event) sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentInput {
    /// Amount (> 0, exact to the currency's minor unit, at most [`Invoice::amount_due`]).
    pub amount: Decimal,
    /// Currency, if the sender states one; must be the invoice's.
    #[serde(default)]
    pub currency: Option<String>,
    /// Value date; today when empty.
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// Method.
    pub method: PaymentMethod,
    /// Bank or provider reference; the same reference is recorded once.
    #[serde(default)]
    pub reference: Option<String>,
    /// Whether to email a receipt to the primary contact.
    #[serde(default)]
    pub send_receipt: bool,
}

/// What recording a payment did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentOutcome {
    /// Recorded now; the invoice as updated.
    Recorded(Payment, Box<Invoice>),
    /// The reference was recorded before for this invoice and amount; nothing changed.
    AlreadyRecorded(Payment),
}

impl PaymentOutcome {
    /// The payment, new or earlier.
    pub fn payment(&self) -> &Payment {
        match self {
            Self::Recorded(p, _) | Self::AlreadyRecorded(p) => p,
        }
    }
}

/// A refund as the user (or a provider event) sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundInput {
    /// Amount (> 0, at most what remains of the payment).
    pub amount: Decimal,
    /// Date; today when empty.
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// Why.
    #[serde(default)]
    pub reason: Option<String>,
    /// Provider reference; the same reference is recorded once.
    #[serde(default)]
    pub reference: Option<String>,
}

/// What recording a refund did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefundOutcome {
    /// Recorded now; the invoice as updated.
    Recorded(Refund, Box<Invoice>),
    /// The reference was recorded before; nothing changed.
    AlreadyRecorded,
}

/// A payment already validated by its caller.
pub(super) struct PayArgs {
    pub(super) amount: Decimal,
    pub(super) currency: Currency,
    pub(super) method: PaymentMethod,
    pub(super) reference: Option<String>,
    pub(super) date: Option<NaiveDate>,
    pub(super) send_receipt: bool,
}

fn reference(input: Option<&str>) -> Result<Option<String>, ValueError> {
    optional_text(input.unwrap_or_default(), 200)
}

impl Crm {
    /// Records a payment against an issued invoice.
    pub async fn record_payment(
        &self,
        ctx: &Ctx,
        invoice_id: InvoiceId,
        input: &PaymentInput,
    ) -> Result<PaymentOutcome, Error> {
        let mut tx = self.store.begin().await?;
        // Lock order of every use case: document, then client, then payment, then metrics.
        let mut invoice = tx
            .invoice_for_update(ctx.company, invoice_id)
            .await?
            .ok_or(Error::NotFound(Entity::Invoice))?;
        let client = tx
            .client_for_update(ctx.company, invoice.client_id)
            .await?
            .ok_or(Error::NotFound(Entity::Client))?;
        let mut c = Collector::new();
        let currency = c.check(
            "currency",
            match input.currency.as_deref() {
                Some(code) => Currency::parse(code),
                None => Ok(invoice.currency),
            },
        );
        let amount = c.check("amount", positive_amount(input.amount, invoice.currency));
        let reference = c.check("reference", reference(input.reference.as_deref()));
        c.finish()?;
        let (Some(currency), Some(amount), Some(reference)) = (currency, amount, reference) else {
            unreachable!("collector reported no error")
        };
        if let Some(r) = &reference
            && let Some(existing) = tx.payment_by_reference(ctx.company, r).await?
        {
            return same_payment(existing, invoice_id, amount, r);
        }
        let args = PayArgs {
            amount,
            currency,
            method: input.method,
            reference: reference.clone(),
            date: input.date,
            send_receipt: input.send_receipt,
        };
        match self
            .pay_in(&mut *tx, ctx, &mut invoice, &client, args)
            .await
        {
            Ok(payment) => {
                tx.commit().await?;
                Ok(PaymentOutcome::Recorded(payment, Box::new(invoice)))
            }
            Err(Error::Storage(StoreError::Conflict("payment_reference"))) => {
                // Another transaction recorded the same reference concurrently and won.
                drop(tx);
                let r = reference.unwrap_or_default();
                let mut tx = self.store.begin().await?;
                let existing = tx
                    .payment_by_reference(ctx.company, &r)
                    .await?
                    .ok_or(StoreError::NotFound("payment"))?;
                same_payment(existing, invoice_id, amount, &r)
            }
            Err(e) => Err(e),
        }
    }

    /// Applies a validated payment to the locked `invoice` inside `tx`: the payment row, the
    /// invoice, the metrics delta, the activity and (optionally) the receipt email.
    pub(super) async fn pay_in(
        &self,
        tx: &mut dyn StoreTx,
        ctx: &Ctx,
        invoice: &mut Invoice,
        client: &Client,
        args: PayArgs,
    ) -> Result<Payment, Error> {
        let before = invoice.clone();
        let applied = invoice.apply_payment(args.amount, args.currency)?;
        let now = self.clock.now();
        invoice.updated_at = now;
        let payment = Payment {
            id: PaymentId::new(),
            company_id: ctx.company,
            client_id: invoice.client_id,
            invoice_id: invoice.id,
            amount: args.amount,
            currency: args.currency,
            date: args.date.unwrap_or_else(|| self.clock.today()),
            method: args.method,
            reference: args.reference,
            refunded: Decimal::ZERO,
            to_fees: applied.fees,
            to_interest: applied.interest,
            created_at: now,
        };
        tx.insert_payment(&payment).await?;
        tx.update_invoice(invoice).await?;
        tx.add_client_metrics(
            ctx.company,
            invoice.client_id,
            &ClientMetrics::delta(Some(&before), invoice),
        )
        .await?;
        let detail = format::money(args.amount, args.currency, client.locale);
        self.log(
            tx,
            ctx,
            client.id,
            ActivityKind::PaymentRecorded,
            Some(detail),
        )
        .await?;
        if args.send_receipt {
            let company = tx
                .company(ctx.company)
                .await?
                .ok_or(Error::NotFound(Entity::Company))?;
            let l = client.locale;
            let vars = serde_json::json!({
                "invoice": invoice_vars(invoice, client),
                "payment": {
                    "amount": format::money(args.amount, args.currency, l),
                    "date": format::date(payment.date, l),
                    "method": payment.method.label(l),
                },
            });
            self.queue_document_email(
                tx,
                &company,
                client,
                TemplateKind::PaymentReceipt,
                vars,
                Some(Attachment::Receipt(payment.id)),
                &format!("/invoices/{}", invoice.id),
            )
            .await?;
        }
        Ok(payment)
    }

    /// Refunds (part of) a payment; the invoice's balance is due again.
    pub async fn refund_payment(
        &self,
        ctx: &Ctx,
        payment_id: PaymentId,
        input: &RefundInput,
    ) -> Result<RefundOutcome, Error> {
        let mut c = Collector::new();
        let reason = c.check(
            "reason",
            multiline_text(input.reason.as_deref().unwrap_or_default(), 2_000),
        );
        let reference = c.check("reference", reference(input.reference.as_deref()));
        c.finish()?;
        let (Some(reason), Some(reference)) = (reason, reference) else {
            unreachable!("collector reported no error")
        };
        // Lock order: invoice, then payment — the same as recording a payment.
        let invoice_id = self
            .store
            .payment(ctx.company, payment_id)
            .await?
            .ok_or(Error::NotFound(Entity::Payment))?
            .invoice_id;
        let mut tx = self.store.begin().await?;
        let mut invoice = tx
            .invoice_for_update(ctx.company, invoice_id)
            .await?
            .ok_or(Error::NotFound(Entity::Invoice))?;
        let mut payment = tx
            .payment_for_update(ctx.company, payment_id)
            .await?
            .ok_or(Error::NotFound(Entity::Payment))?;
        let amount = positive_amount(input.amount, payment.currency)
            .map_err(|e| crate::domain::ValidationErrors::single("amount", e))?;
        if let Some(r) = &reference
            && let Some(existing) = tx.refund_by_reference(ctx.company, r).await?
        {
            return same_refund(&existing, payment_id, amount, r);
        }
        match self
            .refund_in(
                &mut *tx,
                ctx,
                &mut invoice,
                &mut payment,
                amount,
                reference.clone(),
                reason,
                input.date,
            )
            .await
        {
            Ok(refund) => {
                tx.commit().await?;
                Ok(RefundOutcome::Recorded(refund, Box::new(invoice)))
            }
            Err(Error::Storage(StoreError::Conflict("refund_reference"))) => {
                // A concurrent transaction recorded the same reference and won.
                drop(tx);
                let r = reference.unwrap_or_default();
                let mut tx = self.store.begin().await?;
                let existing = tx
                    .refund_by_reference(ctx.company, &r)
                    .await?
                    .ok_or(StoreError::NotFound("refund"))?;
                same_refund(&existing, payment_id, amount, &r)
            }
            Err(e) => Err(e),
        }
    }

    /// Applies a validated refund of the locked `payment` to the locked `invoice` in `tx`.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn refund_in(
        &self,
        tx: &mut dyn StoreTx,
        ctx: &Ctx,
        invoice: &mut Invoice,
        payment: &mut Payment,
        amount: Decimal,
        reference: Option<String>,
        reason: Option<String>,
        date: Option<NaiveDate>,
    ) -> Result<Refund, Error> {
        if amount > payment.refundable() {
            return Err(Error::RefundExceedsPayment {
                amount,
                refundable: payment.refundable(),
            });
        }
        let before = invoice.clone();
        invoice.apply_refund(&payment.refund_split(amount))?;
        let now = self.clock.now();
        invoice.updated_at = now;
        payment.refunded += amount;
        let refund = Refund {
            id: RefundId::new(),
            company_id: ctx.company,
            client_id: payment.client_id,
            payment_id: payment.id,
            invoice_id: invoice.id,
            amount,
            currency: payment.currency,
            date: date.unwrap_or_else(|| self.clock.today()),
            reference,
            reason,
            created_at: now,
        };
        tx.insert_refund(&refund).await?;
        tx.update_payment(payment).await?;
        tx.update_invoice(invoice).await?;
        tx.add_client_metrics(
            ctx.company,
            invoice.client_id,
            &ClientMetrics::delta(Some(&before), invoice),
        )
        .await?;
        self.log(
            tx,
            ctx,
            invoice.client_id,
            ActivityKind::RefundRecorded,
            Some(format!("{amount} {}", payment.currency.code())),
        )
        .await?;
        Ok(refund)
    }

    /// Refunds the payment recorded under a provider reference (e.g. a Stripe payment intent).
    pub async fn refund_payment_by_reference(
        &self,
        ctx: &Ctx,
        payment_reference: &str,
        input: &RefundInput,
    ) -> Result<RefundOutcome, Error> {
        let payment = self
            .store
            .begin()
            .await?
            .payment_by_reference(ctx.company, payment_reference)
            .await?
            .ok_or(Error::NotFound(Entity::Payment))?;
        self.refund_payment(ctx, payment.id, input).await
    }
}

fn same_payment(
    existing: Payment,
    invoice: InvoiceId,
    amount: Decimal,
    reference: &str,
) -> Result<PaymentOutcome, Error> {
    if existing.invoice_id == invoice && existing.amount == amount {
        Ok(PaymentOutcome::AlreadyRecorded(existing))
    } else {
        Err(Error::ReferenceReused(reference.to_owned()))
    }
}

fn same_refund(
    existing: &Refund,
    payment: PaymentId,
    amount: Decimal,
    reference: &str,
) -> Result<RefundOutcome, Error> {
    if existing.payment_id == payment && existing.amount == amount {
        Ok(RefundOutcome::AlreadyRecorded)
    } else {
        Err(Error::ReferenceReused(reference.to_owned()))
    }
}
