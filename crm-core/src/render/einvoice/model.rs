//! The EN 16931 semantic model of one issued document, built from its frozen data (the seller
//! and bill-to snapshots, lines, treatment and [`Totals`]) — the one mapping both syntaxes
//! (CII, UBL) write out, so that the XML and the PDF show the same amounts to the cent.
//!
//! Names follow the standard's business terms (BT-…) and groups (BG-…).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::{
    BillTo, Correction, CorrectionKind, Currency, EurRate, Invoice, LineItem, Locale,
    PostalAddress, Seller, TaxId, Totals,
    tax_treatment::{TaxTreatment, VatCategory},
};

use super::EInvoiceError;

/// UNTDID 1001 document type (BT-3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeCode {
    /// 380: commercial invoice.
    Invoice,
    /// 381: credit note (a corrective credit, amounts positive).
    CreditNote,
    /// 384: corrected invoice (a cancellation invoice, quantities negative).
    Corrected,
}

impl TypeCode {
    /// The code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Invoice => "380",
            Self::CreditNote => "381",
            Self::Corrected => "384",
        }
    }
}

/// Which specification the document claims to follow (BT-24).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// EN 16931 itself: Factur-X 1.0.7 / ZUGFeRD 2.3 profile EN 16931 (COMFORT).
    En16931,
    /// XRechnung 3.0, the German CIUS.
    XRechnung,
}

impl Profile {
    /// The specification identifier (BT-24).
    pub fn specification_id(self) -> &'static str {
        match self {
            Self::En16931 => "urn:cen.eu:en16931:2017",
            Self::XRechnung => {
                "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
            }
        }
    }
}

/// The business process (BT-23) XRechnung documents name (PEPPOL BIS Billing 3.0's).
pub const BUSINESS_PROCESS: &str = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";

/// A postal address (BG-5, BG-8, BG-15).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// BT-35 / BT-50: street and number (only the first line of a multi-line street).
    pub line_one: String,
    /// BT-36 / BT-51: further street lines.
    pub line_two: Option<String>,
    /// BT-37 / BT-52.
    pub city: String,
    /// BT-38 / BT-53.
    pub postal_code: String,
    /// BT-39 / BT-54.
    pub subdivision: Option<String>,
    /// BT-40 / BT-55: ISO 3166-1 alpha-2.
    pub country: &'static str,
}

impl Address {
    fn of(a: &PostalAddress) -> Self {
        let mut lines = a.street().lines().map(str::trim).filter(|l| !l.is_empty());
        let line_one = lines.next().unwrap_or_default().to_owned();
        let rest: Vec<&str> = lines.collect();
        Self {
            line_one,
            line_two: (!rest.is_empty()).then(|| rest.join(", ")),
            city: a.city().to_owned(),
            postal_code: a.postal_code().to_owned(),
            subdivision: a.state().map(str::to_owned),
            country: a.country().code(),
        }
    }
}

/// A contact (BG-6, BG-9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// BT-41 / BT-56.
    pub name: Option<String>,
    /// BT-42 / BT-57.
    pub phone: Option<String>,
    /// BT-43 / BT-58.
    pub email: Option<String>,
}

/// Seller (BG-4) or buyer (BG-7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    /// BT-27 / BT-44.
    pub name: String,
    /// BT-29 / BT-46: the buyer's client number at the seller; none for the seller.
    pub id: Option<String>,
    /// BT-30 / BT-47: register court and number ("Amtsgericht Köln HRB 1234").
    pub legal_registration: Option<String>,
    /// BT-33: further legal information (legal form, seat, directors: §37a HGB).
    pub legal_info: Option<String>,
    /// BT-34 / BT-49: electronic address (an email address, scheme EM).
    pub email: Option<String>,
    /// BT-31 / BT-48: VAT identifier.
    pub vat_id: Option<String>,
    /// BT-32: the seller's national tax number (scheme FC).
    pub tax_number: Option<String>,
    /// BG-5 / BG-8.
    pub address: Address,
    /// BG-6 / BG-9.
    pub contact: Option<Contact>,
}

