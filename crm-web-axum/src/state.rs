//! Shared state of the routers: the service, the web settings and the optional adapters.

use std::sync::Arc;

use chrono::Duration;
use crm_core::Crm;
use crm_core::domain::CompanyId;
use crm_core::ports::{DocumentRenderer, PaymentGateway};

/// A server-side secret (CSRF keys). Its `Debug` does not print it.
#[derive(Clone)]
pub struct WebSecret([u8; 32]);

impl WebSecret {
    /// Wraps 32 secret bytes. Every instance of one deployment needs the same bytes (forms
    /// rendered by one instance are posted to another).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The installation's shared key, kept in the database (`Crm::installation_secret`): every
    /// app instance on the same database signs and checks CSRF tokens with it, so a form
    /// served by one instance can be posted to another. Use this whenever more than one
    /// instance may serve the same users.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn shared(crm: &Crm) -> Result<Self, crm_core::Error> {
        Ok(Self(crm.installation_secret("web").await?))
    }

    /// 32 fresh bytes from the OS; fine for a single instance, not for several.
    pub fn random() -> Self {
        let mut bytes = [0u8; 32];
        // The OS CSPRNG failing is unrecoverable at start-up: there is no safe fallback.
        #[allow(clippy::expect_used)]
        getrandom::fill(&mut bytes).expect("the OS random number generator failed");
        Self(bytes)
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl std::fmt::Debug for WebSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WebSecret(…)")
    }
}

/// A rate limit: at most `limit` events per `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Events allowed per window.
    pub limit: u32,
    /// The window.
    pub window: Duration,
}

/// Settings of the web layer (the service has its own, [`crm_core::CrmConfig`]).
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Public base URL (`https://crm.example.com`): its origin is what POSTs must come from.
    pub base_url: String,
    /// Cookies get `Secure` and the `__Host-` prefix, and responses HSTS (default: true when
    /// `base_url` is https).
    pub secure_cookies: bool,
    /// Path the portal router is mounted under (`/portal`); links and redirects start with it.
    pub portal_prefix: String,
    /// Path the admin router is mounted under (`/admin`).
    pub admin_prefix: String,
    /// The company whose portal this is: the tenant the sign-in page's "email me a new link"
    /// looks addresses up in. `None` hides that form (signing in then needs an emailed link).
    pub portal_company: Option<CompanyId>,
    /// Bank details shown when no payment gateway is configured and the company has none of
    /// its own (`CompanySettings::bank_details` wins).
    pub bank_details: Option<String>,
    /// Whether the payment gateway runs in live mode (events of the other mode are ignored).
    pub payments_live: bool,
    /// Origins a form may lead to besides our own (CSP `form-action`): the hosted payment
    /// page, e.g. `https://checkout.stripe.com`.
    pub checkout_origins: Vec<String>,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`CRM_TRUSTED_PROXIES`); the
    /// header of any other peer is ignored, or clients could pick their own address.
    pub trusted_proxies: Vec<crate::proxies::IpRange>,
    /// ZIP downloads at once in this instance (each holds a blocking thread while it writes);
    /// more are answered 503.
    pub max_downloads: usize,
    /// ZIP downloads at once per contact; more are answered 429.
    pub max_downloads_per_contact: usize,
    /// How long a download waits for a client that stopped reading before it gives up (and
    /// frees its thread).
    pub download_stall: std::time::Duration,
    /// Key of the CSRF tokens.
    pub secret: WebSecret,
    /// "Email me a new link": per address from one client IP (keyed by both, so nobody can
    /// block a client's sign-in by knowing the address).
    pub link_requests_per_address: RateLimit,
    /// "Email me a new link": per address from all IPs together (a looser cap against
    /// flooding one inbox from many addresses).
    pub link_requests_per_address_total: RateLimit,
    /// "Email me a new link": per client IP.
    pub link_requests_per_ip: RateLimit,
    /// Sign-in attempts with a link token (valid or not): per client IP. Counted before the
    /// token is checked, so guessing is slowed down, not only reported.
    pub token_attempts_per_ip: RateLimit,
}

impl WebConfig {
    /// Defaults for `base_url`: secure cookies under https, portal at `/portal`, admin at
    /// `/admin`, Stripe Checkout as the only outside form target, and a random secret of this
    /// process — right for one instance only: with several, set
    /// `secret = WebSecret::shared(&crm).await?` so all of them share it.
    pub fn new(base_url: impl Into<String>) -> Self {
        let base_url = base_url.into().trim_end_matches('/').to_owned();
        Self {
            secure_cookies: base_url.starts_with("https://"),
            base_url,
            portal_prefix: "/portal".into(),
            admin_prefix: "/admin".into(),
            portal_company: None,
            bank_details: None,
            payments_live: false,
            checkout_origins: vec!["https://checkout.stripe.com".into()],
            trusted_proxies: Vec::new(),
            max_downloads: 16,
            max_downloads_per_contact: 2,
            download_stall: std::time::Duration::from_secs(60),
            secret: WebSecret::random(),
            link_requests_per_address: RateLimit {
                limit: 5,
                window: Duration::hours(1),
            },
            link_requests_per_address_total: RateLimit {
                limit: 20,
                window: Duration::hours(1),
            },
            link_requests_per_ip: RateLimit {
                limit: 20,
                window: Duration::hours(1),
            },
            token_attempts_per_ip: RateLimit {
                limit: 30,
                window: Duration::minutes(10),
            },
        }
    }

    /// Scheme, host and port of [`Self::base_url`] (`https://crm.example.com`).
    pub fn origin(&self) -> &str {
        let after_scheme = self.base_url.find("://").map_or(0, |i| i + 3);
        match self.base_url[after_scheme..].find('/') {
            Some(i) => &self.base_url[..after_scheme + i],
            None => &self.base_url,
        }
    }
}

/// What every handler gets: cheap to clone (everything behind `Arc`s).
#[derive(Clone)]
pub struct WebState {
    /// The service.
    pub crm: Crm,
    /// Web settings.
    pub config: Arc<WebConfig>,
    /// The payment gateway; `None` hides "Pay now" and shows bank details.
    pub gateway: Option<Arc<dyn PaymentGateway>>,
    /// PDF renderer of invoices, quotes and statements.
    pub renderer: Arc<dyn DocumentRenderer>,
    /// ZIP downloads in progress (bounded in all and per contact).
    pub downloads: Arc<crate::portal::Downloads>,
}

impl std::fmt::Debug for WebState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebState")
            .field("config", &self.config)
            .field("gateway", &self.gateway.is_some())
            .finish_non_exhaustive()
    }
}

impl WebState {
    /// State over `crm` with `config`, the built-in PDF renderer and no payment gateway.
    ///
    /// # Errors
    /// When the PDF renderer's bundled font cannot be loaded.
    pub fn new(crm: Crm, config: WebConfig) -> Result<Self, crm_core::ports::RenderError> {
        let config_downloads = (config.max_downloads, config.max_downloads_per_contact);
        Ok(Self {
            crm,
            config: Arc::new(config),
            gateway: None,
            renderer: Arc::new(crm_core::render::pdf::PdfRenderer::new()?),
            downloads: Arc::new(crate::portal::Downloads::new(
                config_downloads.0,
                config_downloads.1,
            )),
        })
    }

    /// With a payment gateway ("Pay now").
    pub fn with_gateway(mut self, gateway: Arc<dyn PaymentGateway>) -> Self {
        self.gateway = Some(gateway);
        self
    }

    /// With another document renderer.
    pub fn with_renderer(mut self, renderer: Arc<dyn DocumentRenderer>) -> Self {
        self.renderer = renderer;
        self
    }
}
