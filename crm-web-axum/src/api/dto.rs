//! The API's own wire types (with OpenAPI schemas), converted from and to the core's types.
//! Amounts are decimal strings, dates ISO 8601, ids UUIDs.

use chrono::{DateTime, NaiveDate, Utc};
use crm_core::domain::validation::Collector;
use crm_core::domain::{
    AddressInput, Author, Client, ClientMetrics, ContactInput, DocumentSummary, Invoice, LineItem,
    LineItemInput, Payment, Quote, Ticket, TicketMessage, Totals, ValidationErrors, ValueError,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// An amount as a decimal string with exactly the currency's minor digits ("238.00").
pub fn money(amount: Decimal, currency: crm_core::domain::Currency) -> String {
    // The one rounding rule (half away from zero); stored amounts are exact already.
    let mut a = crm_core::domain::money::round(amount, currency);
    a.rescale(currency.minor_units());
    a.to_string()
}

/// Parses a decimal string field, collecting a bilingual error.
pub fn decimal(errors: &mut Collector, field: &str, text: &str) -> Decimal {
    // Exactly the documented form (no exponent, underscores, signs or spaces that
    // `Decimal::from_str` would also take), so schema and server agree.
    let (int, frac) = text
        .strip_prefix('-')
        .unwrap_or(text)
        .split_once('.')
        .unwrap_or((text.strip_prefix('-').unwrap_or(text), "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match text.parse::<Decimal>() {
        Ok(d) if digits(int) && digits(frac) => d,
        _ => {
            errors.push(field, ValueError::new("decimal.invalid"));
            Decimal::ZERO
        }
    }
}

/// A contact as sent.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactIn {
    /// Id of an existing contact to keep (PATCH); omitted for a new one.
    #[serde(default)]
    pub id: Option<Uuid>,
    /// Name.
    pub name: String,
    /// Email address.
    pub email: String,
    /// Phone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// The primary contact receives the documents (exactly one).
    #[serde(default)]
    pub primary: bool,
}

impl ContactIn {
    fn to_core(&self) -> ContactInput {
        ContactInput {
            id: self.id.map(crm_core::domain::ContactId::from_uuid),
            name: self.name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            primary: self.primary,
        }
    }
}

/// A postal address as sent.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddressIn {
    /// Street and number.
    pub street: String,
    /// City.
    pub city: String,
    /// State or province, where the country uses one.
    #[serde(default)]
    pub state: Option<String>,
    /// Postal code (checked per country).
    pub postal_code: String,
    /// ISO 3166-1 alpha-2 country code.
    #[schema(example = "DE")]
    pub country: String,
}

impl AddressIn {
    fn to_core(&self) -> AddressInput {
        AddressInput {
            street: self.street.clone(),
            city: self.city.clone(),
            state: self.state.clone(),
            postal_code: self.postal_code.clone(),
            country: self.country.clone(),
        }
    }
}

/// A new client.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClientCreate {
    /// Name.
    pub name: String,
    /// Client number; the next free one when omitted.
    #[serde(default)]
    pub number: Option<String>,
    /// Contacts; exactly one primary.
    #[schema(min_items = 1)]
    pub contacts: Vec<ContactIn>,
    /// Billing address.
    pub address: AddressIn,
    /// Tax number or VAT ID (checked per country).
    #[serde(default)]
    pub tax_id: Option<String>,
    /// ISO 4217 currency; the company's when omitted.
    #[serde(default)]
    pub currency: Option<String>,
    /// `de-DE` or `en`; the company's when omitted.
    #[serde(default)]
    pub locale: Option<String>,
    /// Internal notes.
    #[serde(default)]
    pub notes: Option<String>,
}

impl ClientCreate {
    /// The core's input.
    pub fn to_core(&self) -> crm_core::domain::ClientInput {
        crm_core::domain::ClientInput {
            name: self.name.clone(),
            number: self.number.clone(),
            contacts: self.contacts.iter().map(ContactIn::to_core).collect(),
            address: self.address.to_core(),
            tax_id: self.tax_id.clone(),
            currency: self.currency.clone(),
            locale: self.locale.clone(),
            notes: self.notes.clone(),
        }
    }
}

