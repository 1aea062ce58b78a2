//! The storage conformance suite: every use case through a real store, tenant isolation and
//! the metric invariants. Each case takes a fresh, empty store and panics on a violation.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::sync::Arc;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;

use crate::domain::{
    Actor, AddressInput, Client, ClientId, ClientInput, ClientMetrics, Company, ContactInput,
    DocumentKind, EmailTemplate, HistoryFilter, Invoice, InvoiceError, InvoiceId, InvoiceStatus,
    LineItemInput, LinkPurpose, Locale, OutboxStatus, PaymentMethod, QuoteStatus, TemplateKind,
    TicketStatus,
};
use crate::ports::{
    ClientQuery, Clock, ManualClock, RenderedEmail, Store, TemplateEngine, TemplateError,
    TicketQuery,
};
use crate::render::HandlebarsEngine;
use crate::service::{
    CompanyInput, Crm, CrmConfig, Ctx, Error, InvoiceInput, PaymentInput, PaymentOutcome,
    PortalCtx, QuoteInput, RefundInput, RefundOutcome,
};

/// Runs every case, each on a fresh store from `make`. Prefer the
/// [`crate::storage_conformance_tests`] macro, which reports each case as its own test.
pub async fn storage_conformance<F, Fut>(make: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Arc<dyn Store>>,
{
    company_and_client_round_trip(make().await).await;
    client_numbers_are_sequential_and_unique(make().await).await;
    client_edit_keeps_contacts_and_revokes_changed_ones(make().await).await;
    archived_clients_are_filtered(make().await).await;
    invoice_lifecycle_keeps_metrics_exact(make().await).await;
    bill_to_is_a_snapshot(make().await).await;
    invalid_operations_change_nothing(make().await).await;
    failed_use_case_rolls_back_everything(make().await).await;
    quotes_send_approve_reject_convert(make().await).await;
    payments_are_idempotent_by_reference(make().await).await;
    refunds_restore_the_balance(make().await).await;
    emails_use_client_then_company_then_default_template(make().await).await;
    outbox_claims_are_exclusive_and_retry(make().await).await;
    magic_links_and_sessions(make().await).await;
    tickets_thread_and_inbox(make().await).await;
    tenant_isolation(make().await).await;
    document_history_filters_and_pages(make().await).await;
    open_invoices_overview_matches_recomputation(make().await).await;
    client_summary_is_client_and_metrics(make().await).await;
    statement_view_is_its_parts(make().await).await;
    concurrent_contact_edits_are_all_kept(make().await).await;
    metrics_equal_recomputation_after_many_operations(make().await).await;
    concurrent_payments_never_overpay(make().await).await;
    concurrent_writes_on_one_client_do_not_deadlock(make().await).await;
    manual_numbers_do_not_block_auto_numbering(make().await).await;
    contact_ids_from_input_are_not_trusted(make().await).await;
    references_are_unique_per_company(make().await).await;
    store_writes_respect_tenancy(make().await).await;
    archiving_ends_portal_access(make().await).await;
    payment_events_are_idempotent_and_never_downgrade(make().await).await;
    staff_sessions_and_api_tokens(make().await).await;
    throttle_counts_are_shared_and_windows_reset(make().await).await;
    installation_secrets_are_created_once(make().await).await;
}

/// A service over a store with a manual clock, plus helpers that build realistic data.
pub struct Fixture {
    /// The service.
    pub crm: Crm,
    /// Its clock.
    pub clock: Arc<ManualClock>,
}

/// `Decimal` from a string literal.
pub fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

impl Fixture {
    /// A fixture over `store` at 2026-11-27 10:00 UTC.
    pub fn new(store: Arc<dyn Store>) -> Self {
        let clock = Arc::new(ManualClock::new(
            Utc.with_ymd_and_hms(2026, 11, 27, 10, 0, 0).unwrap(),
        ));
        let crm = Crm::new(
            store,
            CrmConfig {
                base_url: "https://crm.example".into(),
                ..CrmConfig::default()
            },
        )
        .with_clock(clock.clone());
        Self { crm, clock }
    }

    /// The store.
    pub fn store(&self) -> &Arc<dyn Store> {
        self.crm.store()
    }

    /// A German company.
    pub async fn company(&self, name: &str) -> (Company, Ctx) {
        let company = self
            .crm
            .create_company(&CompanyInput {
                name: name.into(),
                email: "info@muster.example.com".into(),
                address: address("DE", "10115"),
                tax_id: Some("DE136695976".into()),
                currency: "EUR".into(),
                locale: "de-DE".into(),
            })
            .await
            .unwrap();
        let ctx = Ctx::new(company.id, Actor::staff("Test Admin"));
        (company, ctx)
    }

    /// A client with one primary contact.
    pub async fn client(&self, ctx: &Ctx, name: &str) -> Client {
        self.crm
            .create_client(ctx, &client_input(name))
            .await
            .unwrap()
    }

    /// An issued invoice with a single 19 % line of `net`.
    pub async fn issued_invoice(&self, ctx: &Ctx, client: &Client, net: &str) -> Invoice {
        let inv = self
            .crm
            .create_invoice(ctx, &invoice_input(client.id, net))
            .await
            .unwrap();
        self.crm.issue_invoice(ctx, inv.id).await.unwrap()
    }

    /// Checks the maintained metrics against a recomputation.
    pub async fn assert_metrics_consistent(&self, ctx: &Ctx, client: ClientId) -> ClientMetrics {
        let kept = self
            .store()
            .client_metrics(ctx.company, client)
            .await
            .unwrap()
            .expect("client exists");
        let recomputed = self.crm.recompute_metrics(ctx, client).await.unwrap();
        assert_eq!(
            kept, recomputed,
            "maintained metrics drifted from a recomputation"
        );
        assert!(
            kept.outstanding >= Decimal::ZERO,
            "outstanding went negative"
        );
        kept
    }
}

/// A valid address in `country`.
pub fn address(country: &str, postal_code: &str) -> AddressInput {
    AddressInput {
        street: "Hauptstraße 5".into(),
        city: "Berlin".into(),
        state: None,
        postal_code: postal_code.into(),
        country: country.into(),
    }
}

/// A valid client input.
pub fn client_input(name: &str) -> ClientInput {
    let slug: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase();
    ClientInput {
        name: name.into(),
        number: None,
        contacts: vec![ContactInput {
            id: None,
            name: format!("Kontakt {name}"),
            email: format!("kontakt@{slug}.example.com"),
            phone: Some("+49 30 1234567".into()),
            primary: true,
        }],
        address: address("DE", "10115"),
        tax_id: Some("DE136695976".into()),
        currency: None,
        locale: Some("de".into()),
        notes: None,
    }
}

/// A one-line invoice input at 19 %.
pub fn invoice_input(client: ClientId, net: &str) -> InvoiceInput {
    InvoiceInput {
        client_id: client,
        items: vec![LineItemInput {
            description: "Beratung".into(),
            quantity: Decimal::ONE,
            unit_price: d(net),
            tax_rate: d("19"),
            discount: Decimal::ZERO,
        }],
        due_date: None,
        notes: None,
        terms: None,
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

fn token_of(url: &str) -> String {
    url.rsplit('/').next().unwrap().to_owned()
}

// ---------------------------------------------------------------------------------------------

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

pub async fn invoice_lifecycle_keeps_metrics_exact(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let mut input = invoice_input(client.id, "0");
    input.items = vec![
        LineItemInput {
            description: "Stunden".into(),
            quantity: d("2.5"),
            unit_price: d("80"),
            tax_rate: d("19"),
            discount: d("0"),
        },
        LineItemInput {
            description: "Buch".into(),
            quantity: d("3"),
            unit_price: d("9.99"),
            tax_rate: d("7"),
            discount: d("1.50"),
        },
    ];
    let draft = f.crm.create_invoice(&ctx, &input).await.unwrap();
    assert_eq!(draft.status, InvoiceStatus::Draft);
    assert_eq!(draft.totals.net, d("228.47"));
    assert_eq!(draft.totals.tax, d("38.00") + d("1.99"));
    assert_eq!(draft.totals.total, d("268.46"));
    assert_eq!(f.crm.invoice(&ctx, draft.id).await.unwrap(), draft);
    assert_eq!(
        f.assert_metrics_consistent(&ctx, client.id).await,
        ClientMetrics::default()
    );

    let issued = f.crm.issue_invoice(&ctx, draft.id).await.unwrap();
    assert_eq!(issued.number.as_deref(), Some("RE-00001"));
    assert_eq!(issued.status, InvoiceStatus::Sent);
    assert_eq!(issued.issue_date, Some(f.clock.today()));
    assert_eq!(issued.due_date, Some(f.clock.today() + Duration::days(14)));
    assert_eq!(issued.balance, d("268.46"));
    let m = f.assert_metrics_consistent(&ctx, client.id).await;
    assert_eq!(
        (m.total_invoiced, m.total_paid, m.outstanding),
        (d("268.46"), d("0"), d("268.46"))
    );

    let PaymentOutcome::Recorded(_, partial) = f
        .crm
        .record_payment(&ctx, issued.id, &pay("100.00"))
        .await
        .unwrap()
    else {
        panic!("recorded")
    };
    assert_eq!(partial.status, InvoiceStatus::Partial);
    assert_eq!(partial.balance, d("168.46"));
    let m = f.assert_metrics_consistent(&ctx, client.id).await;
    assert_eq!((m.total_paid, m.outstanding), (d("100.00"), d("168.46")));

    let PaymentOutcome::Recorded(_, paid) = f
        .crm
        .record_payment(&ctx, issued.id, &pay("168.46"))
        .await
        .unwrap()
    else {
        panic!("recorded")
    };
    assert_eq!(paid.status, InvoiceStatus::Paid);
    assert_eq!(paid.balance, Decimal::ZERO);
    let m = f.assert_metrics_consistent(&ctx, client.id).await;
    assert_eq!(
        (m.total_invoiced, m.total_paid, m.outstanding),
        (d("268.46"), d("268.46"), d("0"))
    );
    assert_eq!(
        f.store()
            .payments_of_invoice(ctx.company, issued.id)
            .await
            .unwrap()
            .len(),
        2
    );

    // A second invoice, cancelled: counts nowhere. Numbers continue without gaps.
    let second = f.issued_invoice(&ctx, &client, "50").await;
    assert_eq!(second.number.as_deref(), Some("RE-00002"));
    let cancelled = f.crm.cancel_invoice(&ctx, second.id).await.unwrap();
    assert_eq!(cancelled.status, InvoiceStatus::Cancelled);
    let m = f.assert_metrics_consistent(&ctx, client.id).await;
    assert_eq!(m.total_invoiced, d("268.46"));
    // Overdue is derived from the clock.
    let third = f.issued_invoice(&ctx, &client, "10").await;
    assert!(!third.is_overdue(f.clock.today()));
    f.clock.advance(Duration::days(15));
    assert!(
        f.crm
            .invoice(&ctx, third.id)
            .await
            .unwrap()
            .is_overdue(f.clock.today())
    );
}

pub async fn bill_to_is_a_snapshot(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let inv = f.issued_invoice(&ctx, &client, "100").await;
    let bill_to = inv.bill_to.clone().unwrap();
    assert_eq!(bill_to.name, "Alpha");
    assert_eq!(bill_to.tax_id.as_ref().unwrap().as_str(), "DE136695976");
    let mut input = crate::service::client_to_input(&client);
    input.name = "Alpha Neu".into();
    input.address = address("AT", "1010");
    input.tax_id = Some("ATU13585627".into());
    f.crm.update_client(&ctx, client.id, &input).await.unwrap();
    let again = f.crm.invoice(&ctx, inv.id).await.unwrap();
    assert_eq!(
        again.bill_to.unwrap(),
        bill_to,
        "editing the client must not rewrite issued invoices"
    );
}

pub async fn invalid_operations_change_nothing(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    // Bad client input: typed field errors, nothing stored.
    let mut bad = client_input("X");
    bad.name = " ".into();
    bad.contacts[0].email = "kein-email".into();
    bad.currency = Some("EUX".into());
    let Error::Invalid(errors) = f.crm.create_client(&ctx, &bad).await.unwrap_err() else {
        panic!("invalid")
    };
    assert!(
        errors.field("name").is_some()
            && errors.field("contacts[0].email").is_some()
            && errors.field("currency").is_some()
    );
    assert!(
        f.crm
            .list_clients(
                &ctx,
                ClientQuery {
                    limit: 10,
                    ..Default::default()
                }
            )
            .await
            .unwrap()
            .is_empty()
    );

    let client = f.client(&ctx, "Alpha").await;
    let mut neg = invoice_input(client.id, "10");
    neg.items[0].quantity = d("-1");
    let Error::Invalid(errors) = f.crm.create_invoice(&ctx, &neg).await.unwrap_err() else {
        panic!("invalid")
    };
    assert!(errors.field("items[0].quantity").is_some());
    assert!(
        f.store()
            .invoices_of_client(ctx.company, client.id)
            .await
            .unwrap()
            .is_empty()
    );

    let inv = f.issued_invoice(&ctx, &client, "100").await;
    let acts_before = f.crm.activities(&ctx, client.id, 100).await.unwrap().len();
    // Overpayment.
    let err = f
        .crm
        .record_payment(&ctx, inv.id, &pay("119.01"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Invoice(InvoiceError::Overpayment { .. })),
        "{err:?}"
    );
    // Sub-cent amount.
    assert!(matches!(
        f.crm.record_payment(&ctx, inv.id, &pay("0.001")).await,
        Err(Error::Invalid(_))
    ));
    // Wrong currency.
    let mut usd = pay("10");
    usd.currency = Some("USD".into());
    assert!(matches!(
        f.crm.record_payment(&ctx, inv.id, &usd).await,
        Err(Error::Invoice(InvoiceError::CurrencyMismatch { .. }))
    ));
    // Paying a cancelled invoice.
    f.crm.cancel_invoice(&ctx, inv.id).await.unwrap();
    let cancelled = f.crm.invoice(&ctx, inv.id).await.unwrap();
    let err = f
        .crm
        .record_payment(&ctx, inv.id, &pay("10"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Invoice(InvoiceError::Transition {
                from: InvoiceStatus::Cancelled,
                action: "pay"
            })
        ),
        "{err:?}"
    );
    assert_eq!(f.crm.invoice(&ctx, inv.id).await.unwrap(), cancelled);
    assert!(
        f.store()
            .payments_of_client(ctx.company, client.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        f.crm.activities(&ctx, client.id, 100).await.unwrap().len(),
        acts_before + 1
    );
    f.assert_metrics_consistent(&ctx, client.id).await;
    // Editing an issued invoice, cancelling a partly paid one.
    let inv2 = f.issued_invoice(&ctx, &client, "100").await;
    let err = f
        .crm
        .update_invoice(&ctx, inv2.id, &invoice_input(client.id, "5"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Invoice(InvoiceError::Transition { action: "edit", .. })
        ),
        "{err:?}"
    );
    f.crm
        .record_payment(&ctx, inv2.id, &pay("10"))
        .await
        .unwrap();
    let err = f.crm.cancel_invoice(&ctx, inv2.id).await.unwrap_err();
    assert!(
        matches!(err, Error::Invoice(InvoiceError::HasPayments { .. })),
        "{err:?}"
    );
    // Unknown ids.
    assert!(matches!(
        f.crm.issue_invoice(&ctx, InvoiceId::new()).await,
        Err(Error::NotFound(_))
    ));
    f.assert_metrics_consistent(&ctx, client.id).await;
}

/// A template engine whose rendering always fails: makes a use case fail after it wrote.
struct BrokenEngine(HandlebarsEngine);

impl TemplateEngine for BrokenEngine {
    fn validate(&self, kind: TemplateKind, t: &EmailTemplate) -> Result<(), TemplateError> {
        self.0.validate(kind, t)
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
        self.0.default_template(kind, locale)
    }
}

pub async fn failed_use_case_rolls_back_everything(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let draft = f
        .crm
        .create_invoice(&ctx, &invoice_input(client.id, "100"))
        .await
        .unwrap();
    let broken = f
        .crm
        .clone()
        .with_templates(Arc::new(BrokenEngine(HandlebarsEngine::new())));
    // send = issue (number, metrics, activity, magic link) + render email, which fails last.
    assert!(broken.send_invoice(&ctx, draft.id).await.is_err());
    assert_eq!(
        f.crm.invoice(&ctx, draft.id).await.unwrap(),
        draft,
        "invoice half-issued"
    );
    assert_eq!(
        f.assert_metrics_consistent(&ctx, client.id).await,
        ClientMetrics::default()
    );
    assert!(f.store().outbox(ctx.company, 10).await.unwrap().is_empty());
    // The number sequence rolled back too: no gap.
    let sent = f.crm.send_invoice(&ctx, draft.id).await.unwrap();
    assert_eq!(sent.number.as_deref(), Some("RE-00001"));
    assert_eq!(f.store().outbox(ctx.company, 10).await.unwrap().len(), 1);
}

pub async fn quotes_send_approve_reject_convert(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let qi = QuoteInput {
        client_id: client.id,
        items: invoice_input(client.id, "1000").items,
        valid_until: None,
        notes: Some("Angebot".into()),
    };
    let q = f.crm.create_quote(&ctx, &qi).await.unwrap();
    assert!(matches!(
        f.crm.approve_quote(&ctx, q.id).await,
        Err(Error::Quote(_))
    ));
    let sent = f.crm.send_quote(&ctx, q.id).await.unwrap();
    assert_eq!(sent.number.as_deref(), Some("AN-00001"));
    assert_eq!(sent.valid_until, Some(f.clock.today() + Duration::days(30)));
    assert_eq!(f.store().outbox(ctx.company, 10).await.unwrap().len(), 1);
    // The client approves in the portal.
    let portal = PortalCtx {
        company: ctx.company,
        client: client.id,
        contact: client.primary_contact().unwrap().id,
    };
    let viewed = f.crm.portal_view_quote(&portal, q.id).await.unwrap();
    assert!(viewed.viewed_at.is_some());
    let approved = f.crm.portal_approve_quote(&portal, q.id).await.unwrap();
    assert_eq!(approved.status, QuoteStatus::Approved);
    let inv = f.crm.convert_quote(&ctx, q.id).await.unwrap();
    assert_eq!(inv.status, InvoiceStatus::Draft);
    assert_eq!(inv.quote_id, Some(q.id));
    assert_eq!(inv.totals, sent.totals);
    assert_eq!(
        f.crm.quote(&ctx, q.id).await.unwrap().invoice_id,
        Some(inv.id)
    );
    assert!(matches!(
        f.crm.convert_quote(&ctx, q.id).await,
        Err(Error::Quote(_))
    ));
    // Reject with a reason; expired quotes cannot be answered.
    let q2 = f.crm.create_quote(&ctx, &qi).await.unwrap();
    f.crm.send_quote(&ctx, q2.id).await.unwrap();
    let rejected = f
        .crm
        .reject_quote(&ctx, q2.id, Some("Zu teuer"))
        .await
        .unwrap();
    assert_eq!(rejected.rejection_reason.as_deref(), Some("Zu teuer"));
    let q3 = f.crm.create_quote(&ctx, &qi).await.unwrap();
    f.crm.send_quote(&ctx, q3.id).await.unwrap();
    f.clock.advance(Duration::days(31));
    assert!(matches!(
        f.crm.approve_quote(&ctx, q3.id).await,
        Err(Error::Quote(crate::domain::QuoteError::Expired(_)))
    ));
    // Another client cannot answer this client's quote.
    let other = f.client(&ctx, "Beta").await;
    let intruder = PortalCtx {
        company: ctx.company,
        client: other.id,
        contact: other.primary_contact().unwrap().id,
    };
    assert!(matches!(
        f.crm.portal_reject_quote(&intruder, q3.id, None).await,
        Err(Error::NotFound(_))
    ));
}

pub async fn payments_are_idempotent_by_reference(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let inv = f.issued_invoice(&ctx, &client, "100").await;
    let mut p = pay("50");
    p.reference = Some("pi_123".into());
    p.send_receipt = true;
    let first = f.crm.record_payment(&ctx, inv.id, &p).await.unwrap();
    assert!(matches!(first, PaymentOutcome::Recorded(..)));
    let second = f.crm.record_payment(&ctx, inv.id, &p).await.unwrap();
    assert!(
        matches!(second, PaymentOutcome::AlreadyRecorded(ref pay) if pay.id == first.payment().id)
    );
    assert_eq!(
        f.store()
            .payments_of_invoice(ctx.company, inv.id)
            .await
            .unwrap()
            .len(),
        1
    );
    let receipts = f.store().outbox(ctx.company, 10).await.unwrap();
    assert_eq!(receipts.len(), 1, "one receipt for one payment");
    assert_eq!(receipts[0].kind, TemplateKind::PaymentReceipt);
    // The same reference for another invoice is an error, not a second payment.
    let inv2 = f.issued_invoice(&ctx, &client, "100").await;
    assert!(matches!(
        f.crm.record_payment(&ctx, inv2.id, &p).await,
        Err(Error::ReferenceReused(_))
    ));
    f.assert_metrics_consistent(&ctx, client.id).await;
}

pub async fn refunds_restore_the_balance(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let inv = f.issued_invoice(&ctx, &client, "100").await;
    let paid = f
        .crm
        .record_payment(&ctx, inv.id, &pay("119.00"))
        .await
        .unwrap();
    let pid = paid.payment().id;
    let refund = |amount: &str, reference: Option<&str>| RefundInput {
        amount: d(amount),
        date: None,
        reason: Some("Kulanz".into()),
        reference: reference.map(Into::into),
    };
    let RefundOutcome::Recorded(_, after) = f
        .crm
        .refund_payment(&ctx, pid, &refund("19.00", Some("re_1")))
        .await
        .unwrap()
    else {
        panic!("recorded")
    };
    assert_eq!(
        (after.status, after.balance, after.amount_paid),
        (InvoiceStatus::Partial, d("19.00"), d("100.00"))
    );
    assert_eq!(
        f.crm
            .refund_payment(&ctx, pid, &refund("19.00", Some("re_1")))
            .await
            .unwrap(),
        RefundOutcome::AlreadyRecorded
    );
    let err = f
        .crm
        .refund_payment(&ctx, pid, &refund("100.01", None))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::RefundExceedsPayment { .. }), "{err:?}");
    let RefundOutcome::Recorded(_, after) = f
        .crm
        .refund_payment(&ctx, pid, &refund("100.00", None))
        .await
        .unwrap()
    else {
        panic!("recorded")
    };
    assert_eq!(
        (after.status, after.balance),
        (InvoiceStatus::Sent, d("119.00"))
    );
    let m = f.assert_metrics_consistent(&ctx, client.id).await;
    assert_eq!((m.total_paid, m.outstanding), (d("0"), d("119.00")));
    // Now it can be cancelled.
    f.crm.cancel_invoice(&ctx, inv.id).await.unwrap();
    f.assert_metrics_consistent(&ctx, client.id).await;
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
    let url = de
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

pub async fn outbox_claims_are_exclusive_and_retry(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    for _ in 0..3 {
        let i = f
            .crm
            .create_invoice(&ctx, &invoice_input(client.id, "10"))
            .await
            .unwrap();
        f.crm.send_invoice(&ctx, i.id).await.unwrap();
    }
    let now = f.clock.now();
    let lease = now + Duration::minutes(5);
    let a = f.store().claim_due_emails(now, lease, 2).await.unwrap();
    let b = f.store().claim_due_emails(now, lease, 10).await.unwrap();
    assert_eq!((a.len(), b.len()), (2, 1), "claims must not overlap");
    assert!(a.iter().chain(&b).all(|e| e.attempts == 1));
    assert!(
        f.store()
            .claim_due_emails(now, lease, 10)
            .await
            .unwrap()
            .is_empty()
    );
    f.store().mark_email_sent(a[0].id, now).await.unwrap();
    f.store()
        .mark_email_retry(a[1].id, now + Duration::minutes(1), "451 try later")
        .await
        .unwrap();
    f.store()
        .mark_email_failed(b[0].id, "550 no such user")
        .await
        .unwrap();
    let later = now + Duration::minutes(2);
    let again = f
        .store()
        .claim_due_emails(later, later + Duration::minutes(5), 10)
        .await
        .unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!((again[0].id, again[0].attempts), (a[1].id, 2));
    // An expired lease (crashed worker) makes the row claimable again.
    let after_lease = later + Duration::minutes(6);
    let re = f
        .store()
        .claim_due_emails(after_lease, after_lease + Duration::minutes(5), 10)
        .await
        .unwrap();
    assert_eq!(re.len(), 1);
    let all = f.store().outbox(ctx.company, 10).await.unwrap();
    let status = |id| all.iter().find(|e| e.id == id).unwrap().status;
    assert_eq!(status(a[0].id), OutboxStatus::Sent);
    let sent = all.iter().find(|e| e.id == a[0].id).unwrap();
    assert!(
        sent.text_body.is_empty() && sent.html_body.is_empty(),
        "no live link kept after delivery"
    );
    assert!(
        f.store().mark_email_sent(b[0].id, now).await.is_err(),
        "a failed email cannot become sent"
    );
    assert_eq!(status(b[0].id), OutboxStatus::Failed);
    assert_eq!(
        all.iter()
            .find(|e| e.id == b[0].id)
            .unwrap()
            .last_error
            .as_deref(),
        Some("550 no such user")
    );
}

pub async fn magic_links_and_sessions(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    // Document link: reusable, GET signs in, each sign-in a fresh session.
    let url = f
        .crm
        .issue_portal_link(&ctx, client.id, None, false)
        .await
        .unwrap();
    let t = token_of(&url);
    let s1 = f.crm.redeem_link(&t, false).await.unwrap();
    let s2 = f.crm.redeem_link(&t, false).await.unwrap();
    assert_ne!(s1.session.id, s2.session.id);
    assert_ne!(s1.token.encode(), s2.token.encode());
    // Random and malformed tokens never open a session.
    assert!(matches!(
        f.crm
            .redeem_link(
                &crate::domain::SecretToken::from_bytes([9; 32]).encode(),
                true
            )
            .await,
        Err(Error::LinkInvalid)
    ));
    assert!(matches!(
        f.crm.redeem_link("../../etc/passwd", true).await,
        Err(Error::LinkInvalid)
    ));
    // Session timeouts: idle 30 min, absolute 12 h.
    let st = s1.token.encode();
    let pctx = f.crm.portal_session(&st).await.unwrap();
    assert_eq!((pctx.client, pctx.company), (client.id, ctx.company));
    f.clock.advance(Duration::minutes(29));
    f.crm.portal_session(&st).await.unwrap();
    f.clock.advance(Duration::minutes(29));
    f.crm.portal_session(&st).await.unwrap();
    f.clock.advance(Duration::minutes(31));
    assert!(
        matches!(f.crm.portal_session(&st).await, Err(Error::SessionInvalid)),
        "idle timeout"
    );
    let s3 = f.crm.redeem_link(&t, false).await.unwrap().token.encode();
    for _ in 0..25 {
        f.clock.advance(Duration::minutes(29));
        if f.crm.portal_session(&s3).await.is_err() {
            break;
        }
    }
    assert!(
        matches!(f.crm.portal_session(&s3).await, Err(Error::SessionInvalid)),
        "absolute timeout"
    );
    // Logout ends the session.
    let s4 = f.crm.redeem_link(&t, false).await.unwrap().token.encode();
    f.crm.logout(&s4).await.unwrap();
    assert!(f.crm.portal_session(&s4).await.is_err());
    // Document links expire after 30 days.
    f.clock.advance(Duration::days(31));
    assert!(matches!(
        f.crm.redeem_link(&t, false).await,
        Err(Error::LinkInvalid)
    ));

    // "Email me a new link": single-use, POST only, 15 minutes; unknown addresses look the same.
    f.crm
        .request_login_link(&ctx, "unbekannt@example.com")
        .await
        .unwrap();
    f.crm
        .request_login_link(&ctx, "no email at all")
        .await
        .unwrap();
    assert!(f.store().outbox(ctx.company, 10).await.unwrap().is_empty());
    f.crm
        .request_login_link(&ctx, "KONTAKT@alpha.example.com")
        .await
        .unwrap();
    let mail = f.store().outbox(ctx.company, 10).await.unwrap();
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].kind, TemplateKind::PortalLogin);
    let login_url = mail[0]
        .text_body
        .split_whitespace()
        .find(|w| w.contains("/portal/login/"))
        .unwrap();
    let lt = token_of(login_url);
    let info = f.crm.inspect_link(&lt).await.unwrap();
    assert_eq!(info.purpose, LinkPurpose::Login);
    assert!(matches!(
        f.crm.redeem_link(&lt, false).await,
        Err(Error::ConfirmationRequired)
    ));
    f.crm.redeem_link(&lt, true).await.unwrap();
    assert!(
        matches!(f.crm.redeem_link(&lt, true).await, Err(Error::LinkInvalid)),
        "single use"
    );
    f.crm
        .request_login_link(&ctx, "kontakt@alpha.example.com")
        .await
        .unwrap();
    let mail = f.store().outbox(ctx.company, 10).await.unwrap();
    let newest = mail.iter().max_by_key(|m| (m.created_at, m.id)).unwrap();
    let lt2 = token_of(
        newest
            .text_body
            .split_whitespace()
            .find(|w| w.contains("/portal/login/"))
            .unwrap(),
    );
    f.clock.advance(Duration::minutes(16));
    assert!(
        matches!(f.crm.redeem_link(&lt2, true).await, Err(Error::LinkInvalid)),
        "15 minute expiry"
    );
    // An admin ends a contact's sessions and links.
    let fresh = f
        .crm
        .issue_portal_link(&ctx, client.id, None, false)
        .await
        .unwrap();
    let s5 = f
        .crm
        .redeem_link(&token_of(&fresh), false)
        .await
        .unwrap()
        .token
        .encode();
    f.crm
        .sign_out_contact(&ctx, client.id, client.primary_contact().unwrap().id)
        .await
        .unwrap();
    assert!(f.crm.portal_session(&s5).await.is_err());
    assert!(f.crm.redeem_link(&token_of(&fresh), false).await.is_err());
}

pub async fn tickets_thread_and_inbox(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let alpha = f.client(&ctx, "Alpha").await;
    let beta = f.client(&ctx, "Beta").await;
    let pa = PortalCtx {
        company: ctx.company,
        client: alpha.id,
        contact: alpha.primary_contact().unwrap().id,
    };
    let pb = PortalCtx {
        company: ctx.company,
        client: beta.id,
        contact: beta.primary_contact().unwrap().id,
    };
    assert!(matches!(
        f.crm.open_ticket(&pa, "", "x").await,
        Err(Error::Invalid(_))
    ));
    let t1 = f
        .crm
        .open_ticket(&pa, "Frage zur Rechnung", "Warum 19 %?")
        .await
        .unwrap();
    f.clock.advance(Duration::minutes(1));
    let t2 = f
        .crm
        .open_ticket(&pb, "Adresse ändern", "Neue Adresse: …")
        .await
        .unwrap();
    f.clock.advance(Duration::minutes(1));
    f.crm
        .staff_reply_ticket(&ctx, t1.id, "Max Muster", "Weil es der Regelsatz ist.")
        .await
        .unwrap();
    let mail = f.store().outbox(ctx.company, 10).await.unwrap();
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].kind, TemplateKind::TicketReply);
    assert_eq!(mail[0].subject, "Re: Frage zur Rechnung");
    assert!(mail[0].text_body.contains("Weil es der Regelsatz ist."));
    let (t, msgs) = f.crm.ticket(&ctx, t1.id).await.unwrap();
    assert_eq!(t.status, TicketStatus::WaitingOnClient);
    assert_eq!(msgs.len(), 2);
    // Inbox: awaiting staff first.
    let inbox = f
        .crm
        .tickets(
            &ctx,
            TicketQuery {
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        inbox.iter().map(|t| t.id).collect::<Vec<_>>(),
        [t2.id, t1.id]
    );
    // Portal scoping.
    assert!(matches!(
        f.crm.portal_ticket(&pb, t1.id).await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        f.crm.portal_reply_ticket(&pb, t1.id, "hijack").await,
        Err(Error::NotFound(_))
    ));
    f.crm
        .portal_reply_ticket(&pa, t1.id, "Danke!")
        .await
        .unwrap();
    let closed = f.crm.close_ticket(&ctx, t1.id).await.unwrap();
    assert_eq!(closed.status, TicketStatus::Closed);
    let only_closed = f
        .crm
        .tickets(
            &ctx,
            TicketQuery {
                status: Some(TicketStatus::Closed),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(only_closed.len(), 1);
    // Closed is read-only for the client: nothing is added, the ticket stays closed.
    assert!(matches!(
        f.crm
            .portal_reply_ticket(&pa, t1.id, "Noch eine Frage")
            .await,
        Err(Error::TicketClosed)
    ));
    assert_eq!(
        f.crm.ticket(&ctx, t1.id).await.unwrap().0.status,
        TicketStatus::Closed
    );
    assert_eq!(f.crm.portal_ticket(&pa, t1.id).await.unwrap().1.len(), 3);
    // Staff can reopen it by replying.
    f.crm
        .staff_reply_ticket(&ctx, t1.id, "Team", "Wir sind wieder da.")
        .await
        .unwrap();
    assert_ne!(
        f.crm.ticket(&ctx, t1.id).await.unwrap().0.status,
        TicketStatus::Closed
    );
}

pub async fn tenant_isolation(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, a) = f.company("A GmbH").await;
    let (_, b) = f.company("B GmbH").await;
    let client = f.client(&a, "Alpha").await;
    let inv = f.issued_invoice(&a, &client, "100").await;
    let paid = f.crm.record_payment(&a, inv.id, &pay("10")).await.unwrap();
    let q = f
        .crm
        .create_quote(
            &a,
            &QuoteInput {
                client_id: client.id,
                items: invoice_input(client.id, "1").items,
                valid_until: None,
                notes: None,
            },
        )
        .await
        .unwrap();
    let pa = PortalCtx {
        company: a.company,
        client: client.id,
        contact: client.primary_contact().unwrap().id,
    };
    let ticket = f.crm.open_ticket(&pa, "Hallo", "Text").await.unwrap();
    f.crm
        .set_client_template(
            &a,
            client.id,
            TemplateKind::Quote,
            &EmailTemplate {
                subject: "A {{quote.number}}".into(),
                body: "b {{portal_url}}".into(),
            },
        )
        .await
        .unwrap();

    // B sees none of A's rows, through any read …
    assert!(matches!(
        f.crm.client(&b, client.id).await,
        Err(Error::NotFound(_))
    ));
    assert!(
        f.crm
            .list_clients(
                &b,
                ClientQuery {
                    limit: 50,
                    ..Default::default()
                }
            )
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        f.crm
            .list_clients(
                &b,
                ClientQuery {
                    search: Some("alpha".into()),
                    limit: 50,
                    ..Default::default()
                }
            )
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        f.crm.dashboard(&b, client.id).await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        f.crm
            .document_history(&b, client.id, &HistoryFilter::default(), None, 50)
            .await,
        Err(Error::NotFound(_))
    ));
    assert!(
        f.store()
            .document_history(
                b.company,
                client.id,
                &HistoryFilter::default(),
                f.clock.today(),
                None,
                50
            )
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        f.crm.invoice(&b, inv.id).await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        f.crm.quote(&b, q.id).await,
        Err(Error::NotFound(_))
    ));
    assert!(
        f.store()
            .client_metrics(b.company, client.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        f.store()
            .invoices_of_client(b.company, client.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        f.store()
            .payments_of_client(b.company, client.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        f.store()
            .payment(b.company, paid.payment().id)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        f.store()
            .payment(a.company, paid.payment().id)
            .await
            .unwrap()
            .as_ref(),
        Some(paid.payment())
    );
    assert!(
        f.store()
            .payments_of_invoice(b.company, inv.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        f.store()
            .activities(b.company, client.id, 50)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        f.store()
            .client_template(b.company, client.id, TemplateKind::Quote)
            .await
            .unwrap()
            .is_none()
    );
    assert!(matches!(
        f.crm.ticket(&b, ticket.id).await,
        Err(Error::NotFound(_))
    ));
    assert!(
        f.crm
            .tickets(
                &b,
                TicketQuery {
                    limit: 50,
                    ..Default::default()
                }
            )
            .await
            .unwrap()
            .is_empty()
    );
    assert!(f.store().outbox(b.company, 50).await.unwrap().is_empty());
    assert!(
        f.store()
            .contact_by_email(b.company, "kontakt@alpha.example.com")
            .await
            .unwrap()
            .is_none()
    );
    // … and cannot change them through any write.
    let before_inv = f.crm.invoice(&a, inv.id).await.unwrap();
    assert!(matches!(
        f.crm.record_payment(&b, inv.id, &pay("1")).await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        f.crm.cancel_invoice(&b, inv.id).await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        f.crm.send_invoice(&b, inv.id).await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        f.crm
            .refund_payment(
                &b,
                paid.payment().id,
                &RefundInput {
                    amount: d("1"),
                    date: None,
                    reason: None,
                    reference: None
                }
            )
            .await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        f.crm
            .update_client(&b, client.id, &client_input("Hijack"))
            .await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        f.crm.archive_client(&b, client.id).await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        f.crm
            .create_invoice(&b, &invoice_input(client.id, "1"))
            .await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        f.crm.send_quote(&b, q.id).await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        f.crm.staff_reply_ticket(&b, ticket.id, "X", "y").await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        f.crm.close_ticket(&b, ticket.id).await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        f.crm
            .set_client_template(
                &b,
                client.id,
                TemplateKind::Quote,
                &EmailTemplate {
                    subject: "x".into(),
                    body: "y {{portal_url}}".into()
                }
            )
            .await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        f.crm.issue_portal_link(&b, client.id, None, false).await,
        Err(Error::NotFound(_))
    ));
    f.crm
        .request_login_link(&b, "kontakt@alpha.example.com")
        .await
        .unwrap();
    assert!(f.store().outbox(b.company, 50).await.unwrap().is_empty());
    assert_eq!(f.crm.invoice(&a, inv.id).await.unwrap(), before_inv);
    // Numbering is per company.
    let bc = f.client(&b, "Bravo").await;
    assert_eq!(bc.number, "K-00001");
    let binv = f.issued_invoice(&b, &bc, "5").await;
    assert_eq!(binv.number.as_deref(), Some("RE-00001"));
    f.assert_metrics_consistent(&a, client.id).await;
}

pub async fn document_history_filters_and_pages(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let mut ids = Vec::new();
    for i in 0..7 {
        let inv = f
            .issued_invoice(&ctx, &client, &format!("{}", 10 + i))
            .await;
        ids.push(inv.id.as_uuid());
        f.clock.advance(Duration::days(1));
    }
    f.crm
        .record_payment(&ctx, InvoiceId::from_uuid(ids[0]), &pay("11.90"))
        .await
        .unwrap();
    let q = f
        .crm
        .create_quote(
            &ctx,
            &QuoteInput {
                client_id: client.id,
                items: invoice_input(client.id, "5").items,
                valid_until: None,
                notes: None,
            },
        )
        .await
        .unwrap();
    f.crm
        .create_invoice(&ctx, &invoice_input(client.id, "1"))
        .await
        .unwrap();
    // All, newest first, in pages of 3.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = f
            .crm
            .document_history(
                &ctx,
                client.id,
                &HistoryFilter::default(),
                cursor.as_deref(),
                3,
            )
            .await
            .unwrap();
        seen.extend(page.items.iter().map(|d| (d.created_at, d.id)));
        match page.next {
            Some(n) => cursor = Some(n),
            None => break,
        }
    }
    assert_eq!(seen.len(), 9);
    assert!(
        seen.windows(2).all(|w| w[0] > w[1]),
        "newest first, no duplicates"
    );
    let only = |filter: HistoryFilter| {
        let crm = f.crm.clone();
        let ctx = ctx.clone();
        async move {
            crm.document_history(&ctx, client.id, &filter, None, 50)
                .await
                .unwrap()
                .items
        }
    };
    assert_eq!(
        only(HistoryFilter {
            kind: Some(DocumentKind::Quote),
            ..Default::default()
        })
        .await
        .len(),
        1
    );
    assert_eq!(
        only(HistoryFilter {
            kind: Some(DocumentKind::Quote),
            ..Default::default()
        })
        .await[0]
            .id,
        q.id.as_uuid()
    );
    assert_eq!(
        only(HistoryFilter {
            kind: Some(DocumentKind::Invoice),
            ..Default::default()
        })
        .await
        .len(),
        8
    );
    assert_eq!(
        only(HistoryFilter {
            status: Some("paid".into()),
            ..Default::default()
        })
        .await
        .len(),
        1
    );
    assert_eq!(
        only(HistoryFilter {
            status: Some("draft".into()),
            ..Default::default()
        })
        .await
        .len(),
        2
    );
    // Issued on days 0..6 relative to the start; due 14 days later. Today is start + 7.
    let start = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let range = HistoryFilter {
        from: Some(start + Duration::days(2)),
        to: Some(start + Duration::days(4)),
        ..Default::default()
    };
    assert_eq!(only(range).await.len(), 3);
    assert_eq!(
        only(HistoryFilter {
            status: Some("overdue".into()),
            ..Default::default()
        })
        .await
        .len(),
        0
    );
    f.clock.advance(Duration::days(10)); // start + 17: invoices issued on days 0..2 are overdue (day 0 is paid).
    assert_eq!(
        only(HistoryFilter {
            status: Some("overdue".into()),
            ..Default::default()
        })
        .await
        .len(),
        2
    );
    assert!(matches!(
        f.crm
            .document_history(
                &ctx,
                client.id,
                &HistoryFilter::default(),
                Some("garbage"),
                3
            )
            .await,
        Err(Error::Invalid(_))
    ));
    let dash = f.crm.dashboard(&ctx, client.id).await.unwrap();
    assert_eq!(dash.recent.len(), 9);
    assert_eq!(
        dash.metrics,
        f.assert_metrics_consistent(&ctx, client.id).await
    );
}

pub async fn metrics_equal_recomputation_after_many_operations(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let clients = [f.client(&ctx, "Alpha").await, f.client(&ctx, "Beta").await];
    // A deterministic pseudo-random walk over issue / pay / refund / cancel.
    let mut seed: u64 = 0x5eed;
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let mut invoices: Vec<InvoiceId> = Vec::new();
    for _ in 0..60 {
        let client = &clients[next(2) as usize];
        match next(4) {
            0 => {
                let cents = Decimal::from_u64(100 + next(100_000)).unwrap() / Decimal::ONE_HUNDRED;
                invoices.push(f.issued_invoice(&ctx, client, &cents.to_string()).await.id);
            }
            1 | 2 if !invoices.is_empty() => {
                let id = invoices[next(invoices.len() as u64) as usize];
                let inv = f.crm.invoice(&ctx, id).await.unwrap();
                if inv.balance > Decimal::ZERO {
                    let part = (inv.balance * Decimal::from_u64(1 + next(100)).unwrap()
                        / Decimal::ONE_HUNDRED)
                        .round_dp(2)
                        .max(d("0.01"));
                    f.crm
                        .record_payment(&ctx, id, &pay(&part.to_string()))
                        .await
                        .unwrap();
                }
            }
            3 if !invoices.is_empty() => {
                let id = invoices[next(invoices.len() as u64) as usize];
                let payments = f
                    .store()
                    .payments_of_invoice(ctx.company, id)
                    .await
                    .unwrap();
                if let Some(p) = payments.iter().find(|p| p.refundable() > Decimal::ZERO) {
                    f.crm
                        .refund_payment(
                            &ctx,
                            p.id,
                            &RefundInput {
                                amount: p.refundable(),
                                date: None,
                                reason: None,
                                reference: None,
                            },
                        )
                        .await
                        .unwrap();
                } else {
                    let _ = f.crm.cancel_invoice(&ctx, id).await;
                }
            }
            _ => {}
        }
    }
    for c in &clients {
        f.assert_metrics_consistent(&ctx, c.id).await;
    }
}

pub async fn concurrent_payments_never_overpay(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let inv = f.issued_invoice(&ctx, &client, "100").await; // 119.00 due
    let mut tasks = Vec::new();
    for i in 0..20 {
        let crm = f.crm.clone();
        let ctx = ctx.clone();
        tasks.push(tokio::spawn(async move {
            let mut p = pay("7.00");
            p.reference = Some(format!("ref-{}", i % 15)); // 5 duplicates
            crm.record_payment(&ctx, inv.id, &p).await
        }));
    }
    let mut recorded = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(PaymentOutcome::Recorded(..)) => recorded += 1,
            Ok(PaymentOutcome::AlreadyRecorded(_))
            | Err(Error::Invoice(InvoiceError::Overpayment { .. })) => {}
            Err(e) => panic!("unexpected error: {e:?}"),
        }
    }
    assert_eq!(recorded, 15, "one payment per distinct reference");
    let after = f.crm.invoice(&ctx, inv.id).await.unwrap();
    assert_eq!(after.balance, d("119.00") - d("7.00") * Decimal::from(15));
    assert_eq!(after.amount_paid, d("105.00"));
    f.assert_metrics_consistent(&ctx, client.id).await;
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

pub async fn manual_numbers_do_not_block_auto_numbering(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let mut manual = client_input("Manuell");
    manual.number = Some("K-00002".into());
    f.crm.create_client(&ctx, &manual).await.unwrap();
    assert_eq!(f.client(&ctx, "Eins").await.number, "K-00001");
    assert_eq!(f.client(&ctx, "Drei").await.number, "K-00003");
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

pub async fn references_are_unique_per_company(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, a) = f.company("A GmbH").await;
    let (_, b) = f.company("B GmbH").await;
    let ca = f.client(&a, "Alpha").await;
    let cb = f.client(&b, "Bravo").await;
    let ia = f.issued_invoice(&a, &ca, "100").await;
    let ib = f.issued_invoice(&b, &cb, "100").await;
    let mut p = pay("50");
    p.reference = Some("pi_same".into());
    let pa = f.crm.record_payment(&a, ia.id, &p).await.unwrap();
    let pb = f.crm.record_payment(&b, ib.id, &p).await.unwrap();
    assert!(
        matches!(pa, PaymentOutcome::Recorded(..)) && matches!(pb, PaymentOutcome::Recorded(..))
    );
    let refund = |amount: &str| RefundInput {
        amount: d(amount),
        date: None,
        reason: None,
        reference: Some("re_same".into()),
    };
    assert!(matches!(
        f.crm
            .refund_payment(&a, pa.payment().id, &refund("10"))
            .await
            .unwrap(),
        RefundOutcome::Recorded(..)
    ));
    assert!(matches!(
        f.crm
            .refund_payment(&b, pb.payment().id, &refund("10"))
            .await
            .unwrap(),
        RefundOutcome::Recorded(..)
    ));
    assert_eq!(
        f.crm
            .refund_payment(&a, pa.payment().id, &refund("10"))
            .await
            .unwrap(),
        RefundOutcome::AlreadyRecorded
    );
    // The same refund reference for a different amount is an error, not a silent no-op.
    let err = f
        .crm
        .refund_payment(&a, pa.payment().id, &refund("5"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::ReferenceReused(_)), "{err:?}");
    let refunds = f.store().refunds_of_client(a.company, ca.id).await.unwrap();
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0].amount, d("10.00"));
    f.assert_metrics_consistent(&a, ca.id).await;
    f.assert_metrics_consistent(&b, cb.id).await;
}

