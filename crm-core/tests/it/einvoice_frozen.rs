//! E-invoices frozen at issue (`service::archive::einvoice`): the XML is written in the issuing
//! transaction from the same snapshots as the PDF, archived as `invoice_xml` /
//! `correction_xml`, and every later request gets those bytes; drafts have none, another
//! client's documents are not found, and what cannot be written says why.

use crm_core::domain::{EInvoiceFormat, IssuedKind, XML_MEDIA_TYPE};
use crm_core::ports::DocumentRenderer;
use crm_core::render::einvoice::{self, EInvoiceError, Options};
use crm_core::service::{CancelInput, Error, InvoiceInput, PortalCtx};

use crate::einvoice::{Case, tools_available, validate};
use crate::scenarios::{World, item, lines, world};

/// The XSD and the official EN 16931 schematron find nothing fatal in `xml`.
pub(crate) fn assert_passes_en16931(name: &str, xml: Vec<u8>) {
    if !tools_available() {
        return;
    }
    let reports = validate(&[Case {
        name: name.into(),
        xml,
        must_fail: vec![],
    }]);
    let fatal: Vec<_> = reports[0]
        .failed
        .iter()
        .filter(|f| f.flag.as_deref() != Some("warning"))
        .map(|f| (f.id.clone(), f.text.clone()))
        .collect();
    assert!(reports[0].xsd.is_empty(), "{:?}", reports[0].xsd);
    assert!(fatal.is_empty(), "{fatal:?}");
}

#[tokio::test]
async fn issuing_freezes_the_xml_beside_the_pdf_and_serves_those_bytes() {
    let w = world(false).await;
    let client = w.domestic().await;
    let invoice = w
        .issue(&client, lines(vec![item("Beratung", "3", "120", "19")]))
        .await;

    let link =
        w.f.store()
            .issued_document(w.ctx.company, IssuedKind::InvoiceXml, invoice.id.as_uuid())
            .await
            .expect("store")
            .expect("the XML is linked at issue");
    assert_eq!(link.media_type, XML_MEDIA_TYPE);

    let file =
        w.f.crm
            .invoice_einvoice(&w.ctx, invoice.id)
            .await
            .expect("e-invoice");
    assert_eq!(file.format, EInvoiceFormat::Zugferd);
    assert_eq!(file.sha256, link.sha256);
    // The same data as the PDF: what the mapping writes for the issued invoice.
    let expected =
        einvoice::invoice_xml(&invoice, EInvoiceFormat::Zugferd, &Options::default()).expect("xml");
    assert_eq!(file.bytes, expected);

    // Paying it changes the invoice, not its e-invoice.
    w.f.crm
        .record_payment(
            &w.ctx,
            invoice.id,
            &crm_core::service::PaymentInput {
                amount: invoice.totals.total,
                currency: None,
                date: None,
                method: crm_core::domain::PaymentMethod::BankTransfer,
                reference: None,
                send_receipt: false,
            },
        )
        .await
        .expect("paid");
    let again =
        w.f.crm
            .invoice_einvoice(&w.ctx, invoice.id)
            .await
            .expect("again");
    assert_eq!(again, file);

    assert_passes_en16931("frozen.zugferd", file.bytes);
}

#[tokio::test]
async fn drafts_have_no_einvoice_and_consumers_still_get_the_factur_x_xml() {
    let w = world(false).await;
    let consumer = w.client("Erika Muster", "DE", None, "consumer").await;
    let draft =
        w.f.crm
            .create_invoice(
                &w.ctx,
                &InvoiceInput {
                    client_id: consumer.id,
                    ..lines(vec![item("Reparatur", "1", "80", "19")])
                },
            )
            .await
            .expect("draft");
    let refused = w.f.crm.invoice_einvoice(&w.ctx, draft.id).await;
    assert!(
        matches!(refused, Err(Error::EInvoice(EInvoiceError::NotIssued))),
        "{refused:?}"
    );

    let issued =
        w.f.crm
            .issue_invoice(&w.ctx, draft.id)
            .await
            .expect("issue");
    let file =
        w.f.crm
            .invoice_einvoice(&w.ctx, issued.id)
            .await
            .expect("a plain-PDF client can still ask for the XML");
    assert_eq!(file.format, EInvoiceFormat::Zugferd);
    let xml = String::from_utf8(file.bytes).expect("utf-8");
    assert!(xml.contains("urn:cen.eu:en16931:2017"), "{xml}");
}

