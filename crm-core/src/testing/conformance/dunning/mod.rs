//! Dunning area: runs with a walking clock issue each (invoice, level) once, catch up after an
//! outage with one letter, stop for what was paid meanwhile, and concurrent runs issue once.

use super::*;
use crate::domain::{
    BaseRateEntry, BaseRateTable, ClientKind, DunningLevel, PrincipalStep, Reminder,
    default_interest,
};
use crate::service::DunningReport;

mod claims;
pub use claims::*;

/// Runs this area's cases, each on a fresh store from `make`.
pub async fn run<F, Fut>(make: &F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Arc<dyn Store>>,
{
    an_invoice_walks_through_every_level_once(make().await).await;
    a_payment_between_runs_stops_the_next_level(make().await).await;
    an_outage_yields_one_reminder_at_the_next_level(make().await).await;
    concurrent_runs_issue_each_level_once(make().await).await;
    a_dunning_block_holds_the_client_out_until_its_end(make().await).await;
    staff_send_skip_and_waive_by_hand(make().await).await;
    a_payment_racing_a_run_never_deadlocks(make().await).await;
    payments_settle_fees_then_interest_then_principal(make().await).await;
    reminders_are_in_the_document_history(make().await).await;
    a_clients_own_levels_replace_the_companys(make().await).await;
    one_clients_failing_letter_leaves_the_others(make().await).await;
    a_payment_of_fees_alone_stays_refundable(make().await).await;
    paid_means_nothing_owed_and_waived_stays_waived(make().await).await;
    a_credit_lowers_the_interest_the_next_letter_claims(make().await).await;
}

/// Base rates for the tests' period: fixed example values (the built-in table stops where
/// the published values do).
fn test_rates() -> BaseRateTable {
    let e = |d: &str, p: &str| BaseRateEntry {
        valid_from: d.parse().unwrap(),
        percent: self::d(p),
    };
    BaseRateTable::new(vec![
        e("2026-01-01", "1.27"),
        e("2026-07-01", "1.50"),
        e("2027-01-01", "2.00"),
    ])
    .unwrap()
}

/// A company dunning with the default schedule and [`test_rates`].
async fn dunning_company(f: &Fixture) -> Ctx {
    let (company, ctx) = f.company("Muster GmbH").await;
    let mut settings = company.settings.clone();
    settings.dunning.base_rates = Some(test_rates());
    f.crm.update_company_settings(&ctx, settings).await.unwrap();
    ctx
}

/// Noon UTC of `day`.
fn noon(day: NaiveDate) -> chrono::DateTime<Utc> {
    day.and_hms_opt(12, 0, 0).unwrap().and_utc()
}

/// Moves the clock to `day` and runs.
async fn run_on(f: &Fixture, day: NaiveDate) -> DunningReport {
    f.clock.set(noon(day));
    f.crm.run_dunning(noon(day)).await.unwrap()
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub async fn an_invoice_walks_through_every_level_once(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let ctx = dunning_company(&f).await;
    let client = f.client(&ctx, "Alpha").await;
    // Issued 2026-11-27, 14 days' terms: due 2026-12-11, 119.00 open.
    let inv = f.issued_invoice(&ctx, &client, "100").await;
    assert_eq!(inv.due_date, Some(date("2026-12-11")));
    // The dry run before the first level is due lists nothing, and writes nothing.
    assert!(
        f.crm
            .dunning_due(&ctx, date("2026-12-17"))
            .await
            .unwrap()
            .is_empty()
    );
    let due = f.crm.dunning_due(&ctx, date("2026-12-18")).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].level, DunningLevel::Reminder);
    assert!(
        f.store()
            .reminders_of_client(ctx.company, client.id)
            .await
            .unwrap()
            .is_empty()
    );

    let mut issued: Vec<(NaiveDate, Reminder)> = Vec::new();
    let mut day = date("2026-12-01");
    while day <= date("2027-03-31") {
        for r in run_on(&f, day).await.issued {
            issued.push((day, r));
        }
        day = day.succ_opt().unwrap();
    }
    let levels: Vec<(NaiveDate, DunningLevel)> =
        issued.iter().map(|(d, r)| (*d, r.level)).collect();
    assert_eq!(
        levels,
        vec![
            (date("2026-12-18"), DunningLevel::Reminder),
            (date("2027-01-01"), DunningLevel::First),
            (date("2027-01-15"), DunningLevel::Second),
            (date("2027-01-29"), DunningLevel::Final),
        ],
        "each level once, each after its wait"
    );
    let numbers: Vec<&str> = issued.iter().map(|(_, r)| r.number.as_str()).collect();
    assert_eq!(numbers, ["MA-00001", "MA-00002", "MA-00003", "MA-00004"]);

    // The reminder claims nothing extra; the 1st Mahnung the 40 € and interest from the day
    // after the due date, kept on every later letter.
    let reminder = &issued[0].1;
    assert_eq!(reminder.items.len(), 1);
    assert_eq!(reminder.items[0].open, d("119.00"));
    assert_eq!(reminder.items[0].fee, Decimal::ZERO);
    assert_eq!(reminder.items[0].interest, Decimal::ZERO);
    assert_eq!(reminder.due_date, date("2026-12-25"));
    let first = &issued[1].1.items[0];
    assert_eq!(first.fee, d("40"));
    let expected = default_interest(
        d("119.00"),
        &[] as &[PrincipalStep],
        date("2026-12-11"),
        date("2027-01-01"),
        ClientKind::Business,
        &test_rates(),
    )
    .unwrap();
    assert_eq!(first.interest, expected.total);
    assert!(first.interest > Decimal::ZERO);
    assert_eq!(issued[3].1.items[0].fee, d("40"), "the flat fee once");

    // Stored as issued, the invoice marked, the activity logged.
    let stored = f
        .store()
        .reminders_of_client(ctx.company, client.id)
        .await
        .unwrap();
    assert_eq!(stored.len(), 4);
    assert_eq!(stored[0], issued[3].1, "newest first");
    assert_eq!(
        f.store()
            .reminder(ctx.company, issued[0].1.id)
            .await
            .unwrap()
            .as_ref(),
        Some(&issued[0].1)
    );
    // Each letter frozen (the same bytes every time) and emailed with its level's template
    // and its PDF.
    for (_, r) in &issued {
        let (_, pdf) = f.crm.reminder_pdf(&ctx, r.id).await.unwrap();
        let (_, again) = f.crm.reminder_pdf(&ctx, r.id).await.unwrap();
        assert!(pdf.sha256.is_some(), "frozen at issue");
        assert_eq!(pdf.bytes, again.bytes);
        assert!(pdf.bytes.starts_with(b"%PDF"));
    }
    let mails = f.store().outbox(ctx.company, 100).await.unwrap();
    let mut kinds: Vec<TemplateKind> = mails
        .iter()
        .filter(|m| matches!(m.attachment, Some(crate::domain::Attachment::Reminder(_))))
        .map(|m| m.kind)
        .collect();
    kinds.sort_by_key(|k| k.as_str());
    let mut want = vec![
        TemplateKind::DunningReminder,
        TemplateKind::DunningFirst,
        TemplateKind::DunningSecond,
        TemplateKind::DunningFinal,
    ];
    want.sort_by_key(|k| k.as_str());
    assert_eq!(kinds, want, "one email per letter, in its level's template");
    let inv = f.crm.invoice(&ctx, inv.id).await.unwrap();
    let mark = inv.dunning.unwrap();
    assert_eq!(
        (mark.level, mark.on, mark.reminder, mark.waived),
        (
            DunningLevel::Final,
            date("2027-01-29"),
            Some(issued[3].1.id),
            false
        )
    );
    let logged = f
        .crm
        .activities(&ctx, client.id, 100)
        .await
        .unwrap()
        .iter()
        .filter(|a| a.kind == crate::domain::ActivityKind::ReminderIssued)
        .count();
    assert_eq!(logged, 4);
    // Nothing after the final level, and another company's reminder is not found.
    assert!(run_on(&f, date("2027-06-01")).await.issued.is_empty());
    let (_, other) = f.company("Andere GmbH").await;
    assert_eq!(
        f.store()
            .reminder(other.company, issued[0].1.id)
            .await
            .unwrap(),
        None
    );
    f.assert_metrics_consistent(&ctx, client.id).await;
}

