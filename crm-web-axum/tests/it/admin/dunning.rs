//! Dunning in the admin UI: the overdue list with the level due, "run dunning now", the
//! reminder on the client and invoice pages with its frozen PDF, the dunning settings form,
//! and another company's reminder out of reach.

use std::sync::Arc;

use axum::http::StatusCode;
use chrono::{TimeZone, Utc};
use crm_core::Ctx;
use crm_core::domain::{Actor, DunningLevel, LineItemInput};
use crm_core::ports::ManualClock;
use crm_core::service::InvoiceInput;
use crm_web_axum::AdminOptions;
use rust_decimal::Decimal;

use super::support::{self, TestApp};

/// A clock on `day` of March 2026 at 10:00 UTC (the built-in base rates cover it).
fn march(day: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, 10, 0, 0).unwrap()
}

/// An app at 2 March 2026 with one issued invoice (due 16 March), and the clock.
async fn app_with_issued_invoice(
    locale: &str,
) -> (TestApp, Arc<ManualClock>, crm_core::domain::Invoice) {
    let clock = Arc::new(ManualClock::new(march(2)));
    let app = TestApp::with_clock(AdminOptions::default(), locale, clock.clone()).await;
    let client = app.client("Beispiel AG").await;
    let draft = app.invoice(&client, "1000").await;
    let inv = app.crm.issue_invoice(&app.staff, draft.id).await.unwrap();
    assert_eq!(
        inv.due_date,
        Some(chrono::NaiveDate::from_ymd_opt(2026, 3, 16).unwrap())
    );
    (app, clock, inv)
}

/// The cell of a table row that contains `needle`: the text between `<tr>` and `</tr>`.
fn row_of<'a>(body: &'a str, needle: &str) -> &'a str {
    let at = body
        .find(needle)
        .unwrap_or_else(|| panic!("{needle}: {body}"));
    let start = body[..at].rfind("<tr>").unwrap();
    let end = at + body[at..].find("</tr>").unwrap();
    &body[start..end]
}

