//! The integration tests of `crm-web-axum`, one binary (one link) with a module per area:
//! the admin UI, the JSON API and the portal in process (`oneshot`), the admin UI and the
//! portal in a real browser, the HTML part of an email in a real browser, and schemathesis
//! against the served API.

// Test helpers unwrap freely: a failure is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod admin;
mod admin_browser;
mod api;
mod forged_host;
mod link_boundaries;
mod mail_browser;
mod portal;
mod portal_browser;
mod portal_logo;
mod schemathesis;

// The Stripe stand-in of crm-pay-stripe's tests (the portal browser test pays through it).
#[path = "../../../crm-pay-stripe/tests/it/standin.rs"]
mod standin;
// The portal's helpers (a portal over a fresh SQLite file, sign-in, one-shot requests).
#[path = "../support/mod.rs"]
mod support;