pub async fn a_payment_between_runs_stops_the_next_level(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let ctx = dunning_company(&f).await;
    let alpha = f.client(&ctx, "Alpha").await;
    let beta = f.client(&ctx, "Beta").await;
    let paid = f.issued_invoice(&ctx, &alpha, "100").await;
    let partly = f.issued_invoice(&ctx, &beta, "100").await;
    let r = run_on(&f, date("2026-12-18")).await;
    assert_eq!(r.issued.len(), 2, "one letter per client");
    f.crm
        .record_payment(&ctx, paid.id, &pay("119.00"))
        .await
        .unwrap();
    let mut part = pay("19.00");
    part.date = Some(date("2026-12-20"));
    f.crm.record_payment(&ctx, partly.id, &part).await.unwrap();
    let r = run_on(&f, date("2027-01-01")).await;
    assert_eq!(r.issued.len(), 1, "the paid invoice gets no 1st Mahnung");
    let item = &r.issued[0].items[0];
    assert_eq!(item.invoice_id, partly.id);
    assert_eq!(item.level, DunningLevel::First);
    assert_eq!(item.open, d("100.00"));
    // Interest on 119.00 until the payment's value date, on 100.00 after it.
    let expected = default_interest(
        d("119.00"),
        &[PrincipalStep {
            from: date("2026-12-20"),
            open: d("100.00"),
        }],
        date("2026-12-11"),
        date("2027-01-01"),
        ClientKind::Business,
        &test_rates(),
    )
    .unwrap();
    assert_eq!(item.interest, expected.total);
    f.assert_metrics_consistent(&ctx, alpha.id).await;
    f.assert_metrics_consistent(&ctx, beta.id).await;
}

