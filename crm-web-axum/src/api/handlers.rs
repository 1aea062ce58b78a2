//! The handlers of `/api/v1`, each documented for OpenAPI with `#[utoipa::path]`.

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use crm_core::domain::validation::Collector;
use crm_core::domain::{
    ClientId, ContactId, DocumentKind, HistoryFilter, InvoiceId, PaymentMethod, QuoteId, TicketId,
    TicketStatus,
};
use crm_core::ports::{ClientQuery, TicketQuery};
use crm_core::service::{InvoiceInput, PaymentInput, PaymentOutcome, QuoteInput, TemplateSource};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::dto::*;
use super::error::{ApiError, Json, Path, Query};
use super::{ApiState, Staff};

type ApiResult<T> = Result<T, ApiError>;

const DEFAULT_LIMIT: u32 = 50;
const MAX_LIMIT: u32 = 200;

fn limit(l: Option<u32>) -> ApiResult<u32> {
    match l {
        None => Ok(DEFAULT_LIMIT),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(_) => Err(ApiError::field("limit", "api.limit")),
    }
}

fn bad_cursor() -> ApiError {
    ApiError::field("cursor", "api.cursor")
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<String> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..s.len())
        .step_by(2)
        .map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
        .collect();
    // Lossy: any byte string is a position in the name order (the cursor pattern allows it).
    Some(String::from_utf8_lossy(&bytes?).into_owned())
}

// ---------------------------------------------------------------- clients

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

/// The documented form of a history cursor (the core checks its content).
struct HistoryCursorCheck;

impl HistoryCursorCheck {
    fn ok(c: &str) -> bool {
        crm_core::domain::HistoryCursor::decode(c).is_some()
    }
}

/// Creates a client.
#[utoipa::path(post, path = "/clients", tag = "clients", request_body = ClientCreate,
    responses((status = 201, body = ClientOut), (status = 401, body = super::error::Problem),
        (status = 409, body = super::error::Problem), (status = 422, body = super::error::Problem)))]
pub async fn create_client(
    State(s): State<ApiState>,
    staff: Staff,
    Json(body): Json<ClientCreate>,
) -> ApiResult<(StatusCode, Json<ClientOut>)> {
    let c = s.crm.create_client(&staff.0.ctx, &body.to_core()).await?;
    Ok((StatusCode::CREATED, Json(ClientOut::from(&c))))
}

/// Lists and searches clients (by name), with their figures.
#[utoipa::path(get, path = "/clients", tag = "clients", params(ClientListQuery),
    responses((status = 200, body = ClientPage), (status = 401, body = super::error::Problem),
        (status = 422, body = super::error::Problem)))]
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
    let data: Vec<ClientListItem> = rows
        .iter()
        .take(limit as usize)
        .map(|r| ClientListItem {
            client: ClientOut::from(&r.client),
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
    responses((status = 200, body = ClientOut), (status = 401, body = super::error::Problem),
        (status = 404, body = super::error::Problem)))]
pub async fn get_client(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ClientOut>> {
    let c = s.crm.client(&staff.0.ctx, ClientId::from_uuid(id)).await?;
    Ok(Json(ClientOut::from(&c)))
}

/// Changes a client (only the fields sent).
#[utoipa::path(patch, path = "/clients/{id}", tag = "clients", params(("id" = Uuid, Path)),
    request_body = ClientPatch,
    responses((status = 200, body = ClientOut), (status = 401, body = super::error::Problem),
        (status = 404, body = super::error::Problem), (status = 409, body = super::error::Problem),
        (status = 422, body = super::error::Problem)))]
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
    Ok(Json(ClientOut::from(&c)))
}

/// Archives a client (hidden from lists, no new documents; portal access ends).
#[utoipa::path(post, path = "/clients/{id}/archive", tag = "clients", params(("id" = Uuid, Path)),
    responses((status = 200, body = ClientOut), (status = 401, body = super::error::Problem),
        (status = 404, body = super::error::Problem)))]
pub async fn archive_client(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ClientOut>> {
    let c = s
        .crm
        .archive_client(&staff.0.ctx, ClientId::from_uuid(id))
        .await?;
    Ok(Json(ClientOut::from(&c)))
}

/// Restores an archived client.
#[utoipa::path(post, path = "/clients/{id}/restore", tag = "clients", params(("id" = Uuid, Path)),
    responses((status = 200, body = ClientOut), (status = 401, body = super::error::Problem),
        (status = 404, body = super::error::Problem)))]
