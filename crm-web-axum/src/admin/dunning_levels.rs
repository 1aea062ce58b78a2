//! The dunning levels as a form: one row per [`DunningLevel`] (included or not, its days, fee
//! and whether it claims interest), shared by the company's dunning settings and a client's
//! own levels on its dunning tab. Field names are `levels[i].…`, `i` the level's row, and the
//! domain's errors land on the row they concern.

use crm_core::domain::{DunningLevel, DunningSchedule, LevelRule, Locale, ValidationErrors};
use crm_core::render::format::number;

use super::form::{Errors, Field, FormData, parse_decimal};
use super::view::t;

/// One level's row as typed.
#[derive(Debug, Clone)]
struct LevelInput {
    level: DunningLevel,
    included: bool,
    days: String,
    fee: String,
    charges_interest: bool,
}

/// The levels as typed (numbers stay text until they parse), one row per level.
#[derive(Debug, Clone)]
pub(super) struct LevelsForm(Vec<LevelInput>);

/// A level's row for the template; the field names are `levels[i].…`, `i` its row.
pub(super) struct LevelFields {
    pub(super) label: String,
    pub(super) included_name: String,
    pub(super) included: bool,
    pub(super) days: Field,
    pub(super) fee: Field,
    pub(super) interest_name: String,
    pub(super) charges_interest: bool,
}

/// A decimal as the staff member types it (`40,00` in German).
pub(super) fn decimal_text(d: rust_decimal::Decimal, locale: Locale) -> String {
    number(d, 2, locale)
}

impl LevelsForm {
    /// The form showing `schedule`; a level it leaves out shows the customary values,
    /// unticked, so including it is one click.
    pub(super) fn of(schedule: &DunningSchedule, locale: Locale) -> Self {
        let customary = DunningSchedule::default();
        let levels = DunningLevel::ALL
            .into_iter()
            .map(|level| {
                let (included, rule) = match schedule.rule(level) {
                    Some(r) => (true, Some(*r)),
                    None => (false, customary.rule(level).copied()),
                };
                LevelInput {
                    level,
                    included,
                    days: rule.map(|r| r.days.to_string()).unwrap_or_default(),
                    fee: rule
                        .map(|r| decimal_text(r.fee, locale))
                        .unwrap_or_default(),
                    charges_interest: rule.is_some_and(|r| r.charges_interest),
                }
            })
            .collect();
        Self(levels)
    }

    /// The rows as posted.
    pub(super) fn read(form: &FormData) -> Self {
        let g = |k: &str| form.get(k).trim().to_owned();
        let levels = DunningLevel::ALL
            .into_iter()
            .enumerate()
            .map(|(i, level)| LevelInput {
                level,
                included: form.has(&format!("levels[{i}].included")),
                days: g(&format!("levels[{i}].days")),
                fee: g(&format!("levels[{i}].fee")),
                charges_interest: form.has(&format!("levels[{i}].charges_interest")),
            })
            .collect();
        Self(levels)
    }

    /// The schedule of the included rows, checked by the domain; errors go to `errors`
    /// under the rows' names.
    pub(super) fn check(&self, errors: &mut Errors, locale: Locale) -> Option<DunningSchedule> {
        // Rules of the included rows; `rows[j]` is the form row of rule `j`, so the domain's
        // `levels[j]` errors land on the row the staff member typed in.
        let (mut rules, mut rows) = (Vec::new(), Vec::new());
        let included = self.0.iter().filter(|l| l.included).count();
        for (i, l) in self.0.iter().enumerate().filter(|(_, l)| l.included) {
            let days = l.days.parse::<u32>().ok();
            if days.is_none() {
                errors.push(format!("levels[{i}].days"), t("admin.err.days", locale));
            }
            let fee = match l.fee.as_str() {
                "" => Some(rust_decimal::Decimal::ZERO),
                f => parse_decimal(f, locale),
            };
            if fee.is_none() {
                errors.push(format!("levels[{i}].fee"), t("admin.err.number", locale));
            }
            if let (Some(days), Some(fee)) = (days, fee) {
                rules.push(LevelRule {
                    level: l.level,
                    days,
                    fee,
                    charges_interest: l.charges_interest,
                });
                rows.push(i);
            }
        }
        // Only a schedule whose rows all parsed is checked: its indexes must match the rows.
        if rules.len() != included {
            return None;
        }
        match DunningSchedule::new(rules) {
            Ok(s) => Some(s),
            Err(v) => {
                push_renamed(errors, &v, locale, "levels", "levels", &rows);
                None
            }
        }
    }

    /// The rows for the template, with `errors` at their fields.
    pub(super) fn fields(&self, errors: &Errors, locale: Locale) -> Vec<LevelFields> {
        self.0
            .iter()
            .enumerate()
            .map(|(i, l)| LevelFields {
                label: t(l.level.label_key(), locale),
                included_name: format!("levels[{i}].included"),
                included: l.included,
                days: errors.field(&format!("levels[{i}].days"), &l.days),
                fee: errors.field(&format!("levels[{i}].fee"), &l.fee),
                interest_name: format!("levels[{i}].charges_interest"),
                charges_interest: l.charges_interest,
            })
            .collect()
    }
}

/// Adds the domain's errors of a list validated apart from its form: `from[j].x` becomes
/// `to[rows[j]].x`, `from` alone becomes `to`.
pub(super) fn push_renamed(
    errors: &mut Errors,
    v: &ValidationErrors,
    locale: Locale,
    from: &str,
    to: &str,
    rows: &[usize],
) {
    for (field, message) in Errors::from_core(v, locale).0 {
        let renamed = field
            .strip_prefix(from)
            .and_then(|rest| rest.strip_prefix('['))
            .and_then(|rest| rest.split_once(']'))
            .and_then(|(j, tail)| {
                let row = rows.get(j.parse::<usize>().ok()?)?;
                Some(format!("{to}[{row}]{tail}"))
            })
            .unwrap_or_else(|| {
                if field == from {
                    to.to_owned()
                } else {
                    field.clone()
                }
            });
        errors.push(renamed, message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crm_core::domain::validation::ValueError;

    #[test]
    fn domain_errors_land_on_the_rows_typed_in() {
        let mut v = crm_core::domain::validation::Collector::new();
        v.push("levels[1].days", ValueError::new("dunning.not_increasing"));
        v.push("levels", ValueError::new("dunning.schedule_empty"));
        v.push("levels[7].days", ValueError::new("dunning.not_increasing"));
        let v = v.finish().expect_err("errors");
        let mut errors = Errors::default();
        // Rule 1 is the third row (the first row unticked).
        push_renamed(&mut errors, &v, Locale::En, "levels", "levels", &[1, 2]);
        assert!(errors.of("levels[2].days").is_some());
        assert!(errors.of("levels[1].days").is_none());
        assert!(errors.of("levels").is_some());
        // An index without a row keeps its name rather than vanish.
        assert!(errors.of("levels[7].days").is_some());
        let mut v = crm_core::domain::validation::Collector::new();
        v.push("entries[0].valid_from", ValueError::new("base_rate.date"));
        let v = v.finish().expect_err("errors");
        let mut errors = Errors::default();
        push_renamed(&mut errors, &v, Locale::En, "entries", "base_rates", &[3]);
        assert!(errors.of("base_rates[3].valid_from").is_some());
    }
}