pub async fn store_writes_respect_tenancy(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, a) = f.company("A GmbH").await;
    let (_, b) = f.company("B GmbH").await;
    let client = f.client(&a, "Alpha").await;
    let contact = client.primary_contact().unwrap().id;
    let url = f
        .crm
        .issue_portal_link(&a, client.id, None, false)
        .await
        .unwrap();
    let t = EmailTemplate {
        subject: "A".into(),
        body: "a {{portal_url}}".into(),
    };
    let mut tx = f.store().begin().await.unwrap();
    assert!(
        tx.add_client_metrics(
            b.company,
            client.id,
            &ClientMetrics {
                total_invoiced: d("1"),
                total_paid: d("0"),
                outstanding: d("1")
            }
        )
        .await
        .is_err()
    );
    drop(tx);
    let mut tx = f.store().begin().await.unwrap();
    assert_eq!(
        tx.revoke_magic_links(b.company, contact, f.clock.now())
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        tx.end_sessions_of_contact(b.company, contact, f.clock.now())
            .await
            .unwrap(),
        0
    );
    assert!(
        tx.client_for_update(b.company, client.id)
            .await
            .unwrap()
            .is_none()
    );
    tx.commit().await.unwrap();
    let mut tx = f.store().begin().await.unwrap();
    assert!(
        tx.put_client_template(b.company, client.id, TemplateKind::Quote, &t)
            .await
            .is_err()
    );
    drop(tx);
    assert!(
        f.crm.redeem_link(&token_of(&url), false).await.is_ok(),
        "A's link still works"
    );
    assert_eq!(
        f.assert_metrics_consistent(&a, client.id).await,
        ClientMetrics::default()
    );
    assert!(
        f.store()
            .client_template(b.company, client.id, TemplateKind::Quote)
            .await
            .unwrap()
            .is_none()
    );
}

