//! Archive area: frozen issued documents — files content-addressed and idempotent, links
//! unique and scoped, both atomic with the issue, and the served PDF the frozen bytes whatever
//! the company changes later.

use super::*;
use crate::domain::{DocumentHash, IssuedDocument, IssuedKind, PDF_MEDIA_TYPE};
use crate::ports::{DocumentArchive, StoreError};
use crate::service::StoreArchive;

mod logo;
pub use logo::{a_refused_logo_writes_nothing, issued_pdfs_keep_the_logo_they_were_issued_with};

/// Runs this area's cases, each on a fresh store from `make`.
pub async fn run<F, Fut>(make: &F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Arc<dyn Store>>,
{
    files_are_content_addressed_and_idempotent(make().await).await;
    links_are_written_once_and_scoped(make().await).await;
    issued_pdf_is_frozen_and_survives_company_changes(make().await).await;
    a_failed_issue_leaves_neither_file_nor_link(make().await).await;
    invoices_issued_before_freezing_are_frozen_on_first_request(make().await).await;
    an_old_invoice_asked_for_its_einvoice_first_keeps_its_pdf(make().await).await;
    files_are_readable_inside_a_transaction(make().await).await;
    a_refused_logo_writes_nothing(make().await).await;
    issued_pdfs_keep_the_logo_they_were_issued_with(make().await).await;
}

pub async fn files_are_content_addressed_and_idempotent(store: Arc<dyn Store>) {
    let archive = StoreArchive::new(store.clone());
    let bytes = b"%PDF-1.4 frozen".to_vec();
    let hash = archive.put(&bytes).await.unwrap();
    assert_eq!(hash, DocumentHash::of(&bytes));
    // The same bytes again: same hash, nothing changes.
    assert_eq!(archive.put(&bytes).await.unwrap(), hash);
    assert_eq!(archive.get(&hash).await.unwrap(), Some(bytes.clone()));
    assert_eq!(store.document_file(&hash).await.unwrap(), Some(bytes));
    assert_eq!(
        archive.get(&DocumentHash::of(b"unknown")).await.unwrap(),
        None
    );
    // Empty and large files round-trip exactly.
    let big: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
    for b in [Vec::new(), big] {
        let h = archive.put(&b).await.unwrap();
        assert_eq!(archive.get(&h).await.unwrap(), Some(b));
    }
    // Through a transaction: invisible until commit, gone with a rollback.
    let dropped = b"rolled back".to_vec();
    let mut tx = store.begin().await.unwrap();
    let h = tx.put_document_file(&dropped).await.unwrap();
    drop(tx);
    assert_eq!(store.document_file(&h).await.unwrap(), None);
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.put_document_file(&dropped).await.unwrap(), h);
    // Twice in one transaction is fine too.
    assert_eq!(tx.put_document_file(&dropped).await.unwrap(), h);
    tx.commit().await.unwrap();
    assert_eq!(store.document_file(&h).await.unwrap(), Some(dropped));
}

pub async fn files_are_readable_inside_a_transaction(store: Arc<dyn Store>) {
    let before = b"committed earlier".to_vec();
    let mut tx = store.begin().await.unwrap();
    let old = tx.put_document_file(&before).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.document_file_in_tx(&old).await.unwrap(), Some(before));
    // Its own put is visible to it before commit, and gone with the rollback.
    let own = b"put in this transaction".to_vec();
    let h = tx.put_document_file(&own).await.unwrap();
    assert_eq!(tx.document_file_in_tx(&h).await.unwrap(), Some(own));
    let unknown = DocumentHash::of(b"never stored");
    assert_eq!(tx.document_file_in_tx(&unknown).await.unwrap(), None);
    drop(tx);
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.document_file_in_tx(&h).await.unwrap(), None);
}

