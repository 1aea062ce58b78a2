//! Default interest (Verzugszinsen) of §288 BGB.
//!
//! # The rule
//!
//! - **Rate**: the base rate of the day ([`BaseRateTable`]) plus 9 percentage points when the
//!   debtor is a business (§288 Abs. 2, a claim for payment between businesses), plus 5 points
//!   for a consumer (§288 Abs. 1). The base rate may be negative; the sum is used as it is.
//! - **Days**: from the day after the due date (the debtor is in default from then on with a
//!   calendar due date, §286 Abs. 2 Nr. 1 BGB) up to and including the computation date.
//! - **Day count**: actual days / 365, also in leap years. No statute fixes a convention;
//!   §191 BGB counts a year as 365 days and German courts and dunning practice commonly divide
//!   by 365; default interest accrues per day (the debtor can end it any day), so actual days
//!   are counted rather than 30-day months.
//! - **Segments**: the period is split at every base-rate change and every change of the open
//!   principal, so each day bears the rate and the principal of that day. Adjacent days with
//!   the same rate and principal form one segment (a table entry that repeats the previous rate
//!   splits nothing).
//! - **Principal**: given as a start amount and [`PrincipalStep`]s — the open principal from a
//!   date on. A payment credited on day D is a step from D: the paid part bears no interest on
//!   the day it arrived.
//! - **Exact money**: each segment's interest is principal × rate × days / 36,500 in
//!   `rust_decimal`, unrounded; the **total** is rounded to the cent once, half away from zero,
//!   by [`crate::domain::money::round`]. A reminder that prints the segments rounds each for
//!   display ([`InterestSegment::display_amount`]); those may differ from the total by a cent,
//!   the total is what is claimed.
//!
//! Interest on interest is not charged (§289 Satz 1 BGB): only the principal bears interest.

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::base_rate::BaseRateTable;
use crate::domain::client::ClientKind;
use crate::domain::currency::Currency;
use crate::domain::money::round;
use crate::i18n::Arg;

/// Days in the interest year.
const YEAR_DAYS: i64 = 365;

/// Percentage points above the base rate: 9 between businesses, 5 for consumers (§288 BGB).
pub fn margin(kind: ClientKind) -> Decimal {
    match kind {
        ClientKind::Business => Decimal::from(9),
        ClientKind::Consumer => Decimal::from(5),
    }
}

/// The open principal from `from` on (until the next step).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrincipalStep {
    /// First day the amount is open (a payment's credit date).
    pub from: NaiveDate,
    /// The open principal from then on, never negative.
    pub open: Decimal,
}

/// Days of constant rate and principal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterestSegment {
    /// First day, inclusive.
    pub from: NaiveDate,
    /// Last day, inclusive.
    pub to: NaiveDate,
    /// Number of days, `to - from + 1`.
    pub days: i64,
    /// The base rate of these days, in percent.
    pub base_rate: Decimal,
    /// The default-interest rate, base rate + margin, in percent per year.
    pub rate: Decimal,
    /// The principal that bears it.
    pub principal: Decimal,
    /// The exact interest of these days, unrounded.
    pub amount: Decimal,
}

impl InterestSegment {
    /// The amount rounded to the cent, for printing only; the claim is
    /// [`InterestBreakdown::total`].
    pub fn display_amount(&self) -> Decimal {
        round(self.amount, Currency::EUR)
    }
}

/// The default interest of one invoice up to a date, and how it was computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterestBreakdown {
    /// The segments, in date order; days without open principal are left out.
    pub segments: Vec<InterestSegment>,
    /// The sum of the segments' exact amounts, rounded to the cent once.
    pub total: Decimal,
}

/// Why interest could not be computed. Carries codes and arguments for the catalogue, like
/// [`crate::domain::ValueError`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InterestError {
    /// The table has no base rate for a day of the period (it starts later).
    #[error("no base rate for {0}")]
    NoBaseRate(NaiveDate),
    /// A principal is negative.
    #[error("negative principal")]
    NegativePrincipal,
    /// The steps are not in strictly increasing date order.
    #[error("principal steps out of date order")]
    StepsOutOfOrder,
}

