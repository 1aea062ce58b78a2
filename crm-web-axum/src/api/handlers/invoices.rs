//! Invoices: create, read, issue, send, cancel, payments and the PDF.

use super::*;

/// Creates a draft invoice.
#[utoipa::path(post, path = "/invoices", tag = "invoices", request_body = InvoiceCreate,
    responses((status = 201, body = InvoiceOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem), (status = 409, body = crate::api::error::Problem),
        (status = 422, body = crate::api::error::Problem)))]
pub async fn create_invoice(
    State(s): State<ApiState>,
    staff: Staff,
    Json(body): Json<InvoiceCreate>,
) -> ApiResult<(StatusCode, Json<InvoiceOut>)> {
    let mut errors = Collector::new();
    let input = body.to_core(&mut errors);
    finish(errors).map_err(|e| ApiError::invalid(&e))?;
    let i = s.crm.create_invoice(&staff.0.ctx, &input).await?;
    Ok((
        StatusCode::CREATED,
        Json(invoice_out(&s, &staff.0.ctx, &i).await?),
    ))
}

/// Replaces a draft invoice: lines, treatment, dates, notes and terms (the client stays).
#[utoipa::path(put, path = "/invoices/{id}", tag = "invoices", params(("id" = Uuid, Path)),
    request_body = InvoiceCreate,
    responses((status = 200, body = InvoiceOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem), (status = 409, body = crate::api::error::Problem),
        (status = 422, body = crate::api::error::Problem)))]
pub async fn update_invoice(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
    Json(body): Json<InvoiceCreate>,
) -> ApiResult<Json<InvoiceOut>> {
    let mut errors = Collector::new();
    let input = body.to_core(&mut errors);
    finish(errors).map_err(|e| ApiError::invalid(&e))?;
    let i = s
        .crm
        .update_invoice(&staff.0.ctx, InvoiceId::from_uuid(id), &input)
        .await?;
    Ok(Json(invoice_out(&s, &staff.0.ctx, &i).await?))
}

/// An invoice.
#[utoipa::path(get, path = "/invoices/{id}", tag = "invoices", params(("id" = Uuid, Path)),
    responses((status = 200, body = InvoiceOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem)))]
pub async fn get_invoice(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<InvoiceOut>> {
    let i = s
        .crm
        .invoice(&staff.0.ctx, InvoiceId::from_uuid(id))
        .await?;
    Ok(Json(invoice_out(&s, &staff.0.ctx, &i).await?))
}

/// Issues a draft invoice (gives it its number) without emailing it.
#[utoipa::path(post, path = "/invoices/{id}/issue", tag = "invoices", params(("id" = Uuid, Path)),
    responses((status = 200, body = InvoiceOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem), (status = 409, body = crate::api::error::Problem), (status = 422, body = crate::api::error::Problem)))]
pub async fn issue_invoice(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<InvoiceOut>> {
    let i = s
        .crm
        .issue_invoice(&staff.0.ctx, InvoiceId::from_uuid(id))
        .await?;
    Ok(Json(invoice_out(&s, &staff.0.ctx, &i).await?))
}

/// Issues the invoice if it is a draft and queues its email (PDF attached, portal link inside).
#[utoipa::path(post, path = "/invoices/{id}/send", tag = "invoices", params(("id" = Uuid, Path)),
    responses((status = 200, body = InvoiceOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem), (status = 409, body = crate::api::error::Problem), (status = 422, body = crate::api::error::Problem)))]
pub async fn send_invoice(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<InvoiceOut>> {
    let i = s
        .crm
        .send_invoice(&staff.0.ctx, InvoiceId::from_uuid(id))
        .await?;
    Ok(Json(invoice_out(&s, &staff.0.ctx, &i).await?))
}

/// Cancels an invoice. A draft is just marked cancelled; an issued invoice gets a
/// cancellation invoice (own number, negating it; `cancelled_by` names it) and, with
/// `send`, it is emailed. Money already paid shows as `refund_due`. The body is optional.
#[utoipa::path(post, path = "/invoices/{id}/cancel", tag = "invoices", params(("id" = Uuid, Path)),
    request_body(content = Option<CancelIn>),
    responses((status = 200, body = InvoiceOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem), (status = 409, body = crate::api::error::Problem),
        (status = 422, body = crate::api::error::Problem)))]
