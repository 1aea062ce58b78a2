//! Statement, invoices and quotes.

use std::str::FromStr;

use axum::extract::{Path, Query};
use axum::http::HeaderMap;
use axum::response::Response;
use bytes::Bytes;
use chrono::NaiveDate;
use crm_core::domain::{
    AgingBucket, BillTo, Company, DocumentHash, DocumentKind, DocumentSummary, HistoryFilter,
    InvoiceId, InvoiceStatus, LineItem, Locale, Logo, QuoteDisplayStatus, QuoteId, QuoteStatus,
    Totals,
};
use crm_core::render::format as core_format;
use crm_core::render::zip::invoice_entry_name;
use crm_core::service::{EventOutcome, summary_is_overdue};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::views::{
    AgingRow, CorrectionRow, DocRow, InvoicePage, InvoicesPage, LineRow, QuotePage, QuotesPage,
    StatementPage, TaxRow,
};
use super::{Fail, FormData, Portal, attachment, see_other};
use crate::error::WebError;
use crate::html::format::{count, date, money, opt_date, status as status_label};
use crate::html::i18n::text;
use crate::html::{Flash, Tr};
use crate::state::WebState;

/// Open invoices shown on the statement page.
const STATEMENT_OPEN: usize = 10;
/// Paid invoices shown on the statement page.
const STATEMENT_PAID: u32 = 5;
/// Rows per list page.
const LIST_PAGE: u32 = 50;

fn t(key: &str, locale: Locale) -> String {
    text(key, locale).unwrap_or_default().to_owned()
}

fn flash(kind: &'static str, text: String) -> Flash {
    Flash { kind, text }
}

/// CSS class of a status badge.
fn status_class(status: &str) -> &'static str {
    match status {
        "overdue" | "rejected" => "alert",
        "paid" | "approved" => "ok",
        "processing" | "waiting_on_client" => "warn",
        "cancelled" | "expired" | "closed" | "draft" => "muted",
        _ => "open",
    }
}

/// A list row of an invoice or quote summary.
fn summary_row(s: &DocumentSummary, today: NaiveDate, locale: Locale) -> DocRow {
    let status = match s.kind {
        DocumentKind::Invoice if summary_is_overdue(s, today) => "overdue".to_owned(),
        DocumentKind::Quote if s.status == "sent" && s.due_date.is_some_and(|d| d < today) => {
            "expired".to_owned()
        }
        DocumentKind::Quote if s.status == "sent" => "quote_sent".to_owned(),
        _ => s.status.clone(),
    };
    DocRow {
        id: s.id.to_string(),
        number: s.number.clone().unwrap_or_default(),
        issued: opt_date(s.issue_date, locale),
        due: opt_date(s.due_date, locale),
        total: money(s.total, s.currency, locale),
        balance: money(s.balance, s.currency, locale),
        status: status_label(&status, locale),
        status_class: status_class(if status == "quote_sent" {
            "sent"
        } else {
            &status
        }),
        overdue: status == "overdue",
    }
}

fn bank_details(state: &WebState, company: &Company) -> Option<String> {
    if state.gateway.is_some() {
        return None;
    }
    // The structured account first (what the GiroCode pays into), then the free text.
    let account = company.settings.bank_account.as_ref().map(|a| {
        let mut lines = vec![
            a.holder.clone().unwrap_or_else(|| company.name.clone()),
            format!("IBAN {}", a.iban),
        ];
        if let Some(bic) = &a.bic {
            lines.push(format!("BIC {}", bic.as_str()));
        }
        lines.extend(a.bank_name.clone());
        lines.join("\n")
    });
    let free = company
        .settings
        .bank_details
        .clone()
        .or_else(|| state.config.bank_details.clone());
    match (account, free) {
        (Some(a), Some(f)) => Some(format!("{a}\n{f}")),
        (a, f) => a.or(f),
    }
}

