//! Frozen issued documents (GoBD, COMPLIANCE.md §3): an invoice's PDF is rendered once, when
//! it is issued, from the data frozen into it (seller and bill-to snapshots with the paper size
//! and language, lines, treatment, totals); its bytes go to the document archive and the link
//! to them into `issued_documents`, in the issuing transaction. Every PDF of an issued invoice
//! a client or staff gets — portal, admin, API, email attachment, ZIP — is those bytes, for as
//! long as the invoice exists. Drafts are rendered live.
//!
//! # Atomicity
//! - **The store's own archive** (the default, [`StoreArchive`]'s tables): the bytes are
//!   written through the issuing transaction itself ([`crate::ports::ArchiveTx`]), so issue,
//!   file and link commit together or not at all. (On SQLite this is also the only way: the
//!   issuing transaction holds the one write lock.)
//! - **An external archive** ([`Crm::with_archive`], e.g. an object store): the bytes are put
//!   first and durably, then the link is written in the transaction. A crash or rollback in
//!   between leaves bytes nobody links to (harmless: content-addressed, the next attempt
//!   renders the same or other bytes); a link never names missing bytes. An archive that
//!   fails makes the issue fail, nothing written.
//!
//! # Invoices issued before files were frozen
//! They have no link. The first request of their PDF freezes it: rendered from their
//! snapshots as issued (status "sent", nothing paid; the live client's language and the
//! company's paper size where the snapshot predates those), stored, linked and served; every
//! later request gets those bytes.

mod einvoice;

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{Crm, Ctx, Entity, Error, PortalCtx, cpu};
use crate::domain::{
    Client, Company, CompanyId, Correction, DocumentHash, EInvoiceFormat, Invoice, InvoiceId,
    InvoiceStatus, IssuedDocument, IssuedKind, Logo, LogoRef, PDF_MEDIA_TYPE, Reminder,
};
use crate::ports::{ArchiveError, DocumentArchive, DocumentRenderer, Store, StoreError, StoreTx};
use crate::render::PdfRenderer;

pub use einvoice::EInvoiceFile;
pub(crate) use einvoice::Need;

/// How [`Files::freeze_in`] gets the e-invoice XML.
pub(crate) struct Late {
    /// Whether a missing XML refuses.
    pub(crate) need: Need,
    /// The XML already frozen for the invoice (requested before its PDF was frozen): embedded
    /// as it is, not written again.
    pub(crate) frozen_xml: Option<Vec<u8>>,
}

impl Late {
    /// At issue: nothing frozen yet, an XRechnung that cannot be valid refuses.
    pub(crate) fn at_issue() -> Self {
        Self {
            need: Need::AtIssue,
            frozen_xml: None,
        }
    }
}
pub(crate) use einvoice::{format_of, invoice_format};

/// The reference [`DocumentArchive`]: the files in the store's own database (the
/// `document_files` table of the SQL adapters, the memory store's map). Each `put` is its own
/// transaction; the service itself writes these files through the issuing transaction instead
/// (see [`DocumentArchive`]'s atomicity section), so this type is for reading and for tools (exports,
/// migrations into an object store), not for [`Crm::with_archive`]. (Handed to it over SQLite
/// it would wait for the write lock the issuing transaction holds, and fail after the busy
/// timeout; over PostgreSQL it works and behaves as an external archive.)
#[derive(Clone)]
pub struct StoreArchive {
    store: Arc<dyn Store>,
}

impl StoreArchive {
    /// The archive in `store`'s database.
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self { store }
    }
}

impl std::fmt::Debug for StoreArchive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreArchive").finish_non_exhaustive()
    }
}

fn store_failure(e: StoreError) -> ArchiveError {
    match e {
        StoreError::Unavailable(m) => ArchiveError::Unavailable(m),
        other => ArchiveError::Backend(Box::new(other)),
    }
}

