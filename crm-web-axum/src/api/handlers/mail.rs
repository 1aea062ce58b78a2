//! The company's mail settings (the accounting copy of document emails).

use super::*;

fn dto(company: &crm_core::domain::Company) -> MailSettingsDto {
    MailSettingsDto {
        accounting_bcc: company
            .settings
            .accounting_bcc
            .as_ref()
            .map(ToString::to_string),
    }
}

/// The company's mail settings.
#[utoipa::path(get, path = "/company/mail-settings", tag = "company",
    responses((status = 200, body = MailSettingsDto), (status = 401, body = crate::api::error::Problem)))]
pub async fn get_mail_settings(
    State(s): State<ApiState>,
    staff: Staff,
) -> ApiResult<Json<MailSettingsDto>> {
    let company = s.crm.company(&staff.0.ctx).await?;
    Ok(Json(dto(&company)))
}

/// Replaces the company's mail settings (validated; nothing is written when a field is
/// invalid).
#[utoipa::path(put, path = "/company/mail-settings", tag = "company", request_body = MailSettingsDto,
    responses((status = 200, body = MailSettingsDto), (status = 401, body = crate::api::error::Problem),
        (status = 422, body = crate::api::error::Problem)))]
pub async fn put_mail_settings(
    State(s): State<ApiState>,
    staff: Staff,
    Json(body): Json<MailSettingsDto>,
) -> ApiResult<Json<MailSettingsDto>> {
    let company = s
        .crm
        .set_accounting_bcc(&staff.0.ctx, body.accounting_bcc.as_deref())
        .await?;
    Ok(Json(dto(&company)))
}