pub async fn cancel_invoice(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
    body: Option<Json<CancelIn>>,
) -> ApiResult<Json<InvoiceOut>> {
    let body = body.map(|Json(b)| b).unwrap_or_default();
    let ctx = &staff.0.ctx;
    let (i, correction) = s
        .crm
        .cancel_invoice_with(ctx, InvoiceId::from_uuid(id), &body.to_core())
        .await?;
    if let (true, Some(c)) = (body.send, &correction) {
        s.crm.send_correction(ctx, c.id).await?;
    }
    Ok(Json(invoice_out(&s, ctx, &i).await?))
}

/// Reopens an invoice in `processing` whose payment will not complete: it is payable again.
#[utoipa::path(post, path = "/invoices/{id}/reopen", tag = "invoices", params(("id" = Uuid, Path)),
    responses((status = 200, body = InvoiceOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem), (status = 409, body = crate::api::error::Problem)))]
pub async fn reopen_invoice(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<InvoiceOut>> {
    let i = s
        .crm
        .reopen_invoice(&staff.0.ctx, InvoiceId::from_uuid(id))
        .await?;
    Ok(Json(invoice_out(&s, &staff.0.ctx, &i).await?))
}

/// Records a manual payment (idempotent by `reference`).
#[utoipa::path(post, path = "/invoices/{id}/payments", tag = "invoices",
    params(("id" = Uuid, Path)), request_body = PaymentCreate,
    responses((status = 201, body = PaymentResult, description = "Recorded"),
        (status = 200, body = PaymentResult, description = "Recorded before; nothing changed"),
        (status = 401, body = crate::api::error::Problem), (status = 404, body = crate::api::error::Problem),
        (status = 409, body = crate::api::error::Problem), (status = 422, body = crate::api::error::Problem)))]
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
    Ok(match out {
        PaymentOutcome::Recorded(p, i) => (
            StatusCode::CREATED,
            Json(PaymentResult {
                payment: PaymentOut::from(&p),
                already_recorded: false,
                invoice: Some(invoice_out(&s, &staff.0.ctx, &i).await?),
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

/// The invoice as PDF.
#[utoipa::path(get, path = "/invoices/{id}/pdf", tag = "invoices", params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>),
        (status = 401, body = crate::api::error::Problem), (status = 404, body = crate::api::error::Problem)))]
pub async fn invoice_pdf(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    let ctx = &staff.0.ctx;
    let invoice = s.crm.invoice(ctx, InvoiceId::from_uuid(id)).await?;
    let name = invoice
        .number
        .clone()
        .unwrap_or_else(|| invoice.id.to_string());
    // An issued invoice's frozen bytes (`pdf_sha256` of the invoice); a draft rendered now.
    let pdf = s.crm.invoice_pdf(ctx, invoice.id).await?;
    Ok(pdf_response(pdf.bytes, &name))
}

/// The e-invoice of an issued invoice: its XML, frozen with the PDF from the same data —
/// XRechnung (CII or UBL) when the client gets XRechnung, otherwise the Factur-X EN 16931 XML
/// (the one inside a ZUGFeRD PDF).
#[utoipa::path(get, path = "/invoices/{id}/einvoice", tag = "invoices", params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "application/xml", body = Vec<u8>,
            headers(("x-einvoice-format" = String, description = "zugferd, xrechnung_cii or xrechnung_ubl"))),
        (status = 401, body = crate::api::error::Problem), (status = 404, body = crate::api::error::Problem),
        (status = 409, body = crate::api::error::Problem), (status = 422, body = crate::api::error::Problem)))]
pub async fn invoice_einvoice(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    let ctx = &staff.0.ctx;
    let invoice = s.crm.invoice(ctx, InvoiceId::from_uuid(id)).await?;
    let file = s.crm.invoice_einvoice(ctx, invoice.id).await?;
    let name = invoice.number.unwrap_or_else(|| invoice.id.to_string());
    Ok(einvoice_response(file, &name))
}

/// An invoice as the API shows it, with the SHA-256 of its frozen PDF.
pub(super) async fn invoice_out(
    s: &ApiState,
    ctx: &crm_core::service::Ctx,
    i: &crm_core::domain::Invoice,
) -> ApiResult<InvoiceOut> {
    let file = if i.status == crm_core::domain::InvoiceStatus::Draft {
        None
    } else {
        s.crm.invoice_file(ctx, i.id).await?
    };
    Ok(InvoiceOut::new(i, today(s)).with_pdf_sha256(file.map(|f| f.sha256)))
}