/// Changes to a client: only the fields sent change. `contacts`, when sent, is the full new
/// list (contacts sent with their `id` keep it).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClientPatch {
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Client number.
    #[serde(default)]
    pub number: Option<String>,
    /// All contacts.
    #[serde(default)]
    pub contacts: Option<Vec<ContactIn>>,
    /// Billing address.
    #[serde(default)]
    pub address: Option<AddressIn>,
    /// Tax number or VAT ID; `""` removes it.
    #[serde(default)]
    pub tax_id: Option<String>,
    /// ISO 4217 currency (fixed once the client has documents).
    #[serde(default)]
    pub currency: Option<String>,
    /// `de-DE` or `en`.
    #[serde(default)]
    pub locale: Option<String>,
    /// Internal notes; `""` removes them.
    #[serde(default)]
    pub notes: Option<String>,
}

impl ClientPatch {
    /// Applies the patch to the client's current input.
    pub fn apply(&self, mut input: crm_core::domain::ClientInput) -> crm_core::domain::ClientInput {
        if let Some(v) = &self.name {
            input.name = v.clone();
        }
        if let Some(v) = &self.number {
            input.number = Some(v.clone());
        }
        if let Some(v) = &self.contacts {
            input.contacts = v.iter().map(ContactIn::to_core).collect();
        }
        if let Some(v) = &self.address {
            input.address = v.to_core();
        }
        if let Some(v) = &self.tax_id {
            input.tax_id = Some(v.clone()).filter(|s| !s.trim().is_empty());
        }
        if let Some(v) = &self.currency {
            input.currency = Some(v.clone());
        }
        if let Some(v) = &self.locale {
            input.locale = Some(v.clone());
        }
        if let Some(v) = &self.notes {
            input.notes = Some(v.clone()).filter(|s| !s.trim().is_empty());
        }
        input
    }
}

/// A contact.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContactOut {
    /// Id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Email.
    pub email: String,
    /// Phone.
    pub phone: Option<String>,
    /// Whether documents go to this contact.
    pub primary: bool,
}

/// A postal address.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AddressOut {
    /// Street.
    pub street: String,
    /// City.
    pub city: String,
    /// State or province.
    pub state: Option<String>,
    /// Postal code.
    pub postal_code: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
}

/// A client.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClientOut {
    /// Id.
    pub id: Uuid,
    /// Client number.
    pub number: String,
    /// Name.
    pub name: String,
    /// Contacts (one primary).
    pub contacts: Vec<ContactOut>,
    /// Billing address.
    pub address: AddressOut,
    /// Tax number or VAT ID.
    pub tax_id: Option<String>,
    /// ISO 4217.
    pub currency: String,
    /// `de-DE` or `en`.
    pub locale: String,
    /// Internal notes.
    pub notes: Option<String>,
    /// Archived clients are hidden from lists and cannot get new documents.
    pub archived: bool,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<&Client> for ClientOut {
    fn from(c: &Client) -> Self {
        Self {
            id: c.id.as_uuid(),
            number: c.number.clone(),
            name: c.name.clone(),
            contacts: c
                .contacts
                .iter()
                .map(|k| ContactOut {
                    id: k.id.as_uuid(),
                    name: k.name.clone(),
                    email: k.email.as_str().to_owned(),
                    phone: k.phone.as_ref().map(|p| p.as_str().to_owned()),
                    primary: k.primary,
                })
                .collect(),
            address: AddressOut {
                street: c.address.street().to_owned(),
                city: c.address.city().to_owned(),
                state: c.address.state().map(str::to_owned),
                postal_code: c.address.postal_code().to_owned(),
                country: c.address.country().code().to_owned(),
            },
            tax_id: c.tax_id.as_ref().map(|t| t.as_str().to_owned()),
            currency: c.currency.code().to_owned(),
            locale: c.locale.tag().to_owned(),
            notes: c.notes.clone(),
            archived: c.archived,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

/// A client's money figures (decimal strings in the client's currency).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MetricsOut {
    /// Issued, not cancelled invoices.
    #[schema(example = "1234.50")]
    pub total_invoiced: String,
    /// Payments net of refunds.
    pub total_paid: String,
    /// Open balance.
    pub outstanding: String,
}

impl MetricsOut {
    /// Converts, in the client's currency.
    pub fn new(m: &ClientMetrics, c: crm_core::domain::Currency) -> Self {
        Self {
            total_invoiced: money(m.total_invoiced, c),
            total_paid: money(m.total_paid, c),
            outstanding: money(m.outstanding, c),
        }
    }
}

/// A client in a list, with its figures.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClientListItem {
    /// The client.
    pub client: ClientOut,
    /// Its figures.
    pub metrics: MetricsOut,
}

/// A page of clients.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClientPage {
    /// The clients, by name.
    pub data: Vec<ClientListItem>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// One document of a client's history.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DocumentOut {
    /// `invoice` or `quote`.
    #[schema(example = "invoice")]
    pub kind: String,
    /// Id.
    pub id: Uuid,
    /// Number (drafts have none).
    pub number: Option<String>,
    /// Stored status.
    pub status: String,
    /// Issued.
    pub issue_date: Option<NaiveDate>,
    /// Due (invoices) or valid until (quotes).
    pub due_date: Option<NaiveDate>,
    /// Gross total.
    pub total: String,
    /// Open balance (invoices).
    pub balance: String,
    /// ISO 4217.
    pub currency: String,
    /// Created.
    pub created_at: DateTime<Utc>,
}

