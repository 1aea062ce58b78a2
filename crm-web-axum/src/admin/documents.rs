//! Invoices and quotes: create with line items, issue, send, payments, cancel, PDF; send,
//! answer and convert quotes.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use crm_core::domain::{
    BillTo, Currency, EInvoiceFormat, InvoiceId, InvoiceStatus, LineItem, Locale, PaymentMethod,
    QuoteId, QuoteStatus, Totals,
};
use crm_core::render::format as core_format;
use crm_core::service::{Error as CoreError, PaymentInput};
use rust_decimal::Decimal;

use super::auth::Staff;
use super::clients::parse_uuid;
use super::document_form::{self, parse_date};
use super::form::{Errors, Field, FieldError, FormData, parse_decimal};
use super::view::{AdminLayout, Base, layout, money, render, status_class, t, with_status};
use super::{AResult, AdminApp, Fail, see_other};
use crate::WebError;
use crate::html::{Tr, format};

pub(super) fn routes() -> Router<AdminApp> {
    Router::new()
        .route(
            "/invoices/new",
            get(document_form::new_invoice).post(document_form::create_invoice),
        )
        .route("/invoices/{id}", get(show_invoice))
        .route(
            "/invoices/{id}/edit",
            get(document_form::edit_invoice).post(document_form::update_invoice),
        )
        .route("/invoices/{id}/pdf", get(invoice_pdf))
        .route("/invoices/{id}/einvoice", get(invoice_einvoice))
        .route("/invoices/{id}/issue", post(issue_invoice))
        .route("/invoices/{id}/send", post(send_invoice))
        .route("/invoices/{id}/reopen", post(reopen_invoice))
        .route("/invoices/{id}/payments", post(record_payment))
        .route("/payments/{id}/refund", post(refund_payment))
        .route(
            "/quotes/new",
            get(document_form::new_quote).post(document_form::create_quote),
        )
        .route("/quotes/{id}", get(show_quote))
        .route(
            "/quotes/{id}/edit",
            get(document_form::edit_quote).post(document_form::update_quote),
        )
        .route("/quotes/{id}/pdf", get(quote_pdf))
        .route("/quotes/{id}/send", post(send_quote))
        .route("/quotes/{id}/approve", post(approve_quote))
        .route("/quotes/{id}/reject", post(reject_quote))
        .route("/quotes/{id}/convert", post(convert_quote))
}

/// A line item as shown.
struct LineRow {
    description: String,
    quantity: String,
    unit_price: String,
    tax_rate: String,
    discount: Option<String>,
    net: String,
}

/// A tax total as shown.
struct TaxRow {
    rate: String,
    amount: String,
}

/// Lines and totals of a document (`admin/lines.html`).
struct DocLines {
    lines: Vec<LineRow>,
    net: String,
    taxes: Vec<TaxRow>,
    total: String,
}

/// Lines and totals for the document pages.
fn doc_lines(lines: &[LineItem], totals: &Totals, currency: Currency, locale: Locale) -> DocLines {
    DocLines {
        lines: lines
            .iter()
            .map(|l| LineRow {
                description: l.description().to_owned(),
                quantity: core_format::quantity(l.quantity(), l.unit(), locale),
                unit_price: core_format::unit_price(l.unit_price(), currency, locale),
                tax_rate: core_format::percent(l.tax_rate().percent(), locale),
                discount: (!l.discount().is_zero()).then(|| money(l.discount(), currency, locale)),
                net: money(l.net(), currency, locale),
            })
            .collect(),
        net: money(totals.net, currency, locale),
        taxes: totals
            .taxes
            .iter()
            .map(|x| TaxRow {
                rate: if x.treatment.charges_vat() {
                    core_format::percent(x.rate.percent(), locale)
                } else {
                    // A zero-VAT treatment names itself ("0 % · Reverse charge").
                    format!(
                        "{} · {}",
                        core_format::percent(x.rate.percent(), locale),
                        t(x.treatment.short_label_key(), locale)
                    )
                },
                amount: money(x.tax, currency, locale),
            })
            .collect(),
        total: money(totals.total, currency, locale),
    }
}

