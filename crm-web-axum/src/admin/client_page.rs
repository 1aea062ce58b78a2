//! The 360° view of a client: figures, standing, the tabs (overview with chart, invoices,
//! quotes, activity, tickets, email templates) and the template editor it shares with the
//! company settings.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use crm_core::domain::{
    Client, ClientId, DocumentKind, EmailTemplate, HistoryFilter, Locale, MailRole, StandingLevel,
    TemplateKind,
};
use crm_core::i18n::Arg;
use crm_core::ports::{TemplateError, TicketQuery};
use crm_core::service::{Error as CoreError, TemplateSource};
use serde::Deserialize;
use serde_json::Value;

use super::auth::Staff;
use super::chart::{self, Chart};
use super::clients::{PAGE, date_time, parse_uuid};
use super::form::{Errors, FieldError, FormData};
use super::view::{
    AdminLayout, Base, layout, money, render, status_class, t, url_encode, with_status,
};
use super::{AResult, AdminApp, Fail, see_other};
use crate::WebError;
use crate::html::i18n::text_args;
use crate::html::{Tr, format};

/// A tab of the 360° view.
struct Tab {
    name: &'static str,
    label: String,
    href: String,
    current: bool,
}

/// A filter chip (or a template kind): a link, marked when current.
pub(crate) struct Chip {
    pub(crate) label: String,
    pub(crate) href: String,
    pub(crate) current: bool,
}

/// What the page shows of the client.
struct ClientView {
    id: String,
    name: String,
    number: String,
    tax_id: Option<String>,
    address: Vec<String>,
    currency: &'static str,
    language: String,
    notes: Option<String>,
    archived: bool,
    /// The e-invoice format the client's invoices get, marked when it is the default.
    einvoice_format: String,
    /// Buyer reference (BT-10) or Leitweg-ID.
    buyer_reference: Option<String>,
}

/// A contact on the overview.
struct ContactView {
    id: String,
    name: String,
    email: String,
    phone: Option<String>,
    primary: bool,
    /// The catalogue key of a non-primary contact's document role (`To`, `CC`), if any.
    copy_role: Option<&'static str>,
}

/// The figures at the top.
struct Figures {
    invoiced: String,
    paid: String,
    outstanding: String,
    has_outstanding: bool,
    /// Dunning fees and interest outstanding; `None` when there are none.
    costs: Option<String>,
}

/// The payment standing.
struct Standing {
    level: &'static str,
    label: String,
    class: &'static str,
    overdue: String,
    overdue_invoices: u32,
    max_days_overdue: i64,
    avg_days_to_pay: Option<String>,
}

/// A row of a document table.
pub(crate) struct DocRow {
    href: String,
    kind: String,
    number: String,
    issued: String,
    due: String,
    total: String,
    balance: String,
    status: String,
    status_class: &'static str,
}

/// The invoices or quotes tab.
struct DocsTab {
    is_invoice: bool,
    filters: Vec<Chip>,
    rows: Vec<DocRow>,
    next: Option<String>,
    first: Option<String>,
    new: String,
}

/// An entry of the activity tab.
struct ActivityRow {
    at: String,
    actor: String,
    what: String,
    detail: Option<String>,
}

/// A ticket of the tickets tab.
struct TicketRow {
    href: String,
    subject: String,
    status: String,
    status_class: &'static str,
    last: String,
}

/// A rendered email preview.
#[derive(Debug, Clone)]
pub(crate) struct Preview {
    pub(crate) subject: String,
    pub(crate) text: String,
}

/// The template editor (`admin/template_form.html`).
pub(crate) struct TemplateEditor {
    pub(crate) kinds: Vec<Chip>,
    pub(crate) kind_label: String,
    pub(crate) action: String,
    pub(crate) source: String,
    pub(crate) can_revert: bool,
    pub(crate) subject: String,
    pub(crate) body: String,
    pub(crate) subject_error: Option<String>,
    pub(crate) body_error: Option<String>,
    pub(crate) errors: Vec<FieldError>,
    pub(crate) preview: Option<Preview>,
    pub(crate) variables: Vec<String>,
}

