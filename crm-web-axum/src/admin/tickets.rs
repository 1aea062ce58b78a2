//! The ticket inbox across clients (awaiting staff first), a thread, reply and close.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use crm_core::domain::{Author, ClientId, TicketId, TicketStatus};
use crm_core::ports::TicketQuery;
use crm_core::service::Error as CoreError;
use serde::Deserialize;
use serde_json::{Value, json};

use super::auth::Staff;
use super::clients::{date_time, parse_uuid};
use super::form::{Errors, FormData};
use super::view::{Base, render_page, status_class, t, with_status};
use super::{AResult, AdminApp, see_other};
use crate::html::format;

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
    let rows: Vec<Value> = tickets
        .iter()
        .map(|tk| {
            json!({
                "href": format!("{prefix}/tickets/{}", tk.id.as_uuid()),
                "subject": tk.subject,
                "client": names.get(&tk.client_id).cloned().unwrap_or_default(),
                "client_href": format!("{prefix}/clients/{}", tk.client_id.as_uuid()),
                "status": format::status(tk.status.as_str(), locale),
                "status_class": status_class(tk.status.as_str()),
                "awaiting": tk.status.awaits_staff(),
                "last": date_time(tk.last_message_at, locale),
            })
        })
        .collect();
    let mut filters = vec![json!({
        "label": t("admin.filter.all", locale),
        "href": format!("{prefix}/tickets"),
        "current": status.is_none(),
    })];
    for s in TicketStatus::ALL {
        filters.push(json!({
            "label": format::status(s.as_str(), locale),
            "href": format!("{prefix}/tickets?status={}", s.as_str()),
            "current": status == Some(s),
        }));
    }
    let data = json!({ "rows": rows, "filters": filters });
    render_page(
        &app,
        Base::of(&staff, "admin.tickets.title", "tickets"),
        "admin/tickets",
        data,
    )
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
    let thread: Vec<Value> = messages
        .iter()
        .map(|m| {
            json!({
                "author": m.author.name(),
                "staff": matches!(m.author, Author::Staff { .. }),
                "at": date_time(m.created_at, locale),
                "body": m.body,
            })
        })
        .collect();
    let data = json!({
        "title": ticket.subject,
        "base": format!("{prefix}/tickets/{}", id.as_uuid()),
        "subject": ticket.subject,
        "client_name": client.name,
        "client_href": format!("{prefix}/clients/{}", client.id.as_uuid()),
        "status": format::status(ticket.status.as_str(), locale),
        "status_class": status_class(ticket.status.as_str()),
        "closed": ticket.status == TicketStatus::Closed,
        "thread": thread,
        "body": errors.field("body", body),
        "errors": errors.summary(),
    });
    let r = render_page(
        app,
        Base::of(staff, "admin.tickets.title", "tickets"),
        "admin/ticket",
        data,
    )?;
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