/// A recorded payment.
struct PaymentRow {
    date: String,
    amount: String,
    method: &'static str,
    reference: Option<String>,
    refunded: Option<String>,
    /// Where a refund of it is posted, while something can still be refunded.
    refund_action: Option<String>,
    /// What can still be refunded, as typed into the form.
    refundable: String,
    /// A card payment the configured gateway took: it can refund it itself.
    via_gateway: bool,
}

/// An option of a select.
pub(super) struct SelectOption {
    pub(super) value: String,
    pub(super) label: String,
    pub(super) selected: bool,
}

/// The payment form.
struct PayFields {
    amount: Field,
    amount_hint: String,
    date: Field,
    reference: Field,
    send_receipt: bool,
    methods: Vec<SelectOption>,
    method_error: Option<String>,
}

/// `GET invoices/{id}`.
#[derive(Template)]
#[template(path = "admin/invoice.html")]
struct InvoicePage<'a> {
    l: &'a AdminLayout,
    t: Tr,
    base: String,
    number: String,
    status: String,
    status_class: &'static str,
    client_name: String,
    client_href: String,
    issued: String,
    due: String,
    bill_to: Option<String>,
    doc: DocLines,
    /// A foreign-currency invoice's VAT in euros: the label with the rate, and the amount.
    vat_in_eur: Option<(String, String)>,
    paid: String,
    payments: Vec<PaymentRow>,
    balance: String,
    /// Open dunning fees, open interest and everything owed, when fees or interest are open.
    costs: Option<(String, String, String)>,
    /// Paid towards dunning fees and interest (beside `paid`, the invoice itself), if any.
    costs_paid: Option<String>,
    notes: Option<String>,
    terms: Option<String>,
    viewed: Option<String>,
    /// The dunning level it reached and when ("First reminder on …"), if any.
    dunning: Option<String>,
    /// Whether staff may send, skip or waive by hand: open and overdue / dunned, not waived.
    can_remind: bool,
    can_waive: bool,
    /// SHA-256 of the PDF frozen at issue.
    pdf_sha256: Option<String>,
    /// The e-invoice format it was issued in (issued invoices).
    einvoice: Option<String>,
    /// Why an issued invoice has no e-invoice XML, when its client should get one.
    einvoice_missing: Option<String>,
    /// Whether the e-invoice XML can be downloaded.
    has_einvoice: bool,
    can_issue: bool,
    can_send: bool,
    can_cancel: bool,
    can_reopen: bool,
    corrections: super::corrections::CorrectionsView,
    can_pay: bool,
    pay: PayFields,
    errors: Vec<FieldError>,
}

/// `GET quotes/{id}`.
#[derive(Template)]
#[template(path = "admin/quote.html")]
struct QuotePage<'a> {
    l: &'a AdminLayout,
    t: Tr,
    base: String,
    number: String,
    status: String,
    status_class: &'static str,
    client_name: String,
    client_href: String,
    issued: String,
    valid_until: String,
    bill_to: Option<String>,
    doc: DocLines,
    notes: Option<String>,
    rejection_reason: Option<String>,
    invoice_href: Option<String>,
    can_edit: bool,
    can_send: bool,
    can_answer: bool,
    can_convert: bool,
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
pub(super) struct PaymentForm {
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
    invoice_page_with(app, staff, id, pay, errors, Default::default()).await
}

