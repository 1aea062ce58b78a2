//! # crm-pay-stripe
//!
//! Stripe for `crm`: the [`PaymentGateway`](crm_core::ports::PaymentGateway) on Stripe
//! Checkout (async-stripe), webhook signatures verified over the raw bytes (HMAC-SHA256,
//! constant time, several secrets for rotation, 300 s tolerance), and a framework-agnostic
//! [`handle_webhook`] that a web layer mounts at `/webhooks/stripe`.

pub mod amounts;
mod events;
mod gateway;
pub mod signature;
mod webhook;

pub use events::translate;
pub use gateway::{Secret, SetupError, StripeConfig, StripeGateway};
pub use webhook::{WebhookResponse, handle_webhook};
