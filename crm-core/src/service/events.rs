//! Payment provider events (webhooks and the checkout return page), applied idempotently.
//!
//! - Each webhook event id is recorded in the same transaction as its effect, so a redelivered
//!   event — even two deliveries at once — changes nothing the second time.
//! - A payment is also idempotent by its provider reference, so the return page and the
//!   webhook (in either order) record it once.
//! - Events that do not match the invoice (amount, currency, live/test mode, state) are not
//!   applied; they are kept as [`PaymentReview`]s for an admin.
//! - Nothing downgrades: a late "processing" or "failed" event leaves a paid invoice paid.
//! - A storage failure is an error, so the provider's retry delivers the event again.

use rust_decimal::Decimal;

use super::payments::PayArgs;
use super::{Crm, Ctx, Error};
use crate::domain::money::positive_amount;
use crate::domain::{
    Actor, ClientMetrics, CompanyId, Currency, Invoice, InvoiceId, InvoiceStatus, PaymentMethod,
    PaymentReview, ReviewId,
};
use crate::ports::{PaymentEvent, StoreError, StoreTx};

/// What applying an event did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventOutcome {
    /// A payment was recorded now; the invoice as updated.
    Paid(Box<Invoice>),
    /// The payment had been recorded before (by the return page or another event).
    AlreadyRecorded,
    /// This event id was applied before.
    Duplicate,
    /// A delayed payment started; the invoice is `processing`.
    Processing(Box<Invoice>),
    /// A delayed payment failed; the invoice is open again.
    Reopened(Box<Invoice>),
    /// A refund was recorded; the invoice as updated.
    Refunded(Box<Invoice>),
    /// Not applied; kept for an admin to review (the reason says why).
    Review(String),
    /// Nothing to do.
    Ignored,
}

