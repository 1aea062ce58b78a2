//! The company's legal identity beyond its name and address: the German tax number beside the
//! VAT ID, the small-business (§19 UStG) mode, the business-letter details every document and
//! email must state (§37a HGB, §35a GmbHG, §80 AktG) and the contact printed on documents.
//!
//! These are frozen into every issued document ([`Seller`]): a later change affects only
//! documents issued later.

use serde::{Deserialize, Serialize};

use super::address::{Country, PostalAddress};
use super::company::Company;
use super::email::EmailAddress;
use super::iban::BankAccount;
use super::phone::PhoneNumber;
use super::tax_id::{Bundesland, Steuernummer, TaxId};
use super::validation::{Collector, ValidationErrors, ValueError, optional_text};

/// Longest text of one legal detail (a court's name, a legal form).
const MAX_DETAIL: usize = 200;
/// Most managing directors listed.
const MAX_DIRECTORS: usize = 20;

/// The person documents name as the seller's contact (XRechnung requires one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentContact {
    /// Name of the person or department.
    pub name: String,
    /// Phone number.
    #[serde(default)]
    pub phone: Option<PhoneNumber>,
    /// Email address.
    #[serde(default)]
    pub email: Option<EmailAddress>,
}

/// A company's legal details. Every field is optional because what applies depends on the
/// legal form: a sole trader has no register entry, a GmbH must list its directors.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LegalDetails {
    /// The German tax number (Steuernummer) beside the VAT ID in [`Company::tax_id`], as
    /// its state writes it.
    pub tax_number: Option<TaxId>,
    /// The state of a German tax number (`BY`, `BE`, …), so it reads back unambiguously.
    pub tax_number_state: Option<String>,
    /// Small business under §19 UStG: invoices carry no VAT and say why.
    pub small_business: bool,
    /// Legal form as printed ("GmbH", "UG (haftungsbeschränkt)", "e.K.").
    pub legal_form: Option<String>,
    /// Registered seat (Sitz der Gesellschaft).
    pub registered_seat: Option<String>,
    /// Register court ("Amtsgericht München").
    pub register_court: Option<String>,
    /// Register number ("HRB 123456").
    pub register_number: Option<String>,
    /// Managing directors (Geschäftsführer) or the board, in the order printed.
    pub managing_directors: Vec<String>,
    /// Chair of the supervisory board, if there is one.
    pub supervisory_chair: Option<String>,
    /// Contact printed on documents.
    pub contact: Option<DocumentContact>,
}