impl InterestError {
    /// The stable code, also the catalogue key of the message.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoBaseRate(_) => "dunning.interest_no_base_rate",
            Self::NegativePrincipal => "dunning.interest_negative_principal",
            Self::StepsOutOfOrder => "dunning.interest_steps_order",
        }
    }

    /// The arguments of the message: the day without a base rate, ISO-formatted (the caller's
    /// renderer may format it for the language).
    pub fn args(&self) -> Vec<(&'static str, Arg)> {
        match self {
            Self::NoBaseRate(day) => vec![("date", Arg::from(day.to_string()))],
            Self::NegativePrincipal | Self::StepsOutOfOrder => Vec::new(),
        }
    }
}

/// Default interest on an invoice due on `due_date`, computed on `on` (inclusive), for a
/// debtor of `kind`. `principal` is the open principal on the due date, `steps` its later
/// changes in date order (empty when nothing was paid). Nothing accrues when `on` is not after
/// the due date. See the module docs for the rule.
///
/// The table answers for every day after its first entry; whether it knows the half-year of
/// `on` at all is [`BaseRateTable::is_current`], which the caller checks before claiming the
/// result (a table nobody updated carries its last rate forward).
pub fn default_interest(
    principal: Decimal,
    steps: &[PrincipalStep],
    due_date: NaiveDate,
    on: NaiveDate,
    kind: ClientKind,
    table: &BaseRateTable,
) -> Result<InterestBreakdown, InterestError> {
    if principal < Decimal::ZERO || steps.iter().any(|s| s.open < Decimal::ZERO) {
        return Err(InterestError::NegativePrincipal);
    }
    if steps.windows(2).any(|w| w[0].from >= w[1].from) {
        return Err(InterestError::StepsOutOfOrder);
    }
    let empty = InterestBreakdown {
        segments: Vec::new(),
        total: Decimal::ZERO,
    };
    let Some(start) = due_date.succ_opt() else {
        return Ok(empty);
    };
    if on < start {
        return Ok(empty);
    }
    // Every day on which the rate or the principal may change starts a new piece.
    let mut starts: Vec<NaiveDate> = std::iter::once(start)
        .chain(table.change_dates(start, on))
        .chain(
            steps
                .iter()
                .map(|s| s.from)
                .filter(|d| *d > start && *d <= on),
        )
        .collect();
    starts.sort_unstable();
    starts.dedup();

    let open_on = |day: NaiveDate| {
        steps
            .iter()
            .rev()
            .find(|s| s.from <= day)
            .map_or(principal, |s| s.open)
    };
    let margin = margin(kind);
    let mut segments: Vec<InterestSegment> = Vec::new();
    for (i, from) in starts.iter().copied().enumerate() {
        let to = match starts.get(i + 1) {
            Some(next) => next.pred_opt().unwrap_or(*next),
            None => on,
        };
        let base_rate = table.rate_on(from).ok_or(InterestError::NoBaseRate(from))?;
        let rate = base_rate + margin;
        let open = open_on(from);
        let days = (to - from).num_days() + 1;
        if let Some(last) = segments.last_mut()
            && last.rate == rate
            && last.principal == open
            && last.to.checked_add_days(Days::new(1)) == Some(from)
        {
            last.to = to;
            last.days += days;
            last.amount = segment_amount(open, rate, last.days);
            continue;
        }
        segments.push(InterestSegment {
            from,
            to,
            days,
            base_rate,
            rate,
            principal: open,
            amount: segment_amount(open, rate, days),
        });
    }
    segments.retain(|s| !s.principal.is_zero());
    let exact: Decimal = segments.iter().map(|s| s.amount).sum();
    Ok(InterestBreakdown {
        segments,
        total: round(exact, Currency::EUR),
    })
}

