//! The JSON API through its router (`oneshot`) over a real SQLite file: every route's happy
//! path, 401 without a token, 404 for another company's ids, field errors for bad input with
//! nothing written, and the OpenAPI document matching the router.

mod bank;
mod corrections;
mod dunning;
mod einvoice;
mod logo;
mod mail;
pub(crate) mod support;
mod units;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use crm_web_axum::api::ROUTES;
use serde_json::{Value, json};
use support::{app, new_client};

#[tokio::test]
async fn openapi_document_lists_exactly_the_routes() {
    let t = app().await;
    let res = t.call("get", "/openapi.json", None, None).await;
    assert_eq!(res.status, StatusCode::OK);
    let doc = res.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let mut documented: Vec<(String, String)> = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, _) in item.as_object().unwrap() {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                documented.push((method.clone(), path.clone()));
            }
        }
    }
    let mut routed: Vec<(String, String)> = ROUTES
        .iter()
        .map(|(m, p)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    documented.sort();
    routed.sort();
    assert_eq!(documented, routed);
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
}

#[tokio::test]
async fn every_route_needs_a_token() {
    let t = app().await;
    for (method, path) in ROUTES {
        if *path == "/openapi.json" {
            continue;
        }
        let p = t.path_of(path);
        let body = t.valid_body(method, path);
        for token in [None, Some("not-a-token-not-a-token-xx")] {
            let res = t.call(method, &p, token, body.clone()).await;
            assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{method} {p}");
            assert_eq!(res.content_type(), "application/problem+json");
            assert_eq!(res.headers["www-authenticate"], "Bearer");
        }
    }
    // A revoked token is refused too.
    let tokens = t.crm.api_tokens(&t.a).await.unwrap();
    t.crm.revoke_api_token(&t.a, tokens[0].id).await.unwrap();
    let res = t.a("get", "/clients", None).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn another_companys_ids_are_not_found_and_unchanged() {
    let t = app().await;
    let before = t.crm.invoice(&t.a, t.invoice.id).await.unwrap();
    for (method, path) in ROUTES {
        if !path.contains("{id}") {
            continue;
        }
        let p = t.path_of(path);
        let body = t.valid_body(method, path);
        let res = t.call(method, &p, Some(&t.token_b.clone()), body).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{method} {p}");
        assert_eq!(res.content_type(), "application/problem+json");
    }
    // B creating documents for A's client: not found either.
    for path in ["/invoices", "/quotes"] {
        let res = t
            .call(
                "post",
                path,
                Some(&t.token_b.clone()),
                t.valid_body("post", path),
            )
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(t.crm.invoice(&t.a, t.invoice.id).await.unwrap(), before);
    assert_eq!(t.crm.client(&t.a, t.client.id).await.unwrap(), t.client);
    let res = t
        .call("get", "/clients", Some(&t.token_b.clone()), None)
        .await;
    assert_eq!(res.json()["data"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn clients_create_read_search_patch_archive_restore() {
    let t = app().await;
    let res = t
        .a(
            "post",
            "/clients",
            Some(new_client("Zeta GmbH", "zeta@example.com")),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{:?}", res.json());
    let c = res.json();
    let id = c["id"].as_str().unwrap().to_owned();
    assert_eq!(c["address"]["country"], "DE");
    assert_eq!(c["currency"], "EUR");
    let res = t.a("get", &format!("/clients/{id}"), None).await;
    assert_eq!(res.json()["name"], "Zeta GmbH");
    let res = t.a("get", "/clients?search=zeta", None).await;
    let data = res.json()["data"].as_array().unwrap().clone();
    assert_eq!(data.len(), 1);
    assert_eq!(data[0]["metrics"]["outstanding"], "0.00");
    let res = t
        .a(
            "patch",
            &format!("/clients/{id}"),
            Some(json!({ "name": "Zeta AG", "locale": "en" })),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    assert_eq!(res.json()["name"], "Zeta AG");
    assert_eq!(res.json()["locale"], "en");
    assert_eq!(res.json()["contacts"][0]["email"], "zeta@example.com");
    let res = t.a("post", &format!("/clients/{id}/archive"), None).await;
    assert_eq!(res.json()["archived"], true);
    let res = t.a("get", "/clients?archived=true", None).await;
    assert_eq!(res.json()["data"].as_array().unwrap().len(), 1);
    let res = t.a("post", &format!("/clients/{id}/restore"), None).await;
    assert_eq!(res.json()["archived"], false);
}

#[tokio::test]
async fn client_list_pages_with_a_cursor() {
    let t = app().await;
    for i in 0..5 {
        let res = t
            .a(
                "post",
                "/clients",
                Some(new_client(
                    &format!("Kunde {i}"),
                    &format!("k{i}@example.com"),
                )),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED);
    }
    let mut names = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/clients?limit=2&cursor={c}"),
            None => "/clients?limit=2".into(),
        };
        let page = t.a("get", &path, None).await.json();
        for c in page["data"].as_array().unwrap() {
            names.push(c["client"]["name"].as_str().unwrap().to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(names.len(), 6);
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    for bad in [
        "limit=0",
        "limit=201",
        "cursor=nonsense",
        "limit=abc",
        "unknown=1",
    ] {
        let res = t.a("get", &format!("/clients?{bad}"), None).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!(res.content_type(), "application/problem+json");
    }
}

#[tokio::test]
async fn bad_client_input_names_the_fields_and_writes_nothing() {
    let t = app().await;
    let before = t
        .crm
        .list_clients(&t.a, Default::default())
        .await
        .unwrap()
        .len();
    let mut body = new_client("X", "not-an-email");
    body["address"]["postal_code"] = json!("1");
    let res = t.a("post", "/clients", Some(body)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = res.fields();
    assert!(
        fields.contains(&"contacts[0].email".to_owned()),
        "{fields:?}"
    );
    assert!(
        fields.iter().any(|f| f.starts_with("address.")),
        "{fields:?}"
    );
    let e = &res.json()["errors"][0];
    assert!(e["message"].is_string() && e["message_de"].is_string());
    assert_ne!(e["message"], e["message_de"]);
    // Wrong types, unknown fields, missing fields, broken JSON, wrong content type.
    let mut typed = new_client("T", "t@example.com");
    typed["name"] = json!(5);
    let res = t.a("post", "/clients", Some(typed)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.fields(), vec!["name"]);
    let mut extra = new_client("Y", "y@example.com");
    extra["colour"] = json!("red");
    let res = t.a("post", "/clients", Some(extra)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.fields(), vec!["colour"]);
    let res = t.a("post", "/clients", Some(json!({ "name": "Z" }))).await;
    assert_eq!(res.fields(), vec!["contacts"]);
    let req = Request::post("/api/v1/clients")
        .header("authorization", format!("Bearer {}", t.token_a))
        .header("content-type", "application/json")
        .body(Body::from("{\"name\": "))
        .unwrap();
    let res = t.raw(req).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert_eq!(res.content_type(), "application/problem+json");
    let req = Request::post("/api/v1/clients")
        .header("authorization", format!("Bearer {}", t.token_a))
        .body(Body::from("{}"))
        .unwrap();
    assert_eq!(t.raw(req).await.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let huge = format!("{{\"name\": \"{}\"}}", "x".repeat(2 << 20));
    let req = Request::post("/api/v1/clients")
        .header("authorization", format!("Bearer {}", t.token_a))
        .header("content-type", "application/json")
        .body(Body::from(huge))
        .unwrap();
    let res = t.raw(req).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(res.content_type(), "application/problem+json");
    // Duplicate number: 409 naming the field.
    let mut dup = new_client("Dup", "dup@example.com");
    dup["number"] = json!(t.client.number);
    let res = t.a("post", "/clients", Some(dup)).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(res.fields(), vec!["number"]);
    // Bad patch leaves the client as it was.
    let res = t
        .a(
            "patch",
            &format!("/clients/{}", t.client.id),
            Some(json!({ "contacts": [{ "name": "A", "email": "bad", "primary": true }] })),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(t.crm.client(&t.a, t.client.id).await.unwrap(), t.client);
    let after = t
        .crm
        .list_clients(&t.a, Default::default())
        .await
        .unwrap()
        .len();
    assert_eq!(before, after);
    // Unknown routes and methods are problems too; malformed ids are not found.
    assert_eq!(
        t.a("get", "/nothing", None).await.status,
        StatusCode::NOT_FOUND
    );
    let res = t.a("delete", "/clients", None).await;
    assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.content_type(), "application/problem+json");
    let res = t.a("get", "/clients/not-a-uuid", None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.content_type(), "application/problem+json");
}

#[tokio::test]
async fn dashboard_and_documents() {
    let t = app().await;
    let res = t
        .a("get", &format!("/clients/{}/dashboard", t.client.id), None)
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let d = res.json();
    assert_eq!(d["total_invoiced"], "119.00");
    assert_eq!(d["outstanding"], "119.00");
    assert_eq!(d["currency"], "EUR");
    assert_eq!(d["recent"].as_array().unwrap().len(), 2);
    let res = t
        .a(
            "get",
            &format!("/clients/{}/documents?kind=invoice", t.client.id),
            None,
        )
        .await;
    let page = res.json();
    assert_eq!(page["data"].as_array().unwrap().len(), 1);
    assert_eq!(page["data"][0]["total"], "119.00");
    let res = t
        .a(
            "get",
            &format!("/clients/{}/documents?limit=1", t.client.id),
            None,
        )
        .await;
    let c = res.json()["next_cursor"].as_str().unwrap().to_owned();
    let res = t
        .a(
            "get",
            &format!("/clients/{}/documents?limit=1&cursor={c}", t.client.id),
            None,
        )
        .await;
    assert_eq!(res.json()["data"].as_array().unwrap().len(), 1);
    assert!(res.json()["next_cursor"].is_null());
    let res = t
        .a(
            "get",
            &format!("/clients/{}/documents?kind=letter", t.client.id),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn invoices_create_issue_send_pay_pdf_cancel() {
    let t = app().await;
    let body = t.valid_body("post", "/invoices");
    let res = t.a("post", "/invoices", body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{:?}", res.json());
    let inv = res.json();
    assert_eq!(inv["status"], "draft");
    assert_eq!(inv["totals"]["total"], "238.00");
    let id = inv["id"].as_str().unwrap().to_owned();
    assert_eq!(
        t.a("get", &format!("/invoices/{id}"), None).await.json()["id"],
        id.as_str()
    );
    assert_eq!(inv["pdf_sha256"], Value::Null, "a draft has no frozen PDF");
    let res = t.a("get", &format!("/invoices/{id}/einvoice"), None).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "a draft has no e-invoice");
    assert_eq!(
        res.json()["type"]
            .as_str()
            .map(|s| s.ends_with("not-issued")),
        Some(true),
        "{:?}",
        res.json()
    );
    let res = t.a("post", &format!("/invoices/{id}/issue"), None).await;
    assert_eq!(res.json()["status"], "sent");
    let frozen = res.json()["pdf_sha256"]
        .as_str()
        .expect("frozen at issue")
        .to_owned();
    let res = t.a("post", &format!("/invoices/{id}/send"), None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json()["pdf_sha256"], frozen.as_str());
    let pay = json!({ "amount": "38.00", "method": "cash", "reference": "R-1" });
    let res = t
        .a(
            "post",
            &format!("/invoices/{id}/payments"),
            Some(pay.clone()),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{:?}", res.json());
    assert_eq!(res.json()["invoice"]["balance"], "200.00");
    let res = t
        .a("post", &format!("/invoices/{id}/payments"), Some(pay))
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json()["already_recorded"], true);
    let res = t.a("get", &format!("/invoices/{id}/pdf"), None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.content_type(), "application/pdf");
    assert!(res.bytes.starts_with(b"%PDF-"));
    // Exactly the frozen bytes, after the payment as before.
    assert_eq!(
        crm_core::domain::DocumentHash::of(&res.bytes).to_hex(),
        frozen
    );
    // The e-invoice, frozen with the PDF: a domestic business client gets ZUGFeRD, whose XML
    // (Factur-X EN 16931) is served on its own too.
    let res = t.a("get", &format!("/invoices/{id}/einvoice"), None).await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    assert_eq!(res.content_type(), "application/xml");
    assert_eq!(res.headers["x-einvoice-format"], "zugferd");
    let xml = String::from_utf8(res.bytes.clone()).expect("utf-8");
    assert!(xml.starts_with("<?xml"), "{xml}");
    assert!(xml.contains("<rsm:CrossIndustryInvoice"), "{xml}");
    let again = t.a("get", &format!("/invoices/{id}/einvoice"), None).await;
    assert_eq!(again.bytes, res.bytes, "the frozen bytes every time");
    assert_eq!(
        t.a("get", &format!("/invoices/{id}"), None).await.json()["pdf_sha256"],
        frozen.as_str()
    );
    let res = t
        .a("post", &format!("/invoices/{}/cancel", t.invoice.id), None)
        .await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    assert_eq!(res.json()["status"], "cancelled");
    // A rule violation is a conflict.
    let res = t
        .a("post", &format!("/invoices/{}/send", t.invoice.id), None)
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    // Reopen applies only to an invoice in `processing`.
    let res = t.a("post", &format!("/invoices/{id}/reopen"), None).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{:?}", res.json());
}

#[tokio::test]
async fn an_invoice_stuck_in_processing_is_reopened() {
    let t = app().await;
    let delayed = crm_core::ports::PaymentEvent::Processing {
        event_id: Some("evt_sepa".into()),
        livemode: false,
        company_id: t.a.company,
        invoice_id: t.invoice.id,
        checkout: crm_core::ports::CheckoutRef {
            session_id: "cs_sepa".into(),
            client_id: Some(t.client.id.to_string()),
            client_reference: None,
        },
    };
    t.crm
        .apply_payment_event("stripe", &delayed, false)
        .await
        .unwrap();
    let res = t
        .a("get", &format!("/invoices/{}", t.invoice.id), None)
        .await;
    assert_eq!(res.json()["status"], "processing");
    let res = t
        .a("post", &format!("/invoices/{}/reopen", t.invoice.id), None)
        .await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    assert_eq!(res.json()["status"], "sent");
}

#[tokio::test]
async fn bad_invoice_and_payment_input_writes_nothing() {
    let t = app().await;
    let before = t
        .crm
        .store()
        .invoices_of_client(t.a.company, t.client.id)
        .await
        .unwrap()
        .len();
    let res = t
        .a(
            "post",
            "/invoices",
            Some(json!({ "client_id": t.client.id, "items": [
                { "description": "A", "quantity": "x", "unit_price": "1.00", "tax_rate": "19" },
                { "description": "B", "quantity": "1", "unit_price": "1.00", "tax_rate": "190" }
            ] })),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.fields(), vec!["items[0].quantity"]);
    let res = t
        .a(
            "post",
            "/invoices",
            Some(json!({ "client_id": t.client.id, "items": [
                { "description": "B", "quantity": "1", "unit_price": "1.00", "tax_rate": "190" }
            ] })),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.fields()[0].starts_with("items[0]"),
        "{:?}",
        res.fields()
    );
    let after = t
        .crm
        .store()
        .invoices_of_client(t.a.company, t.client.id)
        .await
        .unwrap()
        .len();
    assert_eq!(before, after);
    let path = format!("/invoices/{}/payments", t.invoice.id);
    for (body, field) in [
        (json!({ "amount": "abc", "method": "cash" }), "amount"),
        (json!({ "amount": "1.00", "method": "gold" }), "method"),
        (json!({ "amount": "1.00" }), "method"),
    ] {
        let res = t.a("post", &path, Some(body)).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(res.fields(), vec![field]);
    }
    let res = t
        .a(
            "post",
            &path,
            Some(json!({ "amount": "5000.00", "method": "cash" })),
        )
        .await;
    assert!(res.status.is_client_error());
    assert!(
        t.crm
            .store()
            .payments_of_invoice(t.a.company, t.invoice.id)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn quotes_create_send_convert_pdf() {
    let t = app().await;
    let res = t
        .a("post", "/quotes", t.valid_body("post", "/quotes"))
        .await;
    assert_eq!(res.status, StatusCode::CREATED);
    let id = res.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(
        t.a("get", &format!("/quotes/{id}"), None).await.json()["status"],
        "draft"
    );
    // A draft is edited in place; bad lines are refused, nothing written.
    let res = t
        .a(
            "put",
            &format!("/quotes/{id}"),
            t.valid_body("put", "/quotes/{id}"),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    assert_eq!(res.json()["totals"]["total"], "357.00");
    let bad = json!({ "client_id": t.client.id, "items": [] });
    let res = t.a("put", &format!("/quotes/{id}"), Some(bad)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        t.a("get", &format!("/quotes/{id}"), None).await.json()["totals"]["total"],
        "357.00"
    );
    let res = t.a("post", &format!("/quotes/{id}/send"), None).await;
    assert_eq!(res.json()["status"], "sent");
    // Once sent it is a document: no more edits.
    let res = t
        .a(
            "put",
            &format!("/quotes/{id}"),
            t.valid_body("put", "/quotes/{id}"),
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{:?}", res.json());
    let res = t.a("get", &format!("/quotes/{id}/pdf"), None).await;
    assert!(res.bytes.starts_with(b"%PDF-"));
    let res = t.a("post", &format!("/quotes/{id}/convert"), None).await;
    assert!(
        res.status.is_success() || res.status == StatusCode::CONFLICT,
        "{:?}",
        res.json()
    );
    let res = t
        .a("post", "/quotes", Some(json!({ "client_id": t.client.id, "items": [{ "description": "", "quantity": "1", "unit_price": "1", "tax_rate": "0" }] })))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn templates_client_override_and_company() {
    let t = app().await;
    let p = format!("/clients/{}/templates/invoice", t.client.id);
    assert_eq!(t.a("get", &p, None).await.json()["source"], "default");
    let res = t.a("put", &p, t.valid_body("put", &p)).await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    assert_eq!(t.a("get", &p, None).await.json()["source"], "client");
    assert_eq!(t.a("delete", &p, None).await.status, StatusCode::NO_CONTENT);
    assert_eq!(t.a("get", &p, None).await.json()["source"], "default");
    let res = t
        .a(
            "put",
            "/company/templates/quote",
            Some(json!({ "subject": "Angebot", "body": "{{quote.number}} {{portal_url}}" })),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    assert_eq!(
        t.a("get", "/company/templates/quote", None).await.json()["source"],
        "company"
    );
    let res = t
        .a(
            "put",
            &p,
            Some(json!({ "subject": "x", "body": "{{nope.nothing}}" })),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.fields(), vec!["body"]);
    assert_eq!(t.a("get", &p, None).await.json()["source"], "default");
    assert_eq!(
        t.a("get", "/company/templates/letter", None).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn tickets_inbox_reply_close_and_portal_link() {
    let t = app().await;
    let res = t.a("get", "/tickets?status=open", None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json()["data"].as_array().unwrap().len(), 1);
    let id = t.ticket.id;
    let res = t
        .a(
            "post",
            &format!("/tickets/{id}/messages"),
            Some(json!({ "body": "Am 15." })),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{:?}", res.json());
    assert_eq!(res.json()["author_name"], "Alice");
    let res = t
        .a(
            "post",
            &format!("/tickets/{id}/messages"),
            Some(json!({ "body": "" })),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let d = t.a("get", &format!("/tickets/{id}"), None).await.json();
    assert_eq!(d["messages"].as_array().unwrap().len(), 2);
    let res = t.a("post", &format!("/tickets/{id}/close"), None).await;
    assert_eq!(res.json()["status"], "closed");
    let res = t.a("get", "/tickets?limit=1&cursor=o5", None).await;
    assert_eq!(res.json()["data"].as_array().unwrap().len(), 0);
    let res = t
        .a(
            "post",
            &format!("/clients/{}/portal-link", t.client.id),
            Some(json!({ "send": true })),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    assert!(
        res.json()["url"]
            .as_str()
            .unwrap()
            .starts_with("https://crm.example/portal")
    );
}

#[tokio::test]
async fn invoices_carry_the_treatment_service_period_and_the_checks_before_issue() {
    let t = app().await;
    let mut irish = new_client("Dublin Tech Ltd", "ops@dublin.example.com");
    irish["address"] = json!({ "street": "1 Grand Canal", "city": "Dublin", "postal_code": "D02 X285", "country": "IE" });
    irish["tax_id"] = json!("IE6388047V");
    irish["kind"] = json!("business");
    let res = t.a("post", "/clients", Some(irish)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{:?}", res.json());
    assert_eq!(res.json()["kind"], "business");
    let client = res.json()["id"].as_str().unwrap().to_owned();

    // No treatment sent: reverse charge is proposed for a business in another EU state.
    let res = t
        .a(
            "post",
            "/invoices",
            Some(json!({
                "client_id": client,
                "items": [{ "description": "Beratung", "quantity": "1", "unit_price": "1000.00", "tax_rate": "19" }],
                "service_period": { "from": "2026-11-01", "to": "2026-11-30" }
            })),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{:?}", res.json());
    let inv = res.json();
    assert_eq!(inv["treatment"]["kind"], "reverse_charge");
    assert_eq!(inv["service_period"]["to"], "2026-11-30");
    assert_eq!(inv["totals"]["taxes"][0]["category"], "AE");
    let id = inv["id"].as_str().unwrap().to_owned();

    // 19 % under reverse charge: issuing is refused, naming the line's rate.
    let res = t.a("post", &format!("/invoices/{id}/issue"), None).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.fields(), vec!["items[0].tax_rate"]);
    let res = t.a("get", &format!("/invoices/{id}"), None).await;
    assert_eq!(res.json()["status"], "draft", "nothing written");

    // The draft is edited to 0 % and issued.
    let res = t
        .a(
            "put",
            &format!("/invoices/{id}"),
            Some(json!({
                "client_id": client,
                "items": [{ "description": "Beratung", "quantity": "1", "unit_price": "1000.00", "tax_rate": "0", "kind": "service" }],
                "treatment": { "kind": "reverse_charge" },
                "service_period": { "from": "2026-11-01", "to": "2026-11-30" }
            })),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    let res = t.a("post", &format!("/invoices/{id}/issue"), None).await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    assert_eq!(res.json()["totals"]["tax"], "0.00");
    // An issued invoice is no longer a draft to edit.
    let res = t
        .a(
            "put",
            &format!("/invoices/{id}"),
            Some(json!({ "client_id": client, "items": [{ "description": "X", "quantity": "1", "unit_price": "1", "tax_rate": "0" }] })),
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);

    // Bad treatment input: clear field errors, nothing created.
    for (body, field) in [
        (json!({ "kind": "exempt" }), "treatment"),
        (json!({ "kind": "zero" }), "treatment"),
    ] {
        let res = t
            .a(
                "post",
                "/invoices",
                Some(json!({
                    "client_id": client,
                    "items": [{ "description": "X", "quantity": "1", "unit_price": "1", "tax_rate": "0" }],
                    "treatment": body
                })),
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(res.fields(), vec![field]);
    }
    let res = t
        .a(
            "post",
            "/invoices",
            Some(json!({
                "client_id": client,
                "items": [{ "description": "X", "quantity": "1", "unit_price": "1", "tax_rate": "0" }],
                "service_period": { "from": "2026-11-30", "to": "2026-11-01" }
            })),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.fields(), vec!["service_period"]);
}

#[tokio::test]
async fn the_company_legal_details_round_trip_and_bad_input_is_refused() {
    let t = app().await;
    let body = json!({
        "tax_number": "181/815/08155",
        "tax_number_state": "BY",
        "legal_form": "GmbH",
        "registered_seat": "München",
        "register_court": "Amtsgericht München",
        "register_number": "HRB 123456",
        "managing_directors": ["Erika Muster"],
        "contact_name": "Buchhaltung",
        "contact_email": "buchhaltung@example.com"
    });
    let res = t.a("put", "/company/legal", Some(body)).await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    let res = t.a("get", "/company/legal", None).await;
    assert_eq!(res.json()["tax_number"], "181/815/08155");
    assert_eq!(res.json()["tax_number_state"], "BY");
    assert_eq!(res.json()["managing_directors"][0], "Erika Muster");
    let res = t
        .a(
            "put",
            "/company/legal",
            Some(json!({ "tax_number": "12345", "register_court": "Amtsgericht München" })),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut fields = res.fields();
    fields.sort();
    assert_eq!(fields, vec!["register_number", "tax_number"]);
    let res = t.a("get", "/company/legal", None).await;
    assert_eq!(res.json()["legal_form"], "GmbH", "nothing written");
}

#[tokio::test]
async fn the_invoice_list_filters_by_status_client_and_date() {
    let t = app().await;
    let res = t.a("get", "/invoices", None).await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    let all = res.json()["data"].as_array().unwrap().len();
    assert!(all >= 1);
    let client = t.client.id.to_string();
    let res = t
        .a(
            "get",
            &format!("/invoices?client_id={client}&status=sent&from=2000-01-01"),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    for d in res.json()["data"].as_array().unwrap() {
        assert_eq!(d["client_id"], client.as_str());
        assert_eq!(d["status"], "sent");
        assert_eq!(d["kind"], "invoice");
    }
    let res = t.a("get", "/invoices?status=approved", None).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.fields(), vec!["status"]);
    let res = t.a("get", "/invoices?status=bogus", None).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_payment_is_refunded_and_the_balance_is_due_again() {
    let t = app().await;
    let path = format!("/invoices/{}/payments", t.invoice.id);
    let res = t
        .a(
            "post",
            &path,
            Some(json!({ "amount": "100.00", "method": "bank_transfer" })),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{:?}", res.json());
    let payment = res.json()["payment"]["id"].as_str().unwrap().to_owned();
    let balance_paid: rust_decimal::Decimal = res.json()["invoice"]["balance"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let refunds = format!("/payments/{payment}/refunds");
    // Bad input and too much: refused, nothing recorded.
    let res = t
        .a("post", &refunds, Some(json!({ "amount": "abc" })))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.fields(), vec!["amount"]);
    let res = t
        .a("post", &refunds, Some(json!({ "amount": "100.01" })))
        .await;
    assert!(res.status.is_client_error(), "{:?}", res.json());
    let res = t
        .a(
            "post",
            &refunds,
            Some(
                json!({ "amount": "40.00", "reason": "Rabatt nachträglich", "reference": "RF-1" }),
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{:?}", res.json());
    assert_eq!(res.json()["refund"]["amount"], "40.00");
    let balance: rust_decimal::Decimal = res.json()["invoice"]["balance"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(balance - balance_paid, rust_decimal::Decimal::new(4000, 2));
    // The same reference again: recorded once.
    let res = t
        .a(
            "post",
            &refunds,
            Some(json!({ "amount": "40.00", "reference": "RF-1" })),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json()["already_recorded"], true);
    let res = t
        .a(
            "post",
            &format!("/payments/{}/refunds", uuid::Uuid::now_v7()),
            Some(json!({ "amount": "1.00" })),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}
