//! Amounts in Stripe's units, which are not always ISO 4217's minor units.
//!
//! Stripe's API takes integers in "the currency's smallest unit", but its idea of that unit
//! differs from ISO 4217 for some currencies (Stripe's "Supported currencies" page, sections
//! "Zero-decimal currencies" and "Special cases"):
//! - **Zero-decimal** currencies are whole units: MGA has two ISO minor units but is
//!   zero-decimal at Stripe (so is JPY, as in ISO).
//! - **ISK** has no ISO minor unit, yet Stripe keeps it two-decimal with amounts divisible by
//!   100 (whole krónur): 5,000 ISK is `500000`. Converting with ISO's exponent charged 50 ISK.
//! - **Three-decimal** currencies (BHD, JOD, KWD, OMR, TND) must end in 0.
//! - HUF and TWD are two-decimal for charges (their whole-unit rule applies to payouts only).
//!
//! The same table converts both ways: amounts we send and amounts Stripe reports.

use crm_core::domain::Currency;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// Currencies Stripe treats as zero-decimal.
const ZERO_DECIMAL: &[&str] = &[
    "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV",
    "XAF", "XOF", "XPF",
];
/// Three-decimal currencies whose Stripe amounts must end in 0.
const THREE_DECIMAL: &[&str] = &["BHD", "JOD", "KWD", "OMR", "TND"];
/// Two-decimal at Stripe, but only whole units may be charged (amount divisible by 100).
const WHOLE_UNITS_IN_TWO_DECIMALS: &[&str] = &["ISK"];

/// How Stripe represents a currency's amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StripeUnit {
    /// Decimal places of Stripe's integer amounts.
    pub exponent: u32,
    /// Stripe amounts must be a multiple of this.
    pub step: i64,
}

/// Stripe's unit for `currency`.
pub fn unit(currency: Currency) -> StripeUnit {
    let code = currency.code();
    if ZERO_DECIMAL.contains(&code) {
        StripeUnit {
            exponent: 0,
            step: 1,
        }
    } else if THREE_DECIMAL.contains(&code) {
        StripeUnit {
            exponent: 3,
            step: 10,
        }
    } else if WHOLE_UNITS_IN_TWO_DECIMALS.contains(&code) {
        StripeUnit {
            exponent: 2,
            step: 100,
        }
    } else {
        StripeUnit {
            exponent: currency.minor_units(),
            step: 1,
        }
    }
}

/// Why an amount has no Stripe representation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// The amount is finer than Stripe can charge in this currency (e.g. 0.50 MGA, 5.125 KWD).
    #[error("{amount} {currency} cannot be charged through Stripe: it is finer than Stripe's unit")]
    NotRepresentable {
        /// The amount.
        amount: Decimal,
        /// Its currency code.
        currency: String,
    },
    /// Zero, negative or too large for Stripe's integer amounts.
    #[error("{amount} {currency} is out of Stripe's range")]
    OutOfRange {
        /// The amount.
        amount: Decimal,
        /// Its currency code.
        currency: String,
    },
}

/// `amount` as Stripe's integer amount, refusing what Stripe cannot represent exactly.
pub fn to_stripe(amount: Decimal, currency: Currency) -> Result<i64, AmountError> {
    let u = unit(currency);
    let scaled = amount * Decimal::from(10_i64.pow(u.exponent));
    if scaled.fract() != Decimal::ZERO {
        return Err(AmountError::NotRepresentable {
            amount,
            currency: currency.code().to_owned(),
        });
    }
    let minor = scaled
        .to_i64()
        .filter(|m| *m > 0)
        .ok_or_else(|| AmountError::OutOfRange {
            amount,
            currency: currency.code().to_owned(),
        })?;
    if minor % u.step != 0 {
        return Err(AmountError::NotRepresentable {
            amount,
            currency: currency.code().to_owned(),
        });
    }
    Ok(minor)
}

/// A Stripe integer amount as money in `currency`, at the currency's ISO scale when exact
/// (so 500000 ISK from Stripe is 5000 ISK, not 5000.00).
pub fn from_stripe(minor: i64, currency: Currency) -> Decimal {
    let mut value = Decimal::new(minor, unit(currency).exponent);
    let iso = currency.minor_units();
    if value.scale() > iso && value.round_dp(iso) == value {
        value = value.round_dp(iso);
        value.rescale(iso);
    }
    value
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn cur(code: &str) -> Currency {
        Currency::parse(code).unwrap()
    }
    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn eur_has_two_decimals() {
        assert_eq!(to_stripe(d("1234.56"), cur("EUR")), Ok(123_456));
        assert_eq!(from_stripe(123_456, cur("EUR")), d("1234.56"));
        assert!(to_stripe(d("0.001"), cur("EUR")).is_err());
    }

    #[test]
    fn jpy_is_zero_decimal() {
        assert_eq!(to_stripe(d("500"), cur("JPY")), Ok(500));
        assert_eq!(from_stripe(500, cur("JPY")), d("500"));
    }

    #[test]
    fn isk_is_two_decimal_in_whole_kronur() {
        // 5,000 ISK was charged as 50 ISK with ISO's exponent (0).
        assert_eq!(to_stripe(d("5000"), cur("ISK")), Ok(500_000));
        let back = from_stripe(500_000, cur("ISK"));
        assert_eq!(back, d("5000"));
        assert_eq!(back.scale(), 0);
    }

    #[test]
    fn mga_is_zero_decimal_at_stripe() {
        // ISO gives MGA two minor units; Stripe charges whole ariary.
        assert_eq!(to_stripe(d("1500"), cur("MGA")), Ok(1500));
        assert_eq!(from_stripe(1500, cur("MGA")), d("1500"));
        assert!(matches!(
            to_stripe(d("1500.50"), cur("MGA")),
            Err(AmountError::NotRepresentable { .. })
        ));
    }

    #[test]
    fn huf_charges_have_two_decimals() {
        assert_eq!(to_stripe(d("10.45"), cur("HUF")), Ok(1045));
        assert_eq!(from_stripe(1045, cur("HUF")), d("10.45"));
    }

    #[test]
    fn three_decimal_currencies_end_in_zero() {
        for code in ["KWD", "BHD", "JOD"] {
            assert_eq!(to_stripe(d("5.120"), cur(code)), Ok(5120), "{code}");
            assert_eq!(from_stripe(5120, cur(code)), d("5.120"), "{code}");
            assert!(
                matches!(
                    to_stripe(d("5.125"), cur(code)),
                    Err(AmountError::NotRepresentable { .. })
                ),
                "{code}"
            );
        }
    }

    #[test]
    fn zero_and_negative_are_refused() {
        assert!(matches!(
            to_stripe(Decimal::ZERO, cur("EUR")),
            Err(AmountError::OutOfRange { .. })
        ));
        assert!(to_stripe(d("-1"), cur("EUR")).is_err());
    }
}