pub async fn an_outage_yields_one_reminder_at_the_next_level(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let ctx = dunning_company(&f).await;
    let client = f.client(&ctx, "Alpha").await;
    let first = f.issued_invoice(&ctx, &client, "100").await;
    let second = f.issued_invoice(&ctx, &client, "50").await;
    // No run for 40 days after the due date: one letter, at the first level, for both.
    let r = run_on(&f, date("2027-01-20")).await;
    assert_eq!(r.issued.len(), 1);
    let letter = &r.issued[0];
    assert_eq!(letter.level, DunningLevel::Reminder);
    let mut ids: Vec<_> = letter.items.iter().map(|i| i.invoice_id).collect();
    ids.sort();
    let mut want = vec![first.id, second.id];
    want.sort();
    assert_eq!(ids, want);
    assert_eq!(letter.total(), d("178.50"));
    // The next level waits its full period from this letter.
    for day in ["2027-01-21", "2027-02-02"] {
        assert!(run_on(&f, date(day)).await.issued.is_empty(), "{day}");
    }
    let r = run_on(&f, date("2027-02-03")).await;
    assert_eq!(r.issued.len(), 1);
    assert_eq!(r.issued[0].level, DunningLevel::First);
}

pub async fn concurrent_runs_issue_each_level_once(store: Arc<dyn Store>) {
    let f = Arc::new(Fixture::new(store));
    let ctx = dunning_company(&f).await;
    for name in ["Alpha", "Beta", "Gamma", "Delta"] {
        let client = f.client(&ctx, name).await;
        f.issued_invoice(&ctx, &client, "100").await;
        f.issued_invoice(&ctx, &client, "10").await;
    }
    let day = date("2026-12-18");
    f.clock.set(noon(day));
    let runs: Vec<_> = (0..4)
        .map(|_| {
            let f = f.clone();
            tokio::spawn(async move { f.crm.run_dunning(noon(day)).await })
        })
        .collect();
    let mut issued = Vec::new();
    for run in runs {
        issued.extend(run.await.unwrap().unwrap().issued);
    }
    let mut items: Vec<(InvoiceId, DunningLevel)> = issued
        .iter()
        .flat_map(|r| r.items.iter().map(|i| (i.invoice_id, i.level)))
        .collect();
    assert_eq!(
        items.len(),
        8,
        "every invoice's reminder level exactly once"
    );
    items.sort();
    items.dedup();
    assert_eq!(items.len(), 8);
    let mut numbers: Vec<&str> = issued.iter().map(|r| r.number.as_str()).collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), issued.len(), "numbers are unique");
}

