//! Formatting for pages: the core's locale rules (`1.234,56 €` / `€1,234.56`) plus labels.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crm_core::domain::{Currency, Locale};
use crm_core::render::format;

use super::i18n;

/// Money per locale.
pub fn money(amount: Decimal, currency: Currency, locale: Locale) -> String {
    format::money(amount, currency, locale)
}

/// A date per locale.
pub fn date(d: NaiveDate, locale: Locale) -> String {
    format::date(d, locale)
}

/// An optional date per locale, `–` when absent.
pub fn opt_date(d: Option<NaiveDate>, locale: Locale) -> String {
    d.map_or_else(|| "–".to_owned(), |d| format::date(d, locale))
}

/// The label of a stored status name (`sent`, `paid`, `waiting_on_staff`, …), or the name
/// itself when the table has none.
pub fn status(name: &str, locale: Locale) -> String {
    i18n::text(&format!("status.{name}"), locale).map_or_else(|| name.to_owned(), str::to_owned)
}

/// The text `key` for a count of `n` ("1 overdue invoice", "3 overdue invoices"): the one
/// place a count meets a text; the catalogue's plural selector chooses the form.
pub fn count(n: usize, key: &str, locale: Locale) -> String {
    i18n::text_args(key, locale, &[("count", crm_core::i18n::Arg::from(n))])
}
