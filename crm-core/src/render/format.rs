//! Number, money and date formatting per locale: `1.234,56 €` (de-DE) vs `€1,234.56` (en).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::{Currency, EurRate, Locale, Unit, money};
use crate::i18n::Arg;

/// Formats `amount` with the currency's minor units, grouped per `locale`.
pub fn number(amount: Decimal, decimals: u32, locale: Locale) -> String {
    let (group, point) = match locale {
        Locale::De => ('.', ','),
        Locale::En => (',', '.'),
    };
    let mut value = amount.round_dp_with_strategy(
        decimals,
        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    );
    value.rescale(decimals);
    let negative = value.is_sign_negative() && !value.is_zero();
    let text = value.abs().to_string();
    let (int_part, frac_part) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::with_capacity(text.len() + text.len() / 3 + 2);
    for (i, ch) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(ch);
    }
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&grouped);
    if !frac_part.is_empty() {
        out.push(point);
        out.push_str(frac_part);
    }
    out
}

/// Formats money: `1.234,56 €` in German, `€1,234.56` in English; currencies without a
/// symbol use their code (`1.234,56 CHF`, `CHF 1,234.56`).
pub fn money(amount: Decimal, currency: Currency, locale: Locale) -> String {
    let amount = money::round(amount, currency);
    let digits = number(amount.abs(), currency.minor_units(), locale);
    with_symbol(amount, &digits, currency, locale)
}

/// Formats a unit price like [`money()`], but keeps decimals beyond the currency's minor unit
/// (`0,125 €`): unit prices may be more precise than the currency, and rounding them here
/// would print a price that does not multiply out to the line total.
pub fn unit_price(amount: Decimal, currency: Currency, locale: Locale) -> String {
    let decimals = amount.normalize().scale().max(currency.minor_units());
    let digits = number(amount.abs(), decimals, locale);
    with_symbol(amount, &digits, currency, locale)
}

fn with_symbol(amount: Decimal, digits: &str, currency: Currency, locale: Locale) -> String {
    let sign = if amount.is_sign_negative() && !amount.is_zero() {
        "-"
    } else {
        ""
    };
    let symbol = currency.symbol();
    let is_code = symbol == currency.code();
    match locale {
        Locale::De => format!("{sign}{digits}\u{a0}{symbol}"),
        Locale::En if is_code => format!("{sign}{symbol}\u{a0}{digits}"),
        Locale::En => format!("{sign}{symbol}{digits}"),
    }
}

/// Formats a percentage: `19 %` / `19%`, `7,5 %` / `7.5%`.
pub fn percent(rate: Decimal, locale: Locale) -> String {
    let r = rate.normalize();
    let digits = number(r, r.scale(), locale);
    match locale {
        Locale::De => format!("{digits}\u{a0}%"),
        Locale::En => format!("{digits}%"),
    }
}

/// A line's quantity with its unit's abbreviation from the catalogue (`locales/*/units.ftl`):
/// `10 Std.`, `3 Tage`, `1 day`; a count without unit (`C62`) is the plain number, as on
/// documents from before units existed. A no-break space keeps the two together.
pub fn quantity(quantity: Decimal, unit: Unit, locale: Locale) -> String {
    let q = quantity.normalize();
    let digits = number(q, q.scale(), locale);
    if unit.is_plain_count() {
        return digits;
    }
    // The plural selector gets the integer for whole quantities; a fraction is passed as
    // text, which no `[one]` variant matches, so it reads as plural ("1,5 Tage", "1.5 days"),
    // as CLDR has it for German and English.
    let count = if q.scale() == 0 {
        i64::try_from(q.abs().mantissa()).map_or_else(|_| Arg::from(digits.clone()), Arg::Int)
    } else {
        Arg::from(digits.clone())
    };
    let short = crate::i18n::text_args(locale, unit.short_key(), &[("count", count)]);
    format!("{digits}\u{a0}{short}")
}

