//! `GET/PUT/DELETE /company/bank-account`: the account validated (a wrong IBAN check digit
//! is a field error and writes nothing), read back, per company, removed.

use axum::http::StatusCode;
use serde_json::json;

use super::support::app;

#[tokio::test]
async fn bank_account_set_read_refused_and_removed() {
    let t = app().await;
    let path = "/company/bank-account";
    let res = t.a("get", path, None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "none yet");
    assert_eq!(res.content_type(), "application/problem+json");

    let good = json!({
        "iban": "de89 3704 0044 0532 0130 00",
        "bic": "COBADEFFXXX",
        "holder": "Muster GmbH",
        "bank_name": "Commerzbank"
    });
    let res = t.a("put", path, Some(good)).await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    let stored = json!({
        "iban": "DE89370400440532013000",
        "iban_formatted": "DE89 3704 0044 0532 0130 00",
        "country": "DE",
        "bic": "COBADEFFXXX",
        "holder": "Muster GmbH",
        "bank_name": "Commerzbank"
    });
    assert_eq!(res.json(), stored);
    assert_eq!(t.a("get", path, None).await.json(), stored);

    // A wrong check digit and a bad BIC: field errors in both languages, nothing written.
    let res = t
        .a(
            "put",
            path,
            Some(json!({ "iban": "DE88 3704 0044 0532 0130 00", "bic": "COBADEF" })),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.fields(), vec!["iban", "bic"]);
    let errors = res.json()["errors"].clone();
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("check digits"),
        "{errors}"
    );
    assert!(
        errors[0]["message_de"]
            .as_str()
            .unwrap()
            .contains("Prüfziffern"),
        "{errors}"
    );
    assert_eq!(t.a("get", path, None).await.json(), stored);
    // Unknown fields are refused too.
    let res = t
        .a(
            "put",
            path,
            Some(json!({ "iban": "DE89370400440532013000", "swift": "x" })),
        )
        .await;
    assert!(res.status.is_client_error(), "{}", res.status);
    assert_eq!(t.a("get", path, None).await.json(), stored);

    // Another company sees its own (none).
    let res = t.call("get", path, Some(&t.token_b.clone()), None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);

    assert_eq!(
        t.a("delete", path, None).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(t.a("get", path, None).await.status, StatusCode::NOT_FOUND);
}
