//! The e-invoice scenarios: documents issued through the service in every tax situation the
//! e-invoice must express (domestic, mixed rates, reverse charge, intra-community, export,
//! discounts, partial payment, cancellation, credit, foreign currency, Skonto, 120 lines,
//! §19 UStG). `einvoice.rs` checks their XML, `pdfa.rs` their hybrid PDFs.

use std::sync::Arc;

use chrono::NaiveDate;
use crm_core::Ctx;
use crm_core::domain::{
    BankAccountInput, Client, Company, Correction, Invoice, LegalDetailsInput, LineItemInput,
    PaymentMethod, PaymentTermsInput, ServicePeriod, SupplyKind,
};
use crm_core::render::einvoice::Options;
use crm_core::service::{CancelInput, CreditInput, InvoiceInput, PaymentInput};
use crm_core::testing::conformance::{client_input, d};
use crm_core::testing::{Fixture, MemoryStore};

/// An issued invoice of a scenario, with what its renderer needs and the e-invoice options
/// it is written with.
pub(crate) struct IssuedInvoice {
    pub(crate) invoice: Invoice,
    pub(crate) company: Company,
    pub(crate) client: Client,
    pub(crate) opts: Options,
}

/// An issued document of a scenario.
pub(crate) enum Doc {
    /// An invoice.
    Invoice(Box<IssuedInvoice>),
    /// A cancellation invoice or corrective credit.
    Correction(Box<Correction>),
}

/// One scenario: a name (`standard`, `reverse_charge`, …) and its document.
pub(crate) struct Scenario {
    pub(crate) name: &'static str,
    pub(crate) doc: Doc,
}

impl Scenario {
    fn correction(name: &'static str, c: Correction) -> Self {
        Self {
            name,
            doc: Doc::Correction(Box::new(c)),
        }
    }
}

/// The options XRechnung needs beyond EN 16931: a buyer reference (Leitweg-ID).
pub(crate) fn xrechnung_opts() -> Options {
    Options {
        buyer_reference: Some("04011000-12345-34".into()),
        ..Options::default()
    }
}

/// A company the scenarios issue documents from.
pub(crate) struct World {
    pub(crate) f: Fixture,
    pub(crate) ctx: Ctx,
}

/// A German GmbH with everything XRechnung asks of a seller: contact, bank account, tax
/// number beside the VAT ID, register entry.
pub(crate) async fn world(small_business: bool) -> World {
    world_in(Fixture::new(Arc::new(MemoryStore::new())), small_business).await
}

/// [`world`] for a host that takes card payments in the portal.
pub(crate) async fn world_paying_online() -> World {
    let f = Fixture::with_config(Arc::new(MemoryStore::new()), |c| c.online_payments = true);
    world_in(f, false).await
}

async fn world_in(f: Fixture, small_business: bool) -> World {
    let (_, ctx) = f.company("Muster GmbH").await;
    f.crm
        .update_company_legal(
            &ctx,
            &LegalDetailsInput {
                tax_number: Some("12/345/67890".into()),
                tax_number_state: Some("BE".into()),
                small_business,
                legal_form: Some("GmbH".into()),
                registered_seat: Some("Berlin".into()),
                register_court: Some("Amtsgericht Charlottenburg".into()),
                register_number: Some("HRB 123456".into()),
                managing_directors: vec!["Erika Muster".into()],
                contact_name: Some("Buchhaltung".into()),
                contact_phone: Some("+49 30 1234567".into()),
                contact_email: Some("buchhaltung@muster.example.com".into()),
                ..Default::default()
            },
        )
        .await
        .expect("legal details");
    f.crm
        .set_bank_account(
            &ctx,
            Some(&BankAccountInput {
                holder: None,
                iban: "DE89 3704 0044 0532 0130 00".into(),
                bic: Some("COBADEFFXXX".into()),
                bank_name: Some("Commerzbank".into()),
            }),
        )
        .await
        .expect("bank account");
    World { f, ctx }
}

pub(crate) fn item(description: &str, quantity: &str, price: &str, rate: &str) -> LineItemInput {
    LineItemInput {
        description: description.into(),
        quantity: d(quantity),
        unit_price: d(price),
        tax_rate: d(rate),
        ..Default::default()
    }
}

pub(crate) fn goods(mut line: LineItemInput) -> LineItemInput {
    line.kind = Some(SupplyKind::Goods);
    line
}