/// The invoice page with the payment form and the credit form as typed (422 when either
/// has errors).
pub(super) async fn invoice_page_with(
    app: &AdminApp,
    staff: &Staff,
    id: InvoiceId,
    pay: PaymentForm,
    errors: &Errors,
    credit: super::corrections::CreditForm,
) -> AResult {
    let locale = staff.locale();
    let crm = &app.web.crm;
    let inv = crm.invoice(&staff.ctx, id).await?;
    let corrections = crm.corrections_of_invoice(&staff.ctx, id).await?;
    let corrections = super::corrections::view(app, &inv, &corrections, &credit, locale);
    let credit_failed = !corrections.credit.errors.is_empty();
    let client = crm.client(&staff.ctx, inv.client_id).await?;
    let payments: Vec<PaymentRow> = crm
        .invoice_payments(&staff.ctx, id)
        .await?
        .iter()
        .map(|p| PaymentRow {
            date: format::date(p.date, locale),
            amount: money(p.amount, p.currency, locale),
            method: p.method.label(locale),
            reference: p.reference.clone(),
            refunded: (!p.refunded.is_zero()).then(|| money(p.refunded, p.currency, locale)),
            refund_action: (p.refundable() > Decimal::ZERO)
                .then(|| format!("{}/payments/{}/refund", app.prefix(), p.id.as_uuid())),
            refundable: match locale {
                Locale::De => p.refundable().to_string().replace('.', ","),
                Locale::En => p.refundable().to_string(),
            },
            via_gateway: app.web.gateway.is_some()
                && p.method == PaymentMethod::Card
                && p.reference.is_some(),
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
    let methods: Vec<SelectOption> = PaymentMethod::ALL
        .iter()
        .map(|m| SelectOption {
            value: m.as_str().to_owned(),
            label: m.label(locale).to_owned(),
            selected: if pay.method.is_empty() {
                *m == PaymentMethod::BankTransfer
            } else {
                pay.method == m.as_str()
            },
        })
        .collect();
    // The format frozen at issue; for a client who should get an e-invoice, why there is
    // none (a foreign-currency invoice without its euro rate, say).
    let format = inv
        .bill_to
        .as_ref()
        .filter(|_| inv.status != InvoiceStatus::Draft)
        .and_then(|b| b.einvoice_format);
    let has_einvoice = crm.invoice_has_einvoice(&inv).await?;
    let einvoice_missing = match format {
        // Why not, from the mapping alone (nothing is read or written for it).
        Some(f) if f != EInvoiceFormat::Plain && !has_einvoice => {
            crm_core::render::einvoice::invoice_xml(&inv, f, &Default::default())
                .err()
                .map(|e| e.message(locale))
        }
        _ => None,
    };
    let mut layout = layout(app, Base::of(staff, "admin.kind.invoice", "clients"));
    layout.title = format!(
        "{} {}",
        t("admin.kind.invoice", locale),
        inv.number.clone().unwrap_or_default()
    );
    let r = render(&InvoicePage {
        l: &layout,
        t: Tr(locale),
        base: format!("{prefix}/invoices/{}", id.as_uuid()),
        number: inv
            .number
            .clone()
            .unwrap_or_else(|| t("admin.doc.draft_number", locale)),
        status: format::status(status_name, locale),
        status_class: status_class(status_name),
        client_name: client.name.clone(),
        client_href: format!("{prefix}/clients/{}", client.id.as_uuid()),
        issued: format::opt_date(inv.issue_date, locale),
        due: format::opt_date(inv.due_date, locale),
        bill_to: bill_to_text(&inv.bill_to),
        doc: doc_lines(&inv.lines, &inv.totals, cur, locale),
        vat_in_eur: inv
            .eur_rate
            .filter(|_| !inv.totals.tax.is_zero())
            .map(|r| core_format::vat_in_eur(r, inv.totals.tax, cur, locale)),
        paid: money(inv.amount_paid, cur, locale),
        payments,
        balance: money(inv.balance, cur, locale),
        costs_paid: (!inv.costs().paid().is_zero()).then(|| money(inv.costs().paid(), cur, locale)),
        costs: (inv.costs_open() > Decimal::ZERO).then(|| {
            let c = inv.costs();
            (
                money(c.fees_open(), cur, locale),
                money(c.interest_open(), cur, locale),
                money(inv.amount_due(), cur, locale),
            )
        }),
        notes: inv.notes.clone(),
        terms: inv.terms.clone(),
        viewed: inv.viewed_at.map(|v| super::clients::date_time(v, locale)),
        dunning: inv
            .dunning
            .as_ref()
            .map(|m| super::dunning::reached(m, locale)),
        pdf_sha256: crm
            .invoice_file(&staff.ctx, id)
            .await?
            .map(|f| f.sha256.to_hex()),
        einvoice: format.map(|f| t(&format!("einvoice.format.{}", f.as_str()), locale)),
        einvoice_missing,
        has_einvoice,
        can_issue: inv.status == InvoiceStatus::Draft,
        can_send: matches!(
            inv.status,
            InvoiceStatus::Draft | InvoiceStatus::Sent | InvoiceStatus::Partial
        ),
        can_cancel: inv.status == InvoiceStatus::Draft,
        can_reopen: inv.status == InvoiceStatus::Processing,
        can_remind: inv.is_overdue(app.web.crm.clock().today()),
        can_waive: matches!(inv.status, InvoiceStatus::Sent | InvoiceStatus::Partial)
            && inv.dunning.is_some_and(|m| !m.waived),
        corrections,
        can_pay: open && inv.amount_due() > Decimal::ZERO,
        pay: PayFields {
            amount: errors.field(
                "amount",
                if pay.amount.is_empty() && open {
                    ""
                } else {
                    &pay.amount
                },
            ),
            amount_hint: money(inv.amount_due(), cur, locale),
            date: errors.field("date", &pay.date),
            reference: errors.field("reference", &pay.reference),
            send_receipt: pay.send_receipt,
            methods,
            method_error: errors.of("method"),
        },
        errors: errors.summary(),
    })?;
    Ok(if errors.is_empty() && !credit_failed {
        r
    } else {
        with_status(r, StatusCode::UNPROCESSABLE_ENTITY)
    })
}

pub(super) fn invoice_url(app: &AdminApp, id: InvoiceId, done: &str) -> String {
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
    match app.web.crm.issue_invoice(&staff.ctx, id).await {
        Ok(_) => Ok(see_other(&invoice_url(&app, id, "issued"))),
        // The checks before issue: shown on the invoice page, each saying what to fix.
        Err(CoreError::Invalid(v)) => {
            let errors = Errors::from_core(&v, staff.locale());
            invoice_page(&app, &staff, id, PaymentForm::default(), &errors).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn send_invoice(
    State(app): State<AdminApp>,
    staff: Staff,
    Path(id): Path<String>,
) -> AResult {
    let id = InvoiceId::from_uuid(parse_uuid(&id)?);
    match app.web.crm.send_invoice(&staff.ctx, id).await {
        Ok(_) => Ok(see_other(&invoice_url(&app, id, "sent"))),
        // The checks before issue: shown on the invoice page, each saying what to fix.
        Err(CoreError::Invalid(v)) => {
            let errors = Errors::from_core(&v, staff.locale());
            invoice_page(&app, &staff, id, PaymentForm::default(), &errors).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn reopen_invoice(
    State(app): State<AdminApp>,
    staff: Staff,
    Path(id): Path<String>,
) -> AResult {
    let id = InvoiceId::from_uuid(parse_uuid(&id)?);
    app.web.crm.reopen_invoice(&staff.ctx, id).await?;
    Ok(see_other(&invoice_url(&app, id, "reopened")))
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

/// `POST payments/{id}/refund`: staff record money sent back (e.g. by bank transfer); the
/// invoice's balance is due again.
async fn refund_payment(
    State(app): State<AdminApp>,
    staff: Staff,
    Path(id): Path<String>,
    form: FormData,
) -> AResult {
    let payment_id = crm_core::domain::PaymentId::from_uuid(parse_uuid(&id)?);
    let locale = staff.locale();
    let mut errors = Errors::default();
    let amount = parse_decimal(form.get("amount").trim(), locale);
    if amount.is_none() {
        errors.push("amount", t("admin.err.number", locale));
    }
    let reason = form.opt("reason");
    let invoice = app
        .web
        .crm
        .payment(&staff.ctx, payment_id)
        .await?
        .invoice_id;
    let Some(amount) = amount else {
        return invoice_page(&app, &staff, invoice, PaymentForm::default(), &errors).await;
    };
    let input = crm_core::service::RefundInput {
        amount,
        date: None,
        reason,
        reference: None,
    };
    let result = match (form.get("via"), app.web.gateway.as_deref()) {
        ("gateway", Some(gateway)) => {
            app.web
                .crm
                .refund_through_gateway(&staff.ctx, gateway, payment_id, &input)
                .await
        }
        _ => {
            app.web
                .crm
                .refund_payment(&staff.ctx, payment_id, &input)
                .await
        }
    };
    match result {
        Ok(_) => Ok(see_other(&invoice_url(&app, invoice, "refunded"))),
        Err(CoreError::Invalid(v)) => {
            let errors = Errors::from_core(&v, locale);
            invoice_page(&app, &staff, invoice, PaymentForm::default(), &errors).await
        }
        Err(CoreError::Invoice(e)) => {
            errors.push("amount", e.to_string());
            invoice_page(&app, &staff, invoice, PaymentForm::default(), &errors).await
        }
        Err(CoreError::Payment(e)) => {
            // The provider refused (or could not be reached): its reason at the form.
            errors.push("amount", e.to_string());
            invoice_page(&app, &staff, invoice, PaymentForm::default(), &errors).await
        }
        Err(e) => Err(e.into()),
    }
}

/// A PDF response.
pub(super) fn pdf_response(bytes: Vec<u8>, name: &str) -> axum::response::Response {
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
    let name = inv.number.clone().unwrap_or_else(|| "draft".into());
    // An issued invoice's frozen bytes; a draft rendered now (off the async workers).
    let pdf = crm.invoice_pdf(&staff.ctx, id).await?;
    Ok(pdf_response(pdf.bytes, &name))
}

/// `GET invoices/{id}/einvoice`: the issued invoice's e-invoice XML, frozen with its PDF.
async fn invoice_einvoice(
    State(app): State<AdminApp>,
    staff: Staff,
    Path(id): Path<String>,
) -> AResult {
    let id = InvoiceId::from_uuid(parse_uuid(&id)?);
    let crm = &app.web.crm;
    let inv = crm.invoice(&staff.ctx, id).await?;
    let file = crm
        .invoice_einvoice(&staff.ctx, id)
        .await
        .map_err(|e| crate::error::WebError::from_core(e, staff.locale()))?;
    // Named in the client's language, as in the portal, the ZIP and the email.
    let locale = inv
        .bill_to
        .as_ref()
        .and_then(|b| b.locale)
        .unwrap_or(staff.locale());
    let name = crm_core::render::zip::invoice_xml_entry_name(&inv, locale);
    Ok(xml_response(file.bytes, &name))
}

/// An e-invoice XML download named `name`.
pub(super) fn xml_response(bytes: Vec<u8>, name: &str) -> axum::response::Response {
    let disposition = crate::security::content_disposition("attachment", name);
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/xml"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
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
    let mut layout = layout(&app, Base::of(&staff, "admin.kind.quote", "clients"));
    layout.title = format!(
        "{} {}",
        t("admin.kind.quote", locale),
        q.number.clone().unwrap_or_default()
    );
    render(&QuotePage {
        l: &layout,
        t: Tr(locale),
        base: format!("{prefix}/quotes/{}", id.as_uuid()),
        number: q
            .number
            .clone()
            .unwrap_or_else(|| t("admin.doc.draft_number", locale)),
        status: format::status(label_key, locale),
        status_class: status_class(status_name),
        client_name: client.name.clone(),
        client_href: format!("{prefix}/clients/{}", client.id.as_uuid()),
        issued: format::opt_date(q.issue_date, locale),
        valid_until: format::opt_date(q.valid_until, locale),
        bill_to: bill_to_text(&q.bill_to),
        doc: doc_lines(&q.lines, &q.totals, q.currency, locale),
        notes: q.notes.clone(),
        rejection_reason: q.rejection_reason.clone(),
        invoice_href: q
            .invoice_id
            .map(|i| format!("{prefix}/invoices/{}", i.as_uuid())),
        can_edit: q.status == QuoteStatus::Draft,
        can_send: q.status == QuoteStatus::Draft,
        can_answer: q.status == QuoteStatus::Sent && !q.is_expired(today),
        can_convert: q.status == QuoteStatus::Approved && q.invoice_id.is_none(),
    })
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
    let logo = crm.logo(&staff.ctx).await?;
    let renderer = app.web.renderer.clone();
    let name = q.number.clone().unwrap_or_else(|| "draft".into());
    let bytes = tokio::task::spawn_blocking(move || {
        renderer.quote_with_logo(&company, &client, &q, logo.as_ref())
    })
    .await
    .map_err(|e| Fail(WebError::Internal(e.to_string())))?
    .map_err(|e| Fail(WebError::Internal(e.to_string())))?;
    Ok(pdf_response(bytes, &name))
}