pub async fn a_dunning_block_holds_the_client_out_until_its_end(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let ctx = dunning_company(&f).await;
    let alpha = f.client(&ctx, "Alpha").await;
    let beta = f.client(&ctx, "Beta").await;
    f.issued_invoice(&ctx, &alpha, "100").await;
    f.issued_invoice(&ctx, &beta, "100").await;
    // Bad input: no reason, an end in the past — refused, nothing written.
    let refused = f
        .crm
        .set_dunning_block(&ctx, alpha.id, Some((" ", Some(date("2026-11-01")))))
        .await;
    match refused {
        Err(Error::Invalid(e)) => {
            let mut fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
            fields.sort();
            assert_eq!(fields, ["reason", "until"]);
        }
        other => panic!("expected field errors, got {other:?}"),
    }
    assert_eq!(
        f.crm.client(&ctx, alpha.id).await.unwrap().dunning_block,
        None
    );
    let blocked = f
        .crm
        .set_dunning_block(
            &ctx,
            alpha.id,
            Some(("Reklamation der Lieferung", Some(date("2026-12-20")))),
        )
        .await
        .unwrap();
    assert_eq!(f.crm.client(&ctx, alpha.id).await.unwrap(), blocked);
    // Held through the 20th: only Beta is reminded; the dry run agrees.
    let due = f.crm.dunning_due(&ctx, date("2026-12-18")).await.unwrap();
    assert!(due.iter().all(|d| d.client_id == beta.id) && due.len() == 1);
    let r = run_on(&f, date("2026-12-18")).await;
    assert_eq!(r.issued.len(), 1);
    assert_eq!(r.issued[0].client_id, beta.id);
    assert!(run_on(&f, date("2026-12-20")).await.issued.is_empty());
    // The day after its end, Alpha gets its (late) first letter.
    let r = run_on(&f, date("2026-12-21")).await;
    assert_eq!(r.issued.len(), 1);
    assert_eq!(r.issued[0].client_id, alpha.id);
    // Alpha's 1st Mahnung on 01-04; Beta's (due 01-01) is held by a block without an end,
    // then goes out the day it is lifted. Both changes logged.
    f.clock.set(noon(date("2026-12-31")));
    f.crm
        .set_dunning_block(&ctx, beta.id, Some(("Ratenzahlung vereinbart", None)))
        .await
        .unwrap();
    let r = run_on(&f, date("2027-01-04")).await;
    assert_eq!(r.issued.len(), 1);
    assert_eq!(r.issued[0].client_id, alpha.id);
    assert!(run_on(&f, date("2027-01-10")).await.issued.is_empty());
    f.crm.set_dunning_block(&ctx, beta.id, None).await.unwrap();
    let r = run_on(&f, date("2027-01-11")).await;
    assert_eq!(r.issued.len(), 1);
    assert_eq!(
        (r.issued[0].client_id, r.issued[0].level),
        (beta.id, DunningLevel::First)
    );
    let kinds: Vec<crate::domain::ActivityKind> = f
        .crm
        .activities(&ctx, beta.id, 100)
        .await
        .unwrap()
        .iter()
        .map(|a| a.kind)
        .collect();
    assert!(kinds.contains(&crate::domain::ActivityKind::DunningBlocked));
    assert!(kinds.contains(&crate::domain::ActivityKind::DunningUnblocked));
}

