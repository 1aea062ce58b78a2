//! Additional recipients of document emails: the per-contact mail role (clients area) and
//! the To/CC/accounting-BCC resolution at send time (outbox area). The cases are listed in
//! those areas' `run()` and re-exported from their modules.

use super::*;
use crate::domain::{MailRole, Recipient};
use crate::service::delivery::resolve_recipient;

fn contact(name: &str, email: &str, primary: bool, role: Option<&str>) -> ContactInput {
    ContactInput {
        id: None,
        name: name.into(),
        email: email.into(),
        phone: None,
        primary,
        mail_role: role.map(str::to_owned),
    }
}

/// A client with a primary contact (sent as `cc`, kept `to`), a `to`, a `cc` and a `none`
/// contact.
async fn four_contacts(f: &Fixture, ctx: &Ctx) -> Client {
    let mut input = client_input("Vier GmbH");
    input.contacts = vec![
        contact("Anna Haupt", "anna@vier.example.com", true, Some("cc")),
        contact("Bernd An", "bernd@vier.example.com", false, Some("to")),
        contact("Clara Kopie", "clara@vier.example.com", false, Some("cc")),
        contact("Dora Nie", "dora@vier.example.com", false, None),
    ];
    f.crm.create_client(ctx, &input).await.unwrap()
}

fn roles(c: &Client) -> Vec<(&str, MailRole)> {
    c.contacts
        .iter()
        .map(|k| (k.name.as_str(), k.mail_role))
        .collect()
}

pub async fn contact_mail_roles_are_stored_and_the_primary_is_always_to(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = four_contacts(&f, &ctx).await;
    let read = f.crm.client(&ctx, client.id).await.unwrap();
    assert_eq!(read, client);
    assert_eq!(
        roles(&read),
        vec![
            ("Anna Haupt", MailRole::To),
            ("Bernd An", MailRole::To),
            ("Clara Kopie", MailRole::Cc),
            ("Dora Nie", MailRole::None),
        ]
    );
    // An edit changes roles; an unknown role is a field error and writes nothing.
    let mut input = crate::service::client_to_input(&read);
    input.contacts[2].mail_role = Some("none".into());
    input.contacts[3].mail_role = Some("cc".into());
    let edited = f.crm.update_client(&ctx, client.id, &input).await.unwrap();
    let read = f.crm.client(&ctx, client.id).await.unwrap();
    assert_eq!(read, edited);
    assert_eq!(read.contacts[2].mail_role, MailRole::None);
    assert_eq!(read.contacts[3].mail_role, MailRole::Cc);
    input.contacts[1].mail_role = Some("bcc".into());
    match f.crm.update_client(&ctx, client.id, &input).await {
        Err(Error::Invalid(v)) => assert!(v.field("contacts[1].mail_role").is_some(), "{v:?}"),
        other => panic!("expected a field error, got {other:?}"),
    }
    assert_eq!(f.crm.client(&ctx, client.id).await.unwrap(), read);
    // A new primary is `to`; the former one stops getting documents.
    let dora = read.contacts[3].id;
    let moved = f
        .crm
        .set_primary_contact(&ctx, client.id, dora)
        .await
        .unwrap();
    assert_eq!(moved.contacts[3].mail_role, MailRole::To);
    assert_eq!(moved.contacts[0].mail_role, MailRole::None);
    assert_eq!(f.crm.client(&ctx, client.id).await.unwrap(), moved);
    // The accounting copy address lives in the settings.
    let company = f
        .crm
        .set_accounting_bcc(&ctx, Some(" belege@steuer.example.com "))
        .await
        .unwrap();
    let stored = f.crm.company(&ctx).await.unwrap();
    assert_eq!(stored, company);
    assert_eq!(
        stored.settings.accounting_bcc.map(|a| a.to_string()),
        Some("belege@steuer.example.com".into())
    );
    assert!(matches!(
        f.crm.set_accounting_bcc(&ctx, Some("kein-at")).await,
        Err(Error::Invalid(_))
    ));
    let cleared = f.crm.set_accounting_bcc(&ctx, Some("")).await.unwrap();
    assert_eq!(cleared.settings.accounting_bcc, None);
}

pub async fn document_emails_reach_to_cc_and_the_accounting_copy(store: Arc<dyn Store>) {
    let f = Fixture::new(store.clone());
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = four_contacts(&f, &ctx).await;
    let company = f
        .crm
        .set_accounting_bcc(&ctx, Some("belege@steuer.example.com"))
        .await
        .unwrap();
    let invoice = f.issued_invoice(&ctx, &client, "100").await;
    f.crm.send_invoice(&ctx, invoice.id).await.unwrap();
    // Overdue, and reminded by hand: the letter is a document the bookkeeping gets too.
    f.clock
        .set(Utc.with_ymd_and_hms(2026, 12, 12, 10, 0, 0).unwrap());
    f.crm.send_reminder_now(&ctx, invoice.id).await.unwrap();
    // Anna asks for a sign-in link: that goes to her alone.
    f.crm
        .request_login_link(&ctx, "anna@vier.example.com")
        .await
        .unwrap();
    let composer = crate::service::MailComposer::new(
        store.clone(),
        Arc::new(crate::render::PdfRenderer::new().unwrap()),
    );
    let rows = f.store().outbox(ctx.company, 10).await.unwrap();
    let by_kind = |k: TemplateKind| rows.iter().find(|r| r.kind == k).unwrap();
    let doc = by_kind(TemplateKind::Invoice);
    assert_eq!(doc.recipient, Recipient::Primary);
    let to = composer.recipients(&company, doc).await.unwrap();
    let names = |v: &[crate::ports::MailAddress]| -> Vec<String> {
        v.iter().map(|a| a.email.clone()).collect()
    };
    assert_eq!(to.email, "anna@vier.example.com");
    assert_eq!(names(&to.also_to), vec!["bernd@vier.example.com"]);
    assert_eq!(names(&to.cc), vec!["clara@vier.example.com"]);
    assert_eq!(to.bcc, vec!["belege@steuer.example.com".to_owned()]);
    // The link is the addressee's.
    assert_eq!(to.contact.map(|(_, c)| c), Some(client.contacts[0].id));
    let letter = composer
        .recipients(&company, by_kind(TemplateKind::DunningReminder))
        .await
        .unwrap();
    assert_eq!(letter.email, "anna@vier.example.com");
    assert_eq!(letter.bcc, vec!["belege@steuer.example.com".to_owned()]);
    let login = by_kind(TemplateKind::PortalLogin);
    let alone = composer.recipients(&company, login).await.unwrap();
    assert_eq!(alone.email, "anna@vier.example.com");
    assert!(alone.also_to.is_empty() && alone.cc.is_empty() && alone.bcc.is_empty());
    // Roles are read when the email is sent: Clara moved to none is no longer copied, and an
    // accounting address that is a recipient already is not added twice.
    let mut input = crate::service::client_to_input(&client);
    input.contacts[2].mail_role = Some("none".into());
    f.crm.update_client(&ctx, client.id, &input).await.unwrap();
    let company = f
        .crm
        .set_accounting_bcc(&ctx, Some("BERND@vier.example.com"))
        .await
        .unwrap();
    let later = resolve_recipient(store.as_ref(), doc).await.unwrap();
    assert!(later.cc.is_empty());
    let later = composer.recipients(&company, doc).await.unwrap();
    assert!(later.bcc.is_empty(), "{later:?}");
}