/// `GET clients/{id}`: one tab's content is set, the others are `None`.
#[derive(Template)]
#[template(path = "admin/client.html")]
struct ClientPage<'a> {
    l: &'a AdminLayout,
    t: Tr,
    client: ClientView,
    contacts: Vec<ContactView>,
    base: String,
    tabs: Vec<Tab>,
    figures: Figures,
    standing: Standing,
    chart: Option<Chart>,
    recent: Vec<DocRow>,
    /// The client's reminders, newest first (overview).
    reminders: Vec<super::dunning::ReminderRow>,
    docs: Option<DocsTab>,
    activity: Option<Vec<ActivityRow>>,
    tickets: Option<Vec<TicketRow>>,
    templates: Option<TemplateEditor>,
    dunning: Option<super::client_dunning::DunningTab>,
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

impl ShowQuery {
    /// The query of one tab.
    pub(crate) fn tab(name: &str) -> Self {
        Self {
            tab: Some(name.to_owned()),
            ..Self::default()
        }
    }
}

/// A form's state after a POST the page shows again (a preview, or errors).
pub(crate) enum Posted {
    /// The template editor.
    Template(TemplateState),
    /// The dunning tab.
    Dunning(super::client_dunning::DunningState),
}

/// The template editor's state after a POST (preview or errors).
pub(crate) struct TemplateState {
    pub(crate) template: EmailTemplate,
    pub(crate) errors: Errors,
    pub(crate) preview: Option<Preview>,
}

const TABS: &[&str] = &[
    "overview",
    "invoices",
    "quotes",
    "dunning",
    "activity",
    "tickets",
    "templates",
];
const INVOICE_FILTERS: &[&str] = &["draft", "sent", "partial", "paid", "overdue", "cancelled"];
const QUOTE_FILTERS: &[&str] = &["draft", "sent", "approved", "rejected", "expired"];

pub(super) async fn show(
    State(app): State<AdminApp>,
    staff: Staff,
    Path(id): Path<String>,
    Query(q): Query<ShowQuery>,
) -> AResult {
    let id = ClientId::from_uuid(parse_uuid(&id)?);
    client_page(&app, &staff, id, q, None).await
}

