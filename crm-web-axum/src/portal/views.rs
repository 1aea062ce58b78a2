//! The portal's pages as typed views: one struct per template under `templates/portal/`,
//! each with the layout (`l`) and the texts (`t`). A field a template reads and the view
//! lacks does not compile.

use askama::Template;

use crate::html::{Layout, Tr};

/// A list row of an invoice or a quote.
#[derive(Debug, Clone)]
pub(crate) struct DocRow {
    pub id: String,
    pub number: String,
    pub issued: String,
    pub due: String,
    pub total: String,
    pub balance: String,
    pub status: String,
    pub status_class: &'static str,
    pub overdue: bool,
}

/// A bar of the aging chart.
#[derive(Debug, Clone)]
pub(crate) struct AgingRow {
    pub label: String,
    pub amount: String,
    /// Width in steps of 5 (a CSS class per step: no inline styles).
    pub percent: u32,
    pub alert: bool,
}

/// A line item of a document.
#[derive(Debug, Clone)]
pub(crate) struct LineRow {
    pub description: String,
    pub quantity: String,
    pub unit_price: String,
    pub tax_rate: String,
    pub net: String,
}

/// A tax total of a document.
#[derive(Debug, Clone)]
pub(crate) struct TaxRow {
    pub rate: String,
    pub amount: String,
}

/// `GET /`.
#[derive(Template)]
#[template(path = "portal/statement.html")]
pub(crate) struct StatementPage<'a> {
    pub l: &'a Layout,
    pub t: Tr,
    pub contact_name: String,
    pub client_name: String,
    pub client_number: String,
    pub today: String,
    pub outstanding: String,
    /// Dunning fees and interest still owed; `None` when there are none.
    pub costs: Option<String>,
    pub overdue_total: String,
    pub overdue_count: usize,
    /// "N overdue invoices", from [`crate::html::format::count`].
    pub overdue_note: String,
    pub total_invoiced: String,
    pub total_paid: String,
    pub bank_details: Option<String>,
    pub open: Vec<DocRow>,
    pub open_count: usize,
    pub open_more: bool,
    pub aging: Vec<AgingRow>,
    pub paid: Vec<DocRow>,
    /// The latest reminders, when something is overdue.
    pub reminders: Vec<ReminderRow>,
}

/// A reminder in the portal's lists.
pub(crate) struct ReminderRow {
    pub id: String,
    /// The level's name.
    pub title: String,
    pub number: String,
    pub date: String,
    pub due: String,
    pub total: String,
}

/// What an invoice's latest reminder claims on it.
pub(crate) struct ClaimView {
    /// "1. Mahnung MA-00002 vom 01.01.2027".
    pub reminder: ReminderRow,
    pub interest: Option<String>,
    pub fees: Option<String>,
    /// Open principal + interest + fees, as the reminder asks.
    pub total: String,
}

/// `GET /invoices`.
#[derive(Template)]
#[template(path = "portal/invoices.html")]
pub(crate) struct InvoicesPage<'a> {
    pub l: &'a Layout,
    pub t: Tr,
    pub rows: Vec<DocRow>,
    pub next: Option<String>,
    pub first: Option<String>,
}

/// `GET /quotes`.
#[derive(Template)]
#[template(path = "portal/quotes.html")]
pub(crate) struct QuotesPage<'a> {
    pub l: &'a Layout,
    pub t: Tr,
    pub rows: Vec<DocRow>,
    pub next: Option<String>,
}

