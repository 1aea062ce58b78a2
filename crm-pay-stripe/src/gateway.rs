//! The [`PaymentGateway`] on Stripe: Checkout Sessions with async-stripe, webhooks verified
//! by hand (see [`crate::signature`]).

use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use crm_core::ports::{
    CheckoutRequest, CheckoutSession, Clock, GatewayError, GatewayRefund, PaymentEvent,
    PaymentGateway, RefundRequest,
};
use stripe::{Client, ClientBuilder, IdempotencyKey, RequestStrategy, StripeRequest};
use stripe_checkout::checkout_session::{
    CreateCheckoutSession, CreateCheckoutSessionLineItems, CreateCheckoutSessionLineItemsPriceData,
    CreateCheckoutSessionPaymentIntentData, ProductData, RetrieveCheckoutSession,
};

use crate::events;
use crate::signature;

/// A secret that never prints.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl AsRef<str> for Secret {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Stripe settings.
#[derive(Debug, Clone)]
pub struct StripeConfig {
    /// Secret API key (`sk_live_…` or `sk_test_…`; the prefix says which mode events must be).
    pub secret_key: Secret,
    /// Webhook signing secrets; several while rotating.
    pub webhook_secrets: Vec<Secret>,
    /// API base URL (`CRM_STRIPE_API_BASE`, for a local stand-in); Stripe's own when `None`.
    pub api_base: Option<String>,
    /// Accepted age of a webhook signature (Stripe's default: 300 s).
    pub tolerance: Duration,
}

impl StripeConfig {
    /// Whether the key is a live-mode key.
    pub fn livemode(&self) -> bool {
        let k = self.secret_key.as_ref();
        k.starts_with("sk_live_") || k.starts_with("rk_live_")
    }
}

/// Why the gateway could not be set up.
#[derive(Debug, thiserror::Error)]
#[error("cannot set up Stripe: {0}")]
pub struct SetupError(String);

/// Stripe Checkout + webhooks.
pub struct StripeGateway {
    client: Client,
    config: StripeConfig,
    clock: std::sync::Arc<dyn Clock>,
}

impl std::fmt::Debug for StripeGateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StripeGateway")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl StripeGateway {
    /// A gateway for `config`, judging signature age by `clock`.
    pub fn new(config: StripeConfig, clock: std::sync::Arc<dyn Clock>) -> Result<Self, SetupError> {
        let mut builder = ClientBuilder::new(config.secret_key.as_ref());
        if let Some(base) = &config.api_base {
            // async-stripe joins paths onto the base: it must end with a slash.
            let base = if base.ends_with('/') {
                base.clone()
            } else {
                format!("{base}/")
            };
            builder = builder.url(base);
        }
        let client = builder.build().map_err(|e| SetupError(e.to_string()))?;
        Ok(Self {
            client,
            config,
            clock,
        })
    }

    /// The configuration.
    pub fn config(&self) -> &StripeConfig {
        &self.config
    }
}

fn provider(e: impl std::fmt::Display) -> GatewayError {
    GatewayError::Provider(e.to_string())
}

#[async_trait]
impl PaymentGateway for StripeGateway {
    async fn start_checkout(
        &self,
        request: &CheckoutRequest,
    ) -> Result<CheckoutSession, GatewayError> {
        // Stripe's unit, not ISO's; an amount Stripe cannot charge exactly is refused.
        let minor = crate::amounts::to_stripe(request.amount, request.currency)
            .map_err(|e| GatewayError::Unsupported(e.to_string()))?;
        let currency = stripe_types::Currency::from_str(&request.currency.code().to_lowercase())
            .map_err(|_| GatewayError::Malformed("currency".into()))?;
        let metadata: HashMap<String, String> = [
            ("company_id".to_owned(), request.company_id.to_string()),
            ("client_id".to_owned(), request.client_id.to_string()),
            ("invoice_id".to_owned(), request.invoice_id.to_string()),
        ]
        .into();
        let mut price = CreateCheckoutSessionLineItemsPriceData::new(currency);
        price.unit_amount = Some(minor);
        price.product_data = Some(ProductData::new(format!(
            "Rechnung / Invoice {}",
            request.invoice_number
        )));
        let mut line = CreateCheckoutSessionLineItems::new();
        line.price_data = Some(price);
        line.quantity = Some(1);
        let mut intent = CreateCheckoutSessionPaymentIntentData::new();
        intent.metadata = Some(metadata.clone());
        let key = IdempotencyKey::new(&request.idempotency_key).map_err(provider)?;
        let session = CreateCheckoutSession::new()
            .mode(stripe_shared::CheckoutSessionMode::Payment)
            .line_items(vec![line])
            // The client, checked against the invoice's client when the session comes back.
            .client_reference_id(request.client_id.to_string())
            .customer_email(request.customer_email.clone())
            .metadata(metadata)
            .payment_intent_data(intent)
            .success_url(request.success_url.clone())
            .cancel_url(request.cancel_url.clone())
            .customize()
            .request_strategy(RequestStrategy::Idempotent(key))
            .send(&self.client)
            .await
            .map_err(provider)?;
        Ok(CheckoutSession {
            id: session.id.to_string(),
            url: session
                .url
                .ok_or_else(|| GatewayError::Provider("session without url".into()))?,
        })
    }

