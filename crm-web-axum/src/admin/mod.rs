//! The admin UI for staff: server-rendered HTML, no scripts.
//!
//! [`admin_router`] serves the whole UI under whatever path the host mounts it at (tell
//! [`WebConfig::admin_prefix`](crate::WebConfig::admin_prefix), default `/admin`, so links and
//! redirects point there):
//!
//! - `login`, `logout` — password sign-in (argon2id, in the core), a fresh database session
//!   at every sign-in in cookie `__Host-crm_admin` (`crm_admin` without https; HttpOnly,
//!   SameSite=Lax), rate limits per client IP and per email address
//!   ([`Crm::throttle`](crm_core::Crm::throttle)).
//! - `clients` — list (search, archived filter, cursor paging), create and edit with contacts,
//!   archive and restore; `clients/{id}` — the 360° view: figures, a server-rendered SVG chart
//!   of the last 12 months, the standing indicator, tabs for invoices, quotes, activity,
//!   tickets and the client's email templates (live preview by a plain submit button), portal
//!   actions.
//! - `invoices/…`, `quotes/…` — create with line items, issue, send, record a payment,
//!   cancel, PDF; send, approve/reject and convert quotes.
//! - `tickets` — the inbox across clients (awaiting staff first), thread, reply, close.
//! - `dunning` — the overdue invoices across clients with the level each reached and the
//!   level due today (the dry run), "run dunning now"; `reminders/{id}/pdf` — a reminder's
//!   frozen PDF; `settings/dunning` — levels, fees, interest, base rates, number format.
//! - `settings` — the company's profile, numbering, terms, paper size and bank details, its
//!   bank account (IBAN checked; the GiroCode on invoices pays into it) and its global email
//!   templates; `settings/team` — staff users (add, disable, enable) and API
//!   tokens (create — the raw token is shown once —, revoke).
//! - `account` — the signed-in staff member's own password (with [`AdminAuth::Host`] the
//!   page says that the host manages accounts).
//! - `mailbox` — the development mailbox (feature `devmail`, when [`AdminOptions::mailbox`]
//!   is set).
//!
//! # Security
//! Every POST passes the same-origin check
//! ([`check_same_origin`](crate::security::check_same_origin)) and a CSRF token bound to
//! the session (`HMAC(secret, "admin" ‖ session token)`), verified in one middleware before
//! any handler runs. Records are always read through the signed-in staff member's company,
//! so another company's ids are simply "not found" (404).
//!
//! # Language
//! The UI speaks the company's language (`Company::locale`, changed in the settings); the
//! sign-in page, where no company is known yet, follows the browser's `Accept-Language`.
//!
//! # Bringing your own authentication
//! A host application with its own users builds the router with [`AdminAuth::Host`] and
//! puts a [`Ctx`](crm_core::Ctx) (company and acting staff member) into the request's extensions in its
//! own middleware, in front of the router:
//!
//! ```rust,ignore
//! use axum::{Router, middleware};
//! use crm_web_axum::admin::{AdminAuth, AdminOptions, admin_router_with};
//!
//! async fn my_auth(mut req: axum::extract::Request, next: middleware::Next) -> axum::response::Response {
//!     // … look up the host's own session …
//!     req.extensions_mut().insert(crm_core::Ctx::new(company_id, crm_core::domain::Actor::staff("Erika")));
//!     next.run(req).await
//! }
//!
//! let options = AdminOptions { auth: AdminAuth::Host, ..AdminOptions::default() };
//! let app = Router::new()
//!     .nest("/admin", admin_router_with(state, options))
//!     .layer(middleware::from_fn(my_auth));
//! ```
//!
//! Requests without a `Ctx` then get 401; the login and logout routes do not exist (the host
//! has its own). CSRF tokens are bound to a random per-browser cookie (`crm_admin_csrf`)
//! instead of the session, and the same-origin check stays.

mod account;
mod auth;
mod bank;
mod chart;
mod client_dunning;
mod client_page;
mod clients;
mod corrections;
mod document_form;
mod documents;
mod dunning;
mod dunning_levels;
mod dunning_settings;
mod form;
pub(crate) mod i18n;
mod invoices;
mod legal;
mod logo;
#[cfg(feature = "devmail")]
mod mailbox;
mod settings;
mod team;
mod tickets;
mod view;

use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::Duration;
use sha2::{Digest, Sha256};

use crate::WebError;
use crate::html::assets;
use crate::state::{RateLimit, WebState};

/// Where the admin UI's users come from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AdminAuth {
    /// Staff users of the core with passwords; sessions in the database (the default).
    #[default]
    Password,
    /// The host application authenticates and inserts a [`Ctx`](crm_core::Ctx) into each request's
    /// extensions (see the module docs).
    Host,
}

/// Options of the admin router besides the shared [`WebState`].
#[derive(Debug, Clone)]
pub struct AdminOptions {
    /// Who signs staff in.
    pub auth: AdminAuth,
    /// Sign-in attempts per client IP.
    pub login_per_ip: RateLimit,
    /// Sign-in attempts per email address from one client IP. Keyed by both, so nobody can
    /// lock a staff member out just by knowing their address.
    pub login_per_email: RateLimit,
    /// Sign-in attempts per email address from all IPs together: a looser cap that slows
    /// guessing one account's password from many addresses.
    pub login_per_account: RateLimit,
    /// The development mailbox to show (set when no SMTP server is configured).
    #[cfg(feature = "devmail")]
    pub mailbox: Option<Arc<crm_mail_lettre::DevMailbox>>,
}

