//! Cancellation invoices and credit notes as documents: what their frozen PDFs say
//! (`pdftotext`), that the original stays byte-identical, the statement lists them, and their
//! email carries the frozen bytes.

use std::sync::Arc;

use crm_core::domain::{Attachment, LineItemInput, PaymentMethod, TemplateKind};
use crm_core::ports::{DocumentRenderer, StatementData};
use crm_core::render::PdfRenderer;
use crm_core::service::{CancelInput, CreditInput, MailComposer, PaymentInput};
use crm_core::testing::conformance::{client_input, d, invoice_input};
use crm_core::testing::{Fixture, MemoryStore};

use super::pdf::{PdfFile, have_all};

fn credit(description: &str, net: &str, rate: &str) -> CreditInput {
    CreditInput {
        items: vec![LineItemInput {
            description: description.into(),
            quantity: d("1"),
            unit_price: d(net),
            tax_rate: d(rate),
            ..Default::default()
        }],
        reason: Some("Preisnachlass wegen Lieferverzug".into()),
    }
}

fn pay(amount: &str) -> PaymentInput {
    PaymentInput {
        amount: d(amount),
        currency: None,
        date: None,
        method: PaymentMethod::BankTransfer,
        reference: None,
        send_receipt: false,
    }
}

#[tokio::test]
async fn a_cancellation_invoice_names_the_original_negates_it_and_says_what_is_refunded() {
    let f = Fixture::new(Arc::new(MemoryStore::new()));
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let inv = f.issued_invoice(&ctx, &client, "100").await;
    let original = f.crm.invoice_pdf(&ctx, inv.id).await.expect("pdf");
    f.crm
        .record_payment(&ctx, inv.id, &pay("40"))
        .await
        .expect("paid");
    let (cancelled, st) = f
        .crm
        .cancel_invoice_with(
            &ctx,
            inv.id,
            &CancelInput {
                reason: Some("Doppelt berechnet".into()),
            },
        )
        .await
        .expect("cancel");
    let st = st.expect("cancellation invoice");
    // The original's frozen PDF is untouched by the cancellation.
    let again = f.crm.invoice_pdf(&ctx, inv.id).await.expect("pdf");
    assert_eq!(again.bytes, original.bytes);
    assert_eq!(
        cancelled.cancelled_by.map(|c| c.number),
        Some(st.number.clone())
    );
    let pdf = f.crm.correction_pdf(&ctx, st.id).await.expect("pdf");
    if !have_all() {
        return;
    }
    let file = PdfFile::new(&pdf.bytes);
    file.assert_valid();
    let text = file.text();
    for needle in [
        "Stornorechnung ST-00001",
        "Zu Rechnung",
        "RE-00001 vom 27.11.2026",
        "Mit dieser Stornorechnung stornieren wir die Rechnung RE-00001 vom 27.11.2026",
        "Grund: Doppelt berechnet",
        "-119,00 €",
        "-19,00 €",
        "Wir erstatten Ihnen 40,00 €",
        "USt-IdNr. DE136695976",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
}

#[tokio::test]
async fn a_credit_note_in_english_keeps_the_reverse_charge_sentence_and_sums_per_rate() {
    let f = Fixture::new(Arc::new(MemoryStore::new()));
    let (_, ctx) = f.company("Muster GmbH").await;
    let mut input = client_input("Dublin Tech Ltd");
    input.address.country = "IE".into();
    input.address.postal_code = "D02 X285".into();
    input.tax_id = Some("IE6388047V".into());
    input.locale = Some("en".into());
    let client = f.crm.create_client(&ctx, &input).await.expect("client");
    let mut draft = invoice_input(client.id, "1000");
    draft.items[0].tax_rate = d("0");
    let inv = f.crm.create_invoice(&ctx, &draft).await.expect("draft");
    let inv = f.crm.issue_invoice(&ctx, inv.id).await.expect("issued");
    // A 19 % line does not exist on a reverse-charge invoice: refused, naming the line.
    let err = f
        .crm
        .credit_invoice(&ctx, inv.id, &credit("Discount", "100", "19"))
        .await
        .expect_err("no such rate");
    assert!(
        format!("{err:?}").contains("credit.rate_not_on_invoice"),
        "{err:?}"
    );
    let (after, rk) = f
        .crm
        .credit_invoice(&ctx, inv.id, &credit("Discount", "250", "0"))
        .await
        .expect("credit");
    assert_eq!(
        (rk.number.as_str(), after.balance),
        ("RK-00001", d("750.00"))
    );
    let pdf = f.crm.correction_pdf(&ctx, rk.id).await.expect("pdf");
    if !have_all() {
        return;
    }
    let text = PdfFile::new(&pdf.bytes).text();
    for needle in [
        "Credit note RK-00001",
        "Corrects invoice",
        "This credit note corrects invoice RE-00001",
        "Reverse charge",
        "IE6388047V",
        "-€250.00",
        "The amount is set off against invoice RE-00001.",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
}

#[tokio::test]
async fn the_statement_lists_corrections_and_their_email_carries_the_frozen_pdf() {
    let f = Fixture::new(Arc::new(MemoryStore::new()));
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let inv = f.issued_invoice(&ctx, &client, "100").await;
    let (_, rk) = f
        .crm
        .credit_invoice(&ctx, inv.id, &credit("Nachlass", "10", "19"))
        .await
        .expect("credit");
    f.crm.send_correction(&ctx, rk.id).await.expect("send");
    let outbox = f.store().outbox(ctx.company, 10).await.expect("outbox");
    let email = outbox
        .iter()
        .find(|e| e.kind == TemplateKind::Correction)
        .expect("queued");
    assert_eq!(email.attachment, Some(Attachment::Correction(rk.id)));
    assert!(
        email
            .subject
            .contains("Rechnungskorrektur RK-00001 zur Rechnung RE-00001"),
        "{}",
        email.subject
    );
    assert!(
        email
            .text_body
            .replace('\u{a0}', " ")
            .contains("über 11,90 €"),
        "{}",
        email.text_body
    );
    let renderer: Arc<dyn DocumentRenderer> = Arc::new(PdfRenderer::new().expect("fonts"));
    let composer = MailComposer::new(f.store().clone(), renderer.clone());
    let company = f.crm.company(&ctx).await.expect("company");
    let attached = composer
        .attachments(&company, Attachment::Correction(rk.id))
        .await
        .expect("attachment")
        .remove(0);
    let frozen = f.crm.correction_pdf(&ctx, rk.id).await.expect("pdf");
    assert_eq!(attached.bytes, frozen.bytes);
    assert_eq!(attached.file_name, "Rechnungskorrektur-RK-00001.pdf");
    // The statement of the period shows the credit.
    let portal = crm_core::service::PortalCtx {
        company: ctx.company,
        client: client.id,
        contact: client.contacts[0].id,
        confirmed: false,
    };
    let data: StatementData = f
        .crm
        .portal_statement_data(&portal, None)
        .await
        .expect("statement");
    assert_eq!(data.corrections.len(), 1);
    if !have_all() {
        return;
    }
    let text = PdfFile::new(&renderer.statement(&data).expect("render")).text();
    for needle in ["Stornos und Rechnungskorrekturen", "RK-00001", "-11,90 €"] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
}
