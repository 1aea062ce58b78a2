//! The company's bank account on the wire.

use super::*;

/// A bank account as sent. Spaces and lower case are fine in the IBAN and BIC; the IBAN's
/// check digits, its length for its country and the BIC's form are verified (422 with
/// per-field errors `iban`, `bic`, `holder`, `bank_name` otherwise).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BankAccountIn {
    /// IBAN, e.g. `DE89 3704 0044 0532 0130 00`.
    #[schema(min_length = 1)]
    pub iban: String,
    /// BIC (8 or 11 characters); required for an account outside the EEA.
    #[serde(default)]
    pub bic: Option<String>,
    /// Account holder (at most 70 characters); the company's name when omitted.
    #[serde(default)]
    pub holder: Option<String>,
    /// Name of the bank (at most 100 characters).
    #[serde(default)]
    pub bank_name: Option<String>,
}

impl BankAccountIn {
    /// The core's input.
    pub fn to_input(&self) -> crm_core::domain::BankAccountInput {
        crm_core::domain::BankAccountInput {
            holder: self.holder.clone(),
            iban: self.iban.clone(),
            bic: self.bic.clone(),
            bank_name: self.bank_name.clone(),
        }
    }
}

/// The company's bank account: printed on invoices; open euro invoices carry a GiroCode
/// (EPC QR code) that pays into it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BankAccountOut {
    /// IBAN, compact (`DE89370400440532013000`).
    pub iban: String,
    /// IBAN in groups of four, as printed (`DE89 3704 0044 0532 0130 00`).
    pub iban_formatted: String,
    /// The IBAN's two-letter country code.
    pub country: String,
    /// BIC.
    pub bic: Option<String>,
    /// Account holder.
    pub holder: Option<String>,
    /// Name of the bank.
    pub bank_name: Option<String>,
}

impl From<&crm_core::domain::BankAccount> for BankAccountOut {
    fn from(a: &crm_core::domain::BankAccount) -> Self {
        Self {
            iban: a.iban.as_str().to_owned(),
            iban_formatted: a.iban.to_string(),
            country: a.iban.country_code().to_owned(),
            bic: a.bic.as_ref().map(|b| b.as_str().to_owned()),
            holder: a.holder.clone(),
            bank_name: a.bank_name.clone(),
        }
    }
}
