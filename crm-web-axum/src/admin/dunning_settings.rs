//! The company's dunning settings, `GET/POST settings/dunning`: whether the periodic run
//! issues reminders, the reminders' number format and payment days, the four levels (each
//! included or not, its days, fee and whether it claims interest) and the company's own
//! base-rate table (rows of date and percent; none: the built-in Bundesbank values).
//!
//! The levels (the form rows of [`super::dunning_levels`]) and the table are validated by the
//! domain ([`DunningSchedule::new`](crm_core::domain::DunningSchedule::new),
//! [`BaseRateTable::new`]), the number format and payment days by
//! [`Crm::update_company_settings`](crm_core::Crm::update_company_settings) with the other
//! settings, which this form keeps as stored. Any error shows the page again (422) with the
//! message at its field and writes nothing.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use chrono::NaiveDate;
use crm_core::domain::{BaseRateEntry, BaseRateTable, DunningSettings, Locale};
use crm_core::service::Error as CoreError;

use super::auth::Staff;
use super::dunning_levels::{LevelFields, LevelsForm, decimal_text, push_renamed};
use super::form::{Errors, Field, FieldError, FormData, parse_decimal};
use super::view::{AdminLayout, Base, layout, render, t, with_status};
use super::{AResult, AdminApp, see_other};
use crate::html::Tr;

pub(super) fn routes() -> Router<AdminApp> {
    Router::new().route("/settings/dunning", get(page).post(save))
}

/// One base-rate row as typed.
#[derive(Debug, Clone, Default)]
struct RateInput {
    valid_from: String,
    percent: String,
}

/// The form as typed (numbers and dates stay text until they parse).
#[derive(Debug, Clone)]
struct DunningForm {
    enabled: bool,
    reminder_prefix: String,
    payment_days: String,
    levels: LevelsForm,
    rates: Vec<RateInput>,
    errors: Errors,
}

/// A base-rate row for the template (`base_rates[i].…`).
struct RateFields {
    valid_from: Field,
    percent: Field,
}

/// `GET settings/dunning`.
#[derive(Template)]
#[template(path = "admin/dunning_settings.html")]
struct DunningSettingsPage<'a> {
    l: &'a AdminLayout,
    t: Tr,
    action: String,
    errors: Vec<FieldError>,
    enabled: bool,
    reminder_prefix: Field,
    payment_days: Field,
    levels: Vec<LevelFields>,
    rates: Vec<RateFields>,
}

impl DunningForm {
    /// The form showing `s`; a level the schedule leaves out shows the customary values,
    /// unticked, so including it is one click.
    fn of(s: &DunningSettings, locale: Locale) -> Self {
        let levels = LevelsForm::of(&s.schedule, locale);
        let mut rates: Vec<RateInput> = s
            .base_rates
            .as_ref()
            .map(|t| {
                t.entries()
                    .iter()
                    .map(|e| RateInput {
                        valid_from: e.valid_from.format("%Y-%m-%d").to_string(),
                        percent: decimal_text(e.percent, locale),
                    })
                    .collect()
            })
            .unwrap_or_default();
        if rates.is_empty() {
            rates.push(RateInput::default());
        }
        Self {
            enabled: s.enabled,
            reminder_prefix: s.reminder_prefix.clone(),
            payment_days: s.payment_days.to_string(),
            levels,
            rates,
            errors: Errors::default(),
        }
    }

    /// The form as posted.
    fn read(form: &FormData) -> Self {
        let g = |k: &str| form.get(k).trim().to_owned();
        let levels = LevelsForm::read(form);
        let rates = form
            .rows("base_rates")
            .into_iter()
            .map(|(_, row)| {
                let v = |k: &str| row.get(k).map(|s| s.trim().to_owned()).unwrap_or_default();
                RateInput {
                    valid_from: v("valid_from"),
                    percent: v("percent"),
                }
            })
            .collect();
        Self {
            enabled: form.has("enabled"),
            reminder_prefix: g("dunning.reminder_prefix"),
            payment_days: g("dunning.payment_days"),
            levels,
            rates,
            errors: Errors::default(),
        }
    }

