//! The invoice list across clients: status chips (including the derived overdue), issue-date
//! range, newest first, paged by cursor.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use chrono::NaiveDate;
use crm_core::domain::{ClientId, DisplayStatus, HistoryFilter, InvoiceStatus};
use serde::Deserialize;

use super::auth::Staff;
use super::client_page::Chip;
use super::view::{AdminLayout, Base, layout, money, render, status_class, t, url_encode};
use super::{AResult, AdminApp};
use crate::html::{Tr, format};

/// A row of the list.
struct InvoiceRow {
    href: String,
    number: String,
    client: String,
    client_href: String,
    issued: String,
    due: String,
    total: String,
    balance: String,
    status: String,
    status_class: &'static str,
}

/// `GET invoices`.
#[derive(Template)]
#[template(path = "admin/invoices.html")]
struct ListPage<'a> {
    l: &'a AdminLayout,
    t: Tr,
    rows: Vec<InvoiceRow>,
    filters: Vec<Chip>,
    status: String,
    from: String,
    to: String,
    next: Option<String>,
}

pub(super) fn routes() -> Router<AdminApp> {
    Router::new().route("/invoices", get(list))
}

#[derive(Debug, Default, Deserialize)]
struct ListQuery {
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
    #[serde(default)]
    cursor: Option<String>,
}

/// The statuses a staff member filters by, in the order of the chips.
const STATUSES: [&str; 7] = [
    "draft",
    "sent",
    "overdue",
    "partial",
    "processing",
    "paid",
    "cancelled",
];

async fn list(State(app): State<AdminApp>, staff: Staff, Query(q): Query<ListQuery>) -> AResult {
    let locale = staff.locale();
    let crm = &app.web.crm;
    let status = q.status.filter(|s| STATUSES.contains(&s.as_str()));
    // A date that does not parse is ignored rather than refused: the filter is a view.
    let date = |s: &Option<String>| {
        s.as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    };
    let (from, to) = (date(&q.from), date(&q.to));
    let filter = HistoryFilter {
        status: status.clone(),
        from,
        to,
        ..HistoryFilter::default()
    };
    let cursor = q
        .cursor
        .as_deref()
        .filter(|c| crm_core::domain::HistoryCursor::decode(c).is_some());
    let page = crm
        .list_invoices(&staff.ctx, None, &filter, cursor, 50)
        .await?;
    let mut names: HashMap<ClientId, String> = HashMap::new();
    for d in &page.items {
        if let std::collections::hash_map::Entry::Vacant(slot) = names.entry(d.client_id) {
            let name = crm
                .client(&staff.ctx, d.client_id)
                .await
                .map(|c| c.name)
                .unwrap_or_default();
            slot.insert(name);
        }
    }
    let today = crm.clock().today();
    let prefix = app.prefix();
    let rows = page
        .items
        .iter()
        .map(|d| {
            let stored = InvoiceStatus::parse(&d.status);
            let overdue = matches!(stored, Some(InvoiceStatus::Sent | InvoiceStatus::Partial))
                && d.balance > rust_decimal::Decimal::ZERO
                && d.due_date.is_some_and(|due| due < today);
            let shown = if overdue {
                DisplayStatus::Overdue
            } else {
                match stored {
                    Some(InvoiceStatus::Draft) => DisplayStatus::Draft,
                    Some(InvoiceStatus::Partial) => DisplayStatus::Partial,
                    Some(InvoiceStatus::Processing) => DisplayStatus::Processing,
                    Some(InvoiceStatus::Paid) => DisplayStatus::Paid,
                    Some(InvoiceStatus::Cancelled) => DisplayStatus::Cancelled,
                    _ => DisplayStatus::Sent,
                }
            };
            let name = serde_json::to_value(shown)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            let fmt_date = |x: Option<NaiveDate>| {
                x.map(|x| crm_core::render::format::date(x, locale))
                    .unwrap_or_else(|| "–".into())
            };
            InvoiceRow {
                href: format!("{prefix}/invoices/{}", d.id),
                number: d
                    .number
                    .clone()
                    .unwrap_or_else(|| t("admin.doc.draft_number", locale)),
                client: names.get(&d.client_id).cloned().unwrap_or_default(),
                client_href: format!("{prefix}/clients/{}", d.client_id.as_uuid()),
                issued: fmt_date(d.issue_date),
                due: fmt_date(d.due_date),
                total: money(d.total, d.currency, locale),
                balance: money(d.balance, d.currency, locale),
                status: format::status(&name, locale),
                status_class: status_class(&name),
            }
        })
        .collect();
    let dates = |from: &Option<NaiveDate>, to: &Option<NaiveDate>| {
        let mut q = String::new();
        if let Some(f) = from {
            q.push_str(&format!("&from={f}"));
        }
        if let Some(t) = to {
            q.push_str(&format!("&to={t}"));
        }
        q
    };
    let range = dates(&from, &to);
    let mut filters = vec![Chip {
        label: t("admin.filter.all", locale),
        href: format!("{prefix}/invoices?{}", range.trim_start_matches('&')),
        current: status.is_none(),
    }];
    for s in STATUSES {
        filters.push(Chip {
            label: format::status(s, locale),
            href: format!("{prefix}/invoices?status={s}{range}"),
            current: status.as_deref() == Some(s),
        });
    }
    let next = page.next.map(|c| {
        let status = status
            .as_deref()
            .map(|s| format!("&status={s}"))
            .unwrap_or_default();
        format!("{prefix}/invoices?cursor={}{status}{range}", url_encode(&c))
    });
    let layout = layout(&app, Base::of(&staff, "admin.invoices.title", "invoices"));
    render(&ListPage {
        l: &layout,
        t: Tr(locale),
        rows,
        filters,
        status: status.unwrap_or_default(),
        from: from.map(|d| d.to_string()).unwrap_or_default(),
        to: to.map(|d| d.to_string()).unwrap_or_default(),
        next,
    })
}
