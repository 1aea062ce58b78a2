//! Stripe event objects (as JSON) → domain [`PaymentEvent`]s. Parsed by hand with serde_json
//! so an API version that adds fields never breaks us; only the fields used are read.

use crm_core::domain::{CompanyId, Currency, InvoiceId};
use crm_core::ports::{CheckoutRef, GatewayError, PaymentEvent};
use rust_decimal::Decimal;
use serde_json::Value;

fn malformed(what: &str) -> GatewayError {
    GatewayError::Malformed(what.to_owned())
}

/// Stripe amounts are integers in Stripe's unit of the currency ([`crate::amounts`]).
pub(crate) fn amount(minor: i64, currency: Currency) -> Decimal {
    crate::amounts::from_stripe(minor, currency)
}

pub(crate) fn currency(code: &str) -> Result<Currency, GatewayError> {
    Currency::parse(code).map_err(|_| malformed("currency"))
}

/// The company and invoice a checkout session was created for (our metadata), if it is ours.
pub(crate) fn ours(metadata: Option<&Value>) -> Option<(CompanyId, InvoiceId)> {
    let m = metadata?;
    let company = m.get("company_id")?.as_str()?.parse().ok()?;
    let invoice = m.get("invoice_id")?.as_str()?.parse().ok()?;
    Some((company, invoice))
}

/// The session as the core checks it: its id and the client it names (metadata and
/// `client_reference_id`), compared with the invoice's client there.
fn checkout_ref(session: &Value) -> Result<CheckoutRef, GatewayError> {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    Ok(CheckoutRef {
        session_id: text(session.get("id")).ok_or_else(|| malformed("session id"))?,
        client_id: text(session.get("metadata").and_then(|m| m.get("client_id"))),
        client_reference: text(session.get("client_reference_id")),
    })
}

/// An id that may be expanded into an object.
fn id_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("id")?.as_str().map(str::to_owned),
        _ => None,
    }
}

/// A checkout session object → Paid / Processing / Expired / Ignored.
pub(crate) fn session_event(
    session: &Value,
    event_id: Option<String>,
    livemode: bool,
    completed_async: bool,
) -> Result<PaymentEvent, GatewayError> {
    let ignored = |event_id: Option<String>| PaymentEvent::Ignored {
        event_id: event_id.unwrap_or_default(),
    };
    let Some((company_id, invoice_id)) = ours(session.get("metadata")) else {
        return Ok(ignored(event_id));
    };
    let checkout = checkout_ref(session)?;
    // Only a completed session paid or will pay: an `open` one (the client came back to the
    // return page without paying, or called it by hand) records nothing; an `expired` one
    // reopens the invoice if it was that session that put it into `processing`.
    match session.get("status").and_then(Value::as_str) {
        Some("complete") | None => {}
        Some("expired") => {
            return Ok(PaymentEvent::Expired {
                event_id,
                livemode,
                company_id,
                invoice_id,
                checkout,
            });
        }
        Some(_) => return Ok(ignored(event_id)),
    }
    let status = session
        .get("payment_status")
        .and_then(Value::as_str)
        .unwrap_or("");
    match (status, completed_async) {
        ("paid", _) | (_, true) => {
            let cur = currency(
                session
                    .get("currency")
                    .and_then(Value::as_str)
                    .ok_or_else(|| malformed("currency"))?,
            )?;
            let total = session
                .get("amount_total")
                .and_then(Value::as_i64)
                .ok_or_else(|| malformed("amount_total"))?;
            let reference =
                id_of(session.get("payment_intent")).unwrap_or_else(|| checkout.session_id.clone());
            Ok(PaymentEvent::Paid {
                event_id,
                livemode,
                company_id,
                invoice_id,
                amount: amount(total, cur),
                currency: cur,
                reference,
                checkout,
            })
        }
        ("unpaid", false) => Ok(PaymentEvent::Processing {
            event_id,
            livemode,
            company_id,
            invoice_id,
            checkout,
        }),
        _ => Ok(ignored(event_id)),
    }
}

/// A verified Stripe event (the whole JSON body) → domain event.
pub fn translate(event: &Value) -> Result<PaymentEvent, GatewayError> {
    let id = event
        .get("id")
        .and_then(Value::as_str)
        .ok_or_else(|| malformed("id"))?
        .to_owned();
    let livemode = event
        .get("livemode")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let kind = event.get("type").and_then(Value::as_str).unwrap_or("");
    let object = event
        .get("data")
        .and_then(|d| d.get("object"))
        .ok_or_else(|| malformed("data.object"))?;
    match kind {
        "checkout.session.completed" => session_event(object, Some(id), livemode, false),
        "checkout.session.async_payment_succeeded" => {
            session_event(object, Some(id), livemode, true)
        }
        "checkout.session.expired" => session_event(object, Some(id), livemode, false),
        "checkout.session.async_payment_failed" => match ours(object.get("metadata")) {
            Some((company_id, invoice_id)) => Ok(PaymentEvent::Failed {
                event_id: id,
                livemode,
                company_id,
                invoice_id,
                checkout: checkout_ref(object)?,
            }),
            None => Ok(PaymentEvent::Ignored { event_id: id }),
        },
        "charge.refunded" => {
            let Some(payment_reference) = id_of(object.get("payment_intent")) else {
                return Ok(PaymentEvent::Ignored { event_id: id });
            };
            let cur = currency(
                object
                    .get("currency")
                    .and_then(Value::as_str)
                    .ok_or_else(|| malformed("currency"))?,
            )?;
            let refunded = object
                .get("amount_refunded")
                .and_then(Value::as_i64)
                .ok_or_else(|| malformed("amount_refunded"))?;
            Ok(PaymentEvent::Refunded {
                event_id: id,
                livemode,
                // Charges carry the payment intent's metadata: the company is enough here.
                company_id: object
                    .get("metadata")
                    .and_then(|m| m.get("company_id"))
                    .and_then(Value::as_str)
                    .and_then(|c| c.parse().ok()),
                payment_reference,
                refunded_total: amount(refunded, cur),
                currency: cur,
            })
        }
        _ => Ok(PaymentEvent::Ignored { event_id: id }),
    }
}
