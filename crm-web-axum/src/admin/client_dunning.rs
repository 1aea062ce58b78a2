//! A client's dunning tab on the 360° view (`clients/{id}?tab=dunning`): the dunning block
//! (stop reminders with a reason and an optional last day, or resume them), the client's own
//! levels in place of the company's, the fees and interest it owes, and its reminders.
//!
//! `POST clients/{id}/dunning/block`, `…/unblock` and `…/levels` each write through one use
//! case ([`crm_core::Crm::set_dunning_block`], [`crm_core::Crm::set_dunning_schedule`]) and
//! redirect to the tab with a notice; bad input shows the tab again (422) with the message at
//! its field and writes nothing.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use chrono::NaiveDate;
use crm_core::domain::{Client, ClientId, Locale};
use crm_core::i18n::Arg;
use crm_core::service::Error as CoreError;

use super::auth::Staff;
use super::client_page::{Posted, ShowQuery, client_page};
use super::clients::parse_uuid;
use super::dunning::ReminderRow;
use super::dunning_levels::{LevelFields, LevelsForm};
use super::form::{Errors, Field, FieldError, FormData};
use super::view::{t, with_status};
use super::{AResult, AdminApp, Fail, see_other};
use crate::html::format;
use crate::html::i18n::text_args;

pub(super) fn routes() -> Router<AdminApp> {
    Router::new()
        .route("/clients/{id}/dunning/block", post(block))
        .route("/clients/{id}/dunning/unblock", post(unblock))
        .route("/clients/{id}/dunning/levels", post(levels))
}

/// The tab's forms as typed, with their errors (after a POST that was refused).
pub(crate) struct DunningState {
    reason: String,
    until: String,
    own: bool,
    levels: LevelsForm,
    errors: Errors,
}

/// What the tab shows.
pub(crate) struct DunningTab {
    /// The block in force ("Reminders stopped: …, until …"), if any.
    pub(crate) blocked: Option<String>,
    pub(crate) reason: Field,
    pub(crate) until: Field,
    pub(crate) block_action: String,
    pub(crate) unblock_action: String,
    pub(crate) levels_action: String,
    /// Whether the client has its own levels (the form's box).
    pub(crate) own: bool,
    pub(crate) levels: Vec<LevelFields>,
    pub(crate) errors: Vec<FieldError>,
    pub(crate) reminders: Vec<ReminderRow>,
}

/// The tab of `client`, showing `posted` when a POST was refused.
pub(crate) async fn tab(
    app: &AdminApp,
    staff: &Staff,
    client: &Client,
    posted: Option<DunningState>,
) -> Result<DunningTab, Fail> {
    let locale = staff.locale();
    let prefix = app.prefix();
    let base = format!("{prefix}/clients/{}/dunning", client.id.as_uuid());
    let state = posted.unwrap_or_else(|| state_of(client, staff, "", ""));
    let reminders = app
        .web
        .crm
        .reminders_of_client(&staff.ctx, client.id)
        .await?
        .iter()
        .map(|r| ReminderRow::of(prefix, r, locale))
        .collect();
    let e = &state.errors;
    Ok(DunningTab {
        blocked: client
            .dunning_block
            .as_ref()
            .map(|b| blocked_text(&b.reason, b.until, locale)),
        reason: e.field("reason", &state.reason),
        until: e.field("until", &state.until),
        block_action: format!("{base}/block"),
        unblock_action: format!("{base}/unblock"),
        levels_action: format!("{base}/levels"),
        own: state.own,
        levels: state.levels.fields(e, locale),
        errors: e.summary(),
        reminders,
    })
}

/// "Reminders stopped: {reason}" and, with a last day, "until {day} inclusive".
fn blocked_text(reason: &str, until: Option<NaiveDate>, locale: Locale) -> String {
    let stopped = text_args(
        "admin.client_dunning.blocked",
        locale,
        &[("reason", Arg::from(reason.to_owned()))],
    );
    match until {
        None => stopped,
        Some(day) => {
            let until = text_args(
                "admin.client_dunning.blocked_until",
                locale,
                &[("date", Arg::from(format::date(day, locale)))],
            );
            format!("{stopped} · {until}")
        }
    }
}

