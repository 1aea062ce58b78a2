//! The form of a new invoice or quote: line items as typed, rows added on request, field
//! errors in place.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use chrono::NaiveDate;
use crm_core::domain::{
    ClientId, InvoiceId, InvoiceStatus, LineItemInput, Locale, ServicePeriod, SupplyKind,
    TaxTreatment, Unit,
};
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
    /// `goods` or `service`.
    kind: Field,
    description: Field,
    quantity: Field,
    /// The unit's Rec. 20 code (`C62` when none was chosen).
    unit: Field,
    /// The units to choose from, this row's selected.
    units: Vec<SelectOption>,
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
    /// Invoices: the treatment's name, or empty for the proposal.
    treatment: Field,
    treatments: Vec<SelectOption>,
    norm: Field,
    service_from: Field,
    service_to: Field,
    issue_date: Field,
    /// Invoices in a foreign currency: euros per unit.
    eur_rate: Field,
    /// Editing an existing draft (the client stays).
    editing: bool,
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
    kind: String,
    description: String,
    quantity: String,
    unit: String,
    unit_price: String,
    tax_rate: String,
    discount: String,
}

/// What the document form shows.
#[derive(Default)]
struct DocForm {
    client: String,
    rows: Vec<RowText>,
    date: String,
    notes: String,
    terms: String,
    treatment: String,
    norm: String,
    service_from: String,
    service_to: String,
    issue_date: String,
    eur_rate: String,
}

