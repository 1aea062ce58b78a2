use chrono::NaiveDate;

use crate::domain::{
    Client, Company, Correction, DocumentSummary, Invoice, Logo, Payment, Quote, Reminder,
};

/// What a client statement shows.
#[derive(Debug, Clone)]
pub struct StatementData {
    /// The company.
    pub company: Company,
    /// The client.
    pub client: Client,
    /// Period start.
    pub from: NaiveDate,
    /// Period end (and the date aging is computed against).
    pub to: NaiveDate,
    /// Invoices in the period and all still open.
    pub invoices: Vec<Invoice>,
    /// Payments in the period.
    pub payments: Vec<Payment>,
    /// Cancellation invoices and corrective credits issued in the period, oldest first.
    pub corrections: Vec<DocumentSummary>,
}

/// Rendering failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("rendering failed: {0}")]
pub struct RenderError(pub String);

/// Turns documents into PDF bytes.
///
/// # Contract
/// - Output is a complete, valid PDF; the same input gives an equivalent document.
/// - Documents are rendered from their issue-time data (the bill-to snapshot), in the client's
///   locale.
/// - The `*_with_logo` methods get the company's logo as the document shows it (for an issued
///   invoice: the one its seller snapshot names); a renderer that prints no logos keeps their
///   default, which ignores it.
/// - The `*_hybrid` methods MUST return a PDF/A-3 whose visible content equals the plain
///   rendering (`invoice_with_logo`, `correction`) and that carries `xml`, unchanged, as the
///   associated file `factur-x.xml` (ZUGFeRD 2.3 / Factur-X 1.0.7, profile EN 16931); a
///   renderer that cannot write hybrids MUST return an error, never a plain PDF.
pub trait DocumentRenderer: Send + Sync {
    /// An invoice.
    fn invoice(
        &self,
        company: &Company,
        client: &Client,
        invoice: &Invoice,
    ) -> Result<Vec<u8>, RenderError>;
    /// A quote.
    fn quote(
        &self,
        company: &Company,
        client: &Client,
        quote: &Quote,
    ) -> Result<Vec<u8>, RenderError>;
    /// A statement.
    fn statement(&self, data: &StatementData) -> Result<Vec<u8>, RenderError>;
    /// A cancellation invoice or corrective credit, from its own snapshots, with the logo its
    /// seller snapshot names.
    fn correction(
        &self,
        correction: &Correction,
        logo: Option<&Logo>,
    ) -> Result<Vec<u8>, RenderError>;
    /// A payment reminder or Mahnung, from its own snapshots (the language of its bill-to,
    /// German without one), with the logo its seller snapshot names.
    fn reminder(&self, reminder: &Reminder, logo: Option<&Logo>) -> Result<Vec<u8>, RenderError>;

    /// An invoice as a ZUGFeRD / Factur-X hybrid: the PDF of
    /// [`DocumentRenderer::invoice_with_logo`], PDF/A-3, with `xml` (the CII XML of profile
    /// EN 16931) attached as `factur-x.xml`.
    ///
    /// # Contract
    /// The output is PDF/A-3 with `xml` byte for byte as `factur-x.xml`; the visible content
    /// equals the plain rendering.
    fn invoice_hybrid(
        &self,
        company: &Company,
        client: &Client,
        invoice: &Invoice,
        logo: Option<&Logo>,
        xml: &[u8],
    ) -> Result<Vec<u8>, RenderError>;

    /// A cancellation invoice or corrective credit as a ZUGFeRD / Factur-X hybrid.
    ///
    /// # Contract
    /// As [`DocumentRenderer::invoice_hybrid`]: PDF/A-3, `xml` byte for byte as
    /// `factur-x.xml`, the visible content that of [`DocumentRenderer::correction`].
    fn correction_hybrid(
        &self,
        correction: &Correction,
        logo: Option<&Logo>,
        xml: &[u8],
    ) -> Result<Vec<u8>, RenderError>;

    /// An invoice with `logo` in its letterhead.
    fn invoice_with_logo(
        &self,
        company: &Company,
        client: &Client,
        invoice: &Invoice,
        logo: Option<&Logo>,
    ) -> Result<Vec<u8>, RenderError> {
        let _ = logo;
        self.invoice(company, client, invoice)
    }

    /// A quote with `logo` in its letterhead.
    fn quote_with_logo(
        &self,
        company: &Company,
        client: &Client,
        quote: &Quote,
        logo: Option<&Logo>,
    ) -> Result<Vec<u8>, RenderError> {
        let _ = logo;
        self.quote(company, client, quote)
    }

    /// A statement with `logo` in its letterhead.
    fn statement_with_logo(
        &self,
        data: &StatementData,
        logo: Option<&Logo>,
    ) -> Result<Vec<u8>, RenderError> {
        let _ = logo;
        self.statement(data)
    }
}
