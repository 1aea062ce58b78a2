//! The bank block of documents: the seller's structured account (holder, IBAN in groups,
//! BIC, bank), its free-text bank details and, on open euro invoices, the GiroCode (EPC QR
//! code, see [`crate::render::girocode`]) for the balance due.

use rust_decimal::Decimal;

use super::fonts::Face;
use super::layout::{Align, Composer, Style};
use crate::domain::{BankAccount, Company, Currency, Invoice, InvoiceStatus, Locale, Seller};
use crate::i18n;
use crate::render::girocode::{EpcPayload, MAX_NAME, QrMatrix, Remittance, Transfer};

/// Side of the printed code including its quiet zone, in pt (3 cm).
const CODE_SIDE: f32 = 3.0 * 72.0 / 2.54;
/// The white margin around a QR code the standard asks for, in modules.
const QUIET_ZONE: usize = 4;
/// Space between the text column and the code.
const GAP: f32 = 12.0;
/// Body text of the block, as in the other sections.
const SIZE: f32 = 9.0;
const LINE: f32 = 12.0;

/// What the bank block shows besides the free text: the account and, for an open invoice,
/// its GiroCode.
pub(crate) struct Giro {
    account: BankAccount,
    code: Option<QrMatrix>,
}

/// The company's account as it is now, without a code (statements).
pub(crate) fn account(company: &Company) -> Option<Giro> {
    company.settings.bank_account.clone().map(|account| Giro {
        account,
        code: None,
    })
}

/// The seller's account (the issued invoice's snapshot, or the live company's for a draft)
/// and, when the invoice is issued, open (balance due > 0) and in euros, a GiroCode for the
/// balance with the invoice number as remittance text.
///
/// The beneficiary is the account holder, else the seller's name, cut to the 70 characters
/// the code holds (banks match names loosely; the IBAN decides). A payload the guideline
/// does not allow (e.g. an account outside the EEA without a BIC, which the settings
/// refuse anyway) leaves the code out rather than failing the document.
pub(crate) fn for_invoice(seller: &Seller, inv: &Invoice) -> Option<Giro> {
    let open = matches!(inv.status, InvoiceStatus::Sent | InvoiceStatus::Partial);
    match (open, inv.number.as_deref()) {
        (true, Some(number)) => for_amount(seller, inv.currency, inv.balance, number),
        _ => seller.bank_account.clone().map(|account| Giro {
            account,
            code: None,
        }),
    }
}

/// The seller's account and a GiroCode for `amount` with `reference` as remittance text (a
/// reminder: its total and its number). No code unless the amount is positive and in euros
/// (the EPC guideline knows only euros); the rules of [`for_invoice`] apply otherwise.
pub(crate) fn for_amount(
    seller: &Seller,
    currency: Currency,
    amount: Decimal,
    reference: &str,
) -> Option<Giro> {
    let account = seller.bank_account.clone()?;
    let code = (amount > Decimal::ZERO && currency == Currency::EUR)
        .then(|| {
            let name: String = account
                .holder
                .as_deref()
                .unwrap_or(&seller.name)
                .chars()
                .take(MAX_NAME)
                .collect();
            EpcPayload::new(&Transfer {
                iban: &account.iban,
                bic: account.bic.as_ref(),
                beneficiary: &name,
                currency,
                amount,
                remittance: Some(Remittance::Text(reference)),
            })
            .and_then(|p| p.qr())
            .ok()
        })
        .flatten();
    Some(Giro { account, code })
}

/// The bank block under `heading`: the structured account's lines, then the free text, and
/// the GiroCode with its caption on the right. Kept together on one page. Without an
/// account it is the free text alone, as before accounts existed; with neither, nothing.
pub(crate) fn bank_block(
    c: &mut Composer<'_>,
    locale: Locale,
    heading: &str,
    giro: Option<&Giro>,
    free_text: Option<&str>,
) {
    let free_text = free_text.map(str::trim).filter(|t| !t.is_empty());
    if giro.is_none() && free_text.is_none() {
        return;
    }
    let t = |key: &'static str| i18n::text(locale, key).unwrap_or(key);
    let geo = c.geo;
    let code = giro.and_then(|g| g.code.as_ref());
    let text_width = match code {
        Some(_) => geo.content_width() - CODE_SIDE - GAP,
        None => geo.content_width(),
    };
    let regular = Style::regular(SIZE);
    let mut lines: Vec<String> = Vec::new();
    if let Some(g) = giro {
        let a = &g.account;
        if let Some(holder) = &a.holder {
            lines.push(format!("{}: {holder}", t("pdf.account_holder")));
        }
        lines.push(format!("{}: {}", t("pdf.iban"), a.iban));
        if let Some(bic) = &a.bic {
            lines.push(format!("{}: {bic}", t("pdf.bic")));
        }
        if let Some(bank) = &a.bank_name {
            lines.push(format!("{}: {bank}", t("pdf.bank")));
        }
    }
    let mut wrapped: Vec<String> = lines
        .iter()
        .flat_map(|l| c.fonts.wrap(Face::Regular, SIZE, l, text_width))
        .collect();
    if let Some(text) = free_text {
        wrapped.extend(c.fonts.wrap(Face::Regular, SIZE, text, text_width));
    }

    let heading_height = 13.0;
    let caption_height = 22.0;
    let text_height = heading_height + wrapped.len() as f32 * LINE;
    let code_height = code.map_or(0.0, |_| CODE_SIDE + caption_height);
    let height = text_height.max(code_height);
    // Together on one page when it fits on one; a longer free text continues line by line.
    c.ensure(height.min(c.geo.bottom - c.geo.top - 40.0));
    let top = c.y;
    c.text(
        geo.left,
        c.y + SIZE,
        Style::bold(SIZE),
        Align::Left,
        heading,
    );
    c.y += heading_height;
    if let Some(qr) = code {
        let total = qr.size() + 2 * QUIET_ZONE;
        let module = CODE_SIDE / total as f32;
        let left = geo.right - CODE_SIDE;
        let quiet = QUIET_ZONE as f32 * module;
        // Modules past u16 cannot occur (version 13 has 69 per side).
        let runs = qr
            .runs()
            .into_iter()
            .filter_map(|(row, col, len)| {
                Some((
                    u16::try_from(row).ok()?,
                    u16::try_from(col).ok()?,
                    u16::try_from(len).ok()?,
                ))
            })
            .collect();
        c.modules(left + quiet, top + quiet, module, runs);
        // The caption centred under the code.
        let caption = top + CODE_SIDE;
        let centre = left + CODE_SIDE / 2.0;
        for (style, text, baseline) in [
            (Style::bold(8.0), t("pdf.girocode"), caption + 8.0),
            (
                Style::regular(7.0).muted(),
                t("pdf.girocode_hint"),
                caption + 18.0,
            ),
        ] {
            let width = c.fonts.width(style.face, style.size, text);
            let x = (centre - width / 2.0).min(geo.right - width);
            c.text(x, baseline, style, Align::Left, text);
        }
    }
    // The code is placed first, so a free text long enough to break the page cannot carry
    // it onto the next one.
    for line in &wrapped {
        c.ensure(LINE);
        c.text(geo.left, c.y + SIZE, regular, Align::Left, line);
        c.y += LINE;
    }
    if c.y >= top {
        // Still on the block's page: below the code too.
        c.y = c.y.max(top + code_height);
    }
    c.y += 10.0;
}