/// Query of the invoice list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct InvoiceQuery {
    /// Only this client's invoices.
    pub client_id: Option<Uuid>,
    /// Only this status (`draft`, `sent`, `partial`, `processing`, `paid`, `cancelled`,
    /// `overdue`).
    pub status: Option<String>,
    /// Issued on or after.
    pub from: Option<chrono::NaiveDate>,
    /// Issued on or before.
    pub to: Option<chrono::NaiveDate>,
    /// Page size, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(pattern = r"^[0-9]{1,15}_[0-9a-fA-F]{32}$")]
    pub cursor: Option<String>,
}

/// The company's invoices, newest first, filtered.
#[utoipa::path(get, path = "/invoices", tag = "invoices", params(InvoiceQuery),
    responses((status = 200, body = DocumentPage), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem), (status = 422, body = crate::api::error::Problem)))]
pub async fn list_invoices(
    State(s): State<ApiState>,
    staff: Staff,
    Query(q): Query<InvoiceQuery>,
) -> ApiResult<Json<DocumentPage>> {
    let limit = limit(q.limit)?;
    if let Some(st) = q.status.as_deref()
        && matches!(st, "approved" | "rejected" | "expired")
    {
        return Err(ApiError::field("status", "api.status"));
    }
    let filter = HistoryFilter {
        status: q.status.filter(|t| !t.is_empty()),
        from: q.from,
        to: q.to,
        ..HistoryFilter::default()
    };
    let page = s
        .crm
        .list_invoices(
            &staff.0.ctx,
            q.client_id.map(ClientId::from_uuid),
            &filter,
            history_cursor(q.cursor.as_deref())?,
            limit,
        )
        .await?;
    Ok(Json(document_page(&page)))
}

/// Records a refund of a payment (e.g. money sent back by bank transfer); the invoice's
/// balance is due again. Idempotent by `reference`.
#[utoipa::path(post, path = "/payments/{id}/refunds", tag = "invoices",
    params(("id" = Uuid, Path)), request_body = RefundCreate,
    responses((status = 201, body = RefundResult, description = "Recorded"),
        (status = 200, body = RefundResult, description = "Recorded before; nothing changed"),
        (status = 401, body = crate::api::error::Problem), (status = 404, body = crate::api::error::Problem),
        (status = 409, body = crate::api::error::Problem), (status = 422, body = crate::api::error::Problem)))]
pub async fn refund_payment(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
    Json(body): Json<RefundCreate>,
) -> ApiResult<(StatusCode, Json<RefundResult>)> {
    let mut errors = Collector::new();
    let amount = decimal(&mut errors, "amount", &body.amount);
    finish(errors).map_err(|e| ApiError::invalid(&e))?;
    let input = crm_core::service::RefundInput {
        amount,
        date: body.date,
        reason: body.reason.filter(|r| !r.trim().is_empty()),
        reference: body.reference.filter(|r| !r.trim().is_empty()),
    };
    let payment = crm_core::domain::PaymentId::from_uuid(id);
    let out = match body.via.as_deref() {
        None | Some("manual") => s.crm.refund_payment(&staff.0.ctx, payment, &input).await?,
        Some("gateway") => {
            let Some(gateway) = s.gateway.as_deref() else {
                return Err(ApiError::field("via", "refund.not_through_provider"));
            };
            s.crm
                .refund_through_gateway(&staff.0.ctx, gateway, payment, &input)
                .await?
        }
        Some(_) => return Err(ApiError::field("via", "api.refund_via")),
    };
    Ok(match out {
        crm_core::service::RefundOutcome::Recorded(r, i) => (
            StatusCode::CREATED,
            Json(RefundResult {
                refund: Some(RefundOut::from(&r)),
                already_recorded: false,
                invoice: Some(invoice_out(&s, &staff.0.ctx, &i).await?),
            }),
        ),
        crm_core::service::RefundOutcome::AlreadyRecorded => (
            StatusCode::OK,
            Json(RefundResult {
                refund: None,
                already_recorded: true,
                invoice: None,
            }),
        ),
    })
}