pub(crate) fn date(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

impl World {
    pub(crate) async fn client(
        &self,
        name: &str,
        country: &str,
        vat: Option<&str>,
        kind: &str,
    ) -> Client {
        let mut input = client_input(name);
        input.address.country = country.into();
        input.address.postal_code = match country {
            "IE" => "D02 X285".into(),
            "FR" => "75001".into(),
            "CH" => "8001".into(),
            "US" => "10001".into(),
            _ => "10115".into(),
        };
        if country == "US" {
            input.address.state = Some("NY".into());
            input.currency = Some("USD".into());
        }
        input.tax_id = vat.map(str::to_owned);
        input.kind = Some(kind.into());
        self.f
            .crm
            .create_client(&self.ctx, &input)
            .await
            .expect("client")
    }

    pub(crate) async fn issue(&self, client: &Client, input: InvoiceInput) -> Invoice {
        let draft = self
            .f
            .crm
            .create_invoice(
                &self.ctx,
                &InvoiceInput {
                    client_id: client.id,
                    ..input
                },
            )
            .await
            .expect("draft");
        self.f
            .crm
            .issue_invoice(&self.ctx, draft.id)
            .await
            .expect("issue")
    }

    pub(crate) async fn domestic(&self) -> Client {
        self.client("Müller & Söhne GmbH", "DE", Some("DE136695976"), "business")
            .await
    }

    /// `invoice` as a scenario, with the company and client as they are now.
    async fn invoice(&self, name: &'static str, invoice: Invoice, opts: Options) -> Scenario {
        let company = self.f.crm.company(&self.ctx).await.expect("company");
        let client = self
            .f
            .crm
            .client(&self.ctx, invoice.client_id)
            .await
            .expect("client");
        Scenario {
            name,
            doc: Doc::Invoice(Box::new(IssuedInvoice {
                invoice,
                company,
                client,
                opts,
            })),
        }
    }
}

pub(crate) fn lines(items: Vec<LineItemInput>) -> InvoiceInput {
    InvoiceInput {
        items,
        service_period: Some(
            ServicePeriod::new(date("2026-11-01"), date("2026-11-30")).expect("period"),
        ),
        ..Default::default()
    }
}

pub(crate) async fn scenarios() -> Vec<Scenario> {
    let w = world(false).await;
    let mut out = Vec::new();
    let none = Options::default();
    let de = w.domestic().await;

    let standard = w
        .issue(&de, lines(vec![item("Beratung", "10", "120", "19")]))
        .await;
    out.push(w.invoice("standard", standard, none.clone()).await);

    let mixed = w
        .issue(
            &de,
            lines(vec![
                item("Beratung: Workshop vor Ort, zwei Tage", "2", "950", "19"),
                goods(item("Fachbuch", "3", "39.90", "7")),
                item("Reisekosten", "1", "0.01", "19"),
            ]),
        )
        .await;
    out.push(w.invoice("mixed_19_7", mixed, none.clone()).await);

    let ie = w
        .client("Dublin Tech Ltd", "IE", Some("IE6388047V"), "business")
        .await;
    let rc = w
        .issue(
            &ie,
            lines(vec![item("Softwareentwicklung", "40", "95", "0")]),
        )
        .await;
    out.push(w.invoice("reverse_charge", rc, none.clone()).await);

    let fr = w
        .client("Paris Achat SARL", "FR", Some("FR40303265045"), "business")
        .await;
    let ic = w
        .issue(&fr, lines(vec![goods(item("Maschine", "1", "12500", "0"))]))
        .await;
    out.push(w.invoice("intra_community", ic, none.clone()).await);

    let ch = w.client("Zürich AG", "CH", None, "business").await;
    let export = w
        .issue(
            &ch,
            lines(vec![goods(item("Ersatzteile", "12", "48.5", "0"))]),
        )
        .await;
    out.push(w.invoice("export", export, none.clone()).await);

    let mut discounted = item("Wartungsvertrag", "12", "80", "19");
    discounted.discount = d("96");
    let discount = w
        .issue(
            &de,
            lines(vec![discounted, item("Einrichtung", "1", "250", "19")]),
        )
        .await;
    out.push(w.invoice("line_discount", discount, none.clone()).await);

    let partial = w
        .issue(&de, lines(vec![item("Projektphase 1", "1", "5000", "19")]))
        .await;
    w.f.crm
        .record_payment(
            &w.ctx,
            partial.id,
            &PaymentInput {
                amount: d("2000"),
                currency: None,
                date: Some(date("2026-11-27")),
                method: PaymentMethod::BankTransfer,
                reference: None,
                send_receipt: false,
            },
        )
        .await
        .expect("payment");
    let partial = w.f.crm.invoice(&w.ctx, partial.id).await.expect("invoice");
    let paid = Options {
        prepaid: partial.amount_paid,
        ..Options::default()
    };
    out.push(w.invoice("partially_paid", partial, paid.clone()).await);

    let to_cancel = w
        .issue(&de, lines(vec![item("Lizenz", "5", "199", "19")]))
        .await;
    w.f.crm
        .cancel_invoice_with(
            &w.ctx,
            to_cancel.id,
            &CancelInput {
                reason: Some("Doppelt berechnet".into()),
            },
        )
        .await
        .expect("cancel");
    let cancellation =
        w.f.crm
            .corrections_of_invoice(&w.ctx, to_cancel.id)
            .await
            .expect("corrections")
            .remove(0);
    out.push(Scenario::correction("cancellation", cancellation));

    let to_credit = w
        .issue(
            &de,
            lines(vec![
                item("Schulung", "3", "600", "19"),
                goods(item("Handbuch", "3", "20", "7")),
            ]),
        )
        .await;
    let (_, credit) =
        w.f.crm
            .credit_invoice(
                &w.ctx,
                to_credit.id,
                &CreditInput {
                    items: vec![item("Schulung, ein Tag ausgefallen", "1", "600", "19")],
                    reason: Some("Ein Schulungstag ausgefallen".into()),
                },
            )
            .await
            .expect("credit");
    out.push(Scenario::correction("corrective_credit", credit));

    let us = w.client("New York Inc", "US", None, "business").await;
    // An export in dollars charges no VAT: there is nothing to state in euros.
    let usd = w
        .issue(&us, lines(vec![item("Consulting", "8", "150", "0")]))
        .await;
    out.push(
        w.invoice("foreign_currency_export", usd, none.clone())
            .await,
    );
    // A foreign-currency invoice that does charge German VAT: the VAT total in euros too.
    let mut us_de = client_input("Berlin Branch of NY Inc");
    us_de.currency = Some("USD".into());
    us_de.kind = Some("business".into());
    let us_de = w.f.crm.create_client(&w.ctx, &us_de).await.expect("client");
    let usd_vat = w
        .issue(
            &us_de,
            InvoiceInput {
                eur_rate: Some(d("0.9234")),
                ..lines(vec![item("Consulting", "8", "150", "19")])
            },
        )
        .await;
    assert_eq!(
        usd_vat.eur_rate.map(|r| r.rate()),
        Some(d("0.9234")),
        "the rate is frozen with the invoice"
    );
    out.push(
        w.invoice("foreign_currency_vat", usd_vat, none.clone())
            .await,
    );

    let mut skonto_input = client_input("Skonto Kunde GmbH");
    skonto_input.payment_terms = PaymentTermsInput {
        days: Some(30),
        skonto_percent: Some(d("2")),
        skonto_days: Some(10),
    };
    let skonto_client =
        w.f.crm
            .create_client(&w.ctx, &skonto_input)
            .await
            .expect("client");
    let skonto = w
        .issue(
            &skonto_client,
            lines(vec![item("Material", "100", "12.34", "19")]),
        )
        .await;
    assert!(
        skonto.skonto.is_some(),
        "the client's Skonto is on the invoice"
    );
    out.push(w.invoice("skonto", skonto, none.clone()).await);

    let many: Vec<LineItemInput> = (1..=120)
        .map(|i| {
            item(
                &format!("Position {i}"),
                &format!("{}", i % 7 + 1),
                &format!("{}.{:02}", i * 3, i % 100),
                if i % 3 == 0 { "7" } else { "19" },
            )
        })
        .collect();
    let long = w.issue(&de, lines(many)).await;
    out.push(w.invoice("lines_120", long, none.clone()).await);

    // §19 UStG: a separate company, no VAT at all.
    let small = world(true).await;
    let sc = small.domestic().await;
    let kleinunternehmer = small
        .issue(&sc, lines(vec![item("Grafikdesign", "1", "800", "0")]))
        .await;
    out.push(
        small
            .invoice("small_business", kleinunternehmer, none.clone())
            .await,
    );
    out
}