#[async_trait]
impl DocumentArchive for StoreArchive {
    async fn put(&self, bytes: &[u8]) -> Result<DocumentHash, ArchiveError> {
        let mut tx = self.store.begin().await.map_err(store_failure)?;
        let hash = tx.put_document_file(bytes).await.map_err(store_failure)?;
        tx.commit().await.map_err(store_failure)?;
        Ok(hash)
    }

    async fn get(&self, hash: &DocumentHash) -> Result<Option<Vec<u8>>, ArchiveError> {
        let bytes = self
            .store
            .document_file(hash)
            .await
            .map_err(store_failure)?;
        match bytes {
            Some(b) if DocumentHash::of(&b) != *hash => Err(ArchiveError::Corrupt(*hash)),
            other => Ok(other),
        }
    }
}

/// An invoice's PDF as served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoicePdf {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// Their SHA-256 as archived; `None` for a draft (rendered now, never archived).
    pub sha256: Option<DocumentHash>,
}

/// Where the service renders, keeps and finds frozen files: shared by [`Crm`] and the mail
/// composer.
#[derive(Clone)]
pub(crate) struct Files {
    store: Arc<dyn Store>,
    /// `None`: the store's own file table, written in the issuing transaction.
    external: Option<Arc<dyn DocumentArchive>>,
    /// `None`: the built-in [`PdfRenderer`].
    renderer: Option<Arc<dyn DocumentRenderer>>,
}

/// The invoice as it was when issued: what its frozen file shows, whatever happened since
/// (payments, cancellation are later events, not part of the issued document).
fn as_issued(invoice: &Invoice) -> Invoice {
    let mut inv = invoice.clone();
    if inv.status != InvoiceStatus::Draft {
        inv.status = InvoiceStatus::Sent;
        inv.amount_paid = Default::default();
        inv.balance = inv.totals.total;
        inv.credited = Default::default();
        inv.cancelled_by = None;
    }
    inv
}

/// The logo an invoice shows: the one frozen into its seller snapshot (none for snapshots
/// older than logos), the company's current one for a draft.
fn logo_of(company: &Company, invoice: &Invoice) -> Option<LogoRef> {
    match &invoice.seller {
        Some(seller) => seller.logo,
        None => company.settings.logo,
    }
}

/// A stored logo parsed again (a PNG is decoded: CPU work). It was checked when uploaded, so
/// failing now means the archive returned something else.
async fn parse_stored(reference: LogoRef, bytes: Vec<u8>) -> Result<Logo, Error> {
    let logo = cpu::run(move || Logo::parse(bytes)).await?;
    match logo {
        Ok(logo) if *logo.reference() == reference => Ok(logo),
        _ => Err(StoreError::Corrupt(format!(
            "the archived logo {} is unusable",
            reference.sha256
        ))
        .into()),
    }
}

fn render_error(e: crate::ports::RenderError) -> Error {
    Error::Render(e.0)
}

impl Files {
    pub(crate) fn new(store: Arc<dyn Store>) -> Self {
        Self {
            store,
            external: None,
            renderer: None,
        }
    }

    pub(crate) fn with_archive(mut self, archive: Arc<dyn DocumentArchive>) -> Self {
        self.external = Some(archive);
        self
    }

    pub(crate) fn with_renderer(mut self, renderer: Arc<dyn DocumentRenderer>) -> Self {
        self.renderer = Some(renderer);
        self
    }

    pub(crate) fn renderer(&self) -> Result<Arc<dyn DocumentRenderer>, Error> {
        match &self.renderer {
            Some(r) => Ok(r.clone()),
            None => Ok(Arc::new(PdfRenderer::new().map_err(render_error)?)),
        }
    }

    /// Renders `invoice` with `logo` (CPU work, on the bounded blocking pool).
    async fn render(
        &self,
        company: &Company,
        client: &Client,
        invoice: Invoice,
        logo: Option<Logo>,
    ) -> Result<Vec<u8>, Error> {
        let renderer = self.renderer()?;
        let (company, client) = (company.clone(), client.clone());
        cpu::run(move || renderer.invoice_with_logo(&company, &client, &invoice, logo.as_ref()))
            .await?
            .map_err(render_error)
    }

