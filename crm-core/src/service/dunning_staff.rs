//! What staff do by hand in dunning: stop or resume reminders for a client, give a client
//! its own levels, send an invoice's next level now, skip it, or waive its fees and interest.
//! Each is one transaction and one entry in the client's activity log.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::dunning::{DueLevel, schedule_of};
use super::{Crm, Ctx, Entity, Error};
use crate::domain::{
    ActivityKind, Client, ClientId, ClientMetrics, DunningBlock, DunningMark, DunningSchedule,
    Invoice, InvoiceError, InvoiceId, InvoiceStatus, LevelRule, Reminder,
};

impl Crm {
    /// Stops reminders for a client (`Some`: a reason and an optional last day, refused when
    /// it is empty or the day is past) or lifts the block (`None`); logged either way.
    pub async fn set_dunning_block(
        &self,
        ctx: &Ctx,
        client_id: ClientId,
        block: Option<(&str, Option<NaiveDate>)>,
    ) -> Result<Client, Error> {
        let today = self.clock.today();
        let block = block
            .map(|(reason, until)| DunningBlock::new(reason, until, today))
            .transpose()?;
        let mut tx = self.store.begin().await?;
        let mut client = tx
            .client_for_update(ctx.company, client_id)
            .await?
            .ok_or(Error::NotFound(Entity::Client))?;
        let (kind, detail) = match &block {
            Some(b) => (ActivityKind::DunningBlocked, Some(b.reason.clone())),
            None => (ActivityKind::DunningUnblocked, None),
        };
        client.dunning_block = block;
        client.updated_at = self.clock.now();
        tx.update_client(&client).await?;
        self.log(&mut *tx, ctx, client.id, kind, detail).await?;
        tx.commit().await?;
        Ok(client)
    }