pub async fn staff_send_skip_and_waive_by_hand(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let ctx = dunning_company(&f).await;
    let client = f.client(&ctx, "Alpha").await;
    let inv = f.issued_invoice(&ctx, &client, "100").await;
    // Not overdue yet: nothing to send by hand.
    assert!(matches!(
        f.crm.send_reminder_now(&ctx, inv.id).await,
        Err(Error::Invoice(InvoiceError::Transition {
            action: "remind",
            ..
        }))
    ));
    // The day after the due date, staff send the payment reminder without waiting a week.
    f.clock.set(noon(date("2026-12-12")));
    let r = f.crm.send_reminder_now(&ctx, inv.id).await.unwrap();
    assert_eq!(r.level, DunningLevel::Reminder);
    assert_eq!(r.items[0].invoice_id, inv.id);
    assert!(
        f.crm
            .reminder_pdf(&ctx, r.id)
            .await
            .unwrap()
            .1
            .sha256
            .is_some()
    );
    // The run does not send it again; staff skip the 1st Mahnung.
    assert!(run_on(&f, date("2026-12-19")).await.issued.is_empty());
    let skipped = f.crm.skip_dunning_level(&ctx, inv.id).await.unwrap();
    let mark = skipped.dunning.unwrap();
    assert_eq!(
        (mark.level, mark.on, mark.reminder),
        (DunningLevel::First, date("2026-12-19"), None)
    );
    // Fees and interest waived: the 2nd Mahnung (14 days after the skip) claims the principal.
    f.crm.waive_dunning_claims(&ctx, inv.id).await.unwrap();
    assert!(matches!(
        f.crm.waive_dunning_claims(&ctx, inv.id).await,
        Err(Error::Invoice(InvoiceError::Transition {
            action: "waive",
            ..
        }))
    ));
    assert!(run_on(&f, date("2027-01-01")).await.issued.is_empty());
    let r = run_on(&f, date("2027-01-02")).await;
    assert_eq!(r.issued.len(), 1);
    let item = &r.issued[0].items[0];
    assert_eq!(item.level, DunningLevel::Second);
    assert_eq!((item.fee, item.interest), (Decimal::ZERO, Decimal::ZERO));
    assert!(
        f.crm
            .invoice(&ctx, inv.id)
            .await
            .unwrap()
            .dunning
            .unwrap()
            .waived
    );
    let kinds: Vec<crate::domain::ActivityKind> = f
        .crm
        .activities(&ctx, client.id, 100)
        .await
        .unwrap()
        .iter()
        .map(|a| a.kind)
        .collect();
    for k in [
        crate::domain::ActivityKind::DunningLevelSkipped,
        crate::domain::ActivityKind::DunningWaived,
        crate::domain::ActivityKind::ReminderIssued,
    ] {
        assert!(kinds.contains(&k), "{k:?}");
    }
    // Paid: nothing more to send.
    f.crm
        .record_payment(&ctx, inv.id, &pay("119.00"))
        .await
        .unwrap();
    assert!(f.crm.send_reminder_now(&ctx, inv.id).await.is_err());
    assert!(f.crm.skip_dunning_level(&ctx, inv.id).await.is_err());
}

/// A payment and a run on the same invoices at once: both finish (no deadlock: both lock the
/// invoice before the client), and a letter issued names only invoices still open when it
/// was decided.
pub async fn a_payment_racing_a_run_never_deadlocks(store: Arc<dyn Store>) {
    let f = Arc::new(Fixture::new(store));
    let ctx = dunning_company(&f).await;
    let client = f.client(&ctx, "Alpha").await;
    let mut invoices = Vec::new();
    for _ in 0..6 {
        invoices.push(f.issued_invoice(&ctx, &client, "100").await);
    }
    let day = date("2026-12-18");
    f.clock.set(noon(day));
    let run = {
        let f = f.clone();
        tokio::spawn(async move { f.crm.run_dunning(noon(day)).await })
    };
    let pays: Vec<_> = invoices
        .iter()
        .map(|inv| {
            let (f, ctx, id) = (f.clone(), ctx.clone(), inv.id);
            tokio::spawn(async move { f.crm.record_payment(&ctx, id, &pay("119.00")).await })
        })
        .collect();
    let report = run.await.unwrap().unwrap();
    for p in pays {
        p.await.unwrap().unwrap();
    }
    assert!(report.issued.len() <= 1);
    f.assert_metrics_consistent(&ctx, client.id).await;
    // Everything is paid now: nothing more is ever due.
    assert!(run_on(&f, date("2027-02-01")).await.issued.is_empty());
}

