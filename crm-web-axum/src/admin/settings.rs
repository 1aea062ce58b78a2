//! Company settings: the profile (name, sender email, address, tax ID, currency, language),
//! numbering and terms (number prefixes, payment terms, quote validity, paper size, bank
//! details) and the global email templates. The bank account's form on the same page is
//! handled in `admin/bank.rs`.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use crm_core::domain::{
    AddressInput, Company, CompanySettings, EmailTemplate, PaperSize, TemplateKind,
};
use crm_core::service::{CompanyInput, Error as CoreError};
use serde::Deserialize;

use super::auth::Staff;
use super::bank::{BankFields, BankForm};
use super::client_page::{
    TemplateEditor, TemplateState, preview, template_editor, template_errors,
};
use super::form::{Errors, Field, FieldError, FormData};
use super::legal::{LegalFields, LegalForm};
use super::logo::LogoSection;
use super::view::{self, AdminLayout, Base, layout, t, with_status};
use super::{AResult, AdminApp, Fail, see_other};
use crate::WebError;
use crate::html::Tr;

/// The numbering and terms form's inputs.
struct TermsFields {
    errors: Vec<FieldError>,
    invoice_prefix: Field,
    quote_prefix: Field,
    cancellation_prefix: Field,
    credit_prefix: Field,
    client_prefix: Field,
    payment_terms_days: Field,
    skonto_percent: Field,
    skonto_days: Field,
    quote_validity_days: Field,
    paper_size: Field,
    bank_details: Field,
    accounting_bcc: Field,
    yearly_reset: bool,
}

/// `GET settings`.
#[derive(Template)]
#[template(path = "admin/settings.html")]
struct SettingsPage<'a> {
    l: &'a AdminLayout,
    t: Tr,
    action: String,
    errors: Vec<FieldError>,
    name: Field,
    email: Field,
    street: Field,
    city: Field,
    state: Field,
    postal_code: Field,
    country: Field,
    tax_id: Field,
    currency: Field,
    locale: Field,
    terms_action: String,
    terms: TermsFields,
    legal_action: String,
    legal: LegalFields,
    bank: BankFields,
    logo: LogoSection,
    editor: TemplateEditor,
}

pub(super) fn routes() -> Router<AdminApp> {
    Router::new()
        .route("/settings", get(page).post(save))
        .route("/settings/terms", post(save_terms))
        .route("/settings/legal", post(super::legal::save_legal))
        .route("/settings/templates/{kind}", post(template_post))
}

#[derive(Debug, Default, Deserialize)]
struct SettingsQuery {
    #[serde(default)]
    kind: Option<String>,
}

pub(super) fn company_input(c: &Company) -> CompanyInput {
    CompanyInput {
        name: c.name.clone(),
        email: c.email.to_string(),
        address: AddressInput {
            street: c.address.street().to_owned(),
            city: c.address.city().to_owned(),
            state: c.address.state().map(str::to_owned),
            postal_code: c.address.postal_code().to_owned(),
            country: c.address.country().code().to_owned(),
        },
        tax_id: c.tax_id.as_ref().map(|t| t.as_str().to_owned()),
        currency: c.currency.code().to_owned(),
        locale: c.locale.language().to_owned(),
    }
}

/// The numbering and terms form as typed (numbers stay text until they parse).
#[derive(Debug, Clone, Default)]
pub(super) struct TermsForm {
    invoice_prefix: String,
    quote_prefix: String,
    cancellation_prefix: String,
    credit_prefix: String,
    client_prefix: String,
    payment_terms_days: String,
    skonto_percent: String,
    skonto_days: String,
    quote_validity_days: String,
    paper_size: String,
    bank_details: String,
    accounting_bcc: String,
    yearly_reset: bool,
    errors: Errors,
}

impl TermsForm {
    fn of(s: &CompanySettings) -> Self {
        Self {
            invoice_prefix: s.invoice_prefix.clone(),
            quote_prefix: s.quote_prefix.clone(),
            cancellation_prefix: s.cancellation_prefix.clone(),
            credit_prefix: s.credit_prefix.clone(),
            client_prefix: s.client_prefix.clone(),
            payment_terms_days: s.payment_terms_days.to_string(),
            skonto_percent: s
                .skonto
                .map(|k| k.percent.to_string().replace('.', ","))
                .unwrap_or_default(),
            skonto_days: s.skonto.map(|k| k.days.to_string()).unwrap_or_default(),
            quote_validity_days: s.quote_validity_days.to_string(),
            paper_size: paper_name(s.paper_size).to_owned(),
            bank_details: s.bank_details.clone().unwrap_or_default(),
            accounting_bcc: s
                .accounting_bcc
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            yearly_reset: s.yearly_reset,
            errors: Errors::default(),
        }
    }

