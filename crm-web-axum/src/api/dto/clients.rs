//! Clients, contacts, addresses, figures, document lists and portal links on the wire.

use super::*;

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
    /// How document emails (invoices, quotes, receipts) reach this contact: `to`, `cc` or
    /// `none`. The primary contact is always `to`. Omitted: `none` for a new contact, the
    /// current role for an existing one (PATCH).
    #[serde(default)]
    #[schema(pattern = "^(to|cc|none)$", example = "cc")]
    pub mail_role: Option<String>,
}

impl ContactIn {
    fn to_core(&self) -> ContactInput {
        ContactInput {
            id: self.id.map(crm_core::domain::ContactId::from_uuid),
            name: self.name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            primary: self.primary,
            mail_role: self.mail_role.clone(),
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
    /// `business` (the default) or `consumer`.
    #[serde(default)]
    #[schema(pattern = "^(business|consumer)$", example = "business")]
    pub kind: Option<String>,
    /// Own payment terms; the company's when omitted.
    #[serde(default)]
    pub payment_terms: Option<PaymentTermsDto>,
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
    /// E-invoice format: `plain`, `zugferd`, `xrechnung_cii` or `xrechnung_ubl`; omitted or
    /// `null`: the default for the client's kind and country (`einvoice_format_effective`).
    #[serde(default)]
    #[schema(
        pattern = "^(plain|zugferd|xrechnung_cii|xrechnung_ubl)$",
        example = "xrechnung_cii"
    )]
    pub einvoice_format: Option<String>,
    /// Buyer reference (BT-10), for public buyers their Leitweg-ID (its check digits are
    /// verified); up to 200 characters.
    #[serde(default)]
    #[schema(max_length = 200, example = "04011000-1234512345-06")]
    pub buyer_reference: Option<String>,
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
            kind: self.kind.clone(),
            payment_terms: self
                .payment_terms
                .as_ref()
                .map(PaymentTermsDto::to_core)
                .unwrap_or_default(),
            einvoice_format: self.einvoice_format.clone(),
            buyer_reference: self.buyer_reference.clone(),
        }
    }
}

