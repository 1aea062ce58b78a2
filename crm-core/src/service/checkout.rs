//! Hosted checkout from the portal: "Pay now", the return page, and the staff's way out of a
//! `processing` that will never end.

use rust_decimal::Decimal;

use super::events::EventOutcome;
use super::{Crm, Ctx, Entity, Error, PortalCtx};
use crate::domain::{
    ActivityKind, CheckoutState, ClientMetrics, Invoice, InvoiceId, InvoiceStatus,
};
use crate::ports::{CheckoutRequest, CheckoutSession, PaymentEvent, PaymentGateway};

impl Crm {
    /// "Pay now" in the portal: a hosted payment page for the balance of one of the signed-in
    /// client's open invoices. The idempotency key is per invoice and attempt (the state of its
    /// payments), so a double click opens one session and a later attempt a new one.
    pub async fn portal_checkout(
        &self,
        portal: &PortalCtx,
        invoice_id: InvoiceId,
        gateway: &dyn PaymentGateway,
    ) -> Result<CheckoutSession, Error> {
        let invoice = self
            .store
            .invoice(portal.company, invoice_id)
            .await?
            // Drafts are not the client's to see: "not found", like another client's invoice.
            .filter(|i| i.client_id == portal.client && i.status != InvoiceStatus::Draft)
            .ok_or(Error::NotFound(Entity::Invoice))?;
        if !matches!(invoice.status, InvoiceStatus::Sent | InvoiceStatus::Partial)
            || invoice.amount_due() <= Decimal::ZERO
        {
            return Err(crate::domain::InvoiceError::Transition {
                from: invoice.status,
                action: "pay",
            }
            .into());
        }
        let client = self
            .store
            .client(portal.company, portal.client)
            .await?
            .ok_or(Error::NotFound(Entity::Client))?;
        let contact = client
            .contact(portal.contact)
            .ok_or(Error::NotFound(Entity::Contact))?;
        let request = CheckoutRequest {
            company_id: portal.company,
            client_id: portal.client,
            invoice_id,
            invoice_number: invoice.number.clone().unwrap_or_default(),
            // Everything owed: a payment settles dunning fees and interest first (§367 BGB).
            amount: invoice.amount_due(),
            currency: invoice.currency,
            customer_email: contact.email.to_string(),
            success_url: self.portal_url(&format!(
                "/invoices/{invoice_id}/paid?session_id={{CHECKOUT_SESSION_ID}}"
            )),
            cancel_url: self.portal_url(&format!("/invoices/{invoice_id}")),
            // Per contact too: the provider answers a reused key with the first request's
            // session (for 24 h at Stripe), and a second contact's request differs (email).
            idempotency_key: format!(
                "checkout-{invoice_id}-{}-{}-{}",
                contact.id,
                invoice.amount_paid.normalize(),
                invoice.amount_due().normalize()
            ),
        };
        Ok(gateway.start_checkout(&request).await?)
    }

    /// The checkout return page: asks the provider server-side and records the payment through
    /// the same idempotent path as the webhook, so the client sees "paid" at once.
    pub async fn confirm_checkout(
        &self,
        portal: &PortalCtx,
        session_id: &str,
        gateway: &dyn PaymentGateway,
        expect_live: bool,
    ) -> Result<EventOutcome, Error> {
        let event = gateway.confirm_checkout(session_id).await?;
        let ours = match &event {
            PaymentEvent::Paid {
                company_id,
                invoice_id,
                ..
            }
            | PaymentEvent::Processing {
                company_id,
                invoice_id,
                ..
            }
            | PaymentEvent::Expired {
                company_id,
                invoice_id,
                ..
            } => {
                *company_id == portal.company
                    && self
                        .store
                        .invoice(*company_id, *invoice_id)
                        .await?
                        .is_some_and(|i| i.client_id == portal.client)
            }
            _ => false,
        };
        if !ours {
            return Ok(EventOutcome::Ignored);
        }
        self.apply_payment_event(gateway.provider(), &event, expect_live)
            .await
    }

    /// Staff reopen an invoice stuck in `processing` (a delayed payment that the provider
    /// will not report on, or one set by an earlier version for an abandoned checkout): it is
    /// open again, its checkout sessions no longer count, and a payment that arrives later
    /// is still recorded.
    pub async fn reopen_invoice(&self, ctx: &Ctx, id: InvoiceId) -> Result<Invoice, Error> {
        let mut tx = self.store.begin().await?;
        let mut invoice = tx
            .invoice_for_update(ctx.company, id)
            .await?
            .ok_or(Error::NotFound(Entity::Invoice))?;
        let before = invoice.clone();
        invoice.reopen()?;
        let now = self.clock.now();
        invoice.updated_at = now;
        tx.update_invoice(&invoice).await?;
        tx.add_client_metrics(
            ctx.company,
            invoice.client_id,
            &ClientMetrics::delta(Some(&before), &invoice),
        )
        .await?;
        for mut attempt in tx.checkout_attempts_of_invoice(ctx.company, id).await? {
            if attempt.state == CheckoutState::Processing {
                attempt.state = CheckoutState::Reopened;
                attempt.updated_at = now;
                tx.put_checkout_attempt(&attempt).await?;
            }
        }
        self.log(
            &mut *tx,
            ctx,
            invoice.client_id,
            ActivityKind::InvoiceReopened,
            invoice.number.clone(),
        )
        .await?;
        tx.commit().await?;
        Ok(invoice)
    }

    /// Refunds (part of) a card payment through the provider that took it, then records the
    /// refund with the provider's refund id as its reference — so the provider's own refund
    /// event (cumulative total) later finds it recorded, and a retry records it once. The
    /// amount is checked against what is left to refund before anything is sent; the
    /// idempotency key is the payment, what it had refunded and the amount, so a retried
    /// click (or a crash before our record) never refunds twice at the provider.
    pub async fn refund_through_gateway(
        &self,
        ctx: &Ctx,
        gateway: &dyn PaymentGateway,
        payment_id: crate::domain::PaymentId,
        input: &super::RefundInput,
    ) -> Result<super::RefundOutcome, Error> {
        use crate::domain::{PaymentMethod, ValidationErrors, ValueError};
        let payment = self
            .store
            .payment(ctx.company, payment_id)
            .await?
            .ok_or(Error::NotFound(Entity::Payment))?;
        let amount = crate::domain::money::positive_amount(input.amount, payment.currency)
            .map_err(|e| ValidationErrors::single("amount", e))?;
        let reference = match (&payment.method, &payment.reference) {
            (PaymentMethod::Card, Some(r)) => r.clone(),
            _ => {
                return Err(ValidationErrors::single(
                    "via",
                    ValueError::new("refund.not_through_provider"),
                )
                .into());
            }
        };
        if amount > payment.refundable() {
            return Err(Error::RefundExceedsPayment {
                amount,
                refundable: payment.refundable(),
            });
        }
        let request = crate::ports::RefundRequest {
            company_id: ctx.company,
            payment_reference: reference,
            amount,
            currency: payment.currency,
            idempotency_key: format!(
                "crm-refund-{}-{}-{amount}",
                payment.id.as_uuid().simple(),
                payment.refunded
            ),
        };
        let done = gateway.refund(&request).await?;
        self.refund_payment(
            ctx,
            payment_id,
            &super::RefundInput {
                amount: done.amount,
                date: input.date,
                reason: input.reason.clone(),
                reference: Some(done.id),
            },
        )
        .await
    }
}
