//! The client portal: magic-link sign-in, statement, invoices (HTML, PDF, ZIP of a
//! selection, pay now), quotes (approve, reject), support tickets.
//!
//! [`portal_router`] is mounted under [`crate::WebConfig::portal_prefix`] (default
//! `/portal`); every link and redirect it produces starts with that prefix. Every route
//! behind the sign-in reads and writes through the core's `portal_*` use cases, scoped to
//! the session's client: an id of another client or company is "not found", whatever it is.

mod auth;
mod docs;
mod download;
mod reminders;

pub use download::Downloads;
mod tickets;
mod views;

use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequestParts, OriginalUri, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use bytes::Bytes;
use crm_core::domain::{Company, Locale, LogoRef};
use crm_core::service::{Error as CoreError, PortalCtx};

use crate::error::WebError;
use crate::html::{self, Flash, Layout, assets, lang};
use crate::security::{
    self, ClientIp, check_same_origin, clear_cookie, cookie_name, csrf_token, read_cookie,
    verify_csrf,
};
use crate::state::{RateLimit, WebState};

/// Name of the session cookie (`__Host-crm_portal` under https).
pub const SESSION_COOKIE: &str = "crm_portal";
/// CSRF purpose of portal forms.
const CSRF_PURPOSE: &str = "portal";
/// CSRF purpose of the pre-session forms (sign-in).
const PRE_CSRF_PURPOSE: &str = "portal-signin";

/// The client portal's routes (relative to where it is mounted):
///
/// | route | what |
/// | --- | --- |
/// | `GET /` | statement: outstanding, overdue, open invoices, aging, recently paid |
/// | `GET /statement.pdf` | statement PDF (last 12 months and everything open) |
/// | `GET /invoices` · `POST /invoices/download` | list with checkboxes · ZIP of the selection (streamed) |
/// | `GET /invoices/{id}` · `GET /invoices/{id}/pdf` | invoice as HTML (records "viewed") · PDF |
/// | `POST /invoices/{id}/pay` · `GET /invoices/{id}/paid` | hosted checkout · its return page |
/// | `GET /quotes` · `GET /quotes/{id}` · `GET /quotes/{id}/pdf` | quotes |
/// | `POST /quotes/{id}/approve` · `POST /quotes/{id}/reject` | answer a quote |
/// | `GET /tickets` · `GET /tickets/new` · `POST /tickets` | tickets, open one |
/// | `GET /tickets/{id}` · `POST /tickets/{id}/reply` | thread, reply (not when closed) |
/// | `GET /login` · `POST /login` | sign-in page, "email me a new link" |
/// | `GET /login/{token}` · `POST /login/confirm` | a link: documents sign in at once, single-use links after "Continue"; a `HEAD` (link checkers) only says whether it is valid |
/// | `POST /session/confirm` | a session a document link opened may act for the client from now on |
/// | `POST /logout` | sign out |
/// | `GET /assets/{file}` | the stylesheet |
/// | `GET /logo/{sha256}` | the company's logo while it is the current one (cached for a year: a new logo has a new hash) |
/// | `GET /brand/{company}/{sha256}` | the same without a session, for the logo in emails |
pub fn portal_router(state: WebState) -> Router {
    Router::new()
        .route("/", get(docs::statement))
        .route("/statement.pdf", get(docs::statement_pdf))
        .route("/invoices", get(docs::invoices))
        .route("/invoices/download", post(download::download))
        .route("/invoices/{id}", get(docs::invoice))
        .route("/invoices/{id}/pdf", get(docs::invoice_pdf))
        .route("/invoices/{id}/einvoice", get(docs::invoice_einvoice))
        .route("/invoices/{id}/pay", post(docs::pay))
        .route("/invoices/{id}/paid", get(docs::paid))
        .route("/corrections/{id}/pdf", get(docs::correction_pdf))
        .route("/reminders/{id}/pdf", get(reminders::reminder_pdf))
        .route("/corrections/{id}/einvoice", get(docs::correction_einvoice))
        .route("/quotes", get(docs::quotes))
        .route("/quotes/{id}", get(docs::quote))
        .route("/quotes/{id}/pdf", get(docs::quote_pdf))
        .route("/quotes/{id}/approve", post(docs::approve))
        .route("/quotes/{id}/reject", post(docs::reject))
        .route("/tickets", get(tickets::list).post(tickets::create))
        .route("/tickets/new", get(tickets::new_form))
        .route("/tickets/{id}", get(tickets::thread))
        .route("/tickets/{id}/reply", post(tickets::reply))
        .route("/login", get(auth::signin_page).post(auth::request_link))
        .route("/login/confirm", post(auth::confirm))
        .route("/login/{token}", get(auth::token_link))
        .route("/logout", post(auth::logout))
        .route("/session/confirm", post(auth::confirm_session))
        .route("/assets/{file}", get(asset))
        .route("/logo/{sha256}", get(docs::logo))
        .route("/brand/{company}/{sha256}", get(docs::brand_logo))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(64 * 1024))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::security_headers,
        ))
        .with_state(state)
}

