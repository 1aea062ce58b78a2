//! Reminders as documents and emails: reads of issued reminders and their frozen PDFs (staff
//! and portal), and the email a dunning run queues for each reminder it issues. The run itself
//! (finding due invoices, building and inserting reminders) is `service::dunning`; it freezes
//! each reminder's PDF with `Files::freeze_reminder_in` and queues its email with
//! [`Crm::queue_reminder_email`], both inside its transaction.

use serde_json::{Value, json};

use super::{Crm, Ctx, Entity, Error, InvoicePdf, PortalCtx};
use crate::domain::{Attachment, Client, ClientId, Company, Reminder, ReminderId, TemplateKind};
use crate::i18n::{self, Arg};
use crate::ports::StoreTx;
use crate::render::format;

/// Where the link in a reminder email leads: the client's statement, the portal's start page,
/// which lists every open invoice with what is due.
const PORTAL_TARGET: &str = "/";

impl Crm {
    /// A reminder of the company.
    pub async fn reminder(&self, ctx: &Ctx, id: ReminderId) -> Result<Reminder, Error> {
        self.store
            .reminder(ctx.company, id)
            .await?
            .ok_or(Error::NotFound(Entity::Reminder))
    }

    /// A client's reminders, newest first.
    pub async fn reminders_of_client(
        &self,
        ctx: &Ctx,
        client: ClientId,
    ) -> Result<Vec<Reminder>, Error> {
        Ok(self.store.reminders_of_client(ctx.company, client).await?)
    }

    /// A reminder and its frozen PDF (the bytes rendered when it was issued, with their hash).
    pub async fn reminder_pdf(
        &self,
        ctx: &Ctx,
        id: ReminderId,
    ) -> Result<(Reminder, InvoicePdf), Error> {
        let reminder = self.reminder(ctx, id).await?;
        let pdf = self.files().reminder_pdf(&reminder).await?;
        Ok((reminder, pdf))
    }

    /// A reminder of the signed-in client; another client's is not found.
    pub async fn portal_reminder(
        &self,
        portal: &PortalCtx,
        id: ReminderId,
    ) -> Result<Reminder, Error> {
        self.store
            .reminder(portal.company, id)
            .await?
            .filter(|r| r.client_id == portal.client)
            .ok_or(Error::NotFound(Entity::Reminder))
    }

    /// The frozen PDF of a reminder of the signed-in client; another client's is not found.
    pub async fn portal_reminder_pdf(
        &self,
        portal: &PortalCtx,
        id: ReminderId,
    ) -> Result<(Reminder, InvoicePdf), Error> {
        let reminder = self.portal_reminder(portal, id).await?;
        let pdf = self.files().reminder_pdf(&reminder).await?;
        Ok((reminder, pdf))
    }

    /// Queues the email of an issued `reminder` inside the caller's transaction: the template
    /// of its level ([`TemplateKind::for_dunning`], with the company's and client's
    /// overrides), its frozen PDF attached, and a reusable link to the client's statement in
    /// the portal. `client` must be the reminder's client.
    // Called by the dunning run (`service::dunning`), which is written alongside.
    #[allow(dead_code)]
    pub(crate) async fn queue_reminder_email(
        &self,
        tx: &mut dyn StoreTx,
        company: &Company,
        client: &Client,
        reminder: &Reminder,
    ) -> Result<(), Error> {
        if client.id != reminder.client_id {
            return Err(Error::NotFound(Entity::Client));
        }
        self.queue_document_email(
            tx,
            company,
            client,
            TemplateKind::for_dunning(reminder.level),
            reminder_vars(reminder),
            Some(Attachment::Reminder(reminder.id)),
            PORTAL_TARGET,
        )
        .await
    }
}

/// The template variables of a reminder email (`reminder.*`), in the reminder's language.
pub(crate) fn reminder_vars(r: &Reminder) -> Value {
    let l = r.bill_to.locale.unwrap_or_default();
    let money = |v| format::money(v, r.currency, l);
    let title = i18n::text(l, r.level.label_key()).unwrap_or(r.level.as_str());
    let invoices: Vec<String> = r
        .items
        .iter()
        .map(|i| {
            i18n::text_args(
                l,
                "email.reminder.invoice_line",
                &[
                    ("number", Arg::from(i.number.clone())),
                    ("due_date", Arg::from(format::date(i.due_date, l))),
                    ("amount", Arg::from(money(i.total()))),
                ],
            )
        })
        .collect();
    json!({
        "reminder": {
            "title": title,
            "number": r.number,
            "issue_date": format::date(r.issue_date, l),
            "due_date": format::date(r.due_date, l),
            "open": money(r.open()),
            "interest": money(r.interest()),
            "fees": money(r.fees()),
            "total": money(r.total()),
            "invoices": invoices.join("\n"),
        },
    })
}

/// The file name of a reminder's PDF: `Mahnung-MA-00001.pdf` / `Reminder-MA-00001.pdf`.
pub(crate) fn reminder_file_name(r: &Reminder) -> String {
    let l = r.bill_to.locale.unwrap_or_default();
    let stem = i18n::text(l, "reminder.file_stem").unwrap_or("Mahnung");
    crate::render::zip::sanitize_file_name(&format!("{stem}-{}.pdf", r.number))
}