/// `GET /`: the statement.
pub(crate) async fn statement(portal: Portal) -> Result<Response, Fail> {
    let s = portal
        .state
        .crm
        .portal_statement(&portal.ctx, STATEMENT_OPEN, STATEMENT_PAID)
        .await
        .map_err(|e| portal.core(e, Locale::En))?;
    let l = s.client.locale;
    let c = s.currency;
    let open: Vec<DocRow> = s.open.iter().map(|o| summary_row(o, s.today, l)).collect();
    let paid: Vec<DocRow> = s.paid.iter().map(|o| summary_row(o, s.today, l)).collect();
    let total = s.aging.total();
    let aging: Vec<AgingRow> = AgingBucket::ALL
        .iter()
        .map(|b| {
            let amount = s.aging.get(*b);
            let percent = if total > Decimal::ZERO {
                // Bars in steps of 5 %, so a class per step covers them (no inline styles).
                let p = (amount * Decimal::from(20) / total).round() * Decimal::from(5);
                p.to_string().parse::<u32>().unwrap_or(0)
            } else {
                0
            };
            let key = match b {
                AgingBucket::Days0To30 => "aging.current",
                AgingBucket::Days31To60 => "aging.31_60",
                AgingBucket::Days61To90 => "aging.61_90",
                AgingBucket::Days91To120 => "aging.91_120",
                AgingBucket::Over120 => "aging.over_120",
            };
            AgingRow {
                label: t(key, l),
                amount: money(amount, c, l),
                percent,
                alert: *b != AgingBucket::Days0To30 && amount > Decimal::ZERO,
            }
        })
        .collect();
    let bank = (s.metrics.outstanding > Decimal::ZERO)
        .then(|| bank_details(&portal.state, &s.company))
        .flatten();
    let reminders = super::reminders::statement_rows(&portal, s.overdue_count, l).await?;
    let layout = portal.layout(t("statement.title", l), "statement", &s.company, l, None);
    let page = StatementPage {
        l: &layout,
        t: Tr(l),
        contact_name: s.contact_name,
        client_name: s.client.name,
        client_number: s.client.number.to_string(),
        today: date(s.today, l),
        outstanding: money(s.metrics.outstanding, c, l),
        costs: (s.metrics.costs_outstanding > Decimal::ZERO)
            .then(|| money(s.metrics.costs_outstanding, c, l)),
        overdue_total: money(s.overdue_total, c, l),
        overdue_count: s.overdue_count,
        overdue_note: count(s.overdue_count, "statement.overdue_invoices", l),
        total_invoiced: money(s.metrics.total_invoiced, c, l),
        total_paid: money(s.metrics.total_paid, c, l),
        bank_details: bank,
        open_more: s.open_count > open.len(),
        open,
        open_count: s.open_count,
        aging,
        paid,
        reminders,
    };
    portal.render(&page, l)
}

/// Renders a PDF on a blocking thread (rendering is CPU work).
async fn render_pdf(
    portal: &Portal,
    locale: Locale,
    f: impl FnOnce() -> Result<Vec<u8>, crm_core::ports::RenderError> + Send + 'static,
) -> Result<Vec<u8>, Fail> {
    match tokio::task::spawn_blocking(f).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(e)) => Err(portal.fail(WebError::Internal(e.to_string()), locale)),
        Err(e) => Err(portal.fail(WebError::Internal(e.to_string()), locale)),
    }
}

/// `GET /statement.pdf`.
pub(crate) async fn statement_pdf(portal: Portal) -> Result<Response, Fail> {
    let data = portal
        .state
        .crm
        .portal_statement_data(&portal.ctx, None)
        .await
        .map_err(|e| portal.core(e, Locale::En))?;
    let l = data.client.locale;
    let name =
        crate::html::i18n::text_args("file.statement", l, &[("date", data.to.to_string().into())]);
    let logo = company_logo(&portal, l).await?;
    let renderer = portal.state.renderer.clone();
    let pdf = render_pdf(&portal, l, move || {
        renderer.statement_with_logo(&data, logo.as_ref())
    })
    .await?;
    Ok(attachment("application/pdf", &name, pdf))
}

/// Query of the list pages.
#[derive(Debug, Deserialize)]
pub(crate) struct ListQuery {
    cursor: Option<String>,
}

/// `GET /invoices`.
pub(crate) async fn invoices(portal: Portal, Query(q): Query<ListQuery>) -> Result<Response, Fail> {
    document_list(portal, DocumentKind::Invoice, q).await
}

/// `GET /quotes`.
pub(crate) async fn quotes(portal: Portal, Query(q): Query<ListQuery>) -> Result<Response, Fail> {
    document_list(portal, DocumentKind::Quote, q).await
}