pub async fn restore_client(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ClientOut>> {
    let c = s
        .crm
        .restore_client(&staff.0.ctx, ClientId::from_uuid(id))
        .await?;
    Ok(Json(ClientOut::from(&c)))
}

/// The client's 360° headline: figures and recent documents.
#[utoipa::path(get, path = "/clients/{id}/dashboard", tag = "clients", params(("id" = Uuid, Path)),
    responses((status = 200, body = DashboardOut), (status = 401, body = super::error::Problem),
        (status = 404, body = super::error::Problem)))]
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
        client: ClientOut::from(&d.client),
        total_invoiced: money(d.metrics.total_invoiced, d.currency),
        total_paid: money(d.metrics.total_paid, d.currency),
        outstanding: money(d.metrics.outstanding, d.currency),
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
}

/// Query of a client's document history.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DocumentQuery {
    /// Only invoices or only quotes.
    #[param(inline)]
    pub kind: Option<KindFilter>,
    /// Only this status (`draft`, `sent`, `partial`, `paid`, `cancelled`, `overdue`,
    /// `approved`, `rejected`, `expired`).
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
    responses((status = 200, body = DocumentPage), (status = 401, body = super::error::Problem),
        (status = 404, body = super::error::Problem), (status = 422, body = super::error::Problem)))]
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
            match q.cursor.as_deref() {
                Some(c) if HistoryCursorCheck::ok(c) => Some(c),
                Some(_) => return Err(bad_cursor()),
                None => None,
            },
            limit,
        )
        .await?;
    Ok(Json(DocumentPage {
        data: page.items.iter().map(DocumentOut::from).collect(),
        next_cursor: page.next,
    }))
}

/// Issues a portal link for a contact (the primary one by default); with `send`, also emails it.
#[utoipa::path(post, path = "/clients/{id}/portal-link", tag = "clients",
    params(("id" = Uuid, Path)), request_body = PortalLinkIn,
    responses((status = 200, body = PortalLinkOut), (status = 401, body = super::error::Problem),
        (status = 404, body = super::error::Problem)))]
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

// ---------------------------------------------------------------- templates

fn template_out(
    kind: TemplateKindDto,
    t: &crm_core::domain::EmailTemplate,
    src: TemplateSource,
) -> TemplateOut {
    TemplateOut {
        kind,
        subject: t.subject.clone(),
        body: t.body.clone(),
        source: match src {
            TemplateSource::Client => "client",
            TemplateSource::Company => "company",
            TemplateSource::Default => "default",
        }
        .into(),
    }
}

/// The template a client's emails of `kind` use (override, else company, else built-in).
#[utoipa::path(get, path = "/clients/{id}/templates/{kind}", tag = "templates",
    params(("id" = Uuid, Path), ("kind" = TemplateKindDto, Path)),
    responses((status = 200, body = TemplateOut), (status = 401, body = super::error::Problem),
        (status = 404, body = super::error::Problem)))]
pub async fn get_client_template(
    State(s): State<ApiState>,
    staff: Staff,
    Path((id, kind)): Path<(Uuid, TemplateKindDto)>,
) -> ApiResult<Json<TemplateOut>> {
    let (t, src) = s
        .crm
        .effective_template(&staff.0.ctx, ClientId::from_uuid(id), kind.to_core())
        .await?;
    Ok(Json(template_out(kind, &t, src)))
}

/// Sets the client's override of `kind` (validated now, not at send time).
#[utoipa::path(put, path = "/clients/{id}/templates/{kind}", tag = "templates",
    params(("id" = Uuid, Path), ("kind" = TemplateKindDto, Path)), request_body = TemplateIn,
    responses((status = 200, body = TemplateOut), (status = 401, body = super::error::Problem),
        (status = 404, body = super::error::Problem), (status = 422, body = super::error::Problem)))]
pub async fn put_client_template(
    State(s): State<ApiState>,
    staff: Staff,
    Path((id, kind)): Path<(Uuid, TemplateKindDto)>,
    Json(body): Json<TemplateIn>,
) -> ApiResult<Json<TemplateOut>> {
    let t = crm_core::domain::EmailTemplate {
        subject: body.subject,
        body: body.body,
    };
    s.crm
        .set_client_template(&staff.0.ctx, ClientId::from_uuid(id), kind.to_core(), &t)
        .await?;
    Ok(Json(template_out(kind, &t, TemplateSource::Client)))
}

/// Removes the client's override; the company's template applies again.
#[utoipa::path(delete, path = "/clients/{id}/templates/{kind}", tag = "templates",
    params(("id" = Uuid, Path), ("kind" = TemplateKindDto, Path)),
    responses((status = 204, description = "Removed (or there was none)"),
        (status = 401, body = super::error::Problem), (status = 404, body = super::error::Problem)))]
