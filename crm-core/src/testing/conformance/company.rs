//! Company area: number sequences and the template resolution (client → company → default).

use super::*;
use crate::domain::CompanySettings;

/// Runs this area's cases, each on a fresh store from `make`.
pub async fn run<F, Fut>(make: &F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Arc<dyn Store>>,
{
    client_numbers_are_sequential_and_unique(make().await).await;
    manual_numbers_do_not_block_auto_numbering(make().await).await;
    yearly_number_ranges_restart_and_never_repeat(make().await).await;
    emails_use_client_then_company_then_default_template(make().await).await;
}

pub async fn client_numbers_are_sequential_and_unique(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let a = f.client(&ctx, "Alpha").await;
    let b = f.client(&ctx, "Beta").await;
    assert_eq!(a.number, "K-00001");
    assert_eq!(b.number, "K-00002");
    let mut dup = client_input("Gamma");
    dup.number = Some("K-00001".into());
    let err = f.crm.create_client(&ctx, &dup).await.unwrap_err();
    assert!(
        matches!(err, Error::DuplicateClientNumber(ref n) if n == "K-00001"),
        "{err:?}"
    );
    let all = f
        .crm
        .list_clients(
            &ctx,
            ClientQuery {
                limit: 50,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(all.len(), 2, "the rejected client must not be stored");
    // The same number in another company is fine.
    let (_, other) = f.company("Andere GmbH").await;
    let mut same = client_input("Delta");
    same.number = Some("K-00001".into());
    f.crm.create_client(&other, &same).await.unwrap();
}

pub async fn yearly_number_ranges_restart_and_never_repeat(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (company, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    f.crm
        .update_company_settings(
            &ctx,
            CompanySettings {
                invoice_prefix: "RE-{YYYY}-{NNNN}".into(),
                yearly_reset: true,
                ..company.settings.clone()
            },
        )
        .await
        .unwrap();
    let a = f.issued_invoice(&ctx, &client, "100").await;
    let b = f.issued_invoice(&ctx, &client, "100").await;
    assert_eq!(a.number.as_deref(), Some("RE-2026-0001"));
    assert_eq!(b.number.as_deref(), Some("RE-2026-0002"));
    // A new year starts its own range; the old one continues where it was.
    f.clock
        .set(Utc.with_ymd_and_hms(2027, 1, 4, 9, 0, 0).unwrap());
    let c = f.issued_invoice(&ctx, &client, "100").await;
    assert_eq!(c.number.as_deref(), Some("RE-2027-0001"));
    // A reset without the year in the number would repeat numbers: refused, nothing saved.
    let err = f
        .crm
        .update_company_settings(
            &ctx,
            CompanySettings {
                invoice_prefix: "RE-{NNNN}".into(),
                yearly_reset: true,
                ..company.settings.clone()
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Invalid(_)), "{err:?}");
    let d = f.issued_invoice(&ctx, &client, "100").await;
    assert_eq!(d.number.as_deref(), Some("RE-2027-0002"));
}

pub async fn emails_use_client_then_company_then_default_template(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let alpha = f.client(&ctx, "Alpha").await;
    let mut en = client_input("Beta");
    en.locale = Some("en".into());
    let beta = f.crm.create_client(&ctx, &en).await.unwrap();

    // Built-in default in the client's language.
    let i1 = f
        .crm
        .create_invoice(&ctx, &invoice_input(alpha.id, "100"))
        .await
        .unwrap();
    f.crm.send_invoice(&ctx, i1.id).await.unwrap();
    let i2 = f
        .crm
        .create_invoice(&ctx, &invoice_input(beta.id, "100"))
        .await
        .unwrap();
    f.crm.send_invoice(&ctx, i2.id).await.unwrap();
    let out = f.store().outbox(ctx.company, 10).await.unwrap();
    let de = out.iter().find(|e| e.client_id == Some(alpha.id)).unwrap();
    assert_eq!(de.subject, "Rechnung RE-00001 von Muster GmbH");
    assert!(de.text_body.contains("119,00\u{a0}€"), "{}", de.text_body);
    assert_eq!(de.to_email, "kontakt@alpha.example.com");
    assert_eq!(
        de.attachment,
        Some(crate::domain::Attachment::Invoice(i1.id))
    );
    assert!(de.text_body.contains("https://crm.example/portal/login/"));
    let en_mail = out.iter().find(|e| e.client_id == Some(beta.id)).unwrap();
    assert_eq!(en_mail.subject, "Invoice RE-00002 from Muster GmbH");
    assert!(en_mail.text_body.contains("€119.00"));

    // The magic link in the email opens the portal at the invoice.
    let delivered = f.deliver(de).await;
    let url = delivered
        .text_body
        .split_whitespace()
        .find(|w| w.starts_with("https://crm.example/portal/login/"))
        .unwrap();
    let sign_in = f.crm.redeem_link(&token_of(url), false).await.unwrap();
    assert_eq!(
        sign_in.target.as_deref(),
        Some(format!("/invoices/{}", i1.id).as_str())
    );
    assert_eq!(sign_in.session.client_id, alpha.id);

    // Company template, then a client override, then back.
    let company_t = EmailTemplate {
        subject: "Firma: {{invoice.number}}".into(),
        body: "Hallo {{contact.name}} {{portal_url}}".into(),
    };
    f.crm
        .set_company_template(&ctx, TemplateKind::Invoice, &company_t)
        .await
        .unwrap();
    let client_t = EmailTemplate {
        subject: "Nur für Alpha: {{invoice.number}}".into(),
        body: "{{client.name}} {{invoice.balance}} {{portal_url}}".into(),
    };
    f.crm
        .set_client_template(&ctx, alpha.id, TemplateKind::Invoice, &client_t)
        .await
        .unwrap();
    let preview = f
        .crm
        .preview_template(&ctx, Some(alpha.id), TemplateKind::Invoice, &client_t)
        .await
        .unwrap();
    assert!(preview.subject.starts_with("Nur für Alpha: "));
    assert!(preview.text.starts_with("Alpha "), "{}", preview.text);
    assert!(
        f.store().outbox(ctx.company, 10).await.unwrap().len() == 2,
        "a preview sends nothing"
    );
    let bad = EmailTemplate {
        subject: "{{payment.amount}}".into(),
        body: "x".into(),
    };
    assert!(matches!(
        f.crm
            .set_client_template(&ctx, alpha.id, TemplateKind::Invoice, &bad)
            .await,
        Err(Error::Template(_))
    ));
    let (t, src) = f
        .crm
        .effective_template(&ctx, alpha.id, TemplateKind::Invoice)
        .await
        .unwrap();
    assert_eq!(
        (t, src),
        (client_t.clone(), crate::service::TemplateSource::Client)
    );
    let i3 = f
        .crm
        .create_invoice(&ctx, &invoice_input(alpha.id, "1"))
        .await
        .unwrap();
    f.crm.send_invoice(&ctx, i3.id).await.unwrap();
    let i4 = f
        .crm
        .create_invoice(&ctx, &invoice_input(beta.id, "1"))
        .await
        .unwrap();
    f.crm.send_invoice(&ctx, i4.id).await.unwrap();
    let out = f.store().outbox(ctx.company, 10).await.unwrap();
    assert!(out.iter().any(|e| e.subject == "Nur für Alpha: RE-00003"));
    assert!(out.iter().any(|e| e.subject == "Firma: RE-00004"));
    assert!(
        f.crm
            .delete_client_template(&ctx, alpha.id, TemplateKind::Invoice)
            .await
            .unwrap()
    );
    let (t, src) = f
        .crm
        .effective_template(&ctx, alpha.id, TemplateKind::Invoice)
        .await
        .unwrap();
    assert_eq!(
        (t, src),
        (company_t, crate::service::TemplateSource::Company)
    );
}

pub async fn manual_numbers_do_not_block_auto_numbering(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let mut manual = client_input("Manuell");
    manual.number = Some("K-00002".into());
    f.crm.create_client(&ctx, &manual).await.unwrap();
    assert_eq!(f.client(&ctx, "Eins").await.number, "K-00001");
    assert_eq!(f.client(&ctx, "Drei").await.number, "K-00003");
}
