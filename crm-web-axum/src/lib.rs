//! # crm-web-axum
//!
//! axum routers for `crm-core`: the client portal ([`portal_router`]), and the shared web
//! foundation the other routers build on — state ([`state`]), pages ([`html`]), browser
//! security ([`security`]) and the error type ([`error`]).
//!
//! Every router is a function of a [`WebState`] returning an `axum::Router`, mountable under
//! any prefix of a host application (tell [`WebConfig`] the prefix, for links).

pub mod error;
pub mod html;
pub mod portal;
pub mod security;
pub mod state;

pub use error::WebError;
pub use portal::portal_router;
pub use state::{RateLimit, WebConfig, WebSecret, WebState};
