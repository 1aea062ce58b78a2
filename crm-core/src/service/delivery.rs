//! The delivery side of the outbox: what a worker needs from the domain to turn a queued email
//! into a message — the sending company, the recipient as it is now, the magic link minted at
//! send time and the rendered attachments. The worker itself only claims and marks rows
//! ([`crate::ports::OutboxStore`]); everything that reads clients and documents lives here,
//! behind [`MailComposer`].

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

use crate::domain::{
    Attachment, ClientId, Company, CompanyId, ContactId, LINK_TOKEN_PLACEHOLDER, LeaseToken,
    Locale, MagicLink, MagicLinkId, OutboxEmail, Recipient, SecretToken, TemplateKind,
};
use crate::ports::{
    DocumentArchive, DocumentRenderer, MailAddress, OsTokenSource, OutboxMark, RenderError, Store,
    StoreError, TokenSource,
};

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

/// Where a queued email goes, as resolved at send time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addressee {
    /// Address.
    pub email: String,
    /// Display name.
    pub name: String,
    /// The client and contact a minted link signs in (`None` for rows queued before rows
    /// named their contact: they are sent as queued, without minting).
    pub contact: Option<(ClientId, ContactId)>,
    /// Further `To` recipients: for a document email the client's other contacts whose
    /// [`MailRole`](crate::domain::MailRole) is `to`.
    pub also_to: Vec<MailAddress>,
    /// `Cc` recipients: for a document email the contacts whose role is `cc`.
    pub cc: Vec<MailAddress>,
    /// Blind copies (envelope only, never a header): the company's accounting copy on invoice
    /// and quote emails, filled by [`MailComposer::recipients`].
    pub bcc: Vec<String>,
}

impl Addressee {
    fn only(email: String, name: String, contact: Option<(ClientId, ContactId)>) -> Self {
        Self {
            email,
            name,
            contact,
            also_to: Vec::new(),
            cc: Vec::new(),
            bcc: Vec::new(),
        }
    }
}

/// Why a queued email cannot be sent now.
#[derive(Debug, thiserror::Error)]
pub enum ComposeError {
    /// Storage failed; trying again later may help.
    #[error("storage: {0}")]
    Store(#[from] StoreError),
    /// The email must not be sent any more (the reason is recorded on the row).
    #[error("dropped: {0}")]
    Dropped(&'static str),
    /// The claim on the row ran out and another worker holds it: this worker must not send.
    #[error("the lease on this email was lost")]
    LeaseLost,
}

/// Subject and bodies with the freshly minted link in place of the placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComposedText {
    /// Subject.
    pub subject: String,
    /// HTML body.
    pub html_body: String,
    /// Plain-text body.
    pub text_body: String,
    /// The link minted for this attempt (`None` when the email shows no link).
    pub minted_link: Option<MagicLinkId>,
}

/// Reads and renders what queued emails refer to.
#[derive(Clone)]
pub struct MailComposer {
    store: Arc<dyn Store>,
    renderer: Arc<dyn DocumentRenderer>,
    tokens: Arc<dyn TokenSource>,
    /// Frozen invoice PDFs (the same archive as the [`super::Crm`]'s).
    files: super::archive::Files,
}

impl std::fmt::Debug for MailComposer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailComposer").finish_non_exhaustive()
    }
}

impl MailComposer {
    /// A composer reading from `store` and rendering PDFs with `renderer`.
    pub fn new(store: Arc<dyn Store>, renderer: Arc<dyn DocumentRenderer>) -> Self {
        Self {
            files: super::archive::Files::new(store.clone()).with_renderer(renderer.clone()),
            store,
            renderer,
            tokens: Arc::new(OsTokenSource),
        }
    }

    /// Reads frozen invoice PDFs from `archive` instead of the store's own table: give it the
    /// archive the [`super::Crm`] was given ([`super::Crm::with_archive`]).
    pub fn with_archive(mut self, archive: Arc<dyn DocumentArchive>) -> Self {
        self.files = self.files.with_archive(archive);
        self
    }

