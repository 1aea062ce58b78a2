//! E-invoices frozen with their documents (COMPLIANCE.md §4): when an invoice, cancellation or
//! corrective credit is issued, its EN 16931 XML is written from the same snapshots as its PDF
//! and frozen beside it, in the same transaction (kinds [`IssuedKind::InvoiceXml`] and
//! [`IssuedKind::CorrectionXml`]). The PDF and the XML can therefore never disagree, and every
//! later copy — download, email attachment, ZIP entry — is those bytes.
//!
//! # Which XML
//! The format frozen into the bill-to snapshot decides (the client's choice, or
//! [`EInvoiceFormat::default_for`] its kind and country):
//! - **XRechnung** (CII or UBL): the XML is the e-invoice and travels as its own file; an
//!   invoice that cannot be a valid XRechnung (no buyer reference, no seller contact, no
//!   payment instructions) is not issued — the error names what is missing.
//! - **ZUGFeRD**: the Factur-X EN 16931 XML, embedded in the PDF. When it cannot be written —
//!   today only an invoice in another currency, whose VAT total in euros (BT-111) needs an
//!   exchange rate no invoice records yet — the invoice is issued as a plain PDF rather than
//!   not at all.
//! - **Plain PDF**: the same Factur-X XML is frozen when it can be written, so a client who
//!   later asks for one gets it; when it cannot, the invoice is issued without.
//!
//! A document without a frozen XML — issued before XML was frozen, or whose XML could not be
//! written at issue — gets one on request when it can be written now, from its snapshots as
//! issued; an invoice issued before files were frozen at all gets its PDF frozen with it, so
//! the hybrid carries that XML (`archive` module docs).

use chrono::{DateTime, Utc};

use super::{Files, as_issued};
use crate::domain::{
    BillTo, Client, Company, CompanyId, Correction, DocumentHash, EInvoiceFormat, Invoice,
    InvoiceStatus, IssuedDocument, IssuedKind, Seller, XML_MEDIA_TYPE,
};
use crate::domain::{CorrectionId, InvoiceId};
use crate::ports::{StoreError, StoreTx};
use crate::render::einvoice::{self, EInvoiceError, Options};
use crate::service::{Crm, Ctx, Entity, Error, PortalCtx};

/// The e-invoice XML of an issued document as served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EInvoiceFile {
    /// The XML.
    pub bytes: Vec<u8>,
    /// What the XML is: XRechnung CII or UBL, or [`EInvoiceFormat::Zugferd`] for the Factur-X
    /// EN 16931 XML (the one inside a ZUGFeRD PDF, also given to plain-PDF clients).
    pub format: EInvoiceFormat,
    /// Its SHA-256 as archived.
    pub sha256: DocumentHash,
}

/// The format a document's client gets, as frozen into its bill-to; for a snapshot older
/// than that, the default for the kind and countries it froze.
pub(crate) fn format_of(bill_to: &BillTo, seller: &Seller) -> EInvoiceFormat {
    bill_to.einvoice_format.unwrap_or_else(|| {
        EInvoiceFormat::default_for(
            bill_to.kind,
            bill_to.address.country(),
            seller.address.country(),
        )
    })
}

/// The format of an issued invoice (plain for one older than snapshots).
pub(crate) fn invoice_format(invoice: &Invoice) -> EInvoiceFormat {
    match (&invoice.bill_to, &invoice.seller) {
        (Some(b), Some(s)) => format_of(b, s),
        _ => EInvoiceFormat::Plain,
    }
}

/// `invoice` with the language its PDF is in: a snapshot older than the frozen language
/// takes the client's, as the PDF renderer does.
pub(crate) fn in_language_of(invoice: &Invoice, client: &Client) -> Invoice {
    let mut invoice = invoice.clone();
    if let Some(bill_to) = invoice.bill_to.as_mut() {
        bill_to.locale.get_or_insert(client.locale);
    }
    invoice
}