/// The bank account transfers go to (BG-17).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditTransfer {
    /// BT-84: IBAN.
    pub iban: String,
    /// BT-85: account name.
    pub account_name: Option<String>,
    /// BT-86: BIC.
    pub bic: Option<String>,
}

/// Payment instructions (BG-16).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentMeans {
    /// BT-81: UNTDID 4461 (58 SEPA credit transfer, 30 credit transfer, 68 online payment
    /// service).
    pub code: &'static str,
    /// BT-82: what the code means in words.
    pub text: Option<String>,
    /// BT-83: the remittance information (the document number).
    pub remittance: String,
    /// BG-17.
    pub transfer: Option<CreditTransfer>,
}

/// An allowance on a line (BG-27): our lines' absolute discounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineAllowance {
    /// BT-136.
    pub amount: Decimal,
    /// BT-139.
    pub reason: String,
}

/// One line (BG-25).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// BT-126: 1, 2, …
    pub id: usize,
    /// BT-153: item name (the first line of the description, at most 200 characters).
    pub name: String,
    /// BT-154: the full description when it is longer than the name.
    pub description: Option<String>,
    /// BT-129: invoiced quantity (negative on a cancellation).
    pub quantity: Decimal,
    /// BT-130: UN/ECE Recommendation 20 unit code.
    pub unit: &'static str,
    /// BT-146: net price per unit (never negative).
    pub price: Decimal,
    /// BG-27.
    pub allowance: Option<LineAllowance>,
    /// BT-131: quantity × price − allowance.
    pub net: Decimal,
    /// BT-151.
    pub category: VatCategory,
    /// BT-152: the rate (none for category O).
    pub rate: Option<Decimal>,
    /// BG-26: the line's own service period.
    pub period: Option<(NaiveDate, NaiveDate)>,
}

/// One VAT breakdown (BG-23): per category and rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VatBreakdown {
    /// BT-118.
    pub category: VatCategory,
    /// BT-119 (none for category O).
    pub rate: Option<Decimal>,
    /// BT-116.
    pub basis: Decimal,
    /// BT-117.
    pub tax: Decimal,
    /// BT-120: the exemption sentence the PDF prints.
    pub exemption_reason: Option<String>,
    /// BT-121: VATEX code.
    pub exemption_code: Option<&'static str>,
}

/// Document totals (BG-22).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonetaryTotals {
    /// BT-106: Σ line nets.
    pub line_total: Decimal,
    /// BT-109: total without VAT.
    pub tax_basis: Decimal,
    /// BT-110: total VAT in the document currency.
    pub tax: Decimal,
    /// BT-111: total VAT in the tax currency (BT-6), for documents in another currency.
    pub tax_in_tax_currency: Option<(&'static str, Decimal)>,
    /// BT-112: total with VAT.
    pub grand_total: Decimal,
    /// BT-113: paid in advance.
    pub prepaid: Decimal,
    /// BT-115: amount due.
    pub due: Decimal,
}

/// The preceding invoice a correction refers to (BG-3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrecedingInvoice {
    /// BT-25.
    pub number: String,
    /// BT-26.
    pub issue_date: NaiveDate,
}

