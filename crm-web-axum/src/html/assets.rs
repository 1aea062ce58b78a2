//! The stylesheet, served by each router under `/assets/` with a content hash in its name,
//! so it can be cached for a year and still change with every release.

use std::sync::OnceLock;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// The stylesheet of all pages.
pub const CSS: &str = include_str!("../../assets/crm.css");

/// File name of the stylesheet: `crm-<first 16 hex digits of its SHA-256>.css`.
pub fn css_file() -> &'static str {
    static NAME: OnceLock<String> = OnceLock::new();
    NAME.get_or_init(|| {
        let digest = Sha256::digest(CSS.as_bytes());
        let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
        format!("crm-{hex}.css")
    })
}

/// The stylesheet response for `file` (404 for any other name, e.g. an old hash).
pub fn serve(file: &str) -> Response {
    if file != css_file() {
        return StatusCode::NOT_FOUND.into_response();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/css; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
        ],
        CSS,
    )
        .into_response()
}
