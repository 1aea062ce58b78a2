//! # crm-mail-lettre
//!
//! Email for `crm`: an SMTP [`Mailer`](crm_core::ports::Mailer) on lettre's async transport
//! with a connection pool (TLS via rustls: none, STARTTLS or implicit TLS; optional AUTH;
//! configured from one URL), a development mailbox that keeps `.eml` files, and the
//! [`OutboxWorker`] that drains the transactional outbox with retries.
//!
//! ```no_run
//! # use std::sync::Arc;
//! # async fn demo(store: Arc<dyn crm_core::ports::Store>, renderer: Arc<dyn crm_core::ports::DocumentRenderer>) -> Result<(), Box<dyn std::error::Error>> {
//! use crm_mail_lettre::{OutboxWorker, SmtpConfig, SmtpMailer, WorkerConfig};
//! let mailer = SmtpMailer::new(&SmtpConfig::from_url("smtp://user:pass@mail.example.com?tls=starttls")?)?;
//! let worker = OutboxWorker::new(store, Arc::new(mailer), renderer, WorkerConfig::default());
//! worker.run_until(async { let _ = tokio::signal::ctrl_c().await; }).await;
//! # Ok(()) }
//! ```

mod config;
mod dev;
mod message;
mod smtp;
mod worker;

pub use config::{ConfigError, Secret, SmtpConfig, TlsMode};
pub use dev::{DevMail, DevMailbox};
pub use message::{BuildError, build as build_message};
pub use smtp::{SetupError, SmtpMailer};
pub use worker::{OutboxWorker, Pass, WorkerConfig};
