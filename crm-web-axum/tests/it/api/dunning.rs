//! Dunning through the API: the dry run lists what is due on a day and writes nothing, a run
//! issues one reminder per client with its items, and a second run the same day none.

use axum::http::StatusCode;
use chrono::TimeZone;
use serde_json::json;

use super::support::app;

#[tokio::test]
async fn the_dry_run_lists_and_a_run_issues_each_level_once() {
    let t = app().await;
    // The seeded invoice: issued 2026-11-27, due 2026-12-11, 119.00 open.
    let res = t.a("get", "/dunning/due?on=2026-12-17", None).await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    assert_eq!(res.json(), json!([]));
    let res = t.a("get", "/dunning/due?on=2026-12-18", None).await;
    let due = res.json();
    assert_eq!(due.as_array().unwrap().len(), 1, "{due}");
    assert_eq!(due[0]["invoice_id"], t.invoice.id.to_string());
    assert_eq!(due[0]["level"], "reminder");
    let res = t.a("get", "/dunning/due?on=yesterday", None).await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        res.json()
    );

    // Today (the seed's day) nothing is due; a week after the due date the reminder is.
    let res = t.a("post", "/dunning/run", None).await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    assert_eq!(res.json()["issued"], json!([]));
    t.clock
        .set(chrono::Utc.with_ymd_and_hms(2026, 12, 18, 9, 0, 0).unwrap());
    let res = t.a("post", "/dunning/run", None).await;
    let run = res.json();
    let issued = run["issued"].as_array().unwrap();
    assert_eq!(issued.len(), 1, "{run}");
    let r = &issued[0];
    assert_eq!(r["number"], "MA-00001");
    assert_eq!(r["level"], "reminder");
    assert_eq!(r["client_id"], t.client.id.to_string());
    assert_eq!(r["issue_date"], "2026-12-18");
    assert_eq!(r["due_date"], "2026-12-25");
    assert_eq!(r["items"][0]["open"], "119.00");
    assert_eq!(r["items"][0]["fee"], "0.00");
    assert_eq!(r["total"], "119.00");
    let again = t.a("post", "/dunning/run", None).await.json();
    assert_eq!(again["issued"], json!([]), "once per level");
    // Company B sees nothing of it.
    let res = t
        .call(
            "get",
            "/dunning/due?on=2026-12-18",
            Some(&t.token_b.clone()),
            None,
        )
        .await;
    assert_eq!(res.json(), json!([]));
}