    fn fields(&self) -> TermsFields {
        let e = &self.errors;
        TermsFields {
            errors: e.summary(),
            invoice_prefix: e.field("invoice_prefix", &self.invoice_prefix),
            quote_prefix: e.field("quote_prefix", &self.quote_prefix),
            cancellation_prefix: e.field("cancellation_prefix", &self.cancellation_prefix),
            credit_prefix: e.field("credit_prefix", &self.credit_prefix),
            client_prefix: e.field("client_prefix", &self.client_prefix),
            payment_terms_days: e.field("payment_terms_days", &self.payment_terms_days),
            skonto_percent: e.field("skonto_percent", &self.skonto_percent),
            skonto_days: e.field("skonto_days", &self.skonto_days),
            quote_validity_days: e.field("quote_validity_days", &self.quote_validity_days),
            paper_size: e.field("paper_size", &self.paper_size),
            bank_details: e.field("bank_details", &self.bank_details),
            accounting_bcc: e.field("accounting_bcc", &self.accounting_bcc),
            yearly_reset: self.yearly_reset,
        }
    }
}

fn paper_name(p: PaperSize) -> &'static str {
    match p {
        PaperSize::A4 => "a4",
        PaperSize::Letter => "letter",
    }
}

/// Longest bank details accepted (a few lines of IBAN, BIC and bank name).
const MAX_BANK_DETAILS: usize = 500;
/// Longest quote validity accepted, in days.
const MAX_VALIDITY_DAYS: u32 = 365;

async fn render(
    app: &AdminApp,
    staff: &Staff,
    input: &CompanyInput,
    errors: &Errors,
    kind: TemplateKind,
    template: Option<TemplateState>,
) -> AResult {
    render_with(app, staff, input, errors, None, None, kind, template).await
}

/// The settings page; `terms` and `legal` are the forms as typed (with their errors), or the
/// stored values when `None`.
#[allow(clippy::too_many_arguments)]
pub(super) async fn render_with(
    app: &AdminApp,
    staff: &Staff,
    input: &CompanyInput,
    errors: &Errors,
    terms: Option<&TermsForm>,
    legal: Option<&LegalForm>,
    kind: TemplateKind,
    template: Option<TemplateState>,
) -> AResult {
    render_page(
        app, staff, input, errors, terms, legal, None, kind, template, None,
    )
    .await
}

/// The page with the bank form as typed and its errors (`POST settings/bank`).
pub(super) async fn render_bank(app: &AdminApp, staff: &Staff, bank: &BankForm) -> AResult {
    let input = company_input(&staff.company);
    let (errors, kind) = (Errors::default(), TemplateKind::Invoice);
    render_page(
        app,
        staff,
        &input,
        &errors,
        None,
        None,
        Some(bank),
        kind,
        None,
        None,
    )
    .await
}

/// The page with `error` at the logo form (`POST settings/logo`).
pub(super) async fn render_logo(app: &AdminApp, staff: &Staff, error: String) -> AResult {
    let input = company_input(&staff.company);
    let (errors, kind) = (Errors::default(), TemplateKind::Invoice);
    render_page(
        app,
        staff,
        &input,
        &errors,
        None,
        None,
        None,
        kind,
        None,
        Some(error),
    )
    .await
}