/// A country's name in `locale` ("Österreich" / "Austria"), or its code when the catalogue
/// (`locales/*/countries.ftl`) has no name for it.
pub fn country(country: crate::domain::Country, locale: Locale) -> &'static str {
    crate::i18n::text(locale, &format!("country.{}", country.code())).unwrap_or(country.code())
}

/// Formats a date: `27.11.2026` / `Nov 27, 2026`.
pub fn date(d: NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::De => d.format("%d.%m.%Y").to_string(),
        Locale::En => d.format("%b %-d, %Y").to_string(),
    }
}

/// The VAT of a foreign-currency document in euros, as every view states it: the label with
/// the rate ("USt in EUR (1 USD = 0,9234 EUR)") and the amount ("210,54 €").
pub fn vat_in_eur(
    rate: EurRate,
    tax: Decimal,
    currency: Currency,
    locale: Locale,
) -> (String, String) {
    let r = rate.rate();
    let label = crate::i18n::text_args(
        locale,
        "pdf.vat_in_eur",
        &[
            ("currency", Arg::from(currency.code())),
            ("rate", Arg::from(number(r, r.scale(), locale))),
        ],
    );
    (label, money(rate.to_eur(tax), Currency::EUR, locale))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn quantities_with_units() {
        let nb = |s: &str| s.replace(' ', "\u{a0}");
        assert_eq!(quantity(dec!(10), Unit::Hour, Locale::De), nb("10 Std."));
        assert_eq!(quantity(dec!(10), Unit::Hour, Locale::En), nb("10 h"));
        assert_eq!(quantity(dec!(1), Unit::Day, Locale::De), nb("1 Tag"));
        assert_eq!(quantity(dec!(3), Unit::Day, Locale::De), nb("3 Tage"));
        assert_eq!(quantity(dec!(1.5), Unit::Day, Locale::De), nb("1,5 Tage"));
        assert_eq!(quantity(dec!(3.00), Unit::Day, Locale::En), nb("3 days"));
        assert_eq!(quantity(dec!(-1), Unit::Month, Locale::En), nb("-1 month"));
        assert_eq!(
            quantity(dec!(2500), Unit::Kilogram, Locale::De),
            nb("2.500 kg")
        );
        // A count prints the number alone, exactly as before units existed.
        assert_eq!(quantity(dec!(2.50), Unit::One, Locale::De), "2,5");
        assert_eq!(quantity(dec!(1234), Unit::One, Locale::En), "1,234");
    }

    #[test]
    fn money_per_locale() {
        assert_eq!(
            money(dec!(1234.56), Currency::EUR, Locale::De),
            "1.234,56\u{a0}€"
        );
        assert_eq!(money(dec!(1234.56), Currency::EUR, Locale::En), "€1,234.56");
        assert_eq!(money(dec!(-0.5), Currency::EUR, Locale::En), "-€0.50");
        assert_eq!(
            money(dec!(1234567), Currency::JPY, Locale::De),
            "1.234.567\u{a0}¥"
        );
        assert_eq!(
            money(dec!(12.5), Currency::CHF, Locale::En),
            "CHF\u{a0}12.50"
        );
        assert_eq!(money(dec!(0), Currency::EUR, Locale::De), "0,00\u{a0}€");
        assert_eq!(money(dec!(100), Currency::EUR, Locale::De), "100,00\u{a0}€");
    }

    #[test]
    fn unit_prices_keep_extra_decimals() {
        assert_eq!(
            unit_price(dec!(0.125), Currency::EUR, Locale::De),
            "0,125\u{a0}€"
        );
        assert_eq!(
            unit_price(dec!(1234.5), Currency::EUR, Locale::En),
            "€1,234.50"
        );
        assert_eq!(unit_price(dec!(1500), Currency::JPY, Locale::En), "¥1,500");
    }

    #[test]
    fn dates_and_percentages() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 7).expect("date");
        assert_eq!(date(d, Locale::De), "07.11.2026");
        assert_eq!(date(d, Locale::En), "Nov 7, 2026");
        assert_eq!(percent(dec!(7.50), Locale::De), "7,5\u{a0}%");
        assert_eq!(percent(dec!(19), Locale::En), "19%");
    }
}
