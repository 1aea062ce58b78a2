//! The use cases: one service type, [`Crm`], that the adapters plug into.
//!
//! Every write is one transaction through the storage port: load (locked), apply the domain
//! rule, save, record the metrics delta, log the activity, queue the email — then commit. An
//! error anywhere drops the transaction, so nothing is half-written. Every method takes the
//! tenant from its [`Ctx`] (staff) or [`PortalCtx`] (a signed-in contact) and never reads
//! another company's or another client's rows.

mod access;
mod archive;
mod bank;
mod checkout;
mod clients;
mod company;
mod corrections;
pub mod cpu;
pub(crate) mod delivery;
mod documents;
mod dunning;
mod dunning_staff;
mod events;
mod logo;
mod mail;
mod payments;
mod portal;
mod queries;
mod quotes;
mod recipients;
mod reminders;
mod staff;
mod templates;
mod throttle;
mod tickets;

use std::sync::Arc;

use chrono::Duration;

use crate::domain::{
    Actor, ClientId, CompanyId, ContactId, InvoiceError, QuoteError, ValidationErrors,
};
use crate::ports::{
    Clock, OsTokenSource, Store, StoreError, SystemClock, TemplateEngine, TemplateError,
    TokenSource,
};
use crate::render::HandlebarsEngine;

pub use access::{LinkInfo, SignIn};
pub use archive::{EInvoiceFile, InvoicePdf, StoreArchive};
pub use clients::{CompanyInput, client_to_input};
pub use corrections::{CancelInput, CreditInput};
pub use delivery::{
    Addressee, AttachmentError, ComposeError, ComposedText, MailComposer, RenderedAttachment,
};
pub use documents::{InvoiceInput, QuoteInput};
pub use dunning::{DueLevel, DunningFailure, DunningReport, due_levels};
pub use events::EventOutcome;
pub use payments::{PaymentInput, PaymentOutcome, RefundInput, RefundOutcome};
pub use portal::{PortalStatement, summary_is_overdue};
pub use queries::Dashboard;
pub use staff::{MIN_API_TOKEN_CHARS, MIN_PASSWORD_CHARS, StaffCtx, StaffSignIn};
pub use templates::TemplateSource;

/// Sessions and token use are written back at most this often, so reads do not turn into
/// writes on every request.
pub(crate) const TOUCH_EVERY: Duration = Duration::seconds(60);

/// Whether a session (portal or staff) is still open at `now`: not ended, within its absolute
/// lifetime and used within the last `idle`.
pub(crate) fn session_open(
    ended_at: Option<chrono::DateTime<chrono::Utc>>,
    expires_at: chrono::DateTime<chrono::Utc>,
    last_seen_at: chrono::DateTime<chrono::Utc>,
    idle: Duration,
    now: chrono::DateTime<chrono::Utc>,
) -> bool {
    ended_at.is_none() && now < expires_at && now - last_seen_at < idle
}

/// Who is acting for which company (staff, API, system).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ctx {
    /// The tenant; every read and write is scoped to it.
    pub company: CompanyId,
    /// Who acts, for the activity log.
    pub actor: Actor,
}

impl Ctx {
    /// A context for `company` acting as `actor`.
    pub fn new(company: CompanyId, actor: Actor) -> Self {
        Self { company, actor }
    }
}

/// A signed-in portal contact: every portal use case is scoped to this client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortalCtx {
    /// Tenant.
    pub company: CompanyId,
    /// The client whose portal this is.
    pub client: ClientId,
    /// The signed-in contact.
    pub contact: ContactId,
    /// Whether the session was confirmed by a POST. Acting on the client's behalf (answering a
    /// quote, opening or answering a ticket) needs it; reading and paying do not.
    pub confirmed: bool,
}

impl PortalCtx {
    /// Fails with [`Error::ConfirmationRequired`] unless the session was confirmed.
    pub fn require_confirmed(&self) -> Result<(), Error> {
        if self.confirmed {
            Ok(())
        } else {
            Err(Error::ConfirmationRequired)
        }
    }
}

