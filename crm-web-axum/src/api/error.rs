//! RFC 9457 problem details: the one place every `crm_core::Error` gets its status, and the
//! extractors whose rejections are problems too (never axum's plain-text rejections).

use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use crm_core::domain::Locale;
use crm_core::domain::{ValidationErrors, ValueError};
use crm_core::ports::StoreError;
use crm_core::service::Error;
use serde::Serialize;
use serde::de::DeserializeOwned;
use utoipa::ToSchema;

/// One invalid field.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldProblem {
    /// Path of the field in the request, e.g. `contacts[0].email`.
    pub field: String,
    /// What is wrong, in English.
    pub message: String,
    /// What is wrong, in German.
    pub message_de: String,
}

/// An RFC 9457 problem (`application/problem+json`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem (`about:blank` or `urn:crm:problem:…`).
    #[serde(rename = "type")]
    pub type_: String,
    /// Short summary of the kind, in English.
    pub title: String,
    /// Short summary of the kind, in German.
    pub title_de: String,
    /// The HTTP status.
    pub status: u16,
    /// What happened in this case (English).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Per-field errors (validation problems).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

/// An error response of the API.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    // Boxed: handlers return `Result<_, ApiError>`, and the happy path should stay small.
    problem: Box<Problem>,
    retry_after: Option<u64>,
}

impl ApiError {
    /// A problem of `status` with a kind slug; its titles are the catalogue's
    /// `api.problem.<kind>` (with `_` for `-`).
    pub fn new(status: StatusCode, kind: &str) -> Self {
        let key = format!("api.problem.{}", kind.replace('-', "_"));
        let title = |l| crm_core::i18n::text(l, &key).unwrap_or(kind).to_owned();
        Self {
            status,
            problem: Box::new(Problem {
                type_: format!("urn:crm:problem:{kind}"),
                title: title(Locale::En),
                title_de: title(Locale::De),
                status: status.as_u16(),
                detail: None,
                errors: Vec::new(),
            }),
            retry_after: None,
        }
    }

