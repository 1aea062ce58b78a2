//! Client metrics: total invoiced, total paid, outstanding, fees and interest outstanding.
//!
//! Definitions (in the client's currency, which is the currency of all its documents):
//! - **total invoiced** = Σ (total − corrective credits) of issued invoices that are not
//!   cancelled (a cancellation invoice takes the whole invoice back);
//! - **total paid** = Σ payments − Σ refunds (equal to Σ `amount_paid` of the invoices: a
//!   cancelled invoice keeps what was paid on it until that is refunded);
//! - **outstanding** = Σ balance of open (sent, partial) invoices;
//! - **fees and interest outstanding** = Σ of the dunning fees and default interest claimed on
//!   issued, non-cancelled invoices less what payments settled of them (a payment settles them
//!   before the principal, §367 BGB; so total paid = Σ principal paid + Σ costs paid).
//!
//! Stores keep these totals per client and change them in the same transaction as the document
//! by the [`MetricsDelta`] that the use case computes, so reading a dashboard costs one row,
//! however many invoices a client has. [`ClientMetrics::recompute`] is the reference the
//! conformance suite compares against.

use std::collections::HashMap;
use std::ops::{Add, Neg, Sub};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::ids::InvoiceId;
use super::invoice::{Invoice, InvoiceStatus};
use super::payment::{Payment, Refund};

/// The headline figures of a client.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientMetrics {
    /// Σ (totals − credits) of issued, non-cancelled invoices.
    pub total_invoiced: Decimal,
    /// Σ payments − Σ refunds.
    pub total_paid: Decimal,
    /// Σ balances of open invoices.
    pub outstanding: Decimal,
    /// Σ open dunning fees and interest.
    #[serde(default)]
    pub costs_outstanding: Decimal,
}

/// A change to [`ClientMetrics`], applied by adding it.
pub type MetricsDelta = ClientMetrics;

impl ClientMetrics {
    /// What one invoice in its current state contributes.
    pub fn of_invoice(invoice: &Invoice) -> Self {
        match invoice.status {
            InvoiceStatus::Draft => Self::default(),
            InvoiceStatus::Cancelled => Self {
                total_paid: invoice.amount_paid + invoice.costs().paid(),
                ..Self::default()
            },
            InvoiceStatus::Sent
            | InvoiceStatus::Partial
            | InvoiceStatus::Processing
            | InvoiceStatus::Paid => Self {
                total_invoiced: invoice.due_total(),
                total_paid: invoice.amount_paid + invoice.costs().paid(),
                outstanding: invoice.balance,
                costs_outstanding: invoice.costs_open(),
            },
        }
    }

    /// The change from `before` (`None` for a new invoice) to `after`.
    pub fn delta(before: Option<&Invoice>, after: &Invoice) -> MetricsDelta {
        Self::of_invoice(after) - before.map(Self::of_invoice).unwrap_or_default()
    }

    /// Whether this delta changes nothing.
    pub fn is_zero(&self) -> bool {
        self.total_invoiced.is_zero()
            && self.total_paid.is_zero()
            && self.outstanding.is_zero()
            && self.costs_outstanding.is_zero()
    }

    /// The reference computation from all documents and payments of one client. The fees
    /// and interest outstanding are what the invoices' letters claimed less what the payment
    /// rows record as applied to them (net of refunds), not the invoices' own running totals.
    pub fn recompute<'a>(
        invoices: impl IntoIterator<Item = &'a Invoice>,
        payments: impl IntoIterator<Item = &'a Payment>,
        refunds: impl IntoIterator<Item = &'a Refund>,
    ) -> Self {
        let payments: Vec<&Payment> = payments.into_iter().collect();
        let mut costs_paid: HashMap<InvoiceId, Decimal> = HashMap::new();
        for p in &payments {
            let net = p.net_applied();
            *costs_paid.entry(p.invoice_id).or_default() += net.fees + net.interest;
        }
        let mut m = Self::default();
        for inv in invoices {
            if !matches!(inv.status, InvoiceStatus::Draft | InvoiceStatus::Cancelled) {
                m.total_invoiced += inv.due_total();
                let costs = inv.costs();
                let paid = costs_paid.get(&inv.id).copied().unwrap_or_default();
                m.costs_outstanding += (costs.fees + costs.interest - paid).max(Decimal::ZERO);
            }
            if inv.status.is_open() {
                m.outstanding += inv.balance;
            }
        }
        m.total_paid = payments.iter().map(|p| p.amount).sum::<Decimal>()
            - refunds.into_iter().map(|r| r.amount).sum::<Decimal>();
        m
    }
}

impl Add for ClientMetrics {
    type Output = Self;
    fn add(self, o: Self) -> Self {
        Self {
            total_invoiced: self.total_invoiced + o.total_invoiced,
            total_paid: self.total_paid + o.total_paid,
            outstanding: self.outstanding + o.outstanding,
            costs_outstanding: self.costs_outstanding + o.costs_outstanding,
        }
    }
}

impl Sub for ClientMetrics {
    type Output = Self;
    fn sub(self, o: Self) -> Self {
        self + (-o)
    }
}

impl Neg for ClientMetrics {
    type Output = Self;
    fn neg(self) -> Self {
        Self {
            total_invoiced: -self.total_invoiced,
            total_paid: -self.total_paid,
            outstanding: -self.outstanding,
            costs_outstanding: -self.costs_outstanding,
        }
    }
}
