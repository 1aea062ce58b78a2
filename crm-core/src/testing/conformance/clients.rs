//! Clients area: clients, contacts, archive, the client summary and locking of client edits.

pub use super::recipients::contact_mail_roles_are_stored_and_the_primary_is_always_to;
use super::*;

/// Runs this area's cases, each on a fresh store from `make`.
pub async fn run<F, Fut>(make: &F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Arc<dyn Store>>,
{
    company_and_client_round_trip(make().await).await;
    client_edit_keeps_contacts_and_revokes_changed_ones(make().await).await;
    archived_clients_are_filtered(make().await).await;
    client_summary_is_client_and_metrics(make().await).await;
    contact_ids_from_input_are_not_trusted(make().await).await;
    concurrent_contact_edits_are_all_kept(make().await).await;
    concurrent_writes_on_one_client_do_not_deadlock(make().await).await;
    contact_mail_roles_are_stored_and_the_primary_is_always_to(make().await).await;
    einvoice_settings_round_trip_and_clear(make().await).await;
}

/// The e-invoice format and buyer reference are stored, read back by every read (plain,
/// locked, listed), cleared again, and frozen into an invoice at issue: a later change of
/// the client leaves the issued invoice's bill-to as it was.
pub async fn einvoice_settings_round_trip_and_clear(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (company, ctx) = f.company("Muster GmbH").await;
    let mut input = client_input("Stadt Musterhausen");
    input.einvoice_format = Some("xrechnung_ubl".into());
    input.buyer_reference = Some("04011000-1234512345-06".into());
    let client = f.crm.create_client(&ctx, &input).await.unwrap();
    assert_eq!(client.einvoice_format, Some(EInvoiceFormat::XrechnungUbl));
    assert_eq!(
        client.buyer_reference.as_ref().map(|r| r.as_str()),
        Some("04011000-1234512345-06")
    );
    let read = f.crm.client(&ctx, client.id).await.unwrap();
    assert_eq!(read, client);
    let mut tx = f.store().begin().await.unwrap();
    let locked = tx
        .client_for_update(ctx.company, client.id)
        .await
        .unwrap()
        .unwrap();
    drop(tx);
    assert_eq!(locked, client);
    let listed = f
        .crm
        .list_clients(
            &ctx,
            ClientQuery {
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].client, client);

    // Issued with the settings (the company has what an XRechnung asks of a seller: a
    // contact and a bank account): the bill-to keeps them.
    f.crm
        .update_company_legal(
            &ctx,
            &crate::domain::LegalDetailsInput {
                contact_name: Some("Buchhaltung".into()),
                contact_phone: Some("+49 30 1234567".into()),
                contact_email: Some("buchhaltung@muster.example.com".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    f.crm
        .set_bank_account(
            &ctx,
            Some(&crate::domain::BankAccountInput {
                holder: None,
                iban: "DE89 3704 0044 0532 0130 00".into(),
                bic: None,
                bank_name: None,
            }),
        )
        .await
        .unwrap();
    let inv = f.issued_invoice(&ctx, &client, "100").await;
    let bill_to = inv.bill_to.clone().unwrap();
    assert_eq!(bill_to.buyer_reference, client.buyer_reference);
    assert_eq!(bill_to.einvoice_format, Some(EInvoiceFormat::XrechnungUbl));

    // Cleared: both read back as `None`, the default format applies again.
    let mut input = crate::service::client_to_input(&client);
    assert_eq!(input.einvoice_format.as_deref(), Some("xrechnung_ubl"));
    input.einvoice_format = None;
    input.buyer_reference = Some(String::new());
    let cleared = f.crm.update_client(&ctx, client.id, &input).await.unwrap();
    assert_eq!(
        (cleared.einvoice_format, &cleared.buyer_reference),
        (None, &None)
    );
    let read = f.crm.client(&ctx, client.id).await.unwrap();
    assert_eq!(read, cleared);
    assert_eq!(
        read.effective_einvoice_format(company.address.country()),
        EInvoiceFormat::Zugferd
    );
    let again = f.crm.invoice(&ctx, inv.id).await.unwrap();
    assert_eq!(
        again.bill_to.unwrap(),
        bill_to,
        "editing the client must not rewrite issued invoices"
    );

    // Issued without a choice: the default format is frozen, no reference.
    let second = f.issued_invoice(&ctx, &read, "50").await;
    let bill_to = second.bill_to.unwrap();
    assert_eq!(bill_to.einvoice_format, Some(EInvoiceFormat::Zugferd));
    assert_eq!(bill_to.buyer_reference, None);
}

pub async fn company_and_client_round_trip(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (company, ctx) = f.company("Muster GmbH").await;
    assert_eq!(
        f.store().company(company.id).await.unwrap(),
        Some(company.clone())
    );
    let mut input = client_input("Müller & Söhne KG");
    input.contacts.push(ContactInput {
        id: None,
        name: "Zweiter Kontakt".into(),
        email: "zwei@mueller.example.com".into(),
        phone: None,
        primary: false,
        mail_role: None,
    });
    input.notes = Some("Zahlt pünktlich.\nBevorzugt E-Mail.".into());
    let client = f.crm.create_client(&ctx, &input).await.unwrap();
    let read = f.crm.client(&ctx, client.id).await.unwrap();
    assert_eq!(read, client);
    assert_eq!(read.contacts.len(), 2);
    assert_eq!(
        read.primary_contact().unwrap().name,
        "Kontakt Müller & Söhne KG"
    );
    assert_eq!(read.tax_id.as_ref().unwrap().as_str(), "DE136695976");
    assert_eq!(read.locale, Locale::De);
    let m = f.assert_metrics_consistent(&ctx, client.id).await;
    assert_eq!(m, ClientMetrics::default());
    let found = f
        .crm
        .list_clients(
            &ctx,
            ClientQuery {
                search: Some("söhne".into()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    let by_email = f
        .crm
        .list_clients(
            &ctx,
            ClientQuery {
                search: Some("zwei@mueller".into()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(by_email.len(), 1);
    let acts = f.crm.activities(&ctx, client.id, 10).await.unwrap();
    assert_eq!(acts.len(), 1);
    assert_eq!(acts[0].actor, Actor::staff("Test Admin"));
}

pub async fn client_edit_keeps_contacts_and_revokes_changed_ones(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let contact = client.primary_contact().unwrap().clone();
    let url = f
        .crm
        .issue_portal_link(&ctx, client.id, None, false)
        .await
        .unwrap();
    let sign_in = f.crm.redeem_link(&token_of(&url), false).await.unwrap();
    let session_token = sign_in.token.encode();
    f.crm.portal_session(&session_token).await.unwrap();

    // A name change keeps the link.
    let mut input = crate::service::client_to_input(&client);
    input.contacts[0].name = "Neuer Name".into();
    let edited = f.crm.update_client(&ctx, client.id, &input).await.unwrap();
    assert_eq!(edited.contacts[0].id, contact.id);
    assert!(f.crm.redeem_link(&token_of(&url), false).await.is_ok());

    // An email change revokes links and ends sessions.
    input.contacts[0].email = "neu@alpha.example.com".into();
    f.crm.update_client(&ctx, client.id, &input).await.unwrap();
    assert!(matches!(
        f.crm.redeem_link(&token_of(&url), false).await,
        Err(Error::LinkInvalid)
    ));
    assert!(matches!(
        f.crm.portal_session(&session_token).await,
        Err(Error::SessionInvalid)
    ));

    // Contacts: add, make primary, remove the old one.
    let with_two = f
        .crm
        .add_contact(
            &ctx,
            client.id,
            &ContactInput {
                id: None,
                name: "Zweite".into(),
                email: "zweite@alpha.example.com".into(),
                phone: None,
                primary: false,
                mail_role: None,
            },
        )
        .await
        .unwrap();
    let second = with_two.contacts.iter().find(|c| !c.primary).unwrap().id;
    let err = f
        .crm
        .remove_contact(&ctx, client.id, contact.id)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::ContactRule(_)), "{err:?}");
    f.crm
        .set_primary_contact(&ctx, client.id, second)
        .await
        .unwrap();
    let after = f
        .crm
        .remove_contact(&ctx, client.id, contact.id)
        .await
        .unwrap();
    assert_eq!(after.contacts.len(), 1);
    assert_eq!(after.primary_contact().unwrap().id, second);
    assert_eq!(f.crm.client(&ctx, client.id).await.unwrap(), after);

    // The currency is locked once documents exist.
    f.issued_invoice(&ctx, &after, "100").await;
    let mut input = crate::service::client_to_input(&after);
    input.currency = Some("USD".into());
    let err = f
        .crm
        .update_client(&ctx, client.id, &input)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::CurrencyLocked), "{err:?}");
}

pub async fn archived_clients_are_filtered(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let a = f.client(&ctx, "Alpha").await;
    f.client(&ctx, "Beta").await;
    f.crm.archive_client(&ctx, a.id).await.unwrap();
    let active = f
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
    assert_eq!(
        active
            .iter()
            .map(|s| s.client.name.as_str())
            .collect::<Vec<_>>(),
        ["Beta"]
    );
    let archived = f
        .crm
        .list_clients(
            &ctx,
            ClientQuery {
                archived: true,
                limit: 50,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(archived.len(), 1);
    let err = f
        .crm
        .create_invoice(&ctx, &invoice_input(a.id, "10"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::ClientArchived), "{err:?}");
    f.crm.restore_client(&ctx, a.id).await.unwrap();
    f.crm
        .create_invoice(&ctx, &invoice_input(a.id, "10"))
        .await
        .unwrap();
    // Paging by (name, id).
    let first = f
        .crm
        .list_clients(
            &ctx,
            ClientQuery {
                limit: 1,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(first[0].client.name, "Alpha");
    let next = f
        .crm
        .list_clients(
            &ctx,
            ClientQuery {
                limit: 1,
                after: Some((first[0].client.name.clone(), first[0].client.id)),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(next[0].client.name, "Beta");
}

pub async fn concurrent_writes_on_one_client_do_not_deadlock(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let mut open = Vec::new();
    for _ in 0..4 {
        open.push(f.issued_invoice(&ctx, &client, "100").await.id);
    }
    let mut drafts = Vec::new();
    for _ in 0..4 {
        drafts.push(
            f.crm
                .create_invoice(&ctx, &invoice_input(client.id, "10"))
                .await
                .unwrap()
                .id,
        );
    }
    // Payments on different invoices, issuing, sending and cancelling — all on one client.
    let mut tasks = Vec::new();
    for i in 0..16 {
        let (crm, ctx) = (f.crm.clone(), ctx.clone());
        let (pay_on, draft) = (open[i % 4], drafts[i % 4]);
        tasks.push(tokio::spawn(async move {
            match i % 4 {
                0 | 1 => crm
                    .record_payment(&ctx, pay_on, &pay("1.00"))
                    .await
                    .map(|_| ()),
                2 => crm.send_invoice(&ctx, draft).await.map(|_| ()),
                _ => crm.cancel_invoice(&ctx, pay_on).await.map(|_| ()),
            }
        }));
    }
    for t in tasks {
        match t.await.unwrap() {
            Ok(()) | Err(Error::Invoice(_)) => {}
            Err(e) => panic!("a concurrent write failed: {e:?}"),
        }
    }
    f.assert_metrics_consistent(&ctx, client.id).await;
}

pub async fn contact_ids_from_input_are_not_trusted(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let a = f.client(&ctx, "Alpha").await;
    // Re-posting another client's input (with its contact ids) creates new contacts.
    let mut copy = crate::service::client_to_input(&a);
    copy.name = "Alpha Kopie".into();
    copy.number = None;
    let b = f.crm.create_client(&ctx, &copy).await.unwrap();
    assert_ne!(b.contacts[0].id, a.contacts[0].id);
    assert_eq!(f.crm.client(&ctx, b.id).await.unwrap().contacts, b.contacts);
    assert_eq!(f.crm.client(&ctx, a.id).await.unwrap(), a);
    // Another client's contact id in an edit is not found.
    let mut edit = crate::service::client_to_input(&b);
    edit.contacts[0].id = Some(a.contacts[0].id);
    assert!(matches!(
        f.crm.update_client(&ctx, b.id, &edit).await,
        Err(Error::NotFound(_))
    ));
    // The currency is locked as soon as any document exists, drafts included.
    f.crm
        .create_invoice(&ctx, &invoice_input(b.id, "10"))
        .await
        .unwrap();
    let mut usd = crate::service::client_to_input(&b);
    usd.currency = Some("USD".into());
    assert!(matches!(
        f.crm.update_client(&ctx, b.id, &usd).await,
        Err(Error::CurrencyLocked)
    ));
}

/// [`crate::ports::ClientStore::client_summary`] is exactly [`crate::ports::ClientStore::client`] plus [`crate::ports::ClientStore::client_metrics`]:
/// every contact in order, the metrics after payments, nothing for another company's id.
pub async fn client_summary_is_client_and_metrics(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let (_, other_ctx) = f.company("Andere GmbH").await;
    let mut input = client_input("Alpha");
    for (i, name) in ["Zora Zett", "Anna Alt", "Max Mitte"].iter().enumerate() {
        input.contacts.push(ContactInput {
            id: None,
            name: (*name).into(),
            email: format!("k{i}@alpha.example.com"),
            phone: (i == 1).then(|| "+49 40 7654321".into()),
            primary: false,
            mail_role: None,
        });
    }
    let client = f.crm.create_client(&ctx, &input).await.unwrap();
    let inv = f.issued_invoice(&ctx, &client, "100").await;
    f.crm
        .record_payment(&ctx, inv.id, &pay("19.00"))
        .await
        .unwrap();
    let store = f.store();
    let got = store
        .client_summary(ctx.company, client.id)
        .await
        .unwrap()
        .expect("summary");
    let want_client = store.client(ctx.company, client.id).await.unwrap().unwrap();
    let want_metrics = store
        .client_metrics(ctx.company, client.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.client, want_client);
    assert_eq!(got.metrics, want_metrics);
    assert_eq!(got.client.contacts.len(), 4);
    let names: Vec<&str> = got
        .client
        .contacts
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["Kontakt Alpha", "Zora Zett", "Anna Alt", "Max Mitte"]
    );
    assert_eq!(got.metrics.total_paid, d("19.00"));
    assert_eq!(got.metrics.outstanding, d("100.00"));
    assert!(
        store
            .client_summary(other_ctx.company, client.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .client_summary(ctx.company, ClientId::new())
            .await
            .unwrap()
            .is_none()
    );
}

/// Concurrent read-modify-write edits of one client's contacts (each adds one) are all kept:
/// [`crate::ports::ClientTx::client_for_update`] returns the contacts as of the lock, not of an
/// older snapshot.
pub async fn concurrent_contact_edits_are_all_kept(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let mut tasks = Vec::new();
    for i in 0..8 {
        let (crm, ctx) = (f.crm.clone(), ctx.clone());
        tasks.push(tokio::spawn(async move {
            let input = ContactInput {
                id: None,
                name: format!("Kontakt {i}"),
                email: format!("k{i}@alpha.example.com"),
                phone: None,
                primary: false,
                mail_role: None,
            };
            crm.add_contact(&ctx, client.id, &input).await.map(|_| ())
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let got = f
        .store()
        .client(ctx.company, client.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.contacts.len(), 9, "{:?}", got.contacts);
    assert_eq!(got.contacts.iter().filter(|c| c.primary).count(), 1);
}
