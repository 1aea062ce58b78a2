//! Invoices and quotes: create with line items, issue, send, payments, cancel, PDF; send,
//! answer and convert quotes.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use chrono::NaiveDate;
use crm_core::domain::{
    BillTo, ClientId, Currency, InvoiceId, InvoiceStatus, LineItem, LineItemInput, Locale,
    PaymentMethod, QuoteId, QuoteStatus, Totals,
};
use crm_core::ports::ClientQuery;
use crm_core::render::format as core_format;
use crm_core::service::{Error as CoreError, InvoiceInput, PaymentInput, QuoteInput};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::auth::Staff;
use super::clients::parse_uuid;
use super::form::{Errors, FormData, parse_decimal};
use super::view::{Base, money, render_page, status_class, t, with_status};
use super::{AResult, AdminApp, Fail, see_other};
use crate::WebError;
use crate::html::format;

pub(super) fn routes() -> Router<AdminApp> {
    Router::new()
        .route("/invoices/new", get(new_invoice).post(create_invoice))
        .route("/invoices/{id}", get(show_invoice))
        .route("/invoices/{id}/pdf", get(invoice_pdf))
        .route("/invoices/{id}/issue", post(issue_invoice))
        .route("/invoices/{id}/send", post(send_invoice))
        .route("/invoices/{id}/cancel", post(cancel_invoice))
        .route("/invoices/{id}/payments", post(record_payment))
        .route("/quotes/new", get(new_quote).post(create_quote))
        .route("/quotes/{id}", get(show_quote))
        .route("/quotes/{id}/pdf", get(quote_pdf))
        .route("/quotes/{id}/send", post(send_quote))
        .route("/quotes/{id}/approve", post(approve_quote))
        .route("/quotes/{id}/reject", post(reject_quote))
        .route("/quotes/{id}/convert", post(convert_quote))
}

#[derive(Debug, Deserialize)]
struct NewQuery {
    #[serde(default)]
    client: Option<String>,
}

/// A line row as typed.
#[derive(Debug, Clone, Default)]
struct RowText {
    description: String,
    quantity: String,
    unit_price: String,
    tax_rate: String,
    discount: String,
}

/// What the document form shows.
struct DocForm {
    client: String,
    rows: Vec<RowText>,
    date: String,
    notes: String,
    terms: String,
}

fn blank_rows(n: usize) -> Vec<RowText> {
    (0..n)
        .map(|_| RowText {
            quantity: "1".into(),
            ..RowText::default()
        })
        .collect()
}

fn read_form(form: &FormData, date_field: &str) -> DocForm {
    let rows = form
        .rows("items")
        .into_iter()
        .map(|(_, r)| {
            let g = |k: &str| r.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
            RowText {
                description: g("description"),
                quantity: g("quantity"),
                unit_price: g("unit_price"),
                tax_rate: g("tax_rate"),
                discount: g("discount"),
            }
        })
        // A row with nothing but the prefilled quantity is an unused row.
        .filter(|r| {
            !(r.description.is_empty()
                && r.unit_price.is_empty()
                && r.tax_rate.is_empty()
                && r.discount.is_empty())
        })
        .collect();
    DocForm {
        client: form.get("client").trim().to_owned(),
        rows,
        date: form.get(date_field).trim().to_owned(),
        notes: form.get("notes").to_owned(),
        terms: form.get("terms").to_owned(),
    }
}

/// The typed rows as the core's input; numbers that do not parse become field errors.
fn line_inputs(rows: &[RowText], errors: &mut Errors, locale: Locale) -> Vec<LineItemInput> {
    let mut out = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let mut num = |field: &str, text: &str, default: Option<Decimal>| -> Decimal {
            if text.is_empty()
                && let Some(d) = default
            {
                return d;
            }
            parse_decimal(text, locale).unwrap_or_else(|| {
                errors.push(format!("items[{i}].{field}"), t("admin.err.number", locale));
                Decimal::ZERO
            })
        };
        let quantity = num("quantity", &r.quantity, Some(Decimal::ONE));
        let unit_price = num("unit_price", &r.unit_price, None);
        let tax_rate = num("tax_rate", &r.tax_rate, Some(Decimal::ZERO));
        let discount = num("discount", &r.discount, Some(Decimal::ZERO));
        out.push(LineItemInput {
            description: r.description.clone(),
            quantity,
            unit_price,
            tax_rate,
            discount,
        });
    }
    out
}

