//! Dunning: the dry run, a run for the company now, and a client's reminders.

use super::*;
use chrono::NaiveDate;

/// The day a dry run looks at.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DueQuery {
    /// The day to look at (default today): which levels would be due then.
    pub on: Option<NaiveDate>,
}

/// The dry run: the open invoices a dunning level is due for (today, or on `on`), oldest due
/// first. Nothing is written.
#[utoipa::path(get, path = "/dunning/due", tag = "dunning", params(DueQuery),
    responses((status = 200, body = Vec<DueLevelOut>), (status = 401, body = crate::api::error::Problem)))]
pub async fn dunning_due(
    State(s): State<ApiState>,
    staff: Staff,
    Query(q): Query<DueQuery>,
) -> ApiResult<Json<Vec<DueLevelOut>>> {
    let on = q.on.unwrap_or_else(|| today(&s));
    let due = s.crm.dunning_due(&staff.0.ctx, on).await?;
    Ok(Json(due.iter().map(DueLevelOut::new).collect()))
}

/// Runs dunning for the company today (also when its periodic run is off): one reminder per
/// client for the levels due, each (invoice, level) once.
#[utoipa::path(post, path = "/dunning/run", tag = "dunning",
    responses((status = 200, body = DunningRunOut), (status = 401, body = crate::api::error::Problem)))]
pub async fn run_dunning(
    State(s): State<ApiState>,
    staff: Staff,
) -> ApiResult<Json<DunningRunOut>> {
    let report = s.crm.run_dunning_for(&staff.0.ctx, today(&s)).await?;
    Ok(Json(DunningRunOut::new(&report)))
}

/// The company's dunning settings: levels, base rates, number format, payment days.
#[utoipa::path(get, path = "/company/dunning", tag = "dunning",
    responses((status = 200, body = DunningSettingsDto), (status = 401, body = crate::api::error::Problem)))]
pub async fn get_dunning_settings(
    State(s): State<ApiState>,
    staff: Staff,
) -> ApiResult<Json<DunningSettingsDto>> {
    let company = s.crm.company(&staff.0.ctx).await?;
    Ok(Json(DunningSettingsDto::of(&company.settings.dunning)))
}

/// Replaces the company's dunning settings. A schedule that is not increasing, a negative
/// fee, a base-rate table with a date twice or a number format another range uses: 422
/// naming the fields, nothing written.
#[utoipa::path(put, path = "/company/dunning", tag = "dunning", request_body = DunningSettingsDto,
    responses((status = 200, body = DunningSettingsDto), (status = 401, body = crate::api::error::Problem),
        (status = 422, body = crate::api::error::Problem)))]
pub async fn put_dunning_settings(
    State(s): State<ApiState>,
    staff: Staff,
    Json(body): Json<DunningSettingsDto>,
) -> ApiResult<Json<DunningSettingsDto>> {
    let mut errors = Collector::new();
    let dunning = body.to_core(&mut errors);
    finish(errors).map_err(|e| ApiError::invalid(&e))?;
    let ctx = &staff.0.ctx;
    let mut settings = s.crm.company(ctx).await?.settings;
    if let Some(d) = dunning {
        settings.dunning = d;
    }
    let company = s.crm.update_company_settings(ctx, settings).await?;
    Ok(Json(DunningSettingsDto::of(&company.settings.dunning)))
}

/// A payment reminder or Mahnung.
#[utoipa::path(get, path = "/reminders/{id}", tag = "dunning", params(("id" = Uuid, Path)),
    responses((status = 200, body = ReminderOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem)))]
pub async fn get_reminder(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ReminderOut>> {
    let r = s
        .crm
        .reminder(&staff.0.ctx, crm_core::domain::ReminderId::from_uuid(id))
        .await?;
    Ok(Json(ReminderOut::new(&r)))
}

/// The PDF of a reminder, frozen when it was issued.
#[utoipa::path(get, path = "/reminders/{id}/pdf", tag = "dunning", params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>),
        (status = 401, body = crate::api::error::Problem), (status = 404, body = crate::api::error::Problem)))]
pub async fn reminder_pdf(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    let (r, pdf) = s
        .crm
        .reminder_pdf(&staff.0.ctx, crm_core::domain::ReminderId::from_uuid(id))
        .await?;
    Ok(pdf_response(pdf.bytes, &r.number))
}

/// A client's reminders, newest first.
#[utoipa::path(get, path = "/clients/{id}/reminders", tag = "dunning", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<ReminderOut>), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem)))]
pub async fn client_reminders(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<ReminderOut>>> {
    let ctx = &staff.0.ctx;
    let id = ClientId::from_uuid(id);
    // 404 for an unknown client, not an empty list.
    s.crm.client(ctx, id).await?;
    let list = s.crm.reminders_of_client(ctx, id).await?;
    Ok(Json(list.iter().map(ReminderOut::new).collect()))
}

/// The client as the API answers it (its e-invoice default needs the seller's country).
async fn client_reply(
    s: &ApiState,
    staff: &Staff,
    client: &crm_core::domain::Client,
) -> ApiResult<Json<ClientOut>> {
    Ok(Json(ClientOut::new(
        client,
        seller_country(s, staff).await?,
    )))
}

/// Stops reminders for a client: a reason and optionally the last day (logged). An empty
/// reason or a past day: 422, nothing written.
#[utoipa::path(put, path = "/clients/{id}/dunning-block", tag = "dunning", params(("id" = Uuid, Path)),
    request_body = DunningBlockDto,
    responses((status = 200, body = ClientOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem), (status = 422, body = crate::api::error::Problem)))]
