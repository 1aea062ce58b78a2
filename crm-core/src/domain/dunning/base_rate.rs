//! The base rate (Basiszinssatz) of §247 BGB as a dated table.
//!
//! The rate changes only on 1 January and 1 July (§247 Abs. 1 Satz 2 BGB), by as many points as
//! the ECB's main refinancing rate moved since the last change; the Bundesbank publishes it.
//! Default interest over a period that spans a change uses each rate for its own days, so the
//! table keeps every date the rate was set, not one current number. An entry holds until the
//! next one starts (the law's own rule: the rate stays until it changes);
//! [`BaseRateTable::is_current`] tells whether the table knows the half-year of a date at all,
//! so a table nobody updated since is noticed rather than silently extended.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::validation::{Collector, ValidationErrors, ValueError};

/// Lowest base rate accepted, in percent. The rate was negative from 2013 to 2022 (−0.88 % at
/// its lowest), so negatives are valid; anything below this is a typo.
const MIN_PERCENT: Decimal = Decimal::from_parts(10, 0, 0, true, 0);
/// Highest base rate accepted, in percent.
const MAX_PERCENT: Decimal = Decimal::from_parts(20, 0, 0, false, 0);

/// The base rate from one date on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaseRateEntry {
    /// First day the rate applies: a 1 January or a 1 July.
    pub valid_from: NaiveDate,
    /// The rate in percent per year (1.27 for 1.27 %), at most two decimal places as
    /// published.
    pub percent: Decimal,
}

/// Base rates by date, sorted, each date once. Never empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<BaseRateEntry>", into = "Vec<BaseRateEntry>")]
pub struct BaseRateTable(Vec<BaseRateEntry>);

impl BaseRateTable {
    /// Validates a table. Entries may come in any order (a form or a config file lists them as
    /// it likes) and are sorted by date; a date listed twice is refused, even with the same
    /// rate, since one of the two is a mistake nobody can pick for the user. Field errors are
    /// `entries` (empty), `entries[i].valid_from` (not a 1 January or 1 July, or a duplicate
    /// of an earlier entry) and `entries[i].percent` (out of range or finer than 0.01), `i`
    /// the position in the input.
    pub fn new(entries: Vec<BaseRateEntry>) -> Result<Self, ValidationErrors> {
        let mut c = Collector::new();
        if entries.is_empty() {
            c.push("entries", ValueError::new("base_rate.empty"));
        }
        for (i, e) in entries.iter().enumerate() {
            let field = |name: &str| format!("entries[{i}].{name}");
            if !(e.valid_from.day() == 1 && matches!(e.valid_from.month(), 1 | 7)) {
                c.push(field("valid_from"), ValueError::new("base_rate.date"));
            } else if entries[..i].iter().any(|p| p.valid_from == e.valid_from) {
                c.push(
                    field("valid_from"),
                    ValueError::new("base_rate.duplicate_date")
                        .arg("date", e.valid_from.to_string()),
                );
            }
            if e.percent < MIN_PERCENT
                || e.percent > MAX_PERCENT
                || e.percent.normalize().scale() > 2
            {
                c.push(
                    field("percent"),
                    ValueError::new("base_rate.percent")
                        .arg("min", MIN_PERCENT.to_string())
                        .arg("max", MAX_PERCENT.to_string()),
                );
            }
        }
        c.finish()?;
        let mut entries = entries;
        entries.sort_by_key(|e| e.valid_from);
        Ok(Self(entries))
    }