/// The syntax the XML is written in: XRechnung as chosen, otherwise Factur-X EN 16931.
fn xml_format(format: EInvoiceFormat) -> EInvoiceFormat {
    if format.separate_xml() {
        format
    } else {
        EInvoiceFormat::Zugferd
    }
}

/// How a failure to write the XML is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    /// At issue: refused for an XRechnung client, skipped otherwise (module docs).
    AtIssue,
    /// A document issued before XML was frozen: skipped (its PDF must still be served).
    BestEffort,
    /// Asked for: every failure is the answer.
    Requested,
}

/// `result` as `need` takes it.
fn take(
    result: Result<Vec<u8>, EInvoiceError>,
    format: EInvoiceFormat,
    need: Need,
) -> Result<Option<(EInvoiceFormat, Vec<u8>)>, Error> {
    match (result, need) {
        (Ok(xml), _) => Ok(Some((xml_format(format), xml))),
        (Err(e), Need::Requested) => Err(e.into()),
        (Err(e), Need::AtIssue) if format.separate_xml() => Err(e.into()),
        (Err(_), _) => Ok(None),
    }
}

/// The XML of the issued `invoice` (as issued: nothing paid) for its frozen format.
pub(crate) fn invoice_xml(
    invoice: &Invoice,
    need: Need,
) -> Result<Option<(EInvoiceFormat, Vec<u8>)>, Error> {
    let format = invoice_format(invoice);
    let issued = as_issued(invoice);
    let result = einvoice::invoice_xml(&issued, xml_format(format), &Options::default());
    take(result, format, need)
}

/// The XML of an issued correction for its frozen format.
pub(crate) fn correction_xml(
    correction: &Correction,
    need: Need,
) -> Result<Option<(EInvoiceFormat, Vec<u8>)>, Error> {
    let format = format_of(&correction.bill_to, &correction.seller);
    let result = einvoice::correction_xml(correction, xml_format(format), &Options::default());
    take(result, format, need)
}

impl Files {
    /// Stores `xml` and links document `key` to it in `tx`, as [`Self::store_frozen`] does
    /// for PDFs.
    pub(crate) async fn store_xml(
        &self,
        tx: &mut dyn StoreTx,
        (company_id, kind, document_id): (CompanyId, IssuedKind, uuid::Uuid),
        xml: &[u8],
        now: DateTime<Utc>,
    ) -> Result<IssuedDocument, Error> {
        let sha256 = self.put_in(tx, xml).await?;
        let doc = IssuedDocument {
            company_id,
            kind,
            document_id,
            sha256,
            size: xml.len() as u64,
            media_type: XML_MEDIA_TYPE.into(),
            created_at: now,
        };
        tx.insert_issued_document(&doc).await?;
        Ok(doc)
    }

    /// The frozen XML of document `key`, if it has one.
    pub(super) async fn frozen_xml(
        &self,
        (company, kind, id): (CompanyId, IssuedKind, uuid::Uuid),
    ) -> Result<Option<(Vec<u8>, DocumentHash)>, Error> {
        match self.store.issued_document(company, kind, id).await? {
            Some(link) => Ok(Some((self.read(&link.sha256).await?, link.sha256))),
            None => Ok(None),
        }
    }

    /// Freezes `xml` for document `key` now (a document issued before XML was frozen); a
    /// concurrent request that froze it first wins, and its bytes are returned.
    async fn freeze_late(
        &self,
        key: (CompanyId, IssuedKind, uuid::Uuid),
        xml: Vec<u8>,
        now: DateTime<Utc>,
    ) -> Result<(Vec<u8>, DocumentHash), Error> {
        let mut tx = self.store.begin().await?;
        match self.store_xml(&mut *tx, key, &xml, now).await {
            Ok(doc) => {
                tx.commit().await?;
                Ok((xml, doc.sha256))
            }
            Err(Error::Storage(StoreError::Conflict(_))) => {
                drop(tx);
                self.frozen_xml(key)
                    .await?
                    .ok_or_else(|| StoreError::Corrupt("an e-invoice link vanished".into()).into())
            }
            Err(e) => Err(e),
        }
    }

