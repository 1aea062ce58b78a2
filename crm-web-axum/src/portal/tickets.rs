//! Support tickets: list, open, thread, reply (closed tickets are read-only here).

use axum::extract::Path;
use axum::http::HeaderMap;
use axum::response::Response;
use bytes::Bytes;
use crm_core::domain::{Author, Locale, TicketId, TicketStatus};
use crm_core::service::Error as CoreError;

use super::views::{MessageRow, TicketNewPage, TicketPage, TicketRow, TicketsPage};
use super::{Fail, FormData, Portal, see_other};
use crate::error::WebError;
use crate::html::Tr;
use crate::html::format::status as status_label;
use crate::html::i18n::text;

fn t(key: &str, l: Locale) -> String {
    text(key, l).unwrap_or_default().to_owned()
}

fn when(at: chrono::DateTime<chrono::Utc>, l: Locale) -> String {
    match l {
        Locale::De => at.format("%d.%m.%Y %H:%M").to_string(),
        Locale::En => at.format("%b %-d, %Y %H:%M").to_string(),
    }
}

fn class(status: TicketStatus) -> &'static str {
    match status {
        TicketStatus::Closed => "muted",
        TicketStatus::WaitingOnClient => "warn",
        _ => "open",
    }
}

/// `GET /tickets`.
pub(crate) async fn list(portal: Portal) -> Result<Response, Fail> {
    let (company, client) = portal.parties().await?;
    let l = client.locale;
    let tickets = portal
        .state
        .crm
        .portal_tickets(&portal.ctx, 100)
        .await
        .map_err(|e| portal.core(e, l))?;
    let rows: Vec<TicketRow> = tickets
        .iter()
        .map(|tk| TicketRow {
            id: tk.id.to_string(),
            subject: tk.subject.clone(),
            last: when(tk.last_message_at, l),
            status: status_label(tk.status.as_str(), l),
            status_class: class(tk.status),
        })
        .collect();
    let layout = portal.layout(t("tickets.title", l), "tickets", &company, l, None);
    portal.render(
        &TicketsPage {
            l: &layout,
            t: Tr(l),
            rows,
        },
        l,
    )
}

/// `GET /tickets/new`.
pub(crate) async fn new_form(portal: Portal) -> Result<Response, Fail> {
    if let Some(confirm) = portal.require_confirmed("/tickets/new").await? {
        return Ok(confirm);
    }
    let (company, client) = portal.parties().await?;
    let l = client.locale;
    let layout = portal.layout(t("tickets.new", l), "tickets", &company, l, None);
    portal.render(
        &TicketNewPage {
            l: &layout,
            t: Tr(l),
            errors: Vec::new(),
            subject: "",
            body: "",
        },
        l,
    )
}

/// `POST /tickets`: opens a ticket; invalid input shows the form again with the messages.
pub(crate) async fn create(
    portal: Portal,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Fail> {
    let (company, client) = portal.parties().await?;
    let l = client.locale;
    let form = FormData::parse(&body);
    portal.check_post(&headers, &form, l)?;
    if let Some(confirm) = portal.require_confirmed("/tickets/new").await? {
        return Ok(confirm);
    }
    let subject = form.get("subject").unwrap_or_default();
    let text_body = form.get("body").unwrap_or_default();
    match portal
        .state
        .crm
        .open_ticket(&portal.ctx, subject, text_body)
        .await
    {
        Ok(ticket) => Ok(see_other(&format!(
            "{}/tickets/{}",
            super::prefix(&portal.state),
            ticket.id
        ))),
        Err(CoreError::Invalid(errors)) => {
            let messages: Vec<String> = errors
                .0
                .iter()
                .map(|f| f.error.message(l).to_owned())
                .collect();
            let layout = portal.layout(t("tickets.new", l), "tickets", &company, l, None);
            let page = TicketNewPage {
                l: &layout,
                t: Tr(l),
                errors: messages,
                subject,
                body: text_body,
            };
            let mut r = portal.render(&page, l)?;
            *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(portal.core(e, l)),
    }
}

/// `GET /tickets/{id}`.
pub(crate) async fn thread(portal: Portal, Path(id): Path<String>) -> Result<Response, Fail> {
    thread_page(portal, &id, Vec::new()).await
}

async fn thread_page(portal: Portal, id: &str, errors: Vec<String>) -> Result<Response, Fail> {
    let (company, client) = portal.parties().await?;
    let l = client.locale;
    let id: TicketId = id.parse().map_err(|_| portal.fail(WebError::NotFound, l))?;
    let (ticket, messages) = portal
        .state
        .crm
        .portal_ticket(&portal.ctx, id)
        .await
        .map_err(|e| portal.core(e, l))?;
    let you = t("ticket.you", l);
    let msgs: Vec<MessageRow> = messages
        .iter()
        .map(|m| {
            let (author, mine) = match &m.author {
                Author::Contact { id, name } if *id == portal.ctx.contact => {
                    (format!("{name} ({you})"), true)
                }
                Author::Contact { name, .. } => (name.clone(), true),
                Author::Staff { name, .. } => (format!("{name} · {}", company.name), false),
            };
            MessageRow {
                author,
                mine,
                at: when(m.created_at, l),
                body: m.body.clone(),
            }
        })
        .collect();
    let layout = portal.layout(ticket.subject.clone(), "tickets", &company, l, None);
    let page = TicketPage {
        l: &layout,
        t: Tr(l),
        id: ticket.id.to_string(),
        subject: ticket.subject.clone(),
        status: status_label(ticket.status.as_str(), l),
        status_class: class(ticket.status),
        messages: msgs,
        closed: ticket.status == TicketStatus::Closed,
        errors,
    };
    portal.render(&page, l)
}

/// `POST /tickets/{id}/reply`. Closed tickets take no replies (the core refuses them under the
/// ticket's lock → 409): a new request gets a new ticket.
pub(crate) async fn reply(
    portal: Portal,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Fail> {
    let (_, client) = portal.parties().await?;
    let l = client.locale;
    let form = FormData::parse(&body);
    portal.check_post(&headers, &form, l)?;
    let tid: TicketId = id.parse().map_err(|_| portal.fail(WebError::NotFound, l))?;
    if let Some(confirm) = portal.require_confirmed(&format!("/tickets/{tid}")).await? {
        return Ok(confirm);
    }
    match portal
        .state
        .crm
        .portal_reply_ticket(&portal.ctx, tid, form.get("body").unwrap_or_default())
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "{}/tickets/{tid}",
            super::prefix(&portal.state)
        ))),
        Err(CoreError::Invalid(errors)) => {
            let messages = errors
                .0
                .iter()
                .map(|f| f.error.message(l).to_owned())
                .collect();
            let mut r = thread_page(portal, &id, messages).await?;
            *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(portal.core(e, l)),
    }
}
