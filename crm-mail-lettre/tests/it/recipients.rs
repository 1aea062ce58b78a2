//! The recipient is re-resolved when the worker sends, not taken from the queued row: a
//! changed address gets the mail, a removed primary contact is replaced by the current one, a
//! removed contact of a personal email and an archived client drop it (recorded as failed with
//! the reason, its bodies cleared). Through the real worker and a real SMTP server.

use crm_core::domain::{Client, ContactInput, OutboxStatus};
use crm_core::testing::Fixture;
use crm_core::testing::conformance::{client_input, invoice_input};
use crm_core::{Ctx, domain::OutboxEmail};
use mail_parser::MessageParser;

use crate::support::{self, Sink};

/// A client with a primary contact (Anna) and a second one (Bernd).
async fn two_contacts(f: &Fixture) -> (Ctx, Client) {
    let (_, ctx) = f.company("Muster GmbH").await;
    let mut input = client_input("Alpha");
    input.contacts[0].name = "Anna Alt".into();
    input.contacts[0].email = "anna@alpha.example.com".into();
    input.contacts.push(ContactInput {
        id: None,
        name: "Bernd Zweit".into(),
        email: "bernd@alpha.example.com".into(),
        phone: None,
        primary: false,
        mail_role: None,
    });
    let client = f.crm.create_client(&ctx, &input).await.expect("client");
    (ctx, client)
}

/// The client's contacts as an edit form would send them back, changed by `edit`.
async fn edit_contacts(
    f: &Fixture,
    ctx: &Ctx,
    client: &Client,
    edit: impl FnOnce(&mut Vec<ContactInput>),
) {
    let mut input = client_input("Alpha");
    input.contacts = client
        .contacts
        .iter()
        .map(|c| ContactInput {
            id: Some(c.id),
            name: c.name.clone(),
            email: c.email.to_string(),
            phone: None,
            primary: c.primary,
            mail_role: None,
        })
        .collect();
    edit(&mut input.contacts);
    f.crm
        .update_client(ctx, client.id, &input)
        .await
        .expect("update client");
}

async fn queue_invoice(f: &Fixture, ctx: &Ctx, client: &Client) {
    let inv = f
        .crm
        .create_invoice(ctx, &invoice_input(client.id, "100"))
        .await
        .expect("invoice");
    f.crm.send_invoice(ctx, inv.id).await.expect("send");
}

/// Drains the outbox into a fresh sink: (recipient address, contact signed in by its link) of
/// each delivered message.
async fn deliver(f: &Fixture) -> (Sink, Vec<(String, crm_core::domain::ContactId)>) {
    let sink = Sink::start();
    let worker = support::worker(f.store().clone(), &sink.url(), f.clock.clone());
    let pass = worker.drain().await.expect("drain");
    let raw = sink.wait_for(pass.sent as usize);
    let mut got = Vec::new();
    for m in &raw {
        let parsed = MessageParser::default().parse(m).expect("parse");
        let to = parsed
            .to()
            .and_then(|a| a.first())
            .and_then(|a| a.address())
            .expect("to")
            .to_owned();
        let text = parsed.body_text(0).expect("text");
        let at = text.find("/portal/login/").expect("link") + "/portal/login/".len();
        let token: String = text[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        let info = f.crm.inspect_link(&token).await.expect("working link");
        got.push((to, info.contact_id));
    }
    (sink, got)
}

async fn only_row(f: &Fixture, ctx: &Ctx) -> OutboxEmail {
    let rows = f.store().outbox(ctx.company, 10).await.expect("outbox");
    assert_eq!(rows.len(), 1);
    rows.into_iter().next().expect("row")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_address_gets_the_mail() {
    if !support::smtp_available() {
        return;
    }
    let f = Fixture::new(support::sqlite().await);
    let (ctx, client) = two_contacts(&f).await;
    queue_invoice(&f, &ctx, &client).await;
    edit_contacts(&f, &ctx, &client, |c| {
        c[0].email = "anna.neu@alpha.example.com".into();
    })
    .await;
    let (_sink, got) = deliver(&f).await;
    assert_eq!(
        got,
        [(
            "anna.neu@alpha.example.com".to_owned(),
            client.contacts[0].id
        )]
    );
    assert_eq!(only_row(&f, &ctx).await.status, OutboxStatus::Sent);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_removed_primary_contact_is_replaced_by_the_current_primary() {
    if !support::smtp_available() {
        return;
    }
    let f = Fixture::new(support::sqlite().await);
    let (ctx, client) = two_contacts(&f).await;
    queue_invoice(&f, &ctx, &client).await;
    edit_contacts(&f, &ctx, &client, |c| {
        c.remove(0);
        c[0].primary = true;
    })
    .await;
    let (_sink, got) = deliver(&f).await;
    assert_eq!(
        got,
        [("bernd@alpha.example.com".to_owned(), client.contacts[1].id)],
        "to Bernd, and the link signs Bernd in"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_personal_email_to_a_removed_contact_is_dropped() {
    if !support::smtp_available() {
        return;
    }
    let f = Fixture::new(support::sqlite().await);
    let (ctx, client) = two_contacts(&f).await;
    // Bernd asks for a sign-in link; then Bernd is removed.
    f.crm
        .request_login_link(&ctx, "bernd@alpha.example.com")
        .await
        .expect("login link");
    edit_contacts(&f, &ctx, &client, |c| {
        c.remove(1);
    })
    .await;
    let sink = Sink::start();
    let worker = support::worker(f.store().clone(), &sink.url(), f.clock.clone());
    let pass = worker.drain().await.expect("drain");
    assert_eq!((pass.sent, pass.failed), (0, 1));
    let row = only_row(&f, &ctx).await;
    assert_eq!(row.status, OutboxStatus::Failed);
    assert!(
        row.last_error
            .as_deref()
            .is_some_and(|e| e.contains("contact was removed")),
        "{:?}",
        row.last_error
    );
    assert!(row.text_body.is_empty() && row.html_body.is_empty());
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(sink.messages().is_empty(), "nothing sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_of_an_archived_client_is_dropped() {
    if !support::smtp_available() {
        return;
    }
    let f = Fixture::new(support::sqlite().await);
    let (ctx, client) = two_contacts(&f).await;
    queue_invoice(&f, &ctx, &client).await;
    f.crm
        .archive_client(&ctx, client.id)
        .await
        .expect("archive");
    let sink = Sink::start();
    let worker = support::worker(f.store().clone(), &sink.url(), f.clock.clone());
    let pass = worker.drain().await.expect("drain");
    assert_eq!((pass.sent, pass.failed), (0, 1));
    let row = only_row(&f, &ctx).await;
    assert_eq!(row.status, OutboxStatus::Failed);
    assert!(
        row.last_error
            .as_deref()
            .is_some_and(|e| e.contains("archived")),
        "{:?}",
        row.last_error
    );
    assert!(row.text_body.is_empty() && row.html_body.is_empty());
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(sink.messages().is_empty(), "nothing sent");
}
