//! Clients: create, list, read, change, archive, restore, the 360° headline, documents and portal links.

use super::*;

/// Query of the client list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ClientListQuery {
    /// Case-insensitive part of name, number or a contact's email.
    pub search: Option<String>,
    /// `true` lists archived clients instead of active ones.
    pub archived: Option<bool>,
    /// Page size, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(
        pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\.([0-9a-fA-F]{2}){0,400}$"
    )]
    pub cursor: Option<String>,
}

/// A history cursor as sent: absent, or in its documented form (the core checks the rest).
pub(super) fn history_cursor(c: Option<&str>) -> ApiResult<Option<&str>> {
    match c {
        Some(c) if crm_core::domain::HistoryCursor::decode(c).is_some() => Ok(Some(c)),
        Some(_) => Err(bad_cursor()),
        None => Ok(None),
    }
}

/// The country of the caller's company: it decides a client's default e-invoice format.
pub(super) async fn seller_country(
    s: &ApiState,
    staff: &Staff,
) -> ApiResult<crm_core::domain::Country> {
    Ok(s.crm.company(&staff.0.ctx).await?.address.country())
}

/// A page of document summaries on the wire.
pub(super) fn document_page(
    page: &crm_core::domain::Page<crm_core::domain::DocumentSummary>,
) -> DocumentPage {
    DocumentPage {
        data: page.items.iter().map(DocumentOut::from).collect(),
        next_cursor: page.next.clone(),
    }
}

/// Creates a client.
#[utoipa::path(post, path = "/clients", tag = "clients", request_body = ClientCreate,
    responses((status = 201, body = ClientOut), (status = 401, body = crate::api::error::Problem),
        (status = 409, body = crate::api::error::Problem), (status = 422, body = crate::api::error::Problem)))]
pub async fn create_client(
    State(s): State<ApiState>,
    staff: Staff,
    Json(body): Json<ClientCreate>,
) -> ApiResult<(StatusCode, Json<ClientOut>)> {
    let c = s.crm.create_client(&staff.0.ctx, &body.to_core()).await?;
    Ok((
        StatusCode::CREATED,
        Json(ClientOut::new(&c, seller_country(&s, &staff).await?)),
    ))
}

/// Lists and searches clients (by name), with their figures.
#[utoipa::path(get, path = "/clients", tag = "clients", params(ClientListQuery),
    responses((status = 200, body = ClientPage), (status = 401, body = crate::api::error::Problem),
        (status = 422, body = crate::api::error::Problem)))]
pub async fn list_clients(
    State(s): State<ApiState>,
    staff: Staff,
    Query(q): Query<ClientListQuery>,
) -> ApiResult<Json<ClientPage>> {
    let limit = limit(q.limit)?;
    let after = match q.cursor.as_deref() {
        None => None,
        Some(c) => {
            let (id, name) = c.split_once('.').ok_or_else(bad_cursor)?;
            let id: Uuid = id.parse().map_err(|_| bad_cursor())?;
            Some((unhex(name).ok_or_else(bad_cursor)?, ClientId::from_uuid(id)))
        }
    };
    let rows = s
        .crm
        .list_clients(
            &staff.0.ctx,
            ClientQuery {
                search: q.search.filter(|t| !t.trim().is_empty()),
                archived: q.archived.unwrap_or(false),
                limit: limit + 1,
                after,
            },
        )
        .await?;
    let more = rows.len() > limit as usize;
    let country = seller_country(&s, &staff).await?;
    let data: Vec<ClientListItem> = rows
        .iter()
        .take(limit as usize)
        .map(|r| ClientListItem {
            client: ClientOut::new(&r.client, country),
            metrics: MetricsOut::new(&r.metrics, r.client.currency),
        })
        .collect();
    let next_cursor = more
        .then(|| data.last())
        .flatten()
        .map(|l| format!("{}.{}", l.client.id, hex(&l.client.name)));
    Ok(Json(ClientPage { data, next_cursor }))
}

/// A client.
#[utoipa::path(get, path = "/clients/{id}", tag = "clients", params(("id" = Uuid, Path)),
    responses((status = 200, body = ClientOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem)))]
pub async fn get_client(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ClientOut>> {
    let c = s.crm.client(&staff.0.ctx, ClientId::from_uuid(id)).await?;
    Ok(Json(ClientOut::new(&c, seller_country(&s, &staff).await?)))
}

/// Changes a client (only the fields sent).
#[utoipa::path(patch, path = "/clients/{id}", tag = "clients", params(("id" = Uuid, Path)),
    request_body = ClientPatch,
    responses((status = 200, body = ClientOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem), (status = 409, body = crate::api::error::Problem),
        (status = 422, body = crate::api::error::Problem)))]
pub async fn patch_client(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
    Json(body): Json<ClientPatch>,
) -> ApiResult<Json<ClientOut>> {
    let id = ClientId::from_uuid(id);
    let current = s.crm.client(&staff.0.ctx, id).await?;
    let input = body.apply(crm_core::service::client_to_input(&current));
    let c = s.crm.update_client(&staff.0.ctx, id, &input).await?;
    Ok(Json(ClientOut::new(&c, seller_country(&s, &staff).await?)))
}

