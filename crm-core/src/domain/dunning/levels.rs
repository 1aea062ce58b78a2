//! Dunning levels, a company's schedule of them, and which level an invoice is due for.
//!
//! # Days
//!
//! A rule's `days` count from the **due date** for the first rule of a schedule and from the
//! day the **previous level was actually issued** for every other rule. Relative days make an
//! outage harmless: a reminder issued late pushes the next level back, so the client always
//! gets the full waiting period the company promised between two letters.
//!
//! # Catching up
//!
//! [`level_due`] returns at most one level: the one after the last issued. After a server was
//! down for days, the invoice gets one letter at that level, not one per missed day, and no
//! level is skipped (a final Mahnung never arrives as the first letter).

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::client::ClientKind;
use crate::domain::currency::Currency;
use crate::domain::money::exact_amount;
use crate::domain::validation::{Collector, ValidationErrors, ValueError};

/// The flat fee a business debtor in default owes per invoice, §288 Abs. 5 BGB: 40 €.
pub const FLAT_FEE_B2B: Decimal = Decimal::from_parts(40, 0, 0, false, 0);

/// Longest wait between two levels (or from the due date to the first), in days: beyond it a
/// number is a typo, not a dunning practice.
pub const MAX_LEVEL_DAYS: u32 = 365;

/// One step of the customary German dunning sequence, in the order they are issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum DunningLevel {
    /// Zahlungserinnerung: a friendly payment reminder.
    Reminder,
    /// 1. Mahnung.
    First,
    /// 2. Mahnung.
    Second,
    /// Letzte Mahnung: the last letter before court or collection.
    Final,
}

impl DunningLevel {
    /// All levels, in the order they are issued.
    pub const ALL: [DunningLevel; 4] = [Self::Reminder, Self::First, Self::Second, Self::Final];

    /// The stable name used in storage and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reminder => "reminder",
            Self::First => "first",
            Self::Second => "second",
            Self::Final => "final",
        }
    }

    /// Reads [`Self::as_str`] back.
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        Self::ALL
            .into_iter()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| ValueError::new("dunning.level_unknown"))
    }

    /// The catalogue key of the level's name ("Zahlungserinnerung", "1. Mahnung", …).
    pub fn label_key(self) -> &'static str {
        match self {
            Self::Reminder => "dunning.level.reminder",
            Self::First => "dunning.level.first",
            Self::Second => "dunning.level.second",
            Self::Final => "dunning.level.final",
        }
    }
}

impl From<DunningLevel> for &'static str {
    fn from(l: DunningLevel) -> Self {
        l.as_str()
    }
}

impl TryFrom<String> for DunningLevel {
    type Error = ValueError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

/// What a company does at one level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelRule {
    /// The level this rule issues.
    pub level: DunningLevel,
    /// Days to wait: after the due date for the schedule's first rule, after the previous
    /// level was issued for the others (see the module docs).
    pub days: u32,
    /// Fee in EUR charged to business clients when this level is issued; consumers are
    /// charged none (a consumer owes only a damage actually proven, which a flat dunning fee is
    /// not).
    pub fee: Decimal,
    /// Whether the letter at this level claims the default interest accrued so far.
    pub charges_interest: bool,
}

impl LevelRule {
    /// The fee this level charges a client of `kind`.
    pub fn fee_for(&self, kind: ClientKind) -> Decimal {
        match kind {
            ClientKind::Business => self.fee,
            ClientKind::Consumer => Decimal::ZERO,
        }
    }
}

/// A company's dunning levels, in the order they are issued. Never empty, each level at most
/// once and in [`DunningLevel`] order, every wait at least one day (so the effective days after
/// the due date strictly increase), fees non-negative and exact to the cent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<LevelRule>", into = "Vec<LevelRule>")]
pub struct DunningSchedule(Vec<LevelRule>);

