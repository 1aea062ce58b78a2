//! The form of a new invoice or quote: line items as typed, rows added on request, field
//! errors in place.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use chrono::NaiveDate;
use crm_core::domain::{ClientId, LineItemInput, Locale};
use crm_core::ports::ClientQuery;
use crm_core::service::{Error as CoreError, InvoiceInput, QuoteInput};
use rust_decimal::Decimal;
use serde::Deserialize;
use uuid::Uuid;

use super::auth::Staff;
use super::documents::SelectOption;
use super::form::{Errors, Field, FieldError, FormData, parse_decimal};
use super::view::{AdminLayout, Base, layout, render, t, with_status};
use super::{AResult, AdminApp, see_other};
use crate::html::Tr;

/// A line row's inputs.
struct RowFields {
    description: Field,
    quantity: Field,
    unit_price: Field,
    tax_rate: Field,
    discount: Field,
    error: Option<String>,
}

/// `GET invoices/new`, `GET quotes/new` (and the form again with its errors).
#[derive(Template)]
#[template(path = "admin/document_form.html")]
struct DocumentFormPage<'a> {
    l: &'a AdminLayout,
    t: Tr,
    is_invoice: bool,
    action: String,
    clients: Vec<SelectOption>,
    client_error: Option<String>,
    rows: Vec<RowFields>,
    items_error: Option<String>,
    date: Field,
    notes: Field,
    terms: Field,
    errors: Vec<FieldError>,
    cancel: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct NewQuery {
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
            ..Default::default()
        });
    }
    out
}

pub(super) fn parse_date(
    text: &str,
    field: &str,
    errors: &mut Errors,
    locale: Locale,
) -> Option<NaiveDate> {
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
    let options: Vec<SelectOption> = clients
        .iter()
        .map(|c| {
            let id = c.client.id.as_uuid().to_string();
            SelectOption {
                selected: id == form.client,
                value: id,
                label: format!("{} · {}", c.client.number, c.client.name),
            }
        })
        .collect();
    let rows: Vec<RowFields> = form
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let f = |k: &str, v: &str| errors.field(&format!("items[{i}].{k}"), v);
            RowFields {
                description: f("description", &r.description),
                quantity: f("quantity", &r.quantity),
                unit_price: f("unit_price", &r.unit_price),
                tax_rate: f("tax_rate", &r.tax_rate),
                discount: f("discount", &r.discount),
                error: errors.of(&format!("items[{i}]")),
            }
        })
        .collect();
    let (kind, title_key, date_field) = if is_invoice {
        ("invoice", "admin.invoice.new", "due_date")
    } else {
        ("quote", "admin.quote.new", "valid_until")
    };
    let layout = layout(app, Base::of(staff, title_key, "clients"));
    let r = render(&DocumentFormPage {
        l: &layout,
        t: Tr(staff.locale()),
        is_invoice,
        action: format!("{}/{kind}s/new", app.prefix()),
        clients: options,
        client_error: errors.of("client"),
        rows,
        items_error: errors.of("items"),
        date: errors.field(date_field, &form.date),
        notes: errors.field("notes", &form.notes),
        terms: errors.field("terms", &form.terms),
        errors: errors.summary(),
        cancel: if form.client.is_empty() {
            format!("{}/clients", app.prefix())
        } else {
            format!("{}/clients/{}", app.prefix(), form.client)
        },
    })?;
    Ok(if errors.is_empty() {
        r
    } else {
        with_status(r, StatusCode::UNPROCESSABLE_ENTITY)
    })
}

pub(super) async fn new_invoice(
    State(app): State<AdminApp>,
    staff: Staff,
    Query(q): Query<NewQuery>,
) -> AResult {
    new_doc(&app, &staff, true, q).await
}

pub(super) async fn new_quote(
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

pub(super) async fn create_invoice(
    State(app): State<AdminApp>,
    staff: Staff,
    form: FormData,
) -> AResult {
    create_doc(&app, &staff, true, &form).await
}

pub(super) async fn create_quote(
    State(app): State<AdminApp>,
    staff: Staff,
    form: FormData,
) -> AResult {
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
            ..Default::default()
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