/// [`render_with`] with the bank form as typed too (`None`: the stored account).
#[allow(clippy::too_many_arguments)] // one per form of the page
async fn render_page(
    app: &AdminApp,
    staff: &Staff,
    input: &CompanyInput,
    errors: &Errors,
    terms: Option<&TermsForm>,
    legal: Option<&LegalForm>,
    bank: Option<&BankForm>,
    kind: TemplateKind,
    template: Option<TemplateState>,
    logo_error: Option<String>,
) -> AResult {
    let stored_terms;
    let terms = match terms {
        Some(t) => t,
        None => {
            stored_terms = TermsForm::of(&staff.company.settings);
            &stored_terms
        }
    };
    let stored_legal;
    let legal = match legal {
        Some(l) => l,
        None => {
            stored_legal = LegalForm::of(&staff.company.legal);
            &stored_legal
        }
    };
    let stored_bank;
    let bank = match bank {
        Some(b) => b,
        None => {
            stored_bank = BankForm::of(&staff.company.settings);
            &stored_bank
        }
    };
    let locale = staff.locale();
    let (stored, source) = app.web.crm.company_template(&staff.ctx, kind).await?;
    let state = template.unwrap_or(TemplateState {
        template: stored,
        errors: Errors::default(),
        preview: None,
    });
    let prefix = app.prefix();
    let a = &input.address;
    let f = |n: &str, v: &str| errors.field(n, v);
    let layout = layout(app, Base::of(staff, "admin.settings.title", "settings"));
    let page = SettingsPage {
        l: &layout,
        t: Tr(locale),
        action: format!("{prefix}/settings"),
        errors: errors.summary(),
        name: f("name", &input.name),
        email: f("email", &input.email),
        street: f("address.street", &a.street),
        city: f("address.city", &a.city),
        state: f("address.state", a.state.as_deref().unwrap_or_default()),
        postal_code: f("address.postal_code", &a.postal_code),
        country: f("address.country", &a.country),
        tax_id: f("tax_id", input.tax_id.as_deref().unwrap_or_default()),
        currency: f("currency", &input.currency),
        locale: f("locale", &input.locale),
        terms_action: format!("{prefix}/settings/terms"),
        terms: terms.fields(),
        legal_action: format!("{prefix}/settings/legal"),
        legal: legal.fields(),
        bank: bank.fields(format!("{prefix}/settings/bank")),
        logo: LogoSection::of(prefix, &staff.company, locale, logo_error.clone()),
        editor: template_editor(
            locale,
            kind,
            &format!("{prefix}/settings?tab=templates"),
            &format!("{prefix}/settings/templates/{}", kind.as_str()),
            source,
            &state,
        ),
    };
    let bad = !errors.is_empty()
        || !state.errors.is_empty()
        || !terms.errors.is_empty()
        || !legal.errors.is_empty()
        || !bank.errors.is_empty()
        || logo_error.is_some();
    let r = view::render(&page)?;
    Ok(if bad {
        with_status(r, StatusCode::UNPROCESSABLE_ENTITY)
    } else {
        r
    })
}

async fn page(
    State(app): State<AdminApp>,
    staff: Staff,
    Query(q): Query<SettingsQuery>,
) -> AResult {
    let kind = q
        .kind
        .as_deref()
        .and_then(|k| TemplateKind::parse(k).ok())
        .unwrap_or(TemplateKind::Invoice);
    let input = company_input(&staff.company);
    render(&app, &staff, &input, &Errors::default(), kind, None).await
}

