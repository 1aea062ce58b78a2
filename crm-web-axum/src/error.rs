//! The one web error type: every failure maps to one status and a clear, safe page here.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use crm_core::domain::Locale;
use crm_core::service::Error as CoreError;

use askama::Template;

use crate::html::{Layout, Tr, assets, i18n, lang};

/// Why a request failed, as the browser sees it.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// No such page or record — also for records of another client (nothing leaks).
    #[error("not found")]
    NotFound,
    /// CSRF token or origin check failed.
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// Invalid input (messages in the user's language, when known).
    #[error("bad request: {0:?}")]
    BadRequest(Vec<String>),
    /// Not possible in the current state (e.g. paying a paid invoice).
    #[error("conflict")]
    Conflict,
    /// Too many attempts.
    #[error("rate limited, retry after {retry_after_secs} s")]
    RateLimited {
        /// Seconds until the next attempt is allowed.
        retry_after_secs: u64,
    },
    /// The payment provider failed.
    #[error("payment provider: {0}")]
    Gateway(String),
    /// The payment provider cannot take this payment (an amount it cannot represent); asking
    /// again will not help, paying another way will.
    #[error("payment provider cannot take it: {0}")]
    PaymentUnsupported(String),
    /// The database cannot be reached: try again in a moment (503 with `Retry-After`).
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// Anything else: logged, shown as a generic message.
    #[error("internal: {0}")]
    Internal(String),
}

impl WebError {
    /// The status code.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Conflict => StatusCode::CONFLICT,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Gateway(_) => StatusCode::BAD_GATEWAY,
            Self::PaymentUnsupported(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Maps a core error for `locale` (field messages in that language).
    pub fn from_core(e: CoreError, locale: Locale) -> Self {
        match e {
            CoreError::NotFound(_) | CoreError::LinkInvalid | CoreError::SessionInvalid => {
                Self::NotFound
            }
            CoreError::Invalid(errors) => Self::BadRequest(
                errors
                    .0
                    .iter()
                    .map(|f| f.error.message(locale).to_owned())
                    .collect(),
            ),
            CoreError::EInvoice(e @ crm_core::render::einvoice::EInvoiceError::Missing(_)) => {
                Self::BadRequest(vec![e.message(locale)])
            }
            CoreError::Invoice(_)
            | CoreError::EInvoice(_)
            | CoreError::Quote(_)
            | CoreError::ClientArchived
            | CoreError::ConfirmationRequired
            | CoreError::TicketClosed => Self::Conflict,
            CoreError::Payment(e @ crm_core::ports::GatewayError::Unsupported(_)) => {
                Self::PaymentUnsupported(e.to_string())
            }
            CoreError::Payment(e) => Self::Gateway(e.to_string()),
            CoreError::Storage(crm_core::ports::StoreError::Unavailable(why)) => {
                Self::Unavailable(why)
            }
            CoreError::RateLimited { retry_after_secs } => Self::RateLimited { retry_after_secs },
            other => Self::Internal(other.to_string()),
        }
    }

    /// This error as a page in `locale` whose "start page" link is `home`.
    pub fn page(self, locale: Locale, home: &str) -> Response {
        render(self, Some(locale), home)
    }
}

impl From<CoreError> for WebError {
    fn from(e: CoreError) -> Self {
        Self::from_core(e, Locale::En)
    }
}

impl IntoResponse for WebError {
    /// A page in both languages (the user's is not known here) linking to `/`.
    fn into_response(self) -> Response {
        render(self, None, "/")
    }
}

/// The error page (portal and bare routers; the admin has its own).
#[derive(Template)]
#[template(path = "error.html")]
pub(crate) struct ErrorPage<'a> {
    pub(crate) l: &'a Layout,
    pub(crate) t: Tr,
    pub(crate) status: u16,
    pub(crate) message: String,
}

fn render(error: WebError, locale: Option<Locale>, home: &str) -> Response {
    let status = error.status();
    if status.is_server_error() {
        tracing::error!(error = %error, "request failed");
    }
    let code = status.as_u16();
    let key = format!("error.{code}");
    let message = |l: Locale| match &error {
        WebError::BadRequest(msgs) if !msgs.is_empty() => msgs.join(" "),
        WebError::PaymentUnsupported(_) => i18n::text("error.payment_unsupported", l)
            .unwrap_or_default()
            .to_owned(),
        _ => i18n::text(&key, l).unwrap_or_default().to_owned(),
    };
    let (page_locale, title, text) = match locale {
        Some(l) => (
            l,
            i18n::text("error.title", l).unwrap_or_default().to_owned(),
            message(l),
        ),
        None => (
            Locale::En,
            "Fehler · Error".to_owned(),
            format!("{} / {}", message(Locale::De), message(Locale::En)),
        ),
    };
    let prefix = home.trim_end_matches('/');
    let layout = Layout {
        lang: lang(page_locale),
        title,
        brand: "crm".into(),
        brand_initial: "C".into(),
        css: format!("{prefix}/assets/{}", assets::css_file()),
        home: home.to_owned(),
        prefix: prefix.to_owned(),
        nav: false,
        active: "",
        csrf: String::new(),
        flash: None,
        logo: None,
    };
    let page = ErrorPage {
        l: &layout,
        t: Tr(page_locale),
        status: code,
        message: text,
    };
    let body = page
        .render()
        .unwrap_or_else(|_| format!("<!doctype html><title>{code}</title><p>{code}</p>"));
    let mut response = (status, Html(body)).into_response();
    let retry_after = match &error {
        WebError::RateLimited { retry_after_secs } => Some(*retry_after_secs),
        WebError::Unavailable(_) => Some(5),
        _ => None,
    };
    if let Some(secs) = retry_after
        && let Ok(v) = HeaderValue::from_str(&secs.to_string())
    {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    response
}
