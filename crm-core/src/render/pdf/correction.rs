//! A cancellation invoice or corrective credit: laid out like an invoice, from its own
//! snapshots, with the corrected invoice's number and date (§14 Abs. 4 UStG: a correction
//! must refer to the document it corrects), the negated lines and totals, and what happens to
//! the money.

use std::borrow::Cow;

use super::documents::{Laid, LineDocument, document_title, line_document, service_meta};
use super::fonts::Fonts;
use super::labels::Labels;
use crate::domain::{Correction, CorrectionKind, LogoRef};
use crate::i18n::{self, Arg};
use crate::render::format;

/// The document of `c`.
pub(crate) fn correction(fonts: &Fonts, c: &Correction, logo: Option<&LogoRef>) -> Laid {
    let locale = c.bill_to.locale.unwrap_or_default();
    let l = Labels::of(locale);
    let text = |key: &str| i18n::text(locale, key).unwrap_or("");
    let kind = text(match c.kind {
        CorrectionKind::Cancellation => "pdf.correction.cancellation",
        CorrectionKind::Credit => "pdf.correction.credit",
    });
    let original = [
        ("number", Arg::from(c.corrects.number.clone())),
        (
            "date",
            Arg::from(format::date(c.corrects.issue_date, locale)),
        ),
    ];
    let mut meta = vec![
        (text("pdf.correction.number"), c.number.clone()),
        (
            text("pdf.correction.date"),
            format::date(c.issue_date, locale),
        ),
        (
            text("pdf.correction.corrects"),
            i18n::text_args(locale, "pdf.correction.corrects_value", &original),
        ),
    ];
    if let Some(p) = c.service_period {
        meta.push(service_meta(p, locale, l));
    }
    meta.push((l.client_number, c.bill_to.client_number.clone()));
    let sentence = i18n::text_args(
        locale,
        match c.kind {
            CorrectionKind::Cancellation => "pdf.correction.cancellation_sentence",
            CorrectionKind::Credit => "pdf.correction.credit_sentence",
        },
        &original,
    );
    let mut notes = sentence;
    if let Some(r) = &c.reason {
        notes.push('\n');
        notes.push_str(&i18n::text_args(
            locale,
            "pdf.correction.reason",
            &[("reason", Arg::from(r.clone()))],
        ));
    }
    let money = if c.refund_due > rust_decimal::Decimal::ZERO {
        i18n::text_args(
            locale,
            "pdf.correction.refund",
            &[(
                "refund",
                Arg::from(format::money(c.refund_due, c.currency, locale)),
            )],
        )
    } else {
        i18n::text_args(locale, "pdf.correction.settled", &original[..1])
    };
    let doc = LineDocument {
        locale,
        currency: c.currency,
        paper: c.seller.paper_size.unwrap_or_default(),
        seller: Cow::Borrowed(&c.seller),
        bill_to: Cow::Borrowed(&c.bill_to),
        title: document_title(kind, Some(&c.number), false, l),
        subtitle: None,
        meta,
        lines: &c.lines,
        treatment: &c.treatment,
        totals: &c.totals,
        service: None,
        settlement: None,
        eur_rate: c.eur_rate,
        notes: Some(&notes),
        terms: Some(money),
        bank_details: None,
        giro: None,
        logo,
    };
    line_document(fonts, doc, c.created_at, c.created_at)
}