#[tokio::test]
async fn a_cancellation_gets_its_own_frozen_xml() {
    let w = world(false).await;
    let client = w.domestic().await;
    let invoice = w
        .issue(&client, lines(vec![item("Wartung", "2", "50", "19")]))
        .await;
    let (_, cancellation) =
        w.f.crm
            .cancel_invoice_with(
                &w.ctx,
                invoice.id,
                &CancelInput {
                    reason: Some("Doppelt berechnet".into()),
                },
            )
            .await
            .expect("cancel");
    let cancellation = cancellation.expect("a sent invoice is cancelled by a cancellation invoice");
    let link =
        w.f.store()
            .issued_document(
                w.ctx.company,
                IssuedKind::CorrectionXml,
                cancellation.id.as_uuid(),
            )
            .await
            .expect("store")
            .expect("linked at issue");
    let (c, file) =
        w.f.crm
            .correction_einvoice(&w.ctx, cancellation.id)
            .await
            .expect("e-invoice");
    assert_eq!(file.sha256, link.sha256);
    let expected =
        einvoice::correction_xml(&c, EInvoiceFormat::Zugferd, &Options::default()).expect("xml");
    assert_eq!(file.bytes, expected);
    let xml = String::from_utf8(file.bytes).expect("utf-8");
    assert!(xml.contains("<ram:TypeCode>384</ram:TypeCode>"), "{xml}");
}

