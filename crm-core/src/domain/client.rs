//! Clients and their contacts.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::address::{Country, PostalAddress};
use super::buyer_reference::BuyerReference;
use super::currency::Currency;
use super::einvoice_format::EInvoiceFormat;
use super::email::EmailAddress;
use super::ids::{ClientId, CompanyId, ContactId};
use super::locale::Locale;
use super::payment_terms::{PaymentTerms, PaymentTermsInput};
use super::phone::PhoneNumber;
use super::tax_id::TaxId;
use super::validation::{
    Collector, ValidationErrors, ValueError, multiline_text, optional_text, required_text,
};

/// How a contact receives the client's document emails (invoices, quotes, receipts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailRole {
    /// Addressed in `To`. The primary contact always is.
    To,
    /// Copied in `Cc`.
    Cc,
    /// Receives no document emails (sign-in links and ticket replies still reach them).
    #[default]
    None,
}

impl MailRole {
    /// All roles, in display order.
    pub const ALL: [MailRole; 3] = [Self::To, Self::Cc, Self::None];

    /// The stable name used in storage, forms and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::To => "to",
            Self::Cc => "cc",
            Self::None => "none",
        }
    }

    /// Parses [`Self::as_str`].
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| ValueError::new("mail_layout.err.mail_role").arg("shown", s.to_owned()))
    }
}

/// A person at a client. Exactly one contact of a client is primary: the person document
/// emails are addressed to (and whose magic link they carry); others may be added in `To` or
/// `Cc` by their [`MailRole`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// Id (kept across edits so magic links stay bound to the person).
    pub id: ContactId,
    /// Full name.
    pub name: String,
    /// Email address.
    pub email: EmailAddress,
    /// Phone number.
    pub phone: Option<PhoneNumber>,
    /// The contact documents are addressed to first.
    pub primary: bool,
    /// How document emails reach this contact (always [`MailRole::To`] for the primary).
    #[serde(default)]
    pub mail_role: MailRole,
}

/// Whether a client buys as a business or as a consumer: decides reverse charge, the
/// e-invoice duty, the default-interest rate and consumer notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientKind {
    /// A business (the default: most of what our users invoice is B2B).
    #[default]
    Business,
    /// A private person.
    Consumer,
}

impl ClientKind {
    /// The stable name used in storage and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Business => "business",
            Self::Consumer => "consumer",
        }
    }

    /// Parses [`Self::as_str`].
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        match s.trim() {
            "business" => Ok(Self::Business),
            "consumer" => Ok(Self::Consumer),
            other => Err(ValueError::new("client_kind.unknown").arg("shown", other.to_owned())),
        }
    }
}

