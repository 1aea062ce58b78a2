//! `GET/PUT /company/mail-settings` (the accounting copy) and the contacts' `mail_role`:
//! validated, read back, kept by a PATCH that does not send it.

use axum::http::StatusCode;
use serde_json::json;

use super::support::app;

#[tokio::test]
async fn accounting_copy_set_read_refused_and_cleared() {
    let t = app().await;
    let path = "/company/mail-settings";
    let res = t.a("get", path, None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json(), json!({ "accounting_bcc": null }));
    let res = t
        .a(
            "put",
            path,
            Some(json!({ "accounting_bcc": " Belege@Steuerbuero.example.com " })),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    // The domain is case-insensitive and stored in lower case.
    let stored = json!({ "accounting_bcc": "Belege@steuerbuero.example.com" });
    assert_eq!(res.json(), stored);
    assert_eq!(t.a("get", path, None).await.json(), stored);
    let res = t
        .a(
            "put",
            path,
            Some(json!({ "accounting_bcc": "kein-at-zeichen" })),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.fields(), vec!["accounting_bcc"]);
    assert_eq!(
        t.a("get", path, None).await.json(),
        stored,
        "nothing written"
    );
    let res = t
        .a("put", path, Some(json!({ "accounting_bcc": null })))
        .await;
    assert_eq!(res.json(), json!({ "accounting_bcc": null }));
    let res = t
        .a("put", path, Some(json!({ "bcc": "x@y.example" })))
        .await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown fields are refused"
    );
}

#[tokio::test]
async fn contacts_carry_their_mail_role() {
    let t = app().await;
    let body = json!({
        "name": "Rollen GmbH",
        "contacts": [
            { "name": "Anna", "email": "anna@rollen.example", "primary": true, "mail_role": "none" },
            { "name": "Clara", "email": "clara@rollen.example", "mail_role": "cc" },
            { "name": "Dora", "email": "dora@rollen.example" }
        ],
        "address": { "street": "Hauptstr. 1", "city": "Berlin", "postal_code": "10115", "country": "DE" }
    });
    let res = t.a("post", "/clients", Some(body)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{:?}", res.json());
    let client = res.json();
    let roles = |c: &serde_json::Value| -> Vec<String> {
        c["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["mail_role"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        roles(&client),
        vec!["to", "cc", "none"],
        "the primary is always to"
    );
    let id = client["id"].as_str().unwrap();
    // A PATCH that sends the contacts without roles keeps them; one that sends a role sets it.
    let contacts: Vec<serde_json::Value> = client["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| json!({ "id": k["id"], "name": k["name"], "email": k["email"], "primary": k["primary"] }))
        .collect();
    let path = format!("/clients/{id}");
    let res = t
        .a("patch", &path, Some(json!({ "contacts": contacts })))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    assert_eq!(roles(&res.json()), vec!["to", "cc", "none"]);
    let mut changed = contacts.clone();
    changed[2]["mail_role"] = json!("to");
    let res = t
        .a("patch", &path, Some(json!({ "contacts": changed })))
        .await;
    assert_eq!(roles(&res.json()), vec!["to", "cc", "to"]);
    changed[2]["mail_role"] = json!("bcc");
    let res = t
        .a("patch", &path, Some(json!({ "contacts": changed })))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.fields(), vec!["contacts[2].mail_role"]);
}
