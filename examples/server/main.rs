//! `cargo run --release --example server` — the whole CRM and client portal on the embedded
//! default (SQLite under `crm-data/`), or on PostgreSQL with `CRM_DATABASE_URL=postgres://…`
//! for any number of instances behind a load balancer.
//!
//! Configuration: environment variables (`CRM_*`), optionally a TOML file (`CRM_CONFIG`); see
//! the README's configuration table. The first run creates the company, the first admin and an
//! API token and prints the generated credentials once. `CRM_DEMO=1` seeds a demo company.
//!
//! Routes: `/admin` (staff UI), `/api/v1` (JSON API), `/portal` (clients), `/webhooks/stripe`,
//! `/healthz`, `/readyz`. Ctrl-C or SIGTERM: stop accepting, finish in-flight requests, let the
//! outbox worker finish its pass, exit.

mod bootstrap;
mod config;
mod demo;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::routing::get;
use crm_core::ports::{Clock, DocumentRenderer, Mailer, PaymentGateway, Store, SystemClock};
use crm_core::render::PdfRenderer;
use crm_core::{Crm, CrmConfig};
use crm_mail_lettre::{DevMailbox, OutboxWorker, SmtpConfig, SmtpMailer, WorkerConfig};
use crm_pay_stripe::{StripeConfig, StripeGateway};
use crm_web_axum::{WebConfig, WebSecret, WebState};
use tokio::sync::watch;
use tracing::{error, info, warn};

use crate::config::Config;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

// The async workers free what SQLite's connection threads allocate (rows); glibc's allocator
// serialises that on its arena locks, mimalloc does not (statement page: +15 % throughput,
// see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    init_tracing(config.log_json);
    if let Err(e) = run(config).await {
        error!(error = %e, "the server stopped with an error");
        std::process::exit(1);
    }
}

fn init_tracing(json: bool) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn run(config: Config) -> Result<(), BoxError> {
    std::fs::create_dir_all(&config.data_dir)?;
    let store = crm_storage_sqlx::open(
        &config.database_url,
        &crm_storage_sqlx::OpenOptions {
            schema: config.database_schema.clone(),
            ..Default::default()
        },
    )
    .await?;
    info!(database = %redact_url(&config.database_url), "storage ready, migrations applied");

    let crm_config = CrmConfig {
        base_url: config.base_url.clone(),
        ..CrmConfig::default()
    };
    let crm = Crm::new(store.clone(), crm_config.clone());
    let setup = bootstrap::run(&crm, &config, crm_config).await?;
    info!(company = %setup.company.name, admin = %setup.admin.email.as_str(), "company ready");

    // Mail: SMTP when configured, else the development mailbox.
    let (mailer, dev_mailbox): (Arc<dyn Mailer>, Option<Arc<DevMailbox>>) = match &config.smtp_url {
        Some(url) => {
            let smtp = SmtpConfig::from_url(&url.0)?;
            info!(host = %smtp.host, port = smtp.port, "mail: SMTP");
            (Arc::new(SmtpMailer::new(&smtp)?), None)
        }
        None => {
            let dir = config.data_dir.join("mail");
            warn!(
                dir = %dir.display(),
                "mail: no CRM_SMTP_URL set — emails go to the development mailbox (listed in the admin UI), not to recipients"
            );
            let mbox = Arc::new(DevMailbox::new(dir));
            (mbox.clone() as Arc<dyn Mailer>, Some(mbox))
        }
    };

    // Payments: Stripe when a key is set, else "Pay now" is hidden and bank details shown.
    let gateway: Option<Arc<dyn PaymentGateway>> = match &config.stripe_secret_key {
        Some(key) => {
            if config.stripe_webhook_secrets.is_empty() {
                warn!("payments: CRM_STRIPE_WEBHOOK_SECRETS is empty — webhooks will be refused");
            }
            let gw = StripeGateway::new(
                StripeConfig {
                    secret_key: crm_pay_stripe::Secret::new(key.0.clone()),
                    webhook_secrets: config
                        .stripe_webhook_secrets
                        .iter()
                        .map(|s| crm_pay_stripe::Secret::new(s.0.clone()))
                        .collect(),
                    api_base: config.stripe_api_base.clone(),
                    tolerance: Duration::from_secs(300),
                },
                Arc::new(SystemClock) as Arc<dyn Clock>,
            )?;
            info!(
                live = gw.config().livemode(),
                webhook = %format!("{}/webhooks/stripe", config.base_url),
                "payments: Stripe Checkout"
            );
            Some(Arc::new(gw))
        }
        None => {
            warn!(
                "payments: no CRM_STRIPE_SECRET_KEY set — \"Pay now\" is hidden, the portal shows bank details instead"
            );
            None
        }
    };
    let livemode = config
        .stripe_secret_key
        .as_ref()
        .is_some_and(|k| k.0.starts_with("sk_live_") || k.0.starts_with("rk_live_"));

    let renderer: Arc<dyn DocumentRenderer> = Arc::new(PdfRenderer::new()?);
    // Signed in one instance, checked in another: the CSRF key is shared through the database.
    let secret = WebSecret::shared(&crm).await?;
    let mut web_config = WebConfig::new(config.base_url.clone());
    web_config.secure_cookies = config.secure_cookies;
    web_config.trust_proxy = config.trust_proxy;
    web_config.portal_company = Some(setup.company.id);
    web_config.payments_live = livemode;
    web_config.secret = secret;
    let mut web = WebState::new(crm.clone(), web_config)?.with_renderer(renderer.clone());
    if let Some(gw) = gateway.clone() {
        web = web.with_gateway(gw);
    }
    let app = routes::app(routes::Parts {
        web,
        store: store.clone(),
        gateway,
        livemode,
        dev_mailbox,
    });

    // Shutdown: one signal, observed by the HTTP server and the outbox worker.
    let (stop_tx, stop_rx) = watch::channel(false);
    tokio::spawn(async move {
        shutdown_signal().await;
        info!("shutdown requested: finishing in-flight requests and the outbox pass");
        let _ = stop_tx.send(true);
    });

    let worker = if config.outbox_workers {
        let worker = OutboxWorker::new(
            store.clone(),
            mailer,
            renderer,
            WorkerConfig {
                from_email: config.mail_from.clone(),
                poll_interval: Duration::from_millis(500),
                ..WorkerConfig::default()
            },
        );
        let rx = stop_rx.clone();
        Some(tokio::spawn(async move {
            worker.run_until(stopped(rx)).await;
        }))
    } else {
        None
    };

    let listener = tokio::net::TcpListener::bind(config.bind).await?;
    let local = listener.local_addr()?;
    info!(
        admin = %format!("{}/admin", config.base_url),
        portal = %format!("{}/portal", config.base_url),
        api = %format!("{}/api/v1", config.base_url),
        listen = %local,
        "crm is running"
    );
    println!("crm listening on http://{local}");
    println!("  admin UI:  {}/admin", config.base_url);
    println!("  portal:    {}/portal", config.base_url);
    println!(
        "  JSON API:  {}/api/v1 (OpenAPI: /api/v1/openapi.json)",
        config.base_url
    );

    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(stopped(stop_rx))
    .await?;
    if let Some(w) = worker {
        // The worker stops after its current pass (claimed emails are sent or released).
        if tokio::time::timeout(Duration::from_secs(30), w)
            .await
            .is_err()
        {
            warn!("the outbox worker did not finish within 30 s; its leases expire on their own");
        }
    }
    info!("stopped cleanly");
    Ok(())
}