/// Renders the 360° view (also after a template preview or a refused form, with `posted`).
pub(crate) async fn client_page(
    app: &AdminApp,
    staff: &Staff,
    id: ClientId,
    q: ShowQuery,
    posted: Option<Posted>,
) -> AResult {
    let (template, dunning_state) = match posted {
        Some(Posted::Template(s)) => (Some(s), None),
        Some(Posted::Dunning(s)) => (None, Some(s)),
        None => (None, None),
    };
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
        } else if dunning_state.is_some() {
            "dunning"
        } else {
            "overview"
        });
    let tabs: Vec<Tab> = TABS
        .iter()
        .map(|name| Tab {
            name,
            label: t(&format!("admin.tab.{name}"), locale),
            href: format!("{base_url}?tab={name}"),
            current: *name == tab,
        })
        .collect();
    let level = match dash.standing.level {
        StandingLevel::Good => "good",
        StandingLevel::Watch => "watch",
        StandingLevel::Poor => "poor",
    };
    let standing = Standing {
        level,
        label: t(&format!("admin.standing.{level}"), locale),
        class: match level {
            "good" => "ok",
            "watch" => "warn",
            _ => "alert",
        },
        overdue: money(dash.standing.overdue, cur, locale),
        overdue_invoices: dash.standing.overdue_invoices,
        max_days_overdue: dash.standing.max_days_overdue,
        avg_days_to_pay: dash
            .standing
            .avg_days_to_pay
            .map(|d| crm_core::render::format::number(d, 1, locale)),
    };
    let contacts: Vec<ContactView> = client
        .contacts
        .iter()
        .map(|c| ContactView {
            id: c.id.as_uuid().to_string(),
            name: c.name.clone(),
            email: c.email.to_string(),
            phone: c.phone.as_ref().map(|p| p.as_str().to_owned()),
            primary: c.primary,
            copy_role: match (c.primary, c.mail_role) {
                (false, MailRole::To) => Some("mail_layout.role.to"),
                (false, MailRole::Cc) => Some("mail_layout.role.cc"),
                _ => None,
            },
        })
        .collect();
    let mut layout = layout(app, Base::of(staff, "admin.clients.title", "clients"));
    layout.title.clone_from(&client.name);
    let mut page = ClientPage {
        l: &layout,
        t: Tr(locale),
        client: ClientView {
            id: id.as_uuid().to_string(),
            name: client.name.clone(),
            number: client.number.to_string(),
            tax_id: client.tax_id.as_ref().map(|t| t.as_str().to_owned()),
            address: client.address.lines(),
            currency: cur.code(),
            language: t(&format!("admin.lang.{}", client.locale.language()), locale),
            notes: client.notes.clone(),
            archived: client.archived,
            einvoice_format: {
                let f = client.effective_einvoice_format(staff.company.address.country());
                let name = t(&format!("einvoice.format.{}", f.as_str()), locale);
                if client.einvoice_format.is_none() {
                    text_args(
                        "einvoice.format.default",
                        locale,
                        &[("format", Arg::from(name))],
                    )
                } else {
                    name
                }
            },
            buyer_reference: client
                .buyer_reference
                .as_ref()
                .map(|r| r.as_str().to_owned()),
        },
        contacts,
        base: base_url.clone(),
        tabs,
        figures: Figures {
            invoiced: money(dash.metrics.total_invoiced, cur, locale),
            paid: money(dash.metrics.total_paid, cur, locale),
            outstanding: money(dash.metrics.outstanding, cur, locale),
            has_outstanding: !dash.metrics.outstanding.is_zero(),
            costs: (!dash.metrics.costs_outstanding.is_zero())
                .then(|| money(dash.metrics.costs_outstanding, cur, locale)),
        },
        standing,
        chart: None,
        recent: Vec::new(),
        reminders: Vec::new(),
        docs: None,
        activity: None,
        tickets: None,
        templates: None,
        dunning: None,
    };
    match tab {
        "overview" => {
            page.chart = Some(chart::chart(&dash.monthly, cur, locale));
            page.recent = dash
                .recent
                .iter()
                .map(|d| doc_row(prefix, d, today, locale))
                .collect();
            page.reminders = crm
                .reminders_of_client(&staff.ctx, id)
                .await?
                .iter()
                .map(|r| super::dunning::ReminderRow::of(prefix, r, locale))
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
            let history = crm
                .document_history(&staff.ctx, id, &filter, q.cursor.as_deref(), PAGE)
                .await?;
            let here = format!("{base_url}?tab={tab}");
            let mut chips = vec![Chip {
                label: t("admin.filter.all", locale),
                href: here.clone(),
                current: status.is_none(),
            }];
            for s in filters {
                let key = if kind == DocumentKind::Quote && *s == "sent" {
                    "quote_sent"
                } else {
                    s
                };
                chips.push(Chip {
                    label: format::status(key, locale),
                    href: format!("{here}&status={s}"),
                    current: status == Some(*s),
                });
            }
            let status_q = status.map(|s| format!("&status={s}")).unwrap_or_default();
            page.docs = Some(DocsTab {
                is_invoice: kind == DocumentKind::Invoice,
                filters: chips,
                rows: history
                    .items
                    .iter()
                    .map(|d| doc_row(prefix, d, today, locale))
                    .collect(),
                next: history
                    .next
                    .map(|c| format!("{here}{status_q}&cursor={}", url_encode(&c))),
                first: q.cursor.is_some().then(|| format!("{here}{status_q}")),
                new: format!("{prefix}/{}s/new?client={}", kind.as_str(), id.as_uuid()),
            });
        }
        "dunning" => {
            let tab = super::client_dunning::tab(app, staff, client, dunning_state).await?;
            page.dunning = Some(tab);
        }
        "activity" => {
            let entries = crm.activities(&staff.ctx, id, 100).await?;
            page.activity = Some(
                entries
                    .iter()
                    .map(|a| ActivityRow {
                        at: date_time(a.at, locale),
                        actor: actor_name(&a.actor, client, locale),
                        what: t(&format!("admin.activity.{}", a.kind.as_str()), locale),
                        detail: a.detail.clone(),
                    })
                    .collect(),
            );
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
            page.tickets = Some(
                tickets
                    .iter()
                    .map(|tk| TicketRow {
                        href: format!("{prefix}/tickets/{}", tk.id.as_uuid()),
                        subject: tk.subject.clone(),
                        status: format::status(tk.status.as_str(), locale),
                        status_class: status_class(tk.status.as_str()),
                        last: date_time(tk.last_message_at, locale),
                    })
                    .collect(),
            );
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
            page.templates = Some(template_editor(
                locale,
                kind,
                &format!("{base_url}?tab=templates"),
                &format!("{base_url}/templates/{}", kind.as_str()),
                source,
                &state,
            ));
        }
    }
    render(&page)
}

