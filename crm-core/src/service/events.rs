//! Payment provider events (webhooks and the checkout return page), applied idempotently.
//!
//! - Each webhook event id is recorded in the same transaction as its effect, so a redelivered
//!   event — even two deliveries at once — changes nothing the second time.
//! - A payment is also idempotent by its provider reference, so the return page and the
//!   webhook (in either order) record it once.
//! - Events that do not match the invoice (amount, currency, live/test mode, state) are not
//!   applied; they are kept as [`PaymentReview`]s for an admin.
//! - Nothing downgrades: a late "processing" or "failed" event leaves a paid invoice paid.
//! - Each checkout session is remembered ([`CheckoutAttempt`]): only the session that put an
//!   invoice into `processing` reopens it by failing or expiring, and a session that failed or
//!   expired first can no longer put it into `processing` (events arrive in any order).
//! - The client a session names must be the invoice's client; every kind of event in the
//!   wrong live/test mode is held for review.
//! - A storage failure is an error, so the provider's retry delivers the event again.

use rust_decimal::Decimal;

use super::payments::PayArgs;
use super::{Crm, Ctx, Error};
use crate::domain::money::positive_amount;
use crate::domain::{
    Actor, CheckoutAttempt, CheckoutState, ClientMetrics, CompanyId, Currency, Invoice, InvoiceId,
    InvoiceStatus, PaymentMethod, PaymentReview, ReviewId,
};
use crate::ports::{CheckoutRef, PaymentEvent, StoreError, StoreTx};

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
    /// A delayed payment failed or its checkout expired; the invoice is open again.
    Reopened(Box<Invoice>),
    /// A refund was recorded; the invoice as updated.
    Refunded(Box<Invoice>),
    /// Not applied; kept for an admin to review (the reason says why).
    Review(String),
    /// Nothing to do.
    Ignored,
}

impl std::fmt::Display for EventOutcome {
    /// For logs: what happened and to which invoice (by id and status), never the invoice
    /// itself — its `Debug` carries the client's name, address and tax ID.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let invoice = |f: &mut std::fmt::Formatter<'_>, what: &str, i: &Invoice| {
            write!(f, "{what}: invoice {} is {}", i.id, i.status.as_str())
        };
        match self {
            Self::Paid(i) => invoice(f, "paid", i),
            Self::Processing(i) => invoice(f, "processing", i),
            Self::Reopened(i) => invoice(f, "reopened", i),
            Self::Refunded(i) => invoice(f, "refunded", i),
            Self::AlreadyRecorded => f.write_str("already recorded"),
            Self::Duplicate => f.write_str("duplicate event"),
            Self::Review(reason) => write!(f, "held for review: {reason}"),
            Self::Ignored => f.write_str("ignored"),
        }
    }
}

