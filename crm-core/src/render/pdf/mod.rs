//! The default [`DocumentRenderer`](crate::ports::DocumentRenderer): invoices, quotes and statements as PDF, set in the
//! bundled DejaVu Sans (embedded as subsets), in the client's language.
//!
//! ```no_run
//! # fn demo(company: &crm_core::domain::Company, client: &crm_core::domain::Client,
//! #         invoice: &crm_core::domain::Invoice) -> Result<(), crm_core::ports::RenderError> {
//! use crm_core::ports::DocumentRenderer;
//! use crm_core::render::PdfRenderer;
//!
//! let renderer = PdfRenderer::new()?; // parses the fonts once per process; keep it around
//! let pdf: Vec<u8> = renderer.invoice(company, client, invoice)?;
//! # Ok(()) }
//! ```
//!
//! # PDF/A-3b and Factur-X
//!
//! Every document the renderer writes is PDF/A-3b (ISO 19005-3, level B; `pdfa.rs` says
//! what that takes). [`PdfRenderer::invoice_facturx`] and [`PdfRenderer::correction_facturx`]
//! write the ZUGFeRD 2.3 / Factur-X 1.0.7 hybrid: the same pages with the CII XML of
//! profile EN 16931 attached as `factur-x.xml` ([`FacturX`]).
//!
//! # Post-processing
//!
//! Rendering runs in public steps, so other code can hook in between:
//!
//! 1. [`PdfRenderer::invoice_document`] (and its siblings) lay the document out and return
//!    the [`printpdf::PdfDocument`]: pages of drawing operations, fonts, metadata.
//! 2. [`PdfRenderer::to_lopdf`] turns it into a [`lopdf::Document`] (PDF objects, fonts
//!    subset, document language set, streams not yet compressed) — the level where objects
//!    are added. The renderer's own writer does this for its documents (a one-page invoice
//!    in well under 0.1 ms, byte-for-byte reproducible); a document changed in step 1
//!    beyond what the layout produces goes through printpdf's serialiser instead, whose
//!    output is not PDF/A (built-in fonts are not embedded, `.notdef` may be shown, the file
//!    identifier is random).
//! 3. [`PdfRenderer::to_pdfa`] adds the XMP metadata, the sRGB output intent and, for a
//!    hybrid, the attachment.
//! 4. [`PdfRenderer::save_lopdf`] compresses and serialises it.
//!
//! ```no_run
//! # fn demo(company: &crm_core::domain::Company, client: &crm_core::domain::Client,
//! #         invoice: &crm_core::domain::Invoice) -> Result<(), crm_core::ports::RenderError> {
//! use crm_core::render::PdfRenderer;
//!
//! let renderer = PdfRenderer::new()?;
//! let document = renderer.invoice_document(company, client, invoice);
//! let mut pdf = PdfRenderer::to_lopdf(&document, client.locale)?;
//! // … pdf.add_object(…) …
//! PdfRenderer::to_pdfa(&mut pdf, None)?;
//! let bytes = PdfRenderer::save_lopdf(pdf)?;
//! # Ok(()) }
//! ```
//!
//! printpdf alone cannot produce PDF/A-3 (its conformance flag is only a label), so that
//! happens on the PDF objects. `printpdf` and `lopdf` are re-exported so post-processing
//! code uses the same versions.

mod correction;
mod documents;
mod facturx;
mod fonts;
mod girocode;
mod icc;
pub(crate) mod labels;
mod layout;
mod logo;
mod pdfa;
mod port;
mod reminder;
mod save;
mod statement;
mod subset;
mod writer;
mod xmp;

use std::sync::Arc;

use chrono::{DateTime, Utc};
/// The PDF object library of step 2, re-exported so post-processing code uses this version.
pub use lopdf;
/// The PDF library of step 1, re-exported so post-processing code uses this version.
pub use printpdf;
use printpdf::{
    FontId, OffsetDateTime, PdfDocument, PdfFont, PdfParseErrorSeverity, PdfSaveOptions,
};

