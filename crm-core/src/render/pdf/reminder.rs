//! A payment reminder or Mahnung (COMPLIANCE.md §5): a letter from the reminder's own
//! snapshots, with the level's name and number as title, the level's opening paragraph, the
//! overdue invoices with what is open, the interest and the fee of each shown separately,
//! the totals, how the interest was computed (§288 BGB), the new due date and the bank block
//! with a GiroCode for the total.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::documents::{
    Laid, address_block, document_title, footer, footer_lines, letterhead, section, title,
};
use super::fonts::Fonts;
use super::labels::Labels;
use super::layout::{Align, Cell, Column, Composer, Geometry, Style, Table};
use crate::domain::{DunningLevel, Locale, LogoRef, Reminder, ReminderItem};
use crate::i18n::{self, Arg};
use crate::render::format;

/// The language a reminder is written in: the one frozen into its bill-to, else German.
pub(crate) fn reminder_locale(r: &Reminder) -> Locale {
    r.bill_to.locale.unwrap_or_default()
}

/// The catalogue key of the opening paragraph of `level`.
fn opening_key(level: DunningLevel) -> &'static str {
    match level {
        DunningLevel::Reminder => "pdf.reminder.opening.reminder",
        DunningLevel::First => "pdf.reminder.opening.first",
        DunningLevel::Second => "pdf.reminder.opening.second",
        DunningLevel::Final => "pdf.reminder.opening.final",
    }
}

/// The document of `r`.
pub(crate) fn reminder(fonts: &Fonts, r: &Reminder, logo: Option<&LogoRef>) -> Laid {
    let locale = reminder_locale(r);
    let l = Labels::of(locale);
    let text = |key: &str| i18n::text(locale, key).unwrap_or("");
    let money = |v: Decimal| format::money(v, r.currency, locale);
    let due = format::date(r.due_date, locale);

    let seller = &r.seller;
    let footer_lines = footer_lines(seller, locale);
    let paper = seller.paper_size.unwrap_or_default();
    let geo = Geometry::for_paper(paper).with_footer_lines(footer_lines.len());
    let mut c = Composer::new(fonts, geo);
    letterhead(&mut c, seller, logo, r.bill_to.address.country(), l);
    let meta = vec![
        (text("pdf.reminder.number"), r.number.clone()),
        (
            text("pdf.reminder.date"),
            format::date(r.issue_date, locale),
        ),
        (l.client_number, r.bill_to.client_number.clone()),
        (text("pdf.reminder.due_date"), due.clone()),
    ];
    address_block(&mut c, seller, &r.bill_to, &meta, l);
    let kind = text(r.level.label_key());
    let heading = document_title(kind, Some(&r.number), false, l);
    title(&mut c, &heading, None);
    c.set_running_head(format!("{heading} · {}", r.bill_to.name));

    section(&mut c, None, text("pdf.reminder.salutation"));
    let opening = i18n::text_args(
        locale,
        opening_key(r.level),
        &[("date", Arg::from(due.clone()))],
    );
    section(&mut c, None, &opening);

    items_table(&mut c, r, locale);
    totals_block(&mut c, r, locale);

    if let Some(sentence) = interest_sentence(r, locale) {
        section(&mut c, None, &sentence);
    }
    let pay_by = i18n::text_args(
        locale,
        "pdf.reminder.pay_by",
        &[
            ("total", Arg::from(money(r.total()))),
            ("date", Arg::from(due)),
            ("number", Arg::from(r.number.clone())),
        ],
    );
    section(&mut c, None, &pay_by);
    if r.level != DunningLevel::Final {
        section(&mut c, None, text("pdf.reminder.closing"));
    }

    let giro = super::girocode::for_amount(seller, r.currency, r.total(), &r.number);
    super::girocode::bank_block(
        &mut c,
        locale,
        l.bank_details,
        giro.as_ref(),
        seller.bank_details.as_deref(),
    );

    let pages = c.finish(footer(fonts, footer_lines, locale, geo));
    let at: DateTime<Utc> = r.created_at;
    Laid {
        pages,
        geo,
        subject: format!("{heading} · {}", r.bill_to.name),
        title: heading,
        author: seller.name.clone(),
        created: at,
        modified: at,
    }
}

