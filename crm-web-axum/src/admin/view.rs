//! Rendering admin pages: the layout, flash notices, error pages, small formatters.

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use crm_core::domain::{Currency, Locale};
use rust_decimal::Decimal;

use super::auth::Staff;
use super::{AResult, AdminApp, Fail, admin_css_file, i18n};
use crate::WebError;
use crate::html::{self, Tr, assets, format, lang};

/// A notice shown once after a redirect (`?done=key`; only known keys are shown), with the
/// count of `&n=` for the notices that say how many (`?done=dunning_run&n=3`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Flash(&'static str, Option<u32>);

/// The notices a redirect may announce.
const FLASHES: &[&str] = &[
    "saved",
    "logo_saved",
    "logo_removed",
    "created",
    "archived",
    "restored",
    "sent",
    "issued",
    "paid",
    "cancelled",
    "reopened",
    "refunded",
    "credited",
    "converted",
    "approved",
    "rejected",
    "replied",
    "closed",
    "link_sent",
    "signed_out",
    "sessions_ended",
    "reverted",
    "password_changed",
    "user_disabled",
    "user_enabled",
    "revoked",
    "dunning_run",
    "reminded",
    "level_skipped",
    "waived",
    "dunning_blocked",
    "dunning_unblocked",
    "dunning_levels_saved",
    "dunning_failed",
];

/// The notices that say how many (`&n=`): without a count they are not shown.
const COUNTED: &[&str] = &["dunning_run", "dunning_failed"];

impl Flash {
    /// The flash of a query string.
    pub(crate) fn from_query(query: &str) -> Option<Self> {
        let flash = query
            .split('&')
            .find_map(|p| p.strip_prefix("done="))
            .and_then(Self::from_key)?;
        // A count that does not parse is left out rather than shown as typed.
        let count = query
            .split('&')
            .find_map(|p| p.strip_prefix("n="))
            .and_then(|n| n.parse().ok());
        if count.is_none() && COUNTED.contains(&flash.0) {
            return None;
        }
        Some(Self(flash.0, count))
    }

    /// The flash named `key`, if it is one.
    pub(crate) fn from_key(key: &str) -> Option<Self> {
        FLASHES.iter().find(|k| **k == key).map(|k| Self(k, None))
    }

    fn notice(self, locale: Locale) -> html::Flash {
        let key = format!("admin.flash.{}", self.0);
        let text = match self.1 {
            Some(n) => html::i18n::text_args(&key, locale, &[("count", n.into())]),
            None => i18n::text(&key, locale).unwrap_or_default().to_owned(),
        };
        html::Flash { kind: "ok", text }
    }
}

/// What the layout needs besides the page's own data.
pub(crate) struct Base {
    pub(crate) locale: Locale,
    pub(crate) title_key: &'static str,
    pub(crate) active: &'static str,
    pub(crate) csrf: String,
    pub(crate) brand: Option<String>,
    pub(crate) flash: Option<Flash>,
    pub(crate) signed_in: bool,
}

impl Base {
    /// The base of a signed-in page.
    pub(crate) fn of(staff: &Staff, title_key: &'static str, active: &'static str) -> Self {
        Self {
            locale: staff.locale(),
            title_key,
            active,
            csrf: staff.csrf.clone(),
            brand: Some(staff.company.name.clone()),
            flash: staff.flash,
            signed_in: true,
        }
    }
}

/// What `admin/layout.html` shows around an admin page.
#[derive(Debug, Clone)]
pub(crate) struct AdminLayout {
    pub(crate) lang: &'static str,
    pub(crate) title: String,
    pub(crate) brand: String,
    pub(crate) brand_initial: String,
    pub(crate) css: String,
    pub(crate) admin_css: String,
    pub(crate) home: String,
    pub(crate) prefix: String,
    pub(crate) active: &'static str,
    pub(crate) csrf: String,
    pub(crate) flash: Option<html::Flash>,
    pub(crate) signed_in: bool,
    pub(crate) password_auth: bool,
    pub(crate) mailbox: bool,
}

/// The layout of a page with `base`, titled by its `title_key`.
pub(crate) fn layout(app: &AdminApp, base: Base) -> AdminLayout {
    let prefix = app.prefix();
    let brand = base.brand.unwrap_or_else(|| "crm".to_owned());
    AdminLayout {
        lang: lang(base.locale),
        title: i18n::text(base.title_key, base.locale)
            .unwrap_or_default()
            .to_owned(),
        brand_initial: brand.chars().next().map(String::from).unwrap_or_default(),
        brand,
        css: format!("{prefix}/assets/{}", assets::css_file()),
        admin_css: format!("{prefix}/assets/{}", admin_css_file()),
        home: format!("{prefix}/clients"),
        prefix: prefix.to_owned(),
        active: base.active,
        csrf: base.csrf,
        flash: base.flash.map(|f| f.notice(base.locale)),
        signed_in: base.signed_in,
        password_auth: app.options.auth == super::AdminAuth::Password,
        mailbox: app.has_mailbox(),
    }
}

/// A rendered admin page as a response.
pub(crate) fn render(page: &impl Template) -> AResult {
    html::respond(page).map_err(Fail)
}

/// The admin error page.
#[derive(Template)]
#[template(path = "admin/error.html")]
struct ErrorPage<'a> {
    l: &'a AdminLayout,
    t: Tr,
    status: u16,
    message: String,
}

/// An error as an admin page in `locale`.
pub(crate) fn error_page(
    app: &AdminApp,
    locale: Locale,
    error: WebError,
    csrf: Option<String>,
) -> Response {
    let status = error.status();
    if status.is_server_error() {
        tracing::error!(error = %error, "admin request failed");
    }
    let code = status.as_u16();
    let message = crate::html::i18n::text(&format!("error.{code}"), locale)
        .unwrap_or_default()
        .to_owned();
    let base = Base {
        locale,
        title_key: "error.title",
        active: "",
        csrf: csrf.unwrap_or_default(),
        brand: None,
        flash: None,
        signed_in: false,
    };
    let layout = layout(app, base);
    let page = ErrorPage {
        l: &layout,
        t: Tr(locale),
        status: code,
        message,
    };
    let mut response = render(&page)
        .unwrap_or_else(|_| Html(format!("<!doctype html><title>{code}</title>")).into_response());
    *response.status_mut() = status;
    if let WebError::RateLimited { retry_after_secs } = error
        && let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string())
    {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    response
}

/// A page with a status other than 200 (forms with errors: 422).
pub(crate) fn with_status(mut r: Response, status: StatusCode) -> Response {
    *r.status_mut() = status;
    r
}

/// Money in the staff member's format.
pub(crate) fn money(amount: Decimal, currency: Currency, locale: Locale) -> String {
    format::money(amount, currency, locale)
}

/// Percent-encodes a query value.
pub(crate) fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The badge colour class of a status name.
pub(crate) fn status_class(status: &str) -> &'static str {
    match status {
        "paid" | "approved" | "closed" | "converted" => "ok",
        "overdue" | "rejected" | "cancelled" => "alert",
        "partial" | "waiting_on_staff" | "processing" | "expired" => "warn",
        "draft" => "muted",
        _ => "open",
    }
}

/// The text of `key` in `locale` (empty if the table lacks it; tests check every key).
pub(crate) fn t(key: &str, locale: Locale) -> String {
    i18n::text(key, locale).unwrap_or_default().to_owned()
}
