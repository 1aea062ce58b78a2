//! Rows to domain values: one plain function per entity, reading columns by name (`SELECT *`
//! or the aliases the joined reads give them). Compiled per backend like the area files,
//! because `Row::try_get` is typed by the concrete database.

use chrono::{DateTime, NaiveDate, Utc};
use crm_core::domain::*;
use crm_core::ports::StoreError;
use sqlx::Row;
use sqlx::types::Json;
use uuid::Uuid;

use super::Db;
use crate::common::{bad, currency, db_error, from_minor, locale, tax_id};

type R = <Db as sqlx::Database>::Row;

fn get<'r, T>(row: &'r R, col: &str) -> Result<T, StoreError>
where
    T: sqlx::Decode<'r, Db> + sqlx::Type<Db>,
{
    row.try_get(col).map_err(db_error)
}

fn hash(bytes: Vec<u8>) -> Result<TokenHash, StoreError> {
    <[u8; 32]>::try_from(bytes.as_slice())
        .map(TokenHash)
        .map_err(|_| StoreError::Corrupt("token hash is not 32 bytes".into()))
}

pub fn company(row: &R) -> Result<Company, StoreError> {
    company_in(
        row,
        [
            "id",
            "name",
            "email",
            "address",
            "tax_id",
            "currency",
            "locale",
            "settings",
            "created_at",
            "legal",
        ],
    )
}

/// The company joined to another row under the `company_` prefix (see
/// `COMPANY_COLUMNS` in `query.rs`).
pub fn joined_company(row: &R) -> Result<Company, StoreError> {
    company_in(
        row,
        [
            "company_id_",
            "company_name",
            "company_email",
            "company_address",
            "company_tax_id",
            "company_currency",
            "company_locale",
            "company_settings",
            "company_created_at",
            "company_legal",
        ],
    )
}

/// A company from the columns `[id, name, email, address, tax_id, currency, locale,
/// settings, created_at, legal]`.
fn company_in(
    row: &R,
    [
        id,
        name,
        email,
        address,
        tax,
        cur,
        loc,
        settings,
        created,
        legal,
    ]: [&str; 10],
) -> Result<Company, StoreError> {
    Ok(Company {
        id: CompanyId::from_uuid(get(row, id)?),
        name: get(row, name)?,
        email: EmailAddress::parse(&get::<String>(row, email)?)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
        address: get::<Json<PostalAddress>>(row, address)?.0,
        tax_id: tax_id(get(row, tax)?)?,
        currency: currency(&get::<String>(row, cur)?)?,
        locale: locale(&get::<String>(row, loc)?)?,
        settings: get::<Json<CompanySettings>>(row, settings)?.0,
        legal: get::<Json<LegalDetails>>(row, legal)?.0,
        created_at: get(row, created)?,
    })
}

pub fn contact(row: &R) -> Result<(Uuid, Contact), StoreError> {
    Ok((
        get(row, "client_id")?,
        contact_in(
            row,
            ["id", "name", "email", "phone", "is_primary", "mail_role"],
        )?,
    ))
}

/// The contact of a client row joined with its contacts (columns `contact_id`,
/// `contact_name`, `contact_email`, `contact_phone`, `contact_primary`,
/// `contact_mail_role`); `None`
/// when the client has no contact (the outer join's empty side).
pub fn joined_contact(row: &R) -> Result<Option<Contact>, StoreError> {
    if get::<Option<Uuid>>(row, "contact_id")?.is_none() {
        return Ok(None);
    }
    let cols = [
        "contact_id",
        "contact_name",
        "contact_email",
        "contact_phone",
        "contact_primary",
        "contact_mail_role",
    ];
    contact_in(row, cols).map(Some)
}

/// A contact from the columns `[id, name, email, phone, is_primary, mail_role]`.
fn contact_in(
    row: &R,
    [id, name, email, phone, primary, mail_role]: [&str; 6],
) -> Result<Contact, StoreError> {
    let phone: Option<String> = get(row, phone)?;
    Ok(Contact {
        id: ContactId::from_uuid(get(row, id)?),
        name: get(row, name)?,
        email: EmailAddress::parse(&get::<String>(row, email)?)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
        phone: phone
            .map(|p| PhoneNumber::parse(&p))
            .transpose()
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
        primary: get(row, primary)?,
        mail_role: MailRole::parse(&get::<String>(row, mail_role)?)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
    })
}

