//! The application's routes: every router of `crm-web-axum` under its prefix, plus health
//! checks.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::routing::get;
use crm_core::domain::{Actor, CompanyId};
use crm_core::ports::PaymentGateway;
use crm_core::{Crm, Ctx, Error};
use crm_mail_lettre::DevMailbox;
use crm_web_axum::WebState;
use tracing::warn;

/// What the routers are built from.
pub(crate) struct Parts {
    pub web: WebState,
    pub gateway: Option<Arc<dyn PaymentGateway>>,
    pub livemode: bool,
    pub dev_mailbox: Option<Arc<DevMailbox>>,
}

/// The whole application.
pub(crate) fn app(p: Parts) -> Router {
    let api = crm_web_axum::api_router(crm_web_axum::ApiState::from_ref(&p.web));
    let admin = crm_web_axum::admin::admin_router_with(
        p.web.clone(),
        crm_web_axum::admin::AdminOptions {
            mailbox: p.dev_mailbox.clone(),
            ..Default::default()
        },
    );
    // `mount`, not `nest`: `/portal/` and `/admin/` answer like `/portal` and `/admin`.
    let app = Router::new().merge(api);
    let app = crm_web_axum::mount(app, "/portal", crm_web_axum::portal_router(p.web.clone()));
    let mut app = crm_web_axum::mount(app, "/admin", admin)
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(ready).with_state(p.web.crm.clone()))
        .route(
            "/",
            get(|| async { axum::response::Redirect::to("/admin") }),
        );
    if let Some(gw) = p.gateway.clone() {
        app = app.nest(
            "/webhooks/stripe",
            crm_web_axum::webhook_router(p.web.crm.clone(), gw, p.livemode),
        );
    }
    app
}

/// Ready when the database answers: a point read of a company that does not exist.
async fn ready(State(crm): State<Crm>) -> (StatusCode, &'static str) {
    let probe = Ctx::new(CompanyId::from_uuid(uuid::Uuid::nil()), Actor::System);
    match tokio::time::timeout(Duration::from_secs(2), crm.company(&probe)).await {
        Ok(Ok(_) | Err(Error::NotFound(_))) => (StatusCode::OK, "ready"),
        Ok(Err(e)) => {
            warn!(error = %e, "readiness: database error");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database timeout"),
    }
}