pub use self::facturx::{AfRelationship, FacturX};

use self::documents::Laid;
use self::fonts::{Face, Fonts};
use self::layout::{FontIds, to_pdf_page};
use crate::domain::{Client, Company, Correction, Invoice, Locale, Logo, Quote};
use crate::ports::{RenderError, StatementData};

/// Renders invoices, quotes and statements as PDF.
///
/// - Paper: A4, or US Letter when the company's `settings.paper_size` says so (for an issued
///   invoice: as frozen into its seller snapshot).
/// - Language and number formats: the client's locale (`1.234,56 €` / `€1,234.56`; for an
///   issued invoice: as frozen into its bill-to snapshot).
/// - Issued documents show their bill-to snapshot; drafts without one show the live client.
/// - Long tables break across pages with the header repeated; every page has a
///   "Seite 1 von 3" / "Page 1 of 3" footer.
/// - Metadata: title (e.g. "Rechnung RE-00001") and author (the company), in the
///   information dictionary and the XMP packet.
/// - PDF/A-3b, every document (see the [module docs](self#pdfa-3b-and-factur-x)).
///
/// Cheap to clone; the parsed fonts are shared process-wide.
#[derive(Debug, Clone)]
pub struct PdfRenderer {
    fonts: Arc<Fonts>,
}

impl PdfRenderer {
    /// A renderer with the bundled fonts, parsed on the first call in the process and shared
    /// afterwards.
    ///
    /// # Errors
    /// [`RenderError`] if the bundled fonts cannot be parsed (a broken build, not bad input).
    pub fn new() -> Result<Self, RenderError> {
        Ok(Self {
            fonts: Fonts::shared()?,
        })
    }

    /// Step 1: the invoice as a printpdf document, before serialisation (see the [module
    /// docs](self#post-processing) on post-processing). [`invoice`](crate::ports::DocumentRenderer::invoice) is
    /// this plus [`PdfRenderer::to_bytes`].
    pub fn invoice_document(
        &self,
        company: &Company,
        client: &Client,
        invoice: &Invoice,
    ) -> PdfDocument {
        self.document(documents::invoice(
            &self.fonts,
            company,
            client,
            invoice,
            None,
        ))
    }

    /// The quote as a printpdf document, before serialisation.
    pub fn quote_document(&self, company: &Company, client: &Client, quote: &Quote) -> PdfDocument {
        self.document(documents::quote(&self.fonts, company, client, quote, None))
    }

    /// The statement as a printpdf document, before serialisation.
    pub fn statement_document(&self, data: &StatementData) -> PdfDocument {
        self.document(statement::statement(&self.fonts, data, None))
    }

    /// A payment reminder or Mahnung as a printpdf document, before serialisation.
    pub fn reminder_document(&self, reminder: &crate::domain::Reminder) -> PdfDocument {
        self.document(self::reminder::reminder(&self.fonts, reminder, None))
    }

    /// The options documents are converted with: compressed streams, fonts subset.
    pub fn save_options() -> PdfSaveOptions {
        PdfSaveOptions {
            optimize: true,
            subset_fonts: true,
            secure: true,
            image_optimization: None,
        }
    }

    /// Step 2 of the [post-processing path](self#post-processing): the document as PDF
    /// objects, fonts subset, with `locale` as the document language. Streams are left
    /// uncompressed; [`PdfRenderer::save_lopdf`] compresses them.
    ///
    /// Documents from the `*_document` methods (the bundled fonts, text, rules and fills)
    /// are converted by the renderer's own writer; anything else the caller added — other
    /// fonts, images, layers, bookmarks, a PDF/X conformance — goes through printpdf's
    /// serialiser, which is slower (its font subsetting re-reads the whole font per
    /// document).
    ///
    /// # Errors
    /// [`RenderError`] when printpdf reports an error while converting.
    pub fn to_lopdf(
        document: &PdfDocument,
        locale: Locale,
    ) -> Result<lopdf::Document, RenderError> {
        if let Ok(fonts) = Fonts::shared()
            && let Some(pdf) = writer::to_lopdf(&fonts, document, locale)
        {
            return Ok(pdf);
        }
        Self::to_lopdf_with_printpdf(document, locale)
    }

