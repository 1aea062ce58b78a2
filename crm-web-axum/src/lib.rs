//! axum routers (admin UI, JSON API, client portal, webhooks) for `crm-core`. Not yet implemented.

pub mod api;
pub use api::{ApiState, api_router};
