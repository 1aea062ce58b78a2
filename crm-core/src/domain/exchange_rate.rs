//! The euro rate of a foreign-currency invoice.
//!
//! An invoice may be written in any currency, but a seller in the euro area owes its VAT in
//! euros: the invoice must state the VAT amount in euros, converted at the rate of §16 Abs. 6
//! UStG (the monthly average the Federal Ministry of Finance publishes, or a documented daily
//! rate; Art. 230 of the VAT Directive). Staff enter that rate on the draft; it is frozen with
//! the invoice and its corrections, printed on the PDF and written to the e-invoice (BT-6,
//! BT-111), so both documents show the same euro amount.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::address::Country;
use super::currency::Currency;
use super::money::round;
use super::validation::ValueError;

/// Most decimals a rate may have (the ECB's and the Ministry's tables give at most 5
/// significant digits; 6 leaves room for inverted rates without inventing precision).
pub const MAX_RATE_DECIMALS: u32 = 6;

/// Euros per one unit of the invoice's currency (e.g. `0.9234` for 1 USD = 0.9234 EUR).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EurRate(Decimal);

impl EurRate {
    /// A rate: positive, below one million, with at most [`MAX_RATE_DECIMALS`] decimals.
    pub fn new(rate: Decimal) -> Result<Self, ValueError> {
        if rate <= Decimal::ZERO || rate >= Decimal::from(1_000_000) {
            return Err(ValueError::new("eur_rate.range"));
        }
        let rate = rate.normalize();
        if rate.scale() > MAX_RATE_DECIMALS {
            return Err(
                ValueError::new("eur_rate.precision").arg("decimals", i64::from(MAX_RATE_DECIMALS))
            );
        }
        Ok(Self(rate))
    }

    /// Euros per unit of the invoice currency.
    pub fn rate(self) -> Decimal {
        self.0
    }

    /// `amount` (in the invoice's currency) in euros, rounded to the cent.
    pub fn to_eur(self, amount: Decimal) -> Decimal {
        round(amount * self.0, Currency::EUR)
    }
}

impl fmt::Display for EurRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Whether an invoice in `currency` by a seller in `seller_country` must state its VAT in
/// euros as well: a foreign currency, and a seller whose VAT is declared in euros.
pub fn needs_eur_rate(currency: Currency, seller_country: Country) -> bool {
    currency != Currency::EUR && seller_country.is_euro_area()
}

/// Checks the rate a draft asks for: none for a euro invoice (there is nothing to convert).
pub fn validate_eur_rate(
    rate: Option<Decimal>,
    currency: Currency,
) -> Result<Option<EurRate>, ValueError> {
    match rate {
        None => Ok(None),
        Some(_) if currency == Currency::EUR => Err(ValueError::new("eur_rate.not_foreign")),
        Some(r) => EurRate::new(r).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn a_rate_converts_to_the_cent() {
        let r = EurRate::new(dec!(0.923400)).unwrap();
        assert_eq!(r.rate(), dec!(0.9234));
        assert_eq!(r.to_eur(dec!(190.00)), dec!(175.45));
        assert_eq!(r.to_eur(dec!(0.005)), dec!(0.00));
        assert_eq!(r.to_eur(dec!(-190.00)), dec!(-175.45));
    }

    #[test]
    fn bad_rates_are_refused_with_a_code() {
        for bad in [dec!(0), dec!(-1), dec!(1000000)] {
            assert_eq!(EurRate::new(bad).unwrap_err().code(), "eur_rate.range");
        }
        assert_eq!(
            EurRate::new(dec!(0.1234567)).unwrap_err().code(),
            "eur_rate.precision"
        );
        assert_eq!(
            validate_eur_rate(Some(dec!(1)), Currency::EUR)
                .unwrap_err()
                .code(),
            "eur_rate.not_foreign"
        );
        assert_eq!(validate_eur_rate(None, Currency::EUR).unwrap(), None);
    }

    #[test]
    fn only_a_foreign_currency_of_a_euro_area_seller_needs_a_rate() {
        let de = Country::parse("DE").unwrap();
        let pl = Country::parse("PL").unwrap();
        assert!(needs_eur_rate(Currency::USD, de));
        assert!(!needs_eur_rate(Currency::EUR, de));
        assert!(!needs_eur_rate(Currency::USD, pl));
    }
}
