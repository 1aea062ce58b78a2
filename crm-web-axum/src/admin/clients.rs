//! Clients: the list, create and edit with contacts, archive and restore, the 360° view with
//! its tabs, the client's email templates and the portal actions.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use crm_core::domain::{
    AddressInput, ClientId, ClientInput, ClientKind, ContactId, ContactInput, Country,
    EInvoiceFormat, Locale, PaymentTermsInput,
};
use crm_core::i18n::Arg;
use crm_core::ports::ClientQuery;
use crm_core::service::{Error as CoreError, client_to_input};
use serde::Deserialize;
use uuid::Uuid;

use super::auth::Staff;
use super::client_page;
use super::form::{Errors, Field, FieldError, FormData};
use super::view::{AdminLayout, Base, layout, money, render, t, url_encode, with_status};
use super::{AResult, AdminApp, Fail, see_other};
use crate::WebError;
use crate::html::i18n::text_args;
use crate::html::{Tr, format};

pub(super) fn routes() -> Router<AdminApp> {
    Router::new()
        .route("/clients", get(list))
        .route("/clients/new", get(new_form).post(create))
        .route("/clients/{id}", get(client_page::show))
        .route("/clients/{id}/edit", get(edit_form).post(update))
        .route("/clients/{id}/archive", post(archive))
        .route("/clients/{id}/restore", post(restore))
        .route(
            "/clients/{id}/templates/{kind}",
            post(client_page::template_post),
        )
        .route("/clients/{id}/portal-link", post(portal_link))
        .route("/clients/{id}/contacts/{contact}/sign-out", post(sign_out))
}

/// A UUID from a path; anything else is a page that does not exist.
pub(crate) fn parse_uuid(s: &str) -> Result<Uuid, Fail> {
    Uuid::parse_str(s).map_err(|_| Fail(WebError::NotFound))
}

/// Date and time in UTC per locale.
pub(crate) fn date_time(at: DateTime<Utc>, locale: Locale) -> String {
    format!(
        "{} {} UTC",
        format::date(at.date_naive(), locale),
        at.format("%H:%M")
    )
}

pub(super) const PAGE: u32 = 25;

#[derive(Debug, Deserialize)]
struct ListQuery {
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    archived: Option<String>,
    #[serde(default)]
    after: Option<String>,
}

/// The list cursor: `<uuid>.<hex of the name>` of the last row.
fn encode_cursor(name: &str, id: ClientId) -> String {
    let hex: String = name.bytes().map(|b| format!("{b:02x}")).collect();
    format!("{}.{hex}", id.as_uuid())
}

fn decode_cursor(s: &str) -> Option<(String, ClientId)> {
    let (id, hex) = s.split_once('.')?;
    let id = ClientId::from_uuid(Uuid::parse_str(id).ok()?);
    if hex.len() % 2 != 0 || hex.len() > 2000 {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect();
    Some((String::from_utf8(bytes?).ok()?, id))
}

async fn list(State(app): State<AdminApp>, staff: Staff, Query(q): Query<ListQuery>) -> AResult {
    let locale = staff.locale();
    let archived = q.archived.as_deref() == Some("1");
    let search = q.q.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let query = ClientQuery {
        search: search.map(str::to_owned),
        archived,
        limit: PAGE,
        after: q.after.as_deref().and_then(decode_cursor),
    };
    let rows = app.web.crm.list_clients(&staff.ctx, query).await?;
    let prefix = app.prefix();
    let next = (rows.len() == PAGE as usize)
        .then(|| rows.last())
        .flatten()
        .map(|last| {
            let mut url = format!(
                "{prefix}/clients?after={}",
                url_encode(&encode_cursor(&last.client.name, last.client.id))
            );
            if let Some(s) = search {
                url.push_str(&format!("&q={}", url_encode(s)));
            }
            if archived {
                url.push_str("&archived=1");
            }
            url
        });
    let items: Vec<ClientRow> = rows
        .iter()
        .map(|r| {
            let c = &r.client;
            ClientRow {
                id: c.id.as_uuid().to_string(),
                number: c.number.to_string(),
                name: c.name.clone(),
                email: c
                    .primary_contact()
                    .map(|p| p.email.to_string())
                    .unwrap_or_default(),
                tax_id: c
                    .tax_id
                    .as_ref()
                    .map(|t| t.as_str().to_owned())
                    .unwrap_or_default(),
                city: c.address.city().to_owned(),
                invoiced: money(r.metrics.total_invoiced, c.currency, locale),
                outstanding: money(r.metrics.outstanding, c.currency, locale),
                has_outstanding: !r.metrics.outstanding.is_zero(),
            }
        })
        .collect();
    let layout = layout(&app, Base::of(&staff, "admin.clients.title", "clients"));
    render(&ClientsPage {
        l: &layout,
        t: Tr(locale),
        items,
        q: search.unwrap_or_default(),
        archived,
        next,
        paged: q.after.is_some(),
    })
}

/// A row of the client list.
struct ClientRow {
    id: String,
    number: String,
    name: String,
    email: String,
    tax_id: String,
    city: String,
    invoiced: String,
    outstanding: String,
    has_outstanding: bool,
}

/// `GET clients`.
#[derive(Template)]
#[template(path = "admin/clients.html")]
struct ClientsPage<'a> {
    l: &'a AdminLayout,
    t: Tr,
    items: Vec<ClientRow>,
    q: &'a str,
    archived: bool,
    next: Option<String>,
    paged: bool,
}