    /// Replaces the source of link tokens (the OS generator by default).
    pub fn with_tokens(mut self, tokens: Arc<dyn TokenSource>) -> Self {
        self.tokens = tokens;
        self
    }

    /// The recipient of `email` now: the contact it names with their current address; for an
    /// email to the primary contact whose contact was removed, the current primary contact.
    /// [`ComposeError::Dropped`] when it must not go out any more: the client is archived or
    /// deleted, or the contact is gone and nobody takes their place.
    pub async fn recipient(&self, email: &OutboxEmail) -> Result<Addressee, ComposeError> {
        resolve_recipient(&*self.store, email).await
    }

    /// [`Self::recipient`] with the accounting copy of `company` (its
    /// [`CompanySettings::accounting_bcc`](crate::domain::CompanySettings::accounting_bcc))
    /// in `bcc` when `email` is an invoice or quote email to a client's contacts, unless that
    /// address is already among the recipients. Sign-in links and ticket replies, addressed to
    /// one person, never get it.
    pub async fn recipients(
        &self,
        company: &Company,
        email: &OutboxEmail,
    ) -> Result<Addressee, ComposeError> {
        let mut to = resolve_recipient(&*self.store, email).await?;
        if let Some(bcc) = accounting_copy(company, email) {
            let bcc_norm = bcc.to_lowercase();
            let known = std::iter::once(to.email.as_str())
                .chain(to.also_to.iter().chain(&to.cc).map(|a| a.email.as_str()))
                .any(|a| a.to_lowercase() == bcc_norm);
            if !known {
                to.bcc.push(bcc);
            }
        }
        Ok(to)
    }

