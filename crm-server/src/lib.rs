//! # crm-server
//!
//! The whole CRM as one application, for the example server (`cargo run --release --example
//! server`) and for tests that want the real thing in process: [`Config`] (environment +
//! TOML) → adapters (SQLite or PostgreSQL, SMTP or the development mailbox, Stripe or none) →
//! first-run set-up and the optional demo seed → every router of `crm-web-axum` under its
//! prefix, health checks → the outbox worker, with one graceful shutdown for both.
//!
//! ```text
//! let app = App::build(Config::from_env()?).await?;   // binds, migrates, sets up
//! println!("listening on {}", app.local_addr());       // port 0 → the port it got
//! app.run_until(shutdown_signal()).await?;              // serves + outbox worker
//! ```
//!
//! Tests: `App::build` with `bind = 127.0.0.1:0`, then [`App::spawn`] and
//! [`Running::shutdown`], or [`App::router`] for `oneshot` requests.
//!
//! Why a crate of its own and not a module of `crm-web-axum`: the wiring needs every adapter
//! (sqlx, lettre, async-stripe), while `crm-web-axum` stays an HTTP adapter that depends on
//! the core only (Stripe and the mailbox behind its features). The facade `crm` does not
//! re-export this crate: its features stay one adapter each, and an embedding host wires
//! the pieces itself (`examples/embed.rs`), taking this crate as the worked example.

mod app;
pub mod bootstrap;
pub mod config;
pub mod demo;
pub mod limits;
mod routes;

pub use app::{App, BuildError, Running};
pub use bootstrap::Setup;
pub use config::{Config, ConfigError, Secret};
pub use limits::Limits;

/// Resolves on Ctrl-C or (on Unix) SIGTERM: the signal a server process stops on.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