async fn asset(Path(file): Path<String>) -> Response {
    assets::serve(&file)
}

async fn not_found(State(state): State<WebState>) -> Response {
    WebError::NotFound.page(Locale::En, &home(&state))
}

/// The statement page: the prefix itself (`/portal`; a nested router's `/` matches the
/// prefix without a trailing slash), or `/` at the root.
pub(crate) fn home(state: &WebState) -> String {
    match prefix(state) {
        "" => "/".to_owned(),
        p => p.to_owned(),
    }
}

fn prefix(state: &WebState) -> &str {
    state.config.portal_prefix.trim_end_matches('/')
}

/// An error page in the signed-in client's language.
pub(crate) struct Fail {
    error: WebError,
    locale: Locale,
    home: String,
}

impl IntoResponse for Fail {
    fn into_response(self) -> Response {
        self.error.page(self.locale, &self.home)
    }
}

/// A signed-in contact: the session's context, its token (binds CSRF tokens) and what every
/// page shows of the company and the client.
pub(crate) struct Portal {
    pub ctx: PortalCtx,
    pub csrf: String,
    pub state: WebState,
}

impl FromRequestParts<WebState> for Portal {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &WebState) -> Result<Self, Response> {
        let name = cookie_name(&state.config, SESSION_COOKIE);
        let Some(token) = read_cookie(&parts.headers, &name).map(str::to_owned) else {
            return Err(to_signin(parts, state, false));
        };
        match state.crm.portal_session(&token).await {
            Ok(ctx) => Ok(Portal {
                ctx,
                csrf: csrf_token(&state.config.secret, CSRF_PURPOSE, &token),
                state: state.clone(),
            }),
            Err(CoreError::SessionInvalid) => {
                let mut r = to_signin(parts, state, true);
                r.headers_mut().append(
                    header::SET_COOKIE,
                    clear_cookie(&state.config, SESSION_COOKIE),
                );
                Err(r)
            }
            Err(e) => Err(WebError::from(e).page(Locale::En, &home(state))),
        }
    }
}

/// Redirect to the sign-in page, remembering a GET's page as `next`.
fn to_signin(parts: &Parts, state: &WebState, expired: bool) -> Response {
    let mut url = format!("{}/login", prefix(state));
    let mut sep = '?';
    if expired {
        url.push_str("?expired=1");
        sep = '&';
    }
    if parts.method == Method::GET {
        let original = parts
            .extensions
            .get::<OriginalUri>()
            .map_or_else(|| parts.uri.clone(), |o| o.0.clone());
        let next = original
            .path_and_query()
            .map_or("/", axum::http::uri::PathAndQuery::as_str);
        if let Some(next) = security::safe_next(next, prefix(state)) {
            url.push(sep);
            url.push_str("next=");
            url.push_str(&encode(&next));
        }
    }
    Redirect::to(&url).into_response()
}

impl Portal {
    /// Error page in `locale`.
    pub fn fail(&self, error: impl Into<WebError>, locale: Locale) -> Fail {
        Fail {
            error: error.into(),
            locale,
            home: home(&self.state),
        }
    }

    /// A core error as an error page in `locale` (field messages in that language).
    pub fn core(&self, e: CoreError, locale: Locale) -> Fail {
        self.fail(WebError::from_core(e, locale), locale)
    }

    /// The company and the client (locale, brand).
    pub async fn parties(&self) -> Result<(Company, crm_core::domain::Client), Fail> {
        self.state
            .crm
            .portal_parties(&self.ctx)
            .await
            .map_err(|e| self.core(e, Locale::En))
    }

    /// Checks a POST: same origin and the session's CSRF token.
    pub fn check_post(
        &self,
        headers: &HeaderMap,
        form: &FormData,
        locale: Locale,
    ) -> Result<(), Fail> {
        check_same_origin(headers, &self.state.config, false)
            .map_err(|_| self.fail(WebError::Forbidden("origin"), locale))?;
        let ok = form.get("csrf").is_some_and(|given| {
            let name = cookie_name(&self.state.config, SESSION_COOKIE);
            read_cookie(headers, &name).is_some_and(|token| {
                verify_csrf(&self.state.config.secret, CSRF_PURPOSE, token, given)
            })
        });
        if ok {
            Ok(())
        } else {
            Err(self.fail(WebError::Forbidden("csrf"), locale))
        }
    }

    /// The layout of a signed-in page titled `title`, navigation entry `active`.
    pub fn layout(
        &self,
        title: String,
        active: &'static str,
        company: &Company,
        locale: Locale,
        flash: Option<Flash>,
    ) -> Layout {
        layout(
            &self.state,
            PageBase {
                title,
                brand: &company.name,
                locale,
                nav: true,
                active,
                csrf: &self.csrf,
                flash,
                logo: company.settings.logo.as_ref(),
            },
        )
    }

