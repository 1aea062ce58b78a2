//! Dunning runs: find the open invoices a level is due for, and issue one reminder per client
//! listing them — each (invoice, level) exactly once. What staff do by hand is in
//! [`super::dunning_staff`].
//!
//! # Exactly once
//! A run reads the candidates without locks, then per client, in one transaction, locks each
//! invoice (in id order, so two runs never wait on each other in a circle), then the client
//! (the lock order of every use case: documents before their client), and decides again
//! from what the lock returns: paid, cancelled, put on hold (`processing`) or already dunned
//! at that level by another run meanwhile, and the invoice drops out. A Stripe payment
//! arriving in the same second either commits first (the run sees the invoice paid) or waits
//! for the run's commit. Behind that check, the storage refuses a second (invoice, level)
//! item ([`crate::ports::DocumentTx::insert_reminder`]), so even a store that failed to lock
//! could not issue it twice; such a client is skipped and counted in the report.
//!
//! # Catching up
//! The level comes from [`level_due`]: after days without a run, an invoice gets one letter at
//! the next level, and the level after it waits its full period from this letter.
//!
//! # What a reminder claims (this version)
//! - **Principal**: the invoice's open balance; interest runs on what was open each day, from
//!   the payments' value dates (credits count from the start; refunds are netted into their
//!   payment).
//! - **Interest** (§288 BGB) only at levels that claim it, and only while the base-rate table
//!   knows today (a stale table would claim a rate nobody published); otherwise none, and the
//!   report names the company so staff update the table.
//! - **Fees**: the fees of every level reached so far (the 40 € of §288 Abs. 5 BGB once), for
//!   business clients and invoices in euros only (the statute's amount is in euros).
//!
//! # Fees and interest are claims
//! Issuing a letter sets the invoice's [`DunningCosts`] to what it claims — the fees of every
//! level reached (they never fall) and the interest recomputed from the start (lower after a
//! credit, never below what was paid) — and adds the change to the client's "fees and
//! interest outstanding" in the same transaction. The letter shows what is still open of each: a payment settles fees first,
//! then interest, then the principal ([`Invoice::apply_payment`], §367 BGB), and only its
//! principal part stops interest from running. A waiver forgives what is open.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Days, NaiveDate, Utc};
use rust_decimal::Decimal;

use super::{Crm, Ctx, Entity, Error};
use crate::domain::money::round;
use crate::domain::{
    ActivityKind, Actor, BillTo, Client, ClientId, ClientKind, ClientMetrics, Company, CompanyId,
    Currency, DunningCosts, DunningLevel, DunningMark, DunningSchedule, DunningSettings, Invoice,
    InvoiceId, NumberFormat, Payment, PrincipalStep, Reminder, ReminderId, ReminderItem, Seller,
    default_interest, level_due,
};
use crate::ports::{DunningCandidate, Sequence, StoreError, StoreTx};

/// A level an open invoice is due for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueLevel {
    /// The client.
    pub client_id: ClientId,
    /// The invoice.
    pub invoice_id: InvoiceId,
    /// Its due date.
    pub due_date: NaiveDate,
    /// The level it is due for.
    pub level: DunningLevel,
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DunningReport {
    /// The reminders issued, one per client.
    pub issued: Vec<Reminder>,
    /// Due levels left for the next run: the invoice changed between the selection and its
    /// lock, or another run issued the level meanwhile.
    pub skipped: usize,
    /// Companies whose base-rate table does not cover today: their reminders claimed no
    /// interest.
    pub outdated_base_rates: Vec<CompanyId>,
    /// Clients whose letter could not be issued (its transaction rolled back, nothing of it
    /// written); the run went on with the others, and the next run tries again.
    pub failed: Vec<DunningFailure>,
}

/// A client a run could not issue its letter to, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DunningFailure {
    /// The company.
    pub company_id: CompanyId,
    /// The client.
    pub client_id: ClientId,
    /// The error, as its message.
    pub error: String,
}

/// The levels due on `today` among `candidates`: under the client's own schedule where `own`
/// has one, else under the company's `schedule` (a dry run's answer).
pub fn due_levels(
    schedule: &DunningSchedule,
    own: &HashMap<ClientId, DunningSchedule>,
    candidates: &[DunningCandidate],
    today: NaiveDate,
) -> Vec<DueLevel> {
    candidates
        .iter()
        .filter_map(|c| {
            let last = c.dunning.map(|m| (m.level, m.on));
            let schedule = own.get(&c.client_id).unwrap_or(schedule);
            level_due(schedule, c.due_date, last, today).map(|level| DueLevel {
                client_id: c.client_id,
                invoice_id: c.invoice_id,
                due_date: c.due_date,
                level,
            })
        })
        .collect()
}