#[tokio::test]
async fn a_foreign_currency_invoice_states_its_vat_in_euros_at_the_frozen_rate() {
    let w = world(false).await;
    // An export in dollars charges no VAT: nothing to convert, the XML is written without a
    // tax currency.
    let us = w.client("Acme Inc.", "US", None, "business").await;
    let export = w
        .issue(&us, lines(vec![item("Consulting", "1", "1000", "0")]))
        .await;
    let file =
        w.f.crm
            .invoice_einvoice(&w.ctx, export.id)
            .await
            .expect("e-invoice");
    let xml = String::from_utf8(file.bytes).expect("utf-8");
    assert!(!xml.contains("TaxCurrencyCode"), "{xml}");

    // Dollars with German VAT: refused at issue without a rate, on the field to fix.
    let mut branch = crm_core::testing::conformance::client_input("Berlin Branch of Acme");
    branch.currency = Some("USD".into());
    branch.kind = Some("business".into());
    let branch =
        w.f.crm
            .create_client(&w.ctx, &branch)
            .await
            .expect("client");
    let draft =
        w.f.crm
            .create_invoice(
                &w.ctx,
                &InvoiceInput {
                    client_id: branch.id,
                    ..lines(vec![item("Consulting", "8", "150", "19")])
                },
            )
            .await
            .expect("draft");
    match w.f.crm.issue_invoice(&w.ctx, draft.id).await {
        Err(Error::Invalid(errors)) => {
            let e = errors
                .0
                .iter()
                .find(|e| e.field == "eur_rate")
                .expect("the rate is named");
            assert_eq!(e.error.code(), "issue.eur_rate_missing");
            assert!(
                e.error
                    .message(crm_core::domain::Locale::De)
                    .contains("USD"),
                "{}",
                e.error.message(crm_core::domain::Locale::De)
            );
        }
        other => panic!("expected the missing rate, got {other:?}"),
    }
    // A rate on a euro invoice is an input error.
    let de = w.domestic().await;
    let refused =
        w.f.crm
            .create_invoice(
                &w.ctx,
                &InvoiceInput {
                    client_id: de.id,
                    eur_rate: Some(crm_core::testing::conformance::d("1.1")),
                    ..lines(vec![item("Beratung", "1", "100", "19")])
                },
            )
            .await;
    assert!(
        matches!(&refused, Err(Error::Invalid(e)) if e.0[0].field == "eur_rate"
            && e.0[0].error.code() == "eur_rate.not_foreign"),
        "{refused:?}"
    );

    // With the rate: issued, and PDF and XML state the same euro amount
    // (228.00 USD × 0.9234 = 210.5352 → 210.54 EUR).
    let mut input = crm_core::service::InvoiceInput::of(&draft);
    input.eur_rate = Some(crm_core::testing::conformance::d("0.9234"));
    w.f.crm
        .update_invoice(&w.ctx, draft.id, &input)
        .await
        .expect("rate set");
    let issued =
        w.f.crm
            .issue_invoice(&w.ctx, draft.id)
            .await
            .expect("issue");
    let file =
        w.f.crm
            .invoice_einvoice(&w.ctx, issued.id)
            .await
            .expect("e-invoice");
    let xml = String::from_utf8(file.bytes.clone()).expect("utf-8");
    assert!(
        xml.contains("<ram:TaxCurrencyCode>EUR</ram:TaxCurrencyCode>"),
        "{xml}"
    );
    assert!(
        xml.contains(r#"<ram:TaxTotalAmount currencyID="EUR">210.54</ram:TaxTotalAmount>"#),
        "{xml}"
    );
    assert_passes_en16931("foreign_currency_frozen", file.bytes);
    if crate::pdf::have("pdftotext") {
        let pdf = w.f.crm.invoice_pdf(&w.ctx, issued.id).await.expect("pdf");
        let text = crate::pdf::PdfFile::new(&pdf.bytes).text();
        assert!(
            text.contains("USt in EUR (1 USD = 0,9234 EUR)") && text.contains("210,54"),
            "{text}"
        );
    }

    // An invoice issued before rates were kept has none: its XML says what it lacks.
    let mut old = issued.clone();
    old.eur_rate = None;
    let e = einvoice::invoice_xml(&old, EInvoiceFormat::Zugferd, &Options::default())
        .expect_err("no rate");
    assert_eq!(e.code(), "einvoice.missing.tax_currency_rate");
    assert!(
        e.message(crm_core::domain::Locale::De)
            .contains("Umrechnungskurs"),
        "{}",
        e.message(crm_core::domain::Locale::De)
    );
}

#[tokio::test]
async fn the_portal_serves_only_the_signed_in_clients_einvoices() {
    let w = world(false).await;
    let alpha = w.domestic().await;
    let beta = w
        .client("Beta GmbH", "DE", Some("DE811907980"), "business")
        .await;
    let invoice = w
        .issue(&alpha, lines(vec![item("Beratung", "1", "100", "19")]))
        .await;
    let portal = |client: &crm_core::domain::Client| PortalCtx {
        company: w.ctx.company,
        client: client.id,
        contact: client.contacts[0].id,
        confirmed: false,
    };
    let (seen, file) =
        w.f.crm
            .portal_invoice_einvoice(&portal(&alpha), invoice.id)
            .await
            .expect("own invoice");
    assert_eq!(seen.id, invoice.id);
    let staff =
        w.f.crm
            .invoice_einvoice(&w.ctx, invoice.id)
            .await
            .expect("staff");
    assert_eq!(file, staff);
    let other =
        w.f.crm
            .portal_invoice_einvoice(&portal(&beta), invoice.id)
            .await;
    assert!(matches!(other, Err(Error::NotFound(_))), "{other:?}");
}

/// A client of `w` who gets `format`, with `reference` as buyer reference.
async fn xrechnung_client(
    w: &World,
    format: &str,
    reference: Option<&str>,
) -> crm_core::domain::Client {
    let mut input = crm_core::testing::conformance::client_input("Bezirksamt Mitte");
    input.kind = Some("business".into());
    input.einvoice_format = Some(format.into());
    input.buyer_reference = reference.map(str::to_owned);
    w.f.crm.create_client(&w.ctx, &input).await.expect("client")
}

#[tokio::test]
async fn an_xrechnung_that_could_not_be_valid_is_not_issued_and_nothing_is_written() {
    let w = world(false).await;
    let client = xrechnung_client(&w, "xrechnung_cii", None).await;
    let draft =
        w.f.crm
            .create_invoice(
                &w.ctx,
                &InvoiceInput {
                    client_id: client.id,
                    ..lines(vec![item("Beratung", "1", "100", "19")])
                },
            )
            .await
            .expect("draft");
    let refused = w.f.crm.issue_invoice(&w.ctx, draft.id).await;
    match refused {
        Err(Error::EInvoice(e)) => assert_eq!(e.code(), "einvoice.missing.buyer_reference"),
        other => panic!("expected the missing buyer reference, got {other:?}"),
    }
    assert_eq!(
        w.f.crm.invoice(&w.ctx, draft.id).await.expect("invoice"),
        draft,
        "still the draft"
    );
    for kind in [IssuedKind::Invoice, IssuedKind::InvoiceXml] {
        let link =
            w.f.store()
                .issued_document(w.ctx.company, kind, draft.id.as_uuid())
                .await
                .expect("store");
        assert!(link.is_none(), "{kind:?} linked for a refused issue");
    }
    // No number was taken: the next invoice issued gets the first.
    let other = w.domestic().await;
    let first = w
        .issue(&other, lines(vec![item("Beratung", "1", "100", "19")]))
        .await;
    assert_eq!(first.number.as_deref(), Some("RE-00001"));
}

#[tokio::test]
async fn an_xrechnung_travels_as_its_own_file_in_the_email_and_the_zip() {
    let w = world(false).await;
    let client = xrechnung_client(&w, "xrechnung_ubl", Some("991-33333TEST-33")).await;
    let invoice = w
        .issue(&client, lines(vec![item("Beratung", "4", "95", "19")]))
        .await;
    let file =
        w.f.crm
            .invoice_einvoice(&w.ctx, invoice.id)
            .await
            .expect("e-invoice");
    assert_eq!(file.format, EInvoiceFormat::XrechnungUbl);
    let xml = String::from_utf8(file.bytes.clone()).expect("utf-8");
    assert!(
        xml.contains("<cbc:BuyerReference>991-33333TEST-33</cbc:BuyerReference>"),
        "{xml}"
    );
    assert!(xml.contains("urn:xeinkauf.de:kosit:xrechnung_3.0"), "{xml}");

    let composer = crm_core::service::MailComposer::new(
        w.f.store().clone(),
        std::sync::Arc::new(crm_core::render::PdfRenderer::new().expect("fonts")),
    );
    let company = w.f.crm.company(&w.ctx).await.expect("company");
    let attached = composer
        .attachments(&company, crm_core::domain::Attachment::Invoice(invoice.id))
        .await
        .expect("attachments");
    let names: Vec<(&str, &str)> = attached
        .iter()
        .map(|a| (a.file_name.as_str(), a.mime_type.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("Rechnung-RE-00001.pdf", "application/pdf"),
            ("Rechnung-RE-00001.xml", "application/xml")
        ]
    );
    assert_eq!(attached[1].bytes, file.bytes, "the frozen XML");

    let portal = PortalCtx {
        company: w.ctx.company,
        client: client.id,
        contact: client.contacts[0].id,
        confirmed: false,
    };
    let zip =
        w.f.crm
            .portal_invoice_bundle(&portal, &[invoice.id], Vec::new())
            .await
            .expect("bundle");
    let entries = super::zip::entries(&zip);
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Rechnung-RE-00001.pdf", "Rechnung-RE-00001.xml"]);
    assert_eq!(entries[1].1, file.bytes);

    assert_passes_en16931("frozen.xrechnung_ubl", file.bytes);
}

/// The embedded files of a PDF, decompressed.
fn embedded_files(pdf: &[u8]) -> Vec<Vec<u8>> {
    let doc = lopdf::Document::load_mem(pdf).expect("parse");
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict
                .get(b"Type")
                .and_then(|t| t.as_name())
                .is_ok_and(|n| n == b"EmbeddedFile")
        })
        .map(|s| {
            s.decompressed_content()
                .unwrap_or_else(|_| s.content.clone())
        })
        .collect()
}