fn blank_rows(n: usize) -> Vec<RowText> {
    (0..n)
        .map(|_| RowText {
            kind: "service".into(),
            quantity: "1".into(),
            unit: Unit::default().code().into(),
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
                kind: g("kind"),
                description: g("description"),
                quantity: g("quantity"),
                unit: g("unit"),
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
        treatment: form.get("treatment").trim().to_owned(),
        norm: form.get("norm").trim().to_owned(),
        service_from: form.get("service_from").trim().to_owned(),
        service_to: form.get("service_to").trim().to_owned(),
        issue_date: form.get("issue_date").trim().to_owned(),
        eur_rate: form.get("eur_rate").trim().to_owned(),
    }
}

/// The form of an existing draft invoice.
fn invoice_form(input: &InvoiceInput, locale: Locale) -> DocForm {
    // Plain digits with the locale's decimal mark: what `parse_decimal` reads back exactly.
    let n = |d: Decimal| {
        let text = d.normalize().to_string();
        match locale {
            Locale::De => text.replace('.', ","),
            Locale::En => text,
        }
    };
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let (treatment, norm) = match &input.treatment {
        Some(TaxTreatment::Exempt { norm }) => ("exempt".to_owned(), norm.clone()),
        Some(t) => (t.as_str().to_owned(), String::new()),
        None => (String::new(), String::new()),
    };
    DocForm {
        client: input.client_id.as_uuid().to_string(),
        rows: input
            .items
            .iter()
            .map(|i| RowText {
                kind: match i.kind.unwrap_or_default() {
                    SupplyKind::Goods => "goods".into(),
                    SupplyKind::Service => "service".into(),
                },
                description: i.description.clone(),
                quantity: n(i.quantity),
                unit: i.unit.unwrap_or_default().code().into(),
                unit_price: n(i.unit_price),
                tax_rate: n(i.tax_rate),
                discount: if i.discount.is_zero() {
                    String::new()
                } else {
                    n(i.discount)
                },
            })
            .collect(),
        date: date(input.due_date),
        notes: input.notes.clone().unwrap_or_default(),
        terms: input.terms.clone().unwrap_or_default(),
        treatment,
        norm,
        service_from: date(input.service_period.map(|p| p.from())),
        service_to: date(
            input
                .service_period
                .filter(|p| !p.is_single_date())
                .map(|p| p.to()),
        ),
        issue_date: date(input.issue_date),
        eur_rate: input.eur_rate.map(n).unwrap_or_default(),
    }
}

/// The invoice-only fields as the core's values.
struct InvoiceExtras {
    treatment: Option<TaxTreatment>,
    service_period: Option<ServicePeriod>,
    issue_date: Option<NaiveDate>,
    eur_rate: Option<Decimal>,
}

/// The invoice-only fields as the core's values; errors name the form's fields.
fn invoice_extras(doc: &DocForm, errors: &mut Errors, locale: Locale) -> InvoiceExtras {
    let treatment = if doc.treatment.is_empty() {
        None
    } else {
        match TaxTreatment::from_parts(&doc.treatment, Some(&doc.norm)) {
            Ok(t) => Some(t),
            Err(e) => {
                let field = if doc.treatment == "exempt" {
                    "norm"
                } else {
                    "treatment"
                };
                errors.push(field, e.message(locale));
                None
            }
        }
    };
    let from = parse_date(&doc.service_from, "service_from", errors, locale);
    let to = parse_date(&doc.service_to, "service_to", errors, locale);
    let period = match (from, to) {
        (Some(f), to) => match ServicePeriod::new(f, to.unwrap_or(f)) {
            Ok(p) => Some(p),
            Err(e) => {
                errors.push("service_to", e.message(locale));
                None
            }
        },
        (None, Some(_)) => {
            errors.push("service_from", t("admin.err.date", locale));
            None
        }
        (None, None) => None,
    };
    let issue_date = parse_date(&doc.issue_date, "issue_date", errors, locale);
    let eur_rate = if doc.eur_rate.is_empty() {
        None
    } else {
        let rate = parse_decimal(&doc.eur_rate, locale);
        if rate.is_none() {
            errors.push("eur_rate", t("admin.err.number", locale));
        }
        rate
    };
    InvoiceExtras {
        treatment,
        service_period: period,
        issue_date,
        eur_rate,
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
        // No choice (a form from before units existed) is a count; anything else must be a
        // code of the list.
        let unit = if r.unit.is_empty() {
            None
        } else {
            match Unit::parse(&r.unit) {
                Ok(u) => Some(u),
                Err(e) => {
                    errors.push(format!("items[{i}].unit"), e.message(locale));
                    None
                }
            }
        };
        out.push(LineItemInput {
            description: r.description.clone(),
            quantity,
            unit_price,
            tax_rate,
            discount,
            kind: match r.kind.as_str() {
                "goods" => Some(SupplyKind::Goods),
                _ => Some(SupplyKind::Service),
            },
            unit,
            ..Default::default()
        });
    }
    out
}

/// The units of a row's `<select>`, named in `locale`, `selected` (a code) chosen; an empty
/// choice is the default unit.
pub(super) fn unit_options(selected: &str, locale: Locale) -> Vec<SelectOption> {
    let selected = Unit::parse(selected).unwrap_or_default();
    Unit::ALL
        .iter()
        .map(|u| SelectOption {
            value: u.code().to_owned(),
            label: format!("{} ({})", t(u.name_key(), locale), u.code()),
            selected: *u == selected,
        })
        .collect()
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

/// The form page of a new invoice (`is_invoice`) or quote, or of the draft `editing`.
async fn doc_form_page(
    app: &AdminApp,
    staff: &Staff,
    is_invoice: bool,
    form: DocForm,
    errors: &Errors,
) -> AResult {
    doc_form_page_of(app, staff, is_invoice, None, form, errors).await
}

async fn doc_form_page_of(
    app: &AdminApp,
    staff: &Staff,
    is_invoice: bool,
    editing: Option<Uuid>,
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
    let locale = staff.locale();
    let rows: Vec<RowFields> = form
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let f = |k: &str, v: &str| errors.field(&format!("items[{i}].{k}"), v);
            RowFields {
                kind: f("kind", &r.kind),
                description: f("description", &r.description),
                quantity: f("quantity", &r.quantity),
                unit: f("unit", &r.unit),
                units: unit_options(&r.unit, locale),
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
    let title_key = match (editing.is_some(), is_invoice) {
        (true, true) => "admin.invoice.edit",
        (true, false) => "admin.quote.edit",
        (false, _) => title_key,
    };
    let treatments = std::iter::once(SelectOption {
        value: String::new(),
        label: t("admin.doc.treatment_proposed", locale).to_owned(),
        selected: form.treatment.is_empty(),
    })
    .chain(TaxTreatment::NAMES.iter().map(|name| SelectOption {
        value: (*name).to_owned(),
        label: t(&format!("treatment.name.{name}"), locale).to_owned(),
        selected: form.treatment == *name,
    }))
    .collect();
    let layout = layout(app, Base::of(staff, title_key, "clients"));
    let r = render(&DocumentFormPage {
        l: &layout,
        t: Tr(locale),
        is_invoice,
        action: match editing {
            Some(id) => format!("{}/{kind}s/{id}/edit", app.prefix()),
            None => format!("{}/{kind}s/new", app.prefix()),
        },
        treatment: errors.field("treatment", &form.treatment),
        treatments,
        norm: errors.field("norm", &form.norm),
        service_from: errors.field("service_from", &form.service_from),
        service_to: errors.field("service_to", &form.service_to),
        issue_date: errors.field("issue_date", &form.issue_date),
        eur_rate: errors.field("eur_rate", &form.eur_rate),
        editing: editing.is_some(),
        clients: options,
        client_error: errors.of("client"),
        rows,
        items_error: errors.of("items"),
        date: errors.field(date_field, &form.date),
        notes: errors.field("notes", &form.notes),
        terms: errors.field("terms", &form.terms),
        errors: errors.summary(),
        cancel: match (editing, form.client.is_empty()) {
            (Some(id), _) => format!("{}/{kind}s/{id}", app.prefix()),
            (None, true) => format!("{}/clients", app.prefix()),
            (None, false) => format!("{}/clients/{}", app.prefix(), form.client),
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
        ..DocForm::default()
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
    let extras = is_invoice.then(|| invoice_extras(&doc, &mut errors, locale));
    let (Some(client_id), true) = (client_id, errors.is_empty()) else {
        return doc_form_page(app, staff, is_invoice, doc, &errors).await;
    };
    let opt = |s: &str| (!s.trim().is_empty()).then(|| s.replace("\r\n", "\n"));
    let crm = &app.web.crm;
    let result = if is_invoice {
        let extras = extras.unwrap_or(InvoiceExtras {
            treatment: None,
            service_period: None,
            issue_date: None,
            eur_rate: None,
        });
        let input = InvoiceInput {
            client_id,
            items,
            due_date: date,
            notes: opt(&doc.notes),
            terms: opt(&doc.terms),
            treatment: extras.treatment,
            service_period: extras.service_period,
            issue_date: extras.issue_date,
            eur_rate: extras.eur_rate,
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

fn blank_kind(rows: &mut [RowText]) {
    for r in rows {
        if r.kind.is_empty() {
            r.kind = "service".into();
        }
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct IdPath {
    id: String,
}

/// The draft `id`, or 404 (and 409 for an issued invoice: only drafts are edited).
async fn draft(
    app: &AdminApp,
    staff: &Staff,
    id: &str,
) -> Result<crm_core::domain::Invoice, super::Fail> {
    let id = Uuid::parse_str(id).map_err(|_| super::Fail(crate::WebError::NotFound))?;
    let invoice = app
        .web
        .crm
        .invoice(&staff.ctx, InvoiceId::from_uuid(id))
        .await?;
    if invoice.status != InvoiceStatus::Draft {
        return Err(super::Fail(crate::WebError::Conflict));
    }
    Ok(invoice)
}

/// `GET invoices/{id}/edit`: the form of a draft.
pub(super) async fn edit_invoice(
    State(app): State<AdminApp>,
    staff: Staff,
    axum::extract::Path(p): axum::extract::Path<IdPath>,
) -> AResult {
    let invoice = draft(&app, &staff, &p.id).await?;
    let mut form = invoice_form(&InvoiceInput::of(&invoice), staff.locale());
    blank_kind(&mut form.rows);
    doc_form_page_of(
        &app,
        &staff,
        true,
        Some(invoice.id.as_uuid()),
        form,
        &Errors::default(),
    )
    .await
}

/// `POST invoices/{id}/edit`: saves the draft.
pub(super) async fn update_invoice(
    State(app): State<AdminApp>,
    staff: Staff,
    axum::extract::Path(p): axum::extract::Path<IdPath>,
    form: FormData,
) -> AResult {
    let invoice = draft(&app, &staff, &p.id).await?;
    let locale = staff.locale();
    let mut doc = read_form(&form, "due_date");
    doc.client = invoice.client_id.as_uuid().to_string();
    if form.get("action") == "add_row" {
        doc.rows.extend(blank_rows(1));
        blank_kind(&mut doc.rows);
        return doc_form_page_of(
            &app,
            &staff,
            true,
            Some(invoice.id.as_uuid()),
            doc,
            &Errors::default(),
        )
        .await;
    }
    let mut errors = Errors::default();
    let items = line_inputs(&doc.rows, &mut errors, locale);
    let due_date = parse_date(&doc.date, "due_date", &mut errors, locale);
    let extras = invoice_extras(&doc, &mut errors, locale);
    if !errors.is_empty() {
        return doc_form_page_of(&app, &staff, true, Some(invoice.id.as_uuid()), doc, &errors)
            .await;
    }
    let opt = |s: &str| (!s.trim().is_empty()).then(|| s.replace("\r\n", "\n"));
    let input = InvoiceInput {
        client_id: invoice.client_id,
        items,
        due_date,
        notes: opt(&doc.notes),
        terms: opt(&doc.terms),
        treatment: extras.treatment,
        service_period: extras.service_period,
        issue_date: extras.issue_date,
        eur_rate: extras.eur_rate,
    };
    match app
        .web
        .crm
        .update_invoice(&staff.ctx, invoice.id, &input)
        .await
    {
        Ok(i) => Ok(see_other(&format!(
            "{}/invoices/{}?done=saved",
            app.prefix(),
            i.id.as_uuid()
        ))),
        Err(CoreError::Invalid(v)) => {
            let errors = Errors::from_core(&v, locale);
            doc_form_page_of(&app, &staff, true, Some(invoice.id.as_uuid()), doc, &errors).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The draft quote `id`, or 404 (and 409 once sent: only drafts are edited).
async fn draft_quote(
    app: &AdminApp,
    staff: &Staff,
    id: &str,
) -> Result<crm_core::domain::Quote, super::Fail> {
    let id = Uuid::parse_str(id).map_err(|_| super::Fail(crate::WebError::NotFound))?;
    let quote = app
        .web
        .crm
        .quote(&staff.ctx, crm_core::domain::QuoteId::from_uuid(id))
        .await?;
    if quote.status != crm_core::domain::QuoteStatus::Draft {
        return Err(super::Fail(crate::WebError::Conflict));
    }
    Ok(quote)
}

/// The quote's form values (the invoice form's fields, the validity in the date field).
fn quote_form(q: &crm_core::domain::Quote, locale: Locale) -> DocForm {
    let mut form = invoice_form(
        &InvoiceInput {
            client_id: q.client_id,
            items: q
                .lines
                .iter()
                .map(crm_core::domain::LineItem::to_input)
                .collect(),
            due_date: q.valid_until,
            notes: q.notes.clone(),
            ..InvoiceInput::default()
        },
        locale,
    );
    form.treatment = String::new();
    form
}

/// `GET quotes/{id}/edit`: the form of a draft quote.
pub(super) async fn edit_quote(
    State(app): State<AdminApp>,
    staff: Staff,
    axum::extract::Path(p): axum::extract::Path<IdPath>,
) -> AResult {
    let quote = draft_quote(&app, &staff, &p.id).await?;
    let mut form = quote_form(&quote, staff.locale());
    blank_kind(&mut form.rows);
    let id = Some(quote.id.as_uuid());
    doc_form_page_of(&app, &staff, false, id, form, &Errors::default()).await
}

/// `POST quotes/{id}/edit`: saves the draft quote.
pub(super) async fn update_quote(
    State(app): State<AdminApp>,
    staff: Staff,
    axum::extract::Path(p): axum::extract::Path<IdPath>,
    form: FormData,
) -> AResult {
    let quote = draft_quote(&app, &staff, &p.id).await?;
    let locale = staff.locale();
    let id = Some(quote.id.as_uuid());
    let mut doc = read_form(&form, "valid_until");
    doc.client = quote.client_id.as_uuid().to_string();
    if form.get("action") == "add_row" {
        doc.rows.extend(blank_rows(1));
        blank_kind(&mut doc.rows);
        return doc_form_page_of(&app, &staff, false, id, doc, &Errors::default()).await;
    }
    let mut errors = Errors::default();
    let items = line_inputs(&doc.rows, &mut errors, locale);
    let valid_until = parse_date(&doc.date, "valid_until", &mut errors, locale);
    if !errors.is_empty() {
        return doc_form_page_of(&app, &staff, false, id, doc, &errors).await;
    }
    let input = crm_core::service::QuoteInput {
        client_id: quote.client_id,
        items,
        valid_until,
        notes: (!doc.notes.trim().is_empty()).then(|| doc.notes.replace("\r\n", "\n")),
    };
    match app.web.crm.update_quote(&staff.ctx, quote.id, &input).await {
        Ok(q) => Ok(see_other(&format!(
            "{}/quotes/{}?done=saved",
            app.prefix(),
            q.id.as_uuid()
        ))),
        Err(CoreError::Invalid(v)) => {
            let errors = Errors::from_core(&v, locale);
            doc_form_page_of(&app, &staff, false, id, doc, &errors).await
        }
        Err(e) => Err(e.into()),
    }
}