/// A PATCH field that can be cleared: absent (`None`) keeps the value, `null` (`Some(None)`)
/// clears it, a value (`Some(Some(_))`) sets it.
fn nullable<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
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
    /// `business` or `consumer`.
    #[serde(default)]
    #[schema(pattern = "^(business|consumer)$")]
    pub kind: Option<String>,
    /// Own payment terms; `{}` returns to the company's.
    #[serde(default)]
    pub payment_terms: Option<PaymentTermsDto>,
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
    /// E-invoice format (`plain`, `zugferd`, `xrechnung_cii`, `xrechnung_ubl`); `null`
    /// returns to the default.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, pattern = "^(plain|zugferd|xrechnung_cii|xrechnung_ubl)$")]
    pub einvoice_format: Option<Option<String>>,
    /// Buyer reference (BT-10) or Leitweg-ID; `null` or `""` removes it.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 200)]
    pub buyer_reference: Option<Option<String>>,
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
        if let Some(v) = &self.kind {
            input.kind = Some(v.clone());
        }
        if let Some(v) = &self.payment_terms {
            input.payment_terms = v.to_core();
        }
        if let Some(v) = &self.contacts {
            let before = std::mem::take(&mut input.contacts);
            input.contacts = v
                .iter()
                .map(|k| {
                    let mut c = k.to_core();
                    // A kept contact sent without its role keeps the role it has.
                    if c.mail_role.is_none() {
                        c.mail_role = before
                            .iter()
                            .find(|b| b.id.is_some() && b.id == c.id)
                            .and_then(|b| b.mail_role.clone());
                    }
                    c
                })
                .collect();
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
        if let Some(v) = &self.einvoice_format {
            input.einvoice_format.clone_from(v);
        }
        if let Some(v) = &self.buyer_reference {
            input.buyer_reference = v.clone().filter(|s| !s.trim().is_empty());
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
    /// The contact documents are addressed to first (exactly one).
    pub primary: bool,
    /// How document emails reach this contact: `to`, `cc` or `none` (`to` for the primary).
    #[schema(pattern = "^(to|cc|none)$")]
    pub mail_role: String,
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
    /// `business` or `consumer`.
    pub kind: String,
    /// Own payment terms (none: the company's).
    pub payment_terms: Option<PaymentTermsDto>,
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
    /// The chosen e-invoice format; `null`: the default.
    #[schema(pattern = "^(plain|zugferd|xrechnung_cii|xrechnung_ubl)$")]
    pub einvoice_format: Option<String>,
    /// The format the client's next invoices are issued in: the chosen one, else the default
    /// (`zugferd` for a business in the company's country, `plain` otherwise).
    #[schema(
        pattern = "^(plain|zugferd|xrechnung_cii|xrechnung_ubl)$",
        example = "zugferd"
    )]
    pub einvoice_format_effective: String,
    /// Buyer reference (BT-10) or Leitweg-ID.
    pub buyer_reference: Option<String>,
    /// Reminders stopped for the client (`PUT /clients/{id}/dunning-block`), if so.
    pub dunning_block: Option<DunningBlockDto>,
    /// The client's own dunning levels (`PUT /clients/{id}/dunning-schedule`); null: the
    /// company's.
    pub dunning_schedule: Option<DunningScheduleDto>,
    /// Archived clients are hidden from lists and cannot get new documents.
    pub archived: bool,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl ClientOut {
    /// The wire form of `c`, a client of a company in `seller_country` (which decides the
    /// default e-invoice format).
    pub fn new(c: &Client, seller_country: Country) -> Self {
        Self {
            id: c.id.as_uuid(),
            number: c.number.clone(),
            name: c.name.clone(),
            kind: c.kind.as_str().to_owned(),
            payment_terms: c.payment_terms.as_ref().map(PaymentTermsDto::of),
            contacts: c
                .contacts
                .iter()
                .map(|k| ContactOut {
                    id: k.id.as_uuid(),
                    name: k.name.clone(),
                    email: k.email.as_str().to_owned(),
                    phone: k.phone.as_ref().map(|p| p.as_str().to_owned()),
                    primary: k.primary,
                    mail_role: k.mail_role.as_str().to_owned(),
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
            einvoice_format: c.einvoice_format.map(|f| f.as_str().to_owned()),
            einvoice_format_effective: c
                .effective_einvoice_format(seller_country)
                .as_str()
                .to_owned(),
            buyer_reference: c.buyer_reference.as_ref().map(|r| r.as_str().to_owned()),
            dunning_block: c.dunning_block.as_ref().map(|b| DunningBlockDto {
                reason: b.reason.clone(),
                until: b.until,
            }),
            dunning_schedule: c.dunning_schedule.as_ref().map(|s| DunningScheduleDto {
                levels: LevelRuleDto::of(s),
            }),
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
    /// Dunning fees and default interest claimed and not yet paid (payments settle them
    /// before the balance, §367 BGB).
    #[schema(example = "40.00")]
    pub fees_and_interest_outstanding: String,
}

impl MetricsOut {
    /// Converts, in the client's currency.
    pub fn new(m: &ClientMetrics, c: crm_core::domain::Currency) -> Self {
        Self {
            total_invoiced: money(m.total_invoiced, c),
            total_paid: money(m.total_paid, c),
            outstanding: money(m.outstanding, c),
            fees_and_interest_outstanding: money(m.costs_outstanding, c),
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
    /// `invoice`, `quote`, `cancellation` or `credit` (the corrections: status `issued`,
    /// negative total, no balance).
    #[schema(example = "invoice")]
    pub kind: String,
    /// Id.
    pub id: Uuid,
    /// Its client.
    pub client_id: Uuid,
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
            client_id: d.client_id.as_uuid(),
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
    /// Dunning fees and default interest claimed and not yet paid.
    pub fees_and_interest_outstanding: String,
    /// ISO 4217 currency of the figures.
    pub currency: String,
    /// The newest documents.
    pub recent: Vec<DocumentOut>,
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

/// Payment terms: days until due and an optional cash discount (Skonto).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentTermsDto {
    /// Days from the invoice date to the due date.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 365)]
    pub days: Option<u32>,
    /// Cash discount in percent (decimal string, e.g. "2").
    #[serde(default)]
    #[schema(pattern = r"^[0-9]+(\.[0-9]+)?$", example = "2")]
    pub skonto_percent: Option<String>,
    /// Days after the invoice date the discount applies.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 365)]
    pub skonto_days: Option<u32>,
}

impl PaymentTermsDto {
    /// The wire form of `t`.
    pub fn of(t: &crm_core::domain::PaymentTerms) -> Self {
        Self {
            days: Some(t.days),
            skonto_percent: t.skonto.map(|s| s.percent.normalize().to_string()),
            skonto_days: t.skonto.map(|s| s.days),
        }
    }

    /// The core's input; a percent that is no decimal becomes one the core refuses (-1), so
    /// the error names `payment_terms.skonto_percent`.
    pub fn to_core(&self) -> crm_core::domain::PaymentTermsInput {
        crm_core::domain::PaymentTermsInput {
            days: self.days,
            skonto_percent: self
                .skonto_percent
                .as_deref()
                .map(|p| p.parse().unwrap_or(Decimal::NEGATIVE_ONE)),
            skonto_days: self.skonto_days,
        }
    }
}
