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
    // Read back: the reminder, its frozen PDF, the client's list.
    let id = r["id"].as_str().unwrap();
    let one = t.a("get", &format!("/reminders/{id}"), None).await;
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(&one.json(), r);
    let pdf = t.a("get", &format!("/reminders/{id}/pdf"), None).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.content_type(), "application/pdf");
    assert!(pdf.bytes.starts_with(b"%PDF"));
    let list = t
        .a("get", &format!("/clients/{}/reminders", t.client.id), None)
        .await
        .json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    let res = t
        .call(
            "get",
            &format!("/reminders/{id}"),
            Some(&t.token_b.clone()),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
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

#[tokio::test]
async fn dunning_settings_are_read_replaced_and_refused_with_field_errors() {
    let t = app().await;
    let got = t.a("get", "/company/dunning", None).await.json();
    assert_eq!(got["enabled"], true);
    assert_eq!(got["reminder_prefix"], "MA-");
    assert_eq!(got["payment_days"], 7);
    assert_eq!(got["base_rates"], json!(null), "the built-in table");
    let levels: Vec<&str> = got["levels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["reminder", "first", "second", "final"]);
    assert_eq!(got["levels"][1]["fee"], "40.00");

    // Not increasing, a negative fee, a base rate date twice, a taken number format: all
    // named, nothing written.
    let bad = json!({
        "enabled": true,
        "levels": [
            { "level": "reminder", "days": 7, "fee": "0", "charges_interest": false },
            { "level": "first", "days": 0, "fee": "-1", "charges_interest": true }
        ],
        "base_rates": [
            { "valid_from": "2026-01-01", "percent": "1.27" },
            { "valid_from": "2026-01-01", "percent": "1.27" }
        ],
        "reminder_prefix": "RE-",
        "payment_days": 7
    });
    let res = t.a("put", "/company/dunning", Some(bad)).await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        res.json()
    );
    let mut fields = res.fields();
    fields.sort();
    assert!(fields.contains(&"levels[1].days".to_owned()), "{fields:?}");
    assert!(fields.contains(&"levels[1].fee".to_owned()), "{fields:?}");
    assert!(
        fields.contains(&"base_rates[1].valid_from".to_owned()),
        "{fields:?}"
    );
    assert_eq!(
        t.a("get", "/company/dunning", None).await.json(),
        got,
        "nothing written"
    );
    let mut taken = got.clone();
    taken["reminder_prefix"] = json!("RE-");
    let res = t.a("put", "/company/dunning", Some(taken)).await;
    assert_eq!(res.fields(), vec!["dunning.reminder_prefix"]);

    // A valid change is kept and used.
    let mut good = got.clone();
    good["enabled"] = json!(false);
    good["payment_days"] = json!(10);
    good["base_rates"] = json!([{ "valid_from": "2026-07-01", "percent": "1.5" }]);
    let res = t.a("put", "/company/dunning", Some(good)).await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    let now = t.a("get", "/company/dunning", None).await.json();
    assert_eq!(now["enabled"], false);
    assert_eq!(now["payment_days"], 10);
    assert_eq!(now["base_rates"][0]["percent"], "1.5");
}

#[tokio::test]
async fn a_dunning_block_is_set_refused_and_lifted() {
    let t = app().await;
    let path = format!("/clients/{}/dunning-block", t.client.id);
    let res = t
        .a(
            "put",
            &path,
            Some(json!({ "reason": "", "until": "2020-01-01" })),
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        res.json()
    );
    let mut fields = res.fields();
    fields.sort();
    assert_eq!(fields, ["reason", "until"]);
    let res = t
        .a(
            "put",
            &path,
            Some(json!({ "reason": "Reklamation", "until": "2027-01-31" })),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    assert_eq!(
        res.json()["dunning_block"],
        json!({ "reason": "Reklamation", "until": "2027-01-31" })
    );
    // Held: the dry run leaves the client out.
    let due = t.a("get", "/dunning/due?on=2026-12-18", None).await.json();
    assert_eq!(due, json!([]));
    let res = t.a("delete", &path, None).await;
    assert_eq!(res.json()["dunning_block"], json!(null));
    let due = t.a("get", "/dunning/due?on=2026-12-18", None).await.json();
    assert_eq!(due.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn staff_remind_skip_and_waive_through_the_api() {
    let t = app().await;
    let id = t.invoice.id;
    // Not overdue on the seed's day: 409.
    let res = t.a("post", &format!("/invoices/{id}/remind"), None).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{:?}", res.json());
    t.clock
        .set(chrono::Utc.with_ymd_and_hms(2026, 12, 12, 9, 0, 0).unwrap());
    let res = t.a("post", &format!("/invoices/{id}/remind"), None).await;
    assert_eq!(res.status, StatusCode::CREATED, "{:?}", res.json());
    let r = res.json();
    assert_eq!(r["level"], "reminder");
    let inv = t.a("get", &format!("/invoices/{id}"), None).await.json();
    assert_eq!(inv["dunning"]["level"], "reminder");
    assert_eq!(inv["dunning"]["reminder_id"], r["id"]);
    assert_eq!(inv["dunning"]["waived"], false);
    let res = t
        .a("post", &format!("/invoices/{id}/dunning/skip"), None)
        .await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    assert_eq!(res.json()["dunning"]["level"], "first");
    assert_eq!(res.json()["dunning"]["reminder_id"], json!(null));
    let res = t
        .a("post", &format!("/invoices/{id}/dunning/waive"), None)
        .await;
    assert_eq!(res.json()["dunning"]["waived"], true);
    let res = t
        .a("post", &format!("/invoices/{id}/dunning/waive"), None)
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn fees_are_a_claim_a_payment_settles_first() {
    let t = app().await;
    let id = t.invoice.id;
    t.clock
        .set(chrono::Utc.with_ymd_and_hms(2026, 12, 12, 9, 0, 0).unwrap());
    // The payment reminder, then the 1st Mahnung with the flat 40 € (no interest: the
    // built-in base-rate table does not reach this half-year).
    for _ in 0..2 {
        let res = t.a("post", &format!("/invoices/{id}/remind"), None).await;
        assert_eq!(res.status, StatusCode::CREATED, "{:?}", res.json());
    }
    let inv = t.a("get", &format!("/invoices/{id}"), None).await.json();
    assert_eq!(inv["dunning"]["level"], "first");
    assert_eq!(inv["dunning"]["fees"], "40.00");
    assert_eq!(inv["balance"], "119.00");
    assert_eq!(inv["amount_due"], "159.00");
    let dash = format!("/clients/{}/dashboard", t.client.id);
    let d = t.a("get", &dash, None).await.json();
    assert_eq!(d["outstanding"], "119.00");
    assert_eq!(d["fees_and_interest_outstanding"], "40.00");

    // 50.00: the fee first, 10.00 to the invoice.
    let res = t
        .a(
            "post",
            &format!("/invoices/{id}/payments"),
            Some(json!({ "amount": "50.00", "method": "bank_transfer" })),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{:?}", res.json());
    let p = res.json();
    assert_eq!(p["payment"]["to_fees"], "40.00", "{p}");
    assert_eq!(p["payment"]["to_interest"], "0.00");
    let inv = t.a("get", &format!("/invoices/{id}"), None).await.json();
    assert_eq!(
        (
            &inv["balance"],
            &inv["amount_due"],
            &inv["dunning"]["fees_paid"]
        ),
        (&json!("109.00"), &json!("109.00"), &json!("40.00"))
    );
    let d = t.a("get", &dash, None).await.json();
    assert_eq!(d["fees_and_interest_outstanding"], "0.00");
    assert_eq!(d["total_paid"], "50.00");
    // More than is owed: refused, naming what is owed.
    let res = t
        .a(
            "post",
            &format!("/invoices/{id}/payments"),
            Some(json!({ "amount": "109.01", "method": "bank_transfer" })),
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{:?}", res.json());
    assert!(res.json()["detail"].as_str().unwrap().contains("109.00"));
    // Both letters are in the client's document history.
    let res = t
        .a(
            "get",
            &format!("/clients/{}/documents?kind=reminder", t.client.id),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    let letters = res.json()["data"].clone();
    let numbers: Vec<&str> = letters
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, ["MA-00002", "MA-00001"], "{letters}");
    assert_eq!(letters[0]["kind"], "reminder");
    assert_eq!(letters[0]["total"], "159.00");
}

#[tokio::test]
async fn a_client_gets_its_own_levels_and_back_the_companys() {
    let t = app().await;
    let path = format!("/clients/{}/dunning-schedule", t.client.id);
    let bad = json!({ "levels": [
        { "level": "first", "days": 3, "fee": "0", "charges_interest": false },
        { "level": "reminder", "days": 0, "fee": "-1", "charges_interest": false },
        { "level": "later", "days": 5, "fee": "zehn", "charges_interest": false }
    ] });
    let res = t.a("put", &path, Some(bad)).await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        res.json()
    );
    let mut fields = res.fields();
    fields.sort();
    assert_eq!(
        fields,
        ["levels[2].fee", "levels[2].level"],
        "unparsable first"
    );
    let bad = json!({ "levels": [
        { "level": "first", "days": 3, "fee": "0", "charges_interest": false },
        { "level": "reminder", "days": 0, "fee": "-1", "charges_interest": false }
    ] });
    let mut fields = t.a("put", &path, Some(bad)).await.fields();
    fields.sort();
    assert_eq!(
        fields,
        ["levels[1].days", "levels[1].fee", "levels[1].level"]
    );
    let client = format!("/clients/{}", t.client.id);
    assert_eq!(
        t.a("get", &client, None).await.json()["dunning_schedule"],
        json!(null),
        "nothing written"
    );
    let good = json!({ "levels": [
        { "level": "reminder", "days": 3, "fee": "0.00", "charges_interest": false },
        { "level": "final", "days": 10, "fee": "40.00", "charges_interest": true }
    ] });
    let res = t.a("put", &path, Some(good.clone())).await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    assert_eq!(res.json()["dunning_schedule"], good);
    // The dry run follows the client's levels: 3 days after the due date.
    let due = t.a("get", "/dunning/due?on=2026-12-14", None).await.json();
    assert_eq!(due.as_array().unwrap().len(), 1, "{due}");
    assert_eq!(due[0]["level"], "reminder");
    let res = t.a("delete", &path, None).await;
    assert_eq!(res.json()["dunning_schedule"], json!(null));
    let due = t.a("get", "/dunning/due?on=2026-12-14", None).await.json();
    assert_eq!(due, json!([]), "the company's 7 days again");
}
