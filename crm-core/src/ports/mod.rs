//! Ports: the traits adapters implement. Each documents its contract; the storage contract is
//! also executable as [`crate::testing`]'s conformance suite.

mod archive;
mod clock;
mod gateway;
mod mailer;
mod renderer;
mod store;
mod templates;
mod tokens;

pub use archive::{ArchiveError, DocumentArchive};
pub use clock::{Clock, ManualClock, SystemClock};
pub use gateway::{
    CheckoutRef, CheckoutRequest, CheckoutSession, GatewayError, GatewayRefund, PaymentEvent,
    PaymentGateway, RefundRequest,
};
pub use mailer::{MailAddress, MailError, Mailer, OutgoingEmail};
pub use renderer::{DocumentRenderer, RenderError, StatementData};
pub use store::{
    AccessStore, AccessTx, ArchiveStore, ArchiveTx, ClientQuery, ClientStore, ClientSummary,
    ClientTx, CompanyStore, CompanyTx, DocumentStore, DocumentTx, DunningCandidate,
    DunningException, OpenInvoicesOverview, OutboxMark, OutboxStore, OutboxTx, PaymentStore,
    PaymentTx, Sequence, StaffStore, StaffTx, StatementView, Store, StoreError, StoreTx,
    TicketQuery, TicketStore, TicketTx,
};
pub use templates::{RenderedEmail, TemplateEngine, TemplateError};
pub use tokens::{OsTokenSource, TokenSource};
