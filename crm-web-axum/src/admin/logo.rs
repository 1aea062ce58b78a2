//! The company's logo on the settings page: upload (`POST settings/logo`, a multipart form
//! whose CSRF token travels in the query, see `auth::require_staff`), preview
//! (`GET settings/logo/{sha256}`) and removal (`POST settings/logo/remove`).
//!
//! The upload is read no further than the limit; a file that is not a usable logo shows the
//! page again with the error at the field (422, or 413 when it is too large) and writes
//! nothing.

use axum::Router;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use crm_core::domain::{
    Company, DocumentHash, Locale, LogoError, MAX_LOGO_BYTES, MAX_LOGO_SIDE, ValueError,
};
use crm_core::service::Error as CoreError;

use super::auth::Staff;
use super::view::with_status;
use super::{AResult, AdminApp, Fail, see_other};
use crate::WebError;
use crate::html::i18n::{text, text_args};
use crate::upload::{UploadError, declared_length, read_stream};

/// Room for the multipart framing and the other (tiny) fields beside the file.
const FRAMING: usize = 16 * 1024;

pub(super) fn routes() -> Router<AdminApp> {
    Router::new()
        .route("/settings/logo", post(upload))
        .route("/settings/logo/remove", post(remove))
        .route("/settings/logo/{sha256}", get(preview))
}

/// The logo form for the template.
pub(super) struct LogoSection {
    pub(super) action: String,
    pub(super) remove_action: String,
    pub(super) intro: String,
    /// Preview URL and its caption, when there is a logo.
    pub(super) current: Option<(String, String)>,
    pub(super) error: Option<String>,
}

impl LogoSection {
    pub(super) fn of(prefix: &str, company: &Company, l: Locale, error: Option<String>) -> Self {
        let current = company.settings.logo.map(|r| {
            let caption = text_args(
                "logo.current",
                l,
                &[("width", r.width.into()), ("height", r.height.into())],
            );
            (format!("{prefix}/settings/logo/{}", r.sha256), caption)
        });
        Self {
            action: format!("{prefix}/settings/logo"),
            remove_action: format!("{prefix}/settings/logo/remove"),
            intro: text_args(
                "logo.intro",
                l,
                &[
                    ("max_kib", (MAX_LOGO_BYTES / 1024).into()),
                    ("max", MAX_LOGO_SIDE.into()),
                ],
            ),
            current,
            error,
        }
    }
}

/// "Logo file is too large: at most 512 KiB".
fn message(e: &ValueError, l: Locale) -> String {
    format!(
        "{} {}",
        text("logo.file", l).unwrap_or("Logo"),
        e.message(l)
    )
}

/// `POST settings/logo`.
async fn upload(
    State(app): State<AdminApp>,
    staff: Staff,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> AResult {
    let l = staff.locale();
    let too_large = |size| ValueError::from(LogoError::TooLarge { size });
    if let Some(n) = declared_length(&headers).filter(|n| *n > MAX_LOGO_BYTES + FRAMING) {
        let r = super::settings::render_logo(&app, &staff, message(&too_large(n), l)).await?;
        return Ok(with_status(r, StatusCode::PAYLOAD_TOO_LARGE));
    }
    let mut multipart = multipart.map_err(|_| Fail(WebError::BadRequest(vec![])))?;
    let mut file = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => return Err(Fail(WebError::BadRequest(vec![]))),
        };
        if field.name() == Some("logo") && file.is_none() {
            file = Some(read_stream(field, MAX_LOGO_BYTES).await);
        }
    }
    let bytes = match file {
        Some(Ok(b)) => b,
        Some(Err(UploadError::TooLarge(n))) => {
            let r = super::settings::render_logo(&app, &staff, message(&too_large(n), l)).await?;
            return Ok(with_status(r, StatusCode::PAYLOAD_TOO_LARGE));
        }
        Some(Err(UploadError::Unreadable(_))) => return Err(Fail(WebError::BadRequest(vec![]))),
        // No file chosen: the browser sends an empty part (or none).
        None => Vec::new(),
    };
    match app.web.crm.set_logo(&staff.ctx, bytes).await {
        Ok(_) => Ok(see_other(&format!(
            "{}/settings?done=logo_saved#logo",
            app.prefix()
        ))),
        Err(CoreError::Invalid(v)) => {
            let e = v.field("logo").map(|e| message(e, l)).unwrap_or_default();
            super::settings::render_logo(&app, &staff, e).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST settings/logo/remove`.
async fn remove(State(app): State<AdminApp>, staff: Staff) -> AResult {
    app.web.crm.remove_logo(&staff.ctx).await?;
    Ok(see_other(&format!(
        "{}/settings?done=logo_removed#logo",
        app.prefix()
    )))
}

/// `GET settings/logo/{sha256}`: the company's current logo (keyed by its hash, so it may
/// be cached; another hash is not found).
async fn preview(
    State(app): State<AdminApp>,
    staff: Staff,
    Path(sha256): Path<String>,
) -> Result<Response, Fail> {
    let hash = DocumentHash::from_hex(&sha256).ok_or(Fail(WebError::NotFound))?;
    let logo = app.web.crm.logo(&staff.ctx).await?;
    let logo = logo
        .filter(|l| l.reference().sha256 == hash)
        .ok_or(Fail(WebError::NotFound))?;
    let media = logo.reference().format.media_type();
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(media)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=31536000, immutable"),
            ),
        ],
        logo.into_bytes(),
    )
        .into_response())
}
