//! Corrections through the API: a credit note against an issued invoice (field errors for a
//! rate the invoice lacks, nothing written), reading and emailing it, its frozen PDF, then the
//! cancellation invoice with a reason, the money to refund, and both in the history.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::support::app;

#[tokio::test]
async fn credit_then_cancel_an_invoice_with_its_documents() {
    let t = app().await;
    let body = t.valid_body("post", "/invoices");
    let id = t.a("post", "/invoices", body).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        t.a("post", &format!("/invoices/{id}/issue"), None)
            .await
            .json()["totals"]["total"],
        "238.00"
    );
    let pay = json!({ "amount": "100.00", "method": "bank_transfer" });
    let res = t
        .a("post", &format!("/invoices/{id}/payments"), Some(pay))
        .await;
    assert_eq!(res.status, StatusCode::CREATED);

    // A rate the invoice does not have: refused naming the line, nothing written.
    let credits = format!("/invoices/{id}/credits");
    let line = |price: &str, rate: &str| {
        json!({ "items": [{ "description": "Nachlass", "quantity": "1", "unit_price": price, "tax_rate": rate }],
                "reason": "Verspätete Lieferung" })
    };
    let res = t.a("post", &credits, Some(line("50.00", "7"))).await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        res.json()
    );
    assert_eq!(res.fields(), vec!["items[0].tax_rate"]);
    let res = t
        .a("get", &format!("/invoices/{id}/corrections"), None)
        .await;
    assert_eq!(res.json(), json!([]));

    let res = t.a("post", &credits, Some(line("50.00", "19"))).await;
    assert_eq!(res.status, StatusCode::CREATED, "{:?}", res.json());
    let credit = res.json();
    assert_eq!(credit["kind"], "credit");
    assert_eq!(credit["number"], "RK-00001");
    assert_eq!(credit["totals"]["total"], "-59.50");
    assert_eq!(credit["amount"], "59.50");
    assert_eq!(credit["refund_due"], "0.00");
    assert_eq!(credit["corrects"]["id"], id.as_str());
    let credit_id = credit["id"].as_str().unwrap().to_owned();
    let invoice = t.a("get", &format!("/invoices/{id}"), None).await.json();
    assert_eq!(
        (
            &invoice["credited"],
            &invoice["balance"],
            &invoice["status"]
        ),
        (&json!("59.50"), &json!("78.50"), &json!("partial"))
    );
    // Read, PDF (the frozen bytes) and email.
    let res = t.a("get", &format!("/corrections/{credit_id}"), None).await;
    assert_eq!(res.json()["number"], "RK-00001");
    let res = t
        .a("get", &format!("/corrections/{credit_id}/pdf"), None)
        .await;
    assert_eq!(res.content_type(), "application/pdf");
    assert_eq!(
        Value::from(crm_core::domain::DocumentHash::of(&res.bytes).to_hex()),
        credit["pdf_sha256"]
    );
    // Its e-invoice, frozen with it: a credit note (381) naming the invoice it corrects.
    let res = t
        .a("get", &format!("/corrections/{credit_id}/einvoice"), None)
        .await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    assert_eq!(res.content_type(), "application/xml");
    let xml = String::from_utf8(res.bytes.clone()).expect("utf-8");
    assert!(xml.contains("<ram:TypeCode>381</ram:TypeCode>"), "{xml}");
    assert!(xml.contains("RK-00001"), "{xml}");
    let res = t
        .a("post", &format!("/corrections/{credit_id}/send"), None)
        .await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());

    // The cancellation invoice, with a reason and emailed; 100 paid is to be refunded.
    let res = t
        .a(
            "post",
            &format!("/invoices/{id}/cancel"),
            Some(json!({ "reason": "Auftrag storniert", "send": true })),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    let cancelled = res.json();
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(cancelled["refund_due"], "100.00");
    assert_eq!(cancelled["cancelled_by"]["number"], "ST-00001");
    let list = t
        .a("get", &format!("/invoices/{id}/corrections"), None)
        .await;
    let kinds: Vec<Value> = list
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].clone())
        .collect();
    assert_eq!(kinds, [json!("credit"), json!("cancellation")]);
    let storno = &list.json()[1];
    assert_eq!(storno["totals"]["total"], "-238.00");
    assert_eq!(storno["reason"], "Auftrag storniert");
    // Nothing more to correct.
    let res = t.a("post", &credits, Some(line("1.00", "19"))).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{:?}", res.json());
    // Both in the client's history, filterable by kind and by their status.
    let client = invoice["client_id"].as_str().unwrap();
    let res = t
        .a(
            "get",
            &format!("/clients/{client}/documents?kind=cancellation"),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    let items = res.json()["data"].clone();
    assert_eq!(items.as_array().map(Vec::len), Some(1));
    assert_eq!(items[0]["number"], "ST-00001");
    assert_eq!(items[0]["status"], "issued");
    let res = t
        .a(
            "get",
            &format!("/clients/{client}/documents?status=issued"),
            None,
        )
        .await;
    assert_eq!(res.json()["data"].as_array().map(Vec::len), Some(2));
    // An empty body without a content type cancels too; a body without one is a 415.
    let res = t
        .call(
            "post",
            &format!("/invoices/{}/cancel", t.invoice.id),
            Some(&t.token_a.clone()),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
}

#[tokio::test]
async fn a_refund_via_the_gateway_needs_one_and_a_known_way() {
    let t = app().await;
    let path = format!("/invoices/{}/payments", t.invoice.id);
    let res = t
        .a(
            "post",
            &path,
            Some(json!({ "amount": "10.00", "method": "card", "reference": "pi_x" })),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{:?}", res.json());
    let payment = res.json()["payment"]["id"].as_str().unwrap().to_owned();
    let refunds = format!("/payments/{payment}/refunds");
    for via in ["gateway", "carrier-pigeon"] {
        let res = t
            .a(
                "post",
                &refunds,
                Some(json!({ "amount": "1.00", "via": via })),
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{via}: {:?}",
            res.json()
        );
        assert_eq!(res.fields(), vec!["via"]);
    }
    // Manual (the default) still records.
    let res = t
        .a(
            "post",
            &refunds,
            Some(json!({ "amount": "1.00", "via": "manual" })),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{:?}", res.json());
}
