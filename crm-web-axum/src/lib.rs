//! axum routers (admin UI, JSON API, client portal, webhooks) for `crm-core`.

#[cfg(feature = "stripe")]
mod webhook;

#[cfg(feature = "stripe")]
pub use webhook::webhook_router;