pub fn client(row: &R, contacts: Vec<Contact>) -> Result<Client, StoreError> {
    Ok(Client {
        id: ClientId::from_uuid(get(row, "id")?),
        company_id: CompanyId::from_uuid(get(row, "company_id")?),
        number: get(row, "number")?,
        name: get(row, "name")?,
        kind: ClientKind::parse(&get::<String>(row, "kind")?)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
        payment_terms: get::<Option<Json<PaymentTerms>>>(row, "payment_terms")?.map(|j| j.0),
        contacts,
        address: get::<Json<PostalAddress>>(row, "address")?.0,
        tax_id: tax_id(get(row, "tax_id")?)?,
        currency: currency(&get::<String>(row, "currency")?)?,
        locale: locale(&get::<String>(row, "locale")?)?,
        notes: get(row, "notes")?,
        einvoice_format: get::<Option<String>>(row, "einvoice_format")?
            .map(|f| EInvoiceFormat::parse(&f).ok_or_else(|| bad("e-invoice format", &f)))
            .transpose()?,
        buyer_reference: get::<Option<String>>(row, "buyer_reference")?
            .map(|r| BuyerReference::parse(&r).map_err(|e| StoreError::Corrupt(e.to_string())))
            .transpose()?,
        dunning_block: get::<Option<Json<DunningBlock>>>(row, "dunning_block")?.map(|j| j.0),
        dunning_schedule: get::<Option<Json<crm_core::domain::DunningSchedule>>>(
            row,
            "dunning_schedule",
        )?
        .map(|j| j.0),
        archived: get(row, "archived")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

pub fn metrics(row: &R) -> Result<ClientMetrics, StoreError> {
    let c = currency(&get::<String>(row, "currency")?)?;
    Ok(ClientMetrics {
        total_invoiced: from_minor(get(row, "total_invoiced")?, c),
        total_paid: from_minor(get(row, "total_paid")?, c),
        outstanding: from_minor(get(row, "outstanding")?, c),
        costs_outstanding: from_minor(get(row, "costs_outstanding")?, c),
    })
}

pub fn invoice(row: &R) -> Result<Invoice, StoreError> {
    let c = currency(&get::<String>(row, "currency")?)?;
    let status: String = get(row, "status")?;
    let bill_to: Option<Json<BillTo>> = get(row, "bill_to")?;
    let seller: Option<Json<Seller>> = get(row, "seller")?;
    let service_period: Option<Json<ServicePeriod>> = get(row, "service_period")?;
    let quote_id: Option<Uuid> = get(row, "quote_id")?;
    Ok(Invoice {
        id: InvoiceId::from_uuid(get(row, "id")?),
        company_id: CompanyId::from_uuid(get(row, "company_id")?),
        client_id: ClientId::from_uuid(get(row, "client_id")?),
        number: get(row, "number")?,
        status: InvoiceStatus::parse(&status).ok_or_else(|| bad("invoice status", &status))?,
        currency: c,
        lines: get::<Json<Vec<LineItem>>>(row, "lines")?.0,
        treatment: get::<Json<TaxTreatment>>(row, "treatment")?.0,
        totals: get::<Json<Totals>>(row, "totals")?.0,
        service_period: service_period.map(|j| j.0),
        amount_paid: from_minor(get(row, "amount_paid")?, c),
        balance: from_minor(get(row, "balance")?, c),
        issue_date: get::<Option<NaiveDate>>(row, "issue_date")?,
        due_date: get::<Option<NaiveDate>>(row, "due_date")?,
        bill_to: bill_to.map(|j| j.0),
        seller: seller.map(|j| j.0),
        skonto: get::<Option<Json<SkontoOffer>>>(row, "skonto")?.map(|j| j.0),
        eur_rate: get::<Option<String>>(row, "eur_rate")?
            .map(|r| eur_rate(&r))
            .transpose()?,
        dunning: get::<Option<Json<DunningMark>>>(row, "dunning")?.map(|j| j.0),
        credited: from_minor(get(row, "credited")?, c),
        cancelled_by: get::<Option<Json<CorrectionRef>>>(row, "cancelled_by")?.map(|j| j.0),
        notes: get(row, "notes")?,
        terms: get(row, "terms")?,
        quote_id: quote_id.map(QuoteId::from_uuid),
        viewed_at: get::<Option<DateTime<Utc>>>(row, "viewed_at")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

/// A stored euro rate: a decimal the domain accepted when it was written.
fn eur_rate(text: &str) -> Result<EurRate, StoreError> {
    text.parse()
        .ok()
        .and_then(|d| EurRate::new(d).ok())
        .ok_or_else(|| bad("euro rate", text))
}

pub fn quote(row: &R) -> Result<Quote, StoreError> {
    let c = currency(&get::<String>(row, "currency")?)?;
    let status: String = get(row, "status")?;
    let bill_to: Option<Json<BillTo>> = get(row, "bill_to")?;
    let invoice_id: Option<Uuid> = get(row, "invoice_id")?;
    Ok(Quote {
        id: QuoteId::from_uuid(get(row, "id")?),
        company_id: CompanyId::from_uuid(get(row, "company_id")?),
        client_id: ClientId::from_uuid(get(row, "client_id")?),
        number: get(row, "number")?,
        status: QuoteStatus::parse(&status).ok_or_else(|| bad("quote status", &status))?,
        currency: c,
        lines: get::<Json<Vec<LineItem>>>(row, "lines")?.0,
        totals: get::<Json<Totals>>(row, "totals")?.0,
        issue_date: get::<Option<NaiveDate>>(row, "issue_date")?,
        valid_until: get::<Option<NaiveDate>>(row, "valid_until")?,
        bill_to: bill_to.map(|j| j.0),
        notes: get(row, "notes")?,
        rejection_reason: get(row, "rejection_reason")?,
        invoice_id: invoice_id.map(InvoiceId::from_uuid),
        viewed_at: get::<Option<DateTime<Utc>>>(row, "viewed_at")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

pub fn payment(row: &R) -> Result<Payment, StoreError> {
    let c = currency(&get::<String>(row, "currency")?)?;
    let method: String = get(row, "method")?;
    Ok(Payment {
        id: PaymentId::from_uuid(get(row, "id")?),
        company_id: CompanyId::from_uuid(get(row, "company_id")?),
        client_id: ClientId::from_uuid(get(row, "client_id")?),
        invoice_id: InvoiceId::from_uuid(get(row, "invoice_id")?),
        amount: from_minor(get(row, "amount")?, c),
        currency: c,
        date: get(row, "date")?,
        method: PaymentMethod::parse(&method).map_err(|_| bad("payment method", &method))?,
        reference: get(row, "reference")?,
        refunded: from_minor(get(row, "refunded")?, c),
        to_fees: from_minor(get(row, "to_fees")?, c),
        to_interest: from_minor(get(row, "to_interest")?, c),
        created_at: get(row, "created_at")?,
    })
}

pub fn refund(row: &R) -> Result<Refund, StoreError> {
    let c = currency(&get::<String>(row, "currency")?)?;
    Ok(Refund {
        id: RefundId::from_uuid(get(row, "id")?),
        company_id: CompanyId::from_uuid(get(row, "company_id")?),
        client_id: ClientId::from_uuid(get(row, "client_id")?),
        payment_id: PaymentId::from_uuid(get(row, "payment_id")?),
        invoice_id: InvoiceId::from_uuid(get(row, "invoice_id")?),
        amount: from_minor(get(row, "amount")?, c),
        currency: c,
        date: get(row, "date")?,
        reference: get(row, "reference")?,
        reason: get(row, "reason")?,
        created_at: get(row, "created_at")?,
    })
}

pub fn review(row: &R) -> Result<PaymentReview, StoreError> {
    let invoice: Option<Uuid> = get(row, "invoice_id")?;
    let amount: Option<String> = get(row, "amount")?;
    let currency_code: Option<String> = get(row, "currency")?;
    Ok(PaymentReview {
        id: ReviewId::from_uuid(get(row, "id")?),
        company_id: CompanyId::from_uuid(get(row, "company_id")?),
        invoice_id: invoice.map(InvoiceId::from_uuid),
        event_id: get(row, "event_id")?,
        reference: get(row, "reference")?,
        amount: amount
            .map(|a| a.parse().map_err(|_| bad("review amount", &a)))
            .transpose()?,
        currency: currency_code.map(|c| currency(&c)).transpose()?,
        reason: get(row, "reason")?,
        created_at: get(row, "created_at")?,
    })
}

pub fn checkout_attempt(row: &R) -> Result<CheckoutAttempt, StoreError> {
    let state: String = get(row, "state")?;
    Ok(CheckoutAttempt {
        company_id: CompanyId::from_uuid(get(row, "company_id")?),
        invoice_id: InvoiceId::from_uuid(get(row, "invoice_id")?),
        provider: get(row, "provider")?,
        session_id: get(row, "session_id")?,
        state: CheckoutState::parse(&state).ok_or_else(|| bad("checkout state", &state))?,
        updated_at: get(row, "updated_at")?,
    })
}

pub fn template(row: &R) -> Result<EmailTemplate, StoreError> {
    Ok(EmailTemplate {
        subject: get(row, "subject")?,
        body: get(row, "body")?,
    })
}

pub fn link(row: &R) -> Result<MagicLink, StoreError> {
    let purpose: String = get(row, "purpose")?;
    Ok(MagicLink {
        id: MagicLinkId::from_uuid(get(row, "id")?),
        company_id: CompanyId::from_uuid(get(row, "company_id")?),
        client_id: ClientId::from_uuid(get(row, "client_id")?),
        contact_id: ContactId::from_uuid(get(row, "contact_id")?),
        token_hash: hash(get(row, "token_hash")?)?,
        purpose: LinkPurpose::parse(&purpose).ok_or_else(|| bad("link purpose", &purpose))?,
        target: get(row, "target")?,
        created_at: get(row, "created_at")?,
        expires_at: get(row, "expires_at")?,
        used_at: get(row, "used_at")?,
        revoked_at: get(row, "revoked_at")?,
    })
}

pub fn session(row: &R) -> Result<PortalSession, StoreError> {
    Ok(PortalSession {
        id: SessionId::from_uuid(get(row, "id")?),
        company_id: CompanyId::from_uuid(get(row, "company_id")?),
        client_id: ClientId::from_uuid(get(row, "client_id")?),
        contact_id: ContactId::from_uuid(get(row, "contact_id")?),
        token_hash: hash(get(row, "token_hash")?)?,
        created_at: get(row, "created_at")?,
        last_seen_at: get(row, "last_seen_at")?,
        expires_at: get(row, "expires_at")?,
        ended_at: get(row, "ended_at")?,
        confirmed_at: get(row, "confirmed_at")?,
    })
}

pub fn staff_user(row: &R) -> Result<StaffUser, StoreError> {
    Ok(StaffUser {
        id: UserId::from_uuid(get(row, "id")?),
        company_id: CompanyId::from_uuid(get(row, "company_id")?),
        email: EmailAddress::parse(&get::<String>(row, "email")?)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
        name: get(row, "name")?,
        password_hash: get(row, "password_hash")?,
        created_at: get(row, "created_at")?,
        disabled: get(row, "disabled")?,
    })
}

pub fn staff_session(row: &R) -> Result<StaffSession, StoreError> {
    Ok(StaffSession {
        id: StaffSessionId::from_uuid(get(row, "id")?),
        company_id: CompanyId::from_uuid(get(row, "company_id")?),
        user_id: UserId::from_uuid(get(row, "user_id")?),
        token_hash: hash(get(row, "token_hash")?)?,
        created_at: get(row, "created_at")?,
        last_seen_at: get(row, "last_seen_at")?,
        expires_at: get(row, "expires_at")?,
        ended_at: get(row, "ended_at")?,
    })
}

pub fn api_token(row: &R) -> Result<ApiToken, StoreError> {
    Ok(ApiToken {
        id: ApiTokenId::from_uuid(get(row, "id")?),
        company_id: CompanyId::from_uuid(get(row, "company_id")?),
        user_id: UserId::from_uuid(get(row, "user_id")?),
        name: get(row, "name")?,
        token_hash: hash(get(row, "token_hash")?)?,
        created_at: get(row, "created_at")?,
        last_used_at: get(row, "last_used_at")?,
        revoked_at: get(row, "revoked_at")?,
    })
}

pub fn ticket(row: &R) -> Result<Ticket, StoreError> {
    let status: String = get(row, "status")?;
    Ok(Ticket {
        id: TicketId::from_uuid(get(row, "id")?),
        company_id: CompanyId::from_uuid(get(row, "company_id")?),
        client_id: ClientId::from_uuid(get(row, "client_id")?),
        contact_id: ContactId::from_uuid(get(row, "contact_id")?),
        subject: get(row, "subject")?,
        status: TicketStatus::parse(&status).ok_or_else(|| bad("ticket status", &status))?,
        created_at: get(row, "created_at")?,
        last_message_at: get(row, "last_message_at")?,
    })
}

pub fn message(row: &R) -> Result<TicketMessage, StoreError> {
    Ok(TicketMessage {
        id: TicketMessageId::from_uuid(get(row, "id")?),
        company_id: CompanyId::from_uuid(get(row, "company_id")?),
        ticket_id: TicketId::from_uuid(get(row, "ticket_id")?),
        author: get::<Json<Author>>(row, "author")?.0,
        body: get(row, "body")?,
        created_at: get(row, "created_at")?,
    })
}

pub fn outbox(row: &R) -> Result<OutboxEmail, StoreError> {
    let kind: String = get(row, "kind")?;
    let status: String = get(row, "status")?;
    let client_id: Option<Uuid> = get(row, "client_id")?;
    let attachment: Option<Json<Attachment>> = get(row, "attachment")?;
    let attempts: i32 = get(row, "attempts")?;
    let contact_id: Option<Uuid> = get(row, "contact_id")?;
    let recipient: String = get(row, "recipient")?;
    let link_purpose: Option<String> = get(row, "link_purpose")?;
    let link = match link_purpose {
        Some(p) => Some(OutboxLink {
            purpose: LinkPurpose::parse(&p).ok_or_else(|| bad("link purpose", &p))?,
            target: get(row, "link_target")?,
            ttl_seconds: get::<Option<i64>>(row, "link_ttl_seconds")?.unwrap_or(0),
        }),
        None => None,
    };
    let lease: Option<Uuid> = get(row, "lease_token")?;
    let minted: Option<Uuid> = get(row, "minted_link_id")?;
    Ok(OutboxEmail {
        id: OutboxId::from_uuid(get(row, "id")?),
        company_id: CompanyId::from_uuid(get(row, "company_id")?),
        client_id: client_id.map(ClientId::from_uuid),
        kind: TemplateKind::parse(&kind).map_err(|_| bad("template kind", &kind))?,
        contact_id: contact_id.map(ContactId::from_uuid),
        recipient: Recipient::parse(&recipient).ok_or_else(|| bad("recipient", &recipient))?,
        to_email: get(row, "to_email")?,
        to_name: get(row, "to_name")?,
        subject: get(row, "subject")?,
        html_body: get(row, "html_body")?,
        text_body: get(row, "text_body")?,
        attachment: attachment.map(|j| j.0),
        link,
        lease: lease.map(LeaseToken::from_uuid),
        minted_link: minted.map(MagicLinkId::from_uuid),
        status: OutboxStatus::parse(&status).ok_or_else(|| bad("outbox status", &status))?,
        attempts: u32::try_from(attempts).unwrap_or(0),
        next_attempt_at: get(row, "next_attempt_at")?,
        last_error: get(row, "last_error")?,
        created_at: get(row, "created_at")?,
        sent_at: get(row, "sent_at")?,
    })
}

pub fn activity(row: &R) -> Result<Activity, StoreError> {
    let kind: String = get(row, "kind")?;
    let kind: ActivityKind = serde_json::from_value(serde_json::Value::String(kind.clone()))
        .map_err(|_| bad("activity kind", &kind))?;
    Ok(Activity {
        id: ActivityId::from_uuid(get(row, "id")?),
        company_id: CompanyId::from_uuid(get(row, "company_id")?),
        client_id: ClientId::from_uuid(get(row, "client_id")?),
        at: get(row, "at")?,
        actor: get::<Json<Actor>>(row, "actor")?.0,
        kind,
        detail: get(row, "detail")?,
    })
}

pub fn summary(row: &R) -> Result<DocumentSummary, StoreError> {
    let c = currency(&get::<String>(row, "currency")?)?;
    let kind: String = get(row, "kind")?;
    Ok(DocumentSummary {
        kind: DocumentKind::parse(&kind).ok_or_else(|| bad("document kind", &kind))?,
        id: get(row, "id")?,
        client_id: ClientId::from_uuid(get(row, "client_id")?),
        number: get(row, "number")?,
        status: get(row, "status")?,
        issue_date: get(row, "issue_date")?,
        due_date: get(row, "due_date")?,
        total: from_minor(get(row, "total")?, c),
        balance: from_minor(get(row, "balance")?, c),
        currency: c,
        created_at: get(row, "created_at")?,
    })
}