impl Crm {
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
                checkout,
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
                    self.review(&mut *tx, event, facts, WRONG_MODE).await?
                } else {
                    let paid = Paid {
                        provider,
                        amount: *amount,
                        currency: *currency,
                        reference,
                        checkout,
                    };
                    self.paid(&mut *tx, event, facts, paid).await?
                }
            }
            PaymentEvent::Processing {
                livemode,
                company_id,
                invoice_id,
                checkout,
                ..
            } => {
                let change = SessionChange {
                    provider,
                    company: *company_id,
                    invoice: *invoice_id,
                    checkout,
                    to: CheckoutState::Processing,
                };
                self.session_change(&mut *tx, event, *livemode == expect_live, change)
                    .await?
            }
            PaymentEvent::Failed {
                livemode,
                company_id,
                invoice_id,
                checkout,
                ..
            }
            | PaymentEvent::Expired {
                livemode,
                company_id,
                invoice_id,
                checkout,
                ..
            } => {
                let to = if matches!(event, PaymentEvent::Failed { .. }) {
                    CheckoutState::Failed
                } else {
                    CheckoutState::Expired
                };
                let change = SessionChange {
                    provider,
                    company: *company_id,
                    invoice: *invoice_id,
                    checkout,
                    to,
                };
                self.session_change(&mut *tx, event, *livemode == expect_live, change)
                    .await?
            }
            PaymentEvent::Refunded {
                livemode,
                company_id,
                payment_reference,
                refunded_total,
                currency,
                ..
            } => {
                // Within the company the event names; only an event that names none is
                // matched by the (provider-issued, unique) reference alone.
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
                    Some(company) if *livemode != expect_live => {
                        let facts = Facts {
                            company,
                            invoice: None,
                            reference: Some(payment_reference.clone()),
                            amount: Some(*refunded_total),
                            currency: Some(*currency),
                        };
                        self.review(&mut *tx, event, facts, WRONG_MODE).await?
                    }
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
                    None if *livemode != expect_live => EventOutcome::Review(WRONG_MODE.into()),
                    None => EventOutcome::Ignored,
                }
            }
            PaymentEvent::Ignored { .. } => EventOutcome::Ignored,
        };
        tx.commit().await?;
        Ok(outcome)
    }

    async fn paid(
        &self,
        tx: &mut dyn StoreTx,
        event: &PaymentEvent,
        facts: Facts,
        paid: Paid<'_>,
    ) -> Result<EventOutcome, Error> {
        let Paid {
            provider,
            amount,
            currency,
            reference,
            checkout,
        } = paid;
        let company = facts.company;
        let Some(invoice_id) = facts.invoice else {
            return Ok(EventOutcome::Ignored);
        };
        let Some(mut invoice) = tx.invoice_for_update(company, invoice_id).await? else {
            return self
                .review(tx, event, facts, "the invoice does not exist")
                .await;
        };
        if let Some(reason) = wrong_client(checkout, &invoice) {
            return self.review(tx, event, facts, reason).await;
        }
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
        if positive_amount(amount, currency).is_err() || amount > invoice.amount_due() {
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
        self.put_attempt(tx, provider, &invoice, checkout, CheckoutState::Succeeded)
            .await?;
        Ok(EventOutcome::Paid(Box::new(invoice)))
    }

    /// A checkout session started a delayed payment (`to` = processing), or its payment failed
    /// or it expired (`to` = failed / expired).
    async fn session_change(
        &self,
        tx: &mut dyn StoreTx,
        event: &PaymentEvent,
        right_mode: bool,
        change: SessionChange<'_>,
    ) -> Result<EventOutcome, Error> {
        let facts = Facts {
            company: change.company,
            invoice: Some(change.invoice),
            reference: Some(change.checkout.session_id.clone()),
            amount: None,
            currency: None,
        };
        if !right_mode {
            return self.review(tx, event, facts, WRONG_MODE).await;
        }
        let Some(mut invoice) = tx
            .invoice_for_update(change.company, change.invoice)
            .await?
        else {
            return Ok(EventOutcome::Ignored);
        };
        if let Some(reason) = wrong_client(change.checkout, &invoice) {
            return self.review(tx, event, facts, reason).await;
        }
        let session = &change.checkout.session_id;
        let known = tx
            .checkout_attempt(change.company, change.provider, session)
            .await?;
        let before = invoice.clone();
        let changed = if change.to == CheckoutState::Processing {
            if known.is_some_and(|a| a.state.is_closed()) {
                // The session failed or expired before its "processing" arrived.
                return Ok(EventOutcome::Ignored);
            }
            if !invoice.status.is_open() {
                // Late or repeated: a paid invoice is never downgraded.
                return Ok(EventOutcome::Ignored);
            }
            // Remembered even when another session already holds `processing`: each
            // session's failure reopens the invoice only when no other one is pending.
            self.put_attempt(tx, change.provider, &invoice, change.checkout, change.to)
                .await?;
            invoice.status != InvoiceStatus::Processing && invoice.mark_processing().is_ok()
        } else {
            if known.is_some_and(|a| a.state == change.to) {
                return Ok(EventOutcome::Ignored);
            }
            self.put_attempt(tx, change.provider, &invoice, change.checkout, change.to)
                .await?;
            // Another session of this invoice still pending keeps it processing. An invoice in
            // `processing` with no pending session (set before sessions were remembered) is
            // reopened by any of its sessions' failure or expiry.
            let pending = tx
                .checkout_attempts_of_invoice(change.company, change.invoice)
                .await?
                .iter()
                .any(|a| a.state == CheckoutState::Processing);
            invoice.status == InvoiceStatus::Processing && !pending && invoice.reopen().is_ok()
        };
        if !changed {
            return Ok(EventOutcome::Ignored);
        }
        invoice.updated_at = self.clock.now();
        tx.update_invoice(&invoice).await?;
        // Open → open: the metrics do not move, but the rule is applied all the same.
        tx.add_client_metrics(
            change.company,
            invoice.client_id,
            &ClientMetrics::delta(Some(&before), &invoice),
        )
        .await?;
        Ok(if change.to == CheckoutState::Processing {
            EventOutcome::Processing(Box::new(invoice))
        } else {
            EventOutcome::Reopened(Box::new(invoice))
        })
    }

    async fn put_attempt(
        &self,
        tx: &mut dyn StoreTx,
        provider: &str,
        invoice: &Invoice,
        checkout: &CheckoutRef,
        state: CheckoutState,
    ) -> Result<(), Error> {
        tx.put_checkout_attempt(&CheckoutAttempt {
            company_id: invoice.company_id,
            invoice_id: invoice.id,
            provider: provider.to_owned(),
            session_id: checkout.session_id.clone(),
            state,
            updated_at: self.clock.now(),
        })
        .await?;
        Ok(())
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

const WRONG_MODE: &str = "live/test mode does not match the account";

/// Why the client a checkout session names is not the invoice's client, if it is not.
fn wrong_client(checkout: &CheckoutRef, invoice: &Invoice) -> Option<&'static str> {
    let client = invoice.client_id.to_string();
    if checkout.client_id.as_deref() != Some(client.as_str()) {
        return Some("the session's client is not the invoice's client");
    }
    match checkout.client_reference.as_deref() {
        // Sessions of earlier versions carried the invoice id there.
        Some(r) if r != client && r != invoice.id.to_string() => {
            Some("the session's client reference does not match the invoice")
        }
        _ => None,
    }
}

/// A payment event's money, for [`Crm::paid`].
struct Paid<'a> {
    provider: &'a str,
    amount: Decimal,
    currency: Currency,
    reference: &'a str,
    checkout: &'a CheckoutRef,
}

/// What a checkout session event does, for [`Crm::session_change`].
struct SessionChange<'a> {
    provider: &'a str,
    company: CompanyId,
    invoice: InvoiceId,
    checkout: &'a CheckoutRef,
    to: CheckoutState,
}

/// What an event says, for a review entry.
struct Facts {
    company: CompanyId,
    invoice: Option<InvoiceId>,
    reference: Option<String>,
    amount: Option<Decimal>,
    currency: Option<Currency>,
}
