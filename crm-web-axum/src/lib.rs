//! axum routers (admin UI, JSON API, client portal, webhooks) for `crm-core`. Not yet implemented.