    /// Renders the ZUGFeRD hybrid of `invoice`: its PDF/A-3 with `xml` as `factur-x.xml`.
    async fn render_hybrid(
        &self,
        (company, client): (&Company, &Client),
        invoice: Invoice,
        logo: Option<Logo>,
        xml: Vec<u8>,
    ) -> Result<Vec<u8>, Error> {
        let renderer = self.renderer()?;
        let (company, client) = (company.clone(), client.clone());
        cpu::run(move || renderer.invoice_hybrid(&company, &client, &invoice, logo.as_ref(), &xml))
            .await?
            .map_err(render_error)
    }

    /// Stores `bytes` (through `tx` into the store's own table, or first and durably into the
    /// external archive) and returns their SHA-256, checked.
    pub(crate) async fn put_in(
        &self,
        tx: &mut dyn StoreTx,
        bytes: &[u8],
    ) -> Result<DocumentHash, Error> {
        let hash = DocumentHash::of(bytes);
        let stored = match &self.external {
            None => tx.put_document_file(bytes).await?,
            Some(archive) => archive.put(bytes).await.map_err(StoreError::from)?,
        };
        if stored != hash {
            return Err(StoreError::Corrupt(format!(
                "the archive stored {hash} as {stored}: not a SHA-256 archive"
            ))
            .into());
        }
        Ok(hash)
    }

    /// The logo `reference` names, read outside a transaction (checked against its hash and
    /// parsed again, on the blocking pool).
    pub(crate) async fn logo(&self, reference: Option<LogoRef>) -> Result<Option<Logo>, Error> {
        let Some(r) = reference else { return Ok(None) };
        let bytes = self.read(&r.sha256).await?;
        parse_stored(r, bytes).await.map(Some)
    }

    /// The logo `reference` names, read inside `tx` (whose own puts it sees).
    async fn logo_in(
        &self,
        tx: &mut dyn StoreTx,
        reference: Option<LogoRef>,
    ) -> Result<Option<Logo>, Error> {
        let Some(r) = reference else { return Ok(None) };
        let bytes = match &self.external {
            None => tx.document_file_in_tx(&r.sha256).await?,
            Some(archive) => archive.get(&r.sha256).await.map_err(StoreError::from)?,
        };
        let bytes = bytes.ok_or_else(|| {
            StoreError::Corrupt(format!("the archived logo {} is missing", r.sha256))
        })?;
        if DocumentHash::of(&bytes) != r.sha256 {
            return Err(StoreError::from(ArchiveError::Corrupt(r.sha256)).into());
        }
        parse_stored(r, bytes).await.map(Some)
    }

    /// Renders the issued `invoice` from its frozen data, with its e-invoice XML
    /// ([`einvoice`] module docs; `need` says whether a missing XML refuses), stores the
    /// bytes and writes the links in `tx` (see the module docs for the order). Returns the
    /// PDF's link and bytes.
    pub(crate) async fn freeze_in(
        &self,
        tx: &mut dyn StoreTx,
        (company, client): (&Company, &Client),
        invoice: &Invoice,
        late: Late,
        now: DateTime<Utc>,
    ) -> Result<(IssuedDocument, Vec<u8>), Error> {
        let frozen = late.frozen_xml.is_some();
        let xml = match late.frozen_xml {
            Some(bytes) => Some((EInvoiceFormat::Zugferd, bytes)),
            None => einvoice::invoice_xml(&einvoice::in_language_of(invoice, client), late.need)?,
        };
        let logo = self.logo_in(tx, logo_of(company, invoice)).await?;
        // ZUGFeRD: the XML inside the PDF; otherwise the PDF alone (the XML beside it).
        let bytes = match &xml {
            Some((_, x)) if einvoice::invoice_format(invoice) == EInvoiceFormat::Zugferd => {
                self.render_hybrid((company, client), as_issued(invoice), logo, x.clone())
                    .await?
            }
            _ => {
                self.render(company, client, as_issued(invoice), logo)
                    .await?
            }
        };
        let id = (invoice.company_id, invoice.id.as_uuid());
        let doc = self
            .store_frozen(tx, (id.0, IssuedKind::Invoice, id.1), &bytes, now)
            .await?;
        if let Some((_, xml)) = xml.filter(|_| !frozen) {
            self.store_xml(tx, (id.0, IssuedKind::InvoiceXml, id.1), &xml, now)
                .await?;
        }
        Ok((doc, bytes))
    }