    /// Adds a detail text.
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.problem.detail = Some(detail.into());
        self
    }

    /// 422 with field errors.
    pub fn invalid(errors: &ValidationErrors) -> Self {
        let mut e = Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid");
        e.problem.errors = errors
            .0
            .iter()
            .map(|f| FieldProblem {
                field: f.field.clone(),
                message: f.error.message(Locale::En).to_owned(),
                message_de: f.error.message(Locale::De).to_owned(),
            })
            .collect();
        e
    }

    /// 422 for one field; `key` names the message in the catalogue (`api.limit`).
    pub fn field(field: &str, key: &'static str) -> Self {
        Self::field_error(field, ValueError::keyed("api.field", key))
    }

    /// 422 for one field with the error given.
    pub fn field_error(field: &str, error: ValueError) -> Self {
        Self::invalid(&ValidationErrors::single(field, error))
    }

    /// 413 naming the field whose upload is over its limit.
    pub fn too_large_field(field: &str, error: ValueError) -> Self {
        let mut e = Self::invalid(&ValidationErrors::single(field, error));
        let errors = std::mem::take(&mut e.problem.errors);
        let mut e = Self::new(StatusCode::PAYLOAD_TOO_LARGE, "too-large");
        e.problem.errors = errors;
        e
    }

    /// 404 (also for another company's ids: the core does not tell them apart).
    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found").detail(format!("{what} not found"))
    }

    /// 401 with `WWW-Authenticate: Bearer`.
    pub fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized")
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        use StatusCode as S;
        let detail = e.to_string();
        let conflict = |kind: &str| ApiError::new(S::CONFLICT, kind).detail(detail.clone());
        match e {
            Error::Invalid(errors) => Self::invalid(&errors),
            Error::NotFound(entity) => Self::not_found(&entity.to_string()),
            Error::DuplicateClientNumber(_) => {
                let mut p = conflict("duplicate-client-number");
                let taken = ValueError::keyed("api.field", "api.number_taken");
                p.problem.errors.push(FieldProblem {
                    field: "number".into(),
                    message: taken.message(Locale::En),
                    message_de: taken.message(Locale::De),
                });
                p
            }
            Error::ClientArchived => conflict("client-archived"),
            Error::CurrencyLocked => conflict("currency-locked"),
            Error::Invoice(_) => conflict("invoice-rule"),
            Error::Quote(_) => conflict("quote-rule"),
            Error::RefundExceedsPayment { .. } => {
                Self::new(S::UNPROCESSABLE_ENTITY, "refund-exceeds-payment").detail(detail)
            }
            Error::ReferenceReused(_) => conflict("reference-reused"),
            Error::Template(t) => {
                let field = t.part();
                let mut p =
                    Self::new(S::UNPROCESSABLE_ENTITY, "invalid-template").detail(detail.clone());
                // The engine's explanation is English; the German message frames it.
                let e = ValueError::keyed("api.field", "api.template").arg("what", t.to_string());
                p.problem.errors.push(FieldProblem {
                    field: field.into(),
                    message: e.message(Locale::En),
                    message_de: e.message(Locale::De),
                });
                p
            }
            Error::EInvoice(e @ crm_core::render::einvoice::EInvoiceError::NotIssued) => {
                conflict("not-issued").detail(e.message(Locale::En))
            }
            Error::EInvoice(e) => {
                let mut p = Self::new(S::UNPROCESSABLE_ENTITY, "einvoice-incomplete")
                    .detail(e.message(Locale::En));
                p.problem.errors.push(FieldProblem {
                    field: "einvoice".into(),
                    message: e.message(Locale::En),
                    message_de: e.message(Locale::De),
                });
                p
            }
            Error::TicketClosed => conflict("ticket-closed"),
            Error::ContactRule(_) => conflict("contact-rule"),
            Error::LinkInvalid | Error::ConfirmationRequired => {
                Self::new(S::BAD_REQUEST, "link-invalid").detail(detail)
            }
            Error::SessionInvalid | Error::BadCredentials | Error::Unauthorized => {
                Self::unauthorized()
            }
            Error::RateLimited { retry_after_secs } => {
                let mut p = Self::new(S::TOO_MANY_REQUESTS, "rate-limited").detail(detail);
                p.retry_after = Some(retry_after_secs);
                p
            }
            Error::Payment(_) => Self::new(S::BAD_GATEWAY, "payment-provider").detail(detail),
            Error::Storage(StoreError::Unavailable(_)) => {
                tracing::warn!(error = %detail, "API request failed: database unavailable");
                let mut p = Self::new(S::SERVICE_UNAVAILABLE, "unavailable");
                p.retry_after = Some(5);
                p
            }
            Error::Storage(StoreError::Conflict(what)) => {
                conflict("conflict").detail(format!("{what} already exists"))
            }
            Error::Storage(_) | Error::Render(_) => {
                tracing::error!(error = %detail, "API request failed");
                Self::new(S::INTERNAL_SERVER_ERROR, "internal")
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self.problem).unwrap_or_default();
        let mut res = (self.status, body).into_response();
        let h = res.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if self.status == StatusCode::UNAUTHORIZED {
            h.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(secs) = self.retry_after {
            h.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res
    }
}

/// A JSON body whose rejections (syntax, types, unknown fields, size, content type) are
/// problems: 400 for unreadable bodies, 415 without a JSON content type, 413 when too large,
/// 422 when it parses but does not fit the schema.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(str::trim)
            .is_some_and(|m| m.eq_ignore_ascii_case("application/json") || m.ends_with("+json"));
        if !json {
            return Err(json_rejection(JsonRejection::MissingJsonContentType(
                Default::default(),
            )));
        }
        let bytes = match Bytes::from_request(req, state).await {
            Ok(b) => b,
            Err(r) if r.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too-large"));
            }
            Err(r) => {
                return Err(
                    ApiError::new(StatusCode::BAD_REQUEST, "unreadable-body").detail(r.body_text())
                );
            }
        };
        // Every request body is an object; serde would also build a struct from an array.
        let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
        if first.is_some_and(|b| *b != b'{')
            && serde_json::from_slice::<serde_json::Value>(&bytes).is_ok()
        {
            return Err(ApiError::field("body", "api.body_object"));
        }
        match axum::Json::<T>::from_bytes(&bytes) {
            Ok(axum::Json(v)) => Ok(Self(v)),
            Err(r) => Err(json_rejection(r)),
        }
    }
}

