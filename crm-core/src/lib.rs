//! # crm-core
//!
//! The pure domain of the `crm` clients module: validated value types, entities and their
//! rules ([`domain`]), the ports adapters implement ([`ports`]), the use cases that tie them
//! together ([`service::Crm`]) and the default renderers ([`render`]).
//!
//! This crate depends on no database driver, HTTP framework, SMTP or payment crate; the
//! adapters (`crm-storage-sqlx`, `crm-mail-lettre`, `crm-pay-stripe`, `crm-web-axum`) depend on
//! it, never the other way round.

pub mod domain;
pub mod i18n;
pub mod ports;
pub mod render;
pub mod service;
#[cfg(feature = "testing")]
pub mod testing;

pub use service::{Crm, CrmConfig, Ctx, Error};