pub async fn archiving_ends_portal_access(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let url = f
        .crm
        .issue_portal_link(&ctx, client.id, None, false)
        .await
        .unwrap();
    let session = f
        .crm
        .redeem_link(&token_of(&url), false)
        .await
        .unwrap()
        .token
        .encode();
    let pctx = f.crm.portal_session(&session).await.unwrap();
    // Drafts never reach the portal, and pages stay full.
    for _ in 0..3 {
        f.crm
            .create_invoice(&ctx, &invoice_input(client.id, "1"))
            .await
            .unwrap();
        f.issued_invoice(&ctx, &client, "2").await;
    }
    let page = f
        .crm
        .portal_documents(&pctx, &HistoryFilter::default(), None, 2)
        .await
        .unwrap();
    assert_eq!(page.items.len(), 2);
    assert!(page.items.iter().all(|d| d.status != "draft"));
    let rest = f
        .crm
        .portal_documents(&pctx, &HistoryFilter::default(), page.next.as_deref(), 10)
        .await
        .unwrap();
    assert_eq!(rest.items.len(), 1, "three issued invoices in all");
    f.crm.archive_client(&ctx, client.id).await.unwrap();
    assert!(matches!(
        f.crm.portal_session(&session).await,
        Err(Error::SessionInvalid)
    ));
    assert!(matches!(
        f.crm.redeem_link(&token_of(&url), false).await,
        Err(Error::LinkInvalid)
    ));
    // The same person at a new, active client: a requested link goes there.
    let successor = f.client(&ctx, "Alpha").await;
    let before = f.store().outbox(ctx.company, 100).await.unwrap().len();
    f.crm
        .request_login_link(&ctx, "kontakt@alpha.example.com")
        .await
        .unwrap();
    let mails = f.store().outbox(ctx.company, 100).await.unwrap();
    assert_eq!(mails.len(), before + 1);
    let newest = mails.iter().max_by_key(|m| (m.created_at, m.id)).unwrap();
    assert_eq!(newest.client_id, Some(successor.id));
}