    /// Unless the session was confirmed by a POST, the "confirm it is you" page (returning to
    /// `next`, a portal path) instead of an action on the client's behalf: a bare GET of a
    /// document link (a scanner, a preview, a forwarded email) opens a read-and-pay session.
    pub async fn require_confirmed(&self, next: &str) -> Result<Option<Response>, Fail> {
        if self.ctx.confirmed {
            return Ok(None);
        }
        let (company, client) = self.parties().await?;
        let l = client.locale;
        let args = [("client", crm_core::i18n::Arg::from(client.name.as_str()))];
        let layout = self.layout(
            crate::html::i18n::text("confirm.title", l)
                .unwrap_or_default()
                .to_owned(),
            "",
            &company,
            l,
            None,
        );
        let next = format!("{}{next}", prefix(&self.state));
        let mut r = self.render(
            &views::ConfirmSessionPage {
                l: &layout,
                t: crate::html::Tr(l),
                body: crate::html::i18n::text_args("confirm.body", l, &args),
                submit: crate::html::i18n::text_args("confirm.submit", l, &args),
                next: &next,
            },
            l,
        )?;
        *r.status_mut() = axum::http::StatusCode::FORBIDDEN;
        Ok(Some(r))
    }

    /// `page` as a response; a template failure as the error page in `locale`.
    pub fn render(&self, page: &impl askama::Template, locale: Locale) -> Result<Response, Fail> {
        html::respond(page).map_err(|e| self.fail(e, locale))
    }
}

/// What the layout needs.
pub(crate) struct PageBase<'a> {
    pub title: String,
    pub brand: &'a str,
    pub locale: Locale,
    pub nav: bool,
    pub active: &'static str,
    pub csrf: &'a str,
    pub flash: Option<Flash>,
    /// The company's logo (signed-in pages: the session's company).
    pub logo: Option<&'a LogoRef>,
}

/// The layout of a portal page.
pub(crate) fn layout(state: &WebState, base: PageBase<'_>) -> Layout {
    let p = prefix(state);
    Layout {
        lang: lang(base.locale),
        title: base.title,
        brand: base.brand.to_owned(),
        brand_initial: html::initial(base.brand),
        css: format!("{p}/assets/{}", assets::css_file()),
        home: home(state),
        prefix: p.to_owned(),
        nav: base.nav,
        active: base.active,
        csrf: base.csrf.to_owned(),
        flash: base.flash,
        // Keyed by its hash, so the route can let browsers keep it for a year.
        logo: base.logo.map(|r| format!("{p}/logo/{}", r.sha256)),
    }
}

/// A decoded `application/x-www-form-urlencoded` body, keeping repeated keys.
pub(crate) struct FormData(Vec<(String, String)>);

impl FormData {
    /// Parses a body; undecodable parts are dropped.
    pub fn parse(body: &Bytes) -> Self {
        let text = String::from_utf8_lossy(body);
        Self(
            text.split('&')
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (k, v) = p.split_once('=').unwrap_or((p, ""));
                    (decode(k), decode(v))
                })
                .collect(),
        )
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Percent-decoding of a form value (`+` is a space).
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                match std::str::from_utf8(&b[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    Some(v) => {
                        out.push(v);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encoding of a query value.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Counts one event against `limit` for `key`; 429 when used up.
///
/// The counters live in the database (`Crm::throttle`), so every app instance behind a load
/// balancer counts against the same limit.
pub(crate) async fn throttle(
    state: &WebState,
    key: &str,
    limit: RateLimit,
) -> Result<(), WebError> {
    state
        .crm
        .throttle(key, limit.limit, limit.window)
        .await
        .map_err(|e| WebError::from_core(e, Locale::En))
}

/// A file download (no caching: documents are private).
pub(crate) fn attachment(content_type: &'static str, filename: &str, body: Vec<u8>) -> Response {
    let disposition = crate::security::content_disposition("attachment", filename);
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, disposition),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        body,
    )
        .into_response()
}

/// A 303 to `location`.
pub(crate) fn see_other(location: &str) -> Response {
    Redirect::to(location).into_response()
}

/// The client IP as a rate-limit key part.
pub(crate) fn ip_key(ip: ClientIp) -> String {
    crate::proxies::rate_key(ip.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_decoding() {
        let f = FormData::parse(&Bytes::from_static(b"a=1&ids=x&ids=y&t=%C3%A4+b%2&e"));
        assert_eq!(f.get("a"), Some("1"));
        assert_eq!(f.all("ids").collect::<Vec<_>>(), ["x", "y"]);
        assert_eq!(f.get("t"), Some("ä b%2"));
        assert_eq!(f.get("e"), Some(""));
        assert_eq!(
            encode("/portal/x?a=1&b=ä"),
            "/portal/x%3Fa%3D1%26b%3D%C3%A4"
        );
    }
}