impl Default for AdminOptions {
    fn default() -> Self {
        Self {
            auth: AdminAuth::Password,
            login_per_ip: RateLimit {
                limit: 30,
                window: Duration::minutes(15),
            },
            login_per_email: RateLimit {
                limit: 10,
                window: Duration::minutes(15),
            },
            login_per_account: RateLimit {
                limit: 100,
                window: Duration::minutes(15),
            },
            #[cfg(feature = "devmail")]
            mailbox: None,
        }
    }
}

/// The state of the admin handlers.
#[derive(Clone)]
pub(crate) struct AdminApp {
    pub(crate) web: WebState,
    pub(crate) options: Arc<AdminOptions>,
}

impl axum::extract::FromRef<AdminApp> for WebState {
    fn from_ref(app: &AdminApp) -> Self {
        app.web.clone()
    }
}

impl AdminApp {
    /// The path prefix of every link (`/admin`).
    pub(crate) fn prefix(&self) -> &str {
        self.web.config.admin_prefix.trim_end_matches('/')
    }

    /// Whether the mailbox page exists.
    pub(crate) fn has_mailbox(&self) -> bool {
        #[cfg(feature = "devmail")]
        {
            self.options.mailbox.is_some()
        }
        #[cfg(not(feature = "devmail"))]
        {
            false
        }
    }
}

/// The admin UI with password sign-in (see the module docs); mount it at
/// [`WebConfig::admin_prefix`](crate::WebConfig::admin_prefix).
pub fn admin_router(state: WebState) -> Router {
    admin_router_with(state, AdminOptions::default())
}

/// The admin UI with `options` (host authentication, development mailbox, rate limits).
pub fn admin_router_with(state: WebState, options: AdminOptions) -> Router {
    let app = AdminApp {
        web: state,
        options: Arc::new(options),
    };
    let protected = Router::new()
        .route("/", get(home))
        .merge(clients::routes())
        .merge(client_dunning::routes())
        .merge(documents::routes())
        .merge(corrections::routes())
        .merge(invoices::routes())
        .merge(tickets::routes())
        .merge(dunning::routes())
        .merge(dunning_settings::routes())
        .merge(settings::routes())
        .merge(bank::routes())
        .merge(logo::routes())
        .merge(team::routes())
        .merge(account::routes());
    #[cfg(feature = "devmail")]
    let protected = protected.merge(mailbox::routes());
    let mut protected = protected.route_layer(middleware::from_fn_with_state(
        app.clone(),
        auth::require_staff,
    ));
    if app.options.auth == AdminAuth::Password {
        protected = protected.route(
            "/logout",
            post(auth::logout).route_layer(middleware::from_fn_with_state(
                app.clone(),
                auth::require_staff,
            )),
        );
    }
    let mut router = Router::new()
        .merge(protected)
        .route("/assets/{file}", get(asset));
    if app.options.auth == AdminAuth::Password {
        router = router.route("/login", get(auth::login_page).post(auth::login));
    }
    router
        .layer(axum::extract::DefaultBodyLimit::max(2 * 1024 * 1024))
        .layer(middleware::from_fn_with_state(
            app.web.clone(),
            crate::security::security_headers,
        ))
        .with_state(app)
}

async fn home(State(app): State<AdminApp>) -> Redirect {
    Redirect::to(&format!("{}/clients", app.prefix()))
}

/// The admin-only stylesheet (added after the shared one).
const ADMIN_CSS: &str = include_str!("../../assets/admin.css");

/// File name of the admin stylesheet, with a content hash like the shared one.
pub(crate) fn admin_css_file() -> &'static str {
    static NAME: OnceLock<String> = OnceLock::new();
    NAME.get_or_init(|| {
        let digest = Sha256::digest(ADMIN_CSS.as_bytes());
        let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
        format!("admin-{hex}.css")
    })
}

async fn asset(Path(file): Path<String>) -> Response {
    if file == admin_css_file() {
        return (
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
            ADMIN_CSS,
        )
            .into_response();
    }
    assets::serve(&file)
}

/// A failed admin request: rendered as a page in the staff member's language by the
/// middleware (which knows the language), from the marker this leaves in the response.
#[derive(Debug)]
pub(crate) struct Fail(pub(crate) WebError);

/// What [`Fail`] leaves in the response for the middleware.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FailMarker {
    pub(crate) status: StatusCode,
    pub(crate) retry_after_secs: Option<u64>,
}

impl From<WebError> for Fail {
    fn from(e: WebError) -> Self {
        Self(e)
    }
}

impl From<crm_core::service::Error> for Fail {
    fn from(e: crm_core::service::Error) -> Self {
        Self(WebError::from(e))
    }
}

impl IntoResponse for Fail {
    fn into_response(self) -> Response {
        let status = self.0.status();
        if status.is_server_error() {
            tracing::error!(error = %self.0, "admin request failed");
        }
        let retry_after_secs = match self.0 {
            WebError::RateLimited { retry_after_secs } => Some(retry_after_secs),
            _ => None,
        };
        let mut response = status.into_response();
        response.extensions_mut().insert(FailMarker {
            status,
            retry_after_secs,
        });
        response
    }
}

/// The result of an admin handler.
pub(crate) type AResult = Result<Response, Fail>;

/// A `303 See Other` to `location`.
pub(crate) fn see_other(location: &str) -> Response {
    Redirect::to(location).into_response()
}
