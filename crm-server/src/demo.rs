//! `CRM_DEMO=1`: a realistic demo company, so every screen has something to show.
//!
//! The data is made through the public use cases (nothing is written behind the core's back),
//! by a second `Crm` whose clock walks through the past eleven months: invoices are issued,
//! paid late or on time, some left overdue, one partly paid, one cancelled by a cancellation
//! invoice, one reduced by a credit note; quotes approved, rejected and expired; tickets open,
//! answered and closed. German and English clients with VAT IDs.

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use crm_core::domain::{
    Actor, AddressInput, BankAccountInput, Client, ClientInput, Company, ContactInput, InvoiceId,
    LegalDetailsInput, LineItemInput, PaymentMethod, ServicePeriod, SupplyKind, Unit,
};
use crm_core::ports::{Clock, ManualClock};
use crm_core::service::{
    CancelInput, CompanyInput, CreditInput, Entity, InvoiceInput, PaymentInput, PortalCtx,
    QuoteInput,
};
use crm_core::{Crm, Ctx, Error};
use rust_decimal::Decimal;

/// The demo company's name; its presence marks a seeded database.
pub const DEMO_COMPANY: &str = "Muster Software GmbH";

struct Seeder {
    crm: Crm,
    clock: Arc<ManualClock>,
    staff: Ctx,
}

fn at(day: NaiveDate, hour: u32) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_hms_opt(hour, 0, 0).unwrap_or_default())
}

fn line(description: &str, quantity: i64, cents: i64, rate: i64) -> LineItemInput {
    LineItemInput {
        description: description.into(),
        quantity: Decimal::from(quantity),
        unit_price: Decimal::new(cents, 2),
        tax_rate: Decimal::from(rate),
        discount: Decimal::ZERO,
        ..Default::default()
    }
}

/// The same line billed in `unit` (days, hours) rather than as a count.
fn billed_in(unit: Unit, line: LineItemInput) -> LineItemInput {
    LineItemInput {
        unit: Some(unit),
        ..line
    }
}

/// A line of goods (decides intra-community supply and export).
fn goods(description: &str, quantity: i64, cents: i64, rate: i64) -> LineItemInput {
    LineItemInput {
        kind: Some(SupplyKind::Goods),
        ..line(description, quantity, cents, rate)
    }
}

fn address(street: &str, city: &str, postal: &str, country: &str) -> AddressInput {
    AddressInput {
        street: street.into(),
        city: city.into(),
        state: None,
        postal_code: postal.into(),
        country: country.into(),
    }
}

impl Seeder {
    fn on(&self, day: NaiveDate) {
        self.clock.set(at(day, 10));
    }

    fn portal(&self, client: &Client) -> Result<PortalCtx, Error> {
        let contact = client
            .primary_contact()
            .ok_or(Error::NotFound(Entity::Contact))?;
        Ok(PortalCtx {
            company: self.staff.company,
            client: client.id,
            contact: contact.id,
            confirmed: true,
        })
    }

    async fn client(
        &self,
        name: &str,
        contact: (&str, &str),
        address: AddressInput,
        tax_id: Option<&str>,
        currency: &str,
        locale: &str,
    ) -> Result<Client, Error> {
        self.crm
            .create_client(
                &self.staff,
                &ClientInput {
                    name: name.into(),
                    contacts: vec![ContactInput {
                        name: contact.0.into(),
                        email: contact.1.into(),
                        primary: true,
                        ..Default::default()
                    }],
                    address,
                    tax_id: tax_id.map(Into::into),
                    currency: Some(currency.into()),
                    locale: Some(locale.into()),
                    ..Default::default()
                },
            )
            .await
    }

