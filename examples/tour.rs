//! `cargo run --example tour` — walks one client through its life on the embedded SQLite store
//! (`crm-data/crm.db`, or `CRM_DATABASE_URL`) and prints the client's 360° dashboard.
//!
//! A company is created, a client with a German VAT ID, a quote that the client approves and
//! that becomes an invoice, a partial payment, a second invoice paid in full with a receipt, and
//! a support ticket answered by staff. Emails land in the transactional outbox.

use std::error::Error;

use crm::domain::{
    Actor, AddressInput, ClientInput, ContactInput, HistoryFilter, LineItemInput, PaymentMethod,
};
use crm::render::format;
use crm::service::{CompanyInput, InvoiceInput, PaymentInput, PortalCtx, QuoteInput};
use crm::{Crm, CrmConfig, Ctx};
use rust_decimal::Decimal;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let url =
        std::env::var("CRM_DATABASE_URL").unwrap_or_else(|_| "sqlite://crm-data/crm.db".into());
    let store = crm::storage::open(&url, &Default::default()).await?;
    let crm = Crm::new(store, CrmConfig::default());

    let company = crm
        .create_company(&CompanyInput {
            name: "Muster Software GmbH".into(),
            email: "rechnung@muster-software.example.com".into(),
            address: AddressInput {
                street: "Friedrichstraße 123".into(),
                city: "Berlin".into(),
                state: None,
                postal_code: "10117".into(),
                country: "DE".into(),
            },
            tax_id: Some("DE136695976".into()),
            currency: "EUR".into(),
            locale: "de-DE".into(),
        })
        .await?;
    let staff = Ctx::new(company.id, Actor::staff("Erika Admin"));

    let client = crm
        .create_client(
            &staff,
            &ClientInput {
                name: "Müller & Söhne KG".into(),
                contacts: vec![ContactInput {
                    name: "Jürgen Müller".into(),
                    email: "juergen@mueller-soehne.example.com".into(),
                    phone: Some("+49 89 1234567".into()),
                    primary: true,
                    ..Default::default()
                }],
                address: AddressInput {
                    street: "Leopoldstraße 7".into(),
                    city: "München".into(),
                    state: Some("Bayern".into()),
                    postal_code: "80802".into(),
                    country: "DE".into(),
                },
                tax_id: Some("DE 136 695 976".into()),
                ..Default::default()
            },
        )
        .await?;
    println!("Kunde {} angelegt: {}", client.number, client.name);

    let line = |description: &str, quantity: i64, cents: i64, rate: i64| LineItemInput {
        description: description.into(),
        quantity: Decimal::from(quantity),
        unit_price: Decimal::new(cents, 2),
        tax_rate: Decimal::from(rate),
        discount: Decimal::ZERO,
        ..Default::default()
    };

    // A quote, approved by the client in the portal, converted into an invoice.
    let quote = crm
        .create_quote(
            &staff,
            &QuoteInput {
                client_id: client.id,
                items: vec![
                    line("Einrichtung CRM", 1, 150_000, 19),
                    line("Schulung (Stunden)", 8, 9_500, 19),
                ],
                valid_until: None,
                notes: Some("Wir freuen uns auf die Zusammenarbeit.".into()),
            },
        )
        .await?;
    let quote = crm.send_quote(&staff, quote.id).await?;
    let contact = client
        .primary_contact()
        .map(|c| c.id)
        .ok_or("no primary contact")?;
    let portal = PortalCtx {
        company: company.id,
        client: client.id,
        contact,
        confirmed: true,
    };
    crm.portal_approve_quote(&portal, quote.id).await?;
    let invoice = crm.convert_quote(&staff, quote.id).await?;
    let invoice = crm.send_invoice(&staff, invoice.id).await?;
    crm.record_payment(
        &staff,
        invoice.id,
        &PaymentInput {
            amount: Decimal::new(100_000, 2),
            currency: None,
            date: None,
            method: PaymentMethod::BankTransfer,
            reference: Some("SEPA-2026-0001".into()),
            send_receipt: true,
        },
    )
    .await?;

    // A second, smaller invoice, paid in full.
    let second = crm
        .create_invoice(
            &staff,
            &InvoiceInput {
                client_id: client.id,
                items: vec![
                    line("Wartung November", 1, 24_900, 19),
                    line("Fachbuch", 2, 3_990, 7),
                ],
                ..Default::default()
            },
        )
        .await?;
    let second = crm.send_invoice(&staff, second.id).await?;
    crm.record_payment(
        &staff,
        second.id,
        &PaymentInput {
            amount: second.balance,
            currency: None,
            date: None,
            method: PaymentMethod::Card,
            reference: None,
            send_receipt: true,
        },
    )
    .await?;

    // A support ticket, answered by staff (the reply is emailed).
    let ticket = crm
        .open_ticket(
            &portal,
            "Frage zur Schulung",
            "Können wir die Schulung auf zwei Tage verteilen?",
        )
        .await?;
    crm.staff_reply_ticket(
        &staff,
        ticket.id,
        "Erika Admin",
        "Sehr gern, wir melden uns mit Terminen.",
    )
    .await?;

    let dash = crm.dashboard(&staff, client.id).await?;
    let l = client.locale;
    let m = |d: Decimal| format::money(d, dash.currency, l);
    println!("\n360° — {} ({})", dash.client.name, dash.client.number);
    println!("  Umsatz gesamt:  {}", m(dash.metrics.total_invoiced));
    println!("  Bezahlt:        {}", m(dash.metrics.total_paid));
    println!("  Offen:          {}", m(dash.metrics.outstanding));
    println!("\n  Belege:");
    let docs = crm
        .document_history(&staff, client.id, &HistoryFilter::default(), None, 20)
        .await?;
    for d in docs.items {
        println!(
            "    {:<8} {:<10} {:<10} {:>14}  offen {:>12}",
            d.kind.as_str(),
            d.number.unwrap_or_else(|| "Entwurf".into()),
            d.status,
            m(d.total),
            m(d.balance)
        );
    }
    println!("\n  Aktivitäten:");
    for a in crm.activities(&staff, client.id, 20).await?.iter().rev() {
        println!(
            "    {}  {:<20} {}",
            a.at.format("%H:%M:%S"),
            a.kind.as_str(),
            a.detail.clone().unwrap_or_default()
        );
    }
    println!("\n  Postausgang (Outbox):");
    for e in crm.store().outbox(company.id, 20).await?.iter().rev() {
        println!("    an {} — {}", e.to_email, e.subject);
    }
    let recomputed = crm.recompute_metrics(&staff, client.id).await?;
    assert_eq!(
        recomputed, dash.metrics,
        "metrics must equal a recomputation"
    );
    println!("\nKennzahlen stimmen mit einer Neuberechnung überein. Datenbank: {url}");
    Ok(())
}