impl DunningSchedule {
    /// Validates a schedule. Field errors are `levels` (empty), `levels[i].level` (a level
    /// twice or out of order), `levels[i].days` (zero, so not after the previous step, or
    /// beyond [`MAX_LEVEL_DAYS`]) and `levels[i].fee` (negative or finer than a cent); all of
    /// them at once.
    pub fn new(rules: Vec<LevelRule>) -> Result<Self, ValidationErrors> {
        let mut c = Collector::new();
        if rules.is_empty() {
            c.push("levels", ValueError::new("dunning.schedule_empty"));
        }
        let mut previous: Option<DunningLevel> = None;
        for (i, rule) in rules.iter().enumerate() {
            let field = |name: &str| format!("levels[{i}].{name}");
            if rules[..i].iter().any(|r| r.level == rule.level) {
                c.push(field("level"), ValueError::new("dunning.level_duplicate"));
            } else if previous.is_some_and(|p| rule.level < p) {
                c.push(field("level"), ValueError::new("dunning.level_order"));
            }
            previous = Some(previous.map_or(rule.level, |p| p.max(rule.level)));
            if rule.days == 0 {
                // Day 0 after the due date is the due date itself, when the debtor is not yet
                // in default; day 0 after the previous level would be the same day as it.
                let code = if i == 0 {
                    "dunning.days_first"
                } else {
                    "dunning.not_increasing"
                };
                c.push(field("days"), ValueError::new(code));
            } else if rule.days > MAX_LEVEL_DAYS {
                c.push(
                    field("days"),
                    ValueError::new("dunning.days_range").arg("max", MAX_LEVEL_DAYS),
                );
            }
            if rule.fee < Decimal::ZERO {
                c.push(field("fee"), ValueError::new("dunning.fee_negative"));
            } else {
                c.check(field("fee"), exact_amount(rule.fee, Currency::EUR));
            }
        }
        c.finish()?;
        Ok(Self(rules))
    }

    /// The rules, in the order they are issued.
    pub fn rules(&self) -> &[LevelRule] {
        &self.0
    }

    /// The rule of `level`, if the schedule has that level.
    pub fn rule(&self, level: DunningLevel) -> Option<&LevelRule> {
        self.0.iter().find(|r| r.level == level)
    }

    /// The rule issued after `level`: the first rule of a later level. A level the schedule
    /// no longer has (the company changed it after that letter went out) still counts as
    /// issued, so the sequence continues after it instead of starting over.
    fn after(&self, level: DunningLevel) -> Option<&LevelRule> {
        self.0.iter().find(|r| r.level > level)
    }
}

impl DunningSchedule {
    /// The rule of the level after `last` (the first rule when nothing was issued yet);
    /// `None` once the last level was issued.
    pub fn next(&self, last: Option<DunningLevel>) -> Option<&LevelRule> {
        match last {
            None => self.0.first(),
            Some(level) => self.after(level),
        }
    }
}

impl Default for DunningSchedule {
    /// The customary sequence: a reminder 7 days after the due date without fee or interest;
    /// the 1st Mahnung 14 days after the reminder with the flat 40 € of §288 Abs. 5 BGB (once
    /// per invoice, so only at this level) and interest from then on; the 2nd and the final
    /// Mahnung 14 days after the previous letter each, claiming interest, without a new fee.
    fn default() -> Self {
        let rule = |level, days, fee, charges_interest| LevelRule {
            level,
            days,
            fee,
            charges_interest,
        };
        Self(vec![
            rule(DunningLevel::Reminder, 7, Decimal::ZERO, false),
            rule(DunningLevel::First, 14, FLAT_FEE_B2B, true),
            rule(DunningLevel::Second, 14, Decimal::ZERO, true),
            rule(DunningLevel::Final, 14, Decimal::ZERO, true),
        ])
    }
}

impl From<DunningSchedule> for Vec<LevelRule> {
    fn from(s: DunningSchedule) -> Self {
        s.0
    }
}