    /// Step 2 through printpdf's own serialiser, whatever the document contains (the
    /// fallback of [`PdfRenderer::to_lopdf`]; public so both paths can be compared).
    ///
    /// # Errors
    /// [`RenderError`] when printpdf reports an error while converting.
    pub fn to_lopdf_with_printpdf(
        document: &PdfDocument,
        locale: Locale,
    ) -> Result<lopdf::Document, RenderError> {
        let mut warnings = Vec::new();
        let mut pdf = document.to_lopdf_document(&Self::save_options(), &mut warnings);
        if let Some(e) = warnings
            .iter()
            .find(|w| w.severity == PdfParseErrorSeverity::Error)
        {
            return Err(RenderError(format!("writing the PDF failed: {}", e.msg)));
        }
        // printpdf always writes an (empty) GTS_PDFXVersion, which readers take as a claim
        // that the file is PDF/X; and it has no way to set the document language.
        if let Ok(id) = pdf
            .trailer
            .get(b"Info")
            .and_then(lopdf::Object::as_reference)
            && let Ok(info) = pdf.get_dictionary_mut(id)
        {
            for key in [&b"GTS_PDFXVersion"[..], b"Identifier"] {
                if matches!(info.get(key), Ok(lopdf::Object::String(s, _)) if s.is_empty()) {
                    info.remove(key);
                }
            }
        }
        if let Ok(catalog) = pdf.catalog_mut() {
            catalog.set("Lang", lopdf::Object::string_literal(locale.tag()));
        }
        Ok(pdf)
    }

    /// Step 3: makes a document from [`PdfRenderer::to_lopdf`] PDF/A-3b — XMP metadata
    /// agreeing with the information dictionary, the sRGB output intent, version 1.7, a file
    /// identifier hashed from the content — and attaches `facturx` if given (XMP with the
    /// Factur-X extension schema, `/AF`, `/EmbeddedFiles`).
    ///
    /// The result is PDF/A only for what the renderer's own writer produced (plus images
    /// such as the logo); objects added in between must follow PDF/A themselves.
    ///
    /// # Errors
    /// [`RenderError`] when the document has no catalog or a font is not embedded (a
    /// document that went through printpdf's serialiser with a built-in font).
    pub fn to_pdfa(
        document: &mut lopdf::Document,
        facturx: Option<&FacturX<'_>>,
    ) -> Result<(), RenderError> {
        pdfa::apply(document, facturx)
    }

    /// Step 4: compresses and serialises a document from [`PdfRenderer::to_lopdf`].
    ///
    /// Streams without a filter are deflated at a low level (lopdf's own `compress` uses
    /// the slowest, level 9, for a few per cent of size).
    ///
    /// # Errors
    /// [`RenderError`] when serialising fails.
    pub fn save_lopdf(document: lopdf::Document) -> Result<Vec<u8>, RenderError> {
        save::save(document)
    }

    /// Steps 2 to 4 in one: a document from one of the `*_document` methods as PDF/A-3b
    /// bytes.
    ///
    /// # Errors
    /// [`RenderError`] when printpdf reports an error, the document cannot be PDF/A (see
    /// [`PdfRenderer::to_pdfa`]) or serialising fails.
    pub fn to_bytes(document: &PdfDocument, locale: Locale) -> Result<Vec<u8>, RenderError> {
        let mut pdf = Self::to_lopdf(document, locale)?;
        Self::to_pdfa(&mut pdf, None)?;
        Self::save_lopdf(pdf)
    }

