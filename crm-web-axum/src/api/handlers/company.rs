//! The company's legal details.

use super::*;

/// The company's legal details (tax number, §19 mode, register, directors, document contact).
#[utoipa::path(get, path = "/company/legal", tag = "company",
    responses((status = 200, body = LegalDetailsDto), (status = 401, body = crate::api::error::Problem)))]
pub async fn get_company_legal(
    State(s): State<ApiState>,
    staff: Staff,
) -> ApiResult<Json<LegalDetailsDto>> {
    let c = s.crm.company(&staff.0.ctx).await?;
    Ok(Json(LegalDetailsDto::of(&c.legal)))
}

/// Replaces the company's legal details. Issued invoices keep the details they were issued
/// with; only later documents show the new ones.
#[utoipa::path(put, path = "/company/legal", tag = "company", request_body = LegalDetailsDto,
    responses((status = 200, body = LegalDetailsDto), (status = 401, body = crate::api::error::Problem),
        (status = 422, body = crate::api::error::Problem)))]
pub async fn put_company_legal(
    State(s): State<ApiState>,
    staff: Staff,
    Json(body): Json<LegalDetailsDto>,
) -> ApiResult<Json<LegalDetailsDto>> {
    let c = s
        .crm
        .update_company_legal(&staff.0.ctx, &body.to_core())
        .await?;
    Ok(Json(LegalDetailsDto::of(&c.legal)))
}
