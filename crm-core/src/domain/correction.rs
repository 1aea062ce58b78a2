//! Corrections of issued invoices (§14 Abs. 4, §17 UStG; COMPLIANCE.md §3): an issued invoice
//! never changes, so a mistake or a later reduction is a new document that refers to it.
//!
//! - A **cancellation invoice** (Stornorechnung) takes the whole invoice back: every line
//!   negated, so its totals are exactly the original's, negated. The original is marked
//!   cancelled *by* it and stops counting as invoiced.
//! - A **corrective credit** (Rechnungskorrektur) takes part of it back: lines the staff enter,
//!   negated, at rates the invoice has; it lowers what the invoice asks for.
//!
//! Either way, money already paid beyond what the invoice now asks for is the amount to refund
//! ([`Correction::refund_due`]), printed on the correction and recorded as a refund when paid
//! back. (Not "Gutschrift": in German law that word means self-billing, §14 Abs. 2 UStG.)

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::currency::Currency;
use super::ids::{ClientId, CompanyId, CorrectionId, InvoiceId};
use super::invoice::{BillTo, Invoice};
use super::legal::Seller;
use super::money::{LineItem, TaxRate, Totals};
use super::service_period::ServicePeriod;
use super::tax_treatment::TaxTreatment;
use super::validation::{Collector, ValidationErrors, ValueError};

/// Which correction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CorrectionKind {
    /// A cancellation invoice: the whole invoice taken back.
    Cancellation,
    /// A corrective credit: part of it taken back.
    Credit,
}

impl CorrectionKind {
    /// The stable name used in storage and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cancellation => "cancellation",
            Self::Credit => "credit",
        }
    }

    /// Parses [`Self::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "cancellation" => Some(Self::Cancellation),
            "credit" => Some(Self::Credit),
            _ => None,
        }
    }
}

/// The invoice a correction refers to, as printed on it (EN 16931 BG-3: BT-25, BT-26).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorrectedInvoice {
    /// Its id.
    pub id: InvoiceId,
    /// Its number.
    pub number: String,
    /// Its issue date.
    pub issue_date: NaiveDate,
}

/// A correction as an invoice names it ("cancelled by ST-00001").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorrectionRef {
    /// Its id.
    pub id: CorrectionId,
    /// Its number.
    pub number: String,
    /// Its issue date.
    pub issue_date: NaiveDate,
}

/// An issued correction. Immutable: it is created issued, with its number, and never changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    /// Id.
    pub id: CorrectionId,
    /// Tenant.
    pub company_id: CompanyId,
    /// Client (the invoice's).
    pub client_id: ClientId,
    /// Cancellation or credit.
    pub kind: CorrectionKind,
    /// Number from the kind's own range.
    pub number: String,
    /// Issue date.
    pub issue_date: NaiveDate,
    /// Currency (the invoice's).
    pub currency: Currency,
    /// The invoice it corrects.
    pub corrects: CorrectedInvoice,
    /// The lines, negated.
    pub lines: Vec<LineItem>,
    /// The invoice's treatment (lines without their own).
    pub treatment: TaxTreatment,
    /// Totals of the lines: negative.
    pub totals: Totals,
    /// The invoice's service date or period (the correction concerns the same supply).
    pub service_period: Option<ServicePeriod>,
    /// The invoice's euro rate: a correction converts its VAT as the invoice did.
    #[serde(default)]
    pub eur_rate: Option<super::exchange_rate::EurRate>,
    /// Why, as printed.
    pub reason: Option<String>,
    /// What was paid beyond what the invoice asks for after this correction, when issued:
    /// the amount to pay back.
    pub refund_due: Decimal,
    /// The seller as it is when the correction is issued.
    pub seller: Seller,
    /// The invoice's recipient block (same recipient, same language).
    pub bill_to: BillTo,
    /// Created; the history's sort key.
    pub created_at: DateTime<Utc>,
}

impl Correction {
    /// How much it takes back (positive): the negated total.
    pub fn amount(&self) -> Decimal {
        -self.totals.total
    }

    /// How it is named on the corrected invoice.
    pub fn reference(&self) -> CorrectionRef {
        CorrectionRef {
            id: self.id,
            number: self.number.clone(),
            issue_date: self.issue_date,
        }
    }
}

/// Checks the (positive, validated) lines of a credit against the invoice and the credits it
/// already has: every line's treatment and rate must be one the invoice has, no rate may be
/// credited beyond its net on the invoice, and the whole credit not beyond what the invoice
/// still asks for. Errors name `items[i].tax_rate` or `items`.
pub fn check_credit(
    invoice: &Invoice,
    earlier: &[Correction],
    lines: &[LineItem],
    totals: &Totals,
) -> Result<(), ValidationErrors> {
    let mut c = Collector::new();
    let mut on_invoice: BTreeMap<(TaxTreatment, TaxRate), Decimal> = BTreeMap::new();
    for t in &invoice.totals.taxes {
        *on_invoice.entry((t.treatment.clone(), t.rate)).or_default() += t.net;
    }
    for earlier in earlier.iter().filter(|e| e.kind == CorrectionKind::Credit) {
        for t in &earlier.totals.taxes {
            // Earlier credits are negative: they use up the invoice's net.
            *on_invoice.entry((t.treatment.clone(), t.rate)).or_default() += t.net;
        }
    }
    for (i, line) in lines.iter().enumerate() {
        let key = (
            line.effective_treatment(&invoice.treatment).clone(),
            line.tax_rate(),
        );
        if !on_invoice.contains_key(&key) {
            c.push(
                format!("items[{i}].tax_rate"),
                ValueError::new("credit.rate_not_on_invoice")
                    .arg("rate", line.tax_rate().percent().normalize().to_string()),
            );
        }
    }
    c.finish()?;
    let mut c = Collector::new();
    for t in &totals.taxes {
        let left = on_invoice
            .get(&(t.treatment.clone(), t.rate))
            .copied()
            .unwrap_or_default();
        if t.net > left {
            c.push(
                "items",
                ValueError::new("credit.exceeds_rate")
                    .arg("rate", t.rate.percent().normalize().to_string())
                    .arg("left", left.to_string()),
            );
        }
    }
    let remaining = invoice.due_total();
    if totals.total > remaining {
        c.push(
            "items",
            ValueError::new("credit.exceeds_invoice").arg("remaining", remaining.to_string()),
        );
    }
    if totals.total <= Decimal::ZERO {
        c.push("items", ValueError::new("credit.nothing"));
    }
    c.finish()
}

/// The refund due after taking `amount` off `invoice` (before the invoice is changed): what
/// was paid beyond what it then asks for.
pub fn refund_due_after(invoice: &Invoice, amount: Decimal) -> Decimal {
    (invoice.amount_paid - (invoice.due_total() - amount)).max(Decimal::ZERO)
}