/// A client of a company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Client {
    /// Id.
    pub id: ClientId,
    /// The tenant.
    pub company_id: CompanyId,
    /// Client number, unique per company.
    pub number: String,
    /// Name (a company's or a person's).
    pub name: String,
    /// Business or consumer.
    #[serde(default)]
    pub kind: ClientKind,
    /// The client's own payment terms (the company's when `None`).
    #[serde(default)]
    pub payment_terms: Option<PaymentTerms>,
    /// Contacts, exactly one of them primary.
    pub contacts: Vec<Contact>,
    /// Billing address.
    pub address: PostalAddress,
    /// Tax number or VAT ID.
    pub tax_id: Option<TaxId>,
    /// Currency of all the client's documents.
    pub currency: Currency,
    /// Language of documents, emails and the portal.
    pub locale: Locale,
    /// Internal notes (never shown to the client).
    pub notes: Option<String>,
    /// The e-invoice format chosen for the client; `None`: the default for its kind and
    /// country ([`Client::effective_einvoice_format`]).
    #[serde(default)]
    pub einvoice_format: Option<EInvoiceFormat>,
    /// BT-10, quoted on every invoice: for a public buyer its Leitweg-ID.
    #[serde(default)]
    pub buyer_reference: Option<BuyerReference>,
    /// Reminders stopped for this client (set by staff, see [`crate::Crm::set_dunning_block`]).
    #[serde(default)]
    pub dunning_block: Option<super::dunning::DunningBlock>,
    /// The client's own dunning levels, where they differ from the company's (set by staff,
    /// see [`crate::Crm::set_dunning_schedule`]); `None`: the company's.
    #[serde(default)]
    pub dunning_schedule: Option<super::dunning::DunningSchedule>,
    /// Archived clients are hidden from lists but keep their history.
    pub archived: bool,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl Client {
    /// The e-invoice format the client's documents get from a seller in `seller_country`:
    /// the chosen one, else [`EInvoiceFormat::default_for`] its kind and country.
    pub fn effective_einvoice_format(&self, seller_country: Country) -> EInvoiceFormat {
        self.einvoice_format.unwrap_or_else(|| {
            EInvoiceFormat::default_for(self.kind, self.address.country(), seller_country)
        })
    }

    /// The primary contact. Every valid client has exactly one.
    pub fn primary_contact(&self) -> Option<&Contact> {
        self.contacts.iter().find(|c| c.primary)
    }

    /// The contact with `id`.
    pub fn contact(&self, id: ContactId) -> Option<&Contact> {
        self.contacts.iter().find(|c| c.id == id)
    }

    /// The further recipients of a document email addressed to `addressee`: the other
    /// contacts in `To` and those in `Cc`, in the client's order.
    pub fn document_copies(&self, addressee: ContactId) -> (Vec<&Contact>, Vec<&Contact>) {
        let others = || self.contacts.iter().filter(move |c| c.id != addressee);
        (
            others().filter(|c| c.mail_role == MailRole::To).collect(),
            others().filter(|c| c.mail_role == MailRole::Cc).collect(),
        )
    }
}

/// A postal address as the user sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressInput {
    /// Street and number.
    pub street: String,
    /// City.
    pub city: String,
    /// State or province.
    #[serde(default)]
    pub state: Option<String>,
    /// Postal code.
    pub postal_code: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
}

impl AddressInput {
    /// Validates into a [`PostalAddress`], all field errors at once.
    pub fn validate(&self) -> Result<PostalAddress, ValidationErrors> {
        let country =
            Country::parse(&self.country).map_err(|e| ValidationErrors::single("country", e))?;
        PostalAddress::new(
            &self.street,
            &self.city,
            self.state.as_deref(),
            &self.postal_code,
            country,
        )
    }
}

/// A contact as the user sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactInput {
    /// The existing contact's id when editing; `None` for a new contact.
    #[serde(default)]
    pub id: Option<ContactId>,
    /// Full name.
    pub name: String,
    /// Email address.
    pub email: String,
    /// Phone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// Whether this is the primary contact.
    #[serde(default)]
    pub primary: bool,
    /// `to`, `cc` or `none` (the default): how document emails reach this contact; the
    /// primary contact is always `to`.
    #[serde(default)]
    pub mail_role: Option<String>,
}

/// A client as the user sends it (create and full edit).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientInput {
    /// Name.
    pub name: String,
    /// Client number; assigned from the company's sequence when empty.
    #[serde(default)]
    pub number: Option<String>,
    /// `business` (the default) or `consumer`.
    #[serde(default)]
    pub kind: Option<String>,
    /// Own payment terms; empty for the company's.
    #[serde(default)]
    pub payment_terms: PaymentTermsInput,
    /// Contacts (at least one; exactly one primary — a single contact becomes primary).
    pub contacts: Vec<ContactInput>,
    /// Billing address.
    pub address: AddressInput,
    /// Tax number or VAT ID.
    #[serde(default)]
    pub tax_id: Option<String>,
    /// ISO 4217 currency; the company's when empty.
    #[serde(default)]
    pub currency: Option<String>,
    /// Language tag; the company's when empty.
    #[serde(default)]
    pub locale: Option<String>,
    /// Internal notes.
    #[serde(default)]
    pub notes: Option<String>,
    /// `plain`, `zugferd`, `xrechnung_cii` or `xrechnung_ubl`; empty for the default.
    #[serde(default)]
    pub einvoice_format: Option<String>,
    /// Buyer reference (BT-10) or Leitweg-ID; empty for none.
    #[serde(default)]
    pub buyer_reference: Option<String>,
}