#[tokio::test]
async fn overdue_list_run_and_the_reminder_on_client_and_invoice_pages() {
    let (app, clock, inv) = app_with_issued_invoice("en").await;
    let number = inv.number.clone().unwrap();
    let mut b = app.signed_in().await;
    // Not yet overdue: nothing listed.
    let page = b.get("/admin/dunning").await;
    page.assert_ok();
    assert!(page.body.contains("No overdue invoices."), "{}", page.body);
    assert!(page.body.contains(">Dunning</a>"), "nav entry");
    // Eight days after the due date the payment reminder (7 days) is due. (A session does
    // not last three weeks: sign in again.)
    clock.set(march(24));
    let mut b = app.signed_in().await;
    let page = b.get("/admin/dunning").await;
    page.assert_ok();
    let row = row_of(&page.body, &number);
    assert!(row.contains("Beispiel AG"), "{row}");
    assert!(row.contains("Mar 16, 2026"), "{row}");
    assert!(row.contains(">8<"), "days overdue: {row}");
    assert!(
        row.contains("<td class=\"reached\">–</td>"),
        "no level reached yet: {row}"
    );
    assert!(row.contains("Payment reminder"), "level due: {row}");
    assert!(
        row.contains(&format!("/admin/invoices/{}", inv.id.as_uuid())),
        "{row}"
    );
    assert!(!page.body.contains("id=\"base-rates-outdated\""));

    // The run issues one reminder and says so.
    let r = b.post("/admin/dunning/run", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/admin/dunning?done=dunning_run&n=1");
    let page = b.get(r.location()).await;
    page.assert_ok();
    assert!(page.body.contains("1 reminder issued."), "{}", page.body);
    let row = row_of(&page.body, &number);
    assert!(
        row.contains("<td class=\"reached\">Payment reminder on Mar 24, 2026</td>"),
        "{row}"
    );
    assert!(
        row.contains("<td class=\"due-level\">–</td>"),
        "nothing due now: {row}"
    );
    // A second run finds nothing due.
    let r = b.post("/admin/dunning/run", &[]).await;
    assert_eq!(r.location(), "/admin/dunning?done=dunning_run&n=0");
    assert!(
        b.get(r.location())
            .await
            .body
            .contains("No reminders issued: nothing was due.")
    );

    // The invoice page shows the level reached.
    let page = b
        .get(&format!("/admin/invoices/{}", inv.id.as_uuid()))
        .await;
    page.assert_ok();
    assert!(
        page.body.contains("id=\"dunning-mark\"")
            && page.body.contains("Payment reminder on Mar 24, 2026"),
        "{}",
        page.body
    );

    // The client page lists the reminder with a link to its frozen PDF.
    let reminders = app
        .crm
        .reminders_of_client(&app.staff, inv.client_id)
        .await
        .unwrap();
    assert_eq!(reminders.len(), 1);
    let reminder = &reminders[0];
    assert_eq!(reminder.level, DunningLevel::Reminder);
    let page = b
        .get(&format!("/admin/clients/{}", inv.client_id.as_uuid()))
        .await;
    page.assert_ok();
    let href = format!("/admin/reminders/{}/pdf", reminder.id.as_uuid());
    let row = row_of(&page.body, &href);
    assert!(row.contains(&reminder.number), "{row}");
    assert!(row.contains("Mar 24, 2026") && row.contains("Payment reminder"));
    assert!(row.contains("€1,190.00"), "total: {row}");
    let pdf = b.get(&href).await;
    pdf.assert_ok();
    assert_eq!(pdf.headers["content-type"], "application/pdf");
    assert!(pdf.bytes.starts_with(b"%PDF"));
    let disposition = pdf.headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.contains(&format!("{}.pdf", reminder.number)),
        "{disposition}"
    );

    // In the second half of 2026 the built-in base rates are outdated: the page warns and
    // links to the settings.
    clock.set(Utc.with_ymd_and_hms(2026, 8, 3, 10, 0, 0).unwrap());
    let mut b = app.signed_in().await;
    let page = b.get("/admin/dunning").await;
    page.assert_ok();
    assert!(
        page.body.contains("id=\"base-rates-outdated\"")
            && page.body.contains("/admin/settings/dunning#base-rates"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn another_companys_reminder_is_not_found() {
    let (app, clock, _) = app_with_issued_invoice("en").await;
    let other = app
        .crm
        .create_company(&support::company_input("Andere GmbH", "en"))
        .await
        .unwrap();
    let theirs = Ctx::new(other.id, Actor::staff("B"));
    let client = app
        .crm
        .create_client(&theirs, &support::client_input("Fremd AG", "DE123456788"))
        .await
        .unwrap();
    let draft = app
        .crm
        .create_invoice(
            &theirs,
            &InvoiceInput {
                client_id: client.id,
                items: vec![LineItemInput {
                    description: "Beratung".into(),
                    quantity: Decimal::ONE,
                    unit_price: Decimal::new(500, 0),
                    tax_rate: Decimal::new(19, 0),
                    ..Default::default()
                }],
                ..InvoiceInput::default()
            },
        )
        .await
        .unwrap();
    app.crm.issue_invoice(&theirs, draft.id).await.unwrap();
    clock.set(march(24));
    let report = app
        .crm
        .run_dunning_for(&theirs, clock_today(&app))
        .await
        .unwrap();
    assert_eq!(report.issued.len(), 1);
    let id = report.issued[0].id.as_uuid();
    let mut b = app.signed_in().await;
    let r = b.get(&format!("/admin/reminders/{id}/pdf")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Nor is it listed: our own dunning page shows only our invoice.
    let page = b.get("/admin/dunning").await;
    assert!(!page.body.contains("Fremd AG"), "{}", page.body);
    assert_eq!(
        b.get("/admin/reminders/not-a-uuid/pdf").await.status,
        StatusCode::NOT_FOUND
    );
}

fn clock_today(app: &TestApp) -> chrono::NaiveDate {
    app.crm.clock().today()
}

/// The settings form's fields as rendered, with the schedule and table given.
fn settings_form<'a>(levels: [(&'a str, &'a str, bool); 4]) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = vec![
        ("enabled".into(), "1".into()),
        ("dunning.reminder_prefix".into(), "MA-".into()),
        ("dunning.payment_days".into(), "10".into()),
    ];
    for (i, (days, fee, interest)) in levels.iter().enumerate() {
        f.push((format!("levels[{i}].included"), "1".into()));
        f.push((format!("levels[{i}].days"), (*days).into()));
        f.push((format!("levels[{i}].fee"), (*fee).into()));
        if *interest {
            f.push((format!("levels[{i}].charges_interest"), "1".into()));
        }
    }
    f
}

fn pairs(f: &[(String, String)]) -> Vec<(&str, &str)> {
    f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

#[tokio::test]
async fn dunning_settings_save_a_valid_change_and_refuse_an_invalid_one() {
    let app = TestApp::new().await;
    let mut b = app.signed_in().await;
    let settings = b.get("/admin/settings").await;
    assert!(settings.body.contains("href=\"/admin/settings/dunning\""));
    let page = b.get("/admin/settings/dunning").await;
    page.assert_ok();
    for name in [
        "enabled",
        "dunning.reminder_prefix",
        "dunning.payment_days",
        "levels[0].included",
        "levels[1].days",
        "levels[1].fee",
        "levels[3].charges_interest",
        "base_rates[0].valid_from",
        "base_rates[0].percent",
    ] {
        assert!(page.body.contains(&format!("name=\"{name}\"")), "{name}");
    }
    assert!(page.body.contains("value=\"40.00\""), "the 1st level's fee");
    // "Add a rate" shows one more row and saves nothing.
    let r = b
        .post(
            "/admin/settings/dunning",
            &[
                ("action", "add_rate"),
                ("base_rates[0].valid_from", "2026-01-01"),
                ("base_rates[0].percent", "1.27"),
            ],
        )
        .await;
    r.assert_ok();
    assert!(r.body.contains("name=\"base_rates[1].valid_from\""));
    assert!(r.body.contains("value=\"2026-01-01\""));
    let before = app.crm.company(&app.staff).await.unwrap().settings;

    // Invalid: the 2nd level on day 0, a base rate from 1 March, the reminders' format the
    // invoices' own. Each message at its field, 422, nothing written.
    let mut f = settings_form([
        ("7", "0", false),
        ("0", "40", true),
        ("14", "0", true),
        ("14", "0", true),
    ]);
    f.push(("base_rates[0].valid_from".into(), "2026-03-01".into()));
    f.push(("base_rates[0].percent".into(), "1.27".into()));
    f.push(("action".into(), "save".into()));
    let r = b.post("/admin/settings/dunning", &pairs(&f)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for field in ["levels[1].days", "base_rates[0].valid_from"] {
        assert!(
            r.body.contains(&format!("<li>{field}: ")),
            "{field}: {}",
            r.body
        );
    }
    assert!(
        r.body
            .contains("must be at least 1 day after the previous level")
    );
    assert!(r.body.contains("only on 1 January and 1 July"));
    assert!(r.body.contains("value=\"2026-03-01\""), "the form as typed");
    assert_eq!(app.crm.company(&app.staff).await.unwrap().settings, before);
    // The number format and payment days are checked with the company's other settings.
    let mut f = settings_form([
        ("7", "0", false),
        ("14", "40", true),
        ("14", "0", true),
        ("14", "0", true),
    ]);
    f[1].1 = before.invoice_prefix.clone();
    f[2].1 = "0".into();
    let r = b.post("/admin/settings/dunning", &pairs(&f)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for field in ["dunning.reminder_prefix", "dunning.payment_days"] {
        assert!(
            r.body.contains(&format!("<li>{field}: ")),
            "{field}: {}",
            r.body
        );
    }
    assert_eq!(app.crm.company(&app.staff).await.unwrap().settings, before);

    // Valid: the 2nd Mahnung dropped, a longer wait, 10 payment days, an own table.
    let mut f = settings_form([
        ("10", "0", false),
        ("21", "40.00", true),
        ("14", "0", true),
        ("28", "0", true),
    ]);
    f.retain(|(k, _)| k != "levels[2].included");
    f.push(("base_rates[0].valid_from".into(), "2026-07-01".into()));
    f.push(("base_rates[0].percent".into(), "1.02".into()));
    f.push(("base_rates[1].valid_from".into(), "2026-01-01".into()));
    f.push(("base_rates[1].percent".into(), "1.27".into()));
    f.push(("base_rates[2].valid_from".into(), String::new()));
    f.push(("base_rates[2].percent".into(), String::new()));
    let r = b.post("/admin/settings/dunning", &pairs(&f)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/admin/settings/dunning?done=saved");
    let after = app.crm.company(&app.staff).await.unwrap().settings;
    let d = &after.dunning;
    assert!(d.enabled);
    assert_eq!(d.payment_days, 10);
    let levels: Vec<_> = d
        .schedule
        .rules()
        .iter()
        .map(|r| (r.level, r.days, r.fee, r.charges_interest))
        .collect();
    assert_eq!(
        levels,
        vec![
            (DunningLevel::Reminder, 10, Decimal::ZERO, false),
            (DunningLevel::First, 21, Decimal::new(40, 0), true),
            (DunningLevel::Final, 28, Decimal::ZERO, true),
        ]
    );
    let table = d.base_rates.as_ref().expect("own table");
    let dates: Vec<String> = table
        .entries()
        .iter()
        .map(|e| e.valid_from.to_string())
        .collect();
    assert_eq!(dates, ["2026-01-01", "2026-07-01"]);
    // Everything else as it was.
    assert_eq!(
        crm_core::domain::CompanySettings {
            dunning: before.dunning.clone(),
            ..after.clone()
        },
        before
    );
    // The page shows what was saved; an unticked level keeps its values, unticked.
    let page = b.get("/admin/settings/dunning?done=saved").await;
    page.assert_ok();
    assert!(page.body.contains("Saved."));
    assert!(page.body.contains("value=\"2026-07-01\""));
    assert!(
        !page
            .body
            .contains("name=\"levels[2].included\" value=\"1\" checked")
    );
    // Every row left empty: back to the built-in table.
    let mut f = settings_form([
        ("10", "0", false),
        ("21", "40", true),
        ("14", "0", true),
        ("28", "0", true),
    ]);
    f.push(("base_rates[0].valid_from".into(), String::new()));
    f.push(("base_rates[0].percent".into(), String::new()));
    let r = b.post("/admin/settings/dunning", &pairs(&f)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after = app.crm.company(&app.staff).await.unwrap().settings;
    assert_eq!(after.dunning.base_rates, None);
    assert_eq!(after.dunning.schedule.rules().len(), 4);
}

#[tokio::test]
async fn dunning_pages_speak_german() {
    let (app, clock, inv) = app_with_issued_invoice("de").await;
    clock.set(march(24));
    let mut b = app.signed_in().await;
    let page = b.get("/admin/dunning").await;
    page.assert_ok();
    assert!(page.body.contains(">Mahnwesen</a>"));
    assert!(page.body.contains("Mahnlauf jetzt starten"));
    let row = row_of(&page.body, inv.number.as_deref().unwrap());
    assert!(
        row.contains("16.03.2026") && row.contains("Zahlungserinnerung"),
        "{row}"
    );
    let r = b.post("/admin/dunning/run", &[]).await;
    let page = b.get(r.location()).await;
    assert!(page.body.contains("1 Mahnung erstellt."), "{}", page.body);
    assert!(page.body.contains("Zahlungserinnerung am 24.03.2026"));
    let page = b.get("/admin/settings/dunning").await;
    page.assert_ok();
    assert!(page.body.contains("Basiszinssätze"));
    assert!(page.body.contains("value=\"40,00\""));
}

#[tokio::test]
async fn staff_send_skip_and_waive_from_the_invoice_page() {
    let (app, clock, inv) = app_with_issued_invoice("en").await;
    let url = format!("/admin/invoices/{}", inv.id.as_uuid());
    let mut b = app.signed_in().await;
    // Not overdue: no buttons.
    let page = b.get(&url).await;
    assert!(!page.body.contains("id=\"remind\""), "{}", page.body);
    clock.set(march(17));
    let mut b = app.signed_in().await;
    let page = b.get(&url).await;
    assert!(page.body.contains("id=\"remind\"") && page.body.contains("id=\"skip-level\""));
    assert!(!page.body.contains("id=\"waive\""), "nothing dunned yet");
    let r = b.post(&format!("{url}/remind"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(
        b.get(r.location())
            .await
            .body
            .contains("Reminder issued and emailed.")
    );
    let r = b.post(&format!("{url}/dunning/skip"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = b.post(&format!("{url}/dunning/waive"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = b.get(r.location()).await;
    assert!(page.body.contains("Reminder fees and interest waived."));
    assert!(!page.body.contains("id=\"waive\""), "waived once");
    let mark = app
        .crm
        .invoice(&app.staff, inv.id)
        .await
        .unwrap()
        .dunning
        .unwrap();
    assert_eq!(mark.level, DunningLevel::First);
    assert!(mark.waived && mark.reminder.is_none());
    let reminders = app
        .crm
        .reminders_of_client(&app.staff, inv.client_id)
        .await
        .unwrap();
    assert_eq!(reminders.len(), 1);
}
