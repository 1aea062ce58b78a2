//! The webhook endpoint without a web framework: raw body and `Stripe-Signature` in, an HTTP
//! status and a typed outcome out.

use crm_core::Crm;
use crm_core::ports::{GatewayError, PaymentGateway};
use crm_core::service::EventOutcome;

/// What to answer Stripe.
#[derive(Debug)]
pub struct WebhookResponse {
    /// 200 when handled (including duplicates and events held for review), 400 when the
    /// signature or payload is bad (nothing changed), 500 when storage failed (Stripe retries).
    pub status: u16,
    /// What happened, when the event was applied.
    pub outcome: Option<EventOutcome>,
    /// A short reason for logs (never a secret).
    pub message: String,
}

/// Verifies and applies one webhook delivery.
pub async fn handle_webhook(
    crm: &Crm,
    gateway: &dyn PaymentGateway,
    expect_live: bool,
    body: &[u8],
    signature: Option<&str>,
) -> WebhookResponse {
    let Some(signature) = signature else {
        return WebhookResponse {
            status: 400,
            outcome: None,
            message: "missing Stripe-Signature".into(),
        };
    };
    let event = match gateway.verify_event(body, signature) {
        Ok(e) => e,
        Err(GatewayError::InvalidSignature) => {
            return WebhookResponse {
                status: 400,
                outcome: None,
                message: "invalid signature".into(),
            };
        }
        Err(e) => {
            return WebhookResponse {
                status: 400,
                outcome: None,
                message: e.to_string(),
            };
        }
    };
    match crm
        .apply_payment_event(gateway.provider(), &event, expect_live)
        .await
    {
        Ok(outcome) => WebhookResponse {
            status: 200,
            // The outcome's summary, not its `Debug`: that holds the whole invoice (the
            // client's name, address, tax ID), and this message is logged.
            message: outcome.to_string(),
            outcome: Some(outcome),
        },
        Err(e) => WebhookResponse {
            status: 500,
            outcome: None,
            message: e.to_string(),
        },
    }
}