pub async fn links_are_written_once_and_scoped(store: Arc<dyn Store>) {
    let f = Fixture::new(store.clone());
    let (a, _) = f.company("Muster GmbH").await;
    let (b, _) = f.company("Andere GmbH").await;
    let id = uuid::Uuid::now_v7();
    let at =
        Utc.with_ymd_and_hms(2026, 11, 27, 10, 0, 0).unwrap() + Duration::microseconds(123_456);
    let link = IssuedDocument {
        company_id: a.id,
        kind: IssuedKind::Invoice,
        document_id: id,
        sha256: DocumentHash::of(b"x"),
        size: 1,
        media_type: PDF_MEDIA_TYPE.into(),
        created_at: at,
    };
    // A rollback leaves no link.
    let mut tx = store.begin().await.unwrap();
    tx.insert_issued_document(&link).await.unwrap();
    drop(tx);
    assert_eq!(
        store
            .issued_document(a.id, IssuedKind::Invoice, id)
            .await
            .unwrap(),
        None
    );
    let mut tx = store.begin().await.unwrap();
    tx.insert_issued_document(&link).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        store
            .issued_document(a.id, IssuedKind::Invoice, id)
            .await
            .unwrap(),
        Some(link.clone())
    );
    // Another company does not see it, and may link its own document of that id.
    assert_eq!(
        store
            .issued_document(b.id, IssuedKind::Invoice, id)
            .await
            .unwrap(),
        None
    );
    let theirs = IssuedDocument {
        company_id: b.id,
        sha256: DocumentHash::of(b"y"),
        ..link.clone()
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_issued_document(&theirs).await.unwrap();
    tx.commit().await.unwrap();
    // A second link of the same document is refused: a frozen file is never replaced.
    let mut tx = store.begin().await.unwrap();
    let again = tx
        .insert_issued_document(&IssuedDocument {
            sha256: DocumentHash::of(b"other"),
            ..link.clone()
        })
        .await;
    assert!(
        matches!(again, Err(StoreError::Conflict("issued_document"))),
        "{again:?}"
    );
    drop(tx);
    assert_eq!(
        store
            .issued_document(a.id, IssuedKind::Invoice, id)
            .await
            .unwrap(),
        Some(link)
    );
}

pub async fn issued_pdf_is_frozen_and_survives_company_changes(store: Arc<dyn Store>) {
    let f = Fixture::new(store.clone());
    let (company, ctx) = f.company("Muster GmbH").await;
    let mut settings = company.settings.clone();
    settings.bank_details = Some("IBAN DE02 1203 0000 0000 2020 51 · BIC BYLADEM1001".into());
    f.crm.update_company_settings(&ctx, settings).await.unwrap();
    let client = f.client(&ctx, "Alpha").await;
    let draft = f
        .crm
        .create_invoice(&ctx, &invoice_input(client.id, "100"))
        .await
        .unwrap();
    // A draft is rendered live, never archived.
    let live = f.crm.invoice_pdf(&ctx, draft.id).await.unwrap();
    assert_eq!(live.sha256, None);
    assert!(live.bytes.starts_with(b"%PDF"));
    assert_eq!(f.crm.invoice_file(&ctx, draft.id).await.unwrap(), None);

    let issued = f.crm.send_invoice(&ctx, draft.id).await.unwrap();
    let file = f
        .crm
        .invoice_file(&ctx, issued.id)
        .await
        .unwrap()
        .expect("frozen at issue");
    assert_eq!(file.kind, IssuedKind::Invoice);
    assert_eq!(file.document_id, issued.id.as_uuid());
    assert_eq!(file.media_type, "application/pdf");
    assert_eq!(file.created_at, issued.updated_at);
    let first = f.crm.invoice_pdf(&ctx, issued.id).await.unwrap();
    assert_eq!(first.sha256, Some(file.sha256));
    assert_eq!(DocumentHash::of(&first.bytes), file.sha256);
    assert_eq!(first.bytes.len() as u64, file.size);
    assert!(first.bytes.starts_with(b"%PDF"));
    assert_eq!(
        store.document_file(&file.sha256).await.unwrap().as_deref(),
        Some(&first.bytes[..])
    );

    // The company moves, changes its name, bank details and legal details; a payment comes
    // in. The issued invoice's PDF stays byte for byte what was issued.
    f.crm
        .update_company(
            &ctx,
            &CompanyInput {
                name: "Muster & Partner GmbH".into(),
                email: "buchhaltung@partner.example.com".into(),
                address: AddressInput {
                    street: "Neue Allee 99".into(),
                    city: "München".into(),
                    state: None,
                    postal_code: "80331".into(),
                    country: "DE".into(),
                },
                tax_id: Some("DE136695976".into()),
                currency: "EUR".into(),
                locale: "de-DE".into(),
            },
        )
        .await
        .unwrap();
    let mut settings = f.crm.company(&ctx).await.unwrap().settings;
    settings.bank_details = Some("IBAN DE89 3704 0044 0532 0130 00".into());
    settings.paper_size = crate::domain::PaperSize::Letter;
    f.crm.update_company_settings(&ctx, settings).await.unwrap();
    f.crm
        .record_payment(&ctx, issued.id, &pay("50.00"))
        .await
        .unwrap();
    let after = f.crm.invoice_pdf(&ctx, issued.id).await.unwrap();
    assert_eq!(after, first, "an issued invoice's PDF never changes");
    // The portal and the email attachment serve the same bytes.
    let portal = PortalCtx {
        company: ctx.company,
        client: client.id,
        contact: client.primary_contact().unwrap().id,
        confirmed: false,
    };
    let (_, in_portal) = f.crm.portal_invoice_pdf(&portal, issued.id).await.unwrap();
    assert_eq!(in_portal, first);
    let composer = crate::service::MailComposer::new(
        store.clone(),
        Arc::new(crate::render::PdfRenderer::new().unwrap()),
    );
    let company_now = f.crm.company(&ctx).await.unwrap();
    let attached = composer
        .attachments(&company_now, crate::domain::Attachment::Invoice(issued.id))
        .await
        .unwrap();
    assert_eq!(
        attached.len(),
        1,
        "a ZUGFeRD or plain invoice travels as one PDF"
    );
    assert_eq!(attached[0].bytes, first.bytes);
    assert_eq!(attached[0].mime_type, "application/pdf");

    // An invoice issued now shows the new data: another file.
    let later = f.issued_invoice(&ctx, &client, "100").await;
    let later_pdf = f.crm.invoice_pdf(&ctx, later.id).await.unwrap();
    assert_ne!(later_pdf.sha256, first.sha256);
    assert_eq!(
        later.seller.as_ref().map(|s| s.name.as_str()),
        Some("Muster & Partner GmbH")
    );
}

