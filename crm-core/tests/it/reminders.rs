//! Reminders as documents and emails: a reminder built by hand (two overdue invoices, default
//! interest over two base-rate periods, a fee) rendered by [`PdfRenderer`] in German and
//! English and checked with real tools — `pdftotext` for what it says, `qpdf --check` for
//! its syntax, `zbarimg` for the GiroCode a banking app reads, `scripts/check_pdfa.py` for
//! PDF/A-3b — and the built-in email templates of the four dunning levels rendered in both
//! languages.
//!
//! Without the tools the checks that need them print a loud message and skip, unless
//! `CRM_REQUIRE_ALL` is set: then they fail.

use std::sync::Arc;

use chrono::{NaiveDate, TimeZone, Utc};
use crm_core::domain::{
    BillTo, Client, Company, Currency, DunningLevel, InterestSegment, InvoiceId, Locale, Reminder,
    ReminderId, ReminderItem, Seller, TemplateKind,
};
use crm_core::ports::{DocumentRenderer, TemplateEngine};
use crm_core::render::templates::{default_template, sample_context};
use crm_core::render::{HandlebarsEngine, PdfRenderer, format};
use crm_core::testing::conformance::{client_input, d};
use crm_core::testing::{Fixture, MemoryStore};

use crate::girocode::{account, have_tools, scan};
use crate::pdf::{PdfFile, have_all};
use crate::pdfa::{TempDir, assert_pdfa, check, tools_available};

