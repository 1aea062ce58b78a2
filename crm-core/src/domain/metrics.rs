//! Client metrics: total invoiced, total paid, outstanding.
//!
//! Definitions (in the client's currency, which is the currency of all its documents):
//! - **total invoiced** = Σ (total − corrective credits) of issued invoices that are not
//!   cancelled (a cancellation invoice takes the whole invoice back);
//! - **total paid** = Σ payments − Σ refunds (equal to Σ `amount_paid` of the invoices: a
//!   cancelled invoice keeps what was paid on it until that is refunded);
//! - **outstanding** = Σ balance of open (sent, partial) invoices.
//!
//! Stores keep these totals per client and change them in the same transaction as the document
//! by the [`MetricsDelta`] that the use case computes, so reading a dashboard costs one row,
//! however many invoices a client has. [`ClientMetrics::recompute`] is the reference the
//! conformance suite compares against.

use std::ops::{Add, Neg, Sub};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::invoice::{Invoice, InvoiceStatus};
use super::payment::{Payment, Refund};

/// The three headline figures of a client.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientMetrics {
    /// Σ (totals − credits) of issued, non-cancelled invoices.
    pub total_invoiced: Decimal,
    /// Σ payments − Σ refunds.
    pub total_paid: Decimal,
    /// Σ balances of open invoices.
    pub outstanding: Decimal,
}

/// A change to [`ClientMetrics`], applied by adding it.
pub type MetricsDelta = ClientMetrics;

impl ClientMetrics {
    /// What one invoice in its current state contributes.
    pub fn of_invoice(invoice: &Invoice) -> Self {
        match invoice.status {
            InvoiceStatus::Draft => Self::default(),
            InvoiceStatus::Cancelled => Self {
                total_paid: invoice.amount_paid,
                ..Self::default()
            },
            InvoiceStatus::Sent
            | InvoiceStatus::Partial
            | InvoiceStatus::Processing
            | InvoiceStatus::Paid => Self {
                total_invoiced: invoice.due_total(),
                total_paid: invoice.amount_paid,
                outstanding: invoice.balance,
            },
        }
    }

    /// The change from `before` (`None` for a new invoice) to `after`.
    pub fn delta(before: Option<&Invoice>, after: &Invoice) -> MetricsDelta {
        Self::of_invoice(after) - before.map(Self::of_invoice).unwrap_or_default()
    }

    /// Whether this delta changes nothing.
    pub fn is_zero(&self) -> bool {
        self.total_invoiced.is_zero() && self.total_paid.is_zero() && self.outstanding.is_zero()
    }

    /// The reference computation from all documents and payments of one client.
    pub fn recompute<'a>(
        invoices: impl IntoIterator<Item = &'a Invoice>,
        payments: impl IntoIterator<Item = &'a Payment>,
        refunds: impl IntoIterator<Item = &'a Refund>,
    ) -> Self {
        let mut m = Self::default();
        for inv in invoices {
            if !matches!(inv.status, InvoiceStatus::Draft | InvoiceStatus::Cancelled) {
                m.total_invoiced += inv.due_total();
            }
            if inv.status.is_open() {
                m.outstanding += inv.balance;
            }
        }
        m.total_paid = payments.into_iter().map(|p| p.amount).sum::<Decimal>()
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
        }
    }
}
