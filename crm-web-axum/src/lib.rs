//! # crm-web-axum
//!
//! axum routers for `crm-core`: the admin UI ([`admin_router`]), the JSON API
//! ([`api_router`]), the client portal
//! (`portal_router`), the Stripe webhook
//! (`webhook_router`, feature `stripe`), and the shared web foundation the other routers build
//! on — state ([`state`]), pages ([`html`]), browser security ([`security`]) and the error
//! type ([`error`]).
//!
//! Every router is a function of a [`WebState`] returning an `axum::Router`, mountable under
//! any prefix of a host application (tell [`WebConfig`] the prefix, for links) with [`mount`].

pub mod admin;
pub mod api;
pub mod error;
pub mod html;
pub mod portal;
pub mod proxies;
pub mod security;
pub mod state;
mod upload;
#[cfg(feature = "stripe")]
mod webhook;

pub use admin::{AdminAuth, AdminOptions, admin_router, admin_router_with};
pub use api::{ApiState, api_router};
pub use error::WebError;
pub use portal::portal_router;
pub use state::{RateLimit, WebConfig, WebSecret, WebState};
#[cfg(feature = "stripe")]
pub use webhook::webhook_router;

/// Mounts one of this crate's routers at `prefix` (`/portal`, `/admin`, `/kunden/portal`) of
/// `host`: `prefix`, `prefix/` and every path below reach it.
///
/// `Router::nest` would leave `prefix/` with the slash to the host's fallback (axum routes
/// it nowhere; a blank 404 for a newcomer who types the slash). Nesting the router as a
/// service answers it like `prefix`.
pub fn mount<S>(host: axum::Router<S>, prefix: &str, router: axum::Router) -> axum::Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    host.nest_service(prefix.trim_end_matches('/'), router)
}
