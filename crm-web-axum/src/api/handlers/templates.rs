//! Email templates of a client and of the company.

use super::*;

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
    responses((status = 200, body = TemplateOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem)))]
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
    responses((status = 200, body = TemplateOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem), (status = 422, body = crate::api::error::Problem)))]
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
        (status = 401, body = crate::api::error::Problem), (status = 404, body = crate::api::error::Problem)))]
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
    responses((status = 200, body = TemplateOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem)))]
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
    responses((status = 200, body = TemplateOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem), (status = 422, body = crate::api::error::Problem)))]
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
