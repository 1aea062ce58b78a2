//! The storage conformance suite: every use case through a real store, tenant isolation and
//! the metric invariants, one module per area of the storage port ([`crate::ports::Store`]).
//! Each case takes a fresh, empty store and panics on a violation. The cases drive the use
//! cases ([`Crm`]), so a store needs every area's traits to run any of them; a store under
//! construction can still run one area at a time (`storage_conformance_tests!(make; clients)`).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::sync::Arc;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;

use crate::domain::{
    Actor, AddressInput, Client, ClientId, ClientInput, ClientMetrics, Company, ContactInput,
    DocumentKind, EInvoiceFormat, EmailTemplate, HistoryFilter, Invoice, InvoiceError, InvoiceId,
    InvoiceStatus, LineItemInput, LinkPurpose, Locale, OutboxStatus, PaymentMethod, QuoteStatus,
    TemplateKind, TicketStatus,
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

pub mod access;
pub mod archive;
pub mod clients;
pub mod company;
pub mod corrections;
pub mod cross_area;
pub mod documents;
pub mod dunning;
pub mod outbox;
pub mod payments;
mod recipients;
pub mod staff;
pub mod tickets;

/// The areas, in the order [`storage_conformance`] runs them; each is a module of this one
/// with its cases and a `run` function.
pub const AREAS: &[&str] = &[
    "company",
    "clients",
    "documents",
    "dunning",
    "payments",
    "access",
    "tickets",
    "staff",
    "outbox",
    "archive",
    "cross_area",
];

/// Runs every case of every area, each on a fresh store from `make`. Prefer the
/// [`crate::storage_conformance_tests`] macro, which reports each case as its own test.
pub async fn storage_conformance<F, Fut>(make: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Arc<dyn Store>>,
{
    company::run(&make).await;
    clients::run(&make).await;
    documents::run(&make).await;
    dunning::run(&make).await;
    payments::run(&make).await;
    access::run(&make).await;
    tickets::run(&make).await;
    staff::run(&make).await;
    outbox::run(&make).await;
    archive::run(&make).await;
    cross_area::run(&make).await;
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
        Self::with_config(store, |_| {})
    }

    /// A fixture over `store` at 2026-11-27 10:00 UTC, its configuration changed by `change`.
    pub fn with_config(store: Arc<dyn Store>, change: impl FnOnce(&mut CrmConfig)) -> Self {
        let clock = Arc::new(ManualClock::new(
            Utc.with_ymd_and_hms(2026, 11, 27, 10, 0, 0).unwrap(),
        ));
        let mut config = CrmConfig {
            base_url: "https://crm.example".into(),
            ..CrmConfig::default()
        };
        change(&mut config);
        let crm = Crm::new(store, config).with_clock(clock.clone());
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
            mail_role: None,
        }],
        address: address("DE", "10115"),
        tax_id: Some("DE136695976".into()),
        currency: None,
        locale: Some("de".into()),
        notes: None,
        ..Default::default()
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
            ..Default::default()
        }],
        due_date: None,
        notes: None,
        terms: None,
        ..Default::default()
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
