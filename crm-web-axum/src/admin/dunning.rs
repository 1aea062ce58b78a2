//! The staff side of dunning: the overdue invoices across clients with the level each reached
//! and the level a run today would issue (the core's dry run), a button that runs dunning for
//! the company now, and the frozen PDFs of issued reminders.
//!
//! The settings of dunning have their own page, `admin/dunning_settings.rs`; a client's
//! reminders are listed on its 360° view (`admin/client_page.rs`).

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use chrono::NaiveDate;
use crm_core::domain::{
    ClientId, DunningLevel, DunningMark, HistoryFilter, InvoiceId, Locale, Reminder, ReminderId,
};
use crm_core::i18n::Arg;

use super::auth::Staff;
use super::clients::parse_uuid;
use super::documents::{invoice_url, pdf_response};
use super::view::{AdminLayout, Base, layout, money, render, t};
use super::{AResult, AdminApp, see_other};
use crate::html::i18n::text_args;
use crate::html::{Tr, format};

/// Overdue invoices read for the page besides those a level is due for: the page is a
/// worklist, not an archive, and each row costs a read of its invoice.
const OVERDUE_LIMIT: u32 = 100;

pub(super) fn routes() -> Router<AdminApp> {
    Router::new()
        .route("/dunning", get(page))
        .route("/dunning/run", post(run))
        .route("/reminders/{id}/pdf", get(reminder_pdf))
        .route("/invoices/{id}/remind", post(remind_invoice))
        .route("/invoices/{id}/dunning/skip", post(skip_dunning_level))
        .route("/invoices/{id}/dunning/waive", post(waive_dunning))
}

/// An overdue invoice on the dunning page.
struct DueRow {
    client: String,
    client_href: String,
    number: String,
    href: String,
    due: String,
    days_overdue: i64,
    balance: String,
    /// The level the invoice reached and when, if any.
    reached: Option<String>,
    /// The level a run today would issue, if any.
    due_level: Option<String>,
}

/// `GET dunning`.
#[derive(Template)]
#[template(path = "admin/dunning.html")]
struct DunningPage<'a> {
    l: &'a AdminLayout,
    t: Tr,
    rows: Vec<DueRow>,
    run_action: String,
    settings_href: String,
    /// The periodic run is off for the company.
    disabled: bool,
    /// The base-rate table does not know today's half-year.
    outdated: bool,
}

/// "First reminder on 03.12.2026": the level an invoice reached.
pub(super) fn reached(mark: &DunningMark, locale: Locale) -> String {
    text_args(
        "admin.dunning.reached",
        locale,
        &[
            ("level", Arg::from(t(mark.level.label_key(), locale))),
            ("date", Arg::from(format::date(mark.on, locale))),
        ],
    )
}

/// The link to a reminder's PDF.
pub(super) fn reminder_href(prefix: &str, id: ReminderId) -> String {
    format!("{prefix}/reminders/{}/pdf", id.as_uuid())
}

/// A client's reminder as its table on the client page shows it.
pub(super) struct ReminderRow {
    pub(super) number: String,
    pub(super) href: String,
    pub(super) date: String,
    pub(super) level: String,
    pub(super) total: String,
}

impl ReminderRow {
    /// The row of `r`.
    pub(super) fn of(prefix: &str, r: &Reminder, locale: Locale) -> Self {
        Self {
            number: r.number.clone(),
            href: reminder_href(prefix, r.id),
            date: format::date(r.issue_date, locale),
            level: t(r.level.label_key(), locale),
            total: money(r.total(), r.currency, locale),
        }
    }
}