/// A validated [`ClientInput`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidClient {
    /// Name.
    pub name: String,
    /// Number, if given.
    pub number: Option<String>,
    /// Business or consumer.
    pub kind: ClientKind,
    /// Own payment terms.
    pub payment_terms: Option<PaymentTerms>,
    /// Contacts; ids of new contacts are fresh.
    pub contacts: Vec<Contact>,
    /// Address.
    pub address: PostalAddress,
    /// Tax ID.
    pub tax_id: Option<TaxId>,
    /// Currency.
    pub currency: Currency,
    /// Locale.
    pub locale: Locale,
    /// Notes.
    pub notes: Option<String>,
    /// The chosen e-invoice format.
    pub einvoice_format: Option<EInvoiceFormat>,
    /// Buyer reference.
    pub buyer_reference: Option<BuyerReference>,
}

impl ClientInput {
    /// Validates every field and the contact rules; `default_currency` and `default_locale` are
    /// the company's.
    pub fn validate(
        &self,
        default_currency: Currency,
        default_locale: Locale,
    ) -> Result<ValidClient, ValidationErrors> {
        let mut c = Collector::new();
        let name = c.check("name", required_text(&self.name, 200));
        let number = c.check(
            "number",
            match self.number.as_deref() {
                Some(n) => client_number(n),
                None => Ok(None),
            },
        );
        let kind = c.check(
            "kind",
            match self.kind.as_deref().map(str::trim) {
                Some(k) if !k.is_empty() => ClientKind::parse(k),
                _ => Ok(ClientKind::Business),
            },
        );
        let payment_terms = match self.payment_terms.validate() {
            Ok(t) => Some(t),
            Err(e) => {
                c.nested("payment_terms", e);
                None
            }
        };
        let address = match self.address.validate() {
            Ok(a) => Some(a),
            Err(e) => {
                c.nested("address", e);
                None
            }
        };
        let country = address.as_ref().map(PostalAddress::country);
        let tax_id = c.check(
            "tax_id",
            match self.tax_id.as_deref().map(str::trim) {
                Some(t) if !t.is_empty() => TaxId::parse(t, country).map(Some),
                _ => Ok(None),
            },
        );
        let currency = c.check(
            "currency",
            match self.currency.as_deref().map(str::trim) {
                Some(code) if !code.is_empty() => Currency::parse(code),
                _ => Ok(default_currency),
            },
        );
        let locale = c.check(
            "locale",
            match self.locale.as_deref().map(str::trim) {
                Some(tag) if !tag.is_empty() => Locale::parse(tag),
                _ => Ok(default_locale),
            },
        );
        let notes = c.check(
            "notes",
            multiline_text(self.notes.as_deref().unwrap_or_default(), 10_000),
        );
        let einvoice_format = c.check(
            "einvoice_format",
            match self.einvoice_format.as_deref().map(str::trim) {
                Some(f) if !f.is_empty() => EInvoiceFormat::parse(f).map(Some).ok_or_else(|| {
                    ValueError::new("einvoice_format.unknown").arg("shown", f.to_owned())
                }),
                _ => Ok(None),
            },
        );
        let buyer_reference = c.check(
            "buyer_reference",
            match self.buyer_reference.as_deref().map(str::trim) {
                Some(r) if !r.is_empty() => BuyerReference::parse(r).map(Some),
                _ => Ok(None),
            },
        );
        let contacts = validate_contacts(&self.contacts, &mut c);
        c.finish()?;
        match (
            name,
            number,
            kind,
            payment_terms,
            address,
            tax_id,
            currency,
            locale,
            notes,
            einvoice_format,
            buyer_reference,
        ) {
            (
                Some(name),
                Some(number),
                Some(kind),
                Some(payment_terms),
                Some(address),
                Some(tax_id),
                Some(currency),
                Some(locale),
                Some(notes),
                Some(einvoice_format),
                Some(buyer_reference),
            ) => Ok(ValidClient {
                name,
                number,
                kind,
                payment_terms,
                contacts,
                address,
                tax_id,
                currency,
                locale,
                notes,
                einvoice_format,
                buyer_reference,
            }),
            _ => unreachable!("collector reported no error, so every field is valid"),
        }
    }
}

