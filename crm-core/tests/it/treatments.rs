//! Tax treatments end to end: the proposal from the client's data, the checks before issue
//! (each with its error), and what the issued PDF says (`pdftotext`), per treatment.

use std::sync::Arc;

use chrono::NaiveDate;
use crm_core::Ctx;
use crm_core::domain::{
    Client, Company, Invoice, LegalDetailsInput, LineItemInput, ServicePeriod, SupplyKind,
    TaxTreatment,
};
use crm_core::ports::DocumentRenderer;
use crm_core::render::PdfRenderer;
use crm_core::service::{Error, InvoiceInput};
use crm_core::testing::conformance::{client_input, d};
use crm_core::testing::{Fixture, MemoryStore};

use super::pdf::{PdfFile, contains_all_spaced, have_all};

struct World {
    f: Fixture,
    ctx: Ctx,
}

async fn world() -> World {
    let f = Fixture::new(Arc::new(MemoryStore::new()));
    let (_, ctx) = f.company("Muster GmbH").await;
    World { f, ctx }
}

fn line(description: &str, price: &str, rate: &str, kind: SupplyKind) -> LineItemInput {
    LineItemInput {
        description: description.into(),
        quantity: d("1"),
        unit_price: d(price),
        tax_rate: d(rate),
        kind: Some(kind),
        ..Default::default()
    }
}