async fn stopped(mut rx: watch::Receiver<bool>) {
    while !*rx.borrow() {
        if rx.changed().await.is_err() {
            return;
        }
    }
}

async fn shutdown_signal() {
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

/// A database URL without its password, for logs.
fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}{}:***{}", &url[..scheme + 3], user, &url[at..])
        }
        _ => url.to_string(),
    }
}

mod routes {
    //! The application: every router of `crm-web-axum` under its prefix, plus health checks.

    use super::*;

    /// What the routers are built from.
    pub struct Parts {
        pub web: WebState,
        pub store: Arc<dyn Store>,
        pub gateway: Option<Arc<dyn PaymentGateway>>,
        pub livemode: bool,
        pub dev_mailbox: Option<Arc<DevMailbox>>,
    }

    /// The whole application.
    pub fn app(p: Parts) -> Router {
        let api = crm_web_axum::api_router(crm_web_axum::ApiState::from_ref(&p.web));
        let mut app = Router::new()
            .merge(api)
            .nest("/portal", crm_web_axum::portal_router(p.web.clone()))
            .nest(
                "/admin",
                crm_web_axum::admin::admin_router_with(
                    p.web.clone(),
                    crm_web_axum::admin::AdminOptions {
                        mailbox: p.dev_mailbox.clone(),
                        ..Default::default()
                    },
                ),
            )
            .route(
                "/portal/",
                get(|| async { axum::response::Redirect::permanent("/portal") }),
            )
            .route("/healthz", get(|| async { "ok" }))
            .route("/readyz", get(ready).with_state(p.store.clone()))
            .route(
                "/",
                get(|| async { axum::response::Redirect::to("/admin") }),
            );
        if let Some(gw) = p.gateway.clone() {
            app = app.nest(
                "/webhooks/stripe",
                crm_web_axum::webhook_router(p.web.crm.clone(), gw, p.livemode),
            );
        }
        app
    }

    /// Ready when the database answers.
    async fn ready(State(store): State<Arc<dyn Store>>) -> (StatusCode, &'static str) {
        let probe = crm_core::domain::CompanyId::from_uuid(uuid::Uuid::nil());
        match tokio::time::timeout(Duration::from_secs(2), store.company(probe)).await {
            Ok(Ok(_)) => (StatusCode::OK, "ready"),
            Ok(Err(e)) => {
                warn!(error = %e, "readiness: database error");
                (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
            }
            Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database timeout"),
        }
    }
}
