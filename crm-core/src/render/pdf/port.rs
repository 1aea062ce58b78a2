//! [`DocumentRenderer`] for [`PdfRenderer`]: every method renders through the PDF/A path.

use super::{PdfRenderer, correction, documents, reminder, statement};
use crate::domain::{Client, Company, Correction, Invoice, Logo, Quote, Reminder};
use crate::ports::{DocumentRenderer, RenderError, StatementData};

impl DocumentRenderer for PdfRenderer {
    fn invoice(
        &self,
        company: &Company,
        client: &Client,
        invoice: &Invoice,
    ) -> Result<Vec<u8>, RenderError> {
        self.invoice_with_logo(company, client, invoice, None)
    }

    fn quote(
        &self,
        company: &Company,
        client: &Client,
        quote: &Quote,
    ) -> Result<Vec<u8>, RenderError> {
        self.quote_with_logo(company, client, quote, None)
    }

    fn statement(&self, data: &StatementData) -> Result<Vec<u8>, RenderError> {
        self.statement_with_logo(data, None)
    }

    fn invoice_with_logo(
        &self,
        company: &Company,
        client: &Client,
        invoice: &Invoice,
        logo: Option<&Logo>,
    ) -> Result<Vec<u8>, RenderError> {
        let laid = documents::invoice(
            &self.fonts,
            company,
            client,
            invoice,
            logo.map(Logo::reference),
        );
        self.render(laid, documents::invoice_locale(client, invoice), logo, None)
    }

    fn quote_with_logo(
        &self,
        company: &Company,
        client: &Client,
        quote: &Quote,
        logo: Option<&Logo>,
    ) -> Result<Vec<u8>, RenderError> {
        let laid = documents::quote(
            &self.fonts,
            company,
            client,
            quote,
            logo.map(Logo::reference),
        );
        self.render(laid, client.locale, logo, None)
    }

    fn statement_with_logo(
        &self,
        data: &StatementData,
        logo: Option<&Logo>,
    ) -> Result<Vec<u8>, RenderError> {
        let laid = statement::statement(&self.fonts, data, logo.map(Logo::reference));
        self.render(laid, data.client.locale, logo, None)
    }

    fn correction(
        &self,
        correction: &Correction,
        logo: Option<&Logo>,
    ) -> Result<Vec<u8>, RenderError> {
        let laid = correction::correction(&self.fonts, correction, logo.map(Logo::reference));
        self.render(
            laid,
            correction.bill_to.locale.unwrap_or_default(),
            logo,
            None,
        )
    }

    fn reminder(&self, r: &Reminder, logo: Option<&Logo>) -> Result<Vec<u8>, RenderError> {
        let laid = reminder::reminder(&self.fonts, r, logo.map(Logo::reference));
        self.render(laid, reminder::reminder_locale(r), logo, None)
    }

    fn invoice_hybrid(
        &self,
        company: &Company,
        client: &Client,
        invoice: &Invoice,
        logo: Option<&Logo>,
        xml: &[u8],
    ) -> Result<Vec<u8>, RenderError> {
        self.invoice_facturx(company, client, invoice, logo, xml)
    }

    fn correction_hybrid(
        &self,
        correction: &Correction,
        logo: Option<&Logo>,
        xml: &[u8],
    ) -> Result<Vec<u8>, RenderError> {
        self.correction_facturx(correction, logo, xml)
    }
}