impl TryFrom<Vec<LevelRule>> for DunningSchedule {
    type Error = ValidationErrors;
    fn try_from(rules: Vec<LevelRule>) -> Result<Self, Self::Error> {
        Self::new(rules)
    }
}

/// The one level an invoice due on `due_date` is due for on `today`, given the last level
/// issued for it and the day that happened; `None` when nothing is due (still waiting, or the
/// last level of the schedule was issued).
///
/// Only the next level is ever returned: after an outage the invoice gets one letter at the
/// next level, and the level after it waits its full period counted from the day this letter
/// is actually issued. The caller asks only for invoices with an open balance.
pub fn level_due(
    schedule: &DunningSchedule,
    due_date: NaiveDate,
    last_level: Option<(DunningLevel, NaiveDate)>,
    today: NaiveDate,
) -> Option<DunningLevel> {
    let (rule, from) = match last_level {
        None => (schedule.0.first()?, due_date),
        Some((level, issued)) => (schedule.after(level)?, issued),
    };
    // A date beyond chrono's range is never reached: nothing is due.
    let at = from.checked_add_days(Days::new(u64::from(rule.days)))?;
    (today >= at).then_some(rule.level)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    fn date(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn rule(level: DunningLevel, days: u32, fee: Decimal) -> LevelRule {
        LevelRule {
            level,
            days,
            fee,
            charges_interest: false,
        }
    }

    fn code<'a>(e: &'a ValidationErrors, field: &str) -> Option<&'a str> {
        e.field(field).map(ValueError::code)
    }

    #[test]
    fn levels_have_stable_names() {
        for l in DunningLevel::ALL {
            assert_eq!(DunningLevel::parse(l.as_str()), Ok(l));
        }
        assert_eq!(
            DunningLevel::parse("second").map(DunningLevel::as_str),
            Ok("second")
        );
        assert!(DunningLevel::parse("Second").is_err());
        let json = serde_json::to_string(&DunningLevel::Final).expect("json");
        assert_eq!(json, "\"final\"");
    }

    #[test]
    fn level_names_and_codes_exist_in_both_languages() {
        use crate::domain::Locale;
        use crate::i18n::text;
        let names: Vec<_> = DunningLevel::ALL
            .iter()
            .map(|l| {
                (
                    text(Locale::De, l.label_key()),
                    text(Locale::En, l.label_key()),
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                (Some("Zahlungserinnerung"), Some("Payment reminder")),
                (Some("1. Mahnung"), Some("First reminder")),
                (Some("2. Mahnung"), Some("Second reminder")),
                (Some("Letzte Mahnung"), Some("Final reminder")),
            ]
        );
        // Codes chosen at run time, which the catalogue test cannot see as literals.
        for key in ["dunning.days_first", "dunning.not_increasing"] {
            assert!(text(Locale::De, key).is_some() && text(Locale::En, key).is_some());
        }
    }

    #[test]
    fn the_default_schedule_is_valid_and_charges_the_flat_fee_once() {
        let d = DunningSchedule::default();
        assert_eq!(DunningSchedule::new(d.rules().to_vec()), Ok(d.clone()));
        let fees: Vec<Decimal> = d.rules().iter().map(|r| r.fee).collect();
        assert_eq!(fees, [dec!(0), dec!(40), dec!(0), dec!(0)]);
        let first = d.rule(DunningLevel::First).expect("first");
        assert!(first.charges_interest);
        assert_eq!(first.fee_for(ClientKind::Consumer), Decimal::ZERO);
        assert_eq!(first.fee_for(ClientKind::Business), dec!(40));
        assert!(!d.rule(DunningLevel::Reminder).expect("r").charges_interest);
    }

    #[test]
    fn bad_schedules_name_their_fields() {
        let e = DunningSchedule::new(vec![]).expect_err("empty");
        assert_eq!(code(&e, "levels"), Some("dunning.schedule_empty"));

        // Not increasing: a wait of 0 days after the previous level.
        let e = DunningSchedule::new(vec![
            rule(DunningLevel::Reminder, 7, dec!(0)),
            rule(DunningLevel::First, 14, dec!(0)),
            rule(DunningLevel::Second, 0, dec!(0)),
        ])
        .expect_err("not increasing");
        assert_eq!(code(&e, "levels[2].days"), Some("dunning.not_increasing"));
        assert_eq!(e.0.len(), 1);

        let e = DunningSchedule::new(vec![rule(DunningLevel::Reminder, 0, dec!(0))])
            .expect_err("due date itself");
        assert_eq!(code(&e, "levels[0].days"), Some("dunning.days_first"));

        let e = DunningSchedule::new(vec![rule(DunningLevel::Reminder, 366, dec!(0))])
            .expect_err("too long");
        assert_eq!(code(&e, "levels[0].days"), Some("dunning.days_range"));

        // Negative and sub-cent fees, duplicate and out-of-order levels, all reported at once.
        let e = DunningSchedule::new(vec![
            rule(DunningLevel::First, 7, dec!(-5)),
            rule(DunningLevel::First, 14, dec!(2.505)),
            rule(DunningLevel::Reminder, 14, dec!(0)),
        ])
        .expect_err("several");
        assert_eq!(code(&e, "levels[0].fee"), Some("dunning.fee_negative"));
        assert_eq!(code(&e, "levels[1].level"), Some("dunning.level_duplicate"));
        assert_eq!(code(&e, "levels[1].fee"), Some("amount.precision"));
        assert_eq!(code(&e, "levels[2].level"), Some("dunning.level_order"));
        assert_eq!(e.0.len(), 4);

        // A schedule may leave levels out; a fee of 5.00 is exact.
        let ok = DunningSchedule::new(vec![
            rule(DunningLevel::First, 10, dec!(5.00)),
            rule(DunningLevel::Final, 10, dec!(0)),
        ]);
        assert!(ok.is_ok());
        // Deserialising validates too.
        let bad: Result<DunningSchedule, _> = serde_json::from_str(
            r#"[{"level":"reminder","days":0,"fee":"0","charges_interest":false}]"#,
        );
        assert!(bad.is_err());
    }

    /// Walks a clock day by day from the due date, issuing whatever [`level_due`] returns on
    /// that day: the levels come in order, each exactly once, each on the day its wait ends.
    #[test]
    fn a_daily_clock_issues_every_level_exactly_once() {
        let s = DunningSchedule::default();
        let due = date("2026-03-02");
        let mut last = None;
        let mut issued = Vec::new();
        let mut today = due;
        while today < date("2026-12-31") {
            if let Some(level) = level_due(&s, due, last, today) {
                issued.push((level, today.to_string()));
                last = Some((level, today));
            }
            today = today.succ_opt().expect("next day");
        }
        let expected = [
            (DunningLevel::Reminder, "2026-03-09"),
            (DunningLevel::First, "2026-03-23"),
            (DunningLevel::Second, "2026-04-06"),
            (DunningLevel::Final, "2026-04-20"),
        ];
        let issued: Vec<(DunningLevel, &str)> =
            issued.iter().map(|(l, d)| (*l, d.as_str())).collect();
        assert_eq!(issued, expected);
    }

    /// The server was down from before the reminder was due until long after the 1st Mahnung
    /// would have been: on its first day back it issues only the reminder, and the 1st Mahnung
    /// waits its 14 days from then.
    #[test]
    fn an_outage_yields_exactly_one_level() {
        let s = DunningSchedule::default();
        let due = date("2026-03-02");
        // Reminder due 2026-03-09, 1st Mahnung would be due 2026-03-23; back on 2026-03-25.
        let back = date("2026-03-25");
        assert_eq!(level_due(&s, due, None, back), Some(DunningLevel::Reminder));
        let last = Some((DunningLevel::Reminder, back));
        assert_eq!(level_due(&s, due, last, back), None);
        assert_eq!(level_due(&s, due, last, date("2026-04-07")), None);
        assert_eq!(
            level_due(&s, due, last, date("2026-04-08")),
            Some(DunningLevel::First)
        );

        // A clock that stops for 10 days (2026-03-14 to 2026-03-23, over the day the 1st
        // Mahnung was due): back on 2026-03-24 it issues the 1st Mahnung once, and the later
        // levels keep their full waits after it.
        let down = date("2026-03-14")..=date("2026-03-23");
        let mut last = None;
        let mut issued = Vec::new();
        let mut today = due;
        while today < date("2026-12-31") {
            if !down.contains(&today)
                && let Some(level) = level_due(&s, due, last, today)
            {
                issued.push((level, today));
                last = Some((level, today));
            }
            today = today.succ_opt().expect("next day");
        }
        assert_eq!(
            issued,
            [
                (DunningLevel::Reminder, date("2026-03-09")),
                (DunningLevel::First, date("2026-03-24")),
                (DunningLevel::Second, date("2026-04-07")),
                (DunningLevel::Final, date("2026-04-21")),
            ]
        );
        // The final level is the end.
        let final_ = Some((DunningLevel::Final, date("2026-04-20")));
        assert_eq!(level_due(&s, due, final_, date("2027-04-20")), None);
    }

    #[test]
    fn a_level_removed_from_the_schedule_still_counts_as_issued() {
        let s = DunningSchedule::new(vec![
            rule(DunningLevel::First, 10, dec!(0)),
            rule(DunningLevel::Final, 10, dec!(0)),
        ])
        .expect("valid");
        let due = date("2026-01-10");
        assert_eq!(
            level_due(&s, due, None, date("2026-01-20")),
            Some(DunningLevel::First)
        );
        // A reminder issued under an older schedule: the next is the 1st Mahnung, 10 days on.
        let old = Some((DunningLevel::Reminder, date("2026-01-15")));
        assert_eq!(level_due(&s, due, old, date("2026-01-24")), None);
        assert_eq!(
            level_due(&s, due, old, date("2026-01-25")),
            Some(DunningLevel::First)
        );
        // A 2nd Mahnung issued earlier: the final follows it.
        let second = Some((DunningLevel::Second, date("2026-02-01")));
        assert_eq!(
            level_due(&s, due, second, date("2026-02-11")),
            Some(DunningLevel::Final)
        );
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// Whatever the schedule and whichever days the server was down, the letters come
            /// in the schedule's order, each level at most once, each at least its wait after
            /// the previous letter; once the server stays up long enough, every level is issued.
            #[test]
            fn level_due_never_skips_repeats_or_rushes(
                waits in prop::collection::vec(1u32..=30, 1..=4),
                down in prop::collection::vec(prop::bool::weighted(0.3), 200),
            ) {
                let rules: Vec<LevelRule> = waits
                    .iter()
                    .zip(DunningLevel::ALL)
                    .map(|(days, level)| rule(level, *days, Decimal::ZERO))
                    .collect();
                let s = DunningSchedule::new(rules.clone()).expect("valid");
                let due = date("2026-01-15");
                let mut last: Option<(DunningLevel, NaiveDate)> = None;
                let mut issued = Vec::new();
                // 200 days with outages, then 200 days up: 4 × 30 days of waits fit in.
                for offset in 0..400u64 {
                    let today = due + Days::new(offset);
                    let is_down = down.get(offset as usize).copied().unwrap_or(false);
                    if is_down {
                        continue;
                    }
                    if let Some(level) = level_due(&s, due, last, today) {
                        let from = last.map_or(due, |(_, d)| d);
                        let wait = s.rule(level).expect("level of the schedule").days;
                        prop_assert!((today - from).num_days() >= i64::from(wait));
                        issued.push(level);
                        last = Some((level, today));
                    }
                }
                let expected: Vec<DunningLevel> = rules.iter().map(|r| r.level).collect();
                prop_assert_eq!(issued, expected);
            }
        }
    }
}
