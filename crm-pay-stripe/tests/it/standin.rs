//! A local stand-in for Stripe on loopback: records every request, answers the API endpoints
//! we use (create and retrieve a Checkout Session, create a Refund — honouring
//! `Idempotency-Key` and refusing more than is left to refund) with Stripe-shaped objects, and
//! serves a hosted "checkout page" whose "Pay" link returns to the session's `success_url`
//! (the portal's browser test includes this file too).
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// One request as the stand-in received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub headers: HashMap<String, String>,
    /// The form body, decoded.
    pub form: HashMap<String, String>,
}

#[derive(Default)]
pub struct State {
    pub requests: Vec<Recorded>,
    /// Metadata of the created session, echoed on retrieval.
    pub metadata: HashMap<String, String>,
    /// `client_reference_id` of the created session, echoed on retrieval.
    pub client_reference_id: Option<String>,
    pub amount_total: i64,
    pub currency: String,
    /// payment_status returned on retrieval.
    pub retrieve_status: String,
    /// `status` returned on retrieval; by default `complete` when paid, else `open`.
    pub retrieve_session_status: Option<String>,
    /// `success_url` of the created session.
    pub success_url: String,
    /// Base URL of the stand-in.
    pub base: String,
    /// What each payment intent captured (minor units): what can be refunded.
    pub captured: HashMap<String, i64>,
    /// Refunded so far per payment intent.
    pub refunded: HashMap<String, i64>,
    /// Refund objects by idempotency key (the same key answers the same refund).
    pub refunds: HashMap<String, String>,
}

/// A complete Refund object as `POST /v1/refunds` returns it.
fn refund_object(
    n: usize,
    intent: &str,
    amount: i64,
    currency: &str,
    metadata: &HashMap<String, String>,
) -> String {
    serde_json::json!({
        "id": format!("re_3Standin{n:04}"),
        "object": "refund",
        "amount": amount,
        "balance_transaction": format!("txn_3Standin{n:04}"),
        "charge": "ch_3Standin",
        "created": 1_764_241_200,
        "currency": currency,
        "description": null,
        "destination_details": {
            "card": {
                "reference": null,
                "reference_status": "pending",
                "reference_type": "acquirer_reference_number",
                "type": "refund"
            },
            "type": "card"
        },
        "metadata": metadata,
        "payment_intent": intent,
        "reason": null,
        "receipt_number": null,
        "source_transfer_reversal": null,
        "status": "succeeded",
        "transfer_reversal": null
    })
    .to_string()
}

pub struct StandIn {
    pub base: String,
    pub state: Arc<Mutex<State>>,
}

