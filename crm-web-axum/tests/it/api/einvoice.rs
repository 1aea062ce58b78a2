//! A client's e-invoice settings on the wire: `einvoice_format` and `buyer_reference` are
//! created, read back with the effective format, refused with a field error (a Leitweg-ID
//! with wrong check digits, an unknown format) that writes nothing, kept by a PATCH that does
//! not name them and cleared by `null`; the OpenAPI document describes them.

use axum::http::StatusCode;
use serde_json::json;

use super::support::{app, new_client};

#[tokio::test]
async fn einvoice_settings_are_created_read_refused_and_cleared() {
    let t = app().await;
    let mut body = new_client("Stadt Musterhausen", "rechnung@musterhausen.example.com");
    body["einvoice_format"] = json!("xrechnung_cii");
    body["buyer_reference"] = json!("04011000-1234512345-06");
    let res = t.a("post", "/clients", Some(body)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{:?}", res.json());
    let c = res.json();
    let id = c["id"].as_str().unwrap().to_owned();
    assert_eq!(c["einvoice_format"], "xrechnung_cii");
    assert_eq!(c["einvoice_format_effective"], "xrechnung_cii");
    assert_eq!(c["buyer_reference"], "04011000-1234512345-06");
    let read = t.a("get", &format!("/clients/{id}"), None).await.json();
    assert_eq!(read, c);

    // Without a choice: the default for a German business of a German company, and for a
    // consumer.
    let res = t
        .a(
            "post",
            "/clients",
            Some(new_client("Plain GmbH", "p@example.com")),
        )
        .await;
    let plain = res.json();
    assert_eq!(plain["einvoice_format"], json!(null));
    assert_eq!(plain["einvoice_format_effective"], "zugferd");
    assert_eq!(plain["buyer_reference"], json!(null));
    let mut consumer = new_client("Erika Privat", "erika@example.com");
    consumer["kind"] = json!("consumer");
    let res = t.a("post", "/clients", Some(consumer)).await;
    assert_eq!(res.json()["einvoice_format_effective"], "plain");

    // Wrong check digits and an unknown format: 422 naming the fields, nothing written.
    let before = t
        .crm
        .list_clients(&t.a, Default::default())
        .await
        .unwrap()
        .len();
    let mut bad = new_client("Falsch", "falsch@example.com");
    bad["buyer_reference"] = json!("04011000-1234512345-07");
    bad["einvoice_format"] = json!("pdf");
    let res = t.a("post", "/clients", Some(bad)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.content_type(), "application/problem+json");
    let mut fields = res.fields();
    fields.sort();
    assert_eq!(fields, vec!["buyer_reference", "einvoice_format"]);
    let errors = res.json()["errors"].as_array().unwrap().clone();
    let reference = errors
        .iter()
        .find(|e| e["field"] == "buyer_reference")
        .unwrap();
    assert!(
        reference["message"].as_str().unwrap().contains("06"),
        "names the expected check digits: {reference}"
    );
    assert!(reference["message_de"].as_str().unwrap().contains("06"));
    let after = t
        .crm
        .list_clients(&t.a, Default::default())
        .await
        .unwrap()
        .len();
    assert_eq!(before, after);

    // A PATCH that does not name them keeps them; a bad one changes nothing.
    let path = format!("/clients/{id}");
    let res = t
        .a(
            "patch",
            &path,
            Some(json!({ "name": "Stadt Musterhausen (Kämmerei)" })),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    assert_eq!(res.json()["einvoice_format"], "xrechnung_cii");
    assert_eq!(res.json()["buyer_reference"], "04011000-1234512345-06");
    let res = t
        .a(
            "patch",
            &path,
            Some(json!({ "buyer_reference": "991-33333TEST-34" })),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.fields(), vec!["buyer_reference"]);
    let res = t
        .a("patch", &path, Some(json!({ "buyer_reference": "991-33333TEST-33", "einvoice_format": "xrechnung_ubl" })))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    assert_eq!(res.json()["buyer_reference"], "991-33333TEST-33");
    assert_eq!(res.json()["einvoice_format_effective"], "xrechnung_ubl");

    // `null` clears both: the default applies again.
    let res = t
        .a(
            "patch",
            &path,
            Some(json!({ "einvoice_format": null, "buyer_reference": null })),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    let cleared = res.json();
    assert_eq!(cleared["einvoice_format"], json!(null));
    assert_eq!(cleared["buyer_reference"], json!(null));
    assert_eq!(cleared["einvoice_format_effective"], "zugferd");
    assert_eq!(t.a("get", &path, None).await.json(), cleared);
    let listed = t
        .a("get", "/clients?search=musterhausen", None)
        .await
        .json();
    assert_eq!(listed["data"][0]["client"], cleared);
}

#[tokio::test]
async fn the_openapi_document_describes_the_einvoice_fields() {
    let t = app().await;
    let doc = t.call("get", "/openapi.json", None, None).await.json();
    let schemas = &doc["components"]["schemas"];
    for (schema, fields) in [
        ("ClientCreate", &["einvoice_format", "buyer_reference"][..]),
        ("ClientPatch", &["einvoice_format", "buyer_reference"][..]),
        (
            "ClientOut",
            &[
                "einvoice_format",
                "einvoice_format_effective",
                "buyer_reference",
            ][..],
        ),
    ] {
        for field in fields {
            let p = &schemas[schema]["properties"][field];
            assert!(p.is_object(), "{schema}.{field} is documented: {p}");
            assert!(p["description"].is_string(), "{schema}.{field}: {p}");
        }
    }
    let effective = &schemas["ClientOut"]["properties"]["einvoice_format_effective"];
    assert_eq!(
        effective["pattern"],
        "^(plain|zugferd|xrechnung_cii|xrechnung_ubl)$"
    );
    let required = schemas["ClientOut"]["required"].as_array().unwrap();
    assert!(required.contains(&json!("einvoice_format_effective")));
}

/// A dollar invoice with German VAT: refused at issue without its euro rate (naming
/// `eur_rate`), a rate on a euro invoice or a zero rate refused, and once given the rate and
/// the VAT in euros come back with the invoice, its cancellation and in the e-invoice.
#[tokio::test]
async fn a_dollar_invoice_carries_its_euro_rate() {
    let t = app().await;
    let mut body = new_client("Dollar GmbH", "usd@example.com");
    body["currency"] = json!("USD");
    let client = t.a("post", "/clients", Some(body)).await.json();
    let client_id = client["id"].as_str().unwrap().to_owned();
    let draft = |rate: Option<&str>| {
        let mut b = json!({
            "client_id": client_id,
            "items": [{ "description": "Beratung", "quantity": "8", "unit_price": "150.00", "tax_rate": "19" }]
        });
        if let Some(r) = rate {
            b["eur_rate"] = json!(r);
        }
        b
    };
    let res = t.a("post", "/invoices", Some(draft(None))).await;
    assert_eq!(res.status, StatusCode::CREATED, "{:?}", res.json());
    let id = res.json()["id"].as_str().unwrap().to_owned();
    let res = t.a("post", &format!("/invoices/{id}/issue"), None).await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        res.json()
    );
    assert_eq!(res.fields(), vec!["eur_rate"]);

    let res = t
        .a("put", &format!("/invoices/{id}"), Some(draft(Some("0"))))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.fields(), vec!["eur_rate"]);
    let res = t
        .a(
            "put",
            &format!("/invoices/{id}"),
            Some(draft(Some("0.9234"))),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    let res = t.a("post", &format!("/invoices/{id}/issue"), None).await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    let inv = res.json();
    // 228.00 USD × 0.9234 = 210.5352 → 210.54 EUR.
    assert_eq!(inv["eur_rate"], "0.9234");
    assert_eq!(inv["totals"]["tax"], "228.00");
    assert_eq!(inv["tax_eur"], "210.54");
    let xml = t.a("get", &format!("/invoices/{id}/einvoice"), None).await;
    assert_eq!(xml.status, StatusCode::OK);
    let xml = String::from_utf8(xml.bytes).unwrap();
    assert!(
        xml.contains(r#"<ram:TaxTotalAmount currencyID="EUR">210.54</ram:TaxTotalAmount>"#),
        "{xml}"
    );
    let res = t
        .a(
            "post",
            &format!("/invoices/{id}/cancel"),
            Some(json!({ "reason": "Storniert" })),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    let corrections = t
        .a("get", &format!("/invoices/{id}/corrections"), None)
        .await
        .json();
    assert_eq!(corrections[0]["eur_rate"], "0.9234");
    assert_eq!(corrections[0]["tax_eur"], "-210.54");

    // A euro client's invoice takes no rate.
    let euro = t
        .a(
            "post",
            "/clients",
            Some(new_client("Euro GmbH", "eur@example.com")),
        )
        .await
        .json();
    let mut b = draft(Some("1.1"));
    b["client_id"] = euro["id"].clone();
    let res = t.a("post", "/invoices", Some(b)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.fields(), vec!["eur_rate"]);
}