/// An optional JSON body (`Option<Json<T>>`): none when the request has no content type and
/// no body; otherwise read exactly like [`Json`] (a body without a JSON type is a 415).
impl<T, S> axum::extract::OptionalFromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Option<Self>, Self::Rejection> {
        if req.headers().get(header::CONTENT_TYPE).is_none() {
            let bytes = Bytes::from_request(req, state).await.map_err(|r| {
                ApiError::new(StatusCode::BAD_REQUEST, "unreadable-body").detail(r.body_text())
            })?;
            if bytes.iter().all(u8::is_ascii_whitespace) {
                return Ok(None);
            }
            return Err(json_rejection(JsonRejection::MissingJsonContentType(
                Default::default(),
            )));
        }
        <Self as FromRequest<S>>::from_request(req, state)
            .await
            .map(Some)
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

fn json_rejection(r: JsonRejection) -> ApiError {
    let status = r.status();
    let text = r.body_text();
    match r {
        JsonRejection::JsonDataError(_) => data_error(&text),
        JsonRejection::MissingJsonContentType(_) => {
            ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type")
        }
        _ if status == StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(status, "too-large"),
        _ => ApiError::new(StatusCode::BAD_REQUEST, "malformed-json").detail(text),
    }
}

/// serde's message for a body that parses but does not fit, e.g.
/// "Failed to deserialize the JSON body into the target type: contacts[0].email: invalid type:
/// integer `1`, expected a string at line 1 column 40" → field `contacts[0].email`.
fn data_error(text: &str) -> ApiError {
    let msg = text
        .strip_prefix("Failed to deserialize the JSON body into the target type: ")
        .unwrap_or(text);
    let (field, what) = match msg.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') => (path.to_owned(), rest.to_owned()),
        _ => (String::new(), msg.to_owned()),
    };
    let what = what
        .rsplit_once(" at line ")
        .map_or(what.as_str(), |(w, _)| w)
        .to_owned();
    let field = if field.is_empty() || field == "." {
        // Unknown or missing top-level fields: serde names the field in the message.
        missing_or_unknown(&what).unwrap_or_else(|| "body".into())
    } else {
        // serde's path of a missing field is its parent; of an unknown field, the field.
        match missing_or_unknown(&what) {
            Some(inner) if what.starts_with("missing") => format!("{field}.{inner}"),
            _ => field,
        }
    };
    // serde's explanation is English; the German message frames it.
    ApiError::field_error(
        &field,
        ValueError::keyed("api.field", "api.schema").arg("what", what),
    )
}

fn missing_or_unknown(what: &str) -> Option<String> {
    for prefix in ["missing field `", "unknown field `"] {
        if let Some(rest) = what.strip_prefix(prefix) {
            return rest.split('`').next().map(str::to_owned);
        }
    }
    None
}

/// Query parameters whose rejections are problems (422, field named when serde says it).
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(Self(v)),
            Err(r) => Err(query_rejection(&r)),
        }
    }
}

fn query_rejection(r: &QueryRejection) -> ApiError {
    let text = r.body_text();
    let msg = text
        .strip_prefix("Failed to deserialize query string: ")
        .unwrap_or(&text)
        .to_owned();
    let field = missing_or_unknown(&msg).unwrap_or_else(|| "query".into());
    ApiError::field_error(
        &field,
        ValueError::keyed("api.field", "api.query").arg("what", msg),
    )
}

/// Path parameters whose rejections are problems (404: a malformed id names nothing).
#[derive(Debug, Clone, Copy, Default)]
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Self(v)),
            Err(r) => Err(path_rejection(&r)),
        }
    }
}

fn path_rejection(r: &PathRejection) -> ApiError {
    ApiError::not_found("resource").detail(r.body_text())
}