/// A contact row of the client form.
struct ContactFields {
    index: usize,
    id_name: String,
    id: String,
    name: Field,
    email: Field,
    phone: Field,
    primary: bool,
    /// Form name of the recipient role select (`contacts[i].mail_role`).
    role_name: String,
    /// The role as typed or stored (`to`, `cc`, `none`).
    role: String,
    role_error: Option<String>,
    error: Option<String>,
}

/// The client form (new and edit).
#[derive(Template)]
#[template(path = "admin/client_form.html")]
struct ClientFormPage<'a> {
    l: &'a AdminLayout,
    t: Tr,
    action: String,
    cancel: String,
    errors: Vec<FieldError>,
    name: Field,
    number: Field,
    street: Field,
    city: Field,
    state: Field,
    postal_code: Field,
    country: Field,
    tax_id: Field,
    kind: Field,
    terms_days: Field,
    skonto_percent: Field,
    skonto_days: Field,
    currency: Field,
    locale: Field,
    notes: Field,
    /// The e-invoice format select (`""`: the default).
    einvoice_format: Field,
    /// Its options: value and label, the first the default naming the format it means.
    einvoice_formats: Vec<(String, String)>,
    /// The hint under it (the default rule with the company's country).
    einvoice_hint: String,
    buyer_reference: Field,
    contacts: Vec<ContactFields>,
    contacts_error: Option<String>,
}

/// The options of the e-invoice format select: the default first (naming the format the
/// client would get: from the form's kind and country, the company's country when the form's
/// does not parse), then every format.
fn einvoice_options(
    input: &ClientInput,
    seller_country: Country,
    locale: Locale,
) -> Vec<(String, String)> {
    let kind = input
        .kind
        .as_deref()
        .and_then(|k| ClientKind::parse(k).ok())
        .unwrap_or_default();
    let country = Country::parse(&input.address.country).unwrap_or(seller_country);
    let default = EInvoiceFormat::default_for(kind, country, seller_country);
    let name = |f: EInvoiceFormat| t(&format!("einvoice.format.{}", f.as_str()), locale);
    let mut options = vec![(
        String::new(),
        text_args(
            "einvoice.format.default",
            locale,
            &[("format", Arg::from(name(default)))],
        ),
    )];
    options.extend(
        EInvoiceFormat::ALL
            .into_iter()
            .map(|f| (f.as_str().to_owned(), name(f))),
    );
    options
}