pub async fn put_dunning_block(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
    Json(body): Json<DunningBlockDto>,
) -> ApiResult<Json<ClientOut>> {
    let ctx = &staff.0.ctx;
    let client = s
        .crm
        .set_dunning_block(
            ctx,
            ClientId::from_uuid(id),
            Some((&body.reason, body.until)),
        )
        .await?;
    client_reply(&s, &staff, &client).await
}

/// Lifts a client's dunning block (logged); reminders resume with the next run.
#[utoipa::path(delete, path = "/clients/{id}/dunning-block", tag = "dunning", params(("id" = Uuid, Path)),
    responses((status = 200, body = ClientOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem)))]
pub async fn delete_dunning_block(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ClientOut>> {
    let ctx = &staff.0.ctx;
    let client = s
        .crm
        .set_dunning_block(ctx, ClientId::from_uuid(id), None)
        .await?;
    client_reply(&s, &staff, &client).await
}

/// Gives a client its own dunning levels in place of the company's (logged). Validated like
/// the company's: 422 naming `levels[i].…`, nothing written.
#[utoipa::path(put, path = "/clients/{id}/dunning-schedule", tag = "dunning", params(("id" = Uuid, Path)),
    request_body = DunningScheduleDto,
    responses((status = 200, body = ClientOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem), (status = 422, body = crate::api::error::Problem)))]
pub async fn put_dunning_schedule(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
    Json(body): Json<DunningScheduleDto>,
) -> ApiResult<Json<ClientOut>> {
    let mut errors = Collector::new();
    let rules = LevelRuleDto::to_core(&body.levels, &mut errors);
    finish(errors).map_err(|e| ApiError::invalid(&e))?;
    let ctx = &staff.0.ctx;
    let client = s
        .crm
        .set_dunning_schedule(ctx, ClientId::from_uuid(id), Some(rules))
        .await?;
    client_reply(&s, &staff, &client).await
}

/// The client is dunned on the company's levels again (logged).
#[utoipa::path(delete, path = "/clients/{id}/dunning-schedule", tag = "dunning", params(("id" = Uuid, Path)),
    responses((status = 200, body = ClientOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem)))]
pub async fn delete_dunning_schedule(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ClientOut>> {
    let ctx = &staff.0.ctx;
    let client = s
        .crm
        .set_dunning_schedule(ctx, ClientId::from_uuid(id), None)
        .await?;
    client_reply(&s, &staff, &client).await
}

/// Sends the next dunning level of an overdue invoice now, without waiting its days: a
/// reminder of its own, frozen and emailed. 409 when it is not open and overdue or its last
/// level was sent.
#[utoipa::path(post, path = "/invoices/{id}/remind", tag = "dunning", params(("id" = Uuid, Path)),
    responses((status = 201, body = ReminderOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem), (status = 409, body = crate::api::error::Problem)))]
pub async fn remind_invoice(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<(StatusCode, Json<ReminderOut>)> {
    let r = s
        .crm
        .send_reminder_now(&staff.0.ctx, InvoiceId::from_uuid(id))
        .await?;
    Ok((StatusCode::CREATED, Json(ReminderOut::new(&r))))
}

/// Skips the next dunning level of an open invoice: it counts as reached today without a
/// letter (logged). 409 when it is not open or its last level was reached.
#[utoipa::path(post, path = "/invoices/{id}/dunning/skip", tag = "dunning", params(("id" = Uuid, Path)),
    responses((status = 200, body = InvoiceOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem), (status = 409, body = crate::api::error::Problem)))]
pub async fn skip_dunning_level(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<InvoiceOut>> {
    let ctx = &staff.0.ctx;
    let i = s
        .crm
        .skip_dunning_level(ctx, InvoiceId::from_uuid(id))
        .await?;
    Ok(Json(super::invoices::invoice_out(&s, ctx, &i).await?))
}

/// Waives the dunning fees and interest of a dunned invoice: later letters claim only its
/// principal (logged). 409 when it was not dunned or is waived already.
#[utoipa::path(post, path = "/invoices/{id}/dunning/waive", tag = "dunning", params(("id" = Uuid, Path)),
    responses((status = 200, body = InvoiceOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem), (status = 409, body = crate::api::error::Problem)))]
pub async fn waive_dunning(
    State(s): State<ApiState>,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<InvoiceOut>> {
    let ctx = &staff.0.ctx;
    let i = s
        .crm
        .waive_dunning_claims(ctx, InvoiceId::from_uuid(id))
        .await?;
    Ok(Json(super::invoices::invoice_out(&s, ctx, &i).await?))
}