    fn verify_event(
        &self,
        payload: &[u8],
        signature_header: &str,
    ) -> Result<PaymentEvent, GatewayError> {
        let tolerance = i64::try_from(self.config.tolerance.as_secs()).unwrap_or(300);
        signature::verify(
            payload,
            signature_header,
            &self.config.webhook_secrets,
            self.clock.now().timestamp(),
            tolerance,
        )
        .map_err(|_| GatewayError::InvalidSignature)?;
        let event: serde_json::Value =
            serde_json::from_slice(payload).map_err(|e| GatewayError::Malformed(e.to_string()))?;
        events::translate(&event)
    }

    async fn confirm_checkout(&self, session_id: &str) -> Result<PaymentEvent, GatewayError> {
        let session = RetrieveCheckoutSession::new(session_id.to_owned())
            .send(&self.client)
            .await
            .map_err(provider)?;
        // Back to JSON: the same translation as for webhook events.
        let json = serde_json::json!({
            "id": session.id.to_string(),
            "metadata": session.metadata,
            "client_reference_id": session.client_reference_id,
            "payment_status": session.payment_status.as_str(),
            "status": session.status.as_ref().map(|s| s.as_str()),
            "currency": session.currency.map(|c| c.to_string()),
            "amount_total": session.amount_total,
            "payment_intent": session.payment_intent.as_ref().map(|p| p.id().to_string()),
        });
        events::session_event(&json, None, session.livemode, false)
    }

    async fn refund(&self, request: &RefundRequest) -> Result<GatewayRefund, GatewayError> {
        /// `POST /v1/refunds`, form-encoded (`metadata[company_id]=…`).
        #[derive(serde::Serialize)]
        struct CreateRefund<'a> {
            payment_intent: &'a str,
            amount: i64,
            metadata: HashMap<&'static str, String>,
        }
        let amount = crate::amounts::to_stripe(request.amount, request.currency)
            .map_err(|e| GatewayError::Unsupported(e.to_string()))?;
        let form = CreateRefund {
            payment_intent: &request.payment_reference,
            amount,
            metadata: [("company_id", request.company_id.to_string())].into(),
        };
        let key = IdempotencyKey::new(&request.idempotency_key).map_err(provider)?;
        let refund: stripe_shared::Refund = stripe_client_core::RequestBuilder::new(
            stripe_client_core::StripeMethod::Post,
            "/refunds",
        )
        .form(&form)
        .customize()
        .request_strategy(RequestStrategy::Idempotent(key))
        .send(&self.client)
        .await
        .map_err(provider)?;
        let status = refund.status.clone().unwrap_or_default();
        // `pending` and `requires_action` still complete at Stripe (its charge.refunded event
        // follows); `failed` and `canceled` returned nothing.
        if matches!(status.as_str(), "failed" | "canceled") {
            return Err(GatewayError::Provider(format!(
                "refund {} {status}: {}",
                refund.id,
                refund.failure_reason.unwrap_or_default()
            )));
        }
        Ok(GatewayRefund {
            id: refund.id.to_string(),
            amount: crate::amounts::from_stripe(refund.amount, request.currency),
            status,
        })
    }

    fn provider(&self) -> &'static str {
        "stripe"
    }
}