/// The tab again with `state`, at 422.
async fn refused(app: &AdminApp, staff: &Staff, id: ClientId, state: DunningState) -> AResult {
    let q = ShowQuery::tab("dunning");
    let r = client_page(app, staff, id, q, Some(Posted::Dunning(state))).await?;
    Ok(with_status(r, StatusCode::UNPROCESSABLE_ENTITY))
}

fn done(app: &AdminApp, id: ClientId, key: &str) -> axum::response::Response {
    see_other(&format!(
        "{}/clients/{}?tab=dunning&done={key}",
        app.prefix(),
        id.as_uuid()
    ))
}

/// The tab's state with `reason` and `until` in the block form and the levels as stored.
fn state_of(client: &Client, staff: &Staff, reason: &str, until: &str) -> DunningState {
    let company_levels = &staff.company.settings.dunning.schedule;
    DunningState {
        reason: reason.to_owned(),
        until: until.to_owned(),
        own: client.dunning_schedule.is_some(),
        levels: LevelsForm::of(
            client.dunning_schedule.as_ref().unwrap_or(company_levels),
            staff.locale(),
        ),
        errors: Errors::default(),
    }
}

/// `POST clients/{id}/dunning/block`: stops reminders (a reason, optionally a last day).
async fn block(
    State(app): State<AdminApp>,
    staff: Staff,
    Path(id): Path<String>,
    form: FormData,
) -> AResult {
    let id = ClientId::from_uuid(parse_uuid(&id)?);
    let locale = staff.locale();
    let crm = &app.web.crm;
    let client = crm.client(&staff.ctx, id).await?;
    let (reason, until_text) = (form.get("reason").trim(), form.get("until").trim());
    let mut state = state_of(&client, &staff, reason, until_text);
    let until = match until_text {
        "" => None,
        s => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                state.errors.push("until", t("admin.err.date", locale));
                return refused(&app, &staff, id, state).await;
            }
        },
    };
    match crm
        .set_dunning_block(&staff.ctx, id, Some((reason, until)))
        .await
    {
        Ok(_) => Ok(done(&app, id, "dunning_blocked")),
        Err(CoreError::Invalid(v)) => {
            state.errors = Errors::from_core(&v, locale);
            refused(&app, &staff, id, state).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST clients/{id}/dunning/unblock`: reminders resume with the next run.
async fn unblock(State(app): State<AdminApp>, staff: Staff, Path(id): Path<String>) -> AResult {
    let id = ClientId::from_uuid(parse_uuid(&id)?);
    app.web.crm.set_dunning_block(&staff.ctx, id, None).await?;
    Ok(done(&app, id, "dunning_unblocked"))
}

/// `POST clients/{id}/dunning/levels`: the client's own levels (box ticked) or the company's.
async fn levels(
    State(app): State<AdminApp>,
    staff: Staff,
    Path(id): Path<String>,
    form: FormData,
) -> AResult {
    let id = ClientId::from_uuid(parse_uuid(&id)?);
    let locale = staff.locale();
    let crm = &app.web.crm;
    let own = form.has("own");
    let typed = LevelsForm::read(&form);
    if !own {
        crm.set_dunning_schedule(&staff.ctx, id, None).await?;
        return Ok(done(&app, id, "dunning_levels_saved"));
    }
    let mut errors = Errors::default();
    let Some(schedule) = typed.check(&mut errors, locale) else {
        let state = DunningState {
            reason: String::new(),
            until: String::new(),
            own,
            levels: typed,
            errors,
        };
        return refused(&app, &staff, id, state).await;
    };
    crm.set_dunning_schedule(&staff.ctx, id, Some(schedule.rules().to_vec()))
        .await?;
    Ok(done(&app, id, "dunning_levels_saved"))
}
