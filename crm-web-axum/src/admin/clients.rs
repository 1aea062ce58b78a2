//! Clients: the list, create and edit with contacts, archive and restore, the 360° view with
//! its tabs, the client's email templates and the portal actions.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use crm_core::domain::{
    AddressInput, Client, ClientId, ClientInput, ContactId, ContactInput, DocumentKind,
    EmailTemplate, HistoryFilter, Locale, StandingLevel, TemplateKind,
};
use crm_core::ports::{ClientQuery, TemplateError, TicketQuery};
use crm_core::service::{Error as CoreError, TemplateSource, client_to_input};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::auth::Staff;
use super::chart;
use super::form::{Errors, FormData};
use super::view::{Base, money, render_page, status_class, t, url_encode, with_status};
use super::{AResult, AdminApp, Fail, see_other};
use crate::WebError;
use crate::html::format;

pub(super) fn routes() -> Router<AdminApp> {
    Router::new()
        .route("/clients", get(list))
        .route("/clients/new", get(new_form).post(create))
        .route("/clients/{id}", get(show))
        .route("/clients/{id}/edit", get(edit_form).post(update))
        .route("/clients/{id}/archive", post(archive))
        .route("/clients/{id}/restore", post(restore))
        .route("/clients/{id}/templates/{kind}", post(template_post))
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

const PAGE: u32 = 25;

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
    let items: Vec<Value> = rows
        .iter()
        .map(|r| {
            let c = &r.client;
            json!({
                "id": c.id.as_uuid().to_string(),
                "number": c.number,
                "name": c.name,
                "email": c.primary_contact().map(|p| p.email.to_string()),
                "tax_id": c.tax_id.as_ref().map(|t| t.as_str().to_owned()),
                "city": c.address.city(),
                "invoiced": money(r.metrics.total_invoiced, c.currency, locale),
                "outstanding": money(r.metrics.outstanding, c.currency, locale),
                "has_outstanding": !r.metrics.outstanding.is_zero(),
            })
        })
        .collect();
    let data = json!({
        "items": items,
        "q": search.unwrap_or_default(),
        "archived": archived,
        "next": next,
        "paged": q.after.is_some(),
    });
    render_page(
        &app,
        Base::of(&staff, "admin.clients.title", "clients"),
        "admin/clients",
        data,
    )
}

/// The data of the client form.
fn form_data(
    app: &AdminApp,
    input: &ClientInput,
    errors: &Errors,
    action: String,
    title: String,
    client_id: Option<ClientId>,
) -> Value {
    let f = |name: &str, value: &str| errors.field(name, value);
    let contacts: Vec<Value> = input
        .contacts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let p = format!("contacts[{i}]");
            json!({
                "index": i,
                "id_name": format!("{p}.id"),
                "id": c.id.map(|id| id.as_uuid().to_string()).unwrap_or_default(),
                "name": f(&format!("{p}.name"), &c.name),
                "email": f(&format!("{p}.email"), &c.email),
                "phone": f(&format!("{p}.phone"), c.phone.as_deref().unwrap_or_default()),
                "primary": c.primary,
                "error": errors.of(&p),
            })
        })
        .collect();
    let a = &input.address;
    json!({
        "title": title,
        "action": action,
        "cancel": match client_id {
            Some(id) => format!("{}/clients/{}", app.prefix(), id.as_uuid()),
            None => format!("{}/clients", app.prefix()),
        },
        "errors": errors.summary(),
        "name": f("name", &input.name),
        "number": f("number", input.number.as_deref().unwrap_or_default()),
        "street": f("address.street", &a.street),
        "city": f("address.city", &a.city),
        "state": f("address.state", a.state.as_deref().unwrap_or_default()),
        "postal_code": f("address.postal_code", &a.postal_code),
        "country": f("address.country", &a.country),
        "tax_id": f("tax_id", input.tax_id.as_deref().unwrap_or_default()),
        "currency": f("currency", input.currency.as_deref().unwrap_or_default()),
        "locale": f("locale", input.locale.as_deref().unwrap_or_default()),
        "notes": f("notes", input.notes.as_deref().unwrap_or_default()),
        "contacts": contacts,
        "contacts_error": errors.of("contacts"),
    })
}

