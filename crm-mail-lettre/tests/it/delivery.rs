//! What arrives at a real SMTP server: the primary contact, the right template, a valid PDF
//! and a magic link that opens the portal.

use std::sync::Arc;

use crm_core::domain::{ContactInput, EmailTemplate, OutboxStatus, TemplateKind};
use crm_core::testing::Fixture;
use crm_core::testing::conformance::{client_input, invoice_input};
use mail_parser::{MessageParser, MimeHeaders};

use crate::support::{self, Sink};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delivers_to_the_primary_contact_with_the_right_template_a_pdf_and_a_working_link() {
    if !support::smtp_available() {
        return;
    }
    let sink = Sink::start();
    let f = Fixture::new(support::sqlite().await);
    let (company, ctx) = f.company("Muster GmbH").await;
    // Alpha: two contacts, the second is primary; a client override of the invoice template.
    let mut input = client_input("Müller & Söhne");
    input.contacts[0].primary = false;
    input.contacts.push(ContactInput {
        id: None,
        name: "Jürgen Groß".into(),
        email: "juergen@mueller.example.com".into(),
        phone: None,
        primary: true,
        mail_role: None,
    });
    let alpha = f.crm.create_client(&ctx, &input).await.expect("client");
    let beta = f.client(&ctx, "Beta").await;
    f.crm
        .set_company_template(
            &ctx,
            TemplateKind::Invoice,
            &EmailTemplate {
                subject: "Ihre Rechnung {{invoice.number}} – Grüße von {{company.name}}".into(),
                body: "Hallo {{contact.name}},\n\nIhre Rechnung: {{portal_url}}".into(),
            },
        )
        .await
        .expect("company template");
    f.crm
        .set_client_template(&ctx, alpha.id, TemplateKind::Invoice, &EmailTemplate {
            subject: "Für Müller: Rechnung {{invoice.number}} über {{invoice.total}}".into(),
            body: "Sehr geehrter {{contact.name}},\n\nbitte hier ansehen und bezahlen:\n{{portal_url}}".into(),
        })
        .await
        .expect("client template");
    let a = f
        .crm
        .create_invoice(&ctx, &invoice_input(alpha.id, "1000"))
        .await
        .expect("invoice");
    let a = f.crm.send_invoice(&ctx, a.id).await.expect("send");
    let b = f
        .crm
        .create_invoice(&ctx, &invoice_input(beta.id, "10"))
        .await
        .expect("invoice");
    f.crm.send_invoice(&ctx, b.id).await.expect("send");

    let worker = support::worker(f.store().clone(), &sink.url(), f.clock.clone());
    let pass = worker.drain().await.expect("drain");
    assert_eq!((pass.sent, pass.failed), (2, 0));
    let raw = sink.wait_for(2);
    assert_eq!(raw.len(), 2);

    let outbox = f.store().outbox(ctx.company, 10).await.expect("outbox");
    assert!(
        outbox
            .iter()
            .all(|e| e.status == OutboxStatus::Sent && e.sent_at.is_some())
    );
    let parsed: Vec<_> = raw
        .iter()
        .map(|r| MessageParser::default().parse(r).expect("parse"))
        .collect();
    let for_alpha = parsed
        .iter()
        .find(|m| {
            m.to().and_then(|t| t.first()).and_then(|a| a.address())
                == Some("juergen@mueller.example.com")
        })
        .expect("the primary contact got the email");
    assert_eq!(
        for_alpha
            .to()
            .and_then(|t| t.first())
            .and_then(|a| a.name()),
        Some("Jürgen Groß")
    );
    assert_eq!(
        for_alpha.subject(),
        Some("Für Müller: Rechnung RE-00001 über 1.190,00\u{a0}€")
    );
    assert_eq!(
        for_alpha
            .from()
            .and_then(|f| f.first())
            .and_then(|a| a.name()),
        Some("Muster GmbH")
    );
    assert_eq!(
        for_alpha
            .from()
            .and_then(|f| f.first())
            .and_then(|a| a.address()),
        Some(company.email.as_str())
    );
    assert!(for_alpha.date().is_some());
    let alpha_row = outbox
        .iter()
        .find(|e| e.client_id == Some(alpha.id))
        .expect("row");
    assert_eq!(
        for_alpha.message_id(),
        Some(
            alpha_row
                .message_id("muster.example.com")
                .trim_matches(['<', '>'])
        )
    );
    let text = for_alpha.body_text(0).expect("text part");
    assert!(text.contains("Sehr geehrter Jürgen Groß"), "{text}");
    assert!(
        for_alpha
            .body_html(0)
            .expect("html part")
            .contains("Jürgen Groß")
    );
    // The PDF.
    let pdf = for_alpha.attachments().next().expect("attachment");
    assert_eq!(pdf.attachment_name(), Some("Rechnung-RE-00001.pdf"));
    assert_eq!(
        pdf.content_type().map(|c| (c.ctype(), c.subtype())),
        Some(("application", Some("pdf")))
    );
    let bytes = pdf.contents();
    support::assert_valid_pdf(bytes);
    // The company template for Beta.
    let for_beta = parsed
        .iter()
        .find(|m| {
            m.to().and_then(|t| t.first()).and_then(|a| a.address())
                == Some("kontakt@beta.example.com")
        })
        .expect("beta");
    assert_eq!(
        for_beta.subject(),
        Some("Ihre Rechnung RE-00002 – Grüße von Muster GmbH")
    );
    // The magic link opens the portal at the invoice.
    let link = text
        .split_whitespace()
        .find(|w| w.starts_with("https://crm.example/portal/login/"))
        .expect("magic link in the body");
    let token = link.rsplit('/').next().expect("token");
    let sign_in = f
        .crm
        .redeem_link(token, false)
        .await
        .expect("the link signs in");
    assert_eq!(
        sign_in.session.contact_id,
        alpha.primary_contact().expect("primary").id
    );
    assert_eq!(sign_in.target, Some(format!("/invoices/{}", a.id)));
    let portal = f
        .crm
        .portal_session(&sign_in.token.encode())
        .await
        .expect("session");
    assert_eq!(
        f.crm
            .portal_view_invoice(&portal, a.id)
            .await
            .expect("view")
            .id,
        a.id
    );
    let _ = Arc::strong_count(f.store());
}