/// The overdue invoices. The interest and fee columns appear only when the letter claims
/// any: a friendly payment reminder is not a table of zeros.
fn items_table(c: &mut Composer<'_>, r: &Reminder, locale: Locale) {
    const GAP: f32 = 8.0;
    let text = |key: &str| i18n::text(locale, key).unwrap_or("");
    let money = |v: Decimal| format::money(v, r.currency, locale);
    let geo = c.geo;
    let size = 8.5;
    let with_interest = r.interest() != Decimal::ZERO;
    let with_fee = r.fees() != Decimal::ZERO;

    let mut columns = Vec::new();
    let mut header = Vec::new();
    let mut x = geo.left;
    for (width, key) in [
        (80.0, "pdf.reminder.col.invoice"),
        (84.0, "pdf.reminder.col.invoice_date"),
        (72.0, "pdf.reminder.col.due_date"),
    ] {
        columns.push(Column {
            x,
            width,
            align: Align::Left,
        });
        header.push(text(key).to_owned());
        x += width + GAP;
    }
    // The amounts share what is left, right-aligned.
    let amounts: Vec<&str> = std::iter::once("pdf.reminder.col.open")
        .chain(with_interest.then_some("pdf.reminder.col.interest"))
        .chain(with_fee.then_some("pdf.reminder.col.fee"))
        .collect();
    let n = amounts.len() as f32;
    let width = ((geo.right - x) - GAP * (n - 1.0)) / n;
    for key in amounts {
        columns.push(Column {
            x,
            width,
            align: Align::Right,
        });
        header.push(text(key).to_owned());
        x += width + GAP;
    }
    c.begin_table(Table {
        columns,
        header,
        size,
        line_height: size + 3.0,
    });
    let style = Style::regular(size);
    for item in &r.items {
        let mut cells = vec![
            Cell::new(item.number.clone(), style),
            Cell::new(format::date(item.issue_date, locale), style),
            Cell::new(format::date(item.due_date, locale), style),
            Cell::new(money(item.open), style),
        ];
        if with_interest {
            cells.push(Cell::new(money(item.interest), style));
        }
        if with_fee {
            cells.push(Cell::new(money(item.fee), style));
        }
        c.table_row(&cells);
    }
    c.end_table();
}

/// Open principal, interest and fees (each only when non-zero), then the total due in bold.
fn totals_block(c: &mut Composer<'_>, r: &Reminder, locale: Locale) {
    let text = |key: &str| i18n::text(locale, key).unwrap_or("");
    let money = |v: Decimal| format::money(v, r.currency, locale);
    let geo = c.geo;
    let rows: Vec<(&str, Decimal)> = [
        ("pdf.reminder.open", r.open()),
        ("pdf.reminder.interest", r.interest()),
        ("pdf.reminder.fees", r.fees()),
    ]
    .into_iter()
    .filter(|(_, v)| *v != Decimal::ZERO)
    .collect();
    // The block stays together: a total alone on the next page reads as a separate bill.
    c.ensure((rows.len() + 1) as f32 * 14.0 + 24.0);
    c.y += 6.0;
    let label_x = geo.right - 250.0;
    let row = |c: &mut Composer<'_>, label: &str, value: &str, style: Style| {
        c.text(label_x, c.y + style.size, style, Align::Left, label);
        c.text(geo.right, c.y + style.size, style, Align::Right, value);
        c.y += style.size + 5.0;
    };
    for (key, value) in rows {
        row(c, text(key), &money(value), Style::regular(9.0));
    }
    c.rule(label_x, geo.right, c.y + 1.0, 0.6, 0.3);
    c.y += 5.0;
    row(
        c,
        text("pdf.reminder.total"),
        &money(r.total()),
        Style::bold(10.0),
    );
    c.y += 14.0;
}

/// "Verzugszinsen nach § 288 BGB: RE-00001: 11,27 % p. a. vom 16.05.2025 bis 30.06.2025, …"
/// from the items' interest segments; `None` when the letter claims no interest.
pub(crate) fn interest_sentence(r: &Reminder, locale: Locale) -> Option<String> {
    let invoices: Vec<String> = r
        .items
        .iter()
        .filter(|i| i.interest != Decimal::ZERO && !i.interest_segments.is_empty())
        .map(|i| invoice_interest(i, locale))
        .collect();
    if invoices.is_empty() {
        return None;
    }
    Some(i18n::text_args(
        locale,
        "pdf.reminder.interest_sentence",
        &[("invoices", Arg::from(invoices.join("; ")))],
    ))
}

fn invoice_interest(item: &ReminderItem, locale: Locale) -> String {
    let segments: Vec<String> = item
        .interest_segments
        .iter()
        .map(|s| {
            i18n::text_args(
                locale,
                "pdf.reminder.interest_segment",
                &[
                    ("rate", Arg::from(format::percent(s.rate, locale))),
                    ("from", Arg::from(format::date(s.from, locale))),
                    ("to", Arg::from(format::date(s.to, locale))),
                ],
            )
        })
        .collect();
    i18n::text_args(
        locale,
        "pdf.reminder.interest_invoice",
        &[
            ("number", Arg::from(item.number.clone())),
            ("segments", Arg::from(segments.join(", "))),
        ],
    )
}