/// A company's legal details as a form or the API sends them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LegalDetailsInput {
    /// Steuernummer.
    pub tax_number: Option<String>,
    /// The state (ISO 3166-2 code without `DE-`: `BY`, `BE`, …) whose tax office issued a
    /// German tax number; needed only where several states write numbers alike.
    pub tax_number_state: Option<String>,
    /// §19 UStG mode.
    pub small_business: bool,
    /// Legal form.
    pub legal_form: Option<String>,
    /// Registered seat.
    pub registered_seat: Option<String>,
    /// Register court.
    pub register_court: Option<String>,
    /// Register number.
    pub register_number: Option<String>,
    /// Managing directors.
    pub managing_directors: Vec<String>,
    /// Chair of the supervisory board.
    pub supervisory_chair: Option<String>,
    /// Contact name; phone and email only count with a name.
    pub contact_name: Option<String>,
    /// Contact phone.
    pub contact_phone: Option<String>,
    /// Contact email.
    pub contact_email: Option<String>,
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl LegalDetailsInput {
    /// The input that reproduces `d`.
    pub fn of(d: &LegalDetails) -> Self {
        let contact = d.contact.as_ref();
        Self {
            tax_number: d.tax_number.as_ref().map(|t| t.as_str().to_owned()),
            tax_number_state: d.tax_number_state.clone(),
            small_business: d.small_business,
            legal_form: d.legal_form.clone(),
            registered_seat: d.registered_seat.clone(),
            register_court: d.register_court.clone(),
            register_number: d.register_number.clone(),
            managing_directors: d.managing_directors.clone(),
            supervisory_chair: d.supervisory_chair.clone(),
            contact_name: contact.map(|c| c.name.clone()),
            contact_phone: contact.and_then(|c| c.phone.as_ref().map(|p| p.to_string())),
            contact_email: contact.and_then(|c| c.email.as_ref().map(|e| e.to_string())),
        }
    }

    /// Validates the details of a company in `address`'s country; field errors are named like
    /// the input (`tax_number`, `register_number`, `managing_directors[1]`, `contact_email`).
    pub fn validate(&self, address: &PostalAddress) -> Result<LegalDetails, ValidationErrors> {
        let mut c = Collector::new();
        let mut tax_number_state = None;
        let tax_number = c.check(
            "tax_number",
            match non_empty(&self.tax_number) {
                None => Ok(None),
                Some(t) => TaxId::parse(t, Some(address.country())).and_then(|id| {
                    if id.is_vat() {
                        return Err(ValueError::new("legal.tax_number_is_vat_id"));
                    }
                    if address.country() != Country::DE {
                        return Ok(Some(id));
                    }
                    // A German number must be a Steuernummer of some state; it is kept as
                    // that state writes it, which is how invoices print it.
                    let state = non_empty(&self.tax_number_state).and_then(Bundesland::from_code);
                    let st = Steuernummer::parse(t, state)?;
                    tax_number_state = Some(st.state().code().to_owned());
                    TaxId::parse(&st.regional(), Some(Country::DE)).map(Some)
                }),
            },
        );
        let text = |c: &mut Collector, field: &'static str, v: &Option<String>| {
            c.check(
                field,
                optional_text(v.as_deref().unwrap_or_default(), MAX_DETAIL),
            )
            .flatten()
        };
        let legal_form = text(&mut c, "legal_form", &self.legal_form);
        let registered_seat = text(&mut c, "registered_seat", &self.registered_seat);
        let register_court = text(&mut c, "register_court", &self.register_court);
        let register_number = text(&mut c, "register_number", &self.register_number);
        let supervisory_chair = text(&mut c, "supervisory_chair", &self.supervisory_chair);
        let mut managing_directors = Vec::new();
        let named: Vec<&String> = self
            .managing_directors
            .iter()
            .filter(|d| !d.trim().is_empty())
            .collect();
        if named.len() > MAX_DIRECTORS {
            c.push(
                "managing_directors",
                ValueError::new("legal.too_many_directors").arg("max", MAX_DIRECTORS),
            );
        }
        for (i, d) in named.into_iter().enumerate() {
            if let Some(Some(d)) = c.check(
                format!("managing_directors[{i}]"),
                optional_text(d, MAX_DETAIL),
            ) {
                managing_directors.push(d);
            }
        }
        // A register court without a number (or the reverse) cannot be printed as §37a HGB
        // asks; refuse the half entry rather than print it.
        if register_court.is_some() != register_number.is_some() {
            let field = if register_court.is_some() {
                "register_number"
            } else {
                "register_court"
            };
            c.push(field, ValueError::new("legal.register_incomplete"));
        }
        let contact_name = text(&mut c, "contact_name", &self.contact_name);
        let phone = c.check(
            "contact_phone",
            match non_empty(&self.contact_phone) {
                None => Ok(None),
                Some(p) => PhoneNumber::parse(p).map(Some),
            },
        );
        let email = c.check(
            "contact_email",
            match non_empty(&self.contact_email) {
                None => Ok(None),
                Some(e) => EmailAddress::parse(e).map(Some),
            },
        );
        if contact_name.is_none()
            && (phone.as_ref().is_some_and(Option::is_some)
                || email.as_ref().is_some_and(Option::is_some))
        {
            c.push(
                "contact_name",
                ValueError::new("legal.contact_name_required"),
            );
        }
        c.finish()?;
        Ok(LegalDetails {
            tax_number: tax_number.flatten(),
            tax_number_state,
            small_business: self.small_business,
            legal_form,
            registered_seat,
            register_court,
            register_number,
            managing_directors,
            supervisory_chair,
            contact: contact_name.map(|name| DocumentContact {
                name,
                phone: phone.flatten(),
                email: email.flatten(),
            }),
        })
    }
}