/// Renders the client form titled `title_key`.
fn render_form(
    app: &AdminApp,
    staff: &Staff,
    input: &ClientInput,
    errors: &Errors,
    action: String,
    title_key: &'static str,
    client_id: Option<ClientId>,
) -> AResult {
    let f = |name: &str, value: &str| errors.field(name, value);
    let contacts: Vec<ContactFields> = input
        .contacts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let p = format!("contacts[{i}]");
            ContactFields {
                index: i,
                id_name: format!("{p}.id"),
                id: c.id.map(|id| id.as_uuid().to_string()).unwrap_or_default(),
                name: f(&format!("{p}.name"), &c.name),
                email: f(&format!("{p}.email"), &c.email),
                phone: f(
                    &format!("{p}.phone"),
                    c.phone.as_deref().unwrap_or_default(),
                ),
                primary: c.primary,
                role_name: format!("{p}.mail_role"),
                role: c
                    .mail_role
                    .clone()
                    .unwrap_or_else(|| if c.primary { "to" } else { "none" }.to_owned()),
                role_error: errors.of(&format!("{p}.mail_role")),
                error: errors.of(&p),
            }
        })
        .collect();
    let a = &input.address;
    let seller_country = staff.company.address.country();
    let layout = layout(app, Base::of(staff, title_key, "clients"));
    render(&ClientFormPage {
        l: &layout,
        t: Tr(staff.locale()),
        action,
        cancel: match client_id {
            Some(id) => format!("{}/clients/{}", app.prefix(), id.as_uuid()),
            None => format!("{}/clients", app.prefix()),
        },
        errors: errors.summary(),
        name: f("name", &input.name),
        number: f("number", input.number.as_deref().unwrap_or_default()),
        street: f("address.street", &a.street),
        city: f("address.city", &a.city),
        state: f("address.state", a.state.as_deref().unwrap_or_default()),
        postal_code: f("address.postal_code", &a.postal_code),
        country: f("address.country", &a.country),
        tax_id: f("tax_id", input.tax_id.as_deref().unwrap_or_default()),
        kind: f("kind", input.kind.as_deref().unwrap_or("business")),
        terms_days: f(
            "payment_terms.days",
            &input
                .payment_terms
                .days
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ),
        skonto_percent: f(
            "payment_terms.skonto_percent",
            &input
                .payment_terms
                .skonto_percent
                .map(|p| match staff.locale() {
                    crm_core::domain::Locale::De => p.to_string().replace('.', ","),
                    crm_core::domain::Locale::En => p.to_string(),
                })
                .unwrap_or_default(),
        ),
        skonto_days: f(
            "payment_terms.skonto_days",
            &input
                .payment_terms
                .skonto_days
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ),
        currency: f("currency", input.currency.as_deref().unwrap_or_default()),
        locale: f("locale", input.locale.as_deref().unwrap_or_default()),
        notes: f("notes", input.notes.as_deref().unwrap_or_default()),
        einvoice_format: f(
            "einvoice_format",
            input.einvoice_format.as_deref().unwrap_or_default(),
        ),
        einvoice_formats: einvoice_options(input, seller_country, staff.locale()),
        einvoice_hint: text_args(
            "einvoice.format.hint",
            staff.locale(),
            &[(
                "country",
                Arg::from(crm_core::render::format::country(
                    seller_country,
                    staff.locale(),
                )),
            )],
        ),
        buyer_reference: f(
            "buyer_reference",
            input.buyer_reference.as_deref().unwrap_or_default(),
        ),
        contacts,
        contacts_error: errors.of("contacts"),
    })
}

/// The payment terms of a posted client form; numbers that do not parse are field errors.
fn terms_input(form: &FormData, locale: Locale, errors: &mut Errors) -> PaymentTermsInput {
    let mut days = |field: &str| {
        let text = form.get(field).trim().to_owned();
        if text.is_empty() {
            return None;
        }
        let d = text.parse::<u32>().ok();
        if d.is_none() {
            errors.push(field, t("admin.err.days", locale));
        }
        d
    };
    let terms_days = days("payment_terms.days");
    let skonto_days = days("payment_terms.skonto_days");
    let percent = form.get("payment_terms.skonto_percent").trim().to_owned();
    let skonto_percent = if percent.is_empty() {
        None
    } else {
        let p = super::form::parse_decimal(&percent, locale);
        if p.is_none() {
            errors.push(
                "payment_terms.skonto_percent",
                t("admin.err.number", locale),
            );
        }
        p
    };
    PaymentTermsInput {
        days: terms_days,
        skonto_percent,
        skonto_days,
    }
}