    /// Renders an issued correction with its e-invoice XML, stores the bytes and writes the
    /// links in `tx`.
    pub(crate) async fn freeze_correction_in(
        &self,
        tx: &mut dyn StoreTx,
        correction: &Correction,
        now: DateTime<Utc>,
    ) -> Result<IssuedDocument, Error> {
        let xml = einvoice::correction_xml(correction, Need::AtIssue)?;
        let logo = self.logo_in(tx, correction.seller.logo).await?;
        let renderer = self.renderer()?;
        let c = correction.clone();
        let zugferd = format_of(&correction.bill_to, &correction.seller) == EInvoiceFormat::Zugferd;
        let hybrid = xml.as_ref().filter(|_| zugferd).map(|(_, x)| x.clone());
        let bytes = cpu::run(move || match hybrid {
            Some(x) => renderer.correction_hybrid(&c, logo.as_ref(), &x),
            None => renderer.correction(&c, logo.as_ref()),
        })
        .await?
        .map_err(render_error)?;
        let id = (correction.company_id, correction.id.as_uuid());
        let doc = self
            .store_frozen(tx, (id.0, IssuedKind::Correction, id.1), &bytes, now)
            .await?;
        if let Some((_, xml)) = xml {
            self.store_xml(tx, (id.0, IssuedKind::CorrectionXml, id.1), &xml, now)
                .await?;
        }
        Ok(doc)
    }

    /// Renders an issued reminder from its snapshots (with the logo its seller snapshot
    /// names, read inside `tx`), stores the bytes and links them in `tx` as
    /// [`IssuedKind::Reminder`], frozen at the reminder's creation time. A reminder has no
    /// e-invoice: it is a letter about invoices, not one.
    // Called by the dunning run (`service::dunning`), which is written alongside.
    pub(crate) async fn freeze_reminder_in(
        &self,
        tx: &mut dyn StoreTx,
        reminder: &Reminder,
    ) -> Result<(), Error> {
        let logo = self.logo_in(tx, reminder.seller.logo).await?;
        let renderer = self.renderer()?;
        let r = reminder.clone();
        let bytes = cpu::run(move || renderer.reminder(&r, logo.as_ref()))
            .await?
            .map_err(render_error)?;
        let key = (
            reminder.company_id,
            IssuedKind::Reminder,
            reminder.id.as_uuid(),
        );
        self.store_frozen(tx, key, &bytes, reminder.created_at)
            .await?;
        Ok(())
    }

    /// The frozen PDF of a reminder (frozen when it was issued).
    pub(crate) async fn reminder_pdf(&self, reminder: &Reminder) -> Result<InvoicePdf, Error> {
        let link = self
            .store
            .issued_document(
                reminder.company_id,
                IssuedKind::Reminder,
                reminder.id.as_uuid(),
            )
            .await?
            .ok_or_else(|| {
                StoreError::Corrupt(format!("reminder {} has no frozen file", reminder.number))
            })?;
        Ok(InvoicePdf {
            bytes: self.read(&link.sha256).await?,
            sha256: Some(link.sha256),
        })
    }

    /// The frozen PDF of a correction (frozen when it was issued).
    pub(crate) async fn correction_pdf(
        &self,
        correction: &Correction,
    ) -> Result<InvoicePdf, Error> {
        let link = self
            .store
            .issued_document(
                correction.company_id,
                IssuedKind::Correction,
                correction.id.as_uuid(),
            )
            .await?
            .ok_or_else(|| {
                StoreError::Corrupt(format!(
                    "correction {} has no frozen file",
                    correction.number
                ))
            })?;
        Ok(InvoicePdf {
            bytes: self.read(&link.sha256).await?,
            sha256: Some(link.sha256),
        })
    }