impl From<&DocumentSummary> for DocumentOut {
    fn from(d: &DocumentSummary) -> Self {
        Self {
            kind: d.kind.as_str().to_owned(),
            id: d.id,
            number: d.number.clone(),
            status: d.status.clone(),
            issue_date: d.issue_date,
            due_date: d.due_date,
            total: money(d.total, d.currency),
            balance: money(d.balance, d.currency),
            currency: d.currency.code().to_owned(),
            created_at: d.created_at,
        }
    }
}

/// A page of documents.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DocumentPage {
    /// Newest first.
    pub data: Vec<DocumentOut>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// The 360° headline of a client.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DashboardOut {
    /// The client.
    pub client: ClientOut,
    /// Issued, not cancelled invoices.
    pub total_invoiced: String,
    /// Payments net of refunds.
    pub total_paid: String,
    /// Open balance.
    pub outstanding: String,
    /// ISO 4217 currency of the figures.
    pub currency: String,
    /// The newest documents.
    pub recent: Vec<DocumentOut>,
}

/// A line item as sent.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemIn {
    /// What.
    #[schema(min_length = 1)]
    pub description: String,
    /// How many (decimal string).
    #[schema(pattern = r"^-?[0-9]+(\.[0-9]+)?$", example = "2")]
    pub quantity: String,
    /// Net price per unit (decimal string).
    #[schema(pattern = r"^-?[0-9]+(\.[0-9]+)?$", example = "100.00")]
    pub unit_price: String,
    /// Tax rate in percent (decimal string).
    #[schema(pattern = r"^-?[0-9]+(\.[0-9]+)?$", example = "19")]
    pub tax_rate: String,
    /// Net discount on the line (decimal string).
    #[serde(default)]
    #[schema(pattern = r"^-?[0-9]+(\.[0-9]+)?$")]
    pub discount: Option<String>,
}

/// Parses items; errors as `items[i].field`.
pub fn items(errors: &mut Collector, items: &[ItemIn]) -> Vec<LineItemInput> {
    items
        .iter()
        .enumerate()
        .map(|(i, it)| LineItemInput {
            description: it.description.clone(),
            quantity: decimal(errors, &format!("items[{i}].quantity"), &it.quantity),
            unit_price: decimal(errors, &format!("items[{i}].unit_price"), &it.unit_price),
            tax_rate: decimal(errors, &format!("items[{i}].tax_rate"), &it.tax_rate),
            discount: it.discount.as_deref().map_or(Decimal::ZERO, |d| {
                decimal(errors, &format!("items[{i}].discount"), d)
            }),
        })
        .collect()
}

