//! The company: the tenant every other row belongs to.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::address::PostalAddress;
use super::currency::Currency;
use super::email::EmailAddress;
use super::iban::BankAccount;
use super::ids::CompanyId;
use super::legal::LegalDetails;
use super::locale::Locale;
use super::tax_id::TaxId;

/// Paper size of generated PDFs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaperSize {
    /// ISO A4 (the default).
    #[default]
    A4,
    /// US Letter.
    Letter,
}

/// Per-company settings with sensible defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanySettings {
    /// Format of invoice numbers: a prefix (`RE-` → `RE-00001`) or a pattern
    /// (`RE-{YYYY}-{NNNN}` → `RE-2026-0001`; see [`super::numbering`]).
    pub invoice_prefix: String,
    /// Format of quote numbers (prefix or pattern).
    pub quote_prefix: String,
    /// Format of cancellation invoice numbers (their own range).
    #[serde(default = "default_cancellation_prefix")]
    pub cancellation_prefix: String,
    /// Format of corrective credit numbers (their own range).
    #[serde(default = "default_credit_prefix")]
    pub credit_prefix: String,
    /// Whether invoice and quote counters restart each year (only with the year in the
    /// number).
    #[serde(default)]
    pub yearly_reset: bool,
    /// Prefix of client numbers.
    pub client_prefix: String,
    /// Days from issue to due date when an invoice has none.
    pub payment_terms_days: u32,
    /// The company's cash discount for early payment, if it offers one.
    #[serde(default)]
    pub skonto: Option<super::payment_terms::Skonto>,
    /// Days a sent quote stays valid when it has no date of its own.
    pub quote_validity_days: u32,
    /// Paper size of PDFs.
    pub paper_size: PaperSize,
    /// Bank details shown when online payment is not configured (free text, e.g. IBAN/BIC).
    pub bank_details: Option<String>,
    /// The company's bank account (IBAN checked): printed on invoices, and the account the
    /// GiroCode on open euro invoices pays into. Settings stored before it existed have none.
    #[serde(default)]
    pub bank_account: Option<BankAccount>,
    /// The accounting copy: every invoice, quote, correction and reminder email also goes to
    /// this address in `Bcc` (the bookkeeper, a DATEV inbox); never sign-in links or ticket
    /// replies.
    #[serde(default)]
    pub accounting_bcc: Option<EmailAddress>,
    /// The company's logo (its bytes are in the document archive); settings stored before
    /// logos existed have none.
    #[serde(default)]
    pub logo: Option<super::logo::LogoRef>,
    /// How the company's overdue invoices are dunned; settings stored before dunning existed
    /// get the default schedule.
    #[serde(default)]
    pub dunning: super::dunning::DunningSettings,
}

impl Default for CompanySettings {
    fn default() -> Self {
        Self {
            invoice_prefix: "RE-".into(),
            quote_prefix: "AN-".into(),
            cancellation_prefix: default_cancellation_prefix(),
            credit_prefix: default_credit_prefix(),
            yearly_reset: false,
            client_prefix: "K-".into(),
            payment_terms_days: 14,
            skonto: None,
            quote_validity_days: 30,
            paper_size: PaperSize::A4,
            bank_details: None,
            bank_account: None,
            accounting_bcc: None,
            logo: None,
            dunning: super::dunning::DunningSettings::default(),
        }
    }
}

fn default_cancellation_prefix() -> String {
    "ST-".into()
}

fn default_credit_prefix() -> String {
    "RK-".into()
}

/// A company (tenant): the business that sends invoices to its clients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Company {
    /// Id.
    pub id: CompanyId,
    /// Legal name shown on documents.
    pub name: String,
    /// Sender and reply-to address of emails.
    pub email: EmailAddress,
    /// Postal address shown on documents.
    pub address: PostalAddress,
    /// The company's VAT ID (companies of earlier versions may hold their tax number here).
    pub tax_id: Option<TaxId>,
    /// Tax number, §19 mode, business-letter details, document contact.
    #[serde(default)]
    pub legal: LegalDetails,
    /// Default currency of new clients.
    pub currency: Currency,
    /// Default language of new clients.
    pub locale: Locale,
    /// Settings.
    pub settings: CompanySettings,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}