/// Settings of the service.
#[derive(Debug, Clone)]
pub struct CrmConfig {
    /// Base URL links in emails are built from (never a request's Host header).
    pub base_url: String,
    /// Path of the portal under the base URL.
    pub portal_path: String,
    /// Lifetime of reusable document links (default 30 days).
    pub document_link_ttl: Duration,
    /// Lifetime of single-use sign-in links (default 15 minutes).
    pub login_link_ttl: Duration,
    /// Idle timeout of portal sessions (default 30 minutes).
    pub session_idle: Duration,
    /// Absolute lifetime of portal sessions (default 12 hours).
    pub session_absolute: Duration,
    /// Idle timeout of staff (admin) sessions (default 2 hours).
    pub staff_session_idle: Duration,
    /// Absolute lifetime of staff sessions (default 12 hours).
    pub staff_session_absolute: Duration,
    /// Whether clients can pay invoices by card in the portal (the host mounts a payment
    /// gateway): issued invoices then name the portal as a payment means (e-invoice BT-81
    /// code 68, "online payment service"). Default `false`.
    pub online_payments: bool,
}

impl Default for CrmConfig {
    fn default() -> Self {
        Self {
            base_url: "http://127.0.0.1:8080".into(),
            portal_path: "/portal".into(),
            document_link_ttl: Duration::days(30),
            login_link_ttl: Duration::minutes(15),
            session_idle: Duration::minutes(30),
            session_absolute: Duration::hours(12),
            staff_session_idle: Duration::hours(2),
            staff_session_absolute: Duration::hours(12),
            online_payments: false,
        }
    }
}

/// The kind of record an error refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    /// A company.
    Company,
    /// A client.
    Client,
    /// A contact.
    Contact,
    /// An invoice.
    Invoice,
    /// A quote.
    Quote,
    /// A cancellation invoice or corrective credit.
    Correction,
    /// A payment reminder or Mahnung.
    Reminder,
    /// A payment.
    Payment,
    /// A ticket.
    Ticket,
    /// A staff user.
    StaffUser,
    /// An API token.
    ApiToken,
}

impl std::fmt::Display for Entity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Company => "company",
            Self::Client => "client",
            Self::Contact => "contact",
            Self::Invoice => "invoice",
            Self::Quote => "quote",
            Self::Correction => "correction",
            Self::Reminder => "reminder",
            Self::Payment => "payment",
            Self::Ticket => "ticket",
            Self::StaffUser => "staff user",
            Self::ApiToken => "API token",
        })
    }
}