/// A new invoice (a draft).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvoiceCreate {
    /// The client.
    pub client_id: Uuid,
    /// Line items.
    #[schema(min_items = 1)]
    pub items: Vec<ItemIn>,
    /// Due date; the company's payment terms when omitted.
    #[serde(default)]
    pub due_date: Option<NaiveDate>,
    /// Notes printed on the invoice.
    #[serde(default)]
    pub notes: Option<String>,
    /// Terms printed on the invoice.
    #[serde(default)]
    pub terms: Option<String>,
}

/// A new quote (a draft).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuoteCreate {
    /// The client.
    pub client_id: Uuid,
    /// Line items.
    #[schema(min_items = 1)]
    pub items: Vec<ItemIn>,
    /// Valid until.
    #[serde(default)]
    pub valid_until: Option<NaiveDate>,
    /// Notes printed on the quote.
    #[serde(default)]
    pub notes: Option<String>,
}

/// A line item.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ItemOut {
    /// What.
    #[schema(min_length = 1)]
    pub description: String,
    /// How many.
    pub quantity: String,
    /// Net price per unit.
    pub unit_price: String,
    /// Tax rate in percent.
    pub tax_rate: String,
    /// Net discount.
    pub discount: String,
    /// Net of the line (rounded).
    pub net: String,
}

fn item_out(l: &LineItem, c: crm_core::domain::Currency) -> ItemOut {
    ItemOut {
        description: l.description().to_owned(),
        quantity: l.quantity().normalize().to_string(),
        unit_price: l.unit_price().normalize().to_string(),
        tax_rate: l.tax_rate().percent().normalize().to_string(),
        discount: money(l.discount(), c),
        net: money(l.net(), c),
    }
}

/// Tax of one rate.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TaxOut {
    /// Rate in percent.
    pub rate: String,
    /// Net of the lines with this rate.
    pub net: String,
    /// Tax.
    pub tax: String,
}

/// Document totals.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TotalsOut {
    /// Net.
    pub net: String,
    /// Tax per rate.
    pub taxes: Vec<TaxOut>,
    /// Tax.
    pub tax: String,
    /// Gross.
    pub total: String,
}

fn totals_out(t: &Totals, c: crm_core::domain::Currency) -> TotalsOut {
    TotalsOut {
        net: money(t.net, c),
        taxes: t
            .taxes
            .iter()
            .map(|x| TaxOut {
                rate: x.rate.percent().normalize().to_string(),
                net: money(x.net, c),
                tax: money(x.tax, c),
            })
            .collect(),
        tax: money(t.tax, c),
        total: money(t.total, c),
    }
}

/// An invoice.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InvoiceOut {
    /// Id.
    pub id: Uuid,
    /// Client.
    pub client_id: Uuid,
    /// Number (drafts have none).
    pub number: Option<String>,
    /// `draft`, `sent`, `partial`, `paid` or `cancelled`.
    pub status: String,
    /// Whether it is past due with a balance.
    pub overdue: bool,
    /// ISO 4217.
    pub currency: String,
    /// Line items.
    pub items: Vec<ItemOut>,
    /// Totals.
    pub totals: TotalsOut,
    /// Paid so far (net of refunds).
    pub amount_paid: String,
    /// Open balance.
    pub balance: String,
    /// Issued.
    pub issue_date: Option<NaiveDate>,
    /// Due.
    pub due_date: Option<NaiveDate>,
    /// Notes.
    pub notes: Option<String>,
    /// Terms.
    pub terms: Option<String>,
    /// The quote it came from.
    pub quote_id: Option<Uuid>,
    /// First opened in the portal.
    pub viewed_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl InvoiceOut {
    /// Converts, resolving `overdue` against `today`.
    pub fn new(i: &Invoice, today: NaiveDate) -> Self {
        Self {
            id: i.id.as_uuid(),
            client_id: i.client_id.as_uuid(),
            number: i.number.clone(),
            status: i.status.as_str().to_owned(),
            overdue: i.is_overdue(today),
            currency: i.currency.code().to_owned(),
            items: i.lines.iter().map(|l| item_out(l, i.currency)).collect(),
            totals: totals_out(&i.totals, i.currency),
            amount_paid: money(i.amount_paid, i.currency),
            balance: money(i.balance, i.currency),
            issue_date: i.issue_date,
            due_date: i.due_date,
            notes: i.notes.clone(),
            terms: i.terms.clone(),
            quote_id: i.quote_id.map(|q| q.as_uuid()),
            viewed_at: i.viewed_at,
            created_at: i.created_at,
            updated_at: i.updated_at,
        }
    }
}