    /// The settings the form describes; field errors (named as the form names its inputs)
    /// go to `self.errors`.
    fn check(&mut self, locale: Locale) -> Option<DunningSettings> {
        let mut errors = Errors::default();
        let payment_days = match self.payment_days.parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.push("dunning.payment_days", t("admin.err.days", locale));
                None
            }
        };
        let schedule = self.levels.check(&mut errors, locale);
        // Rows left empty are no entries; no entries at all is the built-in table.
        let (mut entries, mut rate_rows, mut typed_rows) = (Vec::new(), Vec::new(), 0);
        for (i, r) in self.rates.iter().enumerate() {
            if r.valid_from.is_empty() && r.percent.is_empty() {
                continue;
            }
            typed_rows += 1;
            let date = NaiveDate::parse_from_str(&r.valid_from, "%Y-%m-%d").ok();
            if date.is_none() {
                errors.push(
                    format!("base_rates[{i}].valid_from"),
                    t("admin.err.date", locale),
                );
            }
            let percent = parse_decimal(&r.percent, locale);
            if percent.is_none() {
                errors.push(
                    format!("base_rates[{i}].percent"),
                    t("admin.err.number", locale),
                );
            }
            if let (Some(valid_from), Some(percent)) = (date, percent) {
                entries.push(BaseRateEntry {
                    valid_from,
                    percent,
                });
                rate_rows.push(i);
            }
        }
        let base_rates = if typed_rows == 0 {
            Some(None)
        } else if entries.len() == typed_rows {
            match BaseRateTable::new(entries) {
                Ok(table) => Some(Some(table)),
                Err(v) => {
                    push_renamed(&mut errors, &v, locale, "entries", "base_rates", &rate_rows);
                    None
                }
            }
        } else {
            None
        };
        self.errors = errors;
        if !self.errors.is_empty() {
            return None;
        }
        Some(DunningSettings {
            enabled: self.enabled,
            schedule: schedule?,
            base_rates: base_rates?,
            reminder_prefix: self.reminder_prefix.clone(),
            payment_days: payment_days?,
        })
    }

    fn fields(&self, locale: Locale) -> (Vec<LevelFields>, Vec<RateFields>) {
        let e = &self.errors;
        let levels = self.levels.fields(e, locale);
        let rates = self
            .rates
            .iter()
            .enumerate()
            .map(|(i, r)| RateFields {
                valid_from: e.field(&format!("base_rates[{i}].valid_from"), &r.valid_from),
                percent: e.field(&format!("base_rates[{i}].percent"), &r.percent),
            })
            .collect();
        (levels, rates)
    }
}

/// The page with `form`; 422 when it has errors.
fn render_form(app: &AdminApp, staff: &Staff, form: &DunningForm) -> AResult {
    let locale = staff.locale();
    let e = &form.errors;
    let (levels, rates) = form.fields(locale);
    let layout = layout(
        app,
        Base::of(staff, "admin.dunning_settings.title", "settings"),
    );
    let r = render(&DunningSettingsPage {
        l: &layout,
        t: Tr(locale),
        action: format!("{}/settings/dunning", app.prefix()),
        errors: e.summary(),
        enabled: form.enabled,
        reminder_prefix: e.field("dunning.reminder_prefix", &form.reminder_prefix),
        payment_days: e.field("dunning.payment_days", &form.payment_days),
        levels,
        rates,
    })?;
    Ok(if e.is_empty() {
        r
    } else {
        with_status(r, StatusCode::UNPROCESSABLE_ENTITY)
    })
}

async fn page(State(app): State<AdminApp>, staff: Staff) -> AResult {
    let form = DunningForm::of(&staff.company.settings.dunning, staff.locale());
    render_form(&app, &staff, &form)
}

/// `POST settings/dunning`: saves the dunning settings with the company's others unchanged,
/// or (`action=add_rate`) shows the form again with one more base-rate row.
async fn save(State(app): State<AdminApp>, staff: Staff, form: FormData) -> AResult {
    let locale = staff.locale();
    let mut typed = DunningForm::read(&form);
    if form.get("action") == "add_rate" {
        typed.rates.push(RateInput::default());
        return render_form(&app, &staff, &typed);
    }
    let Some(dunning) = typed.check(locale) else {
        return render_form(&app, &staff, &typed);
    };
    let mut settings = staff.company.settings.clone();
    settings.dunning = dunning;
    match app
        .web
        .crm
        .update_company_settings(&staff.ctx, settings)
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "{}/settings/dunning?done=saved",
            app.prefix()
        ))),
        Err(CoreError::Invalid(v)) => {
            typed.errors = Errors::from_core(&v, locale);
            render_form(&app, &staff, &typed)
        }
        Err(e) => Err(e.into()),
    }
}