impl LegalDetails {
    /// The business-letter lines of §37a HGB / §35a GmbHG in `locale`'s words, e.g.
    /// `["Sitz: München · Amtsgericht München HRB 123456", "Geschäftsführer: A. Beispiel"]`.
    /// Empty when nothing is filled in.
    pub fn letter_lines(&self, locale: super::locale::Locale) -> Vec<String> {
        use crate::i18n::text;
        let t = |k: &'static str| text(locale, k).unwrap_or(k);
        let mut first = Vec::new();
        if let Some(f) = &self.legal_form {
            first.push(f.clone());
        }
        if let Some(s) = &self.registered_seat {
            first.push(format!("{}: {s}", t("legal.seat")));
        }
        if let (Some(court), Some(number)) = (&self.register_court, &self.register_number) {
            first.push(format!("{court} {number}"));
        }
        let mut second = Vec::new();
        if !self.managing_directors.is_empty() {
            second.push(format!(
                "{}: {}",
                t("legal.managing_directors"),
                self.managing_directors.join(", ")
            ));
        }
        if let Some(chair) = &self.supervisory_chair {
            second.push(format!("{}: {chair}", t("legal.supervisory_chair")));
        }
        [first, second]
            .into_iter()
            .filter(|p| !p.is_empty())
            .map(|p| p.join(" · "))
            .collect()
    }
}

/// The seller block frozen into a document when it is issued: what the document says about
/// the company, regardless of later changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seller {
    /// Legal name.
    pub name: String,
    /// Email address printed on the document.
    pub email: EmailAddress,
    /// Postal address.
    pub address: PostalAddress,
    /// VAT ID (or, for companies that entered only one, the tax number).
    pub tax_id: Option<TaxId>,
    /// Legal details (tax number, §19, register, directors, contact).
    #[serde(default)]
    pub legal: LegalDetails,
    /// Free-text bank details printed on the document.
    #[serde(default)]
    pub bank_details: Option<String>,
    /// The bank account printed on the document, which its GiroCode pays into.
    #[serde(default)]
    pub bank_account: Option<BankAccount>,
    /// The paper size the document is laid out on; `None` in snapshots taken before it was
    /// frozen, which use the company's current setting.
    #[serde(default)]
    pub paper_size: Option<super::company::PaperSize>,
    /// The logo printed in the letterhead; `None` for a company without one and in snapshots
    /// taken before logos existed.
    #[serde(default)]
    pub logo: Option<super::logo::LogoRef>,
    /// The portal page where an issued invoice can be paid by card, frozen at issue when the
    /// host takes online payments ([`crate::service::CrmConfig::online_payments`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pay_online: Option<String>,
}

impl Seller {
    /// Snapshot of `company` now.
    pub fn of(company: &Company) -> Self {
        Self {
            name: company.name.clone(),
            email: company.email.clone(),
            address: company.address.clone(),
            tax_id: company.tax_id.clone(),
            legal: company.legal.clone(),
            bank_details: company.settings.bank_details.clone(),
            bank_account: company.settings.bank_account.clone(),
            paper_size: Some(company.settings.paper_size),
            logo: company.settings.logo,
            pay_online: None,
        }
    }

