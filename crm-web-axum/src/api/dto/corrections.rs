//! Cancellation invoices and corrective credits on the wire.

use super::*;
use crm_core::domain::Correction;
use crm_core::service::{CancelInput, CreditInput};

/// Why an invoice is cancelled; both fields optional (an empty body cancels without a reason).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelIn {
    /// Printed on the cancellation invoice.
    #[serde(default)]
    pub reason: Option<String>,
    /// Email the cancellation invoice to the client's primary contact.
    #[serde(default)]
    pub send: bool,
}

impl CancelIn {
    /// The core input.
    pub fn to_core(&self) -> CancelInput {
        CancelInput {
            reason: self.reason.clone(),
        }
    }
}

/// A corrective credit: the lines to take back (positive amounts, at rates the invoice has).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreditIn {
    /// What is credited.
    #[schema(min_items = 1)]
    pub items: Vec<ItemIn>,
    /// Printed on the credit note.
    #[serde(default)]
    pub reason: Option<String>,
    /// Email the credit note to the client's primary contact.
    #[serde(default)]
    pub send: bool,
}

impl CreditIn {
    /// The core input.
    pub fn to_core(&self, errors: &mut Collector) -> CreditInput {
        CreditInput {
            items: items(errors, &self.items),
            reason: self.reason.clone(),
        }
    }
}

/// The invoice a correction refers to.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CorrectedOut {
    /// Its id.
    pub id: Uuid,
    /// Its number.
    pub number: String,
    /// Its issue date.
    pub issue_date: NaiveDate,
}

/// A cancellation invoice (`kind` `cancellation`) or corrective credit (`credit`): issued
/// when created, never changed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CorrectionOut {
    /// Id.
    pub id: Uuid,
    /// Client.
    pub client_id: Uuid,
    /// `cancellation` or `credit`.
    #[schema(pattern = "^(cancellation|credit)$")]
    pub kind: String,
    /// Number from the kind's own range.
    pub number: String,
    /// Issue date.
    pub issue_date: NaiveDate,
    /// ISO 4217.
    pub currency: String,
    /// The invoice it corrects.
    pub corrects: CorrectedOut,
    /// The lines, negated.
    pub items: Vec<ItemOut>,
    /// Totals (negative).
    pub totals: TotalsOut,
    /// The corrected invoice's euro rate (decimal string), for a foreign currency.
    pub eur_rate: Option<String>,
    /// The VAT total in euros at `eur_rate` (negative).
    pub tax_eur: Option<String>,
    /// What it takes back (positive).
    pub amount: String,
    /// What was paid beyond what the invoice then asked for: to be refunded.
    pub refund_due: String,
    /// Why.
    pub reason: Option<String>,
    /// SHA-256 (hex) of its PDF, frozen when it was issued.
    pub pdf_sha256: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
}

impl CorrectionOut {
    /// Converts.
    pub fn new(c: &Correction, sha256: Option<crm_core::domain::DocumentHash>) -> Self {
        Self {
            id: c.id.as_uuid(),
            client_id: c.client_id.as_uuid(),
            kind: c.kind.as_str().to_owned(),
            number: c.number.clone(),
            issue_date: c.issue_date,
            currency: c.currency.code().to_owned(),
            corrects: CorrectedOut {
                id: c.corrects.id.as_uuid(),
                number: c.corrects.number.clone(),
                issue_date: c.corrects.issue_date,
            },
            items: c.lines.iter().map(|l| item_out(l, c.currency)).collect(),
            totals: totals_out(&c.totals, c.currency),
            eur_rate: c.eur_rate.map(|r| r.to_string()),
            tax_eur: c
                .eur_rate
                .map(|r| money(r.to_eur(c.totals.tax), crm_core::domain::Currency::EUR)),
            amount: money(c.amount(), c.currency),
            refund_due: money(c.refund_due, c.currency),
            reason: c.reason.clone(),
            pdf_sha256: sha256.map(|h| h.to_hex()),
            created_at: c.created_at,
        }
    }
}