/// Archives a client (hidden from lists, no new documents; portal access ends).
#[utoipa::path(post, path = "/clients/{id}/archive", tag = "clients", params(("id" = Uuid, Path)),
    responses((status = 200, body = ClientOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem)))]
pub async fn archive_client(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ClientOut>> {
    let c = s
        .crm
        .archive_client(&staff.0.ctx, ClientId::from_uuid(id))
        .await?;
    Ok(Json(ClientOut::new(&c, seller_country(&s, &staff).await?)))
}

/// Restores an archived client.
#[utoipa::path(post, path = "/clients/{id}/restore", tag = "clients", params(("id" = Uuid, Path)),
    responses((status = 200, body = ClientOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem)))]
pub async fn restore_client(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ClientOut>> {
    let c = s
        .crm
        .restore_client(&staff.0.ctx, ClientId::from_uuid(id))
        .await?;
    Ok(Json(ClientOut::new(&c, seller_country(&s, &staff).await?)))
}

/// The client's 360° headline: figures and recent documents.
#[utoipa::path(get, path = "/clients/{id}/dashboard", tag = "clients", params(("id" = Uuid, Path)),
    responses((status = 200, body = DashboardOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem)))]
pub async fn dashboard(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<DashboardOut>> {
    let d = s
        .crm
        .dashboard(&staff.0.ctx, ClientId::from_uuid(id))
        .await?;
    Ok(Json(DashboardOut {
        client: ClientOut::new(&d.client, seller_country(&s, &staff).await?),
        total_invoiced: money(d.metrics.total_invoiced, d.currency),
        total_paid: money(d.metrics.total_paid, d.currency),
        outstanding: money(d.metrics.outstanding, d.currency),
        fees_and_interest_outstanding: money(d.metrics.costs_outstanding, d.currency),
        currency: d.currency.code().to_owned(),
        recent: d.recent.iter().map(DocumentOut::from).collect(),
    }))
}

/// Document kinds in filters.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum KindFilter {
    /// Invoices.
    Invoice,
    /// Quotes.
    Quote,
    /// Cancellation invoices.
    Cancellation,
    /// Corrective credits.
    Credit,
    /// Payment reminders and Mahnungen.
    Reminder,
}

/// Query of a client's document history.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DocumentQuery {
    /// Only invoices, quotes, cancellation invoices, credits or payment reminders.
    #[param(inline)]
    pub kind: Option<KindFilter>,
    /// Only this status (`draft`, `sent`, `partial`, `paid`, `cancelled`, `overdue`,
    /// `approved`, `rejected`, `expired`; `issued`: the corrections and payment reminders).
    pub status: Option<String>,
    /// Page size, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(pattern = r"^[0-9]{1,15}_[0-9a-fA-F]{32}$")]
    pub cursor: Option<String>,
}

/// The client's documents, newest first.
#[utoipa::path(get, path = "/clients/{id}/documents", tag = "clients",
    params(("id" = Uuid, Path), DocumentQuery),
    responses((status = 200, body = DocumentPage), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem), (status = 422, body = crate::api::error::Problem)))]
pub async fn documents(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
    Query(q): Query<DocumentQuery>,
) -> ApiResult<Json<DocumentPage>> {
    let limit = limit(q.limit)?;
    let filter = HistoryFilter {
        kind: q.kind.map(|k| match k {
            KindFilter::Invoice => DocumentKind::Invoice,
            KindFilter::Quote => DocumentKind::Quote,
            KindFilter::Cancellation => DocumentKind::Cancellation,
            KindFilter::Credit => DocumentKind::Credit,
            KindFilter::Reminder => DocumentKind::Reminder,
        }),
        status: q.status.filter(|t| !t.is_empty()),
        ..HistoryFilter::default()
    };
    let page = s
        .crm
        .document_history(
            &staff.0.ctx,
            ClientId::from_uuid(id),
            &filter,
            history_cursor(q.cursor.as_deref())?,
            limit,
        )
        .await?;
    Ok(Json(document_page(&page)))
}

/// Issues a portal link for a contact (the primary one by default); with `send`, also emails it.
#[utoipa::path(post, path = "/clients/{id}/portal-link", tag = "clients",
    params(("id" = Uuid, Path)), request_body = PortalLinkIn,
    responses((status = 200, body = PortalLinkOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem)))]
pub async fn portal_link(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
    Json(body): Json<PortalLinkIn>,
) -> ApiResult<Json<PortalLinkOut>> {
    let url = s
        .crm
        .issue_portal_link(
            &staff.0.ctx,
            ClientId::from_uuid(id),
            body.contact_id.map(ContactId::from_uuid),
            body.send,
        )
        .await?;
    Ok(Json(PortalLinkOut { url }))
}
