//! The API's own wire types (with OpenAPI schemas), converted from and to the core's types.
//! Amounts are decimal strings, dates ISO 8601, ids UUIDs.

use chrono::{DateTime, NaiveDate, Utc};
use crm_core::domain::validation::Collector;
use crm_core::domain::{
    AddressInput, Author, Client, ClientId, ClientMetrics, ContactInput, Country, DocumentSummary,
    Invoice, LineItem, LineItemInput, Payment, Quote, ServicePeriod, SupplyKind, TaxTreatment,
    Ticket, TicketMessage, Totals, ValidationErrors, ValueError,
};
use crm_core::service::InvoiceInput;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// An amount as a decimal string with exactly the currency's minor digits ("238.00").
pub fn money(amount: Decimal, currency: crm_core::domain::Currency) -> String {
    // The one rounding rule (half away from zero); stored amounts are exact already.
    let mut a = crm_core::domain::money::round(amount, currency);
    a.rescale(currency.minor_units());
    a.to_string()
}

/// Parses a decimal string field, collecting a bilingual error.
pub fn decimal(errors: &mut Collector, field: &str, text: &str) -> Decimal {
    // Exactly the documented form (no exponent, underscores, signs or spaces that
    // `Decimal::from_str` would also take), so schema and server agree.
    let (int, frac) = text
        .strip_prefix('-')
        .unwrap_or(text)
        .split_once('.')
        .unwrap_or((text.strip_prefix('-').unwrap_or(text), "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match text.parse::<Decimal>() {
        Ok(d) if digits(int) && digits(frac) => d,
        _ => {
            errors.push(field, ValueError::new("decimal.invalid"));
            Decimal::ZERO
        }
    }
}

mod bank;
mod clients;
mod company;
mod corrections;
mod documents;
mod dunning;
mod logo;
mod mail;
mod templates;
mod tickets;

pub use bank::*;
pub use clients::*;
pub use company::*;
pub use corrections::*;
pub use documents::*;
pub use dunning::*;
pub use logo::*;
pub use mail::*;
pub use templates::*;
pub use tickets::*;
