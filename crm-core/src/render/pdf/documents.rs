//! What goes where on an invoice, a quote and a statement.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::fonts::{Face, Fonts};
use super::labels::{self, Labels};
use super::layout::{Align, Cell, Column, Composer, Geometry, Item, Style, Table};
use crate::domain::{
    BillTo, Client, Company, Country, Currency, EurRate, Invoice, InvoiceStatus, LineItem, Locale,
    LogoRef, PaperSize, PostalAddress, Quote, QuoteStatus, Seller, ServicePeriod, TaxTreatment,
    Totals,
};
use crate::render::format;

/// A laid-out document and what its metadata says.
pub(crate) struct Laid {
    pub pages: Vec<Vec<Item>>,
    pub geo: Geometry,
    pub title: String,
    pub subject: String,
    pub author: String,
    pub created: DateTime<Utc>,
    pub modified: DateTime<Utc>,
}

/// The parts an invoice and a quote share.
pub(super) struct LineDocument<'a> {
    pub(super) locale: Locale,
    pub(super) currency: Currency,
    pub(super) paper: PaperSize,
    pub(super) seller: Cow<'a, Seller>,
    pub(super) bill_to: Cow<'a, BillTo>,
    pub(super) title: String,
    pub(super) subtitle: Option<&'static str>,
    pub(super) meta: Vec<(&'static str, String)>,
    pub(super) lines: &'a [LineItem],
    pub(super) treatment: &'a TaxTreatment,
    pub(super) totals: &'a Totals,
    /// The service-date sentence, for invoices.
    pub(super) service: Option<String>,
    /// Amount paid and balance due (issued invoices only).
    pub(super) settlement: Option<(Decimal, Decimal)>,
    /// The euro rate that states the VAT of a foreign-currency document in euros.
    pub(super) eur_rate: Option<EurRate>,
    pub(super) notes: Option<&'a str>,
    pub(super) terms: Option<String>,
    pub(super) bank_details: Option<String>,
    /// The seller's bank account and the invoice's GiroCode (`render::pdf::girocode`).
    pub(super) giro: Option<super::girocode::Giro>,
    /// The logo the letterhead makes room for (drawn by `render::pdf::logo`).
    pub(super) logo: Option<&'a LogoRef>,
}

/// "Rechnung RE-00001", "Rechnung – Entwurf", "Angebot AN-00002 – Entwurf".
pub(super) fn document_title(kind: &str, number: Option<&str>, draft: bool, l: &Labels) -> String {
    let mut title = match number {
        Some(n) => format!("{kind} {n}"),
        None => kind.to_owned(),
    };
    if draft {
        title.push_str(" – ");
        title.push_str(l.draft);
    }
    title
}

/// The language an invoice is in: the one frozen into its bill-to snapshot, else (a draft, or
/// a snapshot older than that) the client's.
pub(crate) fn invoice_locale(client: &Client, inv: &Invoice) -> crate::domain::Locale {
    inv.bill_to
        .as_ref()
        .and_then(|b| b.locale)
        .unwrap_or(client.locale)
}