pub async fn a_failed_issue_leaves_neither_file_nor_link(store: Arc<dyn Store>) {
    let f = Fixture::new(store.clone());
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let draft = f
        .crm
        .create_invoice(&ctx, &invoice_input(client.id, "100"))
        .await
        .unwrap();
    // An external archive that is down: the issue fails, nothing is written.
    let external = Arc::new(crate::testing::MemoryArchive::new());
    let crm = f.crm.clone().with_archive(external.clone());
    external.set_failing(true);
    let err = crm.issue_invoice(&ctx, draft.id).await.unwrap_err();
    assert!(
        matches!(err, Error::Storage(StoreError::Unavailable(_))),
        "{err:?}"
    );
    assert_eq!(f.crm.invoice(&ctx, draft.id).await.unwrap(), draft);
    assert_eq!(f.crm.invoice_file(&ctx, draft.id).await.unwrap(), None);

    // Back up: bytes first, into the external archive (not the store's table), then the link
    // with the issue.
    external.set_failing(false);
    let issued = crm.issue_invoice(&ctx, draft.id).await.unwrap();
    assert_eq!(issued.number.as_deref(), Some("RE-00001"), "no number lost");
    let file = crm.invoice_file(&ctx, issued.id).await.unwrap().unwrap();
    // The PDF and the e-invoice XML frozen with it.
    assert_eq!(external.len(), 2);
    assert_eq!(store.document_file(&file.sha256).await.unwrap(), None);
    let pdf = crm.invoice_pdf(&ctx, issued.id).await.unwrap();
    assert_eq!(DocumentHash::of(&pdf.bytes), file.sha256);

    // A use case that fails after the freeze (here: the template engine, while queueing the
    // email of a send) rolls the link back with everything else; the bytes it had put stay
    // in the external archive, linked by nothing — harmless.
    let second = f
        .crm
        .create_invoice(&ctx, &invoice_input(client.id, "200"))
        .await
        .unwrap();
    let failing = crm.clone().with_templates(Arc::new(FailingTemplates));
    assert!(failing.send_invoice(&ctx, second.id).await.is_err());
    assert_eq!(f.crm.invoice(&ctx, second.id).await.unwrap(), second);
    assert_eq!(crm.invoice_file(&ctx, second.id).await.unwrap(), None);
    assert_eq!(
        external.len(),
        4,
        "the orphan bytes (PDF and XML) of the rolled-back issue"
    );
    // In the store's own archive the rollback takes the bytes too.
    let failing_in_store = f.crm.clone().with_templates(Arc::new(FailingTemplates));
    assert!(
        failing_in_store
            .send_invoice(&ctx, second.id)
            .await
            .is_err()
    );
    assert_eq!(f.crm.invoice_file(&ctx, second.id).await.unwrap(), None);
    let sent = f.crm.send_invoice(&ctx, second.id).await.unwrap();
    assert_eq!(sent.number.as_deref(), Some("RE-00002"));
    assert!(f.crm.invoice_file(&ctx, sent.id).await.unwrap().is_some());
}

