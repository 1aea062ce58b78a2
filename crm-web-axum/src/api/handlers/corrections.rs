//! Corrections: corrective credits against an invoice, and reading, emailing and the PDF of
//! cancellation invoices and credits. (Cancelling is `POST /invoices/{id}/cancel`.)

use super::*;
use crm_core::domain::CorrectionId;

/// Issues a corrective credit against an issued invoice: the lines taken back (positive
/// amounts at rates the invoice has), numbered from the credit range; lowers the invoice's
/// balance. With `send`, it is emailed to the client.
#[utoipa::path(post, path = "/invoices/{id}/credits", tag = "corrections", params(("id" = Uuid, Path)),
    request_body = CreditIn,
    responses((status = 201, body = CorrectionOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem), (status = 409, body = crate::api::error::Problem),
        (status = 422, body = crate::api::error::Problem)))]
pub async fn credit_invoice(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
    Json(body): Json<CreditIn>,
) -> ApiResult<(StatusCode, Json<CorrectionOut>)> {
    let mut errors = Collector::new();
    let input = body.to_core(&mut errors);
    finish(errors).map_err(|e| ApiError::invalid(&e))?;
    let ctx = &staff.0.ctx;
    let (_, c) = s
        .crm
        .credit_invoice(ctx, InvoiceId::from_uuid(id), &input)
        .await?;
    if body.send {
        s.crm.send_correction(ctx, c.id).await?;
    }
    Ok((
        StatusCode::CREATED,
        Json(correction_out(&s, ctx, &c).await?),
    ))
}

/// The corrections of an invoice, oldest first.
#[utoipa::path(get, path = "/invoices/{id}/corrections", tag = "corrections", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<CorrectionOut>), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem)))]
pub async fn invoice_corrections(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<CorrectionOut>>> {
    let ctx = &staff.0.ctx;
    let id = InvoiceId::from_uuid(id);
    // 404 for an unknown invoice, not an empty list.
    s.crm.invoice(ctx, id).await?;
    let mut out = Vec::new();
    for c in s.crm.corrections_of_invoice(ctx, id).await? {
        out.push(correction_out(&s, ctx, &c).await?);
    }
    Ok(Json(out))
}

/// A cancellation invoice or corrective credit.
#[utoipa::path(get, path = "/corrections/{id}", tag = "corrections", params(("id" = Uuid, Path)),
    responses((status = 200, body = CorrectionOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem)))]
pub async fn get_correction(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<CorrectionOut>> {
    let ctx = &staff.0.ctx;
    let c = s.crm.correction(ctx, CorrectionId::from_uuid(id)).await?;
    Ok(Json(correction_out(&s, ctx, &c).await?))
}

/// Emails a correction (PDF attached) to the client's primary contact.
#[utoipa::path(post, path = "/corrections/{id}/send", tag = "corrections", params(("id" = Uuid, Path)),
    responses((status = 200, body = CorrectionOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem), (status = 409, body = crate::api::error::Problem)))]
pub async fn send_correction(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<CorrectionOut>> {
    let ctx = &staff.0.ctx;
    let c = s
        .crm
        .send_correction(ctx, CorrectionId::from_uuid(id))
        .await?;
    Ok(Json(correction_out(&s, ctx, &c).await?))
}

/// The PDF of a correction: the bytes frozen when it was issued (`pdf_sha256`).
#[utoipa::path(get, path = "/corrections/{id}/pdf", tag = "corrections", params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>),
        (status = 401, body = crate::api::error::Problem), (status = 404, body = crate::api::error::Problem)))]
pub async fn correction_pdf(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    let ctx = &staff.0.ctx;
    let id = CorrectionId::from_uuid(id);
    let c = s.crm.correction(ctx, id).await?;
    let pdf = s.crm.correction_pdf(ctx, id).await?;
    Ok(pdf_response(pdf.bytes, &c.number))
}

/// The e-invoice XML of a cancellation invoice or corrective credit, frozen at issue.
#[utoipa::path(get, path = "/corrections/{id}/einvoice", tag = "corrections", params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "application/xml", body = Vec<u8>,
            headers(("x-einvoice-format" = String, description = "zugferd, xrechnung_cii or xrechnung_ubl"))),
        (status = 401, body = crate::api::error::Problem), (status = 404, body = crate::api::error::Problem),
        (status = 422, body = crate::api::error::Problem)))]
pub async fn correction_einvoice(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    let (c, file) = s
        .crm
        .correction_einvoice(&staff.0.ctx, CorrectionId::from_uuid(id))
        .await?;
    Ok(einvoice_response(file, &c.number))
}

async fn correction_out(
    s: &ApiState,
    ctx: &crm_core::service::Ctx,
    c: &crm_core::domain::Correction,
) -> ApiResult<CorrectionOut> {
    let file = s.crm.correction_file(ctx, c.id).await?;
    Ok(CorrectionOut::new(c, file.map(|f| f.sha256)))
}
