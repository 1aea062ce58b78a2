//! `POST /webhooks/stripe`: Stripe's deliveries, verified and applied by `crm-pay-stripe`.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use crm_core::Crm;
use crm_core::ports::PaymentGateway;

/// Stripe events are small; anything bigger is not from Stripe.
const MAX_EVENT_BYTES: usize = 256 * 1024;

#[derive(Clone)]
struct WebhookState {
    crm: Crm,
    gateway: Arc<dyn PaymentGateway>,
    expect_live: bool,
}

/// The webhook endpoint as a router with one route, `POST /` — mount it where the URL
/// registered at Stripe points (the example server: `/webhooks/stripe`). `expect_live` is
/// whether events must be live-mode (a live key): a test-mode event against a live account is
/// ignored, not applied.
pub fn webhook_router(crm: Crm, gateway: Arc<dyn PaymentGateway>, expect_live: bool) -> Router {
    Router::new()
        .route("/", post(receive))
        .layer(DefaultBodyLimit::max(MAX_EVENT_BYTES))
        .with_state(WebhookState {
            crm,
            gateway,
            expect_live,
        })
}

async fn receive(
    State(s): State<WebhookState>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, &'static str) {
    let signature = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok());
    let r =
        crm_pay_stripe::handle_webhook(&s.crm, s.gateway.as_ref(), s.expect_live, &body, signature)
            .await;
    match r.status {
        200 => {
            tracing::info!(outcome = %r.message, "stripe webhook applied");
            (StatusCode::OK, "ok")
        }
        400 => {
            tracing::warn!(reason = %r.message, "stripe webhook refused");
            (StatusCode::BAD_REQUEST, "refused")
        }
        _ => {
            // Stripe retries on 5xx: nothing was written, the next delivery may succeed.
            tracing::error!(error = %r.message, "stripe webhook failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "failed")
        }
    }
}