async fn document_list(portal: Portal, kind: DocumentKind, q: ListQuery) -> Result<Response, Fail> {
    let (company, client) = portal.parties().await?;
    let l = client.locale;
    let filter = HistoryFilter {
        kind: Some(kind),
        ..HistoryFilter::default()
    };
    let page = portal
        .state
        .crm
        .portal_documents(&portal.ctx, &filter, q.cursor.as_deref(), LIST_PAGE)
        .await
        .map_err(|e| portal.core(e, l))?;
    let today = portal.state.crm.clock().today();
    let rows: Vec<DocRow> = page
        .items
        .iter()
        .map(|s| summary_row(s, today, l))
        .collect();
    let (path, title) = match kind {
        DocumentKind::Quote => ("quotes", t("quotes.title", l)),
        _ => ("invoices", t("invoices.title", l)),
    };
    let p = super::prefix(&portal.state);
    let next = page
        .next
        .map(|c| format!("{p}/{path}?cursor={}", super::encode(&c)));
    let first = q.cursor.is_some().then(|| format!("{p}/{path}"));
    let layout = portal.layout(title, path, &company, l, None);
    match kind {
        DocumentKind::Invoice
        | DocumentKind::Cancellation
        | DocumentKind::Credit
        | DocumentKind::Reminder => {
            let page = InvoicesPage {
                l: &layout,
                t: Tr(l),
                rows,
                next,
                first,
            };
            portal.render(&page, l)
        }
        DocumentKind::Quote => {
            let page = QuotesPage {
                l: &layout,
                t: Tr(l),
                rows,
                next,
            };
            portal.render(&page, l)
        }
    }
}

fn line_rows(lines: &[LineItem], currency: crm_core::domain::Currency, l: Locale) -> Vec<LineRow> {
    lines
        .iter()
        .map(|line| LineRow {
            description: line.description().to_owned(),
            quantity: core_format::quantity(line.quantity(), line.unit(), l),
            unit_price: core_format::unit_price(line.unit_price(), currency, l),
            tax_rate: core_format::percent(line.tax_rate().percent(), l),
            net: money(line.net(), currency, l),
        })
        .collect()
}

fn tax_rows(totals: &Totals, currency: crm_core::domain::Currency, l: Locale) -> Vec<TaxRow> {
    totals
        .taxes
        .iter()
        .map(|tl| TaxRow {
            rate: core_format::percent(tl.rate.percent(), l),
            amount: money(tl.tax, currency, l),
        })
        .collect()
}

fn bill_to_text(b: Option<&BillTo>) -> Option<String> {
    let b = b?;
    let mut lines = vec![b.name.clone()];
    if let Some(c) = &b.contact_name {
        lines.push(c.clone());
    }
    lines.extend(b.address.lines());
    if let Some(tax) = &b.tax_id {
        lines.push(tax.to_string());
    }
    Some(lines.join("\n"))
}

/// The session's company's current logo, for the PDFs rendered here.
async fn company_logo(portal: &Portal, l: Locale) -> Result<Option<Logo>, Fail> {
    portal
        .state
        .crm
        .portal_company_logo(&portal.ctx)
        .await
        .map_err(|e| portal.core(e, l))
}

/// `GET /logo/{sha256}`: the session's company's logo while `sha256` is its current one. The
/// URL changes with the logo, so browsers may keep it for a year (privately: it is behind the
/// sign-in).
pub(crate) async fn logo(portal: Portal, Path(sha256): Path<String>) -> Result<Response, Fail> {
    use axum::http::{HeaderValue, StatusCode, header};
    use axum::response::IntoResponse;
    let l = Locale::En;
    let hash = DocumentHash::from_hex(&sha256).ok_or_else(|| portal.fail(WebError::NotFound, l))?;
    let logo = portal
        .state
        .crm
        .portal_logo(&portal.ctx, &hash)
        .await
        .map_err(|e| portal.core(e, l))?
        .ok_or_else(|| portal.fail(WebError::NotFound, l))?;
    let media = logo.reference().format.media_type();
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(media)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=31536000, immutable"),
            ),
        ],
        logo.into_bytes(),
    )
        .into_response())
}

/// `GET /brand/{company}/{sha256}`: a company's current logo for the emails (no session: a
/// mail client has none). Only the logo that is the company's now; anything else is a 404.
pub(crate) async fn brand_logo(
    axum::extract::State(state): axum::extract::State<WebState>,
    Path((company, sha256)): Path<(String, String)>,
) -> Response {
    use axum::http::{HeaderValue, StatusCode, header};
    use axum::response::IntoResponse;
    let (Ok(company), Some(hash)) = (
        crm_core::domain::CompanyId::from_str(&company),
        DocumentHash::from_hex(&sha256),
    ) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match state.crm.brand_logo(company, &hash).await {
        Ok(Some(logo)) => (
            StatusCode::OK,
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(logo.reference().format.media_type()),
                ),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ),
            ],
            logo.into_bytes(),
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

