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
//! any prefix of a host application (tell [`WebConfig`] the prefix, for links).

pub mod admin;
pub mod api;
pub mod error;
pub mod html;
pub mod portal;
pub mod security;
pub mod state;
#[cfg(feature = "stripe")]
mod webhook;

pub use admin::{AdminAuth, AdminOptions, admin_router, admin_router_with};
pub use api::{ApiState, api_router};
pub use error::WebError;
pub use portal::portal_router;
pub use state::{RateLimit, WebConfig, WebSecret, WebState};
#[cfg(feature = "stripe")]
pub use webhook::webhook_router;
