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

    /// The signed-in client's reminders, newest first.
    pub async fn portal_reminders(&self, portal: &PortalCtx) -> Result<Vec<Reminder>, Error> {
        Ok(self
            .store
            .reminders_of_client(portal.company, portal.client)
            .await?)
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

#[cfg(all(test, feature = "testing"))]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::domain::{BillTo, DunningLevel, ReminderItem, Seller, logo::samples};
    use crate::ports::{DocumentRenderer, TemplateEngine};
    use crate::render::{HandlebarsEngine, PdfRenderer};
    use crate::testing::conformance::d;
    use crate::testing::{Fixture, MemoryStore};

    fn reminder(company: &Company, client: &Client, invoice: &crate::domain::Invoice) -> Reminder {
        let date = |s: &str| s.parse().expect("date");
        Reminder {
            id: ReminderId::new(),
            company_id: company.id,
            client_id: client.id,
            number: "MA-00001".into(),
            level: DunningLevel::First,
            issue_date: date("2026-12-20"),
            due_date: date("2027-01-03"),
            currency: crate::domain::Currency::EUR,
            items: vec![ReminderItem {
                invoice_id: invoice.id,
                number: invoice.number.clone().expect("issued"),
                issue_date: invoice.issue_date.expect("issued"),
                due_date: invoice.due_date.expect("issued"),
                level: DunningLevel::First,
                open: invoice.balance,
                interest: d("0"),
                interest_segments: Vec::new(),
                fee: d("40"),
            }],
            seller: Seller::of(company),
            bill_to: BillTo::of(client, company.address.country()),
            created_at: chrono::Utc::now(),
        }
    }

    #[tokio::test]
    async fn a_frozen_reminder_is_served_scoped_and_attached_to_its_email() {
        let f = Fixture::new(Arc::new(MemoryStore::new()));
        let (_, ctx) = f.company("Muster GmbH").await;
        // With a logo: frozen from the bytes read inside the transaction.
        f.crm
            .set_logo(&ctx, samples::png(120, 40))
            .await
            .expect("logo");
        let company = f.crm.company(&ctx).await.expect("company");
        let client = f.client(&ctx, "Alpha").await;
        let other = f.client(&ctx, "Beta").await;
        let invoice = f.issued_invoice(&ctx, &client, "100").await;
        let r = reminder(&company, &client, &invoice);

        let mut tx = f.store().begin().await.expect("begin");
        tx.insert_reminder(&r).await.expect("insert");
        f.crm
            .files()
            .freeze_reminder_in(&mut *tx, &r)
            .await
            .expect("freeze");
        f.crm
            .queue_reminder_email(&mut *tx, &company, &client, &r)
            .await
            .expect("queue");
        tx.commit().await.expect("commit");

        let (read, pdf) = f.crm.reminder_pdf(&ctx, r.id).await.expect("pdf");
        assert_eq!(read, r);
        assert!(pdf.bytes.starts_with(b"%PDF-"));
        assert_eq!(
            pdf.sha256,
            Some(crate::domain::DocumentHash::of(&pdf.bytes))
        );
        // The frozen bytes are what rendering the reminder with its logo gives.
        let logo = f.crm.logo(&ctx).await.expect("logo").expect("a logo");
        let again = PdfRenderer::new()
            .expect("renderer")
            .reminder(&r, Some(&logo))
            .expect("render");
        assert_eq!(again, pdf.bytes);
        assert_eq!(
            f.crm
                .reminders_of_client(&ctx, client.id)
                .await
                .expect("list"),
            vec![r.clone()]
        );

        let portal = |client: &Client| PortalCtx {
            company: ctx.company,
            client: client.id,
            contact: client.primary_contact().expect("contact").id,
            confirmed: false,
        };
        let (_, in_portal) = f
            .crm
            .portal_reminder_pdf(&portal(&client), r.id)
            .await
            .expect("own reminder");
        assert_eq!(in_portal, pdf);
        assert!(matches!(
            f.crm.portal_reminder_pdf(&portal(&other), r.id).await,
            Err(Error::NotFound(Entity::Reminder))
        ));

        let queued = f.store().outbox(ctx.company, 10).await.expect("outbox");
        let email = queued
            .iter()
            .find(|e| e.kind == TemplateKind::DunningFirst)
            .expect("the reminder's email");
        assert_eq!(email.attachment, Some(Attachment::Reminder(r.id)));
        assert_eq!(email.subject, "1. Mahnung MA-00001");
        let number = invoice.number.as_deref().expect("number");
        assert!(email.text_body.contains(number), "{}", email.text_body);
        assert!(
            email.text_body.contains("03.01.2027"),
            "{}",
            email.text_body
        );
        assert_eq!(
            email.link.as_ref().and_then(|l| l.target.as_deref()),
            Some(PORTAL_TARGET)
        );

        let composer = crate::service::MailComposer::new(
            f.store().clone(),
            Arc::new(PdfRenderer::new().expect("renderer")),
        );
        let files = composer
            .attachments(&company, Attachment::Reminder(r.id))
            .await
            .expect("attachment");
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].file_name, "Mahnung-MA-00001.pdf");
        assert_eq!(files[0].bytes, pdf.bytes);
        assert_eq!(files[0].mime_type, "application/pdf");
    }

    #[tokio::test]
    async fn reminder_variables_fill_every_built_in_template() {
        let f = Fixture::new(Arc::new(MemoryStore::new()));
        let (_, ctx) = f.company("Muster GmbH").await;
        let company = f.crm.company(&ctx).await.expect("company");
        let client = f.client(&ctx, "Alpha").await;
        let invoice = f.issued_invoice(&ctx, &client, "100").await;
        let mut r = reminder(&company, &client, &invoice);
        let engine = HandlebarsEngine::new();
        for locale in [crate::domain::Locale::De, crate::domain::Locale::En] {
            r.bill_to.locale = Some(locale);
            let mut context = json!({
                "company": { "name": company.name, "email": company.email.as_str() },
                "client": { "name": client.name, "number": client.number },
                "contact": { "name": "Erika" },
                "portal_url": "https://crm.example/portal/login/T",
            });
            if let (Some(base), Value::Object(extra)) = (context.as_object_mut(), reminder_vars(&r))
            {
                base.extend(extra);
            }
            for level in DunningLevel::ALL {
                let kind = TemplateKind::for_dunning(level);
                let mail = engine
                    .render(kind, &engine.default_template(kind, locale), &context)
                    .unwrap_or_else(|e| panic!("{kind:?} {locale:?}: {e}"));
                let total = format::money(r.total(), r.currency, locale);
                assert!(mail.text.contains(&total), "{}", mail.text);
                assert!(mail.text.contains(&r.items[0].number), "{}", mail.text);
            }
            assert_eq!(
                reminder_file_name(&r),
                match locale {
                    crate::domain::Locale::De => "Mahnung-MA-00001.pdf",
                    crate::domain::Locale::En => "Reminder-MA-00001.pdf",
                }
            );
        }
    }
}
