//! Payment terms: days until due and an optional cash discount (Skonto) for paying within a
//! shorter time. A client's terms override the company's. An agreed reduction must be on the
//! invoice (§14 Abs. 4 Nr. 7 UStG), so the Skonto is frozen into the issued invoice with its
//! date and amounts.

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::currency::Currency;
use super::money::round;
use super::validation::{Collector, ValidationErrors, ValueError};

/// Longest payment term, in days.
pub const MAX_TERMS_DAYS: u32 = 365;
/// Highest cash discount accepted, in percent (anything above is a price, not a Skonto).
const MAX_SKONTO_PERCENT: Decimal = Decimal::from_parts(20, 0, 0, false, 0);

/// A cash discount for paying within `days` of the invoice date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skonto {
    /// Percent off the total (e.g. 2).
    pub percent: Decimal,
    /// Days after the invoice date the discount applies.
    pub days: u32,
}

/// A client's own payment terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentTerms {
    /// Days from the invoice date to the due date.
    pub days: u32,
    /// The cash discount, if one is agreed.
    #[serde(default)]
    pub skonto: Option<Skonto>,
}

/// Payment terms as a form or the API sends them; empty means "the company's".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PaymentTermsInput {
    /// Days until due.
    pub days: Option<u32>,
    /// Skonto percent.
    pub skonto_percent: Option<Decimal>,
    /// Skonto days.
    pub skonto_days: Option<u32>,
}

impl PaymentTermsInput {
    /// The input reproducing `t`.
    pub fn of(t: Option<&PaymentTerms>) -> Self {
        Self {
            days: t.map(|t| t.days),
            skonto_percent: t.and_then(|t| t.skonto.map(|s| s.percent)),
            skonto_days: t.and_then(|t| t.skonto.map(|s| s.days)),
        }
    }

    /// Validates; `None` when nothing was given (the company's terms apply). Field errors are
    /// `days`, `skonto_percent` and `skonto_days`.
    pub fn validate(&self) -> Result<Option<PaymentTerms>, ValidationErrors> {
        let mut c = Collector::new();
        if self.days.is_none() && (self.skonto_percent.is_some() || self.skonto_days.is_some()) {
            c.push("days", ValueError::new("terms.days_required"));
        }
        if let Some(d) = self.days
            && d > MAX_TERMS_DAYS
        {
            c.push("days", ValueError::new("terms.range"));
        }
        let skonto = validate_skonto(&mut c, self.skonto_percent, self.skonto_days, self.days);
        c.finish()?;
        Ok(self.days.map(|days| PaymentTerms { days, skonto }))
    }
}

/// Validates a Skonto pair (both or neither) against the payment term `days`; errors on
/// `skonto_percent` / `skonto_days`.
pub fn validate_skonto(
    c: &mut Collector,
    percent: Option<Decimal>,
    days: Option<u32>,
    terms_days: Option<u32>,
) -> Option<Skonto> {
    match (percent, days) {
        (None, None) => None,
        (Some(_), None) => {
            c.push("skonto_days", ValueError::new("skonto.incomplete"));
            None
        }
        (None, Some(_)) => {
            c.push("skonto_percent", ValueError::new("skonto.incomplete"));
            None
        }
        (Some(p), Some(d)) => {
            let mut ok = true;
            if p <= Decimal::ZERO || p > MAX_SKONTO_PERCENT || p.normalize().scale() > 2 {
                c.push(
                    "skonto_percent",
                    ValueError::new("skonto.percent").arg("max", MAX_SKONTO_PERCENT.to_string()),
                );
                ok = false;
            }
            if terms_days.is_some_and(|t| d >= t) || d == 0 {
                c.push("skonto_days", ValueError::new("skonto.days"));
                ok = false;
            }
            ok.then_some(Skonto {
                percent: p.normalize(),
                days: d,
            })
        }
    }
}

/// The Skonto of an issued invoice, as printed: pay `pay` by `until` instead of the total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkontoOffer {
    /// Percent off.
    pub percent: Decimal,
    /// Last day the discount applies.
    pub until: NaiveDate,
    /// The discount, rounded to the minor unit.
    pub discount: Decimal,
    /// What is to be paid by `until`.
    pub pay: Decimal,
}

impl Skonto {
    /// The offer on an invoice of `total` issued on `issued`.
    pub fn offer(&self, total: Decimal, issued: NaiveDate, currency: Currency) -> SkontoOffer {
        let discount = round(total * self.percent / Decimal::ONE_HUNDRED, currency);
        SkontoOffer {
            percent: self.percent,
            until: issued
                .checked_add_days(Days::new(u64::from(self.days)))
                .unwrap_or(issued),
            discount,
            pay: total - discount,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn skonto_offers_are_exact_and_bad_terms_name_their_field() {
        let s = Skonto {
            percent: dec!(2),
            days: 10,
        };
        let o = s.offer(
            dec!(1190.00),
            "2026-11-27".parse().expect("date"),
            Currency::EUR,
        );
        assert_eq!(o.discount, dec!(23.80));
        assert_eq!(o.pay, dec!(1166.20));
        assert_eq!(o.until.to_string(), "2026-12-07");
        let bad = PaymentTermsInput {
            days: Some(14),
            skonto_percent: Some(dec!(2)),
            skonto_days: Some(14),
        }
        .validate()
        .expect_err("window as long as the term");
        assert_eq!(
            bad.field("skonto_days").map(ValueError::code),
            Some("skonto.days")
        );
        let bad = PaymentTermsInput {
            days: Some(30),
            skonto_percent: Some(dec!(25)),
            skonto_days: Some(10),
        }
        .validate()
        .expect_err("too much");
        assert_eq!(
            bad.field("skonto_percent").map(ValueError::code),
            Some("skonto.percent")
        );
        assert_eq!(PaymentTermsInput::default().validate(), Ok(None));
    }
}
