//! Company settings: the profile (name, sender email, address, tax ID, currency, language)
//! and the global email templates.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use crm_core::domain::{AddressInput, Company, EmailTemplate, TemplateKind};
use crm_core::service::{CompanyInput, Error as CoreError};
use serde::Deserialize;
use serde_json::json;

use super::auth::Staff;
use super::clients::{TemplateState, preview_json, template_editor, template_errors};
use super::form::{Errors, FormData};
use super::view::{Base, render_page, with_status};
use super::{AResult, AdminApp, Fail, see_other};
use crate::WebError;

pub(super) fn routes() -> Router<AdminApp> {
    Router::new()
        .route("/settings", get(page).post(save))
        .route("/settings/templates/{kind}", post(template_post))
}

#[derive(Debug, Default, Deserialize)]
struct SettingsQuery {
    #[serde(default)]
    kind: Option<String>,
}

fn company_input(c: &Company) -> CompanyInput {
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

async fn render(
    app: &AdminApp,
    staff: &Staff,
    input: &CompanyInput,
    errors: &Errors,
    kind: TemplateKind,
    template: Option<TemplateState>,
) -> AResult {
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
    let data = json!({
        "action": format!("{prefix}/settings"),
        "errors": errors.summary(),
        "name": f("name", &input.name),
        "email": f("email", &input.email),
        "street": f("address.street", &a.street),
        "city": f("address.city", &a.city),
        "state": f("address.state", a.state.as_deref().unwrap_or_default()),
        "postal_code": f("address.postal_code", &a.postal_code),
        "country": f("address.country", &a.country),
        "tax_id": f("tax_id", input.tax_id.as_deref().unwrap_or_default()),
        "currency": f("currency", &input.currency),
        "locale": f("locale", &input.locale),
        "templates": template_editor(
            locale,
            kind,
            &format!("{prefix}/settings?tab=templates"),
            &format!("{prefix}/settings/templates/{}", kind.as_str()),
            source,
            &state,
        ),
    });
    let bad = !errors.is_empty() || !state.errors.is_empty();
    let r = render_page(
        app,
        Base::of(staff, "admin.settings.title", "settings"),
        "admin/settings",
        data,
    )?;
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
        Ok(Some(preview)) => {
            let state = TemplateState {
                template,
                errors: Errors::default(),
                preview: Some(preview_json(&preview)),
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