pub(super) fn parse_id<T: FromStr>(portal: &Portal, id: &str, l: Locale) -> Result<T, Fail> {
    T::from_str(id).map_err(|_| portal.fail(WebError::NotFound, l))
}

/// `GET /invoices/{id}`: the invoice; the first view is recorded.
pub(crate) async fn invoice(portal: Portal, Path(id): Path<String>) -> Result<Response, Fail> {
    invoice_page(portal, &id, None).await
}

async fn invoice_page(portal: Portal, id: &str, flash: Option<Flash>) -> Result<Response, Fail> {
    let (company, client) = portal.parties().await?;
    let l = client.locale;
    let id: InvoiceId = parse_id(&portal, id, l)?;
    let inv = portal
        .state
        .crm
        .portal_view_invoice(&portal.ctx, id)
        .await
        .map_err(|e| portal.core(e, l))?;
    let today = portal.state.crm.clock().today();
    let c = inv.currency;
    let display = serde_json::to_value(inv.display_status(today))
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| inv.status.as_str().to_owned());
    let open = matches!(inv.status, InvoiceStatus::Sent | InvoiceStatus::Partial)
        && inv.amount_due() > Decimal::ZERO;
    let corrections = portal
        .state
        .crm
        .portal_corrections_of_invoice(&portal.ctx, id)
        .await
        .map_err(|e| portal.core(e, l))?
        .iter()
        .map(|x| CorrectionRow {
            id: x.id.to_string(),
            kind: t(&format!("admin.kind.{}", x.kind.as_str()), l),
            number: x.number.clone(),
            date: core_format::date(x.issue_date, l),
            amount: money(x.totals.total, c, l),
        })
        .collect();
    let claim = super::reminders::claim(&portal, &inv, open, l).await?;
    let number = inv.number.clone().unwrap_or_default();
    let title = format!("{} {number}", t("invoice.title", l));
    let layout = portal.layout(title, "invoices", &company, l, flash);
    let page = InvoicePage {
        l: &layout,
        t: Tr(l),
        id: inv.id.to_string(),
        number,
        issued: opt_date(inv.issue_date, l),
        due: opt_date(inv.due_date, l),
        status: status_label(&display, l),
        status_class: status_class(&display),
        bill_to: bill_to_text(inv.bill_to.as_ref()),
        lines: line_rows(&inv.lines, c, l),
        net: money(inv.totals.net, c, l),
        taxes: tax_rows(&inv.totals, c, l),
        total: money(inv.totals.total, c, l),
        show_paid: inv.amount_paid > Decimal::ZERO,
        paid: money(inv.amount_paid, c, l),
        balance: money(inv.balance, c, l),
        notes: inv.notes.clone(),
        can_pay: open && portal.state.gateway.is_some(),
        credited: (inv.credited > Decimal::ZERO).then(|| money(inv.credited, c, l)),
        refund_due: (inv.refund_due() > Decimal::ZERO).then(|| money(inv.refund_due(), c, l)),
        vat_in_eur: inv
            .eur_rate
            .filter(|_| !inv.totals.tax.is_zero())
            .map(|r| core_format::vat_in_eur(r, inv.totals.tax, c, l)),
        corrections,
        claim,
        einvoice: portal
            .state
            .crm
            .invoice_has_einvoice(&inv)
            .await
            .map_err(|e| portal.core(e, l))?,
        bank_details: if open {
            bank_details(&portal.state, &company)
        } else {
            None
        },
    };
    portal.render(&page, l)
}

/// `GET /invoices/{id}/pdf`.
pub(crate) async fn invoice_pdf(portal: Portal, Path(id): Path<String>) -> Result<Response, Fail> {
    let (_, client) = portal.parties().await?;
    let l = client.locale;
    let id: InvoiceId = parse_id(&portal, &id, l)?;
    // The frozen bytes of the issued invoice (archived when it was issued).
    let (inv, pdf) = portal
        .state
        .crm
        .portal_invoice_pdf(&portal.ctx, id)
        .await
        .map_err(|e| portal.core(e, l))?;
    let name = invoice_entry_name(&inv, l);
    Ok(attachment("application/pdf", &name, pdf.bytes))
}