/// An invoice, from its seller and bill-to snapshots (a draft without them uses the live
/// company and client).
pub(crate) fn invoice(
    fonts: &Fonts,
    company: &Company,
    client: &Client,
    inv: &Invoice,
    logo: Option<&LogoRef>,
) -> Laid {
    let locale = invoice_locale(client, inv);
    let l = Labels::of(locale);
    let draft = inv.status == InvoiceStatus::Draft;
    let bill_to = match &inv.bill_to {
        Some(b) => Cow::Borrowed(b),
        None => Cow::Owned(BillTo::of(client, company.address.country())),
    };
    let seller = match &inv.seller {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(Seller::of(company)),
    };
    let mut meta = Vec::new();
    if let Some(n) = &inv.number {
        meta.push((l.invoice_number, n.clone()));
    }
    if let Some(d) = inv.issue_date {
        meta.push((l.invoice_date, format::date(d, locale)));
    }
    if let Some(p) = inv.service_period {
        meta.push(service_meta(p, locale, l));
    }
    if let Some(d) = inv.due_date {
        meta.push((l.due_date, format::date(d, locale)));
    }
    meta.push((l.client_number, bill_to.client_number.clone()));
    let service = (inv.service_period.is_none() && inv.issue_date.is_some())
        .then(|| l.service_date_is_issue_date.to_owned());
    let mut terms = match inv.terms.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => Some(t.to_owned()),
        _ => inv.due_date.map(|d| labels::payable_by(locale, d)),
    };
    // An agreed reduction belongs on the invoice (§14 Abs. 4 Nr. 7 UStG).
    if let Some(s) = &inv.skonto {
        let line = labels::skonto(locale, s, inv.currency);
        terms = Some(match terms {
            Some(t) => format!("{t}\n{line}"),
            None => line,
        });
    }
    let doc = LineDocument {
        locale,
        currency: inv.currency,
        paper: seller.paper_size.unwrap_or(company.settings.paper_size),
        title: document_title(l.invoice, inv.number.as_deref(), draft, l),
        subtitle: (inv.status == InvoiceStatus::Cancelled).then_some(l.cancelled),
        meta,
        lines: &inv.lines,
        treatment: &inv.treatment,
        totals: &inv.totals,
        service,
        settlement: (!draft).then_some((inv.amount_paid, inv.balance)),
        eur_rate: inv.eur_rate,
        notes: inv.notes.as_deref(),
        terms,
        bank_details: None,
        giro: None,
        logo,
        seller,
        bill_to,
    };
    let doc = LineDocument {
        bank_details: doc.seller.bank_details.clone(),
        giro: super::girocode::for_invoice(&doc.seller, inv),
        ..doc
    };
    line_document(fonts, doc, inv.created_at, inv.updated_at)
}

/// A quote, from its bill-to snapshot (a draft without one uses the live client).
pub(crate) fn quote(
    fonts: &Fonts,
    company: &Company,
    client: &Client,
    q: &Quote,
    logo: Option<&LogoRef>,
) -> Laid {
    let locale = client.locale;
    let l = Labels::of(locale);
    let bill_to = match &q.bill_to {
        Some(b) => Cow::Borrowed(b),
        None => Cow::Owned(BillTo::of(client, company.address.country())),
    };
    let mut meta = Vec::new();
    if let Some(n) = &q.number {
        meta.push((l.quote_number, n.clone()));
    }
    if let Some(d) = q.issue_date {
        meta.push((l.quote_date, format::date(d, locale)));
    }
    if let Some(d) = q.valid_until {
        meta.push((l.valid_until, format::date(d, locale)));
    }
    meta.push((l.client_number, bill_to.client_number.clone()));
    let doc = LineDocument {
        locale,
        currency: q.currency,
        paper: company.settings.paper_size,
        seller: Cow::Owned(Seller::of(company)),
        title: document_title(
            l.quote,
            q.number.as_deref(),
            q.status == QuoteStatus::Draft,
            l,
        ),
        subtitle: None,
        meta,
        lines: &q.lines,
        treatment: &TaxTreatment::Standard,
        totals: &q.totals,
        service: None,
        settlement: None,
        eur_rate: None,
        notes: q.notes.as_deref(),
        terms: None,
        bank_details: None,
        giro: None,
        logo,
        bill_to,
    };
    line_document(fonts, doc, q.created_at, q.updated_at)
}