fn decode(s: &str) -> String {
    let bytes = s.replace('+', " ");
    let b = bytes.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(h) = bytes
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(h);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn session(state: &State, status: &str) -> String {
    serde_json::json!({
        "id": "cs_test_a1b2c3",
        "object": "checkout.session",
        "amount_subtotal": state.amount_total,
        "amount_total": state.amount_total,
        "automatic_tax": {"enabled": false, "liability": null, "provider": null, "status": null},
        "client_reference_id": state.client_reference_id,
        "created": 1_764_230_400,
        "currency": state.currency,
        "custom_fields": [],
        "custom_text": {"after_submit": null, "shipping_address": null, "submit": null, "terms_of_service_acceptance": null},
        "expires_at": 1_764_316_800,
        "livemode": false,
        "metadata": state.metadata,
        "mode": "payment",
        "payment_intent": if status == "paid" { serde_json::json!("pi_3Standin") } else { serde_json::Value::Null },
        "payment_method_types": ["card", "sepa_debit"],
        "payment_status": status,
        "shipping_options": [],
        "status": state.retrieve_session_status.clone().unwrap_or_else(|| {
            if status == "paid" { "complete" } else { "open" }.to_owned()
        }),
        "url": format!("{}checkout/cs_test_a1b2c3", state.base)
    })
    .to_string()
}

impl StandIn {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}/", listener.local_addr().expect("addr"));
        let state = Arc::new(Mutex::new(State {
            retrieve_status: "paid".into(),
            base: base.clone(),
            ..State::default()
        }));
        let shared = state.clone();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let state = shared.clone();
                tokio::spawn(async move {
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 8192];
                    // Read the head, then as much body as Content-Length says.
                    let (head_end, length) = loop {
                        let Ok(n) = socket.read(&mut chunk).await else {
                            return;
                        };
                        if n == 0 {
                            return;
                        }
                        buf.extend_from_slice(&chunk[..n]);
                        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                            let head = String::from_utf8_lossy(&buf[..pos]).to_lowercase();
                            let len = head
                                .lines()
                                .find_map(|l| {
                                    l.strip_prefix("content-length:")
                                        .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                                })
                                .unwrap_or(0);
                            break (pos + 4, len);
                        }
                    };
                    while buf.len() < head_end + length {
                        let Ok(n) = socket.read(&mut chunk).await else {
                            return;
                        };
                        if n == 0 {
                            break;
                        }
                        buf.extend_from_slice(&chunk[..n]);
                    }
                    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
                    let body = String::from_utf8_lossy(&buf[head_end..]).into_owned();
                    let mut lines = head.lines();
                    let mut first = lines.next().unwrap_or_default().split_whitespace();
                    let method = first.next().unwrap_or_default().to_owned();
                    let path = first.next().unwrap_or_default().to_owned();
                    let headers: HashMap<String, String> = lines
                        .filter_map(|l| l.split_once(':'))
                        .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_owned()))
                        .collect();
                    let form: HashMap<String, String> = body
                        .split('&')
                        .filter(|p| !p.is_empty())
                        .filter_map(|p| p.split_once('='))
                        .map(|(k, v)| (decode(k), decode(v)))
                        .collect();
                    let response = {
                        let mut s = state.lock().expect("state");
                        s.requests.push(Recorded {
                            method: method.clone(),
                            path: path.clone(),
                            headers,
                            form: form.clone(),
                        });
                        if method == "POST" && path.starts_with("/v1/checkout/sessions") {
                            s.metadata = form
                                .iter()
                                .filter_map(|(k, v)| {
                                    k.strip_prefix("metadata[")
                                        .and_then(|k| k.strip_suffix(']'))
                                        .map(|k| (k.to_owned(), v.clone()))
                                })
                                .collect();
                            s.amount_total = form
                                .get("line_items[0][price_data][unit_amount]")
                                .and_then(|v| v.parse().ok())
                                .unwrap_or(0);
                            s.success_url = form.get("success_url").cloned().unwrap_or_default();
                            s.client_reference_id = form.get("client_reference_id").cloned();
                            s.currency = form
                                .get("line_items[0][price_data][currency]")
                                .cloned()
                                .unwrap_or_default();
                            (200, session(&s, "unpaid"))
                        } else if method == "GET" && path.starts_with("/checkout/") {
                            let back = s
                                .success_url
                                .replace("{CHECKOUT_SESSION_ID}", "cs_test_a1b2c3");
                            (
                                200,
                                format!(
                                    "<!doctype html><html><head><title>Checkout (stand-in)</title></head><body><h1>Stripe Checkout stand-in</h1><p>{} {}</p><a id=\"pay\" href=\"{back}\">Pay</a></body></html>",
                                    s.amount_total, s.currency
                                ),
                            )
                        } else if method == "POST" && path.starts_with("/v1/refunds") {
                            let key = s
                                .requests
                                .last()
                                .and_then(|r| r.headers.get("idempotency-key").cloned())
                                .unwrap_or_default();
                            let intent = form.get("payment_intent").cloned().unwrap_or_default();
                            let amount: i64 =
                                form.get("amount").and_then(|a| a.parse().ok()).unwrap_or(0);
                            if let Some(same) = s.refunds.get(&key).filter(|_| !key.is_empty()) {
                                (200, same.clone())
                            } else if let Some(&captured) = s.captured.get(&intent) {
                                let done = s.refunded.get(&intent).copied().unwrap_or(0);
                                if amount <= 0 || done + amount > captured {
                                    (400, serde_json::json!({"error": {
                                        "code": "amount_too_large",
                                        "doc_url": "https://stripe.com/docs/error-codes/amount-too-large",
                                        "message": format!("Refund amount ({amount}) is greater than unrefunded amount on charge ({})", captured - done),
                                        "param": "amount",
                                        "type": "invalid_request_error"
                                    }}).to_string())
                                } else {
                                    *s.refunded.entry(intent.clone()).or_default() += amount;
                                    let metadata: HashMap<String, String> = form
                                        .iter()
                                        .filter_map(|(k, v)| {
                                            k.strip_prefix("metadata[")
                                                .and_then(|k| k.strip_suffix(']'))
                                                .map(|k| (k.to_owned(), v.clone()))
                                        })
                                        .collect();
                                    let n = s.refunds.len() + 1;
                                    let body = refund_object(n, &intent, amount, "eur", &metadata);
                                    s.refunds.insert(key, body.clone());
                                    (200, body)
                                }
                            } else {
                                (
                                    404,
                                    serde_json::json!({"error": {
                                        "code": "resource_missing",
                                        "message": format!("No such payment_intent: '{intent}'"),
                                        "param": "payment_intent",
                                        "type": "invalid_request_error"
                                    }})
                                    .to_string(),
                                )
                            }
                        } else if method == "GET" && path.starts_with("/v1/checkout/sessions/") {
                            let status = s.retrieve_status.clone();
                            (200, session(&s, &status))
                        } else {
                            (404, r#"{"error":{"type":"invalid_request_error","message":"unknown path"}}"#.to_owned())
                        }
                    };
                    let kind = if response.1.starts_with("<!doctype") {
                        "text/html"
                    } else {
                        "application/json"
                    };
                    let reply = format!(
                        "HTTP/1.1 {} OK\r\ncontent-type: {kind}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{}",
                        response.0,
                        response.1.len(),
                        response.1
                    );
                    let _ = socket.write_all(reply.as_bytes()).await;
                    let _ = socket.shutdown().await;
                });
            }
        });
        Self { base, state }
    }
}
