//! Units of measure of line items on the wire: a UN/ECE Rec. 20 code per line, in and out,
//! `C62` when a line names none, an unknown code a field error on `items[i].unit`, and the
//! OpenAPI document listing the codes as an enum.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::support::app;

fn units_of(doc: &Value) -> Vec<String> {
    doc["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["unit"].as_str().unwrap_or("?").to_owned())
        .collect()
}

#[tokio::test]
async fn a_draft_keeps_its_units_through_create_read_and_update() {
    let t = app().await;
    let res = t
        .a(
            "post",
            "/invoices",
            Some(json!({ "client_id": t.client.id, "items": [
                { "description": "Beratung", "quantity": "10", "unit_price": "95.00", "tax_rate": "19", "unit": "HUR" },
                { "description": "Handbuch", "quantity": "1", "unit_price": "20.00", "tax_rate": "19" }
            ] })),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{:?}", res.json());
    assert_eq!(units_of(&res.json()), ["HUR", "C62"]);
    let id = res.json()["id"].as_str().expect("id").to_owned();
    let read = t.a("get", &format!("/invoices/{id}"), None).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(units_of(&read.json()), ["HUR", "C62"]);
    assert_eq!(read.json()["totals"]["net"], "970.00");
    let res = t
        .a(
            "put",
            &format!("/invoices/{id}"),
            Some(json!({ "client_id": t.client.id, "items": [
                { "description": "Workshop", "quantity": "3", "unit_price": "800.00", "tax_rate": "19", "unit": "day" }
            ] })),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    let read = t.a("get", &format!("/invoices/{id}"), None).await;
    assert_eq!(units_of(&read.json()), ["DAY"]);
    // Issued, the unit stays on the line.
    let res = t.a("post", &format!("/invoices/{id}/issue"), None).await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    assert_eq!(units_of(&res.json()), ["DAY"]);

    let res = t
        .a(
            "post",
            "/quotes",
            Some(json!({ "client_id": t.client.id, "items": [
                { "description": "Wartung", "quantity": "12", "unit_price": "50.00", "tax_rate": "19", "unit": "MON" }
            ] })),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{:?}", res.json());
    let qid = res.json()["id"].as_str().expect("id").to_owned();
    let read = t.a("get", &format!("/quotes/{qid}"), None).await;
    assert_eq!(units_of(&read.json()), ["MON"]);
}

#[tokio::test]
async fn an_unknown_unit_is_a_field_error_and_writes_nothing() {
    let t = app().await;
    let before = t
        .crm
        .store()
        .invoices_of_client(t.a.company, t.client.id)
        .await
        .expect("list")
        .len();
    let res = t
        .a(
            "post",
            "/invoices",
            Some(json!({ "client_id": t.client.id, "items": [
                { "description": "Beratung", "quantity": "10", "unit_price": "95.00", "tax_rate": "19", "unit": "HOURS" }
            ] })),
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        res.json()
    );
    assert_eq!(res.fields(), ["items[0].unit"]);
    let problem = res.json();
    let error = &problem["errors"][0];
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("unknown unit of measure 'HOURS'")),
        "{problem:?}"
    );
    assert!(
        error["message_de"]
            .as_str()
            .is_some_and(|m| m.contains("unbekannte Mengeneinheit 'HOURS'")),
        "{problem:?}"
    );
    // The same on the second line of a quote.
    let res = t
        .a(
            "post",
            "/quotes",
            Some(json!({ "client_id": t.client.id, "items": [
                { "description": "A", "quantity": "1", "unit_price": "1.00", "tax_rate": "19" },
                { "description": "B", "quantity": "1", "unit_price": "1.00", "tax_rate": "19", "unit": "E48" }
            ] })),
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        res.json()
    );
    assert_eq!(res.fields(), ["items[1].unit"]);
    let after = t
        .crm
        .store()
        .invoices_of_client(t.a.company, t.client.id)
        .await
        .expect("list")
        .len();
    assert_eq!(before, after);
}

#[tokio::test]
async fn the_openapi_document_lists_the_unit_codes() {
    let t = app().await;
    let doc = t.call("get", "/openapi.json", None, None).await.json();
    let schemas = &doc["components"]["schemas"];
    for (schema, required) in [("ItemIn", false), ("ItemOut", true)] {
        let unit = &schemas[schema]["properties"]["unit"];
        let codes: Vec<&str> = unit["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("{schema}.unit has an enum: {unit:?}"))
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(codes.len(), 20, "{codes:?}");
        // Null means "omitted" in a request; an answer always names the unit.
        let nullable = unit["enum"]
            .as_array()
            .is_some_and(|e| e.contains(&Value::Null));
        assert_eq!(nullable, !required, "{schema}: {unit:?}");
        for code in ["C62", "HUR", "DAY", "MON", "LS", "MTK"] {
            assert!(
                codes.contains(&code),
                "{schema}: {code} missing in {codes:?}"
            );
        }
        let is_required = schemas[schema]["required"]
            .as_array()
            .is_some_and(|r| r.iter().any(|f| f == "unit"));
        assert_eq!(is_required, required, "{schema}");
    }
}
