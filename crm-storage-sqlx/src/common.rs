//! What both backends share: money in minor units, value parsing, and error translation.

use crm_core::domain::{Currency, Locale, TaxId};
use crm_core::ports::StoreError;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// An amount in the currency's minor units (cents). Fails if the amount is not exact to the
/// minor unit or does not fit: the core never produces such amounts, so this is corruption.
pub fn to_minor(amount: Decimal, currency: Currency) -> Result<i64, StoreError> {
    let scaled = amount
        .checked_mul(Decimal::from(10_i64.pow(currency.minor_units())))
        .ok_or_else(|| StoreError::Corrupt(format!("{amount} is too large to store")))?;
    if scaled.fract() != Decimal::ZERO {
        return Err(StoreError::Corrupt(format!(
            "{amount} is not exact to the minor unit of {currency}"
        )));
    }
    scaled
        .to_i64()
        .ok_or_else(|| StoreError::Corrupt(format!("{amount} does not fit in 64 bits")))
}

/// The inverse of [`to_minor`].
pub fn from_minor(minor: i64, currency: Currency) -> Decimal {
    Decimal::new(minor, currency.minor_units())
}

/// A stored currency code.
pub fn currency(code: &str) -> Result<Currency, StoreError> {
    Currency::parse(code).map_err(|e| StoreError::Corrupt(format!("currency: {e}")))
}

/// A stored locale tag.
pub fn locale(tag: &str) -> Result<Locale, StoreError> {
    Locale::parse(tag).map_err(|e| StoreError::Corrupt(format!("locale: {e}")))
}

/// A stored tax ID.
pub fn tax_id(value: Option<String>) -> Result<Option<TaxId>, StoreError> {
    value
        .map(|v| TaxId::from_stored(&v).map_err(|e| StoreError::Corrupt(format!("tax id: {e}"))))
        .transpose()
}

/// A corrupt enum value.
pub fn bad(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("unknown {what} '{value}'"))
}

/// Which uniqueness rule a unique-constraint violation broke, from the constraint name
/// (PostgreSQL) or the message naming the columns (SQLite).
fn conflict_kind(constraint: Option<&str>, message: &str) -> &'static str {
    let probe = constraint.unwrap_or(message);
    if probe.contains("staff_users_email_key") || probe.contains("staff_users.email_normalized") {
        "staff_email"
    } else if probe.contains("clients_number_key") || probe.contains("clients.number") {
        "client_number"
    } else if probe.contains("payments_reference_key") || probe.contains("payments.reference") {
        "payment_reference"
    } else if probe.contains("refunds_reference_key") || probe.contains("refunds.reference") {
        "refund_reference"
    } else if probe.contains("token_hash") {
        "token_hash"
    } else if probe.contains("invoices_number_key") || probe.contains("invoices.number") {
        "invoice_number"
    } else if probe.contains("quotes_number_key") || probe.contains("quotes.number") {
        "quote_number"
    } else if probe.contains("corrections_number_key") || probe.contains("corrections.number") {
        "correction_number"
    } else if probe.contains("reminder_items") {
        "reminder_item"
    } else if probe.contains("reminders_number_key") || probe.contains("reminders.number") {
        "reminder_number"
    } else if probe.contains("issued_documents") {
        "issued_document"
    } else if probe.contains("contacts") {
        "contact"
    } else {
        "row"
    }
}

/// Translates a driver error into the port's error.
pub fn db_error(e: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &e
        && db.is_unique_violation()
    {
        return StoreError::Conflict(conflict_kind(db.constraint(), db.message()));
    }
    match e {
        // No connection at all: the caller can only wait (a 503, not a 500).
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => StoreError::Unavailable(e.to_string()),
        e => StoreError::Backend(Box::new(e)),
    }
}

/// Translates a failure to get a connection (or begin on one): anything but an error the
/// database itself reported means there is no usable connection — including protocol errors of
/// a connection attempt that a dying server or proxy cut off.
pub fn acquire_error(e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::Database(_) => db_error(e),
        e => StoreError::Unavailable(e.to_string()),
    }
}

/// Translates a JSON (de)serialisation failure of a stored column.
pub fn json_error(e: serde_json::Error) -> StoreError {
    StoreError::Corrupt(format!("json column: {e}"))
}

/// Lower-cased text a client is found by: name, number and contact emails.
pub fn search_text(client: &crm_core::domain::Client) -> String {
    let mut s = format!(
        "{}\n{}",
        client.name.to_lowercase(),
        client.number.to_lowercase()
    );
    for c in &client.contacts {
        s.push('\n');
        s.push_str(&c.email.normalized());
    }
    s
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
pub fn like_pattern(needle: &str) -> String {
    let mut p = String::with_capacity(needle.len() + 2);
    p.push('%');
    for ch in needle.to_lowercase().chars() {
        if matches!(ch, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(ch);
    }
    p.push('%');
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minor_units_round_trip_exactly() {
        let eur = Currency::EUR;
        assert_eq!(to_minor(Decimal::new(123_456, 2), eur).ok(), Some(123_456));
        assert_eq!(from_minor(123_456, eur), Decimal::new(123_456, 2));
        assert_eq!(to_minor(Decimal::new(5, 0), Currency::JPY).ok(), Some(5));
        assert!(to_minor(Decimal::new(1, 3), eur).is_err());
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern("50%_Ä"), "%50\\%\\_ä%");
    }
}