fn parse_date(text: &str, field: &str, errors: &mut Errors, locale: Locale) -> Option<NaiveDate> {
    if text.is_empty() {
        return None;
    }
    let parsed = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d.%m.%Y"));
    match parsed {
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(field, t("admin.err.date", locale));
            None
        }
    }
}

/// The form page of a new invoice (`is_invoice`) or quote.
async fn doc_form_page(
    app: &AdminApp,
    staff: &Staff,
    is_invoice: bool,
    form: DocForm,
    errors: &Errors,
) -> AResult {
    let clients = app
        .web
        .crm
        .list_clients(
            &staff.ctx,
            ClientQuery {
                limit: 200,
                ..ClientQuery::default()
            },
        )
        .await?;
    let options: Vec<Value> = clients
        .iter()
        .map(|c| {
            let id = c.client.id.as_uuid().to_string();
            json!({
                "selected": id == form.client,
                "value": id,
                "label": format!("{} · {}", c.client.number, c.client.name),
            })
        })
        .collect();
    let rows: Vec<Value> = form
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let f = |k: &str, v: &str| errors.field(&format!("items[{i}].{k}"), v);
            json!({
                "index": i,
                "description": f("description", &r.description),
                "quantity": f("quantity", &r.quantity),
                "unit_price": f("unit_price", &r.unit_price),
                "tax_rate": f("tax_rate", &r.tax_rate),
                "discount": f("discount", &r.discount),
                "error": errors.of(&format!("items[{i}]")),
            })
        })
        .collect();
    let (kind, title_key, date_field) = if is_invoice {
        ("invoice", "admin.invoice.new", "due_date")
    } else {
        ("quote", "admin.quote.new", "valid_until")
    };
    let data = json!({
        "is_invoice": is_invoice,
        "action": format!("{}/{kind}s/new", app.prefix()),
        "clients": options,
        "client_error": errors.of("client"),
        "rows": rows,
        "items_error": errors.of("items"),
        "date": errors.field(date_field, &form.date),
        "notes": errors.field("notes", &form.notes),
        "terms": errors.field("terms", &form.terms),
        "errors": errors.summary(),
        "cancel": if form.client.is_empty() {
            format!("{}/clients", app.prefix())
        } else {
            format!("{}/clients/{}", app.prefix(), form.client)
        },
    });
    let r = render_page(
        app,
        Base::of(staff, title_key, "clients"),
        "admin/document_form",
        data,
    )?;
    Ok(if errors.is_empty() {
        r
    } else {
        with_status(r, StatusCode::UNPROCESSABLE_ENTITY)
    })
}

async fn new_invoice(
    State(app): State<AdminApp>,
    staff: Staff,
    Query(q): Query<NewQuery>,
) -> AResult {
    new_doc(&app, &staff, true, q).await
}

async fn new_quote(
    State(app): State<AdminApp>,
    staff: Staff,
    Query(q): Query<NewQuery>,
) -> AResult {
    new_doc(&app, &staff, false, q).await
}

async fn new_doc(app: &AdminApp, staff: &Staff, is_invoice: bool, q: NewQuery) -> AResult {
    let form = DocForm {
        client: q.client.unwrap_or_default(),
        rows: blank_rows(3),
        date: String::new(),
        notes: String::new(),
        terms: String::new(),
    };
    doc_form_page(app, staff, is_invoice, form, &Errors::default()).await
}

async fn create_invoice(State(app): State<AdminApp>, staff: Staff, form: FormData) -> AResult {
    create_doc(&app, &staff, true, &form).await
}

async fn create_quote(State(app): State<AdminApp>, staff: Staff, form: FormData) -> AResult {
    create_doc(&app, &staff, false, &form).await
}