impl Crm {
    /// "Pay now" in the portal: a hosted payment page for the balance of one of the signed-in
    /// client's open invoices. The idempotency key is per invoice and attempt (the state of its
    /// payments), so a double click opens one session and a later attempt a new one.
    pub async fn portal_checkout(
        &self,
        portal: &super::PortalCtx,
        invoice_id: InvoiceId,
        gateway: &dyn crate::ports::PaymentGateway,
    ) -> Result<crate::ports::CheckoutSession, Error> {
        let invoice = self
            .store
            .invoice(portal.company, invoice_id)
            .await?
            // Drafts are not the client's to see: "not found", like another client's invoice.
            .filter(|i| i.client_id == portal.client && i.status != InvoiceStatus::Draft)
            .ok_or(Error::NotFound(super::Entity::Invoice))?;
        if !matches!(invoice.status, InvoiceStatus::Sent | InvoiceStatus::Partial)
            || invoice.balance <= Decimal::ZERO
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
            .ok_or(Error::NotFound(super::Entity::Client))?;
        let contact = client
            .contact(portal.contact)
            .ok_or(Error::NotFound(super::Entity::Contact))?;
        let request = crate::ports::CheckoutRequest {
            company_id: portal.company,
            client_id: portal.client,
            invoice_id,
            invoice_number: invoice.number.clone().unwrap_or_default(),
            amount: invoice.balance,
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
                invoice.balance.normalize()
            ),
        };
        Ok(gateway.start_checkout(&request).await?)
    }

    /// The checkout return page: asks the provider server-side and records the payment through
    /// the same idempotent path as the webhook, so the client sees "paid" at once.
    pub async fn confirm_checkout(
        &self,
        portal: &super::PortalCtx,
        session_id: &str,
        gateway: &dyn crate::ports::PaymentGateway,
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

    /// Applies a verified provider event. `expect_live` is the mode of the configured provider
    /// account: an event of the other mode never touches an invoice.
    pub async fn apply_payment_event(
        &self,
        provider: &str,
        event: &PaymentEvent,
        expect_live: bool,
    ) -> Result<EventOutcome, Error> {
        let mut tx = self.store.begin().await?;
        if let Some(id) = event.event_id() {
            match tx
                .record_webhook_event(provider, id, self.clock.now())
                .await
            {
                Ok(()) => {}
                Err(StoreError::Conflict(_)) => return Ok(EventOutcome::Duplicate),
                Err(e) => return Err(e.into()),
            }
        }
        let outcome = match event {
            PaymentEvent::Paid {
                livemode,
                company_id,
                invoice_id,
                amount,
                currency,
                reference,
                ..
            } => {
                let facts = Facts {
                    company: *company_id,
                    invoice: Some(*invoice_id),
                    reference: Some(reference.clone()),
                    amount: Some(*amount),
                    currency: Some(*currency),
                };
                if *livemode != expect_live {
                    self.review(
                        &mut *tx,
                        event,
                        facts,
                        "live/test mode does not match the account",
                    )
                    .await?
                } else {
                    self.paid(&mut *tx, event, facts, *amount, *currency, reference)
                        .await?
                }
            }
            PaymentEvent::Processing {
                livemode,
                company_id,
                invoice_id,
                ..
            } if *livemode == expect_live => {
                self.status_change(&mut *tx, *company_id, *invoice_id, true)
                    .await?
            }
            PaymentEvent::Failed {
                livemode,
                company_id,
                invoice_id,
                ..
            } if *livemode == expect_live => {
                self.status_change(&mut *tx, *company_id, *invoice_id, false)
                    .await?
            }
            PaymentEvent::Refunded {
                livemode,
                company_id,
                payment_reference,
                refunded_total,
                currency,
                ..
            } if *livemode == expect_live => {
                let company = match company_id {
                    Some(c) => Some(*c),
                    None => match tx
                        .payments_with_reference(payment_reference)
                        .await?
                        .as_slice()
                    {
                        [only] => Some(only.company_id),
                        _ => None,
                    },
                };
                match company {
                    Some(company) => {
                        self.refunded(
                            &mut *tx,
                            event,
                            company,
                            payment_reference,
                            *refunded_total,
                            *currency,
                        )
                        .await?
                    }
                    None => EventOutcome::Ignored,
                }
            }
            _ => EventOutcome::Ignored,
        };
        tx.commit().await?;
        Ok(outcome)
    }

    async fn paid(
        &self,
        tx: &mut dyn StoreTx,
        event: &PaymentEvent,
        facts: Facts,
        amount: Decimal,
        currency: Currency,
        reference: &str,
    ) -> Result<EventOutcome, Error> {
        let company = facts.company;
        let Some(invoice_id) = facts.invoice else {
            return Ok(EventOutcome::Ignored);
        };
        let Some(mut invoice) = tx.invoice_for_update(company, invoice_id).await? else {
            return self
                .review(tx, event, facts, "the invoice does not exist")
                .await;
        };
        let Some(client) = tx.client_for_update(company, invoice.client_id).await? else {
            return self
                .review(tx, event, facts, "the client does not exist")
                .await;
        };
        if let Some(existing) = tx.payment_by_reference(company, reference).await? {
            if existing.invoice_id == invoice_id && existing.amount == amount {
                return Ok(EventOutcome::AlreadyRecorded);
            }
            return self
                .review(
                    tx,
                    event,
                    facts,
                    "the payment reference was used for another payment",
                )
                .await;
        }
        if currency != invoice.currency {
            return self
                .review(tx, event, facts, "the currency does not match the invoice")
                .await;
        }
        if !invoice.status.is_open() {
            let reason = format!("the invoice is {}, not open", invoice.status.as_str());
            return self.review(tx, event, facts, &reason).await;
        }
        if positive_amount(amount, currency).is_err() || amount > invoice.balance {
            return self
                .review(
                    tx,
                    event,
                    facts,
                    "the amount does not match the balance due",
                )
                .await;
        }
        let ctx = Ctx::new(company, Actor::PaymentProvider);
        let args = PayArgs {
            amount,
            currency,
            method: PaymentMethod::Card,
            reference: Some(reference.to_owned()),
            date: None,
            send_receipt: true,
        };
        self.pay_in(tx, &ctx, &mut invoice, &client, args).await?;
        Ok(EventOutcome::Paid(Box::new(invoice)))
    }

    /// `processing = true`: a delayed payment started; `false`: it failed.
    async fn status_change(
        &self,
        tx: &mut dyn StoreTx,
        company: CompanyId,
        invoice_id: InvoiceId,
        processing: bool,
    ) -> Result<EventOutcome, Error> {
        let Some(mut invoice) = tx.invoice_for_update(company, invoice_id).await? else {
            return Ok(EventOutcome::Ignored);
        };
        let before = invoice.clone();
        let changed = if processing {
            matches!(invoice.status, InvoiceStatus::Sent | InvoiceStatus::Partial)
                && invoice.mark_processing().is_ok()
        } else {
            invoice.status == InvoiceStatus::Processing && invoice.reopen().is_ok()
        };
        if !changed {
            // Late or repeated: a paid invoice is never downgraded.
            return Ok(EventOutcome::Ignored);
        }
        invoice.updated_at = self.clock.now();
        tx.update_invoice(&invoice).await?;
        // Open → open: the metrics do not move, but the rule is applied all the same.
        tx.add_client_metrics(
            company,
            invoice.client_id,
            &ClientMetrics::delta(Some(&before), &invoice),
        )
        .await?;
        Ok(if processing {
            EventOutcome::Processing(Box::new(invoice))
        } else {
            EventOutcome::Reopened(Box::new(invoice))
        })
    }

    async fn refunded(
        &self,
        tx: &mut dyn StoreTx,
        event: &PaymentEvent,
        company: CompanyId,
        payment_reference: &str,
        refunded_total: Decimal,
        currency: Currency,
    ) -> Result<EventOutcome, Error> {
        let facts = Facts {
            company,
            invoice: None,
            reference: Some(payment_reference.to_owned()),
            amount: Some(refunded_total),
            currency: Some(currency),
        };
        let Some(found) = tx.payment_by_reference(company, payment_reference).await? else {
            return self
                .review(tx, event, facts, "the refunded payment is unknown")
                .await;
        };
        let Some(mut invoice) = tx.invoice_for_update(company, found.invoice_id).await? else {
            return self
                .review(tx, event, facts, "the invoice does not exist")
                .await;
        };
        let Some(mut payment) = tx.payment_for_update(company, found.id).await? else {
            return Ok(EventOutcome::Ignored);
        };
        if currency != payment.currency || refunded_total > payment.amount {
            return self
                .review(tx, event, facts, "the refund does not match the payment")
                .await;
        }
        // Cumulative total: a repeated or reordered event refunds only what is new.
        let delta = refunded_total - payment.refunded;
        if delta <= Decimal::ZERO {
            return Ok(EventOutcome::Ignored);
        }
        let ctx = Ctx::new(company, Actor::PaymentProvider);
        let reference = format!("{payment_reference}:refunded:{refunded_total}");
        self.refund_in(
            tx,
            &ctx,
            &mut invoice,
            &mut payment,
            delta,
            Some(reference),
            Some("refunded at the payment provider".into()),
            None,
        )
        .await?;
        Ok(EventOutcome::Refunded(Box::new(invoice)))
    }

    /// Keeps the event for an admin (when its company exists) and reports why.
    async fn review(
        &self,
        tx: &mut dyn StoreTx,
        event: &PaymentEvent,
        facts: Facts,
        reason: &str,
    ) -> Result<EventOutcome, Error> {
        if tx.company(facts.company).await?.is_some() {
            tx.insert_payment_review(&PaymentReview {
                id: ReviewId::new(),
                company_id: facts.company,
                invoice_id: facts.invoice,
                event_id: event.event_id().map(str::to_owned),
                reference: facts.reference,
                amount: facts.amount,
                currency: facts.currency,
                reason: reason.to_owned(),
                created_at: self.clock.now(),
            })
            .await?;
        }
        Ok(EventOutcome::Review(reason.to_owned()))
    }
}

/// What an event says, for a review entry.
struct Facts {
    company: CompanyId,
    invoice: Option<InvoiceId>,
    reference: Option<String>,
    amount: Option<Decimal>,
    currency: Option<Currency>,
}
