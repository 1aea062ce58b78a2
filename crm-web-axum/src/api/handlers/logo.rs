//! The company's logo: read, upload (the raw image as the body), remove.

use axum::body::Body;
use axum::http::HeaderMap;
use crm_core::domain::{LogoError, MAX_LOGO_BYTES, ValueError};

use super::*;
use crate::upload::{UploadError, read_body};

/// The media types `PUT /company/logo` accepts as its body's `Content-Type`. The format is
/// read from the bytes whatever the header says; the header only has to claim an image.
const ACCEPTED: [&str; 3] = ["image/png", "image/jpeg", "application/octet-stream"];

/// The company's logo file (`image/png` or `image/jpeg`); 404 when it has none. Its SHA-256
/// is the `ETag`.
#[utoipa::path(get, path = "/company/logo", tag = "company",
    responses(
        (status = 200, description = "The logo file", content(
            (Vec<u8> = "image/png"), (Vec<u8> = "image/jpeg"))),
        (status = 401, body = crate::api::error::Problem),
        (status = 404, body = crate::api::error::Problem)))]
pub async fn get_logo(State(s): State<ApiState>, staff: Staff) -> ApiResult<Response> {
    let logo = s.crm.logo(&staff.0.ctx).await?;
    let logo = logo.ok_or_else(|| ApiError::not_found("logo"))?;
    let r = *logo.reference();
    let mut res = Body::from(logo.into_bytes()).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(r.format.media_type()),
    );
    if let Ok(etag) = HeaderValue::from_str(&format!("\"{}\"", r.sha256)) {
        h.insert(header::ETAG, etag);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    Ok(res)
}

/// Sets the company's logo: the body is the image file itself, PNG or JPEG (at most 512 KiB
/// and 2000 × 2000 pixels). The format is read from the bytes, not from `Content-Type`.
/// A file that is not a usable image is refused with 422 and the field error `logo`; a body
/// over the limit with 413 (read no further than the limit); nothing is written then. Issued
/// invoices keep the logo they were issued with.
#[utoipa::path(put, path = "/company/logo", tag = "company",
    request_body(description = "The image file (PNG or JPEG)", content(
        (Vec<u8> = "image/png"), (Vec<u8> = "image/jpeg"))),
    responses((status = 200, body = LogoOut), (status = 401, body = crate::api::error::Problem),
        (status = 413, body = crate::api::error::Problem),
        (status = 415, body = crate::api::error::Problem),
        (status = 422, body = crate::api::error::Problem)))]
pub async fn put_logo(
    State(s): State<ApiState>,
    staff: Staff,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Json<LogoOut>> {
    let claimed = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase());
    if !claimed.is_some_and(|m| ACCEPTED.contains(&m.as_str())) {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-image-type",
        ));
    }
    let bytes = match read_body(&headers, body, MAX_LOGO_BYTES).await {
        Ok(b) => b,
        Err(UploadError::TooLarge(size)) => {
            return Err(ApiError::too_large_field(
                "logo",
                ValueError::from(LogoError::TooLarge { size }),
            ));
        }
        Err(UploadError::Unreadable(e)) => {
            return Err(ApiError::new(StatusCode::BAD_REQUEST, "unreadable-body").detail(e));
        }
    };
    let company = s.crm.set_logo(&staff.0.ctx, bytes).await?;
    let logo = company.settings.logo.as_ref();
    let logo = logo.ok_or_else(|| ApiError::not_found("logo"))?;
    Ok(Json(LogoOut::from(logo)))
}

/// Removes the company's logo from documents made from now on (issued ones keep theirs).
#[utoipa::path(delete, path = "/company/logo", tag = "company",
    responses((status = 204, description = "Removed (or there was none)"),
        (status = 401, body = crate::api::error::Problem)))]
pub async fn delete_logo(State(s): State<ApiState>, staff: Staff) -> ApiResult<StatusCode> {
    s.crm.remove_logo(&staff.0.ctx).await?;
    Ok(StatusCode::NO_CONTENT)
}