fn date(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

/// A company with a bank account (for the GiroCode) and a client in `locale`.
async fn parties(locale: &str) -> (Company, Client) {
    let f = Fixture::new(Arc::new(MemoryStore::new()));
    let (_, ctx) = f.company("Muster GmbH").await;
    f.crm
        .set_bank_account(&ctx, Some(&account(None)))
        .await
        .expect("bank account");
    let mut input = client_input("Müller & Söhne GmbH");
    input.locale = Some(locale.into());
    let client = f.crm.create_client(&ctx, &input).await.expect("client");
    let company = f.crm.company(&ctx).await.expect("company");
    (company, client)
}

/// The 1st Mahnung MA-00001 of 01.08.2025: RE-00001 (1.190,00 € open, interest at 11,27 %
/// and then 10,27 %, the flat 40 €) and RE-00002 (500,00 € open, nothing else).
fn reminder(company: &Company, client: &Client, level: DunningLevel) -> Reminder {
    let segments = vec![
        InterestSegment {
            from: date("2025-05-16"),
            to: date("2025-06-30"),
            days: 46,
            base_rate: d("2.27"),
            rate: d("11.27"),
            principal: d("1190.00"),
            amount: d("16.9018"),
        },
        InterestSegment {
            from: date("2025-07-01"),
            to: date("2025-07-31"),
            days: 31,
            base_rate: d("1.27"),
            rate: d("10.27"),
            principal: d("1190.00"),
            amount: d("10.3797"),
        },
    ];
    Reminder {
        id: ReminderId::new(),
        company_id: company.id,
        client_id: client.id,
        number: "MA-00001".into(),
        level,
        issue_date: date("2025-08-01"),
        due_date: date("2025-08-15"),
        currency: Currency::EUR,
        items: vec![
            ReminderItem {
                invoice_id: InvoiceId::new(),
                number: "RE-00001".into(),
                issue_date: date("2025-05-01"),
                due_date: date("2025-05-15"),
                level,
                open: d("1190.00"),
                interest: d("27.28"),
                interest_segments: segments,
                fee: d("40.00"),
            },
            ReminderItem {
                invoice_id: InvoiceId::new(),
                number: "RE-00002".into(),
                issue_date: date("2025-06-02"),
                due_date: date("2025-06-16"),
                level,
                open: d("500.00"),
                interest: d("0"),
                interest_segments: Vec::new(),
                fee: d("0"),
            },
        ],
        seller: Seller::of(company),
        bill_to: BillTo::of(client, company.address.country()),
        created_at: Utc
            .with_ymd_and_hms(2025, 8, 1, 6, 0, 0)
            .single()
            .expect("time"),
    }
}

fn render(r: &Reminder) -> Vec<u8> {
    PdfRenderer::new()
        .expect("renderer")
        .reminder(r, None)
        .expect("render")
}

/// The text of `pdf` with every run of whitespace as one space, so a sentence the layout
/// wrapped still reads as one.
fn flat_text(pdf: &PdfFile) -> String {
    pdf.text().split_whitespace().collect::<Vec<_>>().join(" ")
}

fn money(amount: &str, locale: Locale) -> String {
    format::money(d(amount), Currency::EUR, locale).replace('\u{a0}', " ")
}

#[tokio::test]
async fn a_first_mahnung_in_german_says_what_is_owed_and_why() {
    let (company, client) = parties("de").await;
    let r = reminder(&company, &client, DunningLevel::First);
    assert_eq!(r.total(), d("1757.28"));
    let bytes = render(&r);
    assert!(bytes.starts_with(b"%PDF-"));
    if !have_all() {
        return;
    }
    let pdf = PdfFile::new(&bytes);
    pdf.assert_valid();
    let text = flat_text(&pdf);
    let l = Locale::De;
    for expected in [
        "1. Mahnung MA-00001".to_owned(),
        "Müller & Söhne GmbH".into(),
        "Zahlbar bis 15.08.2025".into(),
        "RE-00001 01.05.2025 15.05.2025".into(),
        "RE-00002 02.06.2025 16.06.2025".into(),
        money("1190.00", l),
        money("27.28", l),
        money("40.00", l),
        format!("Offene Rechnungsbeträge {}", money("1690.00", l)),
        format!("Verzugszinsen {}", money("27.28", l)),
        format!("Mahngebühren {}", money("40.00", l)),
        format!("Gesamtbetrag {}", money("1757.28", l)),
        "Verzugszinsen nach § 288 BGB: RE-00001: 11,27 % p. a. vom 16.05.2025 bis \
         30.06.2025, 10,27 % p. a. vom 01.07.2025 bis 31.07.2025."
            .into(),
        format!(
            "Bitte überweisen Sie den Gesamtbetrag von {} bis zum 15.08.2025 unter Angabe der \
             Nummer MA-00001.",
            money("1757.28", l)
        ),
        "Sie befinden sich mit der Zahlung in Verzug".into(),
        "DE89 3704 0044 0532 0130 00".into(),
        "Seite 1 von 1".into(),
    ] {
        assert!(text.contains(&expected), "missing {expected:?} in:\n{text}");
    }
    // The final letter's threat belongs to the final letter only.
    assert!(!text.contains("gerichtlich"), "{text}");
}

#[tokio::test]
async fn the_final_mahnung_in_english_announces_court_or_collection() {
    let (company, client) = parties("en").await;
    let r = reminder(&company, &client, DunningLevel::Final);
    let bytes = render(&r);
    if !have_all() {
        return;
    }
    let pdf = PdfFile::new(&bytes);
    pdf.assert_valid();
    let text = flat_text(&pdf);
    let l = Locale::En;
    for expected in [
        "Final reminder MA-00001".to_owned(),
        "Payable by Aug 15, 2025".into(),
        format!("Total due {}", money("1757.28", l)),
        "Default interest under § 288 BGB (German Civil Code): RE-00001: 11.27% p.a. from \
         May 16, 2025 to Jun 30, 2025, 10.27% p.a. from Jul 1, 2025 to Jul 31, 2025."
            .into(),
        "if the total has not reached us by Aug 15, 2025, we will take legal action or hand \
         the claim over to a collection agency without further notice"
            .into(),
        "Page 1 of 1".into(),
    ] {
        assert!(text.contains(&expected), "missing {expected:?} in:\n{text}");
    }
    // No "disregard this letter" under a final demand.
    assert!(!text.contains("disregard"), "{text}");
}

#[tokio::test]
async fn a_payment_reminder_without_interest_or_fee_shows_neither() {
    let (company, client) = parties("de").await;
    let mut r = reminder(&company, &client, DunningLevel::Reminder);
    for item in &mut r.items {
        item.interest = d("0");
        item.interest_segments.clear();
        item.fee = d("0");
    }
    let bytes = render(&r);
    if !have_all() {
        return;
    }
    let pdf = PdfFile::new(&bytes);
    pdf.assert_valid();
    let text = flat_text(&pdf);
    assert!(text.contains("Zahlungserinnerung MA-00001"), "{text}");
    assert!(text.contains("Wir bitten Sie freundlich"), "{text}");
    assert!(
        text.contains(&format!("Gesamtbetrag {}", money("1690.00", Locale::De))),
        "{text}"
    );
    for absent in ["§ 288", "Zinsen", "Gebühr", "Verzug"] {
        assert!(!text.contains(absent), "{absent:?} in:\n{text}");
    }
}

#[tokio::test]
async fn the_girocode_asks_for_the_total_with_the_reminder_number() {
    let (company, client) = parties("de").await;
    let r = reminder(&company, &client, DunningLevel::Second);
    let bytes = render(&r);
    if !have_tools() {
        return;
    }
    let payload = scan(&bytes).expect("a GiroCode on the reminder");
    assert_eq!(
        payload,
        "BCD\n002\n1\nSCT\nCOBADEFFXXX\nMuster GmbH\nDE89370400440532013000\nEUR1757.28\n\n\nMA-00001"
    );
}

#[tokio::test]
async fn reminders_are_pdfa_3b_in_both_languages() {
    if !tools_available() {
        return;
    }
    let mut pdfs = Vec::new();
    for (locale, level) in [("de", DunningLevel::First), ("en", DunningLevel::Final)] {
        let (company, client) = parties(locale).await;
        let r = reminder(&company, &client, level);
        pdfs.push((format!("reminder-{locale}"), render(&r)));
    }
    let dir = TempDir::new();
    for ((name, _), report) in pdfs.iter().zip(check(&dir.0, &pdfs)) {
        assert_pdfa(name, &report);
    }
}

#[test]
fn the_four_dunning_templates_render_their_built_ins_in_both_languages() {
    let engine = HandlebarsEngine::new();
    let kinds = [
        (TemplateKind::DunningReminder, DunningLevel::Reminder),
        (TemplateKind::DunningFirst, DunningLevel::First),
        (TemplateKind::DunningSecond, DunningLevel::Second),
        (TemplateKind::DunningFinal, DunningLevel::Final),
    ];
    for (kind, level) in kinds {
        assert_eq!(TemplateKind::for_dunning(level), kind);
        assert_eq!(TemplateKind::parse(kind.as_str()).expect("parse"), kind);
        assert!(TemplateKind::ALL.contains(&kind));
        for locale in [Locale::De, Locale::En] {
            let template = default_template(kind, locale);
            engine
                .validate(kind, &template)
                .unwrap_or_else(|e| panic!("{kind:?} {locale:?}: {e}"));
            let mail = engine
                .render(kind, &template, &sample_context(kind))
                .unwrap_or_else(|e| panic!("{kind:?} {locale:?}: {e}"));
            assert!(mail.subject.contains("MA-00001"), "{}", mail.subject);
            for expected in [
                "Erika Mustermann",
                "MA-00001",
                "1.242,34 €",
                "15.12.2026",
                "RE-00001",
                "https://crm.example/portal/login/TOKEN",
                "Muster GmbH",
            ] {
                assert!(
                    mail.text.contains(expected),
                    "{kind:?} {locale:?}: {expected:?} missing in\n{}",
                    mail.text
                );
            }
        }
    }
}

#[tokio::test]
async fn a_long_reminder_breaks_its_table_across_pages() {
    let (company, client) = parties("de").await;
    let mut r = reminder(&company, &client, DunningLevel::Second);
    let template = r.items[1].clone();
    for i in 0..60 {
        let mut item = template.clone();
        item.invoice_id = InvoiceId::new();
        item.number = format!("RE-{:05}", 100 + i);
        r.items.push(item);
    }
    let bytes = render(&r);
    if !have_all() {
        return;
    }
    let pdf = PdfFile::new(&bytes);
    pdf.assert_valid();
    let text = flat_text(&pdf);
    let total = d("1757.28") + d("500.00") * rust_decimal::Decimal::from(60);
    for expected in [
        "RE-00100".to_owned(),
        "RE-00159".into(),
        // The header repeats on the next page, under the running head.
        "2. Mahnung MA-00001 · Müller & Söhne GmbH".into(),
        format!(
            "Gesamtbetrag {}",
            format::money(total, Currency::EUR, Locale::De).replace('\u{a0}', " ")
        ),
        "Seite 3 von 3".into(),
    ] {
        assert!(text.contains(&expected), "missing {expected:?} in:\n{text}");
    }
    assert_eq!(text.matches("Rechnungsdatum").count(), 2, "{text}");
}