/// `GET /invoices/{id}/einvoice`: the e-invoice XML of an issued invoice of the signed-in
/// client, frozen with its PDF (XRechnung, or the Factur-X XML a ZUGFeRD PDF carries inside).
pub(crate) async fn invoice_einvoice(
    portal: Portal,
    Path(id): Path<String>,
) -> Result<Response, Fail> {
    let (_, client) = portal.parties().await?;
    let l = client.locale;
    let id: InvoiceId = parse_id(&portal, &id, l)?;
    let (inv, file) = portal
        .state
        .crm
        .portal_invoice_einvoice(&portal.ctx, id)
        .await
        .map_err(|e| portal.core(e, l))?;
    let name = crm_core::render::zip::invoice_xml_entry_name(&inv, l);
    Ok(attachment("application/xml", &name, file.bytes))
}

/// `GET /corrections/{id}/pdf`: a cancellation invoice or credit note of the signed-in
/// client, its frozen bytes.
pub(crate) async fn correction_pdf(
    portal: Portal,
    Path(id): Path<String>,
) -> Result<Response, Fail> {
    let (_, client) = portal.parties().await?;
    let l = client.locale;
    let id: crm_core::domain::CorrectionId = parse_id(&portal, &id, l)?;
    let (c, pdf) = portal
        .state
        .crm
        .portal_correction_pdf(&portal.ctx, id)
        .await
        .map_err(|e| portal.core(e, l))?;
    let name = crm_core::render::zip::sanitize_file_name(&format!(
        "{}-{}.pdf",
        t(&format!("admin.kind.{}", c.kind.as_str()), l),
        c.number
    ));
    Ok(attachment("application/pdf", &name, pdf.bytes))
}

/// `GET /corrections/{id}/einvoice`: the e-invoice XML of a cancellation invoice or credit
/// note of the signed-in client, frozen with its PDF.
pub(crate) async fn correction_einvoice(
    portal: Portal,
    Path(id): Path<String>,
) -> Result<Response, Fail> {
    let (_, client) = portal.parties().await?;
    let l = client.locale;
    let id: crm_core::domain::CorrectionId = parse_id(&portal, &id, l)?;
    let (c, file) = portal
        .state
        .crm
        .portal_correction_einvoice(&portal.ctx, id)
        .await
        .map_err(|e| portal.core(e, l))?;
    let name = crm_core::render::zip::sanitize_file_name(&format!(
        "{}.xml",
        crm_core::render::zip::correction_stem(&c)
    ));
    Ok(attachment("application/xml", &name, file.bytes))
}

