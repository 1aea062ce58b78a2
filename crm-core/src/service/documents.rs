//! Invoices: create, edit, issue, send; the portal's views and ZIP bundle. Quotes are in
//! `quotes`, corrections in `corrections`.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Crm, Ctx, Entity, Error, PortalCtx};
use crate::domain::money::validate_lines;
use crate::domain::validation::{Collector, multiline_text};
use crate::domain::{
    ActivityKind, Actor, Attachment, BillTo, Buyer, Client, ClientId, ClientMetrics, Company,
    Invoice, InvoiceId, InvoiceStatus, IssueDates, LineItem, LineItemInput, NumberFormat, Seller,
    ServicePeriod, SupplyKind, TaxTreatment, TemplateKind, Totals, ValidationErrors, check_issue,
    propose,
};
use crate::ports::{Sequence, StoreTx};
use crate::render::format;

/// An invoice draft as the user sends it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InvoiceInput {
    /// The client.
    pub client_id: ClientId,
    /// Line items.
    pub items: Vec<LineItemInput>,
    /// Due date; issue date + the company's payment terms when empty.
    #[serde(default)]
    pub due_date: Option<NaiveDate>,
    /// Notes printed on the invoice.
    #[serde(default)]
    pub notes: Option<String>,
    /// Payment terms printed on the invoice.
    #[serde(default)]
    pub terms: Option<String>,
    /// The tax treatment of the lines without their own; proposed from the company's and the
    /// client's data when left out ([`crate::domain::propose`]).
    #[serde(default)]
    pub treatment: Option<TaxTreatment>,
    /// Date of supply or service period; "same as the invoice date" when left out.
    #[serde(default)]
    pub service_period: Option<ServicePeriod>,
    /// The issue date staff chose (not in the future, not before the previous invoice);
    /// the day of issue when left out.
    #[serde(default)]
    pub issue_date: Option<NaiveDate>,
    /// For a client billed in a foreign currency: euros per unit of it, to state the VAT in
    /// euros (required at issue when VAT is charged; none on a euro invoice).
    #[serde(default)]
    pub eur_rate: Option<Decimal>,
}

impl InvoiceInput {
    /// The input that reproduces a draft (for editing it).
    pub fn of(invoice: &Invoice) -> Self {
        Self {
            client_id: invoice.client_id,
            items: invoice.lines.iter().map(LineItem::to_input).collect(),
            due_date: invoice.due_date,
            notes: invoice.notes.clone(),
            terms: invoice.terms.clone(),
            treatment: Some(invoice.treatment.clone()),
            service_period: invoice.service_period,
            issue_date: invoice.issue_date,
            eur_rate: invoice.eur_rate.map(crate::domain::EurRate::rate),
        }
    }
}

/// The treatment of a draft and its lines: the input's, or the proposal for the client. A
/// proposal for lines of another kind than the document's (goods among services) becomes the
/// line's own treatment, so a mixed invoice gets the right rule per line.
pub(super) fn resolve_treatment(
    company: &Company,
    client: &Client,
    requested: Option<&TaxTreatment>,
    lines: &mut [LineItem],
) -> Result<TaxTreatment, Error> {
    if let Some(t) = requested {
        return t
            .clone()
            .validated()
            .map_err(|e| ValidationErrors::single("treatment", e).into());
    }
    let buyer = Buyer::of(client, company.address.country());
    let document_kind = if lines.iter().all(|l| l.kind() == SupplyKind::Goods) && !lines.is_empty()
    {
        SupplyKind::Goods
    } else {
        SupplyKind::Service
    };
    let document = propose(company, &buyer, document_kind);
    for line in lines.iter_mut() {
        if line.treatment().is_none() && line.kind() != document_kind {
            let own = propose(company, &buyer, line.kind());
            if own != document {
                line.set_treatment(Some(own));
            }
        }
    }
    Ok(document)
}

/// A quote draft as the user sends it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QuoteInput {
    /// The client.
    pub client_id: ClientId,
    /// Line items.
    pub items: Vec<LineItemInput>,
    /// Valid until; send date + the company's validity when empty.
    #[serde(default)]
    pub valid_until: Option<NaiveDate>,
    /// Notes printed on the quote.
    #[serde(default)]
    pub notes: Option<String>,
}