    /// Stores `bytes` (through `tx`, or the external archive first) and links document `key`
    /// to them in `tx` (see the module docs for the order).
    async fn store_frozen(
        &self,
        tx: &mut dyn StoreTx,
        (company_id, kind, document_id): (CompanyId, IssuedKind, uuid::Uuid),
        bytes: &[u8],
        now: DateTime<Utc>,
    ) -> Result<IssuedDocument, Error> {
        let hash = self.put_in(tx, bytes).await?;
        let doc = IssuedDocument {
            company_id,
            kind,
            document_id,
            sha256: hash,
            size: bytes.len() as u64,
            media_type: PDF_MEDIA_TYPE.into(),
            created_at: now,
        };
        tx.insert_issued_document(&doc).await?;
        Ok(doc)
    }

    /// The bytes of a linked file, checked against their hash.
    async fn read(&self, hash: &DocumentHash) -> Result<Vec<u8>, Error> {
        let bytes = match &self.external {
            None => self.store.document_file(hash).await?,
            Some(archive) => archive.get(hash).await.map_err(StoreError::from)?,
        };
        let bytes = bytes.ok_or_else(|| {
            StoreError::Corrupt(format!(
                "the archived file {hash} of an issued document is missing"
            ))
        })?;
        if DocumentHash::of(&bytes) != *hash {
            return Err(StoreError::from(ArchiveError::Corrupt(*hash)).into());
        }
        Ok(bytes)
    }

    /// The link of an invoice to its file, if it has one.
    pub(crate) async fn link(
        &self,
        company: CompanyId,
        id: InvoiceId,
    ) -> Result<Option<IssuedDocument>, Error> {
        Ok(self
            .store
            .issued_document(company, IssuedKind::Invoice, id.as_uuid())
            .await?)
    }

    /// The frozen PDF of an issued invoice; frozen now if it was issued before files were
    /// (see the module docs). `parties` loads company and client, only when needed.
    pub(crate) async fn issued_pdf<F, Fut>(
        &self,
        invoice: &Invoice,
        now: DateTime<Utc>,
        parties: F,
    ) -> Result<(Vec<u8>, DocumentHash), Error>
    where
        F: FnOnce() -> Fut + Send,
        Fut: std::future::Future<Output = Result<(Company, Client), Error>> + Send,
    {
        if let Some(link) = self.link(invoice.company_id, invoice.id).await? {
            return Ok((self.read(&link.sha256).await?, link.sha256));
        }
        let (company, client) = parties().await?;
        let xml_key = (
            invoice.company_id,
            IssuedKind::InvoiceXml,
            invoice.id.as_uuid(),
        );
        // Twice at most: an XML frozen late (requested before the PDF) makes the first
        // attempt's link conflict; the second sees it and embeds those bytes.
        for attempt in 0..2 {
            let frozen_xml = self.frozen_xml(xml_key).await?.map(|(bytes, _)| bytes);
            let mut tx = self.store.begin().await?;
            // Locked: a concurrent first request waits here and then finds the link taken.
            let locked = tx
                .invoice_for_update(invoice.company_id, invoice.id)
                .await?
                .ok_or(Error::NotFound(Entity::Invoice))?;
            let late = Late {
                need: Need::BestEffort,
                frozen_xml,
            };
            match self
                .freeze_in(&mut *tx, (&company, &client), &locked, late, now)
                .await
            {
                Ok((doc, bytes)) => {
                    tx.commit().await?;
                    return Ok((bytes, doc.sha256));
                }
                Err(Error::Storage(StoreError::Conflict(what))) => {
                    drop(tx);
                    match self.link(invoice.company_id, invoice.id).await? {
                        Some(link) => return Ok((self.read(&link.sha256).await?, link.sha256)),
                        None if attempt == 0 => continue,
                        None => return Err(StoreError::Conflict(what).into()),
                    }
                }
                Err(e) => return Err(e),
            }
        }
        Err(StoreError::Conflict("issued document").into())
    }