    /// The e-invoice XML of an issued invoice: its frozen bytes. An invoice issued before
    /// files were frozen gets its PDF frozen first (the hybrid then carries this XML); one
    /// whose PDF was frozen without XML gets the XML written now. `parties` loads company and
    /// client, only when needed.
    ///
    /// # Errors
    /// [`Error::EInvoice`] for a draft, or when the XML cannot be written (what is missing).
    pub(crate) async fn invoice_einvoice<F, Fut>(
        &self,
        invoice: &Invoice,
        now: DateTime<Utc>,
        parties: F,
    ) -> Result<EInvoiceFile, Error>
    where
        F: FnOnce() -> Fut + Send,
        Fut: std::future::Future<Output = Result<(Company, Client), Error>> + Send,
    {
        if invoice.status == InvoiceStatus::Draft || invoice.number.is_none() {
            return Err(EInvoiceError::NotIssued.into());
        }
        let key = (
            invoice.company_id,
            IssuedKind::InvoiceXml,
            invoice.id.as_uuid(),
        );
        let format = xml_format(invoice_format(invoice));
        let file = |(bytes, sha256)| EInvoiceFile {
            bytes,
            format,
            sha256,
        };
        if let Some(found) = self.frozen_xml(key).await? {
            return Ok(file(found));
        }
        let (company, client) = parties().await?;
        if self.link(invoice.company_id, invoice.id).await?.is_none() {
            // Frozen with its PDF, as at issue, so the two cannot disagree.
            let both = || async { Ok((company.clone(), client.clone())) };
            self.issued_pdf(invoice, now, both).await?;
            if let Some(found) = self.frozen_xml(key).await? {
                return Ok(file(found));
            }
        }
        let (_, xml) = invoice_xml(&in_language_of(invoice, &client), Need::Requested)?
            .ok_or(Error::EInvoice(EInvoiceError::NotIssued))?;
        Ok(file(self.freeze_late(key, xml, now).await?))
    }

    /// The e-invoice XML of an issued correction (frozen now if it was issued before XML was).
    ///
    /// # Errors
    /// [`Error::EInvoice`] when the XML cannot be written.
    pub(crate) async fn correction_einvoice(
        &self,
        correction: &Correction,
        now: DateTime<Utc>,
    ) -> Result<EInvoiceFile, Error> {
        let key = (
            correction.company_id,
            IssuedKind::CorrectionXml,
            correction.id.as_uuid(),
        );
        let format = xml_format(format_of(&correction.bill_to, &correction.seller));
        self.einvoice_file(key, format, now, || {
            correction_xml(correction, Need::Requested)
        })
        .await
    }

    /// The frozen XML of document `key`, or the one `build` writes, frozen now.
    async fn einvoice_file(
        &self,
        key: (CompanyId, IssuedKind, uuid::Uuid),
        format: EInvoiceFormat,
        now: DateTime<Utc>,
        build: impl FnOnce() -> Result<Option<(EInvoiceFormat, Vec<u8>)>, Error>,
    ) -> Result<EInvoiceFile, Error> {
        let (bytes, sha256) = match self.frozen_xml(key).await? {
            Some(found) => found,
            None => {
                let (_, xml) = build()?.ok_or(Error::EInvoice(EInvoiceError::NotIssued))?;
                self.freeze_late(key, xml, now).await?
            }
        };
        Ok(EInvoiceFile {
            bytes,
            format,
            sha256,
        })
    }
}

impl Crm {
    /// The e-invoice XML of an issued invoice for staff.
    ///
    /// # Errors
    /// [`Error::NotFound`]; [`Error::EInvoice`] for a draft or when the XML cannot be written.
    pub async fn invoice_einvoice(&self, ctx: &Ctx, id: InvoiceId) -> Result<EInvoiceFile, Error> {
        let invoice = self
            .store
            .invoice(ctx.company, id)
            .await?
            .ok_or(Error::NotFound(Entity::Invoice))?;
        self.files
            .invoice_einvoice(&invoice, self.clock.now(), || {
                self.parties(ctx.company, &invoice)
            })
            .await
    }

