//! E-invoices (EN 16931; COMPLIANCE.md §4): the structured XML of an issued invoice,
//! cancellation invoice or corrective credit, from the same frozen data as its PDF.
//!
//! One mapping ([`EInvoice`], the standard's semantic model) feeds the syntaxes:
//! - CII (UN/CEFACT Cross Industry Invoice) as Factur-X 1.0.7 / ZUGFeRD 2.3 profile EN 16931
//!   (`factur-x.xml` inside the PDF) and as XRechnung 3.0 CII;
//! - UBL 2.1 as XRechnung 3.0 UBL.
//!
//! Amounts are the document's [`Totals`](crate::domain::Totals) — exact minor-unit decimals —
//! so the XML's sums hold by construction (BR-CO-10 … BR-CO-16) and equal the PDF's.
//!
//! ```no_run
//! # fn demo(invoice: &crm_core::domain::Invoice) -> Result<(), crm_core::render::einvoice::EInvoiceError> {
//! use crm_core::domain::EInvoiceFormat;
//! use crm_core::render::einvoice::{self, Options};
//!
//! let xml: Vec<u8> = einvoice::invoice_xml(invoice, EInvoiceFormat::XrechnungCii, &Options::default())?;
//! # Ok(()) }
//! ```

mod cii;
pub mod model;
mod ubl;
mod xml;

pub use model::{EInvoice, Options, Profile, TypeCode};

use crate::domain::{Correction, EInvoiceFormat, Invoice};

pub use crate::domain::XML_MEDIA_TYPE;
/// The name the XML has inside a Factur-X / ZUGFeRD PDF.
pub const FACTUR_X_FILE_NAME: &str = "factur-x.xml";

/// Why no e-invoice could be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EInvoiceError {
    /// A draft, or an invoice without the snapshots an issued one has.
    #[error("only issued documents have an e-invoice")]
    NotIssued,
    /// A value the format requires is missing (the catalogue code names it).
    #[error("the e-invoice needs {0}")]
    Missing(&'static str),
}

impl EInvoiceError {
    /// The stable code, also the catalogue key of the message.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotIssued => "einvoice.not_issued",
            Self::Missing(code) => code,
        }
    }

    /// The message in `locale`, from the catalogue.
    pub fn message(&self, locale: crate::domain::Locale) -> String {
        crate::i18n::text(locale, self.code())
            .unwrap_or(self.code())
            .to_owned()
    }
}

/// The syntax and profile a format is written in: XRechnung in its own syntax, everything
/// else (ZUGFeRD and the XML a plain-PDF client can still ask for) as Factur-X EN 16931.
fn profile_of(format: EInvoiceFormat) -> (Profile, Syntax) {
    match format {
        EInvoiceFormat::XrechnungCii => (Profile::XRechnung, Syntax::Cii),
        EInvoiceFormat::XrechnungUbl => (Profile::XRechnung, Syntax::Ubl),
        EInvoiceFormat::Plain | EInvoiceFormat::Zugferd => (Profile::En16931, Syntax::Cii),
    }
}

/// The XML syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Cii,
    Ubl,
}

/// The e-invoice of an issued invoice in `format`.
///
/// # Errors
/// [`EInvoiceError`] for a draft or when `format` needs data the invoice lacks (XRechnung: a
/// buyer reference, the seller's contact, payment instructions).
pub fn invoice_xml(
    invoice: &Invoice,
    format: EInvoiceFormat,
    opts: &Options,
) -> Result<Vec<u8>, EInvoiceError> {
    let (profile, syntax) = profile_of(format);
    let model = EInvoice::of_invoice(invoice, profile, opts)?;
    write(&model, syntax)
}

/// The e-invoice of a cancellation invoice or a corrective credit in `format`.
///
/// # Errors
/// As [`invoice_xml`].
pub fn correction_xml(
    correction: &Correction,
    format: EInvoiceFormat,
    opts: &Options,
) -> Result<Vec<u8>, EInvoiceError> {
    let (profile, syntax) = profile_of(format);
    let model = EInvoice::of_correction(correction, profile, opts)?;
    write(&model, syntax)
}

fn write(model: &EInvoice, syntax: Syntax) -> Result<Vec<u8>, EInvoiceError> {
    if model.profile == Profile::XRechnung {
        model.check_xrechnung()?;
    }
    Ok(match syntax {
        Syntax::Cii => cii::write(model),
        Syntax::Ubl => ubl::write(model),
    })
}

impl EInvoice {
    /// The German rules (BR-DE-*) that need data the EN 16931 core leaves optional: refuse
    /// rather than write an XRechnung a receiver will reject.
    fn check_xrechnung(&self) -> Result<(), EInvoiceError> {
        if self
            .buyer_reference
            .as_deref()
            .is_none_or(|r| r.trim().is_empty())
        {
            return Err(EInvoiceError::Missing("einvoice.missing.buyer_reference")); // BR-DE-15
        }
        let contact = self.seller.contact.as_ref();
        if contact.is_none_or(|c| c.name.is_none() || c.phone.is_none() || c.email.is_none()) {
            return Err(EInvoiceError::Missing("einvoice.missing.seller_contact")); // BR-DE-2, 5–7
        }
        if self.payment.is_none() && self.type_code == TypeCode::Invoice {
            return Err(EInvoiceError::Missing("einvoice.missing.payment")); // BR-DE-1
        }
        Ok(())
    }
}