/// The client of a posted form; empty new contact rows are left out.
fn client_input(form: &FormData) -> ClientInput {
    let primary: Option<usize> = form.get("primary").parse().ok();
    let mut contacts = Vec::new();
    for (i, row) in form.rows("contacts") {
        let get = |k: &str| row.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
        let id = Uuid::parse_str(&get("id")).ok().map(ContactId::from_uuid);
        let (name, email, phone) = (get("name"), get("email"), get("phone"));
        let mail_role = Some(get("mail_role")).filter(|r| !r.is_empty());
        if id.is_none() && name.is_empty() && email.is_empty() && phone.is_empty() {
            continue;
        }
        contacts.push(ContactInput {
            id,
            name,
            email,
            phone: (!phone.is_empty()).then_some(phone),
            primary: primary == Some(i),
            mail_role,
        });
    }
    // One primary: the first contact unless one was chosen.
    if !contacts.iter().any(|c| c.primary)
        && let Some(first) = contacts.first_mut()
    {
        first.primary = true;
    }
    ClientInput {
        name: form.get("name").trim().to_owned(),
        number: form.opt("number"),
        contacts,
        address: AddressInput {
            street: form.get("address.street").trim().to_owned(),
            city: form.get("address.city").trim().to_owned(),
            state: form.opt("address.state"),
            postal_code: form.get("address.postal_code").trim().to_owned(),
            country: form.get("address.country").trim().to_owned(),
        },
        tax_id: form.opt("tax_id"),
        currency: form.opt("currency"),
        locale: form.opt("locale"),
        notes: form.opt("notes"),
        kind: form.opt("kind"),
        payment_terms: PaymentTermsInput::default(),
        einvoice_format: form.opt("einvoice_format"),
        buyer_reference: form.opt("buyer_reference"),
    }
}

fn blank_contact() -> ContactInput {
    ContactInput {
        id: None,
        name: String::new(),
        email: String::new(),
        phone: None,
        primary: false,
        mail_role: None,
    }
}

async fn new_form(State(app): State<AdminApp>, staff: Staff) -> AResult {
    let company = &staff.company;
    let input = ClientInput {
        contacts: vec![ContactInput {
            primary: true,
            ..blank_contact()
        }],
        address: AddressInput {
            country: company.address.country().code().to_owned(),
            ..AddressInput::default()
        },
        currency: Some(company.currency.code().to_owned()),
        locale: Some(company.locale.language().to_owned()),
        ..ClientInput::default()
    };
    render_form(
        &app,
        &staff,
        &input,
        &Errors::default(),
        format!("{}/clients/new", app.prefix()),
        "admin.client.new",
        None,
    )
}

/// Re-renders the form (more contact rows, or field errors) instead of writing.
fn form_again(
    app: &AdminApp,
    staff: &Staff,
    mut input: ClientInput,
    errors: &Errors,
    client_id: Option<ClientId>,
    add_row: bool,
) -> AResult {
    if add_row {
        input.contacts.push(blank_contact());
    }
    let (action, title_key) = match client_id {
        Some(id) => (
            format!("{}/clients/{}/edit", app.prefix(), id.as_uuid()),
            "admin.client.edit",
        ),
        None => (format!("{}/clients/new", app.prefix()), "admin.client.new"),
    };
    let r = render_form(app, staff, &input, errors, action, title_key, client_id)?;
    Ok(if errors.is_empty() {
        r
    } else {
        with_status(r, StatusCode::UNPROCESSABLE_ENTITY)
    })
}

/// Field errors of a failed save, or the failure itself.
fn save_errors(e: CoreError, locale: Locale) -> Result<Errors, Fail> {
    match e {
        CoreError::Invalid(v) => Ok(Errors::from_core(&v, locale)),
        CoreError::DuplicateClientNumber(_) => {
            let mut errs = Errors::default();
            errs.push("number", t("admin.client.number_taken", locale));
            Ok(errs)
        }
        CoreError::CurrencyLocked => {
            let mut errs = Errors::default();
            errs.push("currency", t("admin.client.currency_locked", locale));
            Ok(errs)
        }
        CoreError::ContactRule(_) => {
            let mut errs = Errors::default();
            errs.push("contacts", t("admin.client.contact_rule", locale));
            Ok(errs)
        }
        other => Err(other.into()),
    }
}