/// The client of a posted form; empty new contact rows are left out.
fn client_input(form: &FormData) -> ClientInput {
    let primary: Option<usize> = form.get("primary").parse().ok();
    let mut contacts = Vec::new();
    for (i, row) in form.rows("contacts") {
        let get = |k: &str| row.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
        let id = Uuid::parse_str(&get("id")).ok().map(ContactId::from_uuid);
        let (name, email, phone) = (get("name"), get("email"), get("phone"));
        if id.is_none() && name.is_empty() && email.is_empty() && phone.is_empty() {
            continue;
        }
        contacts.push(ContactInput {
            id,
            name,
            email,
            phone: (!phone.is_empty()).then_some(phone),
            primary: primary == Some(i),
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
    }
}

fn blank_contact() -> ContactInput {
    ContactInput {
        id: None,
        name: String::new(),
        email: String::new(),
        phone: None,
        primary: false,
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
    let data = form_data(
        &app,
        &input,
        &Errors::default(),
        format!("{}/clients/new", app.prefix()),
        t("admin.client.new", staff.locale()),
        None,
    );
    render_page(
        &app,
        Base::of(&staff, "admin.client.new", "clients"),
        "admin/client_form",
        data,
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
    let data = form_data(
        app,
        &input,
        errors,
        action,
        t(title_key, staff.locale()),
        client_id,
    );
    let r = render_page(
        app,
        Base::of(staff, title_key, "clients"),
        "admin/client_form",
        data,
    )?;
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
    let input = client_input(&form);
    if form.get("action") == "add_contact" {
        return form_again(&app, &staff, input, &Errors::default(), None, true);
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
    let input = client_input(&form);
    if form.get("action") == "add_contact" {
        return form_again(&app, &staff, input, &Errors::default(), Some(id), true);
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

/// The query of the 360° view.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ShowQuery {
    #[serde(default)]
    tab: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    cursor: Option<String>,
    #[serde(default)]
    kind: Option<String>,
}

/// The template editor's state after a POST (preview or errors).
pub(crate) struct TemplateState {
    pub(crate) template: EmailTemplate,
    pub(crate) errors: Errors,
    pub(crate) preview: Option<Value>,
}

const TABS: &[&str] = &[
    "overview",
    "invoices",
    "quotes",
    "activity",
    "tickets",
    "templates",
];
const INVOICE_FILTERS: &[&str] = &["draft", "sent", "partial", "paid", "overdue", "cancelled"];
const QUOTE_FILTERS: &[&str] = &["draft", "sent", "approved", "rejected", "expired"];

async fn show(
    State(app): State<AdminApp>,
    staff: Staff,
    Path(id): Path<String>,
    Query(q): Query<ShowQuery>,
) -> AResult {
    let id = ClientId::from_uuid(parse_uuid(&id)?);
    client_page(&app, &staff, id, q, None).await
}

/// Renders the 360° view (also after a template preview, with `template`).
pub(crate) async fn client_page(
    app: &AdminApp,
    staff: &Staff,
    id: ClientId,
    q: ShowQuery,
    template: Option<TemplateState>,
) -> AResult {
    let crm = &app.web.crm;
    let locale = staff.locale();
    let prefix = app.prefix();
    let dash = crm.dashboard(&staff.ctx, id).await?;
    let today = crm.clock().today();
    let client = &dash.client;
    let cur = dash.currency;
    let base_url = format!("{prefix}/clients/{}", id.as_uuid());
    let tab = q
        .tab
        .as_deref()
        .filter(|t| TABS.contains(t))
        .unwrap_or(if template.is_some() {
            "templates"
        } else {
            "overview"
        });
    let tabs: Vec<Value> = TABS
        .iter()
        .map(|name| {
            json!({
                "name": name,
                "label": t(&format!("admin.tab.{name}"), locale),
                "href": format!("{base_url}?tab={name}"),
                "current": *name == tab,
            })
        })
        .collect();
    let level = match dash.standing.level {
        StandingLevel::Good => "good",
        StandingLevel::Watch => "watch",
        StandingLevel::Poor => "poor",
    };
    let standing = json!({
        "level": level,
        "label": t(&format!("admin.standing.{level}"), locale),
        "class": match level { "good" => "ok", "watch" => "warn", _ => "alert" },
        "overdue": money(dash.standing.overdue, cur, locale),
        "overdue_invoices": dash.standing.overdue_invoices,
        "max_days_overdue": dash.standing.max_days_overdue,
        "avg_days_to_pay": dash.standing.avg_days_to_pay.map(|d| crm_core::render::format::number(d, 1, locale)),
        "paid_invoices_12m": dash.standing.paid_invoices_12m,
    });
    let contacts: Vec<Value> = client
        .contacts
        .iter()
        .map(|c| {
            json!({
                "id": c.id.as_uuid().to_string(),
                "name": c.name,
                "email": c.email.to_string(),
                "phone": c.phone.as_ref().map(|p| p.as_str().to_owned()),
                "primary": c.primary,
            })
        })
        .collect();
    let mut data = json!({
        "title": client.name,
        "client": {
            "id": id.as_uuid().to_string(),
            "name": client.name,
            "number": client.number,
            "tax_id": client.tax_id.as_ref().map(|t| t.as_str().to_owned()),
            "address": client.address.lines(),
            "currency": cur.code(),
            "language": t(&format!("admin.lang.{}", client.locale.language()), locale),
            "notes": client.notes,
            "archived": client.archived,
        },
        "contacts": contacts,
        "base": base_url,
        "tab": tab,
        "tabs": tabs,
        "figures": {
            "invoiced": money(dash.metrics.total_invoiced, cur, locale),
            "paid": money(dash.metrics.total_paid, cur, locale),
            "outstanding": money(dash.metrics.outstanding, cur, locale),
            "has_outstanding": !dash.metrics.outstanding.is_zero(),
        },
        "standing": standing,
        "chart": null,
        "recent": [],
        "docs": null,
        "activity": [],
        "tickets": [],
        "templates": null,
    });
    match tab {
        "overview" => {
            data["chart"] = chart::chart(&dash.monthly, cur, locale);
            data["recent"] = dash
                .recent
                .iter()
                .map(|d| doc_row(prefix, d, today, locale))
                .collect();
        }
        "invoices" | "quotes" => {
            let (kind, filters) = if tab == "invoices" {
                (DocumentKind::Invoice, INVOICE_FILTERS)
            } else {
                (DocumentKind::Quote, QUOTE_FILTERS)
            };
            let status = q.status.as_deref().filter(|s| filters.contains(s));
            let filter = HistoryFilter {
                kind: Some(kind),
                status: status.map(str::to_owned),
                ..HistoryFilter::default()
            };
            let page = crm
                .document_history(&staff.ctx, id, &filter, q.cursor.as_deref(), PAGE)
                .await?;
            let here = format!("{base_url}?tab={tab}");
            let mut chips = vec![json!({
                "label": t("admin.filter.all", locale),
                "href": here,
                "current": status.is_none(),
            })];
            for s in filters {
                let key = if kind == DocumentKind::Quote && *s == "sent" {
                    "quote_sent"
                } else {
                    s
                };
                chips.push(json!({
                    "label": format::status(key, locale),
                    "href": format!("{here}&status={s}"),
                    "current": status == Some(*s),
                }));
            }
            let status_q = status.map(|s| format!("&status={s}")).unwrap_or_default();
            data["docs"] = json!({
                "kind": kind.as_str(),
                "is_invoice": kind == DocumentKind::Invoice,
                "filters": chips,
                "rows": page.items.iter().map(|d| doc_row(prefix, d, today, locale)).collect::<Vec<_>>(),
                "next": page.next.map(|c| format!("{here}{status_q}&cursor={}", url_encode(&c))),
                "first": q.cursor.is_some().then(|| format!("{here}{status_q}")),
                "new": format!("{prefix}/{}s/new?client={}", kind.as_str(), id.as_uuid()),
            });
        }
        "activity" => {
            let entries = crm.activities(&staff.ctx, id, 100).await?;
            data["activity"] = entries
                .iter()
                .map(|a| {
                    json!({
                        "at": date_time(a.at, locale),
                        "actor": actor_name(&a.actor, client, locale),
                        "what": t(&format!("admin.activity.{}", a.kind.as_str()), locale),
                        "detail": a.detail,
                    })
                })
                .collect();
        }
        "tickets" => {
            let tickets = crm
                .tickets(
                    &staff.ctx,
                    TicketQuery {
                        client_id: Some(id),
                        limit: 100,
                        ..TicketQuery::default()
                    },
                )
                .await?;
            data["tickets"] = tickets
                .iter()
                .map(|tk| {
                    json!({
                        "href": format!("{prefix}/tickets/{}", tk.id.as_uuid()),
                        "subject": tk.subject,
                        "status": format::status(tk.status.as_str(), locale),
                        "status_class": status_class(tk.status.as_str()),
                        "last": date_time(tk.last_message_at, locale),
                    })
                })
                .collect();
        }
        _ => {
            let kind = q
                .kind
                .as_deref()
                .and_then(|k| TemplateKind::parse(k).ok())
                .unwrap_or(TemplateKind::Invoice);
            let (stored, source) = crm.effective_template(&staff.ctx, id, kind).await?;
            let state = template.unwrap_or(TemplateState {
                template: stored,
                errors: Errors::default(),
                preview: None,
            });
            data["templates"] = template_editor(
                locale,
                kind,
                &format!("{base_url}?tab=templates"),
                &format!("{base_url}/templates/{}", kind.as_str()),
                source,
                &state,
            );
        }
    }
    render_page(
        app,
        Base::of(staff, "admin.clients.title", "clients"),
        "admin/client",
        data,
    )
}

/// One row of a document list.
fn doc_row(
    prefix: &str,
    d: &crm_core::domain::DocumentSummary,
    today: chrono::NaiveDate,
    locale: Locale,
) -> Value {
    let status =
        if d.kind == DocumentKind::Invoice && crm_core::service::summary_is_overdue(d, today) {
            "overdue".to_owned()
        } else {
            d.status.clone()
        };
    let label_key = if d.kind == DocumentKind::Quote && status == "sent" {
        "quote_sent"
    } else {
        status.as_str()
    };
    json!({
        "href": format!("{prefix}/{}s/{}", d.kind.as_str(), d.id),
        "kind": t(&format!("admin.kind.{}", d.kind.as_str()), locale),
        "number": d.number.clone().unwrap_or_else(|| t("admin.doc.draft_number", locale)),
        "issued": format::opt_date(d.issue_date, locale),
        "due": format::opt_date(d.due_date, locale),
        "total": money(d.total, d.currency, locale),
        "balance": money(d.balance, d.currency, locale),
        "status": format::status(label_key, locale),
        "status_class": status_class(&status),
    })
}

fn actor_name(actor: &crm_core::domain::Actor, client: &Client, locale: Locale) -> String {
    use crm_core::domain::Actor;
    match actor {
        Actor::Staff { name, .. } => name.clone(),
        Actor::Contact { id } => client
            .contact(*id)
            .map_or_else(|| t("admin.actor.contact", locale), |c| c.name.clone()),
        Actor::PaymentProvider => t("admin.actor.provider", locale),
        Actor::System => t("admin.actor.system", locale),
    }
}

/// The template editor's data (client tab and company settings alike).
pub(crate) fn template_editor(
    locale: Locale,
    kind: TemplateKind,
    kinds_base: &str,
    action: &str,
    source: TemplateSource,
    state: &TemplateState,
) -> Value {
    let kinds: Vec<Value> = TemplateKind::ALL
        .iter()
        .map(|k| {
            json!({
                "label": t(&format!("admin.template.{}", k.as_str()), locale),
                "href": format!("{kinds_base}&kind={}", k.as_str()),
                "current": *k == kind,
            })
        })
        .collect();
    let source_key = match source {
        TemplateSource::Client => "client",
        TemplateSource::Company => "company",
        TemplateSource::Default => "default",
    };
    json!({
        "kinds": kinds,
        "kind": kind.as_str(),
        "kind_label": t(&format!("admin.template.{}", kind.as_str()), locale),
        "action": action,
        "source": t(&format!("admin.template.source.{source_key}"), locale),
        "can_revert": source == TemplateSource::Client,
        "subject": state.template.subject,
        "body": state.template.body,
        "subject_error": state.errors.of("subject"),
        "body_error": state.errors.of("body"),
        "errors": state.errors.summary(),
        "preview": state.preview,
        "variables": variables(kind),
    })
}

/// A template error as a field error on `subject` or `body`, in both languages' style.
pub(crate) fn template_errors(e: &TemplateError, locale: Locale) -> Errors {
    let what = match e {
        TemplateError::Syntax { message, .. } => {
            format!("{}: {message}", t("admin.template.err.syntax", locale))
        }
        TemplateError::UnknownVariable { name, .. } => {
            format!("{}: {name}", t("admin.template.err.unknown", locale))
        }
        TemplateError::Forbidden { message, .. } => {
            format!("{}: {message}", t("admin.template.err.forbidden", locale))
        }
        TemplateError::Invalid { message, .. } => {
            format!("{}: {message}", t("admin.template.err.invalid", locale))
        }
    };
    let mut errors = Errors::default();
    errors.push(e.part(), what);
    errors
}

/// A rendered preview for the page.
pub(crate) fn preview_json(r: &crm_core::ports::RenderedEmail) -> Value {
    json!({ "subject": r.subject, "text": r.text })
}

async fn template_post(
    State(app): State<AdminApp>,
    staff: Staff,
    Path((id, kind)): Path<(String, String)>,
    form: FormData,
) -> AResult {
    let id = ClientId::from_uuid(parse_uuid(&id)?);
    let kind = TemplateKind::parse(&kind).map_err(|_| Fail(WebError::NotFound))?;
    let crm = &app.web.crm;
    let locale = staff.locale();
    crm.client(&staff.ctx, id).await?;
    let here = format!(
        "{}/clients/{}?tab=templates&kind={}",
        app.prefix(),
        id.as_uuid(),
        kind.as_str()
    );
    let template = EmailTemplate {
        subject: form.get("subject").to_owned(),
        body: form.get("body").replace("\r\n", "\n"),
    };
    let query = || ShowQuery {
        tab: Some("templates".into()),
        kind: Some(kind.as_str().into()),
        ..ShowQuery::default()
    };
    let result = match form.get("action") {
        "revert" => {
            crm.delete_client_template(&staff.ctx, id, kind).await?;
            return Ok(see_other(&format!("{here}&done=reverted")));
        }
        "save" => crm
            .set_client_template(&staff.ctx, id, kind, &template)
            .await
            .map(|()| None),
        _ => crm
            .preview_template(&staff.ctx, Some(id), kind, &template)
            .await
            .map(Some),
    };
    match result {
        Ok(None) => Ok(see_other(&format!("{here}&done=saved"))),
        Ok(Some(preview)) => {
            let state = TemplateState {
                template,
                errors: Errors::default(),
                preview: Some(preview_json(&preview)),
            };
            client_page(&app, &staff, id, query(), Some(state)).await
        }
        Err(CoreError::Template(e)) => {
            let state = TemplateState {
                template,
                errors: template_errors(&e, locale),
                preview: None,
            };
            let r = client_page(&app, &staff, id, query(), Some(state)).await?;
            Ok(with_status(r, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e.into()),
    }
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

/// The variables a template of `kind` may use (`{{client.name}}`, …).
fn variables(kind: TemplateKind) -> Vec<String> {
    fn walk(prefix: &str, v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    let p = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    walk(&p, v, out);
                }
            }
            Value::Array(_) => out.push(format!("#each {prefix}")),
            _ => out.push(prefix.to_owned()),
        }
    }
    let mut out = Vec::new();
    walk(
        "",
        &crm_core::render::templates::sample_context(kind),
        &mut out,
    );
    out
}