#[tokio::test]
async fn zugferd_clients_get_the_frozen_xml_inside_the_frozen_pdf_and_others_a_plain_pdf() {
    let w = world(false).await;
    let domestic = w.domestic().await;
    let invoice = w
        .issue(&domestic, lines(vec![item("Beratung", "2", "120", "19")]))
        .await;
    let pdf = w.f.crm.invoice_pdf(&w.ctx, invoice.id).await.expect("pdf");
    let xml =
        w.f.crm
            .invoice_einvoice(&w.ctx, invoice.id)
            .await
            .expect("xml");
    assert_eq!(
        embedded_files(&pdf.bytes),
        std::slice::from_ref(&xml.bytes),
        "the hybrid carries the frozen XML byte for byte"
    );
    // A sound PDF whose text is that of the plain rendering of the invoice as issued.
    if crate::pdf::have_all() {
        let hybrid = crate::pdf::PdfFile::new(&pdf.bytes);
        hybrid.assert_valid();
        let company = w.f.crm.company(&w.ctx).await.expect("company");
        let plain = crm_core::render::PdfRenderer::new()
            .expect("fonts")
            .invoice(&company, &domestic, &invoice)
            .expect("plain");
        assert_eq!(hybrid.text(), crate::pdf::PdfFile::new(&plain).text());
    }
    // A cancellation of a ZUGFeRD invoice is a hybrid too.
    let (_, cancellation) =
        w.f.crm
            .cancel_invoice_with(&w.ctx, invoice.id, &CancelInput { reason: None })
            .await
            .expect("cancel");
    let cancellation = cancellation.expect("cancellation invoice");
    let c_pdf =
        w.f.crm
            .correction_pdf(&w.ctx, cancellation.id)
            .await
            .expect("pdf");
    let (_, c_xml) =
        w.f.crm
            .correction_einvoice(&w.ctx, cancellation.id)
            .await
            .expect("xml");
    assert_eq!(embedded_files(&c_pdf.bytes), [c_xml.bytes]);

    // XRechnung and plain-PDF clients: no XML inside (it travels beside, or on request).
    let public = xrechnung_client(&w, "xrechnung_cii", Some("991-33333TEST-33")).await;
    let consumer = w.client("Erika Muster", "DE", None, "consumer").await;
    for client in [public, consumer] {
        let invoice = w
            .issue(&client, lines(vec![item("Beratung", "1", "100", "19")]))
            .await;
        let pdf = w.f.crm.invoice_pdf(&w.ctx, invoice.id).await.expect("pdf");
        assert!(embedded_files(&pdf.bytes).is_empty(), "{}", client.name);
    }
}