/// `GET /invoices/{id}`.
#[derive(Template)]
#[template(path = "portal/invoice.html")]
pub(crate) struct InvoicePage<'a> {
    pub l: &'a Layout,
    pub t: Tr,
    pub id: String,
    pub number: String,
    pub issued: String,
    pub due: String,
    pub status: String,
    pub status_class: &'static str,
    pub bill_to: Option<String>,
    pub lines: Vec<LineRow>,
    pub net: String,
    pub taxes: Vec<TaxRow>,
    pub total: String,
    pub show_paid: bool,
    pub paid: String,
    pub balance: String,
    pub notes: Option<String>,
    pub can_pay: bool,
    pub bank_details: Option<String>,
    /// Σ credits (when there are any) and the money to be refunded.
    pub credited: Option<String>,
    pub refund_due: Option<String>,
    /// A foreign-currency invoice's VAT in euros: the label with the rate, and the amount.
    pub vat_in_eur: Option<(String, String)>,
    /// Its cancellation invoices and credit notes.
    pub corrections: Vec<CorrectionRow>,
    /// The latest reminder that named it, and what it claims.
    pub claim: Option<ClaimView>,
    /// Whether it has an e-invoice XML to download.
    pub einvoice: bool,
}

/// A cancellation invoice or credit note of an invoice.
pub(crate) struct CorrectionRow {
    pub id: String,
    pub kind: String,
    pub number: String,
    pub date: String,
    pub amount: String,
}

/// `GET /quotes/{id}`.
#[derive(Template)]
#[template(path = "portal/quote.html")]
pub(crate) struct QuotePage<'a> {
    pub l: &'a Layout,
    pub t: Tr,
    pub id: String,
    pub number: String,
    pub issued: String,
    pub valid_until: String,
    pub status: String,
    pub status_class: &'static str,
    pub lines: Vec<LineRow>,
    pub net: String,
    pub taxes: Vec<TaxRow>,
    pub total: String,
    pub notes: Option<String>,
    pub rejection_reason: Option<String>,
    pub can_answer: bool,
}

/// A ticket in the list.
#[derive(Debug, Clone)]
pub(crate) struct TicketRow {
    pub id: String,
    pub subject: String,
    pub last: String,
    pub status: String,
    pub status_class: &'static str,
}

/// `GET /tickets`.
#[derive(Template)]
#[template(path = "portal/tickets.html")]
pub(crate) struct TicketsPage<'a> {
    pub l: &'a Layout,
    pub t: Tr,
    pub rows: Vec<TicketRow>,
}

/// `GET /tickets/new` (and the form again with its errors).
#[derive(Template)]
#[template(path = "portal/ticket_new.html")]
pub(crate) struct TicketNewPage<'a> {
    pub l: &'a Layout,
    pub t: Tr,
    pub errors: Vec<String>,
    pub subject: &'a str,
    pub body: &'a str,
}

/// A message of a ticket's thread.
#[derive(Debug, Clone)]
pub(crate) struct MessageRow {
    pub author: String,
    pub mine: bool,
    pub at: String,
    pub body: String,
}

/// `GET /tickets/{id}`.
#[derive(Template)]
#[template(path = "portal/ticket.html")]
pub(crate) struct TicketPage<'a> {
    pub l: &'a Layout,
    pub t: Tr,
    pub id: String,
    pub subject: String,
    pub status: String,
    pub status_class: &'static str,
    pub messages: Vec<MessageRow>,
    pub closed: bool,
    pub errors: Vec<String>,
}

/// `GET /login`.
#[derive(Template)]
#[template(path = "portal/signin.html")]
pub(crate) struct SigninPage<'a> {
    pub l: &'a Layout,
    pub t: Tr,
    pub sent: bool,
    pub invalid_link: bool,
    pub form: bool,
    pub next: &'a str,
}

/// "Confirm it is you": a session opened by a bare GET of a document link, before it acts on
/// the client's behalf.
#[derive(Template)]
#[template(path = "portal/confirm.html")]
pub(crate) struct ConfirmSessionPage<'a> {
    pub l: &'a Layout,
    pub t: Tr,
    pub body: String,
    pub submit: String,
    pub next: &'a str,
}

/// `GET /login/{token}` of a single-use link: "Continue".
#[derive(Template)]
#[template(path = "portal/continue.html")]
pub(crate) struct ContinuePage<'a> {
    pub l: &'a Layout,
    pub t: Tr,
    pub contact_name: String,
    pub token: &'a str,
}