pub async fn reminders_are_in_the_document_history(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let ctx = dunning_company(&f).await;
    let client = f.client(&ctx, "Alpha").await;
    let other = f.client(&ctx, "Beta").await;
    let inv = f.issued_invoice(&ctx, &client, "100").await;
    let letter = run_on(&f, date("2026-12-18")).await.issued.remove(0);
    let history = |filter: HistoryFilter, client: ClientId| {
        let crm = &f.crm;
        let ctx = &ctx;
        async move {
            crm.document_history(ctx, client, &filter, None, 50)
                .await
                .unwrap()
                .items
        }
    };
    // Newest first: the letter, then the invoice.
    let all = history(HistoryFilter::default(), client.id).await;
    let kinds: Vec<(DocumentKind, uuid::Uuid)> = all.iter().map(|d| (d.kind, d.id)).collect();
    assert_eq!(
        kinds,
        vec![
            (DocumentKind::Reminder, letter.id.as_uuid()),
            (DocumentKind::Invoice, inv.id.as_uuid())
        ]
    );
    let row = &all[0];
    assert_eq!(row.number.as_deref(), Some("MA-00001"));
    assert_eq!(row.status, "issued");
    assert_eq!(row.issue_date, Some(date("2026-12-18")));
    assert_eq!(row.due_date, Some(letter.due_date));
    assert_eq!((row.total, row.balance), (d("119.00"), Decimal::ZERO));
    // Filtered by kind, by status, by dates; another client's history has none of it.
    let only = |kind| HistoryFilter {
        kind: Some(kind),
        ..HistoryFilter::default()
    };
    assert_eq!(
        history(only(DocumentKind::Reminder), client.id).await.len(),
        1
    );
    assert_eq!(
        history(only(DocumentKind::Credit), client.id).await.len(),
        0
    );
    let status = |s: &str| HistoryFilter {
        status: Some(s.into()),
        ..HistoryFilter::default()
    };
    assert_eq!(history(status("issued"), client.id).await.len(), 1);
    assert_eq!(
        history(status("sent"), client.id).await.len(),
        1,
        "the invoice"
    );
    let before = HistoryFilter {
        to: Some(date("2026-12-17")),
        ..HistoryFilter::default()
    };
    assert_eq!(history(before, client.id).await.len(), 1, "the invoice");
    assert!(history(HistoryFilter::default(), other.id).await.is_empty());
}