/// One row of a document list.
fn doc_row(
    prefix: &str,
    d: &crm_core::domain::DocumentSummary,
    today: chrono::NaiveDate,
    locale: Locale,
) -> DocRow {
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
    DocRow {
        href: match d.kind {
            // A correction has no page of its own: its row opens its frozen PDF.
            DocumentKind::Cancellation | DocumentKind::Credit => {
                format!("{prefix}/corrections/{}/pdf", d.id)
            }
            DocumentKind::Reminder => format!("{prefix}/reminders/{}/pdf", d.id),
            _ => format!("{prefix}/{}s/{}", d.kind.as_str(), d.id),
        },
        kind: t(&format!("admin.kind.{}", d.kind.as_str()), locale),
        number: d
            .number
            .clone()
            .unwrap_or_else(|| t("admin.doc.draft_number", locale)),
        issued: format::opt_date(d.issue_date, locale),
        due: format::opt_date(d.due_date, locale),
        total: money(d.total, d.currency, locale),
        balance: money(d.balance, d.currency, locale),
        status: format::status(label_key, locale),
        status_class: status_class(&status),
    }
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

/// The template editor's view (client tab and company settings alike).
pub(crate) fn template_editor(
    locale: Locale,
    kind: TemplateKind,
    kinds_base: &str,
    action: &str,
    source: TemplateSource,
    state: &TemplateState,
) -> TemplateEditor {
    let kinds: Vec<Chip> = TemplateKind::ALL
        .iter()
        .map(|k| Chip {
            label: t(&format!("admin.template.{}", k.as_str()), locale),
            href: format!("{kinds_base}&kind={}", k.as_str()),
            current: *k == kind,
        })
        .collect();
    let source_key = match source {
        TemplateSource::Client => "client",
        TemplateSource::Company => "company",
        TemplateSource::Default => "default",
    };
    TemplateEditor {
        kinds,
        kind_label: t(&format!("admin.template.{}", kind.as_str()), locale),
        action: action.to_owned(),
        source: t(&format!("admin.template.source.{source_key}"), locale),
        can_revert: source == TemplateSource::Client,
        subject: state.template.subject.clone(),
        body: state.template.body.clone(),
        subject_error: state.errors.of("subject"),
        body_error: state.errors.of("body"),
        errors: state.errors.summary(),
        preview: state.preview.clone(),
        variables: variables(kind),
    }
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
pub(crate) fn preview(r: &crm_core::ports::RenderedEmail) -> Preview {
    Preview {
        subject: r.subject.clone(),
        text: r.text.clone(),
    }
}

pub(super) async fn template_post(
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
        Ok(Some(rendered)) => {
            let state = TemplateState {
                template,
                errors: Errors::default(),
                preview: Some(preview(&rendered)),
            };
            client_page(&app, &staff, id, query(), Some(Posted::Template(state))).await
        }
        Err(CoreError::Template(e)) => {
            let state = TemplateState {
                template,
                errors: template_errors(&e, locale),
                preview: None,
            };
            let r = client_page(&app, &staff, id, query(), Some(Posted::Template(state))).await?;
            Ok(with_status(r, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e.into()),
    }
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