/// Why a use case failed. In every case nothing was written.
///
/// One enum for all use cases (rather than one per use case): most cases share their failure
/// modes, and the web layer maps each variant to one status in one place.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input is invalid; field errors in English and German.
    #[error(transparent)]
    Invalid(#[from] ValidationErrors),
    /// No such record in this company (or, in the portal, for this client).
    #[error("{0} not found")]
    NotFound(Entity),
    /// The client number is taken.
    #[error("client number {0} is already taken")]
    DuplicateClientNumber(String),
    /// The client is archived; restore it first.
    #[error("the client is archived")]
    ClientArchived,
    /// A client's currency is fixed once it has documents (drafts included).
    #[error("the currency of a client with documents cannot change")]
    CurrencyLocked,
    /// An invoice rule was violated (invalid transition, overpayment, …).
    #[error(transparent)]
    Invoice(#[from] InvoiceError),
    /// A quote rule was violated.
    #[error(transparent)]
    Quote(#[from] QuoteError),
    /// A refund larger than what remains of the payment.
    #[error("refund of {amount} exceeds the refundable {refundable} of this payment")]
    RefundExceedsPayment {
        /// Attempted.
        amount: rust_decimal::Decimal,
        /// Still refundable.
        refundable: rust_decimal::Decimal,
    },
    /// A payment reference recorded for a different invoice or amount.
    #[error("payment reference {0} was already used for another payment")]
    ReferenceReused(String),
    /// The template does not validate.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// The contact cannot be removed or demoted (it is the only or the primary one).
    #[error("{0}")]
    ContactRule(&'static str),
    /// The ticket is closed: clients open a new one instead of writing into a closed thread.
    #[error("the ticket is closed")]
    TicketClosed,
    /// The magic link is unknown, expired, revoked or used up.
    #[error("the link is invalid or has expired")]
    LinkInvalid,
    /// A single-use link must be confirmed with a POST, or a portal session opened by a GET
    /// of a document link must be confirmed before it acts on the client's behalf.
    #[error("this must be confirmed first")]
    ConfirmationRequired,
    /// The portal or staff session is unknown, ended or timed out.
    #[error("the session has ended; please sign in again")]
    SessionInvalid,
    /// Staff sign-in failed: unknown email, wrong password or disabled user (deliberately
    /// not told apart).
    #[error("wrong email or password")]
    BadCredentials,
    /// The API bearer token is missing, unknown or revoked, or its user is disabled.
    #[error("missing or invalid API token")]
    Unauthorized,
    /// Too many attempts in the current window ([`Crm::throttle`]).
    #[error("too many attempts; try again in {retry_after_secs} s")]
    RateLimited {
        /// Seconds until the window ends.
        retry_after_secs: u64,
    },
    /// The payment provider failed or refused.
    #[error(transparent)]
    Payment(#[from] crate::ports::GatewayError),
    /// The storage backend failed.
    #[error(transparent)]
    Storage(#[from] StoreError),
    /// No e-invoice can be written for the document: a draft, or the format needs data it
    /// lacks (the error's catalogue code names what).
    #[error(transparent)]
    EInvoice(#[from] crate::render::einvoice::EInvoiceError),
    /// Rendering a document or writing it out failed (e.g. the download was cancelled
    /// halfway through a ZIP archive).
    #[error("rendering failed: {0}")]
    Render(String),
}

/// The clients module: every use case, over the ports it is given.
#[derive(Clone)]
pub struct Crm {
    store: Arc<dyn Store>,
    templates: Arc<dyn TemplateEngine>,
    clock: Arc<dyn Clock>,
    tokens: Arc<dyn TokenSource>,
    config: CrmConfig,
    /// Rate-limit keys this instance saw over their limit ([`Crm::throttle`]).
    over_limit: Arc<throttle::OverLimit>,
    /// Renderer and archive of frozen issued documents ([`archive`]).
    files: archive::Files,
}

impl std::fmt::Debug for Crm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Crm")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Crm {
    /// A service over `store` with the system clock, OS randomness and the built-in handlebars
    /// templates.
    pub fn new(store: Arc<dyn Store>, config: CrmConfig) -> Self {
        Self {
            files: archive::Files::new(store.clone()),
            store,
            templates: Arc::new(HandlebarsEngine::new()),
            clock: Arc::new(SystemClock),
            tokens: Arc::new(OsTokenSource),
            config,
            over_limit: Arc::default(),
        }
    }

    /// Replaces the clock (tests, simulations).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Replaces the token source.
    pub fn with_tokens(mut self, tokens: Arc<dyn TokenSource>) -> Self {
        self.tokens = tokens;
        self
    }

    /// Replaces the template engine.
    pub fn with_templates(mut self, templates: Arc<dyn TemplateEngine>) -> Self {
        self.templates = templates;
        self
    }

    /// The store.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// The clock.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// The template engine.
    pub fn templates(&self) -> &Arc<dyn TemplateEngine> {
        &self.templates
    }

    /// The configuration.
    pub fn config(&self) -> &CrmConfig {
        &self.config
    }

    /// Absolute URL of a portal path.
    pub fn portal_url(&self, path: &str) -> String {
        format!(
            "{}{}{}",
            self.config.base_url.trim_end_matches('/'),
            self.config.portal_path,
            path
        )
    }
}