async fn page(State(app): State<AdminApp>, staff: Staff) -> AResult {
    let crm = &app.web.crm;
    let ctx = &staff.ctx;
    let locale = staff.locale();
    let today = crm.clock().today();
    // The invoices a level is due for (all of them), then the other overdue ones: an
    // invoice that just got its letter is still overdue and shows the level it reached.
    let mut wanted: BTreeMap<InvoiceId, Option<DunningLevel>> = crm
        .dunning_due(ctx, today)
        .await?
        .into_iter()
        .map(|d| (d.invoice_id, Some(d.level)))
        .collect();
    let filter = HistoryFilter {
        status: Some("overdue".into()),
        ..HistoryFilter::default()
    };
    let overdue = crm
        .list_invoices(ctx, None, &filter, None, OVERDUE_LIMIT)
        .await?;
    for d in &overdue.items {
        wanted.entry(InvoiceId::from_uuid(d.id)).or_insert(None);
    }
    let prefix = app.prefix();
    let mut names: HashMap<ClientId, String> = HashMap::new();
    let mut rows: Vec<(NaiveDate, DueRow)> = Vec::with_capacity(wanted.len());
    for (id, level) in wanted {
        let inv = crm.invoice(ctx, id).await?;
        let Some(due) = inv.due_date else {
            continue;
        };
        let client = match names.get(&inv.client_id) {
            Some(n) => n.clone(),
            None => {
                let n = crm.client(ctx, inv.client_id).await?.name;
                names.insert(inv.client_id, n.clone());
                n
            }
        };
        rows.push((
            due,
            DueRow {
                client,
                client_href: format!("{prefix}/clients/{}", inv.client_id.as_uuid()),
                number: inv.number.clone().unwrap_or_default(),
                href: format!("{prefix}/invoices/{}", id.as_uuid()),
                due: format::date(due, locale),
                days_overdue: (today - due).num_days(),
                balance: money(inv.balance, inv.currency, locale),
                reached: inv.dunning.as_ref().map(|m| reached(m, locale)),
                due_level: level.map(|l| t(l.label_key(), locale)),
            },
        ));
    }
    // Oldest due first, like the run.
    rows.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.number.cmp(&b.1.number)));
    let settings = &staff.company.settings.dunning;
    let layout = layout(&app, Base::of(&staff, "admin.dunning.title", "dunning"));
    render(&DunningPage {
        l: &layout,
        t: Tr(locale),
        rows: rows.into_iter().map(|(_, r)| r).collect(),
        run_action: format!("{prefix}/dunning/run"),
        settings_href: format!("{prefix}/settings/dunning"),
        disabled: !settings.enabled,
        // The same rule the run applies before it claims interest.
        outdated: !settings.base_rates().is_current(today),
    })
}

/// `POST dunning/run`: runs dunning for the company today and tells how many reminders it
/// issued, or for how many clients it failed (each failure is logged with its cause).
async fn run(State(app): State<AdminApp>, staff: Staff) -> AResult {
    let crm = &app.web.crm;
    let today = crm.clock().today();
    let report = crm.run_dunning_for(&staff.ctx, today).await?;
    for f in &report.failed {
        tracing::warn!(
            client = %f.client_id.as_uuid(),
            error = %f.error,
            "dunning: this client's letter failed"
        );
    }
    let (key, n) = if report.failed.is_empty() {
        ("dunning_run", report.issued.len())
    } else {
        ("dunning_failed", report.failed.len())
    };
    Ok(see_other(&format!(
        "{}/dunning?done={key}&n={n}",
        app.prefix()
    )))
}

/// `GET reminders/{id}/pdf`: the PDF frozen when the reminder was issued.
async fn reminder_pdf(
    State(app): State<AdminApp>,
    staff: Staff,
    Path(id): Path<String>,
) -> AResult {
    let id = ReminderId::from_uuid(parse_uuid(&id)?);
    let (r, pdf) = app.web.crm.reminder_pdf(&staff.ctx, id).await?;
    Ok(pdf_response(pdf.bytes, &r.number))
}

/// `POST invoices/{id}/remind`: the next dunning level now, without waiting its days.
async fn remind_invoice(
    State(app): State<AdminApp>,
    staff: Staff,
    Path(id): Path<String>,
) -> AResult {
    let id = InvoiceId::from_uuid(parse_uuid(&id)?);
    app.web.crm.send_reminder_now(&staff.ctx, id).await?;
    Ok(see_other(&invoice_url(&app, id, "reminded")))
}

/// `POST invoices/{id}/dunning/skip`: the next level counts as reached today, no letter.
async fn skip_dunning_level(
    State(app): State<AdminApp>,
    staff: Staff,
    Path(id): Path<String>,
) -> AResult {
    let id = InvoiceId::from_uuid(parse_uuid(&id)?);
    app.web.crm.skip_dunning_level(&staff.ctx, id).await?;
    Ok(see_other(&invoice_url(&app, id, "level_skipped")))
}

/// `POST invoices/{id}/dunning/waive`: later letters claim no fees or interest.
async fn waive_dunning(
    State(app): State<AdminApp>,
    staff: Staff,
    Path(id): Path<String>,
) -> AResult {
    let id = InvoiceId::from_uuid(parse_uuid(&id)?);
    app.web.crm.waive_dunning_claims(&staff.ctx, id).await?;
    Ok(see_other(&invoice_url(&app, id, "waived")))
}
