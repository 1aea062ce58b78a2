//! # crm
//!
//! The embeddable clients module of an invoicing application: client profiles, a 360° client
//! dashboard, per-client email templates and a secure client portal.
//!
//! This facade re-exports [`crm_core`] (always) and one adapter per feature:
//! `sqlite`, `postgres` (`crm-storage-sqlx`), `smtp` (`crm-mail-lettre`), `stripe`
//! (`crm-pay-stripe`) and `web` (`crm-web-axum`).

pub use crm_core as core;
pub use crm_core::{Crm, CrmConfig, Ctx, Error, domain, ports, render, service};

#[cfg(feature = "smtp")]
pub use crm_mail_lettre as mail;
#[cfg(feature = "stripe")]
pub use crm_pay_stripe as stripe;
#[cfg(any(feature = "sqlite", feature = "postgres"))]
pub use crm_storage_sqlx as storage;
#[cfg(feature = "web")]
pub use crm_web_axum as web;