/// An invoice as an older version issued it: number, dates and snapshots (without the
/// language, paper size and e-invoice fields those did not hold yet), but no frozen file.
async fn issued_before_freezing(
    f: &Fixture,
    ctx: &crate::service::Ctx,
    company: &crate::domain::Company,
    client: &crate::domain::Client,
    number: &str,
) -> crate::domain::Invoice {
    let draft = f
        .crm
        .create_invoice(ctx, &invoice_input(client.id, "100"))
        .await
        .unwrap();
    let mut tx = f.store().begin().await.unwrap();
    let mut old = tx
        .invoice_for_update(ctx.company, draft.id)
        .await
        .unwrap()
        .unwrap();
    let mut seller = crate::domain::Seller::of(company);
    seller.paper_size = None;
    let mut bill_to = crate::domain::BillTo::of(client, company.address.country());
    bill_to.locale = None;
    bill_to.buyer_reference = None;
    bill_to.einvoice_format = None;
    old.issue(
        number.into(),
        f.clock.today(),
        company.settings.payment_terms_days,
        (seller, bill_to),
    )
    .unwrap();
    tx.update_invoice(&old).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(f.crm.invoice_file(ctx, old.id).await.unwrap(), None);
    old
}

pub async fn invoices_issued_before_freezing_are_frozen_on_first_request(store: Arc<dyn Store>) {
    let f = Fixture::new(store.clone());
    let (company, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let old = issued_before_freezing(&f, &ctx, &company, &client, "RE-00001").await;

    // Two first requests at once: one freezes, both get the same bytes.
    let (a, b) = tokio::join!(
        f.crm.invoice_pdf(&ctx, old.id),
        f.crm.invoice_pdf(&ctx, old.id)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a, b);
    let file = f.crm.invoice_file(&ctx, old.id).await.unwrap().unwrap();
    assert_eq!(a.sha256, Some(file.sha256));
    assert_eq!(DocumentHash::of(&a.bytes), file.sha256);
    // From now on it is frozen like any other.
    let mut settings = company.settings.clone();
    settings.bank_details = Some("IBAN DE89 3704 0044 0532 0130 00".into());
    f.crm.update_company_settings(&ctx, settings).await.unwrap();
    assert_eq!(f.crm.invoice_pdf(&ctx, old.id).await.unwrap(), a);
}

/// An invoice issued before files were frozen whose e-invoice is asked for first (or at the
/// same time as its PDF): PDF and XML are frozen together, the PDF (a ZUGFeRD hybrid for this
/// domestic business) carries exactly the XML served, and neither request fails.
pub async fn an_old_invoice_asked_for_its_einvoice_first_keeps_its_pdf(store: Arc<dyn Store>) {
    let f = Fixture::new(store.clone());
    let (company, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let first = issued_before_freezing(&f, &ctx, &company, &client, "RE-00001").await;
    let xml = f.crm.invoice_einvoice(&ctx, first.id).await.unwrap();
    let pdf = f.crm.invoice_pdf(&ctx, first.id).await.unwrap();
    assert!(f.crm.invoice_file(&ctx, first.id).await.unwrap().is_some());
    assert!(
        contains_deflated(&pdf.bytes, &xml.bytes),
        "the hybrid carries the XML served"
    );
    assert_eq!(f.crm.invoice_einvoice(&ctx, first.id).await.unwrap(), xml);

    // Both first requests at once.
    let second = issued_before_freezing(&f, &ctx, &company, &client, "RE-00002").await;
    let (x, p) = tokio::join!(
        f.crm.invoice_einvoice(&ctx, second.id),
        f.crm.invoice_pdf(&ctx, second.id)
    );
    let (x, p) = (x.unwrap(), p.unwrap());
    assert_eq!(f.crm.invoice_einvoice(&ctx, second.id).await.unwrap(), x);
    assert_eq!(f.crm.invoice_pdf(&ctx, second.id).await.unwrap(), p);
}

/// Whether one of the PDF's deflated streams inflates to `needle`.
fn contains_deflated(pdf: &[u8], needle: &[u8]) -> bool {
    lopdf::Document::load_mem(pdf).is_ok_and(|doc| {
        doc.objects.values().any(|o| {
            o.as_stream()
                .ok()
                .and_then(|s| s.decompressed_content().ok())
                .is_some_and(|c| c == needle)
        })
    })
}

/// A template engine whose rendering always fails (after the issue, inside the send).
struct FailingTemplates;

impl TemplateEngine for FailingTemplates {
    fn validate(&self, kind: TemplateKind, t: &EmailTemplate) -> Result<(), TemplateError> {
        HandlebarsEngine::new().validate(kind, t)
    }
    fn render(
        &self,
        _: TemplateKind,
        _: &EmailTemplate,
        _: &serde_json::Value,
    ) -> Result<RenderedEmail, TemplateError> {
        Err(TemplateError::Invalid {
            part: "body",
            message: "simulated failure".into(),
        })
    }
    fn default_template(&self, kind: TemplateKind, locale: Locale) -> EmailTemplate {
        HandlebarsEngine::new().default_template(kind, locale)
    }
}