pub async fn payment_events_are_idempotent_and_never_downgrade(store: Arc<dyn Store>) {
    use crate::domain::CompanyId;
    use crate::ports::PaymentEvent;
    use crate::service::EventOutcome;

    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let paid = |event: &str, invoice: &Invoice, amount: &str, reference: &str| PaymentEvent::Paid {
        event_id: Some(event.into()),
        livemode: false,
        company_id: ctx.company,
        invoice_id: invoice.id,
        amount: d(amount),
        currency: invoice.currency,
        reference: reference.into(),
    };
    let apply = |e: PaymentEvent| {
        let crm = f.crm.clone();
        async move { crm.apply_payment_event("stripe", &e, false).await.unwrap() }
    };

    // Paid, then the same event again, then another event for the same payment.
    let a = f.issued_invoice(&ctx, &client, "100").await;
    assert!(
        matches!(apply(paid("evt_1", &a, "119.00", "pi_a")).await, EventOutcome::Paid(ref i) if i.status == InvoiceStatus::Paid)
    );
    assert_eq!(
        apply(paid("evt_1", &a, "119.00", "pi_a")).await,
        EventOutcome::Duplicate
    );
    assert_eq!(
        apply(paid("evt_2", &a, "119.00", "pi_a")).await,
        EventOutcome::AlreadyRecorded
    );
    assert_eq!(
        f.store()
            .payments_of_invoice(ctx.company, a.id)
            .await
            .unwrap()
            .len(),
        1
    );
    let receipts = f.store().outbox(ctx.company, 10).await.unwrap();
    assert_eq!(
        receipts
            .iter()
            .filter(|m| m.kind == TemplateKind::PaymentReceipt)
            .count(),
        1
    );

    // The same event delivered twice at once records one payment.
    let b = f.issued_invoice(&ctx, &client, "50").await;
    let (x, y) = tokio::join!(
        apply(paid("evt_3", &b, "59.50", "pi_b")),
        apply(paid("evt_3", &b, "59.50", "pi_b"))
    );
    let outcomes = [x, y];
    assert_eq!(
        outcomes
            .iter()
            .filter(|o| matches!(o, EventOutcome::Paid(_)))
            .count(),
        1,
        "{outcomes:?}"
    );
    assert!(outcomes.contains(&EventOutcome::Duplicate));
    assert_eq!(
        f.store()
            .payments_of_invoice(ctx.company, b.id)
            .await
            .unwrap()
            .len(),
        1
    );

    // Delayed method: processing, then paid; a late processing or failure never downgrades.
    let c = f.issued_invoice(&ctx, &client, "10").await;
    let processing = |event: &str, invoice: &Invoice| PaymentEvent::Processing {
        event_id: Some(event.into()),
        livemode: false,
        company_id: ctx.company,
        invoice_id: invoice.id,
    };
    let failed = |event: &str, invoice: &Invoice| PaymentEvent::Failed {
        event_id: event.into(),
        livemode: false,
        company_id: ctx.company,
        invoice_id: invoice.id,
    };
    assert!(
        matches!(apply(processing("evt_4", &c)).await, EventOutcome::Processing(ref i) if i.status == InvoiceStatus::Processing)
    );
    assert!(
        !f.crm
            .invoice(&ctx, c.id)
            .await
            .unwrap()
            .is_overdue(f.clock.today() + Duration::days(60))
    );
    assert!(
        matches!(apply(paid("evt_5", &c, "11.90", "pi_c")).await, EventOutcome::Paid(ref i) if i.status == InvoiceStatus::Paid)
    );
    assert_eq!(apply(processing("evt_6", &c)).await, EventOutcome::Ignored);
    assert_eq!(apply(failed("evt_7", &c)).await, EventOutcome::Ignored);
    assert_eq!(
        f.crm.invoice(&ctx, c.id).await.unwrap().status,
        InvoiceStatus::Paid
    );
    // A failed delayed payment reopens the invoice.
    let e = f.issued_invoice(&ctx, &client, "10").await;
    apply(processing("evt_8", &e)).await;
    assert!(
        matches!(apply(failed("evt_9", &e)).await, EventOutcome::Reopened(ref i) if i.status == InvoiceStatus::Sent)
    );

    // Refunds carry the cumulative total: repeats and reorderings refund only what is new.
    let refunded = |event: &str, total: &str| PaymentEvent::Refunded {
        event_id: event.into(),
        livemode: false,
        company_id: None,
        payment_reference: "pi_a".into(),
        refunded_total: d(total),
        currency: a.currency,
    };
    assert!(
        matches!(apply(refunded("evt_10", "50.00")).await, EventOutcome::Refunded(ref i) if i.balance == d("50.00"))
    );
    assert_eq!(
        apply(refunded("evt_10", "50.00")).await,
        EventOutcome::Duplicate
    );
    assert_eq!(
        apply(refunded("evt_11", "50.00")).await,
        EventOutcome::Ignored
    );
    assert!(
        matches!(apply(refunded("evt_12", "119.00")).await, EventOutcome::Refunded(ref i) if i.status == InvoiceStatus::Sent)
    );
    assert_eq!(
        apply(refunded("evt_13", "70.00")).await,
        EventOutcome::Ignored,
        "out of order: already refunded more"
    );

    // Mismatches are held for review and change nothing.
    let g = f.issued_invoice(&ctx, &client, "10").await;
    let too_much = apply(paid("evt_20", &g, "50.00", "pi_g1")).await;
    assert!(matches!(too_much, EventOutcome::Review(_)), "{too_much:?}");
    let mut wrong_currency = paid("evt_21", &g, "11.90", "pi_g2");
    if let PaymentEvent::Paid { currency, .. } = &mut wrong_currency {
        *currency = crate::domain::Currency::USD;
    }
    assert!(matches!(
        apply(wrong_currency).await,
        EventOutcome::Review(_)
    ));
    let mut live = paid("evt_22", &g, "11.90", "pi_g3");
    if let PaymentEvent::Paid { livemode, .. } = &mut live {
        *livemode = true;
    }
    assert!(matches!(apply(live).await, EventOutcome::Review(_)));
    let mut stranger = paid("evt_23", &g, "11.90", "pi_g4");
    if let PaymentEvent::Paid { company_id, .. } = &mut stranger {
        *company_id = CompanyId::new();
    }
    assert!(matches!(apply(stranger).await, EventOutcome::Review(_)));
    // After the full refund the invoice is open again, and a new payment intent pays it.
    assert!(matches!(
        apply(paid("evt_24", &a, "69.00", "pi_a2")).await,
        EventOutcome::Paid(_)
    ));
    let reviews = f.store().payment_reviews(ctx.company, 10).await.unwrap();
    assert_eq!(reviews.len(), 3, "{reviews:?}");
    assert!(reviews.iter().all(|r| r.invoice_id == Some(g.id)));
    assert_eq!(f.crm.invoice(&ctx, g.id).await.unwrap().balance, d("11.90"));
    f.assert_metrics_consistent(&ctx, client.id).await;
}