pub(super) struct ValidDraft {
    pub(super) lines: Vec<crate::domain::LineItem>,
    pub(super) notes: Option<String>,
    pub(super) terms: Option<String>,
    pub(super) eur_rate: Option<crate::domain::EurRate>,
}

pub(super) fn validate_draft(
    client: &Client,
    items: &[LineItemInput],
    notes: Option<&str>,
    terms: Option<&str>,
    eur_rate: Option<Decimal>,
) -> Result<ValidDraft, Error> {
    let mut c = Collector::new();
    let lines = match validate_lines(items, client.currency) {
        Ok(l) => Some(l),
        Err(e) => {
            for fe in e.0 {
                c.push(fe.field, fe.error);
            }
            None
        }
    };
    let notes = c.check("notes", multiline_text(notes.unwrap_or_default(), 10_000));
    let terms = c.check("terms", multiline_text(terms.unwrap_or_default(), 2_000));
    let eur_rate = c.check(
        "eur_rate",
        crate::domain::validate_eur_rate(eur_rate, client.currency),
    );
    c.finish()?;
    match (lines, notes, terms, eur_rate) {
        (Some(lines), Some(notes), Some(terms), Some(eur_rate)) => Ok(ValidDraft {
            lines,
            notes,
            terms,
            eur_rate,
        }),
        _ => unreachable!("collector reported no error"),
    }
}