async fn create_doc(app: &AdminApp, staff: &Staff, is_invoice: bool, form: &FormData) -> AResult {
    let locale = staff.locale();
    let date_field = if is_invoice {
        "due_date"
    } else {
        "valid_until"
    };
    let mut doc = read_form(form, date_field);
    if form.get("action") == "add_row" {
        doc.rows.extend(blank_rows(1));
        return doc_form_page(app, staff, is_invoice, doc, &Errors::default()).await;
    }
    let mut errors = Errors::default();
    let client_id = match Uuid::parse_str(&doc.client) {
        Ok(u) => Some(ClientId::from_uuid(u)),
        Err(_) => {
            errors.push("client", t("admin.err.client", locale));
            None
        }
    };
    let items = line_inputs(&doc.rows, &mut errors, locale);
    let date = parse_date(&doc.date, date_field, &mut errors, locale);
    let (Some(client_id), true) = (client_id, errors.is_empty()) else {
        return doc_form_page(app, staff, is_invoice, doc, &errors).await;
    };
    let opt = |s: &str| (!s.trim().is_empty()).then(|| s.replace("\r\n", "\n"));
    let crm = &app.web.crm;
    let result = if is_invoice {
        let input = InvoiceInput {
            client_id,
            items,
            due_date: date,
            notes: opt(&doc.notes),
            terms: opt(&doc.terms),
        };
        crm.create_invoice(&staff.ctx, &input)
            .await
            .map(|i| format!("{}/invoices/{}?done=created", app.prefix(), i.id.as_uuid()))
    } else {
        let input = QuoteInput {
            client_id,
            items,
            valid_until: date,
            notes: opt(&doc.notes),
        };
        crm.create_quote(&staff.ctx, &input)
            .await
            .map(|q| format!("{}/quotes/{}?done=created", app.prefix(), q.id.as_uuid()))
    };
    match result {
        Ok(url) => Ok(see_other(&url)),
        Err(CoreError::Invalid(v)) => {
            let errors = Errors::from_core(&v, locale);
            doc_form_page(app, staff, is_invoice, doc, &errors).await
        }
        Err(CoreError::NotFound(_)) => {
            errors.push("client", t("admin.err.client", locale));
            doc_form_page(app, staff, is_invoice, doc, &errors).await
        }
        Err(CoreError::ClientArchived) => {
            errors.push("client", t("admin.err.archived", locale));
            doc_form_page(app, staff, is_invoice, doc, &errors).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Lines and totals for the document pages.
fn lines_json(lines: &[LineItem], totals: &Totals, currency: Currency, locale: Locale) -> Value {
    json!({
        "lines": lines.iter().map(|l| json!({
            "description": l.description(),
            "quantity": core_format::number(l.quantity().normalize(), l.quantity().normalize().scale(), locale),
            "unit_price": core_format::unit_price(l.unit_price(), currency, locale),
            "tax_rate": core_format::percent(l.tax_rate().percent(), locale),
            "discount": (!l.discount().is_zero()).then(|| money(l.discount(), currency, locale)),
            "net": money(l.net(), currency, locale),
        })).collect::<Vec<_>>(),
        "net": money(totals.net, currency, locale),
        "taxes": totals.taxes.iter().map(|x| json!({
            "rate": core_format::percent(x.rate.percent(), locale),
            "amount": money(x.tax, currency, locale),
        })).collect::<Vec<_>>(),
        "total": money(totals.total, currency, locale),
    })
}

fn bill_to_text(b: &Option<BillTo>) -> Option<String> {
    b.as_ref().map(|b| {
        let mut lines = vec![b.name.clone()];
        if let Some(c) = &b.contact_name {
            lines.push(c.clone());
        }
        lines.extend(b.address.lines());
        if let Some(t) = &b.tax_id {
            lines.push(t.as_str().to_owned());
        }
        lines.join("\n")
    })
}

/// The payment form's typed values.
#[derive(Default)]
struct PaymentForm {
    amount: String,
    date: String,
    method: String,
    reference: String,
    send_receipt: bool,
}

async fn show_invoice(
    State(app): State<AdminApp>,
    staff: Staff,
    Path(id): Path<String>,
) -> AResult {
    let id = InvoiceId::from_uuid(parse_uuid(&id)?);
    invoice_page(&app, &staff, id, PaymentForm::default(), &Errors::default()).await
}

async fn invoice_page(
    app: &AdminApp,
    staff: &Staff,
    id: InvoiceId,
    pay: PaymentForm,
    errors: &Errors,
) -> AResult {
    let locale = staff.locale();
    let crm = &app.web.crm;
    let inv = crm.invoice(&staff.ctx, id).await?;
    let client = crm.client(&staff.ctx, inv.client_id).await?;
    let payments: Vec<Value> = crm
        .invoice_payments(&staff.ctx, id)
        .await?
        .iter()
        .map(|p| {
            json!({
                "date": format::date(p.date, locale),
                "amount": money(p.amount, p.currency, locale),
                "method": p.method.label(locale),
                "reference": p.reference,
                "refunded": (!p.refunded.is_zero()).then(|| money(p.refunded, p.currency, locale)),
            })
        })
        .collect();
    let today = crm.clock().today();
    let shown = inv.display_status(today);
    let status_name = if inv.is_overdue(today) {
        "overdue"
    } else {
        inv.status.as_str()
    };
    let _ = shown;
    let cur = inv.currency;
    let prefix = app.prefix();
    let open = matches!(inv.status, InvoiceStatus::Sent | InvoiceStatus::Partial);
    let methods: Vec<Value> = PaymentMethod::ALL
        .iter()
        .map(|m| {
            json!({
                "value": m.as_str(),
                "label": m.label(locale),
                "selected": if pay.method.is_empty() {
                    *m == PaymentMethod::BankTransfer
                } else {
                    pay.method == m.as_str()
                },
            })
        })
        .collect();
    let data = json!({
        "title": format!("{} {}", t("admin.kind.invoice", locale), inv.number.clone().unwrap_or_default()),
        "id": id.as_uuid().to_string(),
        "base": format!("{prefix}/invoices/{}", id.as_uuid()),
        "number": inv.number.clone().unwrap_or_else(|| t("admin.doc.draft_number", locale)),
        "status": format::status(status_name, locale),
        "status_class": status_class(status_name),
        "client_name": client.name,
        "client_href": format!("{prefix}/clients/{}", client.id.as_uuid()),
        "issued": format::opt_date(inv.issue_date, locale),
        "due": format::opt_date(inv.due_date, locale),
        "bill_to": bill_to_text(&inv.bill_to),
        "doc": lines_json(&inv.lines, &inv.totals, cur, locale),
        "paid": money(inv.amount_paid, cur, locale),
        "payments": payments,
        "balance": money(inv.balance, cur, locale),
        "notes": inv.notes,
        "terms": inv.terms,
        "viewed": inv.viewed_at.map(|v| super::clients::date_time(v, locale)),
        "can_issue": inv.status == InvoiceStatus::Draft,
        "can_send": matches!(inv.status, InvoiceStatus::Draft | InvoiceStatus::Sent | InvoiceStatus::Partial),
        "can_cancel": matches!(inv.status, InvoiceStatus::Draft | InvoiceStatus::Sent) && inv.amount_paid.is_zero(),
        "can_pay": open && inv.balance > Decimal::ZERO,
        "pay": {
            "amount": errors.field("amount", if pay.amount.is_empty() && open { "" } else { &pay.amount }),
            "amount_hint": money(inv.balance, cur, locale),
            "date": errors.field("date", &pay.date),
            "reference": errors.field("reference", &pay.reference),
            "send_receipt": pay.send_receipt,
            "methods": methods,
            "method_error": errors.of("method"),
        },
        "errors": errors.summary(),
    });
    let r = render_page(
        app,
        Base::of(staff, "admin.kind.invoice", "clients"),
        "admin/invoice",
        data,
    )?;
    Ok(if errors.is_empty() {
        r
    } else {
        with_status(r, StatusCode::UNPROCESSABLE_ENTITY)
    })
}

fn invoice_url(app: &AdminApp, id: InvoiceId, done: &str) -> String {
    format!("{}/invoices/{}?done={done}", app.prefix(), id.as_uuid())
}

fn quote_url(app: &AdminApp, id: QuoteId, done: &str) -> String {
    format!("{}/quotes/{}?done={done}", app.prefix(), id.as_uuid())
}

async fn issue_invoice(
    State(app): State<AdminApp>,
    staff: Staff,
    Path(id): Path<String>,
) -> AResult {
    let id = InvoiceId::from_uuid(parse_uuid(&id)?);
    app.web.crm.issue_invoice(&staff.ctx, id).await?;
    Ok(see_other(&invoice_url(&app, id, "issued")))
}

async fn send_invoice(
    State(app): State<AdminApp>,
    staff: Staff,
    Path(id): Path<String>,
) -> AResult {
    let id = InvoiceId::from_uuid(parse_uuid(&id)?);
    app.web.crm.send_invoice(&staff.ctx, id).await?;
    Ok(see_other(&invoice_url(&app, id, "sent")))
}

async fn cancel_invoice(
    State(app): State<AdminApp>,
    staff: Staff,
    Path(id): Path<String>,
) -> AResult {
    let id = InvoiceId::from_uuid(parse_uuid(&id)?);
    app.web.crm.cancel_invoice(&staff.ctx, id).await?;
    Ok(see_other(&invoice_url(&app, id, "cancelled")))
}

async fn record_payment(
    State(app): State<AdminApp>,
    staff: Staff,
    Path(id): Path<String>,
    form: FormData,
) -> AResult {
    let id = InvoiceId::from_uuid(parse_uuid(&id)?);
    let locale = staff.locale();
    let pay = PaymentForm {
        amount: form.get("amount").trim().to_owned(),
        date: form.get("date").trim().to_owned(),
        method: form.get("method").trim().to_owned(),
        reference: form.get("reference").trim().to_owned(),
        send_receipt: form.has("send_receipt"),
    };
    let mut errors = Errors::default();
    let amount = parse_decimal(&pay.amount, locale);
    if amount.is_none() {
        errors.push("amount", t("admin.err.number", locale));
    }
    let date = parse_date(&pay.date, "date", &mut errors, locale);
    let method = match PaymentMethod::parse(&pay.method) {
        Ok(m) => Some(m),
        Err(e) => {
            errors.push("method", e.message(locale));
            None
        }
    };
    let (Some(amount), Some(method), true) = (amount, method, errors.is_empty()) else {
        return invoice_page(&app, &staff, id, pay, &errors).await;
    };
    let input = PaymentInput {
        amount,
        currency: None,
        date,
        method,
        reference: (!pay.reference.is_empty()).then(|| pay.reference.clone()),
        send_receipt: pay.send_receipt,
    };
    match app.web.crm.record_payment(&staff.ctx, id, &input).await {
        Ok(_) => Ok(see_other(&invoice_url(&app, id, "paid"))),
        Err(CoreError::Invalid(v)) => {
            let errors = Errors::from_core(&v, locale);
            invoice_page(&app, &staff, id, pay, &errors).await
        }
        Err(CoreError::Invoice(_)) => {
            errors.push("amount", t("admin.payment.rejected", locale));
            invoice_page(&app, &staff, id, pay, &errors).await
        }
        Err(CoreError::ReferenceReused(_)) => {
            errors.push("reference", t("admin.payment.reference_used", locale));
            invoice_page(&app, &staff, id, pay, &errors).await
        }
        Err(e) => Err(e.into()),
    }
}

/// A PDF response.
fn pdf_response(bytes: Vec<u8>, name: &str) -> axum::response::Response {
    let disposition = crate::security::content_disposition("inline", &format!("{name}.pdf"));
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/pdf"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

async fn invoice_pdf(State(app): State<AdminApp>, staff: Staff, Path(id): Path<String>) -> AResult {
    let id = InvoiceId::from_uuid(parse_uuid(&id)?);
    let crm = &app.web.crm;
    let inv = crm.invoice(&staff.ctx, id).await?;
    let client = crm.client(&staff.ctx, inv.client_id).await?;
    let company = staff.company.clone();
    let renderer = app.web.renderer.clone();
    let name = inv.number.clone().unwrap_or_else(|| "draft".into());
    // Rendering is CPU work: keep it off the async workers.
    let bytes = tokio::task::spawn_blocking(move || renderer.invoice(&company, &client, &inv))
        .await
        .map_err(|e| Fail(WebError::Internal(e.to_string())))?
        .map_err(|e| Fail(WebError::Internal(e.to_string())))?;
    Ok(pdf_response(bytes, &name))
}

async fn show_quote(State(app): State<AdminApp>, staff: Staff, Path(id): Path<String>) -> AResult {
    let id = QuoteId::from_uuid(parse_uuid(&id)?);
    let locale = staff.locale();
    let crm = &app.web.crm;
    let q = crm.quote(&staff.ctx, id).await?;
    let client = crm.client(&staff.ctx, q.client_id).await?;
    let today = crm.clock().today();
    let status_name = if q.is_expired(today) {
        "expired"
    } else {
        q.status.as_str()
    };
    let label_key = if status_name == "sent" {
        "quote_sent"
    } else {
        status_name
    };
    let prefix = app.prefix();
    let data = json!({
        "title": format!("{} {}", t("admin.kind.quote", locale), q.number.clone().unwrap_or_default()),
        "base": format!("{prefix}/quotes/{}", id.as_uuid()),
        "number": q.number.clone().unwrap_or_else(|| t("admin.doc.draft_number", locale)),
        "status": format::status(label_key, locale),
        "status_class": status_class(status_name),
        "client_name": client.name,
        "client_href": format!("{prefix}/clients/{}", client.id.as_uuid()),
        "issued": format::opt_date(q.issue_date, locale),
        "valid_until": format::opt_date(q.valid_until, locale),
        "bill_to": bill_to_text(&q.bill_to),
        "doc": lines_json(&q.lines, &q.totals, q.currency, locale),
        "notes": q.notes,
        "rejection_reason": q.rejection_reason,
        "invoice_href": q.invoice_id.map(|i| format!("{prefix}/invoices/{}", i.as_uuid())),
        "can_send": q.status == QuoteStatus::Draft,
        "can_answer": q.status == QuoteStatus::Sent && !q.is_expired(today),
        "can_convert": q.status == QuoteStatus::Approved && q.invoice_id.is_none(),
    });
    render_page(
        &app,
        Base::of(&staff, "admin.kind.quote", "clients"),
        "admin/quote",
        data,
    )
}

async fn send_quote(State(app): State<AdminApp>, staff: Staff, Path(id): Path<String>) -> AResult {
    let id = QuoteId::from_uuid(parse_uuid(&id)?);
    app.web.crm.send_quote(&staff.ctx, id).await?;
    Ok(see_other(&quote_url(&app, id, "sent")))
}

async fn approve_quote(
    State(app): State<AdminApp>,
    staff: Staff,
    Path(id): Path<String>,
) -> AResult {
    let id = QuoteId::from_uuid(parse_uuid(&id)?);
    app.web.crm.approve_quote(&staff.ctx, id).await?;
    Ok(see_other(&quote_url(&app, id, "approved")))
}

async fn reject_quote(
    State(app): State<AdminApp>,
    staff: Staff,
    Path(id): Path<String>,
    form: FormData,
) -> AResult {
    let id = QuoteId::from_uuid(parse_uuid(&id)?);
    let reason = form.opt("reason");
    app.web
        .crm
        .reject_quote(&staff.ctx, id, reason.as_deref())
        .await?;
    Ok(see_other(&quote_url(&app, id, "rejected")))
}

async fn convert_quote(
    State(app): State<AdminApp>,
    staff: Staff,
    Path(id): Path<String>,
) -> AResult {
    let id = QuoteId::from_uuid(parse_uuid(&id)?);
    let invoice = app.web.crm.convert_quote(&staff.ctx, id).await?;
    Ok(see_other(&invoice_url(&app, invoice.id, "converted")))
}

async fn quote_pdf(State(app): State<AdminApp>, staff: Staff, Path(id): Path<String>) -> AResult {
    let id = QuoteId::from_uuid(parse_uuid(&id)?);
    let crm = &app.web.crm;
    let q = crm.quote(&staff.ctx, id).await?;
    let client = crm.client(&staff.ctx, q.client_id).await?;
    let company = staff.company.clone();
    let renderer = app.web.renderer.clone();
    let name = q.number.clone().unwrap_or_else(|| "draft".into());
    let bytes = tokio::task::spawn_blocking(move || renderer.quote(&company, &client, &q))
        .await
        .map_err(|e| Fail(WebError::Internal(e.to_string())))?
        .map_err(|e| Fail(WebError::Internal(e.to_string())))?;
    Ok(pdf_response(bytes, &name))
}