    /// The PDF of any invoice: a draft rendered now, an issued one frozen.
    pub(crate) async fn pdf<F, Fut>(
        &self,
        invoice: &Invoice,
        now: DateTime<Utc>,
        parties: F,
    ) -> Result<InvoicePdf, Error>
    where
        F: FnOnce() -> Fut + Send,
        Fut: std::future::Future<Output = Result<(Company, Client), Error>> + Send,
    {
        // A cancelled draft was never issued either: rendered, never frozen.
        if invoice.status == InvoiceStatus::Draft || invoice.number.is_none() {
            let (company, client) = parties().await?;
            let logo = self.logo(logo_of(&company, invoice)).await?;
            let bytes = self
                .render(&company, &client, invoice.clone(), logo)
                .await?;
            return Ok(InvoicePdf {
                bytes,
                sha256: None,
            });
        }
        let (bytes, hash) = self.issued_pdf(invoice, now, parties).await?;
        Ok(InvoicePdf {
            bytes,
            sha256: Some(hash),
        })
    }
}

impl Crm {
    /// Keeps frozen files in `archive` (an object store, say) instead of the store's own
    /// table; see [`DocumentArchive`] for what that means for atomicity. Give the mail
    /// composer the same archive ([`super::MailComposer::with_archive`]).
    pub fn with_archive(mut self, archive: Arc<dyn DocumentArchive>) -> Self {
        self.files = self.files.with_archive(archive);
        self
    }

    /// Renders invoices with `renderer` (the built-in [`PdfRenderer`] by default): at issue,
    /// for drafts and for the lazy freeze of invoices issued before files were frozen.
    pub fn with_renderer(mut self, renderer: Arc<dyn DocumentRenderer>) -> Self {
        self.files = self.files.with_renderer(renderer);
        self
    }

    pub(super) fn files(&self) -> &Files {
        &self.files
    }

    async fn parties(
        &self,
        company: CompanyId,
        invoice: &Invoice,
    ) -> Result<(Company, Client), Error> {
        let company_row = self
            .store
            .company(company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        let client = self
            .store
            .client(company, invoice.client_id)
            .await?
            .ok_or(Error::NotFound(Entity::Client))?;
        Ok((company_row, client))
    }

    /// The PDF of an invoice for staff: a draft rendered now (marked as a draft), an issued
    /// invoice its frozen bytes.
    pub async fn invoice_pdf(&self, ctx: &Ctx, id: InvoiceId) -> Result<InvoicePdf, Error> {
        let invoice = self
            .store
            .invoice(ctx.company, id)
            .await?
            .ok_or(Error::NotFound(Entity::Invoice))?;
        self.files
            .pdf(&invoice, self.clock.now(), || {
                self.parties(ctx.company, &invoice)
            })
            .await
    }

    /// The frozen PDF of an issued invoice of the signed-in client, with the invoice (the
    /// first view is recorded as by [`Crm::portal_view_invoice`]).
    pub async fn portal_invoice_pdf(
        &self,
        portal: &PortalCtx,
        id: InvoiceId,
    ) -> Result<(Invoice, InvoicePdf), Error> {
        let invoice = self.portal_view_invoice(portal, id).await?;
        let pdf = self
            .files
            .pdf(&invoice, self.clock.now(), || {
                self.parties(portal.company, &invoice)
            })
            .await?;
        Ok((invoice, pdf))
    }

    /// The record of an invoice's frozen file (hash, size, when), if it was frozen.
    pub async fn invoice_file(
        &self,
        ctx: &Ctx,
        id: InvoiceId,
    ) -> Result<Option<IssuedDocument>, Error> {
        self.files.link(ctx.company, id).await
    }
}