pub(super) fn line_document(
    fonts: &Fonts,
    doc: LineDocument<'_>,
    created: DateTime<Utc>,
    modified: DateTime<Utc>,
) -> Laid {
    let l = Labels::of(doc.locale);
    let footer_lines = footer_lines(&doc.seller, doc.locale);
    let geo = Geometry::for_paper(doc.paper).with_footer_lines(footer_lines.len());
    let mut c = Composer::new(fonts, geo);
    letterhead(
        &mut c,
        &doc.seller,
        doc.logo,
        doc.bill_to.address.country(),
        l,
    );
    address_block(&mut c, &doc.seller, &doc.bill_to, &doc.meta, l);
    title(&mut c, &doc.title, doc.subtitle);
    c.set_running_head(format!("{} · {}", doc.title, doc.bill_to.name));
    let marks = Marks::of(doc.lines, doc.treatment);
    items_table(&mut c, doc.lines, &marks, doc.currency, doc.locale, l);
    totals_block(
        &mut c,
        doc.totals,
        &marks,
        (doc.settlement, doc.eur_rate),
        doc.currency,
        doc.locale,
        l,
    );
    for (mark, sentence) in marks.sentences(doc.locale) {
        section(&mut c, None, &format!("{mark}{sentence}"));
    }
    if let Some(service) = &doc.service {
        section(&mut c, None, service);
    }
    if let Some(notes) = doc.notes {
        section(&mut c, None, notes);
    }
    if let Some(terms) = &doc.terms {
        section(&mut c, None, terms);
    }
    let (giro, bank) = (doc.giro.as_ref(), doc.bank_details.as_deref());
    super::girocode::bank_block(&mut c, doc.locale, l.bank_details, giro, bank);
    let pages = c.finish(footer(fonts, footer_lines, doc.locale, geo));
    Laid {
        pages,
        geo,
        subject: format!("{} · {}", doc.title, doc.bill_to.name),
        title: doc.title,
        author: doc.seller.name.clone(),
        created,
        modified,
    }
}

/// Columns of a table from fixed widths (left to right); the last column takes the rest.
pub(super) fn table(
    geo: Geometry,
    widths: &[f32],
    aligns: &[Align],
    header: &[&str],
    size: f32,
) -> Table {
    const GAP: f32 = 8.0;
    let mut x = geo.left;
    let mut columns = Vec::with_capacity(aligns.len());
    for (i, align) in aligns.iter().enumerate() {
        let width = widths.get(i).copied().unwrap_or(geo.right - x);
        columns.push(Column {
            x,
            width,
            align: *align,
        });
        x += width + GAP;
    }
    Table {
        columns,
        header: header.iter().map(|h| (*h).to_owned()).collect(),
        size,
        line_height: size + 3.0,
    }
}

/// Address lines without the country when it is the sender's own (domestic post); a foreign
/// country as its name in the document's language.
pub(super) fn address_lines(address: &PostalAddress, home: Country, locale: Locale) -> Vec<String> {
    let mut lines = address.lines();
    lines.pop();
    if address.country() != home {
        lines.push(format::country(address.country(), locale).to_owned());
    }
    lines
}

/// Company name on the left (under the logo, if there is one), its address and identifiers
/// on the right (the country only when the recipient is abroad).
pub(super) fn letterhead(
    c: &mut Composer<'_>,
    company: &Seller,
    logo: Option<&LogoRef>,
    recipient: Country,
    l: &Labels,
) {
    let geo = c.geo;
    let top = c.y;
    let name_style = Style::bold(15.0);
    let mut y = top + logo.map_or(0.0, |r| super::logo::fit(r).1 + super::logo::GAP);
    for line in c.fonts.wrap(
        Face::Bold,
        name_style.size,
        &company.name,
        geo.content_width() * 0.55,
    ) {
        c.text(geo.left, y + 15.0, name_style, Align::Left, &line);
        y += 18.0;
    }
    let small = Style::regular(8.0).muted();
    let mut details = address_lines(&company.address, recipient, l.locale);
    details.push(company.email.to_string());
    if let Some(contact) = &company.legal.contact {
        let mut line = format!("{}: {}", l.contact, contact.name);
        if let Some(phone) = &contact.phone {
            line.push_str(&format!(" · {}", phone.as_str()));
        }
        details.push(line);
        if let Some(email) = contact.email.as_ref().filter(|e| **e != company.email) {
            details.push(email.to_string());
        }
    }
    if let Some(id) = company.vat_id() {
        details.push(format!("{}: {}", l.seller_vat_id, id.as_str()));
    }
    if let Some(id) = company.tax_number() {
        details.push(format!("{}: {}", l.seller_tax_number, id.as_str()));
    }
    let mut ry = top + 8.0;
    for line in details {
        c.text(geo.right, ry, small, Align::Right, &line);
        ry += 10.5;
    }
    c.y = y.max(ry) + 18.0;
}

