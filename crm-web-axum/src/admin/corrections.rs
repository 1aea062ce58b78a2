//! Corrections on the invoice page: cancel an issued invoice by a cancellation invoice, issue
//! a corrective credit, list both with their PDFs, and the amount to refund.

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use crm_core::domain::{
    Correction, CorrectionId, Invoice, InvoiceId, InvoiceStatus, LineItemInput, Locale, Unit,
};
use crm_core::render::format as core_format;
use crm_core::service::{CancelInput, CreditInput, Error as CoreError};
use rust_decimal::Decimal;

use super::auth::Staff;
use super::clients::parse_uuid;
use super::documents::{PaymentForm, SelectOption, invoice_page_with, invoice_url, pdf_response};
use super::form::{Errors, Field, FormData, parse_decimal};
use super::view::{money, t};
use super::{AResult, AdminApp, see_other};
use crate::html::format;

pub(super) fn routes() -> Router<AdminApp> {
    Router::new()
        .route("/invoices/{id}/cancel", post(cancel_invoice))
        .route("/invoices/{id}/credit", post(credit_invoice))
        .route("/corrections/{id}/pdf", get(correction_pdf))
        .route("/corrections/{id}/einvoice", get(correction_einvoice))
}

/// One correction of the invoice.
pub(super) struct CorrectionRow {
    pub(super) kind: String,
    pub(super) number: String,
    pub(super) date: String,
    pub(super) amount: String,
    pub(super) refund_due: Option<String>,
    pub(super) reason: Option<String>,
    pub(super) pdf: String,
    /// Its e-invoice XML.
    pub(super) xml: String,
}

/// The credit form as typed.
#[derive(Debug, Clone, Default)]
pub(super) struct CreditForm {
    description: String,
    quantity: String,
    unit: String,
    unit_price: String,
    tax_rate: String,
    reason: String,
    send: bool,
    errors: Errors,
}

/// The credit form's fields.
pub(super) struct CreditFields {
    pub(super) description: Field,
    pub(super) quantity: Field,
    /// The unit's Rec. 20 code, and the units to choose from.
    pub(super) unit: Field,
    pub(super) units: Vec<SelectOption>,
    pub(super) unit_price: Field,
    pub(super) rates: Vec<SelectOption>,
    pub(super) reason: Field,
    pub(super) send: bool,
    pub(super) errors: Vec<super::form::FieldError>,
}

/// What the invoice page shows of corrections.
pub(super) struct CorrectionsView {
    pub(super) rows: Vec<CorrectionRow>,
    /// Σ credits, when there are any.
    pub(super) credited: Option<String>,
    /// Money to pay back, when there is any.
    pub(super) refund_due: Option<String>,
    /// The cancellation invoice's number and PDF.
    pub(super) cancelled_by: Option<(String, String)>,
    /// An issued invoice that may still be cancelled by a cancellation invoice.
    pub(super) can_cancel_issued: bool,
    /// An issued invoice that may still be credited.
    pub(super) can_credit: bool,
    pub(super) credit: CreditFields,
}

/// The rates a credit may use: the invoice's.
fn rate_options(inv: &Invoice, chosen: &str, locale: Locale) -> Vec<SelectOption> {
    let mut rates: Vec<Decimal> = inv.totals.taxes.iter().map(|t| t.rate.percent()).collect();
    rates.dedup();
    rates
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let value = r.normalize().to_string();
            SelectOption {
                selected: if chosen.is_empty() {
                    i == 0
                } else {
                    chosen == value
                },
                label: core_format::percent(r, locale),
                value,
            }
        })
        .collect()
}

/// The corrections part of the invoice page.
pub(super) fn view(
    app: &AdminApp,
    inv: &Invoice,
    corrections: &[Correction],
    form: &CreditForm,
    locale: Locale,
) -> CorrectionsView {
    let cur = inv.currency;
    let prefix = app.prefix();
    let pdf = |id: CorrectionId| format!("{prefix}/corrections/{}/pdf", id.as_uuid());
    let e = &form.errors;
    let correctable = matches!(
        inv.status,
        InvoiceStatus::Sent | InvoiceStatus::Partial | InvoiceStatus::Paid
    );
    CorrectionsView {
        rows: corrections
            .iter()
            .map(|c| CorrectionRow {
                kind: t(&format!("admin.kind.{}", c.kind.as_str()), locale),
                number: c.number.clone(),
                date: format::date(c.issue_date, locale),
                amount: money(c.totals.total, cur, locale),
                refund_due: (c.refund_due > Decimal::ZERO)
                    .then(|| money(c.refund_due, cur, locale)),
                reason: c.reason.clone(),
                pdf: pdf(c.id),
                xml: format!("{prefix}/corrections/{}/einvoice", c.id.as_uuid()),
            })
            .collect(),
        credited: (inv.credited > Decimal::ZERO).then(|| money(inv.credited, cur, locale)),
        refund_due: (inv.refund_due() > Decimal::ZERO)
            .then(|| money(inv.refund_due(), cur, locale)),
        cancelled_by: inv
            .cancelled_by
            .as_ref()
            .map(|c| (c.number.clone(), pdf(c.id))),
        can_cancel_issued: correctable,
        can_credit: correctable && inv.due_total() > Decimal::ZERO,
        credit: CreditFields {
            description: e.field("items[0].description", &form.description),
            quantity: e.field(
                "items[0].quantity",
                if form.quantity.is_empty() {
                    "1"
                } else {
                    &form.quantity
                },
            ),
            unit: e.field("items[0].unit", &form.unit),
            units: super::document_form::unit_options(&form.unit, locale),
            unit_price: e.field("items[0].unit_price", &form.unit_price),
            rates: rate_options(inv, &form.tax_rate, locale),
            reason: e.field("reason", &form.reason),
            send: form.send,
            errors: e.summary(),
        },
    }
}