    /// Issues an invoice on `day` (due after `terms` days) and pays `paid` of it `after`
    /// days later (`None`: not paid).
    async fn invoice(
        &self,
        client: &Client,
        day: NaiveDate,
        items: Vec<LineItemInput>,
        terms: i64,
        pay: Option<(i64, Option<Decimal>)>,
    ) -> Result<InvoiceId, Error> {
        self.on(day);
        let inv = self
            .crm
            .create_invoice(
                &self.staff,
                &InvoiceInput {
                    client_id: client.id,
                    items,
                    due_date: Some(day + Duration::days(terms)),
                    // Delivered or performed on the day of the invoice.
                    service_period: Some(ServicePeriod::on(day)),
                    ..Default::default()
                },
            )
            .await?;
        let inv = self.crm.issue_invoice(&self.staff, inv.id).await?;
        if let Some((after, amount)) = pay {
            let pay_day = day + Duration::days(after);
            if pay_day > self.today() {
                return Ok(inv.id);
            }
            self.on(pay_day);
            self.crm
                .record_payment(
                    &self.staff,
                    inv.id,
                    &PaymentInput {
                        amount: amount.unwrap_or(inv.balance),
                        currency: None,
                        date: None,
                        method: if after % 2 == 0 {
                            PaymentMethod::BankTransfer
                        } else {
                            PaymentMethod::Card
                        },
                        reference: None,
                        send_receipt: false,
                    },
                )
                .await?;
        }
        Ok(inv.id)
    }

    async fn quote(
        &self,
        client: &Client,
        day: NaiveDate,
        valid: i64,
        items: Vec<LineItemInput>,
    ) -> Result<crm_core::domain::Quote, Error> {
        self.on(day);
        self.crm
            .create_quote(
                &self.staff,
                &QuoteInput {
                    client_id: client.id,
                    items,
                    valid_until: Some(day + Duration::days(valid)),
                    notes: None,
                },
            )
            .await
    }

    fn today(&self) -> NaiveDate {
        Utc::now().date_naive()
    }
}