async fn create(State(app): State<AdminApp>, staff: Staff, form: FormData) -> AResult {
    let mut input = client_input(&form);
    let mut parse_errors = Errors::default();
    input.payment_terms = terms_input(&form, staff.locale(), &mut parse_errors);
    if form.get("action") == "add_contact" {
        return form_again(&app, &staff, input, &Errors::default(), None, true);
    }
    if !parse_errors.is_empty() {
        return form_again(&app, &staff, input, &parse_errors, None, false);
    }
    match app.web.crm.create_client(&staff.ctx, &input).await {
        Ok(c) => Ok(see_other(&format!(
            "{}/clients/{}?done=created",
            app.prefix(),
            c.id.as_uuid()
        ))),
        Err(e) => {
            let errors = save_errors(e, staff.locale())?;
            form_again(&app, &staff, input, &errors, None, false)
        }
    }
}

async fn edit_form(State(app): State<AdminApp>, staff: Staff, Path(id): Path<String>) -> AResult {
    let id = ClientId::from_uuid(parse_uuid(&id)?);
    let client = app.web.crm.client(&staff.ctx, id).await?;
    form_again(
        &app,
        &staff,
        client_to_input(&client),
        &Errors::default(),
        Some(id),
        false,
    )
}

async fn update(
    State(app): State<AdminApp>,
    staff: Staff,
    Path(id): Path<String>,
    form: FormData,
) -> AResult {
    let id = ClientId::from_uuid(parse_uuid(&id)?);
    // Another company's client is not found, whatever the form says.
    app.web.crm.client(&staff.ctx, id).await?;
    let mut input = client_input(&form);
    let mut parse_errors = Errors::default();
    input.payment_terms = terms_input(&form, staff.locale(), &mut parse_errors);
    if form.get("action") == "add_contact" {
        return form_again(&app, &staff, input, &Errors::default(), Some(id), true);
    }
    if !parse_errors.is_empty() {
        return form_again(&app, &staff, input, &parse_errors, Some(id), false);
    }
    match app.web.crm.update_client(&staff.ctx, id, &input).await {
        Ok(_) => Ok(see_other(&format!(
            "{}/clients/{}?done=saved",
            app.prefix(),
            id.as_uuid()
        ))),
        Err(e) => {
            let errors = save_errors(e, staff.locale())?;
            form_again(&app, &staff, input, &errors, Some(id), false)
        }
    }
}

async fn archive(State(app): State<AdminApp>, staff: Staff, Path(id): Path<String>) -> AResult {
    let id = ClientId::from_uuid(parse_uuid(&id)?);
    app.web.crm.archive_client(&staff.ctx, id).await?;
    Ok(see_other(&format!(
        "{}/clients/{}?done=archived",
        app.prefix(),
        id.as_uuid()
    )))
}

async fn restore(State(app): State<AdminApp>, staff: Staff, Path(id): Path<String>) -> AResult {
    let id = ClientId::from_uuid(parse_uuid(&id)?);
    app.web.crm.restore_client(&staff.ctx, id).await?;
    Ok(see_other(&format!(
        "{}/clients/{}?done=restored",
        app.prefix(),
        id.as_uuid()
    )))
}

async fn portal_link(
    State(app): State<AdminApp>,
    staff: Staff,
    Path(id): Path<String>,
    form: FormData,
) -> AResult {
    let id = ClientId::from_uuid(parse_uuid(&id)?);
    let contact = Uuid::parse_str(form.get("contact"))
        .ok()
        .map(ContactId::from_uuid);
    app.web
        .crm
        .issue_portal_link(&staff.ctx, id, contact, true)
        .await?;
    Ok(see_other(&format!(
        "{}/clients/{}?done=link_sent",
        app.prefix(),
        id.as_uuid()
    )))
}

async fn sign_out(
    State(app): State<AdminApp>,
    staff: Staff,
    Path((id, contact)): Path<(String, String)>,
) -> AResult {
    let id = ClientId::from_uuid(parse_uuid(&id)?);
    let contact = ContactId::from_uuid(parse_uuid(&contact)?);
    app.web
        .crm
        .sign_out_contact(&staff.ctx, id, contact)
        .await?;
    Ok(see_other(&format!(
        "{}/clients/{}?done=sessions_ended",
        app.prefix(),
        id.as_uuid()
    )))
}
