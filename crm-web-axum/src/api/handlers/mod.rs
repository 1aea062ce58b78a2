//! The handlers of `/api/v1`, each documented for OpenAPI with `#[utoipa::path]`.

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use crm_core::domain::validation::Collector;
use crm_core::domain::{
    ClientId, ContactId, DocumentKind, HistoryFilter, InvoiceId, PaymentMethod, QuoteId, TicketId,
    TicketStatus,
};
use crm_core::ports::{ClientQuery, TicketQuery};
use crm_core::service::{PaymentInput, PaymentOutcome, QuoteInput, TemplateSource};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::dto::*;
use super::error::{ApiError, Json, Path, Query};
use super::{ApiState, Staff};

type ApiResult<T> = Result<T, ApiError>;

const DEFAULT_LIMIT: u32 = 50;
const MAX_LIMIT: u32 = 200;

fn limit(l: Option<u32>) -> ApiResult<u32> {
    match l {
        None => Ok(DEFAULT_LIMIT),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(_) => Err(ApiError::field("limit", "api.limit")),
    }
}

fn bad_cursor() -> ApiError {
    ApiError::field("cursor", "api.cursor")
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<String> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..s.len())
        .step_by(2)
        .map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
        .collect();
    // Lossy: any byte string is a position in the name order (the cursor pattern allows it).
    Some(String::from_utf8_lossy(&bytes?).into_owned())
}

fn today(s: &ApiState) -> chrono::NaiveDate {
    s.crm.clock().now().date_naive()
}

fn pdf_response(bytes: Vec<u8>, name: &str) -> Response {
    let mut res = Body::from(bytes).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        crate::security::content_disposition("inline", &format!("{name}.pdf")),
    );
    res
}

/// An e-invoice XML download, its format in `X-EInvoice-Format` (`zugferd` for the Factur-X
/// EN 16931 XML, `xrechnung_cii`, `xrechnung_ubl`).
fn einvoice_response(file: crm_core::service::EInvoiceFile, name: &str) -> Response {
    let mut res = Body::from(file.bytes).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/xml"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        crate::security::content_disposition("attachment", &format!("{name}.xml")),
    );
    h.insert(
        "x-einvoice-format",
        HeaderValue::from_static(file.format.as_str()),
    );
    res
}

async fn render<F>(f: F) -> ApiResult<Vec<u8>>
where
    F: FnOnce() -> Result<Vec<u8>, crm_core::ports::RenderError> + Send + 'static,
{
    // Rendering is CPU work: keep it off the async workers.
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::from(crm_core::service::Error::Render(e.to_string())))?
        .map_err(|e| ApiError::from(crm_core::service::Error::Render(e.0)))
}

async fn company(
    s: &ApiState,
    ctx: &crm_core::service::Ctx,
) -> ApiResult<crm_core::domain::Company> {
    s.crm
        .store()
        .company(ctx.company)
        .await
        .map_err(|e| ApiError::from(crm_core::service::Error::from(e)))?
        .ok_or_else(|| ApiError::not_found("company"))
}

mod bank;
mod clients;
mod company;
mod corrections;
mod dunning;
mod invoices;
mod logo;
mod mail;
mod quotes;
mod templates;
mod tickets;

pub use bank::*;
pub use clients::*;
pub use company::*;
pub use corrections::*;
pub use dunning::*;
pub use invoices::*;
pub use logo::*;
pub use mail::*;
pub use quotes::*;
pub use templates::*;
pub use tickets::*;