/// Seeds the demo company through `crm`'s store (by a copy of `crm` on a walking clock) and
/// returns it with a staff context. Emails that the story would send are queued like any
/// other (they go to the dev mailbox).
///
/// # Errors
/// The first use case that fails.
pub async fn seed(crm: &Crm) -> Result<(Company, Ctx), Error> {
    let today = Utc::now().date_naive();
    let start = today - Duration::days(330);
    let clock = Arc::new(ManualClock::new(at(start, 9)));
    let crm = crm.clone().with_clock(clock.clone() as Arc<dyn Clock>);
    let company = crm
        .create_company(&CompanyInput {
            name: DEMO_COMPANY.into(),
            email: "rechnung@muster-software.example.com".into(),
            address: address("Friedrichstraße 123", "Berlin", "10117", "DE"),
            tax_id: Some("DE136695976".into()),
            currency: "EUR".into(),
            locale: "de-DE".into(),
        })
        .await?;
    let staff = Ctx::new(company.id, Actor::staff("Demo"));
    // Printed on invoices with a GiroCode, and shown in the portal instead of "Pay now" when
    // no Stripe key is configured.
    crm.set_bank_account(
        &staff,
        Some(&BankAccountInput {
            holder: None,
            iban: "DE02 1203 0000 0000 2020 51".into(),
            bic: Some("BYLADEM1001".into()),
            bank_name: Some("Deutsche Kreditbank".into()),
        }),
    )
    .await?;
    crm.update_company_legal(
        &staff,
        &LegalDetailsInput {
            tax_number: Some("37/123/45678".into()),
            tax_number_state: Some("BE".into()),
            legal_form: Some("GmbH".into()),
            registered_seat: Some("Berlin".into()),
            register_court: Some("Amtsgericht Charlottenburg".into()),
            register_number: Some("HRB 123456 B".into()),
            managing_directors: vec!["Erika Mustermann".into(), "Max Beispiel".into()],
            contact_name: Some("Buchhaltung".into()),
            contact_phone: Some("+49 30 1234567".into()),
            contact_email: Some("buchhaltung@muster-software.example.com".into()),
            ..Default::default()
        },
    )
    .await?;
    // A small generated logo: in the letterhead of every demo document and the portal header.
    crm.set_logo(&staff, crm_core::domain::logo::samples::png(240, 80))
        .await?;
    let s = Seeder { crm, clock, staff };

    let mueller = s
        .client(
            "Müller & Söhne KG",
            ("Jürgen Müller", "juergen@mueller-soehne.example.com"),
            address("Leopoldstraße 7", "München", "80802", "DE"),
            Some("DE 136 695 976"),
            "EUR",
            "de-DE",
        )
        .await?;
    let acme = s
        .client(
            "Acme Trading Ltd",
            ("Jane Smith", "jane.smith@acme-trading.example.com"),
            address("10 Downing Lane", "Dublin", "D02 X285", "IE"),
            Some("IE6388047V"),
            "EUR",
            "en-GB",
        )
        .await?;
    let nordlicht = s
        .client(
            "Nordlicht Design GmbH",
            ("Anna Schmidt", "anna@nordlicht-design.example.com"),
            address("Speicherstadt 3", "Hamburg", "20457", "DE"),
            Some("DE811569869"),
            "EUR",
            "de-DE",
        )
        .await?;
    let alpine = s
        .client(
            "Alpine Consulting AG",
            ("Peter Huber", "peter.huber@alpine-consulting.example.com"),
            address("Mariahilfer Straße 1", "Wien", "1060", "AT"),
            Some("ATU13585627"),
            "EUR",
            "de-DE",
        )
        .await?;
    let brightside = s
        .client(
            "Brightside Analytics BV",
            ("Tom de Vries", "tom@brightside.example.com"),
            address("Keizersgracht 100", "Amsterdam", "1015 CV", "NL"),
            Some("NL004495445B01"),
            "EUR",
            "en-GB",
        )
        .await?;

    // Monthly retainers: Müller pays within two weeks, Acme is slower, Nordlicht lapses.
    for m in 0..11i64 {
        let day = start + Duration::days(m * 30 + 1);
        s.invoice(
            &mueller,
            day,
            vec![
                line("Wartung und Support", 1, 49_000, 19),
                line("Hosting", 1, 8_900, 19),
                goods("Fachbuch „Wartbare Software“", 1, 3_990, 7),
            ],
            14,
            Some((9 + m % 4, None)),
        )
        .await?;
        s.invoice(
            &acme,
            day + Duration::days(3),
            vec![line("Software licence (seats)", 12, 2_900, 0)],
            30,
            Some((25 + (m % 3) * 10, None)),
        )
        .await?;
        let nord_pay = if m < 8 { Some((20, None)) } else { None };
        s.invoice(
            &nordlicht,
            day + Duration::days(5),
            vec![billed_in(
                Unit::Day,
                line("Designsprint (Tage)", 2, 95_000, 19),
            )],
            14,
            nord_pay,
        )
        .await?;
    }
    // Alpine: a goods delivery to Austria (intra-community supply), partly paid; one power
    // supply came back, so a credit note takes it off.
    let alpine_delivery = s
        .invoice(
            &alpine,
            today - Duration::days(40),
            vec![
                goods("Industrie-PC IPC-4000", 2, 189_000, 0),
                goods("Ersatznetzteil", 4, 8_750, 0),
            ],
            30,
            Some((12, Some(Decimal::new(150_000, 2)))),
        )
        .await?;
    s.on(today - Duration::days(20));
    s.crm
        .credit_invoice(
            &s.staff,
            alpine_delivery,
            &CreditInput {
                items: vec![goods("Ersatznetzteil (zurückgesandt)", 1, 8_750, 0)],
                reason: Some("Rücksendung eines Netzteils".into()),
            },
        )
        .await?;
    // Zürich: a Swiss business client; services are not taxable in Germany, goods are an
    // export.
    let zuerich = s
        .client(
            "Zürich Präzision AG",
            ("Urs Meier", "urs.meier@zuerich-praezision.example.com"),
            address("Bahnhofstrasse 10", "Zürich", "8001", "CH"),
            Some("CHE-116.281.710 MWST"),
            "EUR",
            "de-DE",
        )
        .await?;
    s.invoice(
        &zuerich,
        today - Duration::days(25),
        vec![billed_in(
            Unit::Day,
            line("Schnittstellenberatung (Tage)", 3, 110_000, 0),
        )],
        30,
        Some((10, None)),
    )
    .await?;
    s.invoice(
        &zuerich,
        today - Duration::days(12),
        vec![goods("Industrie-PC IPC-4000", 1, 189_000, 0)],
        30,
        None,
    )
    .await?;
    // Brightside: an open invoice not yet due, a cancelled one and a draft.
    s.invoice(
        &brightside,
        today - Duration::days(6),
        vec![line("Data pipeline audit", 1, 320_000, 0)],
        30,
        None,
    )
    .await?;
    s.on(today - Duration::days(20));
    let wrong = s
        .crm
        .create_invoice(
            &s.staff,
            &InvoiceInput {
                client_id: brightside.id,
                items: vec![line("Workshop (wrong rate)", 1, 180_000, 0)],
                ..Default::default()
            },
        )
        .await?;
    s.crm.issue_invoice(&s.staff, wrong.id).await?;
    // Issued with the wrong rate: a cancellation invoice takes it back (the original stays).
    s.crm
        .cancel_invoice_with(
            &s.staff,
            wrong.id,
            &CancelInput {
                reason: Some("Issued with the wrong day rate".into()),
            },
        )
        .await?;
    s.on(today - Duration::days(1));
    s.crm
        .create_invoice(
            &s.staff,
            &InvoiceInput {
                client_id: brightside.id,
                items: vec![line("Dashboard build, phase 2", 10, 110_000, 0)],
                ..Default::default()
            },
        )
        .await?;

    // Quotes: approved and converted, rejected with a reason, expired, open, draft.
    let q = s
        .quote(
            &alpine,
            today - Duration::days(60),
            30,
            vec![billed_in(Unit::Hour, line("Projektleitung", 24, 12_000, 0))],
        )
        .await?;
    s.crm.send_quote(&s.staff, q.id).await?;
    s.on(today - Duration::days(55));
    s.crm
        .portal_approve_quote(&s.portal(&alpine)?, q.id)
        .await?;
    let q = s
        .quote(
            &acme,
            today - Duration::days(45),
            30,
            vec![line("Premium support upgrade", 1, 240_000, 0)],
        )
        .await?;
    s.crm.send_quote(&s.staff, q.id).await?;
    s.on(today - Duration::days(40));
    s.crm
        .portal_reject_quote(
            &s.portal(&acme)?,
            q.id,
            Some("Budget is frozen until next quarter."),
        )
        .await?;
    let q = s
        .quote(
            &nordlicht,
            today - Duration::days(90),
            14,
            vec![line("Markenrelaunch Konzept", 1, 480_000, 19)],
        )
        .await?;
    s.crm.send_quote(&s.staff, q.id).await?;
    let q = s
        .quote(
            &brightside,
            today - Duration::days(4),
            30,
            vec![line("Dashboard build, phase 3", 12, 110_000, 0)],
        )
        .await?;
    s.crm.send_quote(&s.staff, q.id).await?;
    s.quote(
        &mueller,
        today - Duration::days(2),
        30,
        vec![billed_in(
            Unit::Hour,
            line("Schulung (Stunden)", 8, 9_500, 19),
        )],
    )
    .await?;

    // Tickets: one waiting on staff, one answered, one closed.
    s.on(today - Duration::days(3));
    s.crm
        .open_ticket(
            &s.portal(&mueller)?,
            "Rechnungsadresse ändern",
            "Bitte senden Sie künftige Rechnungen an unsere neue Buchhaltung in der Leopoldstraße 9.",
        )
        .await?;
    s.on(today - Duration::days(10));
    let t = s
        .crm
        .open_ticket(
            &s.portal(&acme)?,
            "VAT on the licence invoices",
            "Could you confirm the reverse-charge note on our invoices?",
        )
        .await?;
    s.on(today - Duration::days(9));
    s.crm
        .staff_reply_ticket(
            &s.staff,
            t.id,
            "Demo",
            "Yes: as an Irish business with a valid VAT ID, the reverse charge applies.",
        )
        .await?;
    s.on(today - Duration::days(30));
    let t = s
        .crm
        .open_ticket(
            &s.portal(&nordlicht)?,
            "Zugang zum Portal",
            "Wie lade ich alle Rechnungen auf einmal herunter?",
        )
        .await?;
    s.on(today - Duration::days(29));
    s.crm
        .staff_reply_ticket(
            &s.staff,
            t.id,
            "Demo",
            "Markieren Sie die Rechnungen und wählen Sie „Auswahl herunterladen“.",
        )
        .await?;
    s.crm.close_ticket(&s.staff, t.id).await?;

    let staff = s.staff.clone();
    Ok((company, staff))
}