    /// The Basiszinssatz as published by the Deutsche Bundesbank, from 1 January 2023 on.
    ///
    /// | from       | percent | checked against |
    /// |------------|---------|-----------------|
    /// | 2023-01-01 | 1.62    | published notices (1.62 % from 1.1.2023) |
    /// | 2023-07-01 | 3.12    | IHK notice of 1.1.2024: 3.62 %, "zuvor 3,12 %" |
    /// | 2024-01-01 | 3.62    | IHK notice of 1.1.2024 |
    /// | 2024-07-01 | 3.37    | derived, see below |
    /// | 2025-01-01 | 2.27    | derived, see below |
    /// | 2025-07-01 | 1.27    | Bundesbank notice of 1.1.2026: "bleibt unverändert bei 1,27" |
    /// | 2026-01-01 | 1.27    | Bundesbank notice of 1.1.2026 |
    ///
    /// 3.37 and 2.27 were not found in a stored notice; they follow from §247 Abs. 1 BGB and
    /// the ECB's main refinancing rate (4.50 → 4.25 % in June 2024: −0.25; 4.25 → 3.15 % by
    /// December 2024: −1.10; 3.15 → 2.15 % by June 2025: −1.00, which lands on the verified
    /// 1.27 %). The rate from **1 July 2026** could not be verified, so the table stops at
    /// 1 January 2026: [`Self::is_current`] is false from 1 July 2026 on until a host adds the
    /// entry (the table is configuration; this is its starting point, not an oracle).
    pub fn bundesbank() -> Self {
        let entry = |y, m, percent| BaseRateEntry {
            // The dates are literals; a panic here would be a typo caught by the tests.
            valid_from: NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MIN),
            percent,
        };
        Self(vec![
            entry(2023, 1, Decimal::new(162, 2)),
            entry(2023, 7, Decimal::new(312, 2)),
            entry(2024, 1, Decimal::new(362, 2)),
            entry(2024, 7, Decimal::new(337, 2)),
            entry(2025, 1, Decimal::new(227, 2)),
            entry(2025, 7, Decimal::new(127, 2)),
            entry(2026, 1, Decimal::new(127, 2)),
        ])
    }

    /// The entries, sorted by date.
    pub fn entries(&self) -> &[BaseRateEntry] {
        &self.0
    }

    /// The base rate in force on `date`; `None` before the table's first entry.
    pub fn rate_on(&self, date: NaiveDate) -> Option<Decimal> {
        let i = self.0.partition_point(|e| e.valid_from <= date);
        i.checked_sub(1).map(|i| self.0[i].percent)
    }

    /// Whether the table has the entry of the half-year `date` falls in, i.e. its last entry
    /// is from that half-year's first day or later. A false answer means the rate of `date` is
    /// a carry-over nobody confirmed: the caller should have the table updated first.
    pub fn is_current(&self, date: NaiveDate) -> bool {
        let month = if date.month() >= 7 { 7 } else { 1 };
        let half_year = NaiveDate::from_ymd_opt(date.year(), month, 1).unwrap_or(date);
        self.0.last().is_some_and(|e| e.valid_from >= half_year)
    }

    /// The dates in `(after, until]` on which the rate changes (for splitting a period).
    pub(crate) fn change_dates(
        &self,
        after: NaiveDate,
        until: NaiveDate,
    ) -> impl Iterator<Item = NaiveDate> + '_ {
        self.0
            .iter()
            .map(|e| e.valid_from)
            .filter(move |d| *d > after && *d <= until)
    }
}

impl From<BaseRateTable> for Vec<BaseRateEntry> {
    fn from(t: BaseRateTable) -> Self {
        t.0
    }
}

impl TryFrom<Vec<BaseRateEntry>> for BaseRateTable {
    type Error = ValidationErrors;
    fn try_from(entries: Vec<BaseRateEntry>) -> Result<Self, Self::Error> {
        Self::new(entries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    fn date(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn e(d: &str, percent: Decimal) -> BaseRateEntry {
        BaseRateEntry {
            valid_from: date(d),
            percent,
        }
    }

    #[test]
    fn the_builtin_table_is_valid_and_answers_by_date() {
        let t = BaseRateTable::bundesbank();
        assert_eq!(BaseRateTable::new(t.entries().to_vec()), Ok(t.clone()));
        assert_eq!(t.rate_on(date("2022-12-31")), None);
        assert_eq!(t.rate_on(date("2023-01-01")), Some(dec!(1.62)));
        assert_eq!(t.rate_on(date("2025-06-30")), Some(dec!(2.27)));
        assert_eq!(t.rate_on(date("2025-07-01")), Some(dec!(1.27)));
        assert_eq!(t.rate_on(date("2026-06-30")), Some(dec!(1.27)));
        assert!(t.is_current(date("2026-06-30")));
        // The half-year from 1 July 2026 is not verified: the table says so.
        assert!(!t.is_current(date("2026-07-01")));
    }

    #[test]
    fn unsorted_input_is_sorted_and_bad_tables_name_their_fields() {
        let t = BaseRateTable::new(vec![
            e("2025-07-01", dec!(1.27)),
            e("2025-01-01", dec!(2.27)),
        ])
        .expect("valid");
        assert_eq!(t.entries()[0].valid_from, date("2025-01-01"));
        assert_eq!(t.rate_on(date("2025-03-01")), Some(dec!(2.27)));

        let err = BaseRateTable::new(vec![]).expect_err("empty");
        assert_eq!(
            err.field("entries").map(ValueError::code),
            Some("base_rate.empty")
        );

        let err = BaseRateTable::new(vec![
            e("2025-01-01", dec!(2.27)),
            e("2025-07-01", dec!(1.27)),
            e("2025-01-01", dec!(2.27)),
            e("2025-03-15", dec!(2.00)),
            e("2026-01-01", dec!(1.275)),
            e("2026-07-01", dec!(-12)),
        ])
        .expect_err("bad");
        let code = |f: &str| err.field(f).map(ValueError::code);
        assert_eq!(
            code("entries[2].valid_from"),
            Some("base_rate.duplicate_date")
        );
        assert_eq!(code("entries[3].valid_from"), Some("base_rate.date"));
        assert_eq!(code("entries[4].percent"), Some("base_rate.percent"));
        assert_eq!(code("entries[5].percent"), Some("base_rate.percent"));
        assert_eq!(err.0.len(), 4);

        // A negative rate as in 2016–2022 is valid.
        assert!(BaseRateTable::new(vec![e("2016-07-01", dec!(-0.88))]).is_ok());
        // Deserialising validates too.
        let bad: Result<BaseRateTable, _> = serde_json::from_str(
            r#"[{"valid_from":"2025-01-01","percent":"2.27"},
                {"valid_from":"2025-01-01","percent":"2.27"}]"#,
        );
        assert!(bad.is_err());
    }
}
