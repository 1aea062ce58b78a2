//! The ticket inbox and threads.

use super::*;

/// Ticket statuses in filters.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TicketStatusFilter {
    /// Open.
    Open,
    /// Waiting for the client.
    WaitingOnClient,
    /// Waiting for staff.
    WaitingOnStaff,
    /// Closed.
    Closed,
}

/// Query of the ticket inbox.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TicketListQuery {
    /// Only this status.
    #[param(inline)]
    pub status: Option<TicketStatusFilter>,
    /// Only this client's tickets.
    pub client_id: Option<Uuid>,
    /// Page size, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(pattern = r"^o[0-9]{1,4}$")]
    pub cursor: Option<String>,
}

/// Deepest offset the ticket inbox pages to (its order has no keyset cursor yet).
const MAX_TICKET_OFFSET: u32 = 10_000;

/// The ticket inbox: awaiting staff first, then by last message.
#[utoipa::path(get, path = "/tickets", tag = "tickets", params(TicketListQuery),
    responses((status = 200, body = TicketPage), (status = 401, body = crate::api::error::Problem),
        (status = 422, body = crate::api::error::Problem)))]
pub async fn list_tickets(
    State(s): State<ApiState>,
    staff: Staff,
    Query(q): Query<TicketListQuery>,
) -> ApiResult<Json<TicketPage>> {
    let limit = limit(q.limit)?;
    let offset: u32 = match q.cursor.as_deref() {
        None => 0,
        Some(c) => c
            .strip_prefix("o")
            .and_then(|n| n.parse().ok())
            .filter(|n| *n <= MAX_TICKET_OFFSET)
            .ok_or_else(bad_cursor)?,
    };
    let status = q.status.map(|st| match st {
        TicketStatusFilter::Open => TicketStatus::Open,
        TicketStatusFilter::WaitingOnClient => TicketStatus::WaitingOnClient,
        TicketStatusFilter::WaitingOnStaff => TicketStatus::WaitingOnStaff,
        TicketStatusFilter::Closed => TicketStatus::Closed,
    });
    // Straight to the store (still scoped by company): the service caps one read at 200 rows.
    let rows = s
        .crm
        .store()
        .tickets(
            staff.0.ctx.company,
            &TicketQuery {
                status,
                client_id: q.client_id.map(ClientId::from_uuid),
                limit: offset + limit + 1,
            },
        )
        .await
        .map_err(|e| ApiError::from(crm_core::service::Error::from(e)))?;
    let more = rows.len() > (offset + limit) as usize;
    let data = rows
        .iter()
        .skip(offset as usize)
        .take(limit as usize)
        .map(TicketOut::from)
        .collect();
    let next_cursor = more.then(|| format!("o{}", offset + limit));
    Ok(Json(TicketPage { data, next_cursor }))
}

/// A ticket with its thread.
#[utoipa::path(get, path = "/tickets/{id}", tag = "tickets", params(("id" = Uuid, Path)),
    responses((status = 200, body = TicketDetail), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem)))]
pub async fn get_ticket(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<TicketDetail>> {
    let (t, msgs) = s.crm.ticket(&staff.0.ctx, TicketId::from_uuid(id)).await?;
    Ok(Json(TicketDetail {
        ticket: TicketOut::from(&t),
        messages: msgs.iter().map(MessageOut::from).collect(),
    }))
}

/// Replies to a ticket as the token's user (emailed to the contact).
#[utoipa::path(post, path = "/tickets/{id}/messages", tag = "tickets",
    params(("id" = Uuid, Path)), request_body = ReplyIn,
    responses((status = 201, body = MessageOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem), (status = 409, body = crate::api::error::Problem),
        (status = 422, body = crate::api::error::Problem)))]
pub async fn reply_ticket(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
    Json(body): Json<ReplyIn>,
) -> ApiResult<(StatusCode, Json<MessageOut>)> {
    let m = s
        .crm
        .staff_reply_ticket(
            &staff.0.ctx,
            TicketId::from_uuid(id),
            &staff.0.user.name,
            &body.body,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(MessageOut::from(&m))))
}

/// Closes a ticket.
#[utoipa::path(post, path = "/tickets/{id}/close", tag = "tickets", params(("id" = Uuid, Path)),
    responses((status = 200, body = TicketOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem), (status = 409, body = crate::api::error::Problem)))]
pub async fn close_ticket(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<TicketOut>> {
    let t = s
        .crm
        .close_ticket(&staff.0.ctx, TicketId::from_uuid(id))
        .await?;
    Ok(Json(TicketOut::from(&t)))
}

/// This document (OpenAPI 3.1).
#[utoipa::path(get, path = "/openapi.json", tag = "meta", security(()),
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json")))]
pub async fn openapi_json() -> Response {
    let doc = crate::api::openapi();
    match doc.to_json() {
        Ok(text) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            text,
        )
            .into_response(),
        Err(e) => ApiError::from(crm_core::service::Error::Render(e.to_string())).into_response(),
    }
}