impl Crm {
    /// Creates an invoice draft for an active client.
    pub async fn create_invoice(&self, ctx: &Ctx, input: &InvoiceInput) -> Result<Invoice, Error> {
        let mut tx = self.store.begin().await?;
        let client = active_client(&mut *tx, ctx, input.client_id).await?;
        let company = tx
            .company(ctx.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        let mut draft = validate_draft(
            &client,
            &input.items,
            input.notes.as_deref(),
            input.terms.as_deref(),
            input.eur_rate,
        )?;
        let treatment = resolve_treatment(
            &company,
            &client,
            input.treatment.as_ref(),
            &mut draft.lines,
        )?;
        let now = self.clock.now();
        let invoice = Invoice {
            id: InvoiceId::new(),
            company_id: ctx.company,
            client_id: client.id,
            number: None,
            status: InvoiceStatus::Draft,
            currency: client.currency,
            totals: Totals::compute_with(&draft.lines, &treatment, client.currency),
            lines: draft.lines,
            treatment,
            service_period: input.service_period,
            amount_paid: Default::default(),
            balance: Default::default(),
            issue_date: input.issue_date,
            due_date: input.due_date,
            bill_to: None,
            seller: None,
            skonto: None,
            eur_rate: draft.eur_rate,
            dunning: None,
            notes: draft.notes,
            terms: draft.terms,
            credited: rust_decimal::Decimal::ZERO,
            cancelled_by: None,
            quote_id: None,
            viewed_at: None,
            created_at: now,
            updated_at: now,
        };
        tx.insert_invoice(&invoice).await?;
        self.log(&mut *tx, ctx, client.id, ActivityKind::InvoiceCreated, None)
            .await?;
        tx.commit().await?;
        Ok(invoice)
    }

    /// Replaces the lines, due date, notes and terms of a draft.
    pub async fn update_invoice(
        &self,
        ctx: &Ctx,
        id: InvoiceId,
        input: &InvoiceInput,
    ) -> Result<Invoice, Error> {
        let mut tx = self.store.begin().await?;
        let mut invoice = tx
            .invoice_for_update(ctx.company, id)
            .await?
            .ok_or(Error::NotFound(Entity::Invoice))?;
        if input.client_id != invoice.client_id {
            return Err(Error::NotFound(Entity::Client));
        }
        let client = active_client(&mut *tx, ctx, invoice.client_id).await?;
        let company = tx
            .company(ctx.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        let mut draft = validate_draft(
            &client,
            &input.items,
            input.notes.as_deref(),
            input.terms.as_deref(),
            input.eur_rate,
        )?;
        let treatment = resolve_treatment(
            &company,
            &client,
            input.treatment.as_ref(),
            &mut draft.lines,
        )?;
        invoice.set_lines(draft.lines, treatment)?;
        invoice.service_period = input.service_period;
        invoice.issue_date = input.issue_date;
        invoice.due_date = input.due_date;
        invoice.notes = draft.notes;
        invoice.terms = draft.terms;
        invoice.eur_rate = draft.eur_rate;
        invoice.updated_at = self.clock.now();
        tx.update_invoice(&invoice).await?;
        self.log(&mut *tx, ctx, client.id, ActivityKind::InvoiceUpdated, None)
            .await?;
        tx.commit().await?;
        Ok(invoice)
    }

    /// Issues a draft: takes the next invoice number, dates it, snapshots the seller and
    /// bill-to blocks, and freezes its PDF (rendered once, archived with its SHA-256; every
    /// later PDF of it is those bytes, see [`Crm::invoice_pdf`]).
    pub async fn issue_invoice(&self, ctx: &Ctx, id: InvoiceId) -> Result<Invoice, Error> {
        let mut tx = self.store.begin().await?;
        let (invoice, _, _) = self.issue_in(&mut *tx, ctx, id).await?;
        tx.commit().await?;
        Ok(invoice)
    }

    /// Issues the invoice if it is a draft and queues the invoice email (PDF attached, magic
    /// link inside) to the client's primary contact.
    pub async fn send_invoice(&self, ctx: &Ctx, id: InvoiceId) -> Result<Invoice, Error> {
        let mut tx = self.store.begin().await?;
        let (invoice, client, company) = self.issue_in(&mut *tx, ctx, id).await?;
        if invoice.status == InvoiceStatus::Cancelled {
            return Err(crate::domain::InvoiceError::Transition {
                from: invoice.status,
                action: "send",
            }
            .into());
        }
        let vars = invoice_vars(&invoice, &client);
        self.queue_document_email(
            &mut *tx,
            &company,
            &client,
            TemplateKind::Invoice,
            serde_json::json!({ "invoice": vars }),
            Some(Attachment::Invoice(invoice.id)),
            &format!("/invoices/{}", invoice.id),
        )
        .await?;
        self.log(
            &mut *tx,
            ctx,
            client.id,
            ActivityKind::InvoiceSent,
            invoice.number.clone(),
        )
        .await?;
        tx.commit().await?;
        Ok(invoice)
    }

    /// Issues `id` inside `tx` if it is a draft; returns it with its client and company.
    async fn issue_in(
        &self,
        tx: &mut dyn StoreTx,
        ctx: &Ctx,
        id: InvoiceId,
    ) -> Result<(Invoice, Client, Company), Error> {
        let company = tx
            .company(ctx.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        let mut invoice = tx
            .invoice_for_update(ctx.company, id)
            .await?
            .ok_or(Error::NotFound(Entity::Invoice))?;
        let client = tx
            .client_for_update(ctx.company, invoice.client_id)
            .await?
            .ok_or(Error::NotFound(Entity::Client))?;
        if invoice.status == InvoiceStatus::Draft {
            if client.archived {
                return Err(Error::ClientArchived);
            }
            if invoice.currency != client.currency {
                return Err(Error::CurrencyLocked);
            }
            let before = invoice.clone();
            let today = self.clock.today();
            let issue_date = invoice.issue_date.unwrap_or(today);
            // The number is taken first: it locks the sequence, so the latest issue date read
            // next cannot move under this transaction.
            let format = NumberFormat::stored(&company.settings.invoice_prefix);
            let period = format.period(issue_date, company.settings.yearly_reset);
            let n = tx
                .next_number(ctx.company, Sequence::Invoice, period)
                .await?;
            let previous = tx.latest_invoice_issue_date(ctx.company).await?;
            check_issue(
                &invoice,
                &company,
                &client,
                IssueDates {
                    issue_date,
                    today,
                    previous,
                },
            )?;
            // The client's terms win over the company's; the Skonto is frozen as offered.
            let (days, skonto) = match client.payment_terms {
                Some(t) => (t.days, t.skonto),
                None => (company.settings.payment_terms_days, company.settings.skonto),
            };
            let mut seller = Seller::of(&company);
            if self.config.online_payments {
                seller.pay_online = Some(self.portal_url(&format!("/invoices/{}", invoice.id)));
            }
            invoice.issue(
                format.format(n, issue_date),
                issue_date,
                days,
                (seller, BillTo::of(&client, company.address.country())),
            )?;
            invoice.skonto = skonto
                .filter(|_| invoice.totals.total > rust_decimal::Decimal::ZERO)
                .map(|s| s.offer(invoice.totals.total, issue_date, invoice.currency));
            invoice.updated_at = self.clock.now();
            tx.update_invoice(&invoice).await?;
            // Frozen with the issue, in its transaction: rendered once from the snapshots
            // just taken, the bytes archived and linked (`archive` module docs).
            self.files()
                .freeze_in(
                    tx,
                    (&company, &client),
                    &invoice,
                    super::archive::Late::at_issue(),
                    invoice.updated_at,
                )
                .await?;
            tx.add_client_metrics(
                ctx.company,
                client.id,
                &ClientMetrics::delta(Some(&before), &invoice),
            )
            .await?;
            self.log(
                tx,
                ctx,
                client.id,
                ActivityKind::InvoiceIssued,
                invoice.number.clone(),
            )
            .await?;
        }
        Ok((invoice, client, company))
    }

    /// An issued invoice of the signed-in client; the first call records it as viewed.
    pub async fn portal_view_invoice(
        &self,
        portal: &PortalCtx,
        id: InvoiceId,
    ) -> Result<Invoice, Error> {
        let invoice = self
            .store
            .invoice(portal.company, id)
            .await?
            .filter(|i| i.client_id == portal.client && i.status != InvoiceStatus::Draft)
            .ok_or(Error::NotFound(Entity::Invoice))?;
        if invoice.viewed_at.is_some() {
            return Ok(invoice);
        }
        let mut tx = self.store.begin().await?;
        let Some(mut invoice) = tx.invoice_for_update(portal.company, id).await? else {
            return Err(Error::NotFound(Entity::Invoice));
        };
        if invoice.viewed_at.is_none() {
            invoice.viewed_at = Some(self.clock.now());
            tx.update_invoice(&invoice).await?;
            let ctx = Ctx::new(portal.company, Actor::Contact { id: portal.contact });
            self.log(
                &mut *tx,
                &ctx,
                portal.client,
                ActivityKind::InvoiceViewed,
                invoice.number.clone(),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(invoice)
    }

    /// "Download selected" in the portal: the PDFs of the chosen invoices of the signed-in
    /// client as one ZIP archive, streamed to `out` (which is returned when the archive is
    /// complete). At most [`DEFAULT_MAX_ENTRIES`](crate::render::zip::DEFAULT_MAX_ENTRIES)
    /// invoices; see [`Crm::portal_invoice_bundle_capped`] for another cap.
    ///
    /// Entries are named after the invoice numbers in the client's language
    /// ([`invoice_entry_name`](crate::render::zip::invoice_entry_name):
    /// `Rechnung-2026-0001.pdf`), in the order of `ids` (repeated ids count once).
    ///
    /// Each entry is the invoice's frozen PDF, the bytes archived when it was issued (an
    /// invoice issued before files were frozen is frozen on the way).
    ///
    /// Memory stays bounded: the ids are checked first (nothing is written if one fails),
    /// then each invoice is loaded, read and written before the next one is loaded.
    /// Writing is synchronous; when `out` can block (a bounded channel
    /// feeding a response body), run this where blocking is fine, e.g. in
    /// `tokio::task::spawn_blocking` with `Handle::block_on`.
    ///
    /// # Errors
    /// - [`Error::Invalid`] (field `ids`) for an empty selection or more than the cap;
    /// - [`Error::NotFound`] if any id is not an issued invoice of this client (another
    ///   client's, a draft, or unknown — the same answer for each, so nothing leaks);
    /// - [`Error::EInvoice`] when an XRechnung invoice's XML, frozen late, cannot be written
    ///   (as [`Error::Render`], after the first entries);
    /// - [`Error::Render`] when rendering or writing to `out` fails; `out` then got the
    ///   first entries but no central directory, so no unzip tool takes it for complete
    ///   (abort the download all the same).
    pub async fn portal_invoice_bundle<W: std::io::Write + Send>(
        &self,
        portal: &PortalCtx,
        ids: &[InvoiceId],
        out: W,
    ) -> Result<W, Error> {
        self.portal_invoice_bundle_capped(portal, ids, crate::render::zip::DEFAULT_MAX_ENTRIES, out)
            .await
    }

    /// [`Crm::portal_invoice_bundle`] with at most `max_entries` invoices per archive.
    ///
    /// # Errors
    /// As [`Crm::portal_invoice_bundle`].
    pub async fn portal_invoice_bundle_capped<W: std::io::Write + Send>(
        &self,
        portal: &PortalCtx,
        ids: &[InvoiceId],
        max_entries: usize,
        out: W,
    ) -> Result<W, Error> {
        use crate::domain::validation::{ValidationErrors, ValueError};
        use crate::render::zip::{ZipError, ZipStream, invoice_entry_name, invoice_xml_entry_name};

        let mut unique: Vec<InvoiceId> = Vec::with_capacity(ids.len().min(max_entries));
        for id in ids {
            if !unique.contains(id) {
                if unique.len() == max_entries {
                    return Err(ValidationErrors::single(
                        "ids",
                        ValueError::new("ids.too_many").arg("max", max_entries),
                    )
                    .into());
                }
                unique.push(*id);
            }
        }
        if unique.is_empty() {
            return Err(ValidationErrors::single("ids", ValueError::new("ids.empty")).into());
        }

        // Issued invoices of this client only; anything else is "not found", whoever owns it.
        let load = |id: InvoiceId| async move {
            self.store
                .invoice(portal.company, id)
                .await?
                .filter(|i| i.client_id == portal.client && i.status != InvoiceStatus::Draft)
                .ok_or(Error::NotFound(Entity::Invoice))
        };
        // First pass: every id is checked before a byte is written, keeping nothing.
        for id in &unique {
            load(*id).await?;
        }
        let (company, client) = self.portal_parties(portal).await?;

        let zip_error = |e: ZipError| match e {
            ZipError::TooManyEntries { max } => Error::Invalid(ValidationErrors::single(
                "ids",
                ValueError::new("ids.too_many").arg("max", max),
            )),
            other => Error::Render(other.to_string()),
        };
        // An XRechnung invoice is two entries (PDF and XML).
        let mut zip = ZipStream::new(out)
            .with_max_entries(max_entries.saturating_mul(2))
            .modified_at(self.clock.now().naive_utc());
        // Second pass: one invoice in memory at a time.
        for id in unique {
            let invoice = load(id).await?;
            let (pdf, _) = self
                .files()
                .issued_pdf(&invoice, self.clock.now(), || async {
                    Ok((company.clone(), client.clone()))
                })
                .await?;
            zip.add(&invoice_entry_name(&invoice, client.locale), &pdf)
                .map_err(zip_error)?;
            // XRechnung: the XML is the e-invoice, so it travels beside its PDF.
            if super::archive::invoice_format(&invoice).separate_xml() {
                let xml = self
                    .files()
                    .invoice_einvoice(&invoice, self.clock.now(), || async {
                        Ok((company.clone(), client.clone()))
                    })
                    .await?;
                zip.add(&invoice_xml_entry_name(&invoice, client.locale), &xml.bytes)
                    .map_err(zip_error)?;
            }
        }
        zip.finish().map_err(zip_error)
    }
}

pub(super) async fn active_client(
    tx: &mut dyn StoreTx,
    ctx: &Ctx,
    id: ClientId,
) -> Result<Client, Error> {
    let client = tx
        .client_for_update(ctx.company, id)
        .await?
        .ok_or(Error::NotFound(Entity::Client))?;
    if client.archived {
        return Err(Error::ClientArchived);
    }
    Ok(client)
}

pub(super) fn invoice_vars(invoice: &Invoice, client: &Client) -> serde_json::Value {
    let l = client.locale;
    serde_json::json!({
        "number": invoice.number,
        "total": format::money(invoice.totals.total, invoice.currency, l),
        // What the client still owes on it, open dunning fees and interest included.
        "balance": format::money(invoice.amount_due(), invoice.currency, l),
        "issue_date": invoice.issue_date.map(|d| format::date(d, l)),
        "due_date": invoice.due_date.map(|d| format::date(d, l)),
    })
}
