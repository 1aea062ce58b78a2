//! Quotes: create, read, send, convert and the PDF.

use super::*;

/// Creates a draft quote.
#[utoipa::path(post, path = "/quotes", tag = "quotes", request_body = QuoteCreate,
    responses((status = 201, body = QuoteOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem), (status = 409, body = crate::api::error::Problem),
        (status = 422, body = crate::api::error::Problem)))]
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

/// Replaces a draft quote: lines, validity and notes (the client stays).
#[utoipa::path(put, path = "/quotes/{id}", tag = "quotes", params(("id" = Uuid, Path)),
    request_body = QuoteCreate,
    responses((status = 200, body = QuoteOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem), (status = 409, body = crate::api::error::Problem),
        (status = 422, body = crate::api::error::Problem)))]
pub async fn update_quote(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
    Json(body): Json<QuoteCreate>,
) -> ApiResult<Json<QuoteOut>> {
    let mut errors = Collector::new();
    let items = items(&mut errors, &body.items);
    finish(errors).map_err(|e| ApiError::invalid(&e))?;
    let input = QuoteInput {
        client_id: ClientId::from_uuid(body.client_id),
        items,
        valid_until: body.valid_until,
        notes: body.notes,
    };
    let q = s
        .crm
        .update_quote(&staff.0.ctx, QuoteId::from_uuid(id), &input)
        .await?;
    Ok(Json(QuoteOut::from(&q)))
}

/// A quote.
#[utoipa::path(get, path = "/quotes/{id}", tag = "quotes", params(("id" = Uuid, Path)),
    responses((status = 200, body = QuoteOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem)))]
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
    responses((status = 200, body = QuoteOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem), (status = 409, body = crate::api::error::Problem)))]
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
    responses((status = 201, body = InvoiceOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem), (status = 409, body = crate::api::error::Problem)))]
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
        (status = 401, body = crate::api::error::Problem), (status = 404, body = crate::api::error::Problem)))]
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
    let logo = s.crm.logo(ctx).await?;
    let renderer = s.renderer.clone();
    let bytes =
        render(move || renderer.quote_with_logo(&company, &client, &quote, logo.as_ref())).await?;
    Ok(pdf_response(bytes, &name))
}
