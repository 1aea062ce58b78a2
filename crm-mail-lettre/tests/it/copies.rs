//! Additional recipients at a real SMTP server: a document email goes to the contacts in To
//! and CC and, as a blind copy in the envelope only, to the company's accounting address; a
//! sign-in link goes to the person who asked and nobody else.

use crm_core::domain::ContactInput;
use crm_core::testing::Fixture;
use crm_core::testing::conformance::{client_input, invoice_input};
use mail_parser::{Address, MessageParser};

use crate::support::{self, Sink};

fn contact(name: &str, email: &str, primary: bool, role: &str) -> ContactInput {
    ContactInput {
        id: None,
        name: name.into(),
        email: email.into(),
        phone: None,
        primary,
        mail_role: Some(role.into()),
    }
}

fn addresses(a: Option<&Address<'_>>) -> Vec<String> {
    a.map(|a| {
        a.iter()
            .filter_map(|x| x.address())
            .map(str::to_owned)
            .collect()
    })
    .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn document_emails_reach_to_cc_and_a_blind_accounting_copy() {
    if !support::smtp_available() {
        return;
    }
    let sink = Sink::start();
    let f = Fixture::new(support::sqlite().await);
    let (_, ctx) = f.company("Muster GmbH").await;
    f.crm
        .set_accounting_bcc(&ctx, Some("belege@steuerbuero.example.com"))
        .await
        .expect("bcc");
    let mut input = client_input("Vier GmbH");
    input.contacts = vec![
        contact("Anna Haupt", "anna@vier.example.com", true, "to"),
        contact("Bernd Zweit", "bernd@vier.example.com", false, "to"),
        contact("Clara Kopie", "clara@vier.example.com", false, "cc"),
        contact("Dora Nie", "dora@vier.example.com", false, "none"),
    ];
    let client = f.crm.create_client(&ctx, &input).await.expect("client");
    let draft = f
        .crm
        .create_invoice(&ctx, &invoice_input(client.id, "100"))
        .await
        .expect("invoice");
    f.crm.send_invoice(&ctx, draft.id).await.expect("send");
    f.crm
        .request_login_link(&ctx, "clara@vier.example.com")
        .await
        .expect("login link");

    let worker = support::worker(f.store().clone(), &sink.url(), f.clock.clone());
    let pass = worker.drain().await.expect("drain");
    assert_eq!((pass.sent, pass.failed), (2, 0));
    let raw = sink.wait_for(2);
    let envelopes = sink.envelopes();
    assert_eq!((raw.len(), envelopes.len()), (2, 2));
    let messages: Vec<_> = raw
        .iter()
        .map(|r| MessageParser::default().parse(r).expect("parse"))
        .collect();
    let invoice_at = messages
        .iter()
        .position(|m| m.subject().is_some_and(|s| s.contains("RE-00001")))
        .expect("the invoice email");
    let (invoice, login) = (&messages[invoice_at], &messages[1 - invoice_at]);

    // The invoice: To Anna and Bernd, CC Clara, the bookkeeper only in the envelope.
    assert_eq!(
        addresses(invoice.to()),
        vec!["anna@vier.example.com", "bernd@vier.example.com"]
    );
    assert_eq!(addresses(invoice.cc()), vec!["clara@vier.example.com"]);
    let mut envelope = envelopes[invoice_at].clone();
    envelope.sort();
    assert_eq!(
        envelope,
        vec![
            "anna@vier.example.com",
            "belege@steuerbuero.example.com",
            "bernd@vier.example.com",
            "clara@vier.example.com",
        ]
    );
    let headers = String::from_utf8_lossy(&raw[invoice_at]);
    let headers = headers.split("\r\n\r\n").next().unwrap_or_default();
    assert!(
        !headers.to_lowercase().contains("bcc") && !headers.contains("steuerbuero"),
        "the blind copy is in no header: {headers}"
    );
    assert!(invoice.bcc().is_none());
    assert!(
        !raw[invoice_at].windows(5).any(|w| w == b"dora@"),
        "Dora gets nothing"
    );
    // Everyone got the one message with the PDF and the layout.
    assert!(invoice.attachments().next().is_some());
    let html = invoice.body_html(0).expect("html part");
    assert!(html.contains("Rechnung ansehen und bezahlen") && html.contains("/portal/login/"));

    // The sign-in link: Clara alone, no copies.
    assert_eq!(addresses(login.to()), vec!["clara@vier.example.com"]);
    assert!(login.cc().is_none() && login.bcc().is_none());
    assert_eq!(envelopes[1 - invoice_at], vec!["clara@vier.example.com"]);
}