async fn save(State(app): State<AdminApp>, staff: Staff, form: FormData) -> AResult {
    let g = |k: &str| form.get(k).trim().to_owned();
    let input = CompanyInput {
        name: g("name"),
        email: g("email"),
        address: AddressInput {
            street: g("address.street"),
            city: g("address.city"),
            state: form.opt("address.state"),
            postal_code: g("address.postal_code"),
            country: g("address.country"),
        },
        tax_id: form.opt("tax_id"),
        currency: g("currency"),
        locale: g("locale"),
    };
    match app.web.crm.update_company(&staff.ctx, &input).await {
        Ok(_) => Ok(see_other(&format!("{}/settings?done=saved", app.prefix()))),
        Err(CoreError::Invalid(v)) => {
            let errors = Errors::from_core(&v, staff.locale());
            render(&app, &staff, &input, &errors, TemplateKind::Invoice, None).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST settings/terms`: number prefixes, payment terms, quote validity, paper size and
/// bank details.
async fn save_terms(State(app): State<AdminApp>, staff: Staff, form: FormData) -> AResult {
    let locale = staff.locale();
    let g = |k: &str| form.get(k).trim().to_owned();
    let mut typed = TermsForm {
        invoice_prefix: g("invoice_prefix"),
        quote_prefix: g("quote_prefix"),
        // A form of an earlier page without these fields keeps the ranges as they are.
        cancellation_prefix: if form.has("cancellation_prefix") {
            g("cancellation_prefix")
        } else {
            staff.company.settings.cancellation_prefix.clone()
        },
        credit_prefix: if form.has("credit_prefix") {
            g("credit_prefix")
        } else {
            staff.company.settings.credit_prefix.clone()
        },
        client_prefix: g("client_prefix"),
        payment_terms_days: g("payment_terms_days"),
        skonto_percent: g("skonto_percent"),
        skonto_days: g("skonto_days"),
        quote_validity_days: g("quote_validity_days"),
        paper_size: g("paper_size"),
        bank_details: form
            .get("bank_details")
            .replace("\r\n", "\n")
            .trim()
            .to_owned(),
        accounting_bcc: g("accounting_bcc"),
        yearly_reset: form.has("yearly_reset"),
        errors: Errors::default(),
    };
    let mut errors = Errors::default();
    let mut days = |field: &str, value: &str| match value.parse::<u32>() {
        Ok(n) => Some(n),
        Err(_) => {
            errors.push(field, t("admin.err.days", locale));
            None
        }
    };
    let terms_days = days("payment_terms_days", &typed.payment_terms_days);
    let validity = days("quote_validity_days", &typed.quote_validity_days);
    let skonto_days = (!typed.skonto_days.is_empty())
        .then(|| days("skonto_days", &typed.skonto_days))
        .flatten();
    let skonto_percent = if typed.skonto_percent.is_empty() {
        None
    } else {
        let p = super::form::parse_decimal(&typed.skonto_percent, locale);
        if p.is_none() {
            errors.push("skonto_percent", t("admin.err.number", locale));
        }
        p
    };
    let skonto = {
        let mut c = crm_core::domain::validation::Collector::new();
        let s = crm_core::domain::payment_terms::validate_skonto(
            &mut c,
            skonto_percent,
            skonto_days,
            terms_days,
        );
        if let Err(v) = c.finish() {
            for (field, message) in Errors::from_core(&v, locale).0 {
                errors.push(field, message);
            }
        }
        s
    };
    if validity.is_some_and(|v| v > MAX_VALIDITY_DAYS) {
        errors.push("quote_validity_days", t("admin.err.validity", locale));
    }
    let paper = match typed.paper_size.as_str() {
        "a4" => Some(PaperSize::A4),
        "letter" => Some(PaperSize::Letter),
        _ => {
            errors.push("paper_size", t("admin.err.paper", locale));
            None
        }
    };
    if typed.bank_details.chars().count() > MAX_BANK_DETAILS {
        errors.push("bank_details", t("admin.err.bank_details", locale));
    }
    let accounting_bcc = match typed.accounting_bcc.as_str() {
        "" => None,
        a => match crm_core::domain::EmailAddress::parse(a) {
            Ok(a) => Some(a),
            Err(e) => {
                errors.push("accounting_bcc", e.message(locale));
                None
            }
        },
    };
    let input = company_input(&staff.company);
    let (Some(payment_terms_days), Some(quote_validity_days), Some(paper_size), true) =
        (terms_days, validity, paper, errors.is_empty())
    else {
        typed.errors = errors;
        return render_with(
            &app,
            &staff,
            &input,
            &Errors::default(),
            Some(&typed),
            None,
            TemplateKind::Invoice,
            None,
        )
        .await;
    };
    let settings = CompanySettings {
        invoice_prefix: typed.invoice_prefix.clone(),
        quote_prefix: typed.quote_prefix.clone(),
        cancellation_prefix: typed.cancellation_prefix.clone(),
        credit_prefix: typed.credit_prefix.clone(),
        client_prefix: typed.client_prefix.clone(),
        payment_terms_days,
        skonto,
        quote_validity_days,
        paper_size,
        bank_details: (!typed.bank_details.is_empty()).then(|| typed.bank_details.clone()),
        yearly_reset: typed.yearly_reset,
        // Its own form (`settings/bank`) edits the account; this one keeps it.
        bank_account: staff.company.settings.bank_account.clone(),
        accounting_bcc,
        // Set by the logo form; `update_company_settings` keeps the stored one anyway.
        logo: staff.company.settings.logo,
        // Not on this form: kept as stored.
        dunning: staff.company.settings.dunning.clone(),
    };
    match app
        .web
        .crm
        .update_company_settings(&staff.ctx, settings)
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "{}/settings?done=saved#terms",
            app.prefix()
        ))),
        Err(CoreError::Invalid(v)) => {
            typed.errors = Errors::from_core(&v, locale);
            render_with(
                &app,
                &staff,
                &input,
                &Errors::default(),
                Some(&typed),
                None,
                TemplateKind::Invoice,
                None,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

async fn template_post(
    State(app): State<AdminApp>,
    staff: Staff,
    Path(kind): Path<String>,
    form: FormData,
) -> AResult {
    let kind = TemplateKind::parse(&kind).map_err(|_| Fail(WebError::NotFound))?;
    let crm = &app.web.crm;
    let template = EmailTemplate {
        subject: form.get("subject").to_owned(),
        body: form.get("body").replace("\r\n", "\n"),
    };
    let result = if form.get("action") == "save" {
        crm.set_company_template(&staff.ctx, kind, &template)
            .await
            .map(|()| None)
    } else {
        crm.preview_template(&staff.ctx, None, kind, &template)
            .await
            .map(Some)
    };
    let input = company_input(&staff.company);
    match result {
        Ok(None) => Ok(see_other(&format!(
            "{}/settings?kind={}&done=saved",
            app.prefix(),
            kind.as_str()
        ))),
        Ok(Some(rendered)) => {
            let state = TemplateState {
                template,
                errors: Errors::default(),
                preview: Some(preview(&rendered)),
            };
            render(&app, &staff, &input, &Errors::default(), kind, Some(state)).await
        }
        Err(CoreError::Template(e)) => {
            let state = TemplateState {
                template,
                errors: template_errors(&e, staff.locale()),
                preview: None,
            };
            render(&app, &staff, &input, &Errors::default(), kind, Some(state)).await
        }
        Err(e) => Err(e.into()),
    }
}