    /// Whether an issued invoice (already read in its tenant's or client's scope) has an
    /// e-invoice XML to download: one is frozen, or its files are not frozen yet (an invoice
    /// issued before that: its first request freezes them).
    ///
    /// # Errors
    /// [`Error::Storage`].
    pub async fn invoice_has_einvoice(&self, invoice: &Invoice) -> Result<bool, Error> {
        if invoice.status == InvoiceStatus::Draft || invoice.number.is_none() {
            return Ok(false);
        }
        let xml = (IssuedKind::InvoiceXml, invoice.id.as_uuid());
        if self
            .store
            .issued_document(invoice.company_id, xml.0, xml.1)
            .await?
            .is_some()
        {
            return Ok(true);
        }
        Ok(self
            .files
            .link(invoice.company_id, invoice.id)
            .await?
            .is_none())
    }

    /// The e-invoice XML of an issued invoice of the signed-in client, with the invoice (the
    /// first view is recorded as by [`Crm::portal_view_invoice`]).
    ///
    /// # Errors
    /// As [`Crm::invoice_einvoice`]; another client's invoice is not found.
    pub async fn portal_invoice_einvoice(
        &self,
        portal: &PortalCtx,
        id: InvoiceId,
    ) -> Result<(Invoice, EInvoiceFile), Error> {
        let invoice = self.portal_view_invoice(portal, id).await?;
        let file = self
            .files
            .invoice_einvoice(&invoice, self.clock.now(), || {
                self.parties(portal.company, &invoice)
            })
            .await?;
        Ok((invoice, file))
    }

    /// The e-invoice XML of a cancellation invoice or corrective credit for staff.
    ///
    /// # Errors
    /// [`Error::NotFound`]; [`Error::EInvoice`] when the XML cannot be written.
    pub async fn correction_einvoice(
        &self,
        ctx: &Ctx,
        id: CorrectionId,
    ) -> Result<(Correction, EInvoiceFile), Error> {
        let correction = self.correction(ctx, id).await?;
        let file = self
            .files
            .correction_einvoice(&correction, self.clock.now())
            .await?;
        Ok((correction, file))
    }

    /// The e-invoice XML of a correction of the signed-in client.
    ///
    /// # Errors
    /// As [`Crm::correction_einvoice`]; another client's correction is not found.
    pub async fn portal_correction_einvoice(
        &self,
        portal: &PortalCtx,
        id: CorrectionId,
    ) -> Result<(Correction, EInvoiceFile), Error> {
        let correction = self.portal_correction(portal, id).await?;
        let file = self
            .files
            .correction_einvoice(&correction, self.clock.now())
            .await?;
        Ok((correction, file))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_count_only_where_an_e_invoice_is_owed() {
        let missing = || Err(EInvoiceError::Missing("einvoice.missing.buyer_reference"));
        assert!(matches!(
            take(missing(), EInvoiceFormat::XrechnungCii, Need::AtIssue),
            Err(Error::EInvoice(_))
        ));
        assert!(matches!(
            take(missing(), EInvoiceFormat::Zugferd, Need::AtIssue),
            Ok(None)
        ));
        assert!(matches!(
            take(missing(), EInvoiceFormat::Plain, Need::AtIssue),
            Ok(None)
        ));
        assert!(matches!(
            take(missing(), EInvoiceFormat::XrechnungUbl, Need::BestEffort),
            Ok(None)
        ));
        assert!(matches!(
            take(missing(), EInvoiceFormat::Plain, Need::Requested),
            Err(Error::EInvoice(_))
        ));
        let ok = take(Ok(b"<x/>".to_vec()), EInvoiceFormat::Plain, Need::AtIssue);
        assert!(matches!(ok, Ok(Some((EInvoiceFormat::Zugferd, _)))));
    }
}