/// A quote.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuoteOut {
    /// Id.
    pub id: Uuid,
    /// Client.
    pub client_id: Uuid,
    /// Number (drafts have none).
    pub number: Option<String>,
    /// `draft`, `sent`, `approved`, `rejected`.
    pub status: String,
    /// ISO 4217.
    pub currency: String,
    /// Line items.
    pub items: Vec<ItemOut>,
    /// Totals.
    pub totals: TotalsOut,
    /// Issued.
    pub issue_date: Option<NaiveDate>,
    /// Valid until.
    pub valid_until: Option<NaiveDate>,
    /// Notes.
    pub notes: Option<String>,
    /// Why the client rejected it.
    pub rejection_reason: Option<String>,
    /// The invoice it was converted to.
    pub invoice_id: Option<Uuid>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<&Quote> for QuoteOut {
    fn from(q: &Quote) -> Self {
        Self {
            id: q.id.as_uuid(),
            client_id: q.client_id.as_uuid(),
            number: q.number.clone(),
            status: q.status.as_str().to_owned(),
            currency: q.currency.code().to_owned(),
            items: q.lines.iter().map(|l| item_out(l, q.currency)).collect(),
            totals: totals_out(&q.totals, q.currency),
            issue_date: q.issue_date,
            valid_until: q.valid_until,
            notes: q.notes.clone(),
            rejection_reason: q.rejection_reason.clone(),
            invoice_id: q.invoice_id.map(|i| i.as_uuid()),
            created_at: q.created_at,
            updated_at: q.updated_at,
        }
    }
}

/// A manual payment.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentCreate {
    /// Amount (decimal string, > 0, at most the balance).
    #[schema(pattern = r"^-?[0-9]+(\.[0-9]+)?$", example = "119.00")]
    pub amount: String,
    /// `card`, `bank_transfer`, `direct_debit`, `cash`, `cheque` or `other`.
    #[schema(
        pattern = "^(card|bank_transfer|direct_debit|cash|cheque|other)$",
        example = "bank_transfer"
    )]
    pub method: String,
    /// Reference (unique per company; repeating it is idempotent).
    #[serde(default)]
    pub reference: Option<String>,
    /// Date; today when omitted.
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// Email a receipt to the primary contact.
    #[serde(default)]
    pub send_receipt: bool,
}

/// A payment.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PaymentOut {
    /// Id.
    pub id: Uuid,
    /// Invoice.
    pub invoice_id: Uuid,
    /// Amount.
    pub amount: String,
    /// ISO 4217.
    pub currency: String,
    /// Date.
    pub date: NaiveDate,
    /// Method.
    pub method: String,
    /// Reference.
    pub reference: Option<String>,
    /// Refunded so far.
    pub refunded: String,
    /// Created.
    pub created_at: DateTime<Utc>,
}

impl From<&Payment> for PaymentOut {
    fn from(p: &Payment) -> Self {
        Self {
            id: p.id.as_uuid(),
            invoice_id: p.invoice_id.as_uuid(),
            amount: money(p.amount, p.currency),
            currency: p.currency.code().to_owned(),
            date: p.date,
            method: p.method.as_str().to_owned(),
            reference: p.reference.clone(),
            refunded: money(p.refunded, p.currency),
            created_at: p.created_at,
        }
    }
}

