//! Reminders in the portal: the latest letters on the statement, what the latest one claims
//! on an invoice's page, and the letter's frozen PDF.

use axum::extract::Path;
use axum::response::Response;
use crm_core::domain::{Invoice, Locale, Reminder, ReminderId};
use crm_core::render::format as core_format;
use rust_decimal::Decimal;

use super::docs::parse_id;
use super::views::{ClaimView, ReminderRow};
use super::{Fail, Portal, attachment};
use crate::html::format::money;
use crate::html::i18n::text;

/// Reminders listed on the statement.
const STATEMENT_REMINDERS: usize = 5;

fn t(key: &str, locale: Locale) -> String {
    text(key, locale).unwrap_or_default().to_owned()
}

fn row(r: &Reminder, l: Locale) -> ReminderRow {
    ReminderRow {
        id: r.id.to_string(),
        title: t(r.level.label_key(), l),
        number: r.number.clone(),
        date: core_format::date(r.issue_date, l),
        due: core_format::date(r.due_date, l),
        total: money(r.total(), r.currency, l),
    }
}

/// The statement's latest reminders. Only a client with something overdue can have one
/// that matters: the others' statements (the most frequent page) read nothing more.
pub(super) async fn statement_rows(
    portal: &Portal,
    overdue_count: usize,
    l: Locale,
) -> Result<Vec<ReminderRow>, Fail> {
    if overdue_count == 0 {
        return Ok(Vec::new());
    }
    Ok(portal
        .state
        .crm
        .portal_reminders(&portal.ctx)
        .await
        .map_err(|e| portal.core(e, l))?
        .iter()
        .take(STATEMENT_REMINDERS)
        .map(|r| row(r, l))
        .collect())
}

/// What the latest reminder naming `inv` claims on it, while it is still `open`.
pub(super) async fn claim(
    portal: &Portal,
    inv: &Invoice,
    open: bool,
    l: Locale,
) -> Result<Option<ClaimView>, Fail> {
    let Some(reminder) = inv.dunning.and_then(|m| m.reminder).filter(|_| open) else {
        return Ok(None);
    };
    let r = portal
        .state
        .crm
        .portal_reminder(&portal.ctx, reminder)
        .await
        .map_err(|e| portal.core(e, l))?;
    let c = inv.currency;
    // What is open now, not what the letter said: payments since settled fees and interest
    // first (§367 BGB).
    let costs = inv.costs();
    let (interest, fees) = (costs.interest_open(), costs.fees_open());
    Ok(r.item(inv.id).map(|_| ClaimView {
        reminder: row(&r, l),
        interest: (interest > Decimal::ZERO).then(|| money(interest, c, l)),
        fees: (fees > Decimal::ZERO).then(|| money(fees, c, l)),
        total: money(inv.amount_due(), c, l),
    }))
}

/// `GET /reminders/{id}/pdf`: a payment reminder or Mahnung of the signed-in client, its
/// frozen bytes.
pub(crate) async fn reminder_pdf(portal: Portal, Path(id): Path<String>) -> Result<Response, Fail> {
    let (_, client) = portal.parties().await?;
    let l = client.locale;
    let id: ReminderId = parse_id(&portal, &id, l)?;
    let (r, pdf) = portal
        .state
        .crm
        .portal_reminder_pdf(&portal.ctx, id)
        .await
        .map_err(|e| portal.core(e, l))?;
    let name = crm_core::render::zip::sanitize_file_name(&format!(
        "{}-{}.pdf",
        t(r.level.label_key(), l),
        r.number
    ));
    Ok(attachment("application/pdf", &name, pdf.bytes))
}
