//! The client statement: invoices, payments and corrections of a period, the outstanding
//! total and its aging.

use chrono::{DateTime, NaiveDate, Utc};

use super::documents::{
    Laid, address_block, footer, footer_lines, heading, letterhead, section, table, title,
};
use super::fonts::Fonts;
use super::labels::{self, Labels};
use super::layout::{Align, Cell, Column, Composer, Geometry, Style, Table};
use rust_decimal::Decimal;

use crate::domain::{BillTo, Invoice, LogoRef, Seller, aging};
use crate::ports::StatementData;
use crate::render::format;

/// A client statement: invoices and payments of the period, the outstanding total and its
/// aging at `to`.
pub(crate) fn statement(fonts: &Fonts, data: &StatementData, logo: Option<&LogoRef>) -> Laid {
    let client = &data.client;
    let company = &data.company;
    let locale = client.locale;
    let currency = client.currency;
    let l = Labels::of(locale);
    let seller = Seller::of(company);
    let footer_lines = footer_lines(&seller, locale);
    let geo =
        Geometry::for_paper(company.settings.paper_size).with_footer_lines(footer_lines.len());
    let bill_to = BillTo::of(client, company.address.country());
    let period = labels::period(locale, data.from, data.to);
    let meta = vec![
        (l.period, period.clone()),
        (l.as_of, format::date(data.to, locale)),
        (l.client_number, client.number.clone()),
    ];
    let mut c = Composer::new(fonts, geo);
    letterhead(&mut c, &seller, logo, bill_to.address.country(), l);
    address_block(&mut c, &seller, &bill_to, &meta, l);
    title(&mut c, l.statement, None);
    c.set_running_head(format!("{} · {} · {period}", l.statement, client.name));

    let mut invoices: Vec<&Invoice> = data.invoices.iter().collect();
    invoices.sort_by(|a, b| {
        (a.issue_date, a.number.as_deref()).cmp(&(b.issue_date, b.number.as_deref()))
    });
    heading(&mut c, l.invoices);
    if invoices.is_empty() {
        section(&mut c, None, l.no_invoices);
    } else {
        let size = 8.5;
        let widths = [80.0, 62.0, 62.0, 82.0, 82.0];
        let aligns = [
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Left,
        ];
        let header = [
            l.col_number,
            l.col_date,
            l.col_due,
            l.col_total,
            l.col_balance,
            l.col_status,
        ];
        c.begin_table(table(geo, &widths, &aligns, &header, size));
        let style = Style::regular(size);
        let dash = || "—".to_owned();
        for inv in invoices {
            c.table_row(&[
                Cell::new(inv.number.clone().unwrap_or_else(dash), style),
                Cell::new(
                    inv.issue_date
                        .map_or_else(dash, |d| format::date(d, locale)),
                    style,
                ),
                Cell::new(
                    inv.due_date.map_or_else(dash, |d| format::date(d, locale)),
                    style,
                ),
                Cell::new(format::money(inv.totals.total, inv.currency, locale), style),
                Cell::new(format::money(inv.balance, inv.currency, locale), style),
                Cell::new(labels::status(locale, inv.display_status(data.to)), style),
            ]);
        }
        c.end_table();
    }
    c.y += 10.0;

    let mut payments: Vec<_> = data.payments.iter().collect();
    payments.sort_by_key(|p| (p.date, p.created_at));
    heading(&mut c, l.payments);
    if payments.is_empty() {
        section(&mut c, None, l.no_payments);
    } else {
        let size = 8.5;
        let widths = [62.0, 80.0, 80.0];
        let aligns = [
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Right,
        ];
        let header = [
            l.col_date,
            l.col_invoice,
            l.col_method,
            l.col_reference,
            l.col_amount,
        ];
        // The reference column takes what the fixed ones leave; the amount sits at the right.
        let mut t = table(geo, &widths, &aligns, &header, size);
        let amount_width = 90.0;
        if let Some(reference) = t.columns.get_mut(3) {
            reference.width = geo.right - amount_width - 8.0 - reference.x;
        }
        if let Some(amount) = t.columns.get_mut(4) {
            amount.x = geo.right - amount_width;
            amount.width = amount_width;
        }
        c.begin_table(t);
        let style = Style::regular(size);
        for p in payments {
            let number = data
                .invoices
                .iter()
                .find(|i| i.id == p.invoice_id)
                .and_then(|i| i.number.clone())
                .unwrap_or_else(|| "—".to_owned());
            let mut amount = Cell::new(format::money(p.amount, p.currency, locale), style);
            if p.refunded > Decimal::ZERO {
                amount = amount.with(
                    format!(
                        "{} {}",
                        l.refunded,
                        format::money(p.refunded, p.currency, locale)
                    ),
                    Style::regular(7.5).muted(),
                );
            }
            c.table_row(&[
                Cell::new(format::date(p.date, locale), style),
                Cell::new(number, style),
                Cell::new(p.method.label(locale), style),
                Cell::new(p.reference.clone().unwrap_or_default(), style),
                amount,
            ]);
        }
        c.end_table();
    }
    c.y += 10.0;

    // Cancellation invoices and credit notes of the period: what they took back.
    if !data.corrections.is_empty() {
        let text = |k: &str| crate::i18n::text(locale, k).unwrap_or("");
        heading(&mut c, text("pdf.statement.corrections"));
        let size = 8.5;
        let widths = [110.0, 150.0, 70.0];
        let aligns = [Align::Left, Align::Left, Align::Left, Align::Right];
        let header = [
            l.col_number,
            text("pdf.statement.correction_kind"),
            l.col_date,
            l.col_amount,
        ];
        c.begin_table(table(geo, &widths, &aligns, &header, size));
        let style = Style::regular(size);
        for d in &data.corrections {
            c.table_row(&[
                Cell::new(d.number.clone().unwrap_or_default(), style),
                Cell::new(
                    text(&format!("pdf.correction.{}", d.kind.as_str())).to_owned(),
                    style,
                ),
                Cell::new(
                    d.issue_date
                        .map(|x| format::date(x, locale))
                        .unwrap_or_default(),
                    style,
                ),
                Cell::new(format::money(d.total, d.currency, locale), style),
            ]);
        }
        c.end_table();
        c.y += 10.0;
    }

    let ages = aging(&data.invoices, data.to);
    let outstanding = ages.total();
    c.ensure(30.0);
    let style = Style::bold(10.0);
    c.text(
        geo.right - 250.0,
        c.y + 10.0,
        style,
        Align::Left,
        l.outstanding,
    );
    c.text(
        geo.right,
        c.y + 10.0,
        style,
        Align::Right,
        &format::money(outstanding, currency, locale),
    );
    c.y += 26.0;
    // Dunning fees and interest owed beside the invoices' balances (a payment settles them
    // first): a line of their own, so the balances above still add up to the total.
    let costs: Decimal = data.invoices.iter().map(Invoice::costs_open).sum();
    if costs > Decimal::ZERO {
        let style = Style::regular(9.0);
        c.text(
            geo.right - 250.0,
            c.y - 6.0,
            style,
            Align::Left,
            l.costs_outstanding,
        );
        c.text(
            geo.right,
            c.y - 6.0,
            style,
            Align::Right,
            &format::money(costs, currency, locale),
        );
        c.y += 14.0;
    }

    heading(&mut c, l.aging);
    let n = crate::domain::AgingBucket::ALL.len() + 1;
    let width = geo.content_width() / n as f32;
    let columns: Vec<Column> = (0..n)
        .map(|i| Column {
            x: geo.left + i as f32 * width,
            width: width - 6.0,
            align: Align::Right,
        })
        .collect();
    let mut header: Vec<String> = crate::domain::AgingBucket::ALL
        .iter()
        .map(|b| l.aging_bucket(*b).to_owned())
        .collect();
    header.push(l.aging_total.to_owned());
    c.begin_table(Table {
        columns,
        header,
        size: 8.0,
        line_height: 11.0,
    });
    let style = Style::regular(8.5);
    let mut cells: Vec<Cell> = crate::domain::AgingBucket::ALL
        .iter()
        .map(|b| Cell::new(format::money(ages.get(*b), currency, locale), style))
        .collect();
    cells.push(Cell::new(
        format::money(outstanding, currency, locale),
        Style::bold(8.5),
    ));
    c.table_row(&cells);
    c.end_table();
    c.y += 2.0;
    c.paragraph(
        geo.left,
        geo.content_width(),
        Style::regular(7.5).muted(),
        10.0,
        l.aging_note,
    );
    c.y += 10.0;

    if outstanding + costs > Decimal::ZERO {
        let giro = super::girocode::account(company);
        let free_text = company.settings.bank_details.as_deref();
        super::girocode::bank_block(&mut c, locale, l.bank_details, giro.as_ref(), free_text);
    }

    let pages = c.finish(footer(fonts, footer_lines, locale, geo));
    let at = to_utc(data.to);
    Laid {
        pages,
        geo,
        title: format!("{} {} {period}", l.statement, client.name),
        subject: format!("{} · {} · {period}", l.statement, client.name),
        author: company.name.clone(),
        created: at,
        modified: at,
    }
}

fn to_utc(d: NaiveDate) -> DateTime<Utc> {
    d.and_time(chrono::NaiveTime::MIN).and_utc()
}