/// The recipient on the left (under a small sender line), document facts on the right.
pub(super) fn address_block(
    c: &mut Composer<'_>,
    company: &Seller,
    bill_to: &BillTo,
    meta: &[(&'static str, String)],
    l: &Labels,
) {
    let geo = c.geo;
    let top = c.y;
    let home = company.address.country();
    let left_width = geo.content_width() * 0.55;

    let sender_style = Style::regular(7.0).muted();
    let sender = std::iter::once(company.name.clone())
        .chain(address_lines(&company.address, home, l.locale))
        .collect::<Vec<_>>()
        .join(" · ");
    let sender = c
        .fonts
        .truncate(sender_style.face, sender_style.size, &sender, left_width);
    let sender_width = c.fonts.width(sender_style.face, sender_style.size, &sender);
    c.text(geo.left, top + 7.0, sender_style, Align::Left, &sender);
    c.rule(geo.left, geo.left + sender_width, top + 9.5, 0.3, 0.6);

    let mut y = top + 20.0;
    let put = |c: &mut Composer<'_>, text: &str, style: Style, y: &mut f32| {
        for line in c.fonts.wrap(style.face, style.size, text, left_width) {
            c.text(geo.left, *y + style.size, style, Align::Left, &line);
            *y += style.size + 3.5;
        }
    };
    put(c, &bill_to.name, Style::bold(10.0), &mut y);
    if let Some(contact) = bill_to
        .contact_name
        .as_deref()
        .filter(|n| n.trim() != bill_to.name.trim())
    {
        put(
            c,
            &format!("{} {contact}", l.attention),
            Style::regular(10.0),
            &mut y,
        );
    }
    for line in address_lines(&bill_to.address, home, l.locale) {
        put(c, &line, Style::regular(10.0), &mut y);
    }
    if let Some(id) = &bill_to.tax_id {
        y += 3.0;
        put(
            c,
            &format!("{}: {}", l.tax_id(id), id.as_str()),
            Style::regular(9.0),
            &mut y,
        );
    }

    let label_x = geo.right - 190.0;
    let mut my = top + 20.0;
    for (label, value) in meta {
        c.text(
            label_x,
            my + 9.0,
            Style::regular(9.0).muted(),
            Align::Left,
            label,
        );
        c.text(
            geo.right,
            my + 9.0,
            Style::regular(9.0),
            Align::Right,
            value,
        );
        my += 13.0;
    }
    c.y = y.max(my) + 26.0;
}

pub(super) fn title(c: &mut Composer<'_>, text: &str, subtitle: Option<&str>) {
    let geo = c.geo;
    c.ensure(40.0);
    c.text(geo.left, c.y + 14.0, Style::bold(14.0), Align::Left, text);
    c.y += 20.0;
    if let Some(sub) = subtitle {
        c.text(
            geo.left,
            c.y + 10.0,
            Style::bold(10.0).muted(),
            Align::Left,
            sub,
        );
        c.y += 15.0;
    }
    c.y += 8.0;
}

pub(super) fn heading(c: &mut Composer<'_>, text: &str) {
    // Keep a heading with at least a few lines of what follows.
    c.ensure(60.0);
    c.text(c.geo.left, c.y + 10.0, Style::bold(10.0), Align::Left, text);
    c.y += 16.0;
}

/// A paragraph with an optional heading.
pub(super) fn section(c: &mut Composer<'_>, heading: Option<&str>, body: &str) {
    if body.trim().is_empty() {
        return;
    }
    let geo = c.geo;
    if let Some(h) = heading {
        c.ensure(28.0);
        c.text(geo.left, c.y + 9.0, Style::bold(9.0), Align::Left, h);
        c.y += 13.0;
    }
    c.paragraph(
        geo.left,
        geo.content_width(),
        Style::regular(9.0),
        12.0,
        body,
    );
    c.y += 10.0;
}

fn items_table(
    c: &mut Composer<'_>,
    lines: &[LineItem],
    marks: &Marks<'_>,
    currency: Currency,
    locale: Locale,
    l: &Labels,
) {
    const GAP: f32 = 8.0;
    let geo = c.geo;
    let size = 8.5;
    // Fixed numeric columns from the right; the description takes the rest.
    let total = Column {
        x: geo.right - 76.0,
        width: 76.0,
        align: Align::Right,
    };
    let tax = Column {
        x: total.x - GAP - 34.0,
        width: 34.0,
        align: Align::Right,
    };
    let unit = Column {
        x: tax.x - GAP - 72.0,
        width: 72.0,
        align: Align::Right,
    };
    // "12,5 Std." needs more room than a bare number; documents of counts alone keep the
    // layout they always had.
    let qty_width = if lines.iter().all(|l| l.unit().is_plain_count()) {
        44.0
    } else {
        66.0
    };
    let qty = Column {
        x: unit.x - GAP - qty_width,
        width: qty_width,
        align: Align::Right,
    };
    let pos = Column {
        x: geo.left,
        width: 20.0,
        align: Align::Left,
    };
    let desc = Column {
        x: pos.x + pos.width + 4.0,
        width: qty.x - GAP - (pos.x + pos.width + 4.0),
        align: Align::Left,
    };
    c.begin_table(Table {
        columns: vec![pos, desc, qty, unit, tax, total],
        header: [
            l.col_pos,
            l.col_description,
            l.col_quantity,
            l.col_unit_price,
            l.col_tax,
            l.col_net,
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect(),
        size,
        line_height: size + 3.0,
    });
    let style = Style::regular(size);
    for (i, line) in lines.iter().enumerate() {
        let mut description = Cell::new(line.description(), style);
        if line.discount() > Decimal::ZERO {
            description = description.with(
                format!(
                    "{} {}",
                    l.discount,
                    format::money(line.discount(), currency, locale)
                ),
                Style::regular(7.5).muted(),
            );
        }
        c.table_row(&[
            Cell::new((i + 1).to_string(), style),
            description,
            Cell::new(
                format::quantity(line.quantity(), line.unit(), locale),
                style,
            ),
            Cell::new(
                format::unit_price(line.unit_price(), currency, locale),
                style,
            ),
            Cell::new(
                format!(
                    "{}{}",
                    format::percent(line.tax_rate().percent(), locale),
                    marks.of_line(line)
                ),
                style,
            ),
            Cell::new(format::money(line.net(), currency, locale), style),
        ]);
    }
    c.end_table();
}

fn totals_block(
    c: &mut Composer<'_>,
    totals: &Totals,
    marks: &Marks<'_>,
    (settlement, eur_rate): (Option<(Decimal, Decimal)>, Option<EurRate>),
    currency: Currency,
    locale: Locale,
    l: &Labels,
) {
    let geo = c.geo;
    // The VAT in euros of a foreign-currency document (Art. 230 VAT Directive); nothing to
    // state when it charges none.
    let eur_rate = eur_rate.filter(|_| totals.tax != Decimal::ZERO && currency != Currency::EUR);
    let rows = 2
        + totals.taxes.len()
        + if settlement.is_some() { 2 } else { 0 }
        + usize::from(eur_rate.is_some());
    // The block stays together: a total alone on the next page reads as a separate bill.
    c.ensure(rows as f32 * 14.0 + 24.0);
    c.y += 6.0;
    let label_x = geo.right - 250.0;
    let money = |v: Decimal| format::money(v, currency, locale);
    let row = |c: &mut Composer<'_>, label: &str, value: &str, style: Style| {
        c.text(label_x, c.y + style.size, style, Align::Left, label);
        c.text(geo.right, c.y + style.size, style, Align::Right, value);
        c.y += style.size + 5.0;
    };
    let regular = Style::regular(9.0);
    let bold = Style::bold(10.0);
    row(c, l.net_total, &money(totals.net), regular);
    for t in &totals.taxes {
        match &t.treatment {
            TaxTreatment::Standard => row(
                c,
                &labels::plus_tax(locale, t.rate, t.net, currency),
                &money(t.tax),
                regular,
            ),
            // §19: no VAT amount may appear, not even 0,00 (the sentence says why).
            TaxTreatment::SmallBusiness => {}
            other => row(
                c,
                &format!(
                    "{}{}",
                    marks.of_treatment(other),
                    labels::treatment_on(locale, other, t.net, currency)
                ),
                &money(t.tax),
                regular,
            ),
        }
    }
    c.rule(label_x, geo.right, c.y + 1.0, 0.6, 0.3);
    c.y += 5.0;
    row(c, l.total, &money(totals.total), bold);
    if let Some(rate) = eur_rate {
        let (label, amount) = format::vat_in_eur(rate, totals.tax, currency, locale);
        row(c, &label, &amount, regular);
    }
    if let Some((paid, balance)) = settlement {
        row(c, l.amount_paid, &money(paid), regular);
        row(c, l.balance_due, &money(balance), bold);
    }
    c.y += 14.0;
}

/// The footer's lines: the seller's business-letter footer ([`Seller::letter_footer`]).
pub(super) fn footer_lines(seller: &Seller, locale: Locale) -> Vec<String> {
    seller.letter_footer(locale)
}

/// Footer: company identity and legal details on the left, page numbers on the right.
pub(super) fn footer<'a>(
    fonts: &'a Fonts,
    lines: Vec<String>,
    locale: Locale,
    geo: Geometry,
) -> impl Fn(usize, usize) -> (Vec<String>, String) + 'a {
    let left: Vec<String> = lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            // The first line shares its baseline with the page number.
            let room = geo.content_width() - if i == 0 { 90.0 } else { 0.0 };
            fonts.truncate(Face::Regular, 7.5, line, room)
        })
        .collect();
    move |page, pages| (left.clone(), labels::page_of(locale, page, pages))
}

