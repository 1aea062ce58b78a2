//! Stripe tests: a local HTTP stand-in for Stripe's API, and webhook payloads shaped like
//! Stripe's documented event objects, signed as Stripe signs them.

mod standin;

mod checkout;
mod refunds;
mod sessions;
mod timestamps;
mod webhooks;
