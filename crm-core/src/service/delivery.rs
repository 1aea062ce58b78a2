//! The delivery side of the outbox: what a worker needs from the domain to turn a queued email
//! into a message — the sending company and the rendered attachments. The worker itself only
//! claims and marks rows ([`crate::ports::OutboxStore`]); everything that reads documents lives
//! here, behind [`MailComposer`].

use std::sync::Arc;

use crate::domain::{Attachment, Company, CompanyId, Locale};
use crate::ports::{DocumentRenderer, RenderError, Store, StoreError};

/// A rendered attachment: file name, MIME type and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedAttachment {
    /// Safe file name (see [`crate::render::zip::sanitize_file_name`]).
    pub file_name: String,
    /// MIME type.
    pub mime_type: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// Why an attachment could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum AttachmentError {
    /// Storage failed; trying again later may help.
    #[error("storage: {0}")]
    Store(#[from] StoreError),
    /// The document it names no longer exists: the email can never be sent as queued.
    #[error("attachment: {0} no longer exists")]
    Gone(&'static str),
    /// The document could not be rendered: the email can never be sent as queued.
    #[error(transparent)]
    Render(#[from] RenderError),
}

/// Reads and renders what queued emails refer to.
#[derive(Clone)]
pub struct MailComposer {
    store: Arc<dyn Store>,
    renderer: Arc<dyn DocumentRenderer>,
}

impl std::fmt::Debug for MailComposer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailComposer").finish_non_exhaustive()
    }
}

impl MailComposer {
    /// A composer reading from `store` and rendering PDFs with `renderer`.
    pub fn new(store: Arc<dyn Store>, renderer: Arc<dyn DocumentRenderer>) -> Self {
        Self { store, renderer }
    }

    /// The company an email is sent for.
    pub async fn company(&self, id: CompanyId) -> Result<Option<Company>, StoreError> {
        self.store.company(id).await
    }

    /// Renders the PDF an email carries.
    pub async fn attachment(
        &self,
        company: &Company,
        attachment: Attachment,
    ) -> Result<RenderedAttachment, AttachmentError> {
        let invoice_id = match attachment {
            Attachment::Invoice(id) => id,
            Attachment::Receipt(payment) => {
                self.store
                    .payment(company.id, payment)
                    .await?
                    .ok_or(AttachmentError::Gone("payment"))?
                    .invoice_id
            }
            Attachment::Quote(id) => {
                let quote = self
                    .store
                    .quote(company.id, id)
                    .await?
                    .ok_or(AttachmentError::Gone("quote"))?;
                let client = self
                    .store
                    .client(company.id, quote.client_id)
                    .await?
                    .ok_or(AttachmentError::Gone("client"))?;
                let bytes = self.renderer.quote(company, &client, &quote)?;
                let label = if client.locale == Locale::De {
                    "Angebot"
                } else {
                    "Quote"
                };
                let file_name = crate::render::zip::sanitize_file_name(&format!(
                    "{label}-{}.pdf",
                    quote.number.as_deref().unwrap_or("Entwurf")
                ));
                return Ok(pdf(file_name, bytes));
            }
        };
        let invoice = self
            .store
            .invoice(company.id, invoice_id)
            .await?
            .ok_or(AttachmentError::Gone("invoice"))?;
        let client = self
            .store
            .client(company.id, invoice.client_id)
            .await?
            .ok_or(AttachmentError::Gone("client"))?;
        let bytes = self.renderer.invoice(company, &client, &invoice)?;
        let file_name = crate::render::zip::invoice_entry_name(&invoice, client.locale);
        Ok(pdf(file_name, bytes))
    }
}

fn pdf(file_name: String, bytes: Vec<u8>) -> RenderedAttachment {
    RenderedAttachment {
        file_name,
        mime_type: "application/pdf".into(),
        bytes,
    }
}