pub async fn delete_client_template(
    State(s): State<ApiState>,
    staff: Staff,
    Path((id, kind)): Path<(Uuid, TemplateKindDto)>,
) -> ApiResult<StatusCode> {
    s.crm
        .delete_client_template(&staff.0.ctx, ClientId::from_uuid(id), kind.to_core())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The company's template of `kind` (or the built-in default).
#[utoipa::path(get, path = "/company/templates/{kind}", tag = "templates",
    params(("kind" = TemplateKindDto, Path)),
    responses((status = 200, body = TemplateOut), (status = 401, body = super::error::Problem),
        (status = 404, body = super::error::Problem)))]
pub async fn get_company_template(
    State(s): State<ApiState>,
    staff: Staff,
    Path(kind): Path<TemplateKindDto>,
) -> ApiResult<Json<TemplateOut>> {
    let (t, src) = s.crm.company_template(&staff.0.ctx, kind.to_core()).await?;
    Ok(Json(template_out(kind, &t, src)))
}

/// Sets the company's template of `kind`.
#[utoipa::path(put, path = "/company/templates/{kind}", tag = "templates",
    params(("kind" = TemplateKindDto, Path)), request_body = TemplateIn,
    responses((status = 200, body = TemplateOut), (status = 401, body = super::error::Problem),
        (status = 404, body = super::error::Problem), (status = 422, body = super::error::Problem)))]
pub async fn put_company_template(
    State(s): State<ApiState>,
    staff: Staff,
    Path(kind): Path<TemplateKindDto>,
    Json(body): Json<TemplateIn>,
) -> ApiResult<Json<TemplateOut>> {
    let t = crm_core::domain::EmailTemplate {
        subject: body.subject,
        body: body.body,
    };
    s.crm
        .set_company_template(&staff.0.ctx, kind.to_core(), &t)
        .await?;
    Ok(Json(template_out(kind, &t, TemplateSource::Company)))
}

// ---------------------------------------------------------------- invoices

fn today(s: &ApiState) -> chrono::NaiveDate {
    s.crm.clock().now().date_naive()
}

/// Creates a draft invoice.
#[utoipa::path(post, path = "/invoices", tag = "invoices", request_body = InvoiceCreate,
    responses((status = 201, body = InvoiceOut), (status = 401, body = super::error::Problem),
        (status = 404, body = super::error::Problem), (status = 409, body = super::error::Problem),
        (status = 422, body = super::error::Problem)))]
pub async fn create_invoice(
    State(s): State<ApiState>,
    staff: Staff,
    Json(body): Json<InvoiceCreate>,
) -> ApiResult<(StatusCode, Json<InvoiceOut>)> {
    let mut errors = Collector::new();
    let items = items(&mut errors, &body.items);
    finish(errors).map_err(|e| ApiError::invalid(&e))?;
    let input = InvoiceInput {
        client_id: ClientId::from_uuid(body.client_id),
        items,
        due_date: body.due_date,
        notes: body.notes,
        terms: body.terms,
    };
    let i = s.crm.create_invoice(&staff.0.ctx, &input).await?;
    Ok((StatusCode::CREATED, Json(InvoiceOut::new(&i, today(&s)))))
}

/// An invoice.
#[utoipa::path(get, path = "/invoices/{id}", tag = "invoices", params(("id" = Uuid, Path)),
    responses((status = 200, body = InvoiceOut), (status = 401, body = super::error::Problem),
        (status = 404, body = super::error::Problem)))]
pub async fn get_invoice(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<InvoiceOut>> {
    let i = s
        .crm
        .invoice(&staff.0.ctx, InvoiceId::from_uuid(id))
        .await?;
    Ok(Json(InvoiceOut::new(&i, today(&s))))
}

/// Issues a draft invoice (gives it its number) without emailing it.
#[utoipa::path(post, path = "/invoices/{id}/issue", tag = "invoices", params(("id" = Uuid, Path)),
    responses((status = 200, body = InvoiceOut), (status = 401, body = super::error::Problem),
        (status = 404, body = super::error::Problem), (status = 409, body = super::error::Problem)))]
pub async fn issue_invoice(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<InvoiceOut>> {
    let i = s
        .crm
        .issue_invoice(&staff.0.ctx, InvoiceId::from_uuid(id))
        .await?;
    Ok(Json(InvoiceOut::new(&i, today(&s))))
}

/// Issues the invoice if it is a draft and queues its email (PDF attached, portal link inside).
#[utoipa::path(post, path = "/invoices/{id}/send", tag = "invoices", params(("id" = Uuid, Path)),
    responses((status = 200, body = InvoiceOut), (status = 401, body = super::error::Problem),
        (status = 404, body = super::error::Problem), (status = 409, body = super::error::Problem)))]