/// One document in the EN 16931 model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EInvoice {
    /// BT-24.
    pub profile: Profile,
    /// BT-1.
    pub number: String,
    /// BT-2.
    pub issue_date: NaiveDate,
    /// BT-3.
    pub type_code: TypeCode,
    /// BT-5: ISO 4217.
    pub currency: &'static str,
    /// Minor units of the currency: how many decimals amounts are written with.
    pub minor_units: u32,
    /// BT-6: the VAT accounting currency when it differs from BT-5.
    pub tax_currency: Option<&'static str>,
    /// BT-10: buyer reference (the Leitweg-ID of a public buyer).
    pub buyer_reference: Option<String>,
    /// BG-1: notes (free text, the treatment sentence, the seller's legal lines).
    pub notes: Vec<String>,
    /// BG-3.
    pub preceding: Option<PrecedingInvoice>,
    /// BG-4.
    pub seller: Party,
    /// BG-7.
    pub buyer: Party,
    /// BT-72: the date of supply, when it is one day.
    pub delivery_date: Option<NaiveDate>,
    /// BG-14: the service period, when it is longer.
    pub period: Option<(NaiveDate, NaiveDate)>,
    /// BT-80: deliver-to country (intra-community supplies name it).
    pub deliver_to_country: Option<&'static str>,
    /// BT-9.
    pub due_date: Option<NaiveDate>,
    /// BT-20: payment terms in words, with the XRechnung Skonto line.
    pub payment_terms: Option<String>,
    /// BG-16.
    pub payment: Option<PaymentMeans>,
    /// BG-25.
    pub lines: Vec<Line>,
    /// BG-23.
    pub vat: Vec<VatBreakdown>,
    /// BG-22.
    pub totals: MonetaryTotals,
}

/// What the mapping needs besides the document.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// BT-10 (XRechnung requires one); `None`: the one frozen in the document's bill-to.
    pub buyer_reference: Option<String>,
    /// Money already received for the document (BT-113); zero for a document as issued.
    pub prepaid: Decimal,
}

/// Longest item name written (BT-153 has no limit in the standard; receivers cut).
const MAX_NAME: usize = 200;

impl EInvoice {
    /// The model of an issued invoice, from its frozen snapshots.
    ///
    /// # Errors
    /// [`EInvoiceError::NotIssued`] for a draft or an invoice without snapshots.
    pub fn of_invoice(
        invoice: &Invoice,
        profile: Profile,
        opts: &Options,
    ) -> Result<Self, EInvoiceError> {
        let (Some(number), Some(issue_date), Some(seller), Some(bill_to)) = (
            invoice.number.as_deref(),
            invoice.issue_date,
            invoice.seller.as_ref(),
            invoice.bill_to.as_ref(),
        ) else {
            return Err(EInvoiceError::NotIssued);
        };
        let locale = bill_to.locale.unwrap_or_default();
        let mut notes = Vec::new();
        if let Some(n) = invoice.notes.as_deref().filter(|n| !n.trim().is_empty()) {
            notes.push(n.trim().to_owned());
        }
        let doc = Doc {
            profile,
            number,
            issue_date,
            type_code: TypeCode::Invoice,
            currency: invoice.currency,
            seller,
            bill_to,
            locale,
            lines: &invoice.lines,
            sign: Decimal::ONE,
            treatment: &invoice.treatment,
            totals: &invoice.totals,
            period: invoice.service_period.map(|p| (p.from(), p.to())),
            preceding: None,
            notes,
            due_date: invoice.due_date,
            terms: invoice.terms.clone(),
            skonto: invoice.skonto.as_ref().map(|s| (s.percent, s.until)),
            eur_rate: invoice.eur_rate,
        };
        doc.build(opts)
    }

    /// The model of a cancellation invoice (384, quantities negative as printed) or a
    /// corrective credit (381, amounts positive as credit notes have them), with the invoice
    /// it corrects (BG-3).
    pub fn of_correction(
        c: &Correction,
        profile: Profile,
        opts: &Options,
    ) -> Result<Self, EInvoiceError> {
        let locale = c.bill_to.locale.unwrap_or_default();
        let (type_code, sign) = match c.kind {
            CorrectionKind::Cancellation => (TypeCode::Corrected, Decimal::ONE),
            CorrectionKind::Credit => (TypeCode::CreditNote, Decimal::NEGATIVE_ONE),
        };
        let mut notes = Vec::new();
        if let Some(r) = c.reason.as_deref().filter(|r| !r.trim().is_empty()) {
            notes.push(r.trim().to_owned());
        }
        let doc = Doc {
            profile,
            number: &c.number,
            issue_date: c.issue_date,
            type_code,
            currency: c.currency,
            seller: &c.seller,
            bill_to: &c.bill_to,
            locale,
            lines: &c.lines,
            sign,
            treatment: &c.treatment,
            totals: &c.totals,
            period: c.service_period.map(|p| (p.from(), p.to())),
            preceding: Some(PrecedingInvoice {
                number: c.corrects.number.clone(),
                issue_date: c.corrects.issue_date,
            }),
            notes,
            due_date: None,
            terms: None,
            skonto: None,
            eur_rate: c.eur_rate,
        };
        doc.build(opts)
    }
}