    /// The lines a business letter ends with — documents' footer and every email's (§37a HGB,
    /// §35a GmbHG): name, address, VAT ID and tax number on one line, then the register and
    /// directors when there are any.
    pub fn letter_footer(&self, locale: super::locale::Locale) -> Vec<String> {
        let t = |k: &'static str| crate::i18n::text(locale, k).unwrap_or(k);
        let mut address = self.address.lines();
        address.pop();
        address.push(crate::render::format::country(self.address.country(), locale).to_owned());
        let mut parts = vec![self.name.clone(), address.join(", ")];
        if let Some(id) = self.vat_id() {
            parts.push(format!("{} {}", t("pdf.seller_vat_id"), id.as_str()));
        }
        if let Some(id) = self.tax_number() {
            parts.push(format!("{} {}", t("pdf.seller_tax_number"), id.as_str()));
        }
        let mut lines = vec![parts.join(" · ")];
        lines.extend(self.legal.letter_lines(locale));
        lines
    }

    /// The seller's VAT ID, if the stored tax ID is one.
    pub fn vat_id(&self) -> Option<&TaxId> {
        self.tax_id.as_ref().filter(|t| t.is_vat())
    }

    /// The seller's national tax number: the legal details' one, or a stored tax ID that is
    /// not a VAT ID.
    pub fn tax_number(&self) -> Option<&TaxId> {
        self.legal
            .tax_number
            .as_ref()
            .or(self.tax_id.as_ref().filter(|t| !t.is_vat()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Locale;

    fn berlin() -> PostalAddress {
        PostalAddress::new("Hauptstraße 1", "Berlin", None, "10115", Country::DE).expect("address")
    }

    fn code(e: &ValidationErrors, field: &str) -> Option<&'static str> {
        e.field(field).map(ValueError::code)
    }

    #[test]
    fn a_german_tax_number_is_a_steuernummer_kept_as_its_state_writes_it() {
        let ok = LegalDetailsInput {
            tax_number: Some("9181081508155".into()),
            ..Default::default()
        }
        .validate(&berlin())
        .expect("federal form of a Bavarian number");
        assert_eq!(
            ok.tax_number.as_ref().map(TaxId::as_str),
            Some("181/815/08155")
        );
        let ambiguous = LegalDetailsInput {
            tax_number: Some("21/815/08150".into()),
            ..Default::default()
        }
        .validate(&berlin())
        .expect_err("written alike in several states");
        assert_eq!(
            code(&ambiguous, "tax_number"),
            Some("steuernummer.ambiguous")
        );
        let vat = LegalDetailsInput {
            tax_number: Some("DE136695976".into()),
            ..Default::default()
        }
        .validate(&berlin())
        .expect_err("a VAT ID");
        assert_eq!(code(&vat, "tax_number"), Some("legal.tax_number_is_vat_id"));
    }

    #[test]
    fn half_entries_are_refused_and_the_letter_lines_read_like_a_business_letter() {
        let half = LegalDetailsInput {
            register_court: Some("Amtsgericht München".into()),
            contact_email: Some("buchhaltung@muster.example".into()),
            ..Default::default()
        }
        .validate(&berlin())
        .expect_err("court without number, email without name");
        assert_eq!(
            code(&half, "register_number"),
            Some("legal.register_incomplete")
        );
        assert_eq!(
            code(&half, "contact_name"),
            Some("legal.contact_name_required")
        );
        let full = LegalDetailsInput {
            legal_form: Some("GmbH".into()),
            registered_seat: Some("München".into()),
            register_court: Some("Amtsgericht München".into()),
            register_number: Some("HRB 123456".into()),
            managing_directors: vec!["Erika Muster".into(), " ".into(), "Max Beispiel".into()],
            ..Default::default()
        }
        .validate(&berlin())
        .expect("complete");
        assert_eq!(
            full.letter_lines(Locale::De),
            vec![
                "GmbH · Sitz: München · Amtsgericht München HRB 123456".to_owned(),
                "Geschäftsführung: Erika Muster, Max Beispiel".to_owned(),
            ]
        );
        assert!(LegalDetails::default().letter_lines(Locale::En).is_empty());
    }
}