pub async fn send_invoice(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<InvoiceOut>> {
    let i = s
        .crm
        .send_invoice(&staff.0.ctx, InvoiceId::from_uuid(id))
        .await?;
    Ok(Json(InvoiceOut::new(&i, today(&s))))
}

/// Cancels an invoice.
#[utoipa::path(post, path = "/invoices/{id}/cancel", tag = "invoices", params(("id" = Uuid, Path)),
    responses((status = 200, body = InvoiceOut), (status = 401, body = super::error::Problem),
        (status = 404, body = super::error::Problem), (status = 409, body = super::error::Problem)))]
pub async fn cancel_invoice(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<InvoiceOut>> {
    let i = s
        .crm
        .cancel_invoice(&staff.0.ctx, InvoiceId::from_uuid(id))
        .await?;
    Ok(Json(InvoiceOut::new(&i, today(&s))))
}

/// Records a manual payment (idempotent by `reference`).
#[utoipa::path(post, path = "/invoices/{id}/payments", tag = "invoices",
    params(("id" = Uuid, Path)), request_body = PaymentCreate,
    responses((status = 201, body = PaymentResult, description = "Recorded"),
        (status = 200, body = PaymentResult, description = "Recorded before; nothing changed"),
        (status = 401, body = super::error::Problem), (status = 404, body = super::error::Problem),
        (status = 409, body = super::error::Problem), (status = 422, body = super::error::Problem)))]
pub async fn record_payment(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
    Json(body): Json<PaymentCreate>,
) -> ApiResult<(StatusCode, Json<PaymentResult>)> {
    let mut errors = Collector::new();
    let amount = decimal(&mut errors, "amount", &body.amount);
    let method = errors.check("method", PaymentMethod::parse(&body.method));
    finish(errors).map_err(|e| ApiError::invalid(&e))?;
    let Some(method) = method else {
        return Err(ApiError::field("method", "api.method"));
    };
    let input = PaymentInput {
        amount,
        currency: None,
        date: body.date,
        method,
        reference: body.reference.filter(|r| !r.trim().is_empty()),
        send_receipt: body.send_receipt,
    };
    let out = s
        .crm
        .record_payment(&staff.0.ctx, InvoiceId::from_uuid(id), &input)
        .await?;
    let today = today(&s);
    Ok(match out {
        PaymentOutcome::Recorded(p, i) => (
            StatusCode::CREATED,
            Json(PaymentResult {
                payment: PaymentOut::from(&p),
                already_recorded: false,
                invoice: Some(InvoiceOut::new(&i, today)),
            }),
        ),
        PaymentOutcome::AlreadyRecorded(p) => (
            StatusCode::OK,
            Json(PaymentResult {
                payment: PaymentOut::from(&p),
                already_recorded: true,
                invoice: None,
            }),
        ),
    })
}

fn pdf_response(bytes: Vec<u8>, name: &str) -> Response {
    let mut res = Body::from(bytes).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        crate::security::content_disposition("inline", &format!("{name}.pdf")),
    );
    res
}

async fn render<F>(f: F) -> ApiResult<Vec<u8>>
where
    F: FnOnce() -> Result<Vec<u8>, crm_core::ports::RenderError> + Send + 'static,
{
    // Rendering is CPU work: keep it off the async workers.
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::from(crm_core::service::Error::Render(e.to_string())))?
        .map_err(|e| ApiError::from(crm_core::service::Error::Render(e.0)))
}

/// The invoice as PDF.
#[utoipa::path(get, path = "/invoices/{id}/pdf", tag = "invoices", params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>),
        (status = 401, body = super::error::Problem), (status = 404, body = super::error::Problem)))]
pub async fn invoice_pdf(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    let ctx = &staff.0.ctx;
    let invoice = s.crm.invoice(ctx, InvoiceId::from_uuid(id)).await?;
    let client = s.crm.client(ctx, invoice.client_id).await?;
    let company = company(&s, ctx).await?;
    let name = invoice
        .number
        .clone()
        .unwrap_or_else(|| invoice.id.to_string());
    let renderer = s.renderer.clone();
    let bytes = render(move || renderer.invoice(&company, &client, &invoice)).await?;
    Ok(pdf_response(bytes, &name))
}