fn client_number(input: &str) -> Result<Option<String>, ValueError> {
    let n = optional_text(input, 50)?;
    if let Some(n) = &n
        && !n
            .chars()
            .all(|ch| ch.is_alphanumeric() || matches!(ch, '-' | '_' | '/' | '.'))
    {
        return Err(ValueError::new("client_number.format"));
    }
    Ok(n)
}

fn validate_contacts(inputs: &[ContactInput], c: &mut Collector) -> Vec<Contact> {
    if inputs.is_empty() {
        c.push("contacts", ValueError::new("contacts.empty"));
        return Vec::new();
    }
    if inputs.len() > 100 {
        c.push("contacts", ValueError::new("contacts.too_many"));
    }
    let mut contacts = Vec::with_capacity(inputs.len());
    let mut seen_emails = HashSet::new();
    let mut seen_ids = HashSet::new();
    for (i, input) in inputs.iter().enumerate() {
        let name = c.check(
            format!("contacts[{i}].name"),
            required_text(&input.name, 200),
        );
        let email = c.check(
            format!("contacts[{i}].email"),
            EmailAddress::parse(&input.email),
        );
        let phone = c.check(
            format!("contacts[{i}].phone"),
            match input.phone.as_deref().map(str::trim) {
                Some(p) if !p.is_empty() => PhoneNumber::parse(p).map(Some),
                _ => Ok(None),
            },
        );
        if let Some(email) = &email
            && !seen_emails.insert(email.normalized())
        {
            c.push(
                format!("contacts[{i}].email"),
                ValueError::new("contacts.duplicate_email"),
            );
        }
        if let Some(id) = input.id
            && !seen_ids.insert(id)
        {
            c.push(
                format!("contacts[{i}].id"),
                ValueError::new("contacts.duplicate_id"),
            );
        }
        let mail_role = c.check(
            format!("contacts[{i}].mail_role"),
            match input.mail_role.as_deref().map(str::trim) {
                Some(r) if !r.is_empty() => MailRole::parse(r),
                _ => Ok(MailRole::None),
            },
        );
        if let (Some(name), Some(email), Some(phone), Some(mail_role)) =
            (name, email, phone, mail_role)
        {
            contacts.push(Contact {
                id: input.id.unwrap_or_default(),
                name,
                email,
                phone,
                primary: input.primary,
                mail_role,
            });
        }
    }
    let primaries = inputs.iter().filter(|i| i.primary).count();
    match primaries {
        0 if inputs.len() == 1 => {
            if let Some(only) = contacts.first_mut() {
                only.primary = true;
            }
        }
        1 => {}
        0 => c.push("contacts", ValueError::new("contacts.no_primary")),
        _ => c.push("contacts", ValueError::new("contacts.several_primary")),
    }
    // Documents are addressed to the primary contact whatever its role says.
    for contact in contacts.iter_mut().filter(|c| c.primary) {
        contact.mail_role = MailRole::To;
    }
    contacts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ClientInput {
        ClientInput {
            name: "Müller GmbH".into(),
            contacts: vec![ContactInput {
                name: "Anna Müller".into(),
                email: "anna@mueller.example.com".into(),
                ..Default::default()
            }],
            address: AddressInput {
                street: "Hauptstraße 1".into(),
                city: "Berlin".into(),
                state: None,
                postal_code: "10115".into(),
                country: "DE".into(),
            },
            tax_id: Some("DE136695976".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_single_contact_becomes_primary() {
        let v = input().validate(Currency::EUR, Locale::De).expect("valid");
        assert!(v.contacts[0].primary);
        assert_eq!(v.currency, Currency::EUR);
    }

    #[test]
    fn reports_every_bad_field_at_once() {
        let mut i = input();
        i.name = "  ".into();
        i.contacts[0].email = "not-an-email".into();
        i.address.postal_code = "1011".into();
        i.currency = Some("EUX".into());
        i.tax_id = Some("DE12345678".into());
        let err = i.validate(Currency::EUR, Locale::De).expect_err("invalid");
        for field in [
            "name",
            "contacts[0].email",
            "address.postal_code",
            "currency",
            "tax_id",
        ] {
            assert!(
                err.field(field).is_some(),
                "missing error for {field}: {err}"
            );
        }
        assert!(err.to_string().contains("DE + 9 digits"), "{err}");
    }

    #[test]
    fn exactly_one_primary_among_several() {
        let mut i = input();
        i.contacts.push(ContactInput {
            name: "Bob".into(),
            email: "bob@mueller.example.com".into(),
            ..Default::default()
        });
        let err = i
            .validate(Currency::EUR, Locale::De)
            .expect_err("no primary");
        assert_eq!(
            err.field("contacts").map(|e| e.code()),
            Some("contacts.no_primary")
        );
        i.contacts[0].primary = true;
        i.contacts[1].primary = true;
        let err = i
            .validate(Currency::EUR, Locale::De)
            .expect_err("two primaries");
        assert_eq!(
            err.field("contacts").map(|e| e.code()),
            Some("contacts.several_primary")
        );
        i.contacts[1].primary = false;
        assert!(i.validate(Currency::EUR, Locale::De).is_ok());
        i.contacts[1].email = "ANNA@mueller.example.com".into();
        assert!(i.validate(Currency::EUR, Locale::De).is_err());
    }

    fn client_of(v: ValidClient) -> Client {
        let now = Utc::now();
        Client {
            id: ClientId::new(),
            company_id: CompanyId::new(),
            number: "K-1".into(),
            name: v.name,
            kind: v.kind,
            payment_terms: v.payment_terms,
            contacts: v.contacts,
            address: v.address,
            tax_id: v.tax_id,
            currency: v.currency,
            locale: v.locale,
            notes: v.notes,
            einvoice_format: v.einvoice_format,
            buyer_reference: v.buyer_reference,
            dunning_block: None,
            dunning_schedule: None,
            archived: false,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn einvoice_format_and_buyer_reference_are_validated() {
        let mut i = input();
        i.einvoice_format = Some(" xrechnung_ubl ".into());
        i.buyer_reference = Some(" 991-33333TEST-33 ".into());
        let v = i.validate(Currency::EUR, Locale::De).expect("valid");
        assert_eq!(v.einvoice_format, Some(EInvoiceFormat::XrechnungUbl));
        assert_eq!(
            v.buyer_reference.as_ref().map(BuyerReference::as_str),
            Some("991-33333TEST-33")
        );

        i.einvoice_format = Some("".into());
        i.buyer_reference = Some("  ".into());
        let v = i.validate(Currency::EUR, Locale::De).expect("valid");
        assert_eq!((v.einvoice_format, v.buyer_reference), (None, None));

        i.einvoice_format = Some("pdf".into());
        i.buyer_reference = Some("991-33333TEST-34".into());
        let err = i.validate(Currency::EUR, Locale::De).expect_err("invalid");
        assert_eq!(
            err.field("einvoice_format").map(ValueError::code),
            Some("einvoice_format.unknown")
        );
        assert_eq!(
            err.field("buyer_reference").map(ValueError::code),
            Some("buyer_reference.check_digits")
        );
        assert!(err.to_string().contains("33"), "{err}");
    }

    #[test]
    fn the_effective_format_is_the_chosen_one_or_the_default() {
        let de = Country::parse("DE").expect("a country");
        let at = Country::parse("AT").expect("a country");
        let mut c = client_of(input().validate(Currency::EUR, Locale::De).expect("valid"));
        assert_eq!(c.effective_einvoice_format(de), EInvoiceFormat::Zugferd);
        assert_eq!(c.effective_einvoice_format(at), EInvoiceFormat::Plain);
        c.kind = ClientKind::Consumer;
        assert_eq!(c.effective_einvoice_format(de), EInvoiceFormat::Plain);
        c.einvoice_format = Some(EInvoiceFormat::XrechnungCii);
        assert_eq!(
            c.effective_einvoice_format(de),
            EInvoiceFormat::XrechnungCii
        );
        assert_eq!(
            c.effective_einvoice_format(at),
            EInvoiceFormat::XrechnungCii
        );
    }
}