/// What recording a payment did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PaymentResult {
    /// The payment (the earlier one when `already_recorded`).
    pub payment: PaymentOut,
    /// True when the reference was recorded before; nothing changed.
    pub already_recorded: bool,
    /// The invoice as updated (absent when nothing changed).
    pub invoice: Option<InvoiceOut>,
}

/// An email template as sent.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateIn {
    /// Subject (one line, handlebars).
    #[schema(min_length = 1)]
    pub subject: String,
    /// Body (handlebars).
    #[schema(min_length = 1)]
    pub body: String,
}

/// An email template.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TemplateOut {
    /// Kind.
    pub kind: TemplateKindDto,
    /// Subject.
    pub subject: String,
    /// Body.
    pub body: String,
    /// Where it comes from: `client`, `company` or `default` (built-in).
    pub source: String,
}

/// Email template kinds.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TemplateKindDto {
    /// Invoice email.
    Invoice,
    /// Quote email.
    Quote,
    /// Payment receipt.
    PaymentReceipt,
    /// Staff reply to a ticket.
    TicketReply,
    /// Portal sign-in link.
    PortalLogin,
}

impl TemplateKindDto {
    /// The core's kind.
    pub fn to_core(self) -> crm_core::domain::TemplateKind {
        use crm_core::domain::TemplateKind as K;
        match self {
            Self::Invoice => K::Invoice,
            Self::Quote => K::Quote,
            Self::PaymentReceipt => K::PaymentReceipt,
            Self::TicketReply => K::TicketReply,
            Self::PortalLogin => K::PortalLogin,
        }
    }
}

/// A ticket.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TicketOut {
    /// Id.
    pub id: Uuid,
    /// Client.
    pub client_id: Uuid,
    /// The contact who opened it.
    pub contact_id: Uuid,
    /// Subject.
    pub subject: String,
    /// `open`, `waiting_on_client`, `waiting_on_staff` or `closed`.
    pub status: String,
    /// Opened.
    pub created_at: DateTime<Utc>,
    /// Last message.
    pub last_message_at: DateTime<Utc>,
}

impl From<&Ticket> for TicketOut {
    fn from(t: &Ticket) -> Self {
        Self {
            id: t.id.as_uuid(),
            client_id: t.client_id.as_uuid(),
            contact_id: t.contact_id.as_uuid(),
            subject: t.subject.clone(),
            status: t.status.as_str().to_owned(),
            created_at: t.created_at,
            last_message_at: t.last_message_at,
        }
    }
}

/// A page of tickets.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TicketPage {
    /// Those awaiting staff first, then by last message, newest first.
    pub data: Vec<TicketOut>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// A message in a ticket thread.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MessageOut {
    /// Id.
    pub id: Uuid,
    /// `contact` or `staff`.
    pub author_kind: String,
    /// Author's name.
    pub author_name: String,
    /// Text.
    pub body: String,
    /// Written.
    pub created_at: DateTime<Utc>,
}

impl From<&TicketMessage> for MessageOut {
    fn from(m: &TicketMessage) -> Self {
        Self {
            id: m.id.as_uuid(),
            author_kind: match m.author {
                Author::Contact { .. } => "contact".into(),
                Author::Staff { .. } => "staff".into(),
            },
            author_name: m.author.name().to_owned(),
            body: m.body.clone(),
            created_at: m.created_at,
        }
    }
}

/// A ticket with its thread.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TicketDetail {
    /// The ticket.
    pub ticket: TicketOut,
    /// Messages, oldest first.
    pub messages: Vec<MessageOut>,
}

/// A staff reply.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyIn {
    /// Text (emailed to the contact).
    #[schema(min_length = 1)]
    pub body: String,
}

/// Options of a portal link.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PortalLinkIn {
    /// Also email the link to the contact.
    #[serde(default)]
    pub send: bool,
    /// The contact; the primary one when omitted.
    #[serde(default)]
    pub contact_id: Option<Uuid>,
}

/// A portal link.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PortalLinkOut {
    /// The sign-in URL (valid for the document-link lifetime).
    pub url: String,
}

/// Turns collected parse errors into the core's error type.
pub fn finish(errors: Collector) -> Result<(), ValidationErrors> {
    errors.finish()
}