async fn company(
    s: &ApiState,
    ctx: &crm_core::service::Ctx,
) -> ApiResult<crm_core::domain::Company> {
    s.crm
        .store()
        .company(ctx.company)
        .await
        .map_err(|e| ApiError::from(crm_core::service::Error::from(e)))?
        .ok_or_else(|| ApiError::not_found("company"))
}

// ---------------------------------------------------------------- quotes

/// Creates a draft quote.
#[utoipa::path(post, path = "/quotes", tag = "quotes", request_body = QuoteCreate,
    responses((status = 201, body = QuoteOut), (status = 401, body = super::error::Problem),
        (status = 404, body = super::error::Problem), (status = 409, body = super::error::Problem),
        (status = 422, body = super::error::Problem)))]
pub async fn create_quote(
    State(s): State<ApiState>,
    staff: Staff,
    Json(body): Json<QuoteCreate>,
) -> ApiResult<(StatusCode, Json<QuoteOut>)> {
    let mut errors = Collector::new();
    let items = items(&mut errors, &body.items);
    finish(errors).map_err(|e| ApiError::invalid(&e))?;
    let input = QuoteInput {
        client_id: ClientId::from_uuid(body.client_id),
        items,
        valid_until: body.valid_until,
        notes: body.notes,
    };
    let q = s.crm.create_quote(&staff.0.ctx, &input).await?;
    Ok((StatusCode::CREATED, Json(QuoteOut::from(&q))))
}

/// A quote.
#[utoipa::path(get, path = "/quotes/{id}", tag = "quotes", params(("id" = Uuid, Path)),
    responses((status = 200, body = QuoteOut), (status = 401, body = super::error::Problem),
        (status = 404, body = super::error::Problem)))]
pub async fn get_quote(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<QuoteOut>> {
    let q = s.crm.quote(&staff.0.ctx, QuoteId::from_uuid(id)).await?;
    Ok(Json(QuoteOut::from(&q)))
}

/// Issues the quote if it is a draft and queues its email.
#[utoipa::path(post, path = "/quotes/{id}/send", tag = "quotes", params(("id" = Uuid, Path)),
    responses((status = 200, body = QuoteOut), (status = 401, body = super::error::Problem),
        (status = 404, body = super::error::Problem), (status = 409, body = super::error::Problem)))]
pub async fn send_quote(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<QuoteOut>> {
    let q = s
        .crm
        .send_quote(&staff.0.ctx, QuoteId::from_uuid(id))
        .await?;
    Ok(Json(QuoteOut::from(&q)))
}

/// Converts a quote into a draft invoice.
#[utoipa::path(post, path = "/quotes/{id}/convert", tag = "quotes", params(("id" = Uuid, Path)),
    responses((status = 201, body = InvoiceOut), (status = 401, body = super::error::Problem),
        (status = 404, body = super::error::Problem), (status = 409, body = super::error::Problem)))]
pub async fn convert_quote(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<(StatusCode, Json<InvoiceOut>)> {
    let i = s
        .crm
        .convert_quote(&staff.0.ctx, QuoteId::from_uuid(id))
        .await?;
    Ok((StatusCode::CREATED, Json(InvoiceOut::new(&i, today(&s)))))
}

/// The quote as PDF.
#[utoipa::path(get, path = "/quotes/{id}/pdf", tag = "quotes", params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>),
        (status = 401, body = super::error::Problem), (status = 404, body = super::error::Problem)))]
pub async fn quote_pdf(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    let ctx = &staff.0.ctx;
    let quote = s.crm.quote(ctx, QuoteId::from_uuid(id)).await?;
    let client = s.crm.client(ctx, quote.client_id).await?;
    let company = company(&s, ctx).await?;
    let name = quote.number.clone().unwrap_or_else(|| quote.id.to_string());
    let renderer = s.renderer.clone();
    let bytes = render(move || renderer.quote(&company, &client, &quote)).await?;
    Ok(pdf_response(bytes, &name))
}

// ---------------------------------------------------------------- tickets

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
    responses((status = 200, body = TicketPage), (status = 401, body = super::error::Problem),
        (status = 422, body = super::error::Problem)))]
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
    responses((status = 200, body = TicketDetail), (status = 401, body = super::error::Problem),
        (status = 404, body = super::error::Problem)))]
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
    responses((status = 201, body = MessageOut), (status = 401, body = super::error::Problem),
        (status = 404, body = super::error::Problem), (status = 409, body = super::error::Problem),
        (status = 422, body = super::error::Problem)))]
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
    responses((status = 200, body = TicketOut), (status = 401, body = super::error::Problem),
        (status = 404, body = super::error::Problem), (status = 409, body = super::error::Problem)))]
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
    let doc = super::openapi();
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