/// Staff users, password sessions and API tokens: unique emails across companies, sign-in
/// failures alike, idle and absolute timeouts, password change and disabling end sessions,
/// token idempotence, revocation and tenancy.
pub async fn staff_sessions_and_api_tokens(store: Arc<dyn Store>) {
    use crate::domain::ValueError;
    let f = Fixture::new(store);
    let (_, a) = f.company("A GmbH").await;
    let (_, b) = f.company("B GmbH").await;
    fn field<T: std::fmt::Debug>(r: Result<T, Error>, name: &str) -> ValueError {
        match r {
            Err(Error::Invalid(e)) => e.field(name).cloned().expect(name),
            other => panic!("expected a field error on {name}, got {other:?}"),
        }
    }
    let alice = f
        .crm
        .create_staff(&a, "Alice@Example.com", "Alice", "correct horse battery")
        .await
        .unwrap();
    // Unique across companies, case-insensitively; nothing written on failure.
    let e = field(
        f.crm
            .create_staff(&b, "alice@example.com", "Other", "long enough password")
            .await,
        "email",
    );
    assert_eq!(e.code(), "email.taken");
    assert!(!e.message(Locale::De).is_empty());
    assert!(f.crm.staff_users(&b).await.unwrap().is_empty());
    let e = field(
        f.crm
            .create_staff(&b, "bob@example.com", "Bob", "short")
            .await,
        "password",
    );
    assert_ne!(e.message(Locale::De), e.message(Locale::En));
    assert!(f.crm.staff_users(&b).await.unwrap().is_empty());
    assert_eq!(f.crm.staff_users(&a).await.unwrap(), vec![alice.clone()]);
    assert!(alice.password_hash.starts_with("$argon2id$"));
    assert_eq!(f.crm.companies().await.unwrap().len(), 2);

    // Failures look alike.
    for (email, pw) in [
        ("alice@example.com", "wrong password!"),
        ("nobody@example.com", "correct horse battery"),
        ("not an email", "correct horse battery"),
    ] {
        assert!(matches!(
            f.crm.staff_sign_in(email, pw).await,
            Err(Error::BadCredentials)
        ));
    }
    let signed = f
        .crm
        .staff_sign_in("ALICE@example.com", "correct horse battery")
        .await
        .unwrap();
    let token = signed.token.encode();
    let sctx = f.crm.staff_session(&token).await.unwrap();
    assert_eq!(sctx.ctx.company, a.company);
    assert_eq!(
        sctx.ctx.actor,
        Actor::Staff {
            id: Some(alice.id),
            name: "Alice".into()
        }
    );
    // A session hash is global: found without naming the company, and nothing else works.
    assert!(matches!(
        f.crm.staff_session("garbage").await,
        Err(Error::SessionInvalid)
    ));

    // Idle timeout (2 h) is extended by use; the absolute one (12 h) is not.
    f.clock.advance(Duration::minutes(119));
    f.crm.staff_session(&token).await.unwrap();
    f.clock.advance(Duration::minutes(119));
    f.crm.staff_session(&token).await.unwrap();
    f.clock.advance(Duration::minutes(121));
    assert!(matches!(
        f.crm.staff_session(&token).await,
        Err(Error::SessionInvalid)
    ));
    let long = f
        .crm
        .staff_sign_in("alice@example.com", "correct horse battery")
        .await
        .unwrap()
        .token
        .encode();
    for _ in 0..7 {
        f.clock.advance(Duration::minutes(100));
        f.crm.staff_session(&long).await.unwrap();
    }
    f.clock.advance(Duration::minutes(100));
    assert!(matches!(
        f.crm.staff_session(&long).await,
        Err(Error::SessionInvalid)
    ));

    // Logout ends exactly that session.
    let s1 = f
        .crm
        .staff_sign_in("alice@example.com", "correct horse battery")
        .await
        .unwrap()
        .token
        .encode();
    let s2 = f
        .crm
        .staff_sign_in("alice@example.com", "correct horse battery")
        .await
        .unwrap()
        .token
        .encode();
    assert_ne!(s1, s2);
    f.crm.staff_logout(&s1).await.unwrap();
    f.crm.staff_logout("unknown").await.unwrap();
    assert!(f.crm.staff_session(&s1).await.is_err());
    f.crm.staff_session(&s2).await.unwrap();

    // A new password ends every session; the old password stops working.
    field(
        f.crm.set_staff_password(&a, alice.id, "tiny").await,
        "password",
    );
    assert!(matches!(
        f.crm
            .set_staff_password(&b, alice.id, "a new long password")
            .await,
        Err(Error::NotFound(_))
    ));
    f.crm
        .set_staff_password(&a, alice.id, "a new long password")
        .await
        .unwrap();
    assert!(f.crm.staff_session(&s2).await.is_err());
    assert!(matches!(
        f.crm
            .staff_sign_in("alice@example.com", "correct horse battery")
            .await,
        Err(Error::BadCredentials)
    ));
    let s3 = f
        .crm
        .staff_sign_in("alice@example.com", "a new long password")
        .await
        .unwrap()
        .token
        .encode();

    // API tokens: generated, or given and idempotent.
    let generated = f
        .crm
        .create_api_token(&a, alice.id, "CI", None)
        .await
        .unwrap();
    assert_eq!(generated.len(), 43);
    let api = f.crm.api_ctx(&generated).await.unwrap();
    assert_eq!(api.user.id, alice.id);
    assert_eq!(api.ctx.company, a.company);
    let raw = "env-token-0123456789abcdefghij";
    assert_eq!(
        f.crm
            .create_api_token(&a, alice.id, "CRM_API_TOKEN", Some(raw))
            .await
            .unwrap(),
        raw
    );
    assert_eq!(
        f.crm
            .create_api_token(&a, alice.id, "CRM_API_TOKEN", Some(raw))
            .await
            .unwrap(),
        raw
    );
    let tokens = f.crm.api_tokens(&a).await.unwrap();
    assert_eq!(tokens.len(), 2);
    assert!(tokens.iter().all(|t| t.user_id == alice.id));
    assert!(
        tokens
            .iter()
            .find(|t| t.name == "CI")
            .unwrap()
            .last_used_at
            .is_some()
    );
    assert!(f.crm.api_tokens(&b).await.unwrap().is_empty());
    field(
        f.crm
            .create_api_token(&a, alice.id, "short", Some("too-short"))
            .await,
        "token",
    );
    field(
        f.crm
            .create_api_token(&a, alice.id, "spaces", Some("with spaces 0123456789abcdef"))
            .await,
        "token",
    );
    field(
        f.crm.create_api_token(&a, alice.id, " ", None).await,
        "name",
    );
    // Another company's user is not found; the same raw token for another user is refused.
    assert!(matches!(
        f.crm.create_api_token(&b, alice.id, "x", None).await,
        Err(Error::NotFound(_))
    ));
    let bob = f
        .crm
        .create_staff(&b, "bob@example.com", "Bob", "bobs long password")
        .await
        .unwrap();
    field(
        f.crm.create_api_token(&b, bob.id, "steal", Some(raw)).await,
        "token",
    );
    assert_eq!(f.crm.api_tokens(&a).await.unwrap().len(), 2);
    assert!(f.crm.api_tokens(&b).await.unwrap().is_empty());
    assert!(matches!(f.crm.api_ctx("").await, Err(Error::Unauthorized)));
    assert!(matches!(
        f.crm.api_ctx("unknown-token-unknown-token").await,
        Err(Error::Unauthorized)
    ));

    // Revocation: scoped by company, idempotent, final.
    let ci = tokens.iter().find(|t| t.name == "CI").unwrap().id;
    assert!(matches!(
        f.crm.revoke_api_token(&b, ci).await,
        Err(Error::NotFound(_))
    ));
    f.crm.api_ctx(&generated).await.unwrap();
    f.crm.revoke_api_token(&a, ci).await.unwrap();
    f.crm.revoke_api_token(&a, ci).await.unwrap();
    assert!(matches!(
        f.crm.api_ctx(&generated).await,
        Err(Error::Unauthorized)
    ));
    field(
        f.crm
            .create_api_token(&a, alice.id, "again", Some(&generated))
            .await,
        "token",
    );

    // Disabling: no sign-in, no session, no API; enabling restores the token, not sessions.
    f.crm.set_staff_disabled(&a, alice.id, true).await.unwrap();
    assert!(matches!(
        f.crm
            .staff_sign_in("alice@example.com", "a new long password")
            .await,
        Err(Error::BadCredentials)
    ));
    assert!(f.crm.staff_session(&s3).await.is_err());
    assert!(matches!(f.crm.api_ctx(raw).await, Err(Error::Unauthorized)));
    f.crm.set_staff_disabled(&a, alice.id, false).await.unwrap();
    f.crm.api_ctx(raw).await.unwrap();
    assert!(f.crm.staff_session(&s3).await.is_err());
}