pub async fn a_clients_own_levels_replace_the_companys(store: Arc<dyn Store>) {
    use crate::domain::LevelRule;
    let f = Fixture::new(store);
    let ctx = dunning_company(&f).await;
    let own = f.client(&ctx, "Eigen").await;
    let usual = f.client(&ctx, "Standard").await;
    let a = f.issued_invoice(&ctx, &own, "100").await;
    let b = f.issued_invoice(&ctx, &usual, "100").await;
    let rule = |level, days, fee: &str, charges_interest| LevelRule {
        level,
        days,
        fee: d(fee),
        charges_interest,
    };
    // Refused as a whole, nothing written: not increasing, a negative fee.
    let bad = vec![
        rule(DunningLevel::First, 3, "0", false),
        rule(DunningLevel::Reminder, 0, "-5", false),
    ];
    let Err(Error::Invalid(e)) = f.crm.set_dunning_schedule(&ctx, own.id, Some(bad)).await else {
        panic!("refused")
    };
    let mut fields: Vec<&str> = e.0.iter().map(|x| x.field.as_str()).collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        ["levels[1].days", "levels[1].fee", "levels[1].level"]
    );
    assert_eq!(
        f.crm.client(&ctx, own.id).await.unwrap().dunning_schedule,
        None
    );
    // A reminder after 3 days, then straight to the final Mahnung 10 days later with 40 €.
    let levels = vec![
        rule(DunningLevel::Reminder, 3, "0", false),
        rule(DunningLevel::Final, 10, "40", true),
    ];
    let set = f
        .crm
        .set_dunning_schedule(&ctx, own.id, Some(levels.clone()))
        .await
        .unwrap();
    let stored = f.crm.client(&ctx, own.id).await.unwrap();
    assert_eq!(
        stored.dunning_schedule, set.dunning_schedule,
        "read back as set"
    );
    assert_eq!(
        stored.dunning_schedule.as_ref().map(|s| s.rules().to_vec()),
        Some(levels)
    );
    // The dry run and the runs follow each client's levels.
    let due = f.crm.dunning_due(&ctx, date("2026-12-14")).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(
        (due[0].invoice_id, due[0].level),
        (a.id, DunningLevel::Reminder)
    );
    let mut letters = Vec::new();
    let mut day = date("2026-12-12");
    while day <= date("2027-01-10") {
        for r in run_on(&f, day).await.issued {
            letters.push((day, r.client_id, r.level, r.fees()));
        }
        day = day.succ_opt().unwrap();
    }
    assert_eq!(
        letters,
        vec![
            (date("2026-12-14"), own.id, DunningLevel::Reminder, d("0")),
            (date("2026-12-18"), usual.id, DunningLevel::Reminder, d("0")),
            (date("2026-12-24"), own.id, DunningLevel::Final, d("40")),
            (date("2027-01-01"), usual.id, DunningLevel::First, d("40")),
        ]
    );
    let _ = b;
    // Back to the company's levels: logged both times.
    let back = f
        .crm
        .set_dunning_schedule(&ctx, own.id, None)
        .await
        .unwrap();
    assert_eq!(back.dunning_schedule, None);
    let changes = f
        .crm
        .activities(&ctx, own.id, 100)
        .await
        .unwrap()
        .iter()
        .filter(|a| a.kind == crate::domain::ActivityKind::DunningScheduleChanged)
        .count();
    assert_eq!(changes, 2);
    f.assert_metrics_consistent(&ctx, own.id).await;
}

pub async fn one_clients_failing_letter_leaves_the_others(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let ctx = dunning_company(&f).await;
    let broken = f.client(&ctx, "Kaputt").await;
    let fine = f.client(&ctx, "Heil").await;
    let a = f.issued_invoice(&ctx, &broken, "100").await;
    f.issued_invoice(&ctx, &fine, "100").await;
    // A template that no longer renders, stored without the check staff's saves go through
    // (written by an older version, or straight into the store by the embedding app).
    let mut tx = f.store().begin().await.unwrap();
    let bad = EmailTemplate {
        subject: "Mahnung {{#if}}".into(),
        body: "{{#each".into(),
    };
    tx.put_client_template(ctx.company, broken.id, TemplateKind::DunningReminder, &bad)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let r = run_on(&f, date("2026-12-18")).await;
    assert_eq!(r.issued.len(), 1, "the other client is reminded");
    assert_eq!(r.issued[0].client_id, fine.id);
    assert_eq!(r.failed.len(), 1);
    assert_eq!(r.failed[0].client_id, broken.id);
    assert!(!r.failed[0].error.is_empty());
    // Nothing of the failed letter was written: no reminder, no mark, no number used.
    assert!(
        f.store()
            .reminders_of_client(ctx.company, broken.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(f.crm.invoice(&ctx, a.id).await.unwrap().dunning, None);
    assert_eq!(r.issued[0].number, "MA-00001");
    f.assert_metrics_consistent(&ctx, broken.id).await;
    // Repaired, the next run issues it.
    let mut tx = f.store().begin().await.unwrap();
    tx.delete_client_template(ctx.company, broken.id, TemplateKind::DunningReminder)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let r = run_on(&f, date("2026-12-19")).await;
    assert_eq!(r.issued.len(), 1);
    assert_eq!(r.issued[0].client_id, broken.id);
    assert_eq!(r.issued[0].number, "MA-00002");
}