/// The parts of an invoice or a correction the mapping reads.
struct Doc<'a> {
    profile: Profile,
    number: &'a str,
    issue_date: NaiveDate,
    type_code: TypeCode,
    currency: Currency,
    seller: &'a Seller,
    bill_to: &'a BillTo,
    locale: Locale,
    lines: &'a [LineItem],
    /// −1 turns a credit's negated lines back into the positive amounts of a credit note.
    sign: Decimal,
    treatment: &'a TaxTreatment,
    totals: &'a Totals,
    period: Option<(NaiveDate, NaiveDate)>,
    preceding: Option<PrecedingInvoice>,
    notes: Vec<String>,
    due_date: Option<NaiveDate>,
    terms: Option<String>,
    skonto: Option<(Decimal, NaiveDate)>,
    /// Euros per unit of a foreign document currency: converts the VAT total (BT-111).
    eur_rate: Option<EurRate>,
}

impl Doc<'_> {
    fn build(self, opts: &Options) -> Result<EInvoice, EInvoiceError> {
        let s = self.sign;
        let t = |k: &'static str| crate::i18n::text(self.locale, k).unwrap_or(k);
        // Category O excludes every VAT ID from the document (BR-O-02..04).
        let out_of_scope = self.lines.iter().any(|l| {
            l.effective_treatment(self.treatment)
                .category_at(l.tax_rate())
                == VatCategory::OutOfScope
        });

        let lines = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| self.line(i, l, t("einvoice.discount")))
            .collect();
        let vat = self.breakdown();
        let tax_basis = s * self.totals.net;
        let tax = s * self.totals.tax;
        let grand_total = s * self.totals.total;
        let prepaid = opts.prepaid;
        // VAT charged in a foreign currency is stated in euros as well (BT-6, BT-111), at
        // the rate frozen with the document, so the XML says what the PDF prints.
        let needs_rate =
            crate::domain::needs_eur_rate(self.currency, self.seller.address.country());
        let (tax_currency, tax_in_tax_currency) = match (needs_rate, self.eur_rate) {
            (true, Some(rate)) => (Some("EUR"), Some(("EUR", rate.to_eur(tax)))),
            (true, None) if tax != Decimal::ZERO => {
                return Err(EInvoiceError::Missing("einvoice.missing.tax_currency_rate"));
            }
            _ => (None, None),
        };
        let mut notes = self.notes.clone();
        let mut sentences: Vec<String> = Vec::new();
        for l in self.totals.taxes.iter() {
            if let Some(sentence) = l.treatment.sentence(self.locale)
                && !sentences.contains(&sentence)
            {
                sentences.push(sentence);
            }
        }
        notes.extend(sentences);

        Ok(EInvoice {
            profile: self.profile,
            number: self.number.to_owned(),
            issue_date: self.issue_date,
            type_code: self.type_code,
            currency: self.currency.code(),
            minor_units: self.currency.minor_units(),
            tax_currency,
            buyer_reference: opts.buyer_reference.clone().or_else(|| {
                self.bill_to
                    .buyer_reference
                    .as_ref()
                    .map(|r| r.as_str().to_owned())
            }),
            notes,
            preceding: self.preceding.clone(),
            seller: self.seller_party(out_of_scope),
            buyer: self.buyer_party(out_of_scope),
            // Without a date of supply the documents say "date of supply = invoice date" (of
            // the corrected invoice, for a correction): BT-72 says the same, so the delivery
            // group is never empty (PEPPOL-EN16931-R008).
            delivery_date: match self.period {
                Some((a, b)) if a == b => Some(a),
                Some(_) => None,
                None => Some(
                    self.preceding
                        .as_ref()
                        .map_or(self.issue_date, |p| p.issue_date),
                ),
            },
            period: self.period.filter(|(a, b)| a != b),
            deliver_to_country: self
                .totals
                .taxes
                .iter()
                .any(|l| l.treatment == TaxTreatment::IntraCommunitySupply)
                .then(|| self.bill_to.address.country().code()),
            due_date: self.due_date,
            payment_terms: self.payment_terms(),
            payment: self.payment_means(),
            lines,
            vat,
            totals: MonetaryTotals {
                line_total: tax_basis,
                tax_basis,
                tax,
                tax_in_tax_currency,
                grand_total,
                prepaid,
                due: grand_total - prepaid,
            },
        })
    }

    fn line(&self, i: usize, l: &LineItem, discount_reason: &str) -> Line {
        let s = self.sign;
        let treatment = l.effective_treatment(self.treatment);
        let category = treatment.category_at(l.tax_rate());
        let mut text = l
            .description()
            .lines()
            .map(str::trim)
            .filter(|x| !x.is_empty());
        let first = text.next().unwrap_or_default();
        let name: String = first.chars().take(MAX_NAME).collect();
        let description =
            (name.len() < l.description().trim().len()).then(|| l.description().trim().to_owned());
        Line {
            id: i + 1,
            name,
            description,
            quantity: (s * l.quantity()).normalize(),
            // BT-130: the line's Rec. 20 code; lines that name none are `C62` ("one").
            unit: l.unit().code(),
            price: l.unit_price().normalize(),
            allowance: (!l.discount().is_zero()).then(|| LineAllowance {
                amount: s * l.discount(),
                reason: discount_reason.to_owned(),
            }),
            net: s * l.net(),
            category,
            rate: rate_of(category, l.tax_rate().percent()),
            period: l.service_period().map(|p| (p.from(), p.to())),
        }
    }

    /// BG-23 from the document's tax lines, merged per category and rate (two exemption
    /// norms are one `E` breakdown with both sentences).
    fn breakdown(&self) -> Vec<VatBreakdown> {
        let mut out: Vec<VatBreakdown> = Vec::new();
        for l in &self.totals.taxes {
            let category = l.treatment.category_at(l.rate);
            let rate = rate_of(category, l.rate.percent());
            let reason = l.treatment.sentence(self.locale);
            match out
                .iter_mut()
                .find(|b| b.category == category && b.rate == rate)
            {
                Some(b) => {
                    b.basis += self.sign * l.net;
                    b.tax += self.sign * l.tax;
                    if let (Some(r), Some(existing)) = (reason, b.exemption_reason.as_mut())
                        && !existing.contains(&r)
                    {
                        existing.push_str("; ");
                        existing.push_str(&r);
                    }
                }
                None => out.push(VatBreakdown {
                    category,
                    rate,
                    basis: self.sign * l.net,
                    tax: self.sign * l.tax,
                    exemption_reason: reason,
                    exemption_code: l.treatment.vatex(),
                }),
            }
        }
        out
    }

    fn seller_party(&self, out_of_scope: bool) -> Party {
        let s = self.seller;
        let legal = &s.legal;
        let legal_registration = match (&legal.register_court, &legal.register_number) {
            (Some(court), Some(number)) => Some(format!("{court} {number}")),
            (None, Some(number)) => Some(number.clone()),
            _ => None,
        };
        let info = legal.letter_lines(self.locale).join(" · ");
        Party {
            name: s.name.clone(),
            id: None,
            legal_registration,
            legal_info: (!info.is_empty()).then_some(info),
            email: Some(s.email.to_string()),
            vat_id: s
                .vat_id()
                .filter(|_| !out_of_scope)
                .map(|v| v.as_str().to_owned()),
            tax_number: s.tax_number().map(|v| v.as_str().to_owned()),
            address: Address::of(&s.address),
            contact: legal.contact.as_ref().map(|c| Contact {
                name: Some(c.name.clone()),
                phone: c.phone.as_ref().map(|p| p.as_str().to_owned()),
                email: c.email.as_ref().map(ToString::to_string),
            }),
        }
    }

    fn buyer_party(&self, out_of_scope: bool) -> Party {
        let b = self.bill_to;
        let vat_id = b
            .tax_id
            .as_ref()
            .filter(|t| t.is_vat())
            .filter(|_| !out_of_scope);
        Party {
            name: b.name.clone(),
            id: Some(b.client_number.clone()),
            legal_registration: None,
            legal_info: None,
            email: b.contact_email.clone(),
            vat_id: vat_id.map(TaxId::as_str).map(str::to_owned),
            tax_number: None,
            address: Address::of(&b.address),
            contact: (b.contact_name.is_some() || b.contact_email.is_some()).then(|| Contact {
                name: b.contact_name.clone(),
                phone: None,
                email: b.contact_email.clone(),
            }),
        }
    }

    /// BT-20: the terms text, then the Skonto in the structured form XRechnung defines
    /// (`#SKONTO#TAGE=14#PROZENT=2.00#`), which EN 16931 receivers read as text.
    fn payment_terms(&self) -> Option<String> {
        let mut parts = Vec::new();
        if let Some(t) = self
            .terms
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            parts.push(t.to_owned());
        }
        if let Some((percent, until)) = self.skonto {
            let days = (until - self.issue_date).num_days().max(0);
            parts.push(format!("#SKONTO#TAGE={days}#PROZENT={:.2}#", percent));
        }
        (!parts.is_empty()).then(|| parts.join("\n"))
    }

    fn payment_means(&self) -> Option<PaymentMeans> {
        let remittance = self.number.to_owned();
        if self.type_code != TypeCode::Invoice {
            // A correction asks for nothing: what it takes back is set off against the
            // invoice or refunded, so no account of the seller is named (1: not defined).
            return Some(PaymentMeans {
                code: "1",
                text: crate::i18n::text(self.locale, "einvoice.settlement").map(str::to_owned),
                remittance,
                transfer: None,
            });
        }
        // One payment instruction (BG-16 occurs once): the transfer to the account when
        // there is one, naming the portal's card payment beside it; the portal alone (68,
        // online payment service) otherwise. Card codes (48, 54, 55) would require the card
        // number (BR-DE-24), which only exists once the client has paid.
        let online = self.seller.pay_online.as_deref();
        let text_args = |key: &str, url: &str| {
            crate::i18n::text_args(
                self.locale,
                key,
                &[("url", crate::i18n::Arg::from(url.to_owned()))],
            )
        };
        match (&self.seller.bank_account, online) {
            (Some(acct), online) => Some(PaymentMeans {
                code: if acct.iban.is_eea() { "58" } else { "30" },
                text: match online {
                    Some(url) => Some(text_args("einvoice.credit_transfer_or_online", url)),
                    None => crate::i18n::text(self.locale, "einvoice.credit_transfer")
                        .map(str::to_owned),
                },
                remittance,
                transfer: Some(CreditTransfer {
                    iban: acct.iban.as_str().to_owned(),
                    account_name: Some(
                        acct.holder
                            .clone()
                            .unwrap_or_else(|| self.seller.name.clone()),
                    ),
                    bic: acct.bic.as_ref().map(|b| b.as_str().to_owned()),
                }),
            }),
            (None, Some(url)) => Some(PaymentMeans {
                code: "68",
                text: Some(text_args("einvoice.online_payment", url)),
                remittance,
                transfer: None,
            }),
            (None, None) => None,
        }
    }
}

/// Category O carries no rate (BR-O-05, BR-O-09); every other category does.
fn rate_of(category: VatCategory, percent: Decimal) -> Option<Decimal> {
    (category != VatCategory::OutOfScope).then(|| percent.normalize())
}