/// "Leistungsdatum 30.11.2026" or "Leistungszeitraum 01.11.2026 – 30.11.2026".
pub(super) fn service_meta(p: ServicePeriod, locale: Locale, l: &Labels) -> (&'static str, String) {
    if p.is_single_date() {
        (l.service_date, format::date(p.from(), locale))
    } else {
        (l.service_period, labels::period(locale, p.from(), p.to()))
    }
}

/// Which treatment sentence a line belongs to. With one treatment for every line there are
/// no marks, just the sentence; with several, each non-standard treatment gets a number that
/// its lines' tax column and its sentence carry.
struct Marks<'a> {
    document: &'a TaxTreatment,
    /// Non-standard treatments in order of first appearance.
    treatments: Vec<&'a TaxTreatment>,
    numbered: bool,
}

impl<'a> Marks<'a> {
    fn of(lines: &'a [LineItem], document: &'a TaxTreatment) -> Self {
        let mut all: Vec<&TaxTreatment> = Vec::new();
        for line in lines {
            let t = line.effective_treatment(document);
            if !all.contains(&t) {
                all.push(t);
            }
        }
        let numbered = all.len() > 1;
        all.retain(|t| t.sentence_key().is_some());
        Self {
            document,
            treatments: all,
            numbered,
        }
    }

    fn mark(&self, i: usize) -> String {
        if self.numbered {
            format!("({}) ", i + 1)
        } else {
            String::new()
        }
    }

    /// The mark after a line's rate (" (1)"), or nothing.
    fn of_line(&self, line: &LineItem) -> String {
        let t = line.effective_treatment(self.document);
        match self.treatments.iter().position(|x| *x == t) {
            Some(i) if self.numbered => format!(" ({})", i + 1),
            _ => String::new(),
        }
    }

    /// The mark before a treatment's net sum ("(1) "), or nothing.
    fn of_treatment(&self, t: &TaxTreatment) -> String {
        match self.treatments.iter().position(|x| *x == t) {
            Some(i) => self.mark(i),
            None => String::new(),
        }
    }

    /// Each sentence with its mark.
    fn sentences(&self, locale: Locale) -> Vec<(String, String)> {
        self.treatments
            .iter()
            .enumerate()
            .filter_map(|(i, t)| Some((self.mark(i), t.sentence(locale)?)))
            .collect()
    }
}
