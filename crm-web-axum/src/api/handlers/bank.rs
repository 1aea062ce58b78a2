//! The company's bank account: read, set, remove.

use super::*;

/// The company's bank account; 404 when it has none.
#[utoipa::path(get, path = "/company/bank-account", tag = "company",
    responses((status = 200, body = BankAccountOut), (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem)))]
pub async fn get_bank_account(
    State(s): State<ApiState>,
    staff: Staff,
) -> ApiResult<Json<BankAccountOut>> {
    let account = s.crm.bank_account(&staff.0.ctx).await?;
    let account = account.ok_or_else(|| ApiError::not_found("bank account"))?;
    Ok(Json(BankAccountOut::from(&account)))
}

/// Sets the company's bank account (validated; nothing is written when a field is invalid).
#[utoipa::path(put, path = "/company/bank-account", tag = "company", request_body = BankAccountIn,
    responses((status = 200, body = BankAccountOut), (status = 401, body = crate::api::error::Problem),
        (status = 422, body = crate::api::error::Problem)))]
pub async fn put_bank_account(
    State(s): State<ApiState>,
    staff: Staff,
    Json(body): Json<BankAccountIn>,
) -> ApiResult<Json<BankAccountOut>> {
    let company = s
        .crm
        .set_bank_account(&staff.0.ctx, Some(&body.to_input()))
        .await?;
    let account = company.settings.bank_account.as_ref();
    let account = account.ok_or_else(|| ApiError::not_found("bank account"))?;
    Ok(Json(BankAccountOut::from(account)))
}

/// Removes the company's bank account (invoices then show no GiroCode).
#[utoipa::path(delete, path = "/company/bank-account", tag = "company",
    responses((status = 204, description = "Removed (or there was none)"),
        (status = 401, body = crate::api::error::Problem)))]
pub async fn delete_bank_account(State(s): State<ApiState>, staff: Staff) -> ApiResult<StatusCode> {
    s.crm.set_bank_account(&staff.0.ctx, None).await?;
    Ok(StatusCode::NO_CONTENT)
}
