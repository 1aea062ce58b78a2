//! A client's dunning tab: stop reminders with a reason and a last day (refused with the
//! message at its field when empty or past), resume them, give the client its own levels and
//! back the company's; each change logged, nothing written on a refusal.

use axum::http::StatusCode;
use chrono::NaiveDate;
use crm_core::domain::{ActivityKind, DunningLevel};

use super::support::TestApp;

#[tokio::test]
async fn the_dunning_tab_blocks_resumes_and_sets_own_levels() {
    let app = TestApp::new().await;
    let client = app.client("Beispiel AG").await;
    let mut b = app.signed_in().await;
    let base = format!("/admin/clients/{}", client.id.as_uuid());
    let tab = b.get(&format!("{base}?tab=dunning")).await;
    tab.assert_ok();
    for needle in [
        "id=\"block-form\"",
        "name=\"reason\"",
        "name=\"until\"",
        "id=\"levels-form\"",
        "name=\"own\"",
        "name=\"levels[1].fee\"",
        "id=\"dunning-reminders\"",
    ] {
        assert!(tab.body.contains(needle), "{needle}");
    }
    assert!(!tab.body.contains("id=\"block-active\""));

    // Refused: no reason, a day in the past. Both named, nothing written.
    let r = b
        .post(
            &format!("{base}/dunning/block"),
            &[("reason", " "), ("until", "2020-01-31")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("<li>reason: ") && r.body.contains("<li>until: "));
    assert!(r.body.contains("value=\"2020-01-31\""), "the form as typed");
    let r = b
        .post(
            &format!("{base}/dunning/block"),
            &[("reason", "Reklamation"), ("until", "31.01.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("<li>until: "));
    assert_eq!(
        app.crm
            .client(&app.staff, client.id)
            .await
            .unwrap()
            .dunning_block,
        None
    );

    // Stopped until a day, shown on the tab; then resumed.
    let r = b
        .post(
            &format!("{base}/dunning/block"),
            &[("reason", "Reklamation offen"), ("until", "2099-01-31")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        r.location(),
        format!("{base}?tab=dunning&done=dunning_blocked")
    );
    let stored = app.crm.client(&app.staff, client.id).await.unwrap();
    let block = stored.dunning_block.expect("blocked");
    assert_eq!(block.reason, "Reklamation offen");
    assert_eq!(block.until, NaiveDate::from_ymd_opt(2099, 1, 31));
    let tab = b.get(r.location()).await;
    assert!(tab.body.contains("id=\"block-active\""));
    assert!(tab.body.contains("Reklamation offen"), "{}", tab.body);
    let r = b.post(&format!("{base}/dunning/unblock"), &[]).await;
    assert_eq!(
        r.location(),
        format!("{base}?tab=dunning&done=dunning_unblocked")
    );
    assert_eq!(
        app.crm
            .client(&app.staff, client.id)
            .await
            .unwrap()
            .dunning_block,
        None
    );

    // Own levels: a reminder after 3 days and the final Mahnung 10 days later. A fee that
    // is no number is refused at its row.
    let mut levels = vec![
        ("own", "1"),
        ("levels[0].included", "1"),
        ("levels[0].days", "3"),
        ("levels[0].fee", "0"),
        ("levels[3].included", "1"),
        ("levels[3].days", "10"),
        ("levels[3].fee", "vierzig"),
        ("levels[3].charges_interest", "1"),
    ];
    let r = b.post(&format!("{base}/dunning/levels"), &levels).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("<li>levels[3].fee: "), "{}", r.body);
    assert!(r.body.contains("value=\"vierzig\""));
    levels[6].1 = "40,00";
    let r = b.post(&format!("{base}/dunning/levels"), &levels).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let own = app
        .crm
        .client(&app.staff, client.id)
        .await
        .unwrap()
        .dunning_schedule
        .expect("own levels");
    let got: Vec<(DunningLevel, u32, String, bool)> = own
        .rules()
        .iter()
        .map(|r| (r.level, r.days, r.fee.to_string(), r.charges_interest))
        .collect();
    assert_eq!(
        got,
        vec![
            (DunningLevel::Reminder, 3, "0".into(), false),
            (DunningLevel::Final, 10, "40.00".into(), true),
        ]
    );
    let tab = b.get(&format!("{base}?tab=dunning")).await;
    assert!(
        tab.body
            .contains("name=\"own\" id=\"f-own\" value=\"1\" checked")
    );
    // Unticked: the company's levels again.
    let r = b
        .post(&format!("{base}/dunning/levels"), &levels[1..])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        app.crm
            .client(&app.staff, client.id)
            .await
            .unwrap()
            .dunning_schedule,
        None
    );
    let kinds: Vec<ActivityKind> = app
        .crm
        .activities(&app.staff, client.id, 100)
        .await
        .unwrap()
        .iter()
        .map(|a| a.kind)
        .collect();
    for kind in [
        ActivityKind::DunningBlocked,
        ActivityKind::DunningUnblocked,
        ActivityKind::DunningScheduleChanged,
    ] {
        assert!(kinds.contains(&kind), "{kind:?} logged");
    }
}