    /// Right before the send: renews the lease of `email` to `lease_until` and, if its text
    /// shows the link, mints a magic link for `to` (only its hash is stored, in the same
    /// transaction as the renewal) and puts the token in place of the placeholder.
    /// [`ComposeError::LeaseLost`] (and nothing minted) when another claim holds the row.
    pub async fn finish(
        &self,
        email: &OutboxEmail,
        to: &Addressee,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<ComposedText, ComposeError> {
        let lease = email.lease.ok_or(ComposeError::LeaseLost)?;
        mint_text(
            &*self.store,
            &*self.tokens,
            email,
            to,
            now,
            Some((lease, lease_until)),
        )
        .await
    }

    /// The company an email is sent for.
    pub async fn company(&self, id: CompanyId) -> Result<Option<Company>, StoreError> {
        self.store.company(id).await
    }

    /// The files an email carries: an issued invoice's frozen PDF (also for a receipt, which
    /// carries its invoice), a reminder's frozen PDF, a quote rendered now; for an invoice or
    /// correction whose client gets XRechnung also its frozen XML, the e-invoice itself (a
    /// ZUGFeRD PDF has its XML inside).
    pub async fn attachments(
        &self,
        company: &Company,
        attachment: Attachment,
    ) -> Result<Vec<RenderedAttachment>, AttachmentError> {
        let (invoice_id, with_xml) = match attachment {
            Attachment::Invoice(id) => (id, true),
            Attachment::Correction(id) => return self.correction_files(company, id).await,
            Attachment::Reminder(id) => {
                return self.reminder_file(company, id).await.map(|r| vec![r]);
            }
            Attachment::Receipt(payment) => (
                self.store
                    .payment(company.id, payment)
                    .await?
                    .ok_or(AttachmentError::Gone("payment"))?
                    .invoice_id,
                false,
            ),
            Attachment::Quote(id) => return self.quote_file(company, id).await.map(|q| vec![q]),
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
        let now = Utc::now();
        let parties = || async { Ok((company.clone(), client.clone())) };
        let bytes = match self.files.pdf(&invoice, now, parties).await {
            Ok(p) => p.bytes,
            Err(super::Error::NotFound(_)) => return Err(AttachmentError::Gone("invoice")),
            Err(e) => return Err(attachment_error(e)),
        };
        let file_name = crate::render::zip::invoice_entry_name(&invoice, client.locale);
        let mut files = vec![pdf(file_name, bytes)];
        if with_xml && super::archive::invoice_format(&invoice).separate_xml() {
            let xml = self
                .files
                .invoice_einvoice(&invoice, now, || async {
                    Ok((company.clone(), client.clone()))
                })
                .await
                .map_err(attachment_error)?;
            let name = crate::render::zip::invoice_xml_entry_name(&invoice, client.locale);
            files.push(xml_file(name, xml.bytes));
        }
        Ok(files)
    }

    /// A correction's frozen PDF, and its XML for an XRechnung client.
    async fn correction_files(
        &self,
        company: &Company,
        id: crate::domain::CorrectionId,
    ) -> Result<Vec<RenderedAttachment>, AttachmentError> {
        let correction = self
            .store
            .correction(company.id, id)
            .await?
            .ok_or(AttachmentError::Gone("correction"))?;
        let bytes = self
            .files
            .correction_pdf(&correction)
            .await
            .map_err(attachment_error)?
            .bytes;
        let stem = crate::render::zip::correction_stem(&correction);
        let mut files = vec![pdf(
            crate::render::zip::sanitize_file_name(&format!("{stem}.pdf")),
            bytes,
        )];
        if super::archive::format_of(&correction.bill_to, &correction.seller).separate_xml() {
            let xml = self
                .files
                .correction_einvoice(&correction, Utc::now())
                .await
                .map_err(attachment_error)?;
            let name = crate::render::zip::sanitize_file_name(&format!("{stem}.xml"));
            files.push(xml_file(name, xml.bytes));
        }
        Ok(files)
    }

    /// A reminder's frozen PDF, named by its language (`Mahnung-MA-00001.pdf`).
    async fn reminder_file(
        &self,
        company: &Company,
        id: crate::domain::ReminderId,
    ) -> Result<RenderedAttachment, AttachmentError> {
        let reminder = self
            .store
            .reminder(company.id, id)
            .await?
            .ok_or(AttachmentError::Gone("reminder"))?;
        let bytes = self
            .files
            .reminder_pdf(&reminder)
            .await
            .map_err(attachment_error)?
            .bytes;
        Ok(pdf(super::reminders::reminder_file_name(&reminder), bytes))
    }

    /// A quote's PDF, rendered now.
    async fn quote_file(
        &self,
        company: &Company,
        id: crate::domain::QuoteId,
    ) -> Result<RenderedAttachment, AttachmentError> {
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
        let logo = self
            .files
            .logo(company.settings.logo)
            .await
            .map_err(attachment_error)?;
        let bytes = self
            .renderer
            .quote_with_logo(company, &client, &quote, logo.as_ref())?;
        let label = if client.locale == Locale::De {
            "Angebot"
        } else {
            "Quote"
        };
        let file_name = crate::render::zip::sanitize_file_name(&format!(
            "{label}-{}.pdf",
            quote.number.as_deref().unwrap_or("Entwurf")
        ));
        Ok(pdf(file_name, bytes))
    }
}

/// A failure of the service as an attachment failure: storage may work later, the rest never.
fn attachment_error(e: super::Error) -> AttachmentError {
    match e {
        super::Error::Storage(e) => AttachmentError::Store(e),
        e => AttachmentError::Render(RenderError(e.to_string())),
    }
}

fn xml_file(file_name: String, bytes: Vec<u8>) -> RenderedAttachment {
    RenderedAttachment {
        file_name,
        mime_type: crate::domain::XML_MEDIA_TYPE.into(),
        bytes,
    }
}

fn pdf(file_name: String, bytes: Vec<u8>) -> RenderedAttachment {
    RenderedAttachment {
        file_name,
        mime_type: "application/pdf".into(),
        bytes,
    }
}

/// See [`MailComposer::recipient`].
pub(crate) async fn resolve_recipient(
    store: &dyn Store,
    email: &OutboxEmail,
) -> Result<Addressee, ComposeError> {
    let Some(client_id) = email.client_id else {
        return Ok(as_queued(email));
    };
    let client = store
        .client(email.company_id, client_id)
        .await?
        .ok_or(ComposeError::Dropped("the client no longer exists"))?;
    if client.archived {
        return Err(ComposeError::Dropped("the client is archived"));
    }
    let Some(contact_id) = email.contact_id else {
        return Ok(as_queued(email));
    };
    let contact = match (client.contact(contact_id), email.recipient) {
        (Some(c), _) => c,
        (None, Recipient::Primary) => client
            .primary_contact()
            .ok_or(ComposeError::Dropped("the client has no primary contact"))?,
        (None, Recipient::Contact) => {
            return Err(ComposeError::Dropped("the contact was removed"));
        }
    };
    let mut to = Addressee::only(
        contact.email.to_string(),
        contact.name.clone(),
        Some((client.id, contact.id)),
    );
    // Document emails reach the contacts in To and CC too, as they are set now.
    if email.recipient == Recipient::Primary {
        let (also_to, cc) = client.document_copies(contact.id);
        let address = |c: &&crate::domain::Contact| MailAddress {
            email: c.email.to_string(),
            name: c.name.clone(),
        };
        to.also_to = also_to.iter().map(address).collect();
        to.cc = cc.iter().map(address).collect();
    }
    Ok(to)
}

/// The accounting copy `email` gets from `company`, if any: invoice and quote emails to a
/// client's contacts only.
fn accounting_copy(company: &Company, email: &OutboxEmail) -> Option<String> {
    // Documents the bookkeeping files, reminders included (their fees and interest are
    // claims); never sign-in links, receipts or ticket replies.
    let document = matches!(
        email.kind,
        TemplateKind::Invoice | TemplateKind::Quote | TemplateKind::Correction
    ) || email.kind.is_dunning();
    (document && email.recipient == Recipient::Primary && email.client_id.is_some())
        .then_some(company.settings.accounting_bcc.as_ref())
        .flatten()
        .map(|a| a.to_string())
}

fn as_queued(email: &OutboxEmail) -> Addressee {
    Addressee::only(email.to_email.clone(), email.to_name.clone(), None)
}

/// Mints the link of `email` for `to` if its text shows one, renewing the lease in the same
/// transaction when `hold` names it, and returns the text with the token in place.
pub(crate) async fn mint_text(
    store: &dyn Store,
    tokens: &dyn TokenSource,
    email: &OutboxEmail,
    to: &Addressee,
    now: DateTime<Utc>,
    hold: Option<(LeaseToken, DateTime<Utc>)>,
) -> Result<ComposedText, ComposeError> {
    let shows_link = [&email.subject, &email.html_body, &email.text_body]
        .iter()
        .any(|t| t.contains(LINK_TOKEN_PLACEHOLDER));
    let mut tx = store.begin().await?;
    let mut minted = None;
    if let (true, Some(link), Some((client_id, contact_id))) = (shows_link, &email.link, to.contact)
    {
        let token = SecretToken::from_bytes(tokens.random_bytes());
        let id = MagicLinkId::new();
        tx.insert_magic_link(&MagicLink {
            id,
            company_id: email.company_id,
            client_id,
            contact_id,
            token_hash: token.hash(),
            purpose: link.purpose,
            target: link.target.clone(),
            created_at: now,
            expires_at: now + Duration::seconds(link.ttl_seconds),
            used_at: None,
            revoked_at: None,
        })
        .await?;
        minted = Some((id, token));
    }
    if let Some((lease, until)) = hold {
        let link = minted.as_ref().map(|(id, _)| *id);
        if tx.renew_email_lease(email.id, lease, until, link).await? == OutboxMark::NotHeld {
            // Dropping the transaction rolls the link back: nothing is minted for a row this
            // worker no longer holds.
            return Err(ComposeError::LeaseLost);
        }
    }
    tx.commit().await?;
    // The token is base64url (letters, digits, `-`, `_`): it needs no escaping in HTML.
    let fill = |text: &str| match &minted {
        Some((_, token)) => text.replace(LINK_TOKEN_PLACEHOLDER, &token.encode()),
        None => text.to_owned(),
    };
    Ok(ComposedText {
        subject: fill(&email.subject),
        html_body: fill(&email.html_body),
        text_body: fill(&email.text_body),
        minted_link: minted.map(|(id, _)| id),
    })
}
