//! The ticket inbox across clients (awaiting staff first), a thread, reply and close.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use crm_core::domain::{Author, ClientId, TicketId, TicketStatus};
use crm_core::ports::TicketQuery;
use crm_core::service::Error as CoreError;
use serde::Deserialize;

use super::auth::Staff;
use super::client_page::Chip;
use super::clients::{date_time, parse_uuid};
use super::form::{Errors, Field, FormData};
use super::view::{AdminLayout, Base, layout, render, status_class, t, with_status};
use super::{AResult, AdminApp, see_other};
use crate::html::{Tr, format};

/// A row of the inbox.
struct TicketRow {
    href: String,
    subject: String,
    client: String,
    client_href: String,
    status: String,
    status_class: &'static str,
    awaiting: bool,
    last: String,
}

/// `GET tickets`.
#[derive(Template)]
#[template(path = "admin/tickets.html")]
struct InboxPage<'a> {
    l: &'a AdminLayout,
    t: Tr,
    rows: Vec<TicketRow>,
    filters: Vec<Chip>,
}

/// A message of a thread.
struct MessageRow {
    author: String,
    staff: bool,
    at: String,
    body: String,
}

/// `GET tickets/{id}`.
#[derive(Template)]
#[template(path = "admin/ticket.html")]
struct TicketPage<'a> {
    l: &'a AdminLayout,
    t: Tr,
    base: String,
    subject: String,
    client_name: String,
    client_href: String,
    status: String,
    status_class: &'static str,
    closed: bool,
    thread: Vec<MessageRow>,
    body: Field,
}

pub(super) fn routes() -> Router<AdminApp> {
    Router::new()
        .route("/tickets", get(inbox))
        .route("/tickets/{id}", get(show))
        .route("/tickets/{id}/reply", post(reply))
        .route("/tickets/{id}/close", post(close))
}

#[derive(Debug, Deserialize)]
struct InboxQuery {
    #[serde(default)]
    status: Option<String>,
}

async fn inbox(State(app): State<AdminApp>, staff: Staff, Query(q): Query<InboxQuery>) -> AResult {
    let locale = staff.locale();
    let crm = &app.web.crm;
    let status = q.status.as_deref().and_then(TicketStatus::parse);
    let tickets = crm
        .tickets(
            &staff.ctx,
            TicketQuery {
                status,
                client_id: None,
                limit: 200,
            },
        )
        .await?;
    // Client names for the rows: one read per distinct client on the page.
    let mut names: HashMap<ClientId, String> = HashMap::new();
    for tk in &tickets {
        if let std::collections::hash_map::Entry::Vacant(slot) = names.entry(tk.client_id) {
            let name = crm
                .client(&staff.ctx, tk.client_id)
                .await
                .map(|c| c.name)
                .unwrap_or_default();
            slot.insert(name);
        }
    }
    let prefix = app.prefix();
    let rows: Vec<TicketRow> = tickets
        .iter()
        .map(|tk| TicketRow {
            href: format!("{prefix}/tickets/{}", tk.id.as_uuid()),
            subject: tk.subject.clone(),
            client: names.get(&tk.client_id).cloned().unwrap_or_default(),
            client_href: format!("{prefix}/clients/{}", tk.client_id.as_uuid()),
            status: format::status(tk.status.as_str(), locale),
            status_class: status_class(tk.status.as_str()),
            awaiting: tk.status.awaits_staff(),
            last: date_time(tk.last_message_at, locale),
        })
        .collect();
    let mut filters = vec![Chip {
        label: t("admin.filter.all", locale),
        href: format!("{prefix}/tickets"),
        current: status.is_none(),
    }];
    for s in TicketStatus::ALL {
        filters.push(Chip {
            label: format::status(s.as_str(), locale),
            href: format!("{prefix}/tickets?status={}", s.as_str()),
            current: status == Some(s),
        });
    }
    let layout = layout(&app, Base::of(&staff, "admin.tickets.title", "tickets"));
    render(&InboxPage {
        l: &layout,
        t: Tr(locale),
        rows,
        filters,
    })
}

async fn show(State(app): State<AdminApp>, staff: Staff, Path(id): Path<String>) -> AResult {
    let id = TicketId::from_uuid(parse_uuid(&id)?);
    ticket_page(&app, &staff, id, "", &Errors::default()).await
}

async fn ticket_page(
    app: &AdminApp,
    staff: &Staff,
    id: TicketId,
    body: &str,
    errors: &Errors,
) -> AResult {
    let locale = staff.locale();
    let crm = &app.web.crm;
    let (ticket, messages) = crm.ticket(&staff.ctx, id).await?;
    let client = crm.client(&staff.ctx, ticket.client_id).await?;
    let prefix = app.prefix();
    let thread: Vec<MessageRow> = messages
        .iter()
        .map(|m| MessageRow {
            author: m.author.name().to_owned(),
            staff: matches!(m.author, Author::Staff { .. }),
            at: date_time(m.created_at, locale),
            body: m.body.clone(),
        })
        .collect();
    let mut layout = layout(app, Base::of(staff, "admin.tickets.title", "tickets"));
    layout.title.clone_from(&ticket.subject);
    let r = render(&TicketPage {
        l: &layout,
        t: Tr(locale),
        base: format!("{prefix}/tickets/{}", id.as_uuid()),
        subject: ticket.subject.clone(),
        client_name: client.name.clone(),
        client_href: format!("{prefix}/clients/{}", client.id.as_uuid()),
        status: format::status(ticket.status.as_str(), locale),
        status_class: status_class(ticket.status.as_str()),
        closed: ticket.status == TicketStatus::Closed,
        thread,
        body: errors.field("body", body),
    })?;
    Ok(if errors.is_empty() {
        r
    } else {
        with_status(r, StatusCode::UNPROCESSABLE_ENTITY)
    })
}

async fn reply(
    State(app): State<AdminApp>,
    staff: Staff,
    Path(id): Path<String>,
    form: FormData,
) -> AResult {
    let id = TicketId::from_uuid(parse_uuid(&id)?);
    let body = form.get("body").replace("\r\n", "\n");
    match app
        .web
        .crm
        .staff_reply_ticket(&staff.ctx, id, &staff.name, &body)
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "{}/tickets/{}?done=replied",
            app.prefix(),
            id.as_uuid()
        ))),
        Err(CoreError::Invalid(v)) => {
            let errors = Errors::from_core(&v, staff.locale());
            ticket_page(&app, &staff, id, &body, &errors).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn close(State(app): State<AdminApp>, staff: Staff, Path(id): Path<String>) -> AResult {
    let id = TicketId::from_uuid(parse_uuid(&id)?);
    app.web.crm.close_ticket(&staff.ctx, id).await?;
    Ok(see_other(&format!(
        "{}/tickets/{}?done=closed",
        app.prefix(),
        id.as_uuid()
    )))
}
