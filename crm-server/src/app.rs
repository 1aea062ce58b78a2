//! [`App::build`]: configuration → adapters → set-up → routers, bound to its port; then
//! [`App::run_until`] (or [`App::spawn`]) serves it next to the outbox worker.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use crm_core::ports::{Clock, DocumentRenderer, Mailer, PaymentGateway, RenderError, SystemClock};
use crm_core::render::PdfRenderer;
use crm_core::{Crm, CrmConfig};
use crm_mail_lettre::{DevMailbox, OutboxWorker, SmtpConfig, SmtpMailer, WorkerConfig};
use crm_pay_stripe::{StripeConfig, StripeGateway};
use crm_web_axum::{WebConfig, WebSecret, WebState};
use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;
use tracing::{info, warn};

use crate::bootstrap::{self, Setup};
use crate::config::Config;
use crate::routes;

/// Why the application could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The listen address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The configured address.
        addr: SocketAddr,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The data directory could not be created.
    #[error("cannot create the data directory: {0}")]
    DataDir(std::io::Error),
    /// The database could not be opened or migrated.
    #[error("storage: {0}")]
    Storage(#[from] crm_storage_sqlx::StorageError),
    /// `CRM_SMTP_URL` is not a valid SMTP URL.
    #[error("mail: {0}")]
    SmtpConfig(#[from] crm_mail_lettre::ConfigError),
    /// The SMTP transport could not be set up (e.g. an unreadable CA file).
    #[error("mail: {0}")]
    Smtp(#[from] crm_mail_lettre::SetupError),
    /// The Stripe client could not be set up.
    #[error("payments: {0}")]
    Stripe(#[from] crm_pay_stripe::SetupError),
    /// The PDF renderer or the page templates could not be loaded.
    #[error("rendering: {0}")]
    Render(#[from] RenderError),
    /// First-run set-up (company, admin, API token, demo seed) or the shared secret failed.
    #[error("set-up: {0}")]
    Setup(#[from] crm_core::Error),
}

/// The built application: bound to its address, set up, not yet serving.
pub struct App {
    router: Router,
    limits: crate::limits::Limits,
    listener: TcpListener,
    local_addr: SocketAddr,
    base_url: String,
    crm: Crm,
    setup: Setup,
    worker: Option<OutboxWorker>,
    dunning_interval: Option<Duration>,
}

impl App {
    /// Binds `config.bind` (port 0: a free port; the base URL then follows the bound port
    /// unless `CRM_BASE_URL` was given), opens and migrates the database, runs the first-run
    /// set-up (and the demo seed with `CRM_DEMO`), chooses the mail and payment adapters and
    /// builds the routers and the outbox worker. Nothing is served yet.
    ///
    /// # Errors
    /// [`BuildError`] names the step that failed.
    pub async fn build(mut config: Config) -> Result<Self, BuildError> {
        let listener = TcpListener::bind(config.bind)
            .await
            .map_err(|source| BuildError::Bind {
                addr: config.bind,
                source,
            })?;
        let local_addr = listener.local_addr().map_err(|source| BuildError::Bind {
            addr: config.bind,
            source,
        })?;
        if config.bind.port() == 0 && config.base_url == format!("http://{}", config.bind) {
            config.base_url = format!("http://{local_addr}");
        }

        std::fs::create_dir_all(&config.data_dir).map_err(BuildError::DataDir)?;
        let store = crm_storage_sqlx::open(
            &config.database_url,
            &crm_storage_sqlx::OpenOptions {
                schema: config.database_schema.clone(),
                ..Default::default()
            },
        )
        .await?;
        info!(database = %redact_url(&config.database_url), "storage ready, migrations applied");

        let gateway = gateway(&config)?;
        let crm_config = CrmConfig {
            base_url: config.base_url.clone(),
            // Invoices name the portal's card payment only where the portal takes it.
            online_payments: gateway.is_some(),
            ..CrmConfig::default()
        };
        let crm = Crm::new(store, crm_config);
        let setup = bootstrap::run(&crm, &config).await?;
        info!(company = %setup.company.name, admin = %setup.admin.email.as_str(), "company ready");

        let (mailer, dev_mailbox) = mailer(&config)?;
        let livemode = config
            .stripe_secret_key
            .as_ref()
            .is_some_and(|k| k.0.starts_with("sk_live_") || k.0.starts_with("rk_live_"));

        let renderer: Arc<dyn DocumentRenderer> = Arc::new(PdfRenderer::new()?);
        // Signed in one instance, checked in another: the CSRF key is shared through the database.
        let secret = WebSecret::shared(&crm).await?;
        let mut web_config = WebConfig::new(config.base_url.clone());
        web_config.secure_cookies = config.secure_cookies;
        web_config.trusted_proxies = config.trusted_proxies.clone();
        web_config.portal_company = Some(setup.company.id);
        web_config.payments_live = livemode;
        web_config.secret = secret;
        let mut web = WebState::new(crm.clone(), web_config)?.with_renderer(renderer.clone());
        if let Some(gw) = gateway.clone() {
            web = web.with_gateway(gw);
        }
        let router = crate::limits::apply(
            routes::app(routes::Parts {
                web,
                gateway,
                livemode,
                dev_mailbox,
            }),
            &config.limits,
        );

        let worker = config.outbox_workers.then(|| {
            OutboxWorker::new(
                crm.store().clone(),
                mailer,
                renderer,
                WorkerConfig {
                    from_email: config.mail_from.clone(),
                    poll_interval: Duration::from_millis(500),
                    ..WorkerConfig::default()
                },
            )
        });

        Ok(Self {
            router,
            limits: config.limits,
            listener,
            local_addr,
            base_url: config.base_url,
            crm,
            setup,
            worker,
            dunning_interval: config.dunning_interval,
        })
    }

    /// The address the listener is bound to (with the real port when `bind` asked for 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The base URL of links in emails and of the same-origin checks.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The whole application as a router (for `oneshot` requests in tests).
    pub fn router(&self) -> Router {
        self.router.clone()
    }

    /// The core, on the same store as the routers.
    pub fn crm(&self) -> &Crm {
        &self.crm
    }

    /// The company this server runs and its first admin.
    pub fn setup(&self) -> &Setup {
        &self.setup
    }

    /// Serves until `shutdown` resolves, with the outbox worker beside it: then stops
    /// accepting, finishes in-flight requests, lets the worker finish its pass (at most 30 s;
    /// the leases of what it claimed expire on their own) and returns.
    ///
    /// # Errors
    /// What the listener reported when accepting failed for good.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), std::io::Error> {
        // One signal, observed by the HTTP server and the outbox worker.
        let (stop_tx, stop_rx) = watch::channel(false);
        let stop_tx = Arc::new(stop_tx);
        let trigger = Arc::clone(&stop_tx);
        let watcher = tokio::spawn(async move {
            shutdown.await;
            info!("shutdown requested: finishing in-flight requests and the outbox pass");
            let _ = trigger.send(true);
        });
        let worker = self.worker.map(|worker| {
            let rx = stop_rx.clone();
            tokio::spawn(async move { worker.run_until(stopped(rx)).await })
        });
        let dunning = self
            .dunning_interval
            .map(|every| tokio::spawn(dunning_loop(self.crm.clone(), every, stop_rx.clone())));

        let served =
            crate::limits::serve(self.listener, self.router, self.limits, stopped(stop_rx)).await;
        // Also when serving failed: the worker must not outlive the server.
        let _ = stop_tx.send(true);
        watcher.abort();
        if let Some(d) = dunning {
            // A run in progress is one transaction per client: stopping between them is safe.
            d.abort();
        }
        if let Some(w) = worker
            && tokio::time::timeout(Duration::from_secs(30), w)
                .await
                .is_err()
        {
            warn!("the outbox worker did not finish within 30 s; its leases expire on their own");
        }
        served
    }

    /// Serves in a background task (see [`App::run_until`]) until [`Running::shutdown`] is
    /// called or the handle is dropped.
    pub fn spawn(self) -> Running {
        let (stop, stopped) = oneshot::channel::<()>();
        let local_addr = self.local_addr;
        let task = tokio::spawn(self.run_until(async move {
            // A dropped handle (Err) stops the server as well.
            let _ = stopped.await;
        }));
        Running {
            local_addr,
            stop: Some(stop),
            task,
        }
    }
}

/// An application serving in the background (from [`App::spawn`]).
pub struct Running {
    local_addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<Result<(), std::io::Error>>,
}

impl Running {
    /// The address it serves on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Graceful shutdown: stop accepting, finish in-flight requests and the outbox pass.
    ///
    /// # Errors
    /// What serving failed with, or the serving task's panic as an error.
    pub async fn shutdown(mut self) -> Result<(), std::io::Error> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        (&mut self.task).await.map_err(std::io::Error::other)?
    }
}

/// The mailer, and the development mailbox when it is the mailer (the admin UI lists it).
type Mail = (Arc<dyn Mailer>, Option<Arc<DevMailbox>>);

/// Mail: SMTP when configured, else the development mailbox.
fn mailer(config: &Config) -> Result<Mail, BuildError> {
    match &config.smtp_url {
        Some(url) => {
            let smtp = SmtpConfig::from_url(&url.0)?;
            info!(host = %smtp.host, port = smtp.port, "mail: SMTP");
            Ok((Arc::new(SmtpMailer::new(&smtp)?), None))
        }
        None => {
            let dir = config.data_dir.join("mail");
            warn!(
                dir = %dir.display(),
                "mail: no CRM_SMTP_URL set — emails go to the development mailbox (listed in the admin UI), not to recipients"
            );
            let mbox = Arc::new(DevMailbox::new(dir));
            Ok((mbox.clone() as Arc<dyn Mailer>, Some(mbox)))
        }
    }
}

/// Payments: Stripe when a key is set, else "Pay now" is hidden and bank details shown.
fn gateway(config: &Config) -> Result<Option<Arc<dyn PaymentGateway>>, BuildError> {
    let Some(key) = &config.stripe_secret_key else {
        warn!(
            "payments: no CRM_STRIPE_SECRET_KEY set — \"Pay now\" is hidden, the portal shows bank details instead"
        );
        return Ok(None);
    };
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
    Ok(Some(Arc::new(gw)))
}

async fn stopped(mut rx: watch::Receiver<bool>) {
    while !*rx.borrow() {
        if rx.changed().await.is_err() {
            return;
        }
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

/// Runs dunning now and then every `every` until `stop` turns true; a failed run is logged
/// and retried at the next tick (its clients' transactions rolled back).
async fn dunning_loop(crm: Crm, every: Duration, mut stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stop.changed() => return,
        }
        if *stop.borrow() {
            return;
        }
        match crm.run_dunning(crm.clock().now()).await {
            Ok(report) => {
                if !report.issued.is_empty() || report.skipped > 0 {
                    info!(
                        issued = report.issued.len(),
                        skipped = report.skipped,
                        "dunning run"
                    );
                }
                for f in &report.failed {
                    warn!(
                        client = %f.client_id.as_uuid(),
                        error = %f.error,
                        "dunning: this client's letter failed; retrying at the next interval"
                    );
                }
                if !report.outdated_base_rates.is_empty() {
                    warn!(
                        companies = report.outdated_base_rates.len(),
                        "the base-rate table does not cover today: reminders claim no interest \
                         until it is updated"
                    );
                }
            }
            Err(e) => warn!(error = %e, "dunning run failed; retrying at the next interval"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn database_passwords_are_redacted() {
        assert_eq!(
            redact_url("postgres://crm:hunter2@db:5432/crm"),
            "postgres://crm:***@db:5432/crm"
        );
        assert_eq!(
            redact_url("sqlite://crm-data/crm.db"),
            "sqlite://crm-data/crm.db"
        );
    }
}