/// principal × rate % × days / 365, with one division so nothing is rounded early.
fn segment_amount(principal: Decimal, rate: Decimal, days: i64) -> Decimal {
    principal * rate * Decimal::from(days) / Decimal::from(100 * YEAR_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dunning::base_rate::BaseRateEntry;
    use rust_decimal::dec;

    fn date(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    /// A fixed example table (tests do not depend on the built-in one).
    fn table() -> BaseRateTable {
        let e = |d: &str, percent| BaseRateEntry {
            valid_from: date(d),
            percent,
        };
        BaseRateTable::new(vec![
            e("2024-01-01", dec!(3.62)),
            e("2024-07-01", dec!(3.37)),
            e("2025-01-01", dec!(2.27)),
            e("2025-07-01", dec!(1.27)),
            e("2026-01-01", dec!(1.27)),
        ])
        .expect("valid")
    }

    /// 10,000.00 € between businesses, due 2025-05-15, computed on 2025-08-31.
    ///
    /// Interest runs from 2025-05-16 to 2025-08-31 inclusive, split at 2025-07-01:
    ///
    /// 1. 2025-05-16 … 2025-06-30: 16 days in May + 30 in June = 46 days at 2.27 + 9 = 11.27 %:
    ///    10,000 × 11.27 % = 1,127.00 € a year; × 46 / 365 = 51,842 / 365 = 142.0328767… €
    /// 2. 2025-07-01 … 2025-08-31: 31 + 31 = 62 days at 1.27 + 9 = 10.27 %:
    ///    10,000 × 10.27 % = 1,027.00 € a year; × 62 / 365 = 63,674 / 365 = 174.4493150… €
    ///
    /// Total: (51,842 + 63,674) / 365 = 115,516 / 365 = 316.4821917… € → **316.48 €**.
    #[test]
    fn interest_equals_the_hand_calculation_across_a_base_rate_change() {
        let b = default_interest(
            dec!(10000.00),
            &[],
            date("2025-05-15"),
            date("2025-08-31"),
            ClientKind::Business,
            &table(),
        )
        .expect("computed");
        assert_eq!(b.total, dec!(316.48));
        assert_eq!(b.segments.len(), 2);
        let [s1, s2] = [b.segments[0], b.segments[1]];
        assert_eq!(
            (s1.from, s1.to, s1.days),
            (date("2025-05-16"), date("2025-06-30"), 46)
        );
        assert_eq!((s1.base_rate, s1.rate), (dec!(2.27), dec!(11.27)));
        assert_eq!(s1.amount, dec!(51842) / dec!(365));
        assert_eq!(s1.display_amount(), dec!(142.03));
        assert_eq!(
            (s2.from, s2.to, s2.days),
            (date("2025-07-01"), date("2025-08-31"), 62)
        );
        assert_eq!(s2.rate, dec!(10.27));
        assert_eq!(s2.amount, dec!(63674) / dec!(365));
        assert_eq!(s2.display_amount(), dec!(174.45));
    }

    /// The same claim against a consumer: 7.27 % for 46 days and 6.27 % for 62 days:
    /// (727 × 46 + 627 × 62) / 365 = (33,442 + 38,874) / 365 = 72,316 / 365 = 198.1260… €
    /// → 198.13 €.
    #[test]
    fn consumers_pay_five_points_above_the_base_rate() {
        let b = default_interest(
            dec!(10000.00),
            &[],
            date("2025-05-15"),
            date("2025-08-31"),
            ClientKind::Consumer,
            &table(),
        )
        .expect("computed");
        assert_eq!(b.total, dec!(198.13));
    }

    /// 1,000.00 € due 2025-12-20, 400.00 € paid (credited) on 2026-01-10, computed on
    /// 2026-01-31, business. The 2026-01-01 entry repeats 1.27 %, so it splits nothing:
    /// 1. 2025-12-21 … 2026-01-09: 11 + 9 = 20 days on 1,000 at 10.27 %: 102.7 × 20 / 365
    ///    = 2,054 / 365 = 5.6274… €
    /// 2. 2026-01-10 … 2026-01-31: 22 days on 600 at 10.27 %: 61.62 × 22 / 365
    ///    = 1,355.64 / 365 = 3.7141… €
    ///
    /// Total 3,409.64 / 365 = 9.34147… € → 9.34 €.
    #[test]
    fn partial_payments_lower_the_principal_from_their_credit_date() {
        let b = default_interest(
            dec!(1000.00),
            &[PrincipalStep {
                from: date("2026-01-10"),
                open: dec!(600.00),
            }],
            date("2025-12-20"),
            date("2026-01-31"),
            ClientKind::Business,
            &table(),
        )
        .expect("computed");
        assert_eq!(b.segments.len(), 2);
        assert_eq!(b.segments[0].days, 20);
        assert_eq!(b.segments[1].days, 22);
        assert_eq!(b.segments[1].principal, dec!(600.00));
        assert_eq!(b.total, dec!(9.34));

        // Paid in full: nothing accrues after the credit date.
        let paid = default_interest(
            dec!(1000.00),
            &[PrincipalStep {
                from: date("2026-01-10"),
                open: dec!(0),
            }],
            date("2025-12-20"),
            date("2026-06-30"),
            ClientKind::Business,
            &table(),
        )
        .expect("computed");
        assert_eq!(paid.segments.len(), 1);
        assert_eq!(paid.total, dec!(5.63));
    }

    /// A leap year still divides by 365: 2024-02-29 counts as a day.
    /// 365.00 € due 2024-02-27, on 2024-03-01 (3 days: 28, 29 Feb, 1 Mar) at 12.62 %:
    /// 365 × 12.62 % × 3 / 365 = 0.3786 € → 0.38 €.
    #[test]
    fn leap_days_count_and_the_year_has_365_days() {
        let b = default_interest(
            dec!(365.00),
            &[],
            date("2024-02-27"),
            date("2024-03-01"),
            ClientKind::Business,
            &table(),
        )
        .expect("computed");
        assert_eq!(b.segments[0].days, 3);
        assert_eq!(b.segments[0].amount, dec!(0.3786));
        assert_eq!(b.total, dec!(0.38));
    }

    #[test]
    fn nothing_accrues_on_the_due_date_and_bad_input_is_refused() {
        let on_due = default_interest(
            dec!(100),
            &[],
            date("2025-05-15"),
            date("2025-05-15"),
            ClientKind::Business,
            &table(),
        )
        .expect("computed");
        assert!(on_due.segments.is_empty());
        assert_eq!(on_due.total, Decimal::ZERO);
        let one_day = default_interest(
            dec!(36500),
            &[],
            date("2025-05-15"),
            date("2025-05-16"),
            ClientKind::Business,
            &table(),
        )
        .expect("computed");
        // 36,500 × 11.27 % / 365 = 11.27 €.
        assert_eq!(one_day.total, dec!(11.27));

        let early = default_interest(
            dec!(100),
            &[],
            date("2023-05-15"),
            date("2024-02-01"),
            ClientKind::Business,
            &table(),
        );
        assert_eq!(early, Err(InterestError::NoBaseRate(date("2023-05-16"))));
        let err = early.expect_err("no rate");
        assert_eq!(err.code(), "dunning.interest_no_base_rate");
        let de = crate::i18n::text_args(crate::domain::Locale::De, err.code(), &err.args());
        assert_eq!(de, "kein Basiszinssatz für den 2023-05-16 bekannt");
        let step = |d: &str, open| PrincipalStep {
            from: date(d),
            open,
        };
        let unordered = default_interest(
            dec!(100),
            &[step("2025-06-10", dec!(50)), step("2025-06-01", dec!(80))],
            date("2025-05-15"),
            date("2025-08-31"),
            ClientKind::Business,
            &table(),
        );
        assert_eq!(unordered, Err(InterestError::StepsOutOfOrder));
        let negative = default_interest(
            dec!(-1),
            &[],
            date("2025-05-15"),
            date("2025-08-31"),
            ClientKind::Business,
            &table(),
        );
        assert_eq!(negative, Err(InterestError::NegativePrincipal));
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// The segments tile the period from the day after the due date to `on` without gap
            /// or overlap, each at the base rate of its days, and the total is their exact sum
            /// rounded once.
            #[test]
            fn segments_tile_the_period_and_the_total_is_rounded_once(
                cents in 1i64..=100_000_000,
                due_offset in 0u64..700,
                length in 0u64..800,
                consumer in any::<bool>(),
            ) {
                let principal = Decimal::new(cents, 2);
                let due = date("2024-01-01") + Days::new(due_offset);
                let on = due + Days::new(length);
                let kind = if consumer { ClientKind::Consumer } else { ClientKind::Business };
                let t = table();
                let b = default_interest(principal, &[], due, on, kind, &t).expect("computed");
                let days: i64 = b.segments.iter().map(|s| s.days).sum();
                prop_assert_eq!(days, i64::try_from(length).expect("small"));
                let mut next = due.succ_opt().expect("date");
                for seg in &b.segments {
                    prop_assert_eq!(seg.from, next);
                    prop_assert_eq!(seg.days, (seg.to - seg.from).num_days() + 1);
                    prop_assert_eq!(Some(seg.base_rate), t.rate_on(seg.to));
                    prop_assert_eq!(seg.rate, seg.base_rate + margin(kind));
                    next = seg.to.succ_opt().expect("date");
                }
                let exact: Decimal = b.segments.iter().map(|s| s.amount).sum();
                prop_assert_eq!(b.total, round(exact, Currency::EUR));
            }
        }
    }
}