    /// Staff send the next level for one invoice now, without waiting its days (the order of
    /// levels still holds): a reminder of its own, frozen and emailed like a run's.
    ///
    /// # Errors
    /// [`InvoiceError::Transition`] (action `remind`) when the invoice is not open or its last
    /// level was issued; [`Error::ClientArchived`]-like refusals come back as `None` from the
    /// run and are reported as the same transition error.
    pub async fn send_reminder_now(&self, ctx: &Ctx, id: InvoiceId) -> Result<Reminder, Error> {
        let today = self.clock.today();
        let invoice = self
            .store
            .invoice(ctx.company, id)
            .await?
            .ok_or(Error::NotFound(Entity::Invoice))?;
        let company = self
            .store
            .company(ctx.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        let client = self
            .store
            .client(ctx.company, invoice.client_id)
            .await?
            .ok_or(Error::NotFound(Entity::Client))?;
        let refused = InvoiceError::Transition {
            from: invoice.status,
            action: "remind",
        };
        let next = schedule_of(&client, &company)
            .next(invoice.dunning.map(|m| m.level))
            .map(|r| r.level);
        let (Some(due_date), Some(level)) = (invoice.due_date.filter(|d| *d < today), next) else {
            return Err(refused.into());
        };
        let due = [DueLevel {
            client_id: invoice.client_id,
            invoice_id: id,
            due_date,
            level,
        }];
        self.issue_reminder(ctx, &company, invoice.client_id, &due, today, true)
            .await?
            .ok_or_else(|| refused.into())
    }

    /// Staff skip the next level of an open invoice: it counts as reached today, without a
    /// letter (the level after it waits from today). Logged with the level's name.
    pub async fn skip_dunning_level(&self, ctx: &Ctx, id: InvoiceId) -> Result<Invoice, Error> {
        let today = self.clock.today();
        // Read before the transaction (a store may not be read beside an open one); the
        // client's levels are staff's setting, not part of what the lock protects.
        let owner = self
            .store
            .invoice(ctx.company, id)
            .await?
            .ok_or(Error::NotFound(Entity::Invoice))?
            .client_id;
        let client = self
            .store
            .client(ctx.company, owner)
            .await?
            .ok_or(Error::NotFound(Entity::Client))?;
        let mut tx = self.store.begin().await?;
        let company = tx
            .company(ctx.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        let mut invoice = tx
            .invoice_for_update(ctx.company, id)
            .await?
            .ok_or(Error::NotFound(Entity::Invoice))?;
        let open = matches!(invoice.status, InvoiceStatus::Sent | InvoiceStatus::Partial)
            && invoice.balance > Decimal::ZERO;
        let next = schedule_of(&client, &company)
            .next(invoice.dunning.map(|m| m.level))
            .map(|r| r.level);
        let Some(level) = next.filter(|_| open) else {
            return Err(InvoiceError::Transition {
                from: invoice.status,
                action: "skip_level",
            }
            .into());
        };
        invoice.dunning = Some(DunningMark {
            level,
            on: today,
            reminder: None,
            waived: invoice.dunning.is_some_and(|m| m.waived),
            costs: invoice.costs(),
        });
        invoice.updated_at = self.clock.now();
        tx.update_invoice(&invoice).await?;
        let detail = format!(
            "{} {}",
            invoice.number.clone().unwrap_or_default(),
            level.as_str()
        );
        self.log(
            &mut *tx,
            ctx,
            invoice.client_id,
            ActivityKind::DunningLevelSkipped,
            Some(detail),
        )
        .await?;
        tx.commit().await?;
        Ok(invoice)
    }

    /// Staff waive the fees and interest of an invoice that has been dunned: what is open of
    /// them is forgiven (what was paid stays paid) and later letters claim only its
    /// principal. The client's metrics drop the forgiven part in the same transaction. Logged.
    pub async fn waive_dunning_claims(&self, ctx: &Ctx, id: InvoiceId) -> Result<Invoice, Error> {
        let mut tx = self.store.begin().await?;
        let mut invoice = tx
            .invoice_for_update(ctx.company, id)
            .await?
            .ok_or(Error::NotFound(Entity::Invoice))?;
        let before = invoice.clone();
        let Some(mark) = invoice.dunning.as_mut().filter(|m| !m.waived) else {
            return Err(InvoiceError::Transition {
                from: invoice.status,
                action: "waive",
            }
            .into());
        };
        mark.waived = true;
        mark.costs.waive();
        invoice.updated_at = self.clock.now();
        tx.update_invoice(&invoice).await?;
        let delta = ClientMetrics::delta(Some(&before), &invoice);
        tx.add_client_metrics(ctx.company, invoice.client_id, &delta)
            .await?;
        self.log(
            &mut *tx,
            ctx,
            invoice.client_id,
            ActivityKind::DunningWaived,
            invoice.number.clone(),
        )
        .await?;
        tx.commit().await?;
        Ok(invoice)
    }

    /// Gives a client its own dunning levels (`Some`: validated like the company's, see
    /// [`DunningSchedule::new`]; field errors name `levels[i].…`) or back the company's
    /// (`None`). Invoices already dunned keep the level they reached; the next level and its
    /// days come from the new schedule. Logged.
    pub async fn set_dunning_schedule(
        &self,
        ctx: &Ctx,
        client_id: ClientId,
        levels: Option<Vec<LevelRule>>,
    ) -> Result<Client, Error> {
        let schedule = levels.map(DunningSchedule::new).transpose()?;
        let mut tx = self.store.begin().await?;
        let mut client = tx
            .client_for_update(ctx.company, client_id)
            .await?
            .ok_or(Error::NotFound(Entity::Client))?;
        let detail = if schedule.is_some() { "own" } else { "company" };
        client.dunning_schedule = schedule;
        client.updated_at = self.clock.now();
        tx.update_client(&client).await?;
        self.log(
            &mut *tx,
            ctx,
            client.id,
            ActivityKind::DunningScheduleChanged,
            Some(detail.to_owned()),
        )
        .await?;
        tx.commit().await?;
        Ok(client)
    }
}