/// `POST invoices/{id}/cancel`: a draft is marked cancelled; an issued invoice gets its
/// cancellation invoice (with the reason typed), emailed when asked.
async fn cancel_invoice(
    State(app): State<AdminApp>,
    staff: Staff,
    Path(id): Path<String>,
    form: FormData,
) -> AResult {
    let id = InvoiceId::from_uuid(parse_uuid(&id)?);
    let crm = &app.web.crm;
    let input = CancelInput {
        reason: form.opt("reason"),
    };
    let (_, correction) = crm.cancel_invoice_with(&staff.ctx, id, &input).await?;
    if let (true, Some(c)) = (form.has("send"), correction) {
        crm.send_correction(&staff.ctx, c.id).await?;
    }
    Ok(see_other(&invoice_url(&app, id, "cancelled")))
}

/// `POST invoices/{id}/credit`: one credited line (positive amounts at one of the
/// invoice's rates) and a reason; field errors re-render the page.
async fn credit_invoice(
    State(app): State<AdminApp>,
    staff: Staff,
    Path(id): Path<String>,
    form: FormData,
) -> AResult {
    let id = InvoiceId::from_uuid(parse_uuid(&id)?);
    let locale = staff.locale();
    let g = |k: &str| form.get(k).trim().to_owned();
    let mut typed = CreditForm {
        description: g("description"),
        quantity: g("quantity"),
        unit: g("unit"),
        unit_price: g("unit_price"),
        tax_rate: g("tax_rate"),
        reason: g("reason"),
        send: form.has("send"),
        errors: Errors::default(),
    };
    let quantity = parse_decimal(&typed.quantity, locale);
    let unit_price = parse_decimal(&typed.unit_price, locale);
    let rate = parse_decimal(&typed.tax_rate, Locale::En);
    for (field, value) in [
        ("items[0].quantity", quantity),
        ("items[0].unit_price", unit_price),
        ("items[0].tax_rate", rate),
    ] {
        if value.is_none() {
            typed.errors.push(field, t("admin.err.number", locale));
        }
    }
    // No choice is a count, as on lines from before units existed.
    let unit = match typed.unit.as_str() {
        "" => Ok(None),
        code => Unit::parse(code).map(Some),
    };
    if let Err(e) = &unit {
        typed.errors.push("items[0].unit", e.message(locale));
    }
    let (Some(quantity), Some(unit_price), Some(tax_rate), Ok(unit)) =
        (quantity, unit_price, rate, unit)
    else {
        return credit_form_again(&app, &staff, id, typed).await;
    };
    let input = CreditInput {
        items: vec![LineItemInput {
            description: typed.description.clone(),
            quantity,
            unit_price,
            tax_rate,
            unit,
            ..Default::default()
        }],
        reason: (!typed.reason.is_empty()).then(|| typed.reason.clone()),
    };
    let crm = &app.web.crm;
    typed.errors = match crm.credit_invoice(&staff.ctx, id, &input).await {
        Ok((_, c)) => {
            if typed.send {
                crm.send_correction(&staff.ctx, c.id).await?;
            }
            return Ok(see_other(&invoice_url(&app, id, "credited")));
        }
        Err(CoreError::Invalid(v)) => Errors::from_core(&v, locale),
        Err(CoreError::Invoice(e)) => {
            let mut errors = Errors::default();
            errors.push("items", e.to_string());
            errors
        }
        Err(e) => return Err(e.into()),
    };
    credit_form_again(&app, &staff, id, typed).await
}

/// The invoice page again with the credit form as typed and its errors (422).
async fn credit_form_again(
    app: &AdminApp,
    staff: &Staff,
    id: InvoiceId,
    typed: CreditForm,
) -> AResult {
    invoice_page_with(
        app,
        staff,
        id,
        PaymentForm::default(),
        &Errors::default(),
        typed,
    )
    .await
}

/// `GET corrections/{id}/einvoice`: the e-invoice XML, frozen with the PDF.
async fn correction_einvoice(
    State(app): State<AdminApp>,
    staff: Staff,
    Path(id): Path<String>,
) -> AResult {
    let id = CorrectionId::from_uuid(parse_uuid(&id)?);
    let (c, file) = app
        .web
        .crm
        .correction_einvoice(&staff.ctx, id)
        .await
        .map_err(|e| crate::error::WebError::from_core(e, staff.locale()))?;
    let name = crm_core::render::zip::sanitize_file_name(&format!(
        "{}.xml",
        crm_core::render::zip::correction_stem(&c)
    ));
    Ok(super::documents::xml_response(file.bytes, &name))
}

/// `GET corrections/{id}/pdf`: the frozen PDF.
async fn correction_pdf(
    State(app): State<AdminApp>,
    staff: Staff,
    Path(id): Path<String>,
) -> AResult {
    let id = CorrectionId::from_uuid(parse_uuid(&id)?);
    let crm = &app.web.crm;
    let c = crm.correction(&staff.ctx, id).await?;
    let pdf = crm.correction_pdf(&staff.ctx, id).await?;
    Ok(pdf_response(pdf.bytes, &c.number))
}