fn date(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

impl World {
    async fn client(&self, name: &str, country: &str, vat: Option<&str>, kind: &str) -> Client {
        let mut input = client_input(name);
        input.address.country = country.into();
        input.address.postal_code = match country {
            "IE" => "D02 X285".into(),
            "AT" => "1010".into(),
            "CH" => "8001".into(),
            "FR" => "75001".into(),
            _ => "10115".into(),
        };
        input.tax_id = vat.map(str::to_owned);
        input.kind = Some(kind.into());
        self.f
            .crm
            .create_client(&self.ctx, &input)
            .await
            .expect("client")
    }

    async fn draft(&self, client: &Client, input: InvoiceInput) -> Invoice {
        self.f
            .crm
            .create_invoice(
                &self.ctx,
                &InvoiceInput {
                    client_id: client.id,
                    ..input
                },
            )
            .await
            .expect("draft")
    }

    async fn issue(&self, invoice: &Invoice) -> Result<Invoice, Error> {
        self.f.crm.issue_invoice(&self.ctx, invoice.id).await
    }

    async fn company(&self) -> Company {
        self.f.crm.company(&self.ctx).await.expect("company")
    }

    /// The issued invoice's text as `pdftotext` reads it, or `None` without the tools.
    async fn text(&self, client: &Client, invoice: &Invoice) -> Option<String> {
        if !have_all() {
            return None;
        }
        let bytes = PdfRenderer::new()
            .expect("fonts")
            .invoice(&self.company().await, client, invoice)
            .expect("render");
        Some(PdfFile::new(&bytes).text())
    }
}

fn field_codes(err: Error) -> Vec<(String, &'static str)> {
    match err {
        Error::Invalid(v) => v.0.into_iter().map(|e| (e.field, e.error.code())).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[tokio::test]
async fn irish_business_services_are_reverse_charge_with_both_vat_ids() {
    let w = world().await;
    let client = w
        .client("Dublin Tech Ltd", "IE", Some("IE6388047V"), "business")
        .await;
    let lines = vec![line("Beratung", "1000", "0", SupplyKind::Service)];
    let draft = w
        .draft(
            &client,
            InvoiceInput {
                items: lines,
                ..Default::default()
            },
        )
        .await;
    assert_eq!(draft.treatment, TaxTreatment::ReverseCharge, "proposed");
    let issued = w.issue(&draft).await.expect("issue");
    assert_eq!(issued.totals.tax, d("0"));
    if let Some(text) = w.text(&client, &issued).await {
        contains_all_spaced(
            &text,
            &[
                "Steuerschuldnerschaft des Leistungsempfängers",
                "USt-IdNr.: DE136695976",
                "USt-IdNr.: IE6388047V",
                "Leistungsdatum entspricht Rechnungsdatum.",
                "1.000,00 €",
            ],
        );
        assert!(!text.contains("zzgl."), "no VAT row:\n{text}");
    }
}

#[tokio::test]
async fn vat_on_a_reverse_charge_line_is_refused_naming_the_line() {
    let w = world().await;
    let client = w
        .client("Dublin Tech Ltd", "IE", Some("IE6388047V"), "business")
        .await;
    let draft = w
        .draft(
            &client,
            InvoiceInput {
                items: vec![
                    line("Beratung", "100", "0", SupplyKind::Service),
                    line("Support", "100", "19", SupplyKind::Service),
                ],
                ..Default::default()
            },
        )
        .await;
    let codes = field_codes(
        w.issue(&draft)
            .await
            .expect_err("19 % under reverse charge"),
    );
    assert_eq!(
        codes,
        vec![("items[1].tax_rate".to_owned(), "issue.rate_not_allowed")]
    );
    let still =
        w.f.crm
            .invoice(&w.ctx, draft.id)
            .await
            .expect("read")
            .status;
    assert_eq!(
        still,
        crm_core::domain::InvoiceStatus::Draft,
        "nothing written"
    );
}

#[tokio::test]
async fn reverse_charge_without_a_buyer_vat_id_is_refused() {
    let w = world().await;
    let client = w.client("Paris SARL", "FR", None, "business").await;
    let draft = w
        .draft(
            &client,
            InvoiceInput {
                items: vec![line("Beratung", "100", "0", SupplyKind::Service)],
                treatment: Some(TaxTreatment::ReverseCharge),
                ..Default::default()
            },
        )
        .await;
    let codes = field_codes(w.issue(&draft).await.expect_err("no buyer VAT ID"));
    assert!(
        codes.contains(&("client.tax_id".to_owned(), "issue.buyer_vat_id_missing")),
        "{codes:?}"
    );
    // Without a VAT ID the proposal is German VAT.
    let proposed = w
        .draft(
            &client,
            InvoiceInput {
                items: vec![line("Beratung", "100", "19", SupplyKind::Service)],
                ..Default::default()
            },
        )
        .await;
    assert_eq!(proposed.treatment, TaxTreatment::Standard);
}

#[tokio::test]
async fn austrian_goods_are_an_intra_community_supply_that_needs_a_delivery_date() {
    let w = world().await;
    let client = w
        .client("Wien Handel GmbH", "AT", Some("ATU13585627"), "business")
        .await;
    let goods = vec![line("Maschine", "5000", "0", SupplyKind::Goods)];
    let undated = w
        .draft(
            &client,
            InvoiceInput {
                items: goods.clone(),
                ..Default::default()
            },
        )
        .await;
    assert_eq!(undated.treatment, TaxTreatment::IntraCommunitySupply);
    let codes = field_codes(w.issue(&undated).await.expect_err("no delivery date"));
    assert_eq!(
        codes,
        vec![("service_period".to_owned(), "issue.delivery_date_missing")]
    );
    let dated = w
        .draft(
            &client,
            InvoiceInput {
                items: goods,
                service_period: Some(ServicePeriod::on(date("2026-11-20"))),
                ..Default::default()
            },
        )
        .await;
    let issued = w.issue(&dated).await.expect("issue");
    if let Some(text) = w.text(&client, &issued).await {
        contains_all_spaced(
            &text,
            &[
                "Steuerfreie innergemeinschaftliche Lieferung",
                "Leistungsdatum 20.11.2026",
                "USt-IdNr.: ATU13585627",
                "Innergem. Lieferung auf 5.000,00 €",
                "Österreich",
            ],
        );
    }
}

#[tokio::test]
async fn a_mixed_invoice_marks_which_sentence_each_line_belongs_to() {
    let w = world().await;
    let client = w
        .client("Wien Handel GmbH", "AT", Some("ATU13585627"), "business")
        .await;
    let draft = w
        .draft(
            &client,
            InvoiceInput {
                items: vec![
                    line("Montage", "800", "0", SupplyKind::Service),
                    line("Maschine", "5000", "0", SupplyKind::Goods),
                ],
                service_period: Some(ServicePeriod::on(date("2026-11-20"))),
                ..Default::default()
            },
        )
        .await;
    assert_eq!(draft.treatment, TaxTreatment::ReverseCharge);
    assert_eq!(
        draft.lines[1].treatment(),
        Some(&TaxTreatment::IntraCommunitySupply),
        "the goods line gets its own proposal"
    );
    let issued = w.issue(&draft).await.expect("issue");
    assert_eq!(issued.totals.taxes.len(), 2, "one net sum per treatment");
    if let Some(text) = w.text(&client, &issued).await {
        contains_all_spaced(
            &text,
            &[
                "0 % (1)",
                "0 % (2)",
                "(1) Steuerschuldnerschaft des Leistungsempfängers",
                "(2) Steuerfreie innergemeinschaftliche Lieferung",
                "(1) Reverse Charge auf 800,00 €",
            ],
        );
    }
}

#[tokio::test]
async fn swiss_clients_get_export_for_goods_and_not_taxable_for_services() {
    let w = world().await;
    let client = w
        .client("Zürich AG", "CH", Some("CHE-116.281.710 MWST"), "business")
        .await;
    let service = w
        .draft(
            &client,
            InvoiceInput {
                items: vec![line("Beratung", "1200", "0", SupplyKind::Service)],
                service_period: Some(
                    ServicePeriod::new(date("2026-11-01"), date("2026-11-30")).expect("period"),
                ),
                ..Default::default()
            },
        )
        .await;
    assert_eq!(service.treatment, TaxTreatment::NotTaxable);
    let issued = w.issue(&service).await.expect("issue");
    if let Some(text) = w.text(&client, &issued).await {
        contains_all_spaced(
            &text,
            &[
                "Nicht im Inland steuerbare Leistung",
                "Leistungszeitraum 01.11.2026 – 30.11.2026",
            ],
        );
    }
    let goods = w
        .draft(
            &client,
            InvoiceInput {
                items: vec![line("Ersatzteile", "300", "0", SupplyKind::Goods)],
                ..Default::default()
            },
        )
        .await;
    assert_eq!(goods.treatment, TaxTreatment::Export);
    let issued = w.issue(&goods).await.expect("issue");
    if let Some(text) = w.text(&client, &issued).await {
        contains_all_spaced(&text, &["Steuerfreie Ausfuhrlieferung"]);
    }
}

#[tokio::test]
async fn german_clients_pay_vat_with_one_net_sum_per_rate() {
    let w = world().await;
    let client = w.client("Berlin GmbH", "DE", None, "business").await;
    let draft = w
        .draft(
            &client,
            InvoiceInput {
                items: vec![
                    line("Beratung", "1000", "19", SupplyKind::Service),
                    line("Fachbuch", "50", "7", SupplyKind::Goods),
                ],
                ..Default::default()
            },
        )
        .await;
    assert_eq!(draft.treatment, TaxTreatment::Standard);
    let issued = w.issue(&draft).await.expect("issue");
    assert_eq!(issued.totals.tax, d("193.50"));
    if let Some(text) = w.text(&client, &issued).await {
        contains_all_spaced(
            &text,
            &[
                "zzgl. 7 % USt auf 50,00 € 3,50 €",
                "zzgl. 19 % USt auf 1.000,00 € 190,00 €",
                "1.243,50 €",
            ],
        );
    }
}

#[tokio::test]
async fn a_consumer_in_the_eu_keeps_german_vat() {
    let w = world().await;
    let client = w
        .client("Marie Dupont", "FR", Some("FR40303265045"), "consumer")
        .await;
    let draft = w
        .draft(
            &client,
            InvoiceInput {
                items: vec![line("Kurs", "100", "19", SupplyKind::Service)],
                ..Default::default()
            },
        )
        .await;
    assert_eq!(draft.treatment, TaxTreatment::Standard);
    w.issue(&draft).await.expect("issue");
}

#[tokio::test]
async fn a_small_business_shows_no_vat_and_says_why() {
    let w = world().await;
    w.f.crm
        .update_company_legal(
            &w.ctx,
            &LegalDetailsInput {
                small_business: true,
                tax_number: Some("21/815/08150".into()),
                tax_number_state: Some("BE".into()),
                ..Default::default()
            },
        )
        .await
        .expect("§19");
    let client = w.client("Berlin GmbH", "DE", None, "business").await;
    let with_vat = w
        .draft(
            &client,
            InvoiceInput {
                items: vec![line("Beratung", "100", "19", SupplyKind::Service)],
                ..Default::default()
            },
        )
        .await;
    assert_eq!(with_vat.treatment, TaxTreatment::SmallBusiness);
    let codes = field_codes(w.issue(&with_vat).await.expect_err("VAT under §19"));
    assert_eq!(
        codes,
        vec![(
            "items[0].tax_rate".to_owned(),
            "issue.vat_on_small_business"
        )]
    );
    let forced = w
        .draft(
            &client,
            InvoiceInput {
                items: vec![line("Beratung", "100", "0", SupplyKind::Service)],
                treatment: Some(TaxTreatment::Standard),
                ..Default::default()
            },
        )
        .await;
    let codes = field_codes(w.issue(&forced).await.expect_err("standard under §19"));
    assert_eq!(
        codes,
        vec![("treatment".to_owned(), "issue.small_business_only")]
    );
    let draft = w
        .draft(
            &client,
            InvoiceInput {
                items: vec![line("Beratung", "100", "0", SupplyKind::Service)],
                ..Default::default()
            },
        )
        .await;
    let issued = w.issue(&draft).await.expect("issue");
    if let Some(text) = w.text(&client, &issued).await {
        contains_all_spaced(
            &text,
            &[
                "Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.",
                "Steuernummer: 21/815/08150",
            ],
        );
        assert!(!text.contains("USt auf"), "no VAT amount:\n{text}");
    }
}

#[tokio::test]
async fn an_exempt_service_prints_its_norm() {
    let w = world().await;
    let client = w.client("Patient", "DE", None, "consumer").await;
    let draft = w
        .draft(
            &client,
            InvoiceInput {
                items: vec![line("Behandlung", "80", "0", SupplyKind::Service)],
                treatment: Some(
                    TaxTreatment::from_parts("exempt", Some("§ 4 Nr. 14 UStG")).expect("valid"),
                ),
                ..Default::default()
            },
        )
        .await;
    let issued = w.issue(&draft).await.expect("issue");
    if let Some(text) = w.text(&client, &issued).await {
        contains_all_spaced(
            &text,
            &["Steuerfrei gemäß § 4 Nr. 14 UStG", "Steuerfrei auf 80,00 €"],
        );
    }
}

#[tokio::test]
async fn issue_dates_may_be_chosen_but_not_in_the_future_or_before_the_last_invoice() {
    let w = world().await;
    let client = w.client("Berlin GmbH", "DE", None, "business").await;
    let items = vec![line("Beratung", "100", "19", SupplyKind::Service)];
    let dated = |day: &str| InvoiceInput {
        items: items.clone(),
        issue_date: Some(date(day)),
        ..Default::default()
    };
    // The fixture's today is 2026-11-27.
    let future = w.draft(&client, dated("2026-11-28")).await;
    assert_eq!(
        field_codes(w.issue(&future).await.expect_err("future")),
        vec![("issue_date".to_owned(), "issue_date.future")]
    );
    let month_end = w.draft(&client, dated("2026-11-20")).await;
    let issued = w.issue(&month_end).await.expect("issue");
    assert_eq!(issued.issue_date, Some(date("2026-11-20")));
    let earlier = w.draft(&client, dated("2026-11-19")).await;
    assert_eq!(
        field_codes(w.issue(&earlier).await.expect_err("before the previous")),
        vec![("issue_date".to_owned(), "issue_date.before_previous")]
    );
    // A refused issue takes no number: the next one continues without a gap.
    let today = w.draft(&client, dated("2026-11-27")).await;
    let next = w.issue(&today).await.expect("issue");
    let n = |i: &Invoice| {
        i.number
            .as_deref()
            .and_then(|n| n.trim_start_matches("RE-").parse::<u32>().ok())
            .expect("number")
    };
    assert_eq!(n(&next), n(&issued) + 1, "gapless");
}

#[tokio::test]
async fn a_company_without_any_tax_id_cannot_issue() {
    let w = world().await;
    let company = w.company().await;
    let mut input = crm_core::service::CompanyInput {
        name: company.name.clone(),
        email: company.email.to_string(),
        address: crm_core::domain::AddressInput {
            street: company.address.street().into(),
            city: company.address.city().into(),
            state: None,
            postal_code: company.address.postal_code().into(),
            country: "DE".into(),
        },
        tax_id: None,
        currency: "EUR".into(),
        locale: "de-DE".into(),
    };
    w.f.crm
        .update_company(&w.ctx, &input)
        .await
        .expect("no tax id");
    let client = w.client("Berlin GmbH", "DE", None, "business").await;
    let draft = w
        .draft(
            &client,
            InvoiceInput {
                items: vec![line("Beratung", "100", "19", SupplyKind::Service)],
                ..Default::default()
            },
        )
        .await;
    assert_eq!(
        field_codes(w.issue(&draft).await.expect_err("no tax id")),
        vec![("company.tax_id".to_owned(), "issue.seller_tax_id_missing")]
    );
    input.tax_id = Some("DE136695976".into());
    w.f.crm.update_company(&w.ctx, &input).await.expect("fixed");
    w.issue(&draft).await.expect("issue after the fix");
}

#[tokio::test]
async fn a_clients_own_terms_and_skonto_are_frozen_and_printed() {
    let w = world().await;
    let mut input = client_input("Skonto GmbH");
    input.payment_terms = crm_core::domain::PaymentTermsInput {
        days: Some(30),
        skonto_percent: Some(d("2")),
        skonto_days: Some(10),
    };
    let client = w.f.crm.create_client(&w.ctx, &input).await.expect("client");
    let draft = w
        .draft(
            &client,
            InvoiceInput {
                items: vec![line("Beratung", "1000", "19", SupplyKind::Service)],
                ..Default::default()
            },
        )
        .await;
    let issued = w.issue(&draft).await.expect("issue");
    // Issued on the fixture's 2026-11-27.
    assert_eq!(issued.due_date, Some(date("2026-12-27")));
    let s = issued.skonto.expect("skonto offered");
    assert_eq!(
        (s.until, s.discount, s.pay),
        (date("2026-12-07"), d("23.80"), d("1166.20"))
    );
    if let Some(text) = w.text(&client, &issued).await {
        contains_all_spaced(
            &text,
            &[
                "Bei Zahlung bis 07.12.2026 gewähren wir 2 % Skonto (23,80 €)",
                "1.166,20 €",
            ],
        );
    }
    // A Skonto window as long as the term is refused, naming the nested field.
    input.payment_terms.skonto_days = Some(30);
    input.name = "Zu lang GmbH".into();
    let err =
        w.f.crm
            .create_client(&w.ctx, &input)
            .await
            .expect_err("window");
    assert_eq!(
        field_codes(err),
        vec![("payment_terms.skonto_days".to_owned(), "skonto.days")]
    );
}

#[tokio::test]
async fn every_email_ends_with_the_business_letter_footer() {
    let w = world().await;
    w.f.crm
        .update_company_legal(
            &w.ctx,
            &LegalDetailsInput {
                legal_form: Some("GmbH".into()),
                register_court: Some("Amtsgericht München".into()),
                register_number: Some("HRB 123456".into()),
                managing_directors: vec!["Erika <Muster>".into()],
                ..Default::default()
            },
        )
        .await
        .expect("legal");
    let client = w.client("Berlin GmbH", "DE", None, "business").await;
    let draft = w
        .draft(
            &client,
            InvoiceInput {
                items: vec![line("Beratung", "100", "19", SupplyKind::Service)],
                ..Default::default()
            },
        )
        .await;
    w.f.crm.send_invoice(&w.ctx, draft.id).await.expect("send");
    let mail = w.f.store().outbox(w.ctx.company, 10).await.expect("outbox");
    let email = mail.first().expect("queued");
    assert!(
        email.text_body.contains("\n-- \nMuster GmbH · ")
            && email
                .text_body
                .contains("GmbH · Amtsgericht München HRB 123456")
            && email.text_body.contains("USt-IdNr. DE136695976"),
        "{}",
        email.text_body
    );
    assert!(
        email
            .html_body
            .contains("Geschäftsführung: Erika &lt;Muster&gt;</td>"),
        "escaped, in the layout's footer: {}",
        email.html_body
    );
    assert!(email.html_body.trim_end().ends_with("</body></html>"));
}