impl Crm {
    /// The dry run: what a run on `today` would issue for the company, oldest due first.
    pub async fn dunning_due(&self, ctx: &Ctx, today: NaiveDate) -> Result<Vec<DueLevel>, Error> {
        let company = self
            .store
            .company(ctx.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        let (candidates, own) = self.candidates(ctx.company, today).await?;
        Ok(due_levels(
            &company.settings.dunning.schedule,
            &own,
            &candidates,
            today,
        ))
    }

    /// The candidates of clients without a dunning block holding on `today`, and the own
    /// schedules of the clients that have one.
    async fn candidates(
        &self,
        company: CompanyId,
        today: NaiveDate,
    ) -> Result<(Vec<DunningCandidate>, HashMap<ClientId, DunningSchedule>), Error> {
        let mut blocked = HashSet::new();
        let mut own = HashMap::new();
        for e in self.store.dunning_exceptions(company).await? {
            if e.block.as_ref().is_some_and(|b| b.holds_on(today)) {
                blocked.insert(e.client_id);
            }
            if let Some(schedule) = e.schedule {
                own.insert(e.client_id, schedule);
            }
        }
        let mut candidates = self.store.dunning_candidates(company, today).await?;
        candidates.retain(|c| !blocked.contains(&c.client_id));
        Ok((candidates, own))
    }

    /// The periodic run at `now`: every company with dunning enabled, on the day `now` falls
    /// on (UTC).
    pub async fn run_dunning(&self, now: DateTime<Utc>) -> Result<DunningReport, Error> {
        let today = now.date_naive();
        let mut report = DunningReport::default();
        for company in self.store.companies().await? {
            if !company.settings.dunning.enabled {
                continue;
            }
            let ctx = Ctx::new(company.id, Actor::System);
            self.run_company(&ctx, &company, today, &mut report).await?;
        }
        Ok(report)
    }

    /// Runs dunning for the company of `ctx` on `today`, also when its periodic run is off
    /// (staff starting it by hand).
    pub async fn run_dunning_for(
        &self,
        ctx: &Ctx,
        today: NaiveDate,
    ) -> Result<DunningReport, Error> {
        let company = self
            .store
            .company(ctx.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        let mut report = DunningReport::default();
        self.run_company(ctx, &company, today, &mut report).await?;
        Ok(report)
    }

    async fn run_company(
        &self,
        ctx: &Ctx,
        company: &Company,
        today: NaiveDate,
        report: &mut DunningReport,
    ) -> Result<(), Error> {
        let settings = &company.settings.dunning;
        if !settings.base_rates().is_current(today) {
            report.outdated_base_rates.push(company.id);
        }
        let (candidates, own) = self.candidates(company.id, today).await?;
        let mut by_client: BTreeMap<ClientId, Vec<DueLevel>> = BTreeMap::new();
        for due in due_levels(&settings.schedule, &own, &candidates, today) {
            by_client.entry(due.client_id).or_default().push(due);
        }
        for (client, due) in by_client {
            match self
                .issue_reminder(ctx, company, client, &due, today, false)
                .await
            {
                Ok(Some(reminder)) => {
                    report.skipped += due.len() - reminder.items.len();
                    report.issued.push(reminder);
                }
                Ok(None) => report.skipped += due.len(),
                // Another run issued one of its levels first: the next run looks again.
                Err(Error::Storage(StoreError::Conflict("reminder_item"))) => {
                    report.skipped += due.len();
                }
                // One client's letter failing (a template that no longer renders, a fault of
                // the store) must not keep the others from theirs.
                Err(e) => report.failed.push(DunningFailure {
                    company_id: company.id,
                    client_id: client,
                    error: e.to_string(),
                }),
            }
        }
        Ok(())
    }

    /// Issues one reminder to `client` for the invoices of `due` still due under their locks;
    /// `None` when none is.
    pub(super) async fn issue_reminder(
        &self,
        ctx: &Ctx,
        company: &Company,
        client_id: ClientId,
        due: &[DueLevel],
        today: NaiveDate,
        by_hand: bool,
    ) -> Result<Option<Reminder>, Error> {
        let mut ids: Vec<InvoiceId> = due.iter().map(|d| d.invoice_id).collect();
        ids.sort();
        ids.dedup();
        let mut tx = self.store.begin().await?;
        // The lock order of every use case: documents first (in id order), then the client.
        // The payments are read under the invoice's lock, and only where something was paid:
        // an invoice with nothing paid on it has no payment that could lower its principal.
        let mut locked = Vec::new();
        for id in ids {
            if let Some(invoice) = tx.invoice_for_update(ctx.company, id).await? {
                let paid = !invoice.amount_paid.is_zero() || !invoice.costs().paid().is_zero();
                let payments = if paid {
                    tx.invoice_payments(ctx.company, id).await?
                } else {
                    Vec::new()
                };
                locked.push((invoice, payments));
            }
        }
        let Some(client) = tx.client_for_update(ctx.company, client_id).await? else {
            return Ok(None);
        };
        // Archived meanwhile, or blocked meanwhile (checked again under the client's lock).
        if client.archived
            || client
                .dunning_block
                .as_ref()
                .is_some_and(|b| b.holds_on(today))
        {
            return Ok(None);
        }
        let settings = &company.settings.dunning;
        let mut items = Vec::new();
        for (invoice, paid) in locked {
            if let Some(due) = item_due(&invoice, &paid, &client, settings, today, by_hand) {
                items.push((invoice, due));
            }
        }
        if items.is_empty() {
            return Ok(None);
        }
        items.sort_by_key(|(i, due)| (due.item.due_date, i.id));
        let reminder = self
            .reminder_of(&mut *tx, company, &client, &items, today)
            .await?;
        tx.insert_reminder(&reminder).await?;
        let now = self.clock.now();
        let mut delta = ClientMetrics::default();
        for (mut invoice, due) in items {
            let before = invoice.clone();
            invoice.dunning = Some(DunningMark {
                level: due.item.level,
                on: today,
                reminder: Some(reminder.id),
                waived: invoice.dunning.is_some_and(|m| m.waived),
                costs: due.costs,
            });
            invoice.updated_at = now;
            tx.update_invoice(&invoice).await?;
            delta = delta + ClientMetrics::delta(Some(&before), &invoice);
        }
        // The fees and interest claimed become part of what the client owes, in the same
        // transaction as the letter (metrics are locked last, like every use case).
        tx.add_client_metrics(ctx.company, client.id, &delta)
            .await?;
        // The letter is a document: frozen (PDF + hash) and emailed in the same transaction.
        self.files().freeze_reminder_in(&mut *tx, &reminder).await?;
        self.queue_reminder_email(&mut *tx, company, &client, &reminder)
            .await?;
        self.log(
            &mut *tx,
            ctx,
            client.id,
            ActivityKind::ReminderIssued,
            Some(reminder.number.clone()),
        )
        .await?;
        tx.commit().await?;
        Ok(Some(reminder))
    }

    /// The reminder of `items`, numbered from the company's reminder range.
    async fn reminder_of(
        &self,
        tx: &mut dyn StoreTx,
        company: &Company,
        client: &Client,
        items: &[(Invoice, ItemDue)],
        today: NaiveDate,
    ) -> Result<Reminder, Error> {
        let settings = &company.settings.dunning;
        let format = NumberFormat::stored(&settings.reminder_prefix);
        let period = format.period(today, company.settings.yearly_reset);
        let n = tx
            .next_number(company.id, Sequence::Reminder, period)
            .await?;
        let level = items
            .iter()
            .map(|(_, due)| due.item.level)
            .max()
            .unwrap_or(DunningLevel::Reminder);
        let due_date = today
            .checked_add_days(Days::new(u64::from(settings.payment_days)))
            .unwrap_or(today);
        Ok(Reminder {
            id: ReminderId::new(),
            company_id: company.id,
            client_id: client.id,
            number: format.format(n, today),
            level,
            issue_date: today,
            due_date,
            currency: items
                .first()
                .map_or(client.currency, |(invoice, _)| invoice.currency),
            items: items.iter().map(|(_, due)| due.item.clone()).collect(),
            seller: Seller::of(company),
            bill_to: BillTo::of(client, company.address.country()),
            created_at: self.clock.now(),
        })
    }
}

/// The levels `client` is dunned on: its own, or the company's.
pub(super) fn schedule_of<'a>(client: &'a Client, company: &'a Company) -> &'a DunningSchedule {
    client
        .dunning_schedule
        .as_ref()
        .unwrap_or(&company.settings.dunning.schedule)
}

/// What one invoice adds to a letter: its line, and its fees and interest as they are claimed
/// once the letter is issued.
struct ItemDue {
    item: ReminderItem,
    costs: DunningCosts,
}

/// The item `invoice` (locked, with its payments) adds to a reminder on `today`, or `None`
/// when it is not due any more. `by_hand`: staff send the next level now, without waiting
/// its days.
fn item_due(
    invoice: &Invoice,
    payments: &[Payment],
    client: &Client,
    settings: &DunningSettings,
    today: NaiveDate,
    by_hand: bool,
) -> Option<ItemDue> {
    let (Some(number), Some(issue_date), Some(due_date), true) = (
        invoice.number.clone(),
        invoice.issue_date,
        invoice.due_date,
        invoice.is_overdue(today),
    ) else {
        return None;
    };
    let last = invoice.dunning.map(|m| (m.level, m.on));
    let schedule = client
        .dunning_schedule
        .as_ref()
        .unwrap_or(&settings.schedule);
    let level = if by_hand {
        schedule.next(last.map(|(l, _)| l))?.level
    } else {
        level_due(schedule, due_date, last, today)?
    };
    // Waived by staff: later letters claim the principal only.
    let waived = invoice.dunning.is_some_and(|m| m.waived);
    let rule = schedule.rule(level)?;
    let table = settings.base_rates();
    let (accrued, interest_segments) =
        if rule.charges_interest && !waived && table.is_current(today) {
            let (principal, steps) = principal_steps(invoice, payments, due_date);
            // The steps are built valid; what remains is a due date before the table's first
            // rate, for which nothing can be claimed exactly: then none is.
            match default_interest(principal, &steps, due_date, today, client.kind, &table) {
                Ok(b) if invoice.currency == Currency::EUR => (Some(b.total), b.segments),
                // Rounded once, to the invoice currency's own minor unit.
                Ok(b) => {
                    let exact: Decimal = b.segments.iter().map(|s| s.amount).sum();
                    (Some(round(exact, invoice.currency)), b.segments)
                }
                Err(_) => (None, Vec::new()),
            }
        } else {
            (None, Vec::new())
        };
    let mut costs = invoice.costs();
    if !waived {
        let fees = fees_reached(schedule, level, client.kind, invoice.currency);
        costs.claim(fees, accrued);
    }
    let item = ReminderItem {
        invoice_id: invoice.id,
        number,
        issue_date,
        due_date,
        level,
        open: invoice.balance,
        interest: costs.interest_open(),
        interest_segments,
        fee: costs.fees_open(),
    };
    Some(ItemDue { item, costs })
}

/// What the invoice asked for on its due date, and how that changed with each later payment
/// (by value date; several on one day are one step).
fn principal_steps(
    invoice: &Invoice,
    payments: &[Payment],
    due_date: NaiveDate,
) -> (Decimal, Vec<PrincipalStep>) {
    // Only what a payment applied to the principal lowers it: the parts that settled fees
    // and interest first (§367 BGB) leave it bearing interest.
    let net = |p: &Payment| p.net_applied().principal;
    let asked = invoice.totals.total - invoice.credited;
    let before: Decimal = payments
        .iter()
        .filter(|p| p.date <= due_date)
        .map(net)
        .sum();
    let mut later: BTreeMap<NaiveDate, Decimal> = BTreeMap::new();
    for p in payments.iter().filter(|p| p.date > due_date) {
        *later.entry(p.date).or_default() += net(p);
    }
    let principal = (asked - before).max(Decimal::ZERO);
    let mut open = principal;
    let steps = later
        .into_iter()
        .map(|(from, amount)| {
            open = (open - amount).max(Decimal::ZERO);
            PrincipalStep { from, open }
        })
        .collect();
    (principal, steps)
}

/// The fees of every level of `schedule` up to and including `level`, for a client of `kind`
/// and an invoice in `currency` (fees are in euros; other currencies carry none).
fn fees_reached(
    schedule: &DunningSchedule,
    level: DunningLevel,
    kind: ClientKind,
    currency: Currency,
) -> Decimal {
    if currency != Currency::EUR {
        return Decimal::ZERO;
    }
    schedule
        .rules()
        .iter()
        .filter(|r| r.level <= level)
        .map(|r| r.fee_for(kind))
        .sum()
}