    /// The invoice as a ZUGFeRD 2.3 / Factur-X 1.0.7 hybrid: the pages of
    /// [`invoice_with_logo`](crate::ports::DocumentRenderer::invoice_with_logo) in a PDF/A-3b with `xml` (the CII XML of
    /// profile EN 16931, e.g. from [`crate::render::einvoice::invoice_xml`]) attached byte
    /// for byte as `factur-x.xml`, an [`AfRelationship::Alternative`] of the PDF.
    ///
    /// # Errors
    /// [`RenderError`] as for the plain rendering.
    pub fn invoice_facturx(
        &self,
        company: &Company,
        client: &Client,
        invoice: &Invoice,
        logo: Option<&Logo>,
        xml: &[u8],
    ) -> Result<Vec<u8>, RenderError> {
        let laid = documents::invoice(
            &self.fonts,
            company,
            client,
            invoice,
            logo.map(Logo::reference),
        );
        let locale = documents::invoice_locale(client, invoice);
        self.render(laid, locale, logo, Some(&FacturX::en16931(xml)))
    }

    /// A cancellation invoice or corrective credit as a hybrid, like
    /// [`PdfRenderer::invoice_facturx`] (the XML e.g. from
    /// [`crate::render::einvoice::correction_xml`]).
    ///
    /// # Errors
    /// [`RenderError`] as for the plain rendering.
    pub fn correction_facturx(
        &self,
        correction: &Correction,
        logo: Option<&Logo>,
        xml: &[u8],
    ) -> Result<Vec<u8>, RenderError> {
        let laid = correction::correction(&self.fonts, correction, logo.map(Logo::reference));
        let locale = correction.bill_to.locale.unwrap_or_default();
        self.render(laid, locale, logo, Some(&FacturX::en16931(xml)))
    }

    /// Steps 1 to 4 for a laid-out document, with `logo` drawn where the letterhead made room
    /// for it and `facturx` attached.
    ///
    /// Only the own writer: a layout it refused would go through printpdf's serialiser,
    /// whose output is not PDF/A, so that is an error here rather than a file that claims
    /// to be PDF/A. Our layouts use only what the writer handles (the tests render every
    /// document type), so the error is a bug, not bad input.
    fn render(
        &self,
        laid: Laid,
        locale: Locale,
        logo: Option<&Logo>,
        facturx: Option<&FacturX<'_>>,
    ) -> Result<Vec<u8>, RenderError> {
        let geo = laid.geo;
        let mut pdf =
            writer::to_lopdf(&self.fonts, &self.document(laid), locale).ok_or_else(|| {
                RenderError("the layout used something the PDF/A writer does not handle".into())
            })?;
        if let Some(logo) = logo {
            logo::place(&mut pdf, logo, &geo)?;
        }
        pdfa::apply(&mut pdf, facturx)?;
        Self::save_lopdf(pdf)
    }

    fn document(&self, laid: Laid) -> PdfDocument {
        let mut doc = PdfDocument::new(&laid.title);
        let info = &mut doc.metadata.info;
        info.author = laid.author;
        info.subject = laid.subject;
        info.creator = "crm".into();
        info.producer = concat!("crm-core ", env!("CARGO_PKG_VERSION"), " (printpdf)").into();
        if let Some(t) = pdf_time(laid.created) {
            info.creation_date = t;
            info.metadata_date = t;
        }
        if let Some(t) = pdf_time(laid.modified) {
            info.modification_date = t;
        }
        // Fixed resource names instead of printpdf's random ones: the output is reproducible,
        // and the first six capitals become the subset tag (`DJVSRG+DejaVuSans`) that marks
        // the embedded fonts as subsets.
        let ids = FontIds {
            regular: FontId("DJVSRG".into()),
            bold: FontId("DJVSBD".into()),
        };
        for (id, face) in [(&ids.regular, Face::Regular), (&ids.bold, Face::Bold)] {
            doc.resources
                .fonts
                .map
                .insert(id.clone(), PdfFont::new(self.fonts.face(face).clone()));
        }
        doc.pages = laid
            .pages
            .iter()
            .map(|items| to_pdf_page(items, &laid.geo, &ids))
            .collect();
        doc
    }
}

fn pdf_time(t: DateTime<Utc>) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp(t.timestamp()).ok()
}