/// Rate limits count in the store: two service instances over one store share a limit,
/// concurrent hits are counted exactly, windows reset, and ended windows are deleted.
pub async fn throttle_counts_are_shared_and_windows_reset(store: Arc<dyn Store>) {
    let one = Fixture::new(store.clone());
    let two = Fixture::new(store.clone());
    let w = Duration::seconds(60);
    for i in 0..4 {
        let crm = if i % 2 == 0 { &one.crm } else { &two.crm };
        let r = crm.throttle("login:ip:203.0.113.7", 3, w).await;
        if i < 3 {
            r.unwrap();
        } else {
            match r {
                Err(Error::RateLimited { retry_after_secs }) => {
                    assert!((1..=60).contains(&retry_after_secs), "{retry_after_secs}");
                }
                other => panic!("expected RateLimited, got {other:?}"),
            }
        }
    }
    // Another key has its own count.
    one.crm
        .throttle("login:ip:203.0.113.8", 3, w)
        .await
        .unwrap();
    // The next window starts from zero.
    one.clock.advance(Duration::seconds(61));
    two.clock.advance(Duration::seconds(61));
    two.crm
        .throttle("login:ip:203.0.113.7", 3, w)
        .await
        .unwrap();
    // Concurrent hits are counted exactly (one upsert each).
    let mut handles = Vec::new();
    for i in 0..12 {
        let crm = if i % 2 == 0 {
            one.crm.clone()
        } else {
            two.crm.clone()
        };
        handles.push(tokio::spawn(async move {
            crm.throttle("portal:link:a@example.com", 5, Duration::hours(1))
                .await
        }));
    }
    let mut ok = 0;
    for h in handles {
        match h.await.unwrap() {
            Ok(()) => ok += 1,
            Err(Error::RateLimited { .. }) => {}
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(ok, 5);
    // Ended windows are deleted when a new window starts: afterwards only the new counter
    // is left (checked by purging everything in a transaction that is rolled back).
    let later = one.clock.now() + Duration::hours(3);
    let mut tx = store.begin().await.unwrap();
    // The first window's two counters went when the second window started; left are the
    // second window's and the portal key's.
    assert_eq!(tx.purge_throttle(later).await.unwrap(), 2);
    drop(tx);
    one.clock.advance(Duration::hours(2));
    one.crm.throttle("another", 1, w).await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.purge_throttle(later).await.unwrap(), 1);
    drop(tx);
}

/// The first stored installation secret wins; later candidates (other instances) get it back.
pub async fn installation_secrets_are_created_once(store: Arc<dyn Store>) {
    let fx = Fixture::new(store.clone());
    let first = fx.crm.installation_secret("csrf").await.unwrap();
    let again = fx.crm.installation_secret("csrf").await.unwrap();
    assert_eq!(first, again);
    let other = fx.crm.installation_secret("other").await.unwrap();
    assert_ne!(first, other);
    let mut tx = store.begin().await.unwrap();
    let kept = tx.ensure_secret("csrf", &[7u8; 32]).await.unwrap();
    assert_eq!(kept, first.to_vec());
    tx.commit().await.unwrap();
}

/// [`crate::ports::DocumentStore::open_invoices_overview`] equals a recomputation from `invoices_of_client` with the
/// domain's rules (open statuses, `Invoice::is_overdue`, `aging`), its first page is ordered
/// oldest due first, and another client's or company's invoices never count.
pub async fn open_invoices_overview_matches_recomputation(store: Arc<dyn Store>) {
    use crate::ports::PaymentEvent;
    use crate::service::EventOutcome;

    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let (_, other_ctx) = f.company("Andere GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let beta = f.client(&ctx, "Beta").await;
    let foreign = f.client(&other_ctx, "Gamma").await;
    let start = f.clock.today();
    let empty = f
        .store()
        .open_invoices_overview(ctx.company, client.id, start, client.currency, 10)
        .await
        .unwrap();
    assert_eq!(empty, crate::ports::OpenInvoicesOverview::default());

    // Invoices issued over ~200 days, with explicit due dates spread across every bucket
    // (some in the future), in every status.
    let mut issued = Vec::new();
    for (i, net) in [
        "100", "200", "50", "75", "300", "20", "40", "60", "80", "10",
    ]
    .iter()
    .enumerate()
    {
        let mut input = invoice_input(client.id, net);
        if i % 3 == 2 {
            // Due far later than the default terms: still current at the end.
            input.due_date = Some(f.clock.today() + Duration::days(250));
        }
        let inv = f.crm.create_invoice(&ctx, &input).await.unwrap();
        issued.push(f.crm.issue_invoice(&ctx, inv.id).await.unwrap());
        f.clock.advance(Duration::days(17));
    }
    // Partly paid, fully paid, cancelled, processing; a draft; another client's and company's.
    f.crm
        .record_payment(&ctx, issued[0].id, &pay("19.00"))
        .await
        .unwrap();
    f.crm
        .record_payment(&ctx, issued[9].id, &pay("11.90"))
        .await
        .unwrap();
    f.crm.cancel_invoice(&ctx, issued[5].id).await.unwrap();
    let processing = f
        .crm
        .apply_payment_event(
            "stripe",
            &PaymentEvent::Processing {
                event_id: Some("evt_overview".into()),
                livemode: false,
                company_id: ctx.company,
                invoice_id: issued[4].id,
            },
            false,
        )
        .await
        .unwrap();
    assert!(matches!(processing, EventOutcome::Processing(_)));
    f.crm
        .create_invoice(&ctx, &invoice_input(client.id, "999"))
        .await
        .unwrap();
    f.issued_invoice(&ctx, &beta, "999").await;
    f.issued_invoice(&other_ctx, &foreign, "999").await;

    let all = f
        .store()
        .invoices_of_client(ctx.company, client.id)
        .await
        .unwrap();
    // Check at several days: before, at and after bucket edges.
    for offset in [0, 1, 13, 30, 31, 61, 90, 91, 121, 400] {
        let today = f.clock.today() + Duration::days(offset);
        let mut open: Vec<&Invoice> = all.iter().filter(|i| i.status.is_open()).collect();
        open.sort_by_key(|i| (i.due_date.or(i.issue_date), i.created_at, i.id.as_uuid()));
        let overdue: Vec<&&Invoice> = open.iter().filter(|i| i.is_overdue(today)).collect();
        for limit in [0_u32, 3, 100] {
            let got = f
                .store()
                .open_invoices_overview(ctx.company, client.id, today, client.currency, limit)
                .await
                .unwrap();
            assert_eq!(got.open_count, open.len(), "day +{offset}");
            assert_eq!(got.overdue_count, overdue.len(), "day +{offset}");
            assert_eq!(
                got.overdue_total,
                overdue.iter().map(|i| i.balance).sum::<Decimal>(),
                "day +{offset}"
            );
            assert_eq!(
                got.aging,
                crate::domain::aging(open.iter().copied(), today),
                "day +{offset}"
            );
            let first: Vec<_> = got
                .first_open
                .iter()
                .map(|s| (s.id, s.status.clone(), s.balance, s.due_date, s.kind))
                .collect();
            let want: Vec<_> = open
                .iter()
                .take(limit as usize)
                .map(|i| {
                    (
                        i.id.as_uuid(),
                        i.status.as_str().to_owned(),
                        i.balance,
                        i.due_date,
                        DocumentKind::Invoice,
                    )
                })
                .collect();
            assert_eq!(first, want, "day +{offset}, limit {limit}");
        }
    }
    // The scenario covers what it claims to.
    let today = f.clock.today();
    let probe = f
        .store()
        .open_invoices_overview(ctx.company, client.id, today, client.currency, 100)
        .await
        .unwrap();
    assert_eq!(probe.open_count, 8, "sent, partial and processing");
    assert!(probe.overdue_count > 0 && probe.overdue_count < probe.open_count);
    assert!(probe.first_open.iter().any(|s| s.status == "partial"));
    assert!(probe.first_open.iter().any(|s| s.status == "processing"));
    let buckets = [
        probe.aging.days_0_30,
        probe.aging.days_31_60,
        probe.aging.days_61_90,
        probe.aging.days_91_120,
        probe.aging.over_120,
    ];
    assert!(buckets.iter().all(|b| *b > Decimal::ZERO), "{buckets:?}");
    // Another company's id sees nothing.
    let isolated = f
        .store()
        .open_invoices_overview(other_ctx.company, client.id, today, client.currency, 100)
        .await
        .unwrap();
    assert_eq!(isolated, crate::ports::OpenInvoicesOverview::default());
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

/// [`crate::ports::DocumentStore::statement_view`] returns exactly what its parts return (company, client summary,
/// open-invoice overview, last paid invoices), and nothing for another company's id.
pub async fn statement_view_is_its_parts(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let (_, other_ctx) = f.company("Andere GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let mut invoices = Vec::new();
    for net in ["100", "250", "80", "40", "60", "75", "90"] {
        invoices.push(f.issued_invoice(&ctx, &client, net).await);
        f.clock.advance(Duration::days(20));
    }
    for inv in &invoices[..4] {
        f.crm
            .record_payment(&ctx, inv.id, &pay(&inv.balance.to_string()))
            .await
            .unwrap();
    }
    f.crm
        .record_payment(&ctx, invoices[5].id, &pay("10.00"))
        .await
        .unwrap();
    let store = f.store();
    let today = f.clock.today();
    for (open_limit, paid_limit) in [(0, 0), (2, 3), (10, 10)] {
        let view = store
            .statement_view(ctx.company, client.id, today, open_limit, paid_limit)
            .await
            .unwrap()
            .expect("view");
        let company = store.company(ctx.company).await.unwrap().unwrap();
        let summary = store
            .client_summary(ctx.company, client.id)
            .await
            .unwrap()
            .unwrap();
        let open = store
            .open_invoices_overview(ctx.company, client.id, today, client.currency, open_limit)
            .await
            .unwrap();
        let paid = store
            .document_history(
                ctx.company,
                client.id,
                &HistoryFilter::paid_invoices(),
                today,
                None,
                paid_limit,
            )
            .await
            .unwrap();
        assert_eq!(view.company, company);
        assert_eq!(view.client, summary);
        assert_eq!(view.open, open);
        assert_eq!(view.paid, paid);
        // And what they should be, from the invoices themselves: paid newest first, open
        // oldest due date first.
        let paid_ids: Vec<_> = view.paid.iter().map(|s| s.id).collect();
        let want_paid: Vec<_> = invoices[..4]
            .iter()
            .rev()
            .take(paid_limit as usize)
            .map(|i| i.id.as_uuid())
            .collect();
        assert_eq!(paid_ids, want_paid);
        let open_ids: Vec<_> = view.open.first_open.iter().map(|s| s.id).collect();
        let want_open: Vec<_> = invoices[4..]
            .iter()
            .take(open_limit as usize)
            .map(|i| i.id.as_uuid())
            .collect();
        assert_eq!(open_ids, want_open);
        assert_eq!(view.open.open_count, 3);
        assert!(view.open.overdue_count > 0, "some invoices are past due");
    }
    assert!(
        store
            .statement_view(other_ctx.company, client.id, today, 10, 10)
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