/// `POST /invoices/{id}/pay`: a hosted checkout for the balance, then off to the provider.
pub(crate) async fn pay(
    portal: Portal,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Fail> {
    let (_, client) = portal.parties().await?;
    let l = client.locale;
    portal.check_post(&headers, &FormData::parse(&body), l)?;
    let id: InvoiceId = parse_id(&portal, &id, l)?;
    let Some(gateway) = portal.state.gateway.clone() else {
        return Err(portal.fail(WebError::NotFound, l));
    };
    let session = portal
        .state
        .crm
        .portal_checkout(&portal.ctx, id, gateway.as_ref())
        .await
        .map_err(|e| portal.core(e, l))?;
    if !(session.url.starts_with("https://") || session.url.starts_with("http://")) {
        return Err(portal.fail(WebError::Gateway("checkout URL".into()), l));
    }
    Ok(see_other(&session.url))
}

/// Query of the checkout return page.
#[derive(Debug, Deserialize)]
pub(crate) struct PaidQuery {
    session_id: Option<String>,
}

/// `GET /invoices/{id}/paid?session_id=…`: the return page of the hosted checkout. Asks the
/// provider and records the payment at once (idempotent with the webhook), then shows the
/// invoice.
pub(crate) async fn paid(
    portal: Portal,
    Path(id): Path<String>,
    Query(q): Query<PaidQuery>,
) -> Result<Response, Fail> {
    let (_, client) = portal.parties().await?;
    let l = client.locale;
    let session_id = q
        .session_id
        .filter(|s| {
            !s.is_empty()
                && s.len() <= 255
                && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        })
        .ok_or_else(|| portal.fail(WebError::NotFound, l))?;
    let Some(gateway) = portal.state.gateway.clone() else {
        return Err(portal.fail(WebError::NotFound, l));
    };
    let outcome = portal
        .state
        .crm
        .confirm_checkout(
            &portal.ctx,
            &session_id,
            gateway.as_ref(),
            portal.state.config.payments_live,
        )
        .await
        .map_err(|e| portal.core(e, l))?;
    let flash = match outcome {
        EventOutcome::Paid(_) | EventOutcome::AlreadyRecorded | EventOutcome::Duplicate => {
            flash("ok", t("invoice.thanks", l))
        }
        EventOutcome::Processing(_) => flash("ok", t("invoice.processing", l)),
        _ => flash("warn", t("invoice.not_confirmed", l)),
    };
    invoice_page(portal, &id, Some(flash)).await
}

/// `GET /quotes/{id}`: the quote; the first view is recorded.
pub(crate) async fn quote(portal: Portal, Path(id): Path<String>) -> Result<Response, Fail> {
    quote_page(portal, &id, None).await
}

async fn quote_page(portal: Portal, id: &str, flash: Option<Flash>) -> Result<Response, Fail> {
    let (company, client) = portal.parties().await?;
    let l = client.locale;
    let id: QuoteId = parse_id(&portal, id, l)?;
    let q = portal
        .state
        .crm
        .portal_view_quote(&portal.ctx, id)
        .await
        .map_err(|e| portal.core(e, l))?;
    let today = portal.state.crm.clock().today();
    let display = q.display_status(today);
    let key = match display {
        QuoteDisplayStatus::Sent => "quote_sent",
        QuoteDisplayStatus::Approved => "approved",
        QuoteDisplayStatus::Rejected => "rejected",
        QuoteDisplayStatus::Expired => "expired",
        _ => "draft",
    };
    let c = q.currency;
    let number = q.number.clone().unwrap_or_default();
    let title = format!("{} {number}", t("quote.title", l));
    let layout = portal.layout(title, "quotes", &company, l, flash);
    let page = QuotePage {
        l: &layout,
        t: Tr(l),
        id: q.id.to_string(),
        number,
        issued: opt_date(q.issue_date, l),
        valid_until: opt_date(q.valid_until, l),
        status: status_label(key, l),
        status_class: status_class(if key == "quote_sent" { "sent" } else { key }),
        lines: line_rows(&q.lines, c, l),
        net: money(q.totals.net, c, l),
        taxes: tax_rows(&q.totals, c, l),
        total: money(q.totals.total, c, l),
        notes: q.notes.clone(),
        rejection_reason: q.rejection_reason.clone(),
        can_answer: q.status == QuoteStatus::Sent && display == QuoteDisplayStatus::Sent,
    };
    portal.render(&page, l)
}

/// `GET /quotes/{id}/pdf`.
pub(crate) async fn quote_pdf(portal: Portal, Path(id): Path<String>) -> Result<Response, Fail> {
    let (company, client) = portal.parties().await?;
    let l = client.locale;
    let id: QuoteId = parse_id(&portal, &id, l)?;
    let q = portal
        .state
        .crm
        .portal_view_quote(&portal.ctx, id)
        .await
        .map_err(|e| portal.core(e, l))?;
    let name = crate::html::i18n::text_args(
        "file.quote",
        l,
        &[("number", q.number.clone().unwrap_or_default().into())],
    );
    let logo = company_logo(&portal, l).await?;
    let renderer = portal.state.renderer.clone();
    let pdf = render_pdf(&portal, l, move || {
        renderer.quote_with_logo(&company, &client, &q, logo.as_ref())
    })
    .await?;
    Ok(attachment("application/pdf", &name, pdf))
}

/// `POST /quotes/{id}/approve`.
pub(crate) async fn approve(
    portal: Portal,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Fail> {
    answer(portal, &id, &headers, &body, true).await
}

/// `POST /quotes/{id}/reject` with an optional `reason`.
pub(crate) async fn reject(
    portal: Portal,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Fail> {
    answer(portal, &id, &headers, &body, false).await
}

async fn answer(
    portal: Portal,
    id: &str,
    headers: &HeaderMap,
    body: &Bytes,
    approve: bool,
) -> Result<Response, Fail> {
    let (_, client) = portal.parties().await?;
    let l = client.locale;
    let form = FormData::parse(body);
    portal.check_post(headers, &form, l)?;
    let qid: QuoteId = parse_id(&portal, id, l)?;
    if let Some(confirm) = portal.require_confirmed(&format!("/quotes/{qid}")).await? {
        return Ok(confirm);
    }
    let crm = &portal.state.crm;
    let result = if approve {
        crm.portal_approve_quote(&portal.ctx, qid).await
    } else {
        let reason = form.get("reason").filter(|r| !r.trim().is_empty());
        crm.portal_reject_quote(&portal.ctx, qid, reason).await
    };
    result.map_err(|e| portal.core(e, l))?;
    Ok(see_other(&format!(
        "{}/quotes/{qid}",
        super::prefix(&portal.state)
    )))
}
