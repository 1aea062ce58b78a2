//! Staff users and API tokens of the company: add a staff member, disable and enable one;
//! create an API token (its raw text is shown once, on the result page) and revoke one.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use crm_core::domain::{ApiTokenId, StaffUser, UserId};
use crm_core::service::Error as CoreError;

use super::auth::Staff;
use super::clients::{date_time, parse_uuid};
use super::documents::SelectOption;
use super::form::{Errors, Field, FieldError, FormData};
use super::view::{self, AdminLayout, Base, layout, t, with_status};
use super::{AResult, AdminApp, Fail, see_other};
use crate::WebError;
use crate::html::Tr;

/// A staff member in the list.
struct UserRow {
    id: String,
    name: String,
    email: String,
    created: String,
    disabled: bool,
    is_self: bool,
    disable: String,
    enable: String,
}

/// An API token in the list.
struct TokenRow {
    id: String,
    name: String,
    owner: String,
    created: String,
    last_used: Option<String>,
    revoked: Option<String>,
    revoke: String,
}

/// `GET settings/team`.
#[derive(Template)]
#[template(path = "admin/team.html")]
struct TeamPage<'a> {
    l: &'a AdminLayout,
    t: Tr,
    users: Vec<UserRow>,
    tokens: Vec<TokenRow>,
    owners: Vec<SelectOption>,
    add_user: String,
    create_token: String,
    user_errors: Vec<FieldError>,
    email: Field,
    name: Field,
    password: Field,
    token_errors: Vec<FieldError>,
    token_name: Field,
    token_user: Field,
}

/// The page of a new token: its raw text, shown once.
#[derive(Template)]
#[template(path = "admin/token.html")]
struct TokenPage<'a> {
    l: &'a AdminLayout,
    t: Tr,
    token: String,
    name: String,
    owner: String,
    back: String,
}

pub(super) fn routes() -> Router<AdminApp> {
    Router::new()
        .route("/settings/team", get(page))
        .route("/settings/team/users", post(add_user))
        .route("/settings/team/users/{id}/disable", post(disable))
        .route("/settings/team/users/{id}/enable", post(enable))
        .route("/settings/team/tokens", post(create_token))
        .route("/settings/team/tokens/{id}/revoke", post(revoke))
}

/// What the two forms of the page show again after an error.
#[derive(Debug, Default)]
struct Forms {
    email: String,
    name: String,
    user_errors: Errors,
    token_name: String,
    token_user: String,
    token_errors: Errors,
}

fn is_self(staff: &Staff, id: UserId) -> bool {
    staff.user.as_ref().is_some_and(|u| u.id == id)
}

async fn render(app: &AdminApp, staff: &Staff, forms: &Forms) -> AResult {
    let locale = staff.locale();
    let crm = &app.web.crm;
    let prefix = app.prefix();
    let users = crm.staff_users(&staff.ctx).await?;
    let tokens = crm.api_tokens(&staff.ctx).await?;
    let name_of = |id: UserId| {
        users
            .iter()
            .find(|u| u.id == id)
            .map_or_else(String::new, |u| u.name.clone())
    };
    let user_rows: Vec<UserRow> = users
        .iter()
        .map(|u| {
            let base = format!("{prefix}/settings/team/users/{}", u.id.as_uuid());
            UserRow {
                id: u.id.as_uuid().to_string(),
                name: u.name.clone(),
                email: u.email.to_string(),
                created: date_time(u.created_at, locale),
                disabled: u.disabled,
                is_self: is_self(staff, u.id),
                disable: format!("{base}/disable"),
                enable: format!("{base}/enable"),
            }
        })
        .collect();
    let token_rows: Vec<TokenRow> = tokens
        .iter()
        .map(|tk| TokenRow {
            id: tk.id.as_uuid().to_string(),
            name: tk.name.clone(),
            owner: name_of(tk.user_id),
            created: date_time(tk.created_at, locale),
            last_used: tk.last_used_at.map(|at| date_time(at, locale)),
            revoked: tk.revoked_at.map(|at| date_time(at, locale)),
            revoke: format!("{prefix}/settings/team/tokens/{}/revoke", tk.id.as_uuid()),
        })
        .collect();
    // The token's owner: the chosen one, else the signed-in user.
    let chosen = if forms.token_user.is_empty() {
        staff
            .user
            .as_ref()
            .map(|u| u.id.as_uuid().to_string())
            .unwrap_or_default()
    } else {
        forms.token_user.clone()
    };
    let owners: Vec<SelectOption> = users
        .iter()
        .filter(|u| !u.disabled)
        .map(|u| {
            let id = u.id.as_uuid().to_string();
            SelectOption {
                selected: id == chosen,
                value: id,
                label: u.name.clone(),
            }
        })
        .collect();
    let ue = &forms.user_errors;
    let te = &forms.token_errors;
    let layout = layout(app, Base::of(staff, "admin.team.title", "team"));
    let r = view::render(&TeamPage {
        l: &layout,
        t: Tr(locale),
        users: user_rows,
        tokens: token_rows,
        owners,
        add_user: format!("{prefix}/settings/team/users"),
        create_token: format!("{prefix}/settings/team/tokens"),
        user_errors: ue.summary(),
        email: ue.field("email", &forms.email),
        name: ue.field("name", &forms.name),
        password: ue.field("password", ""),
        token_errors: te.summary(),
        token_name: te.field("token_name", &forms.token_name),
        token_user: te.field("token_user", &chosen),
    })?;
    Ok(if ue.is_empty() && te.is_empty() {
        r
    } else {
        with_status(r, StatusCode::UNPROCESSABLE_ENTITY)
    })
}

async fn page(State(app): State<AdminApp>, staff: Staff) -> AResult {
    render(&app, &staff, &Forms::default()).await
}

async fn add_user(State(app): State<AdminApp>, staff: Staff, form: FormData) -> AResult {
    let email = form.get("email").trim().to_owned();
    let name = form.get("name").trim().to_owned();
    let created = app
        .web
        .crm
        .create_staff(&staff.ctx, &email, &name, form.get("password"))
        .await;
    match created {
        Ok(_) => Ok(see_other(&format!(
            "{}/settings/team?done=created",
            app.prefix()
        ))),
        Err(CoreError::Invalid(v)) => {
            let forms = Forms {
                email,
                name,
                user_errors: Errors::from_core(&v, staff.locale()),
                ..Forms::default()
            };
            render(&app, &staff, &forms).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The staff user `id` of the company (404 for anything else).
async fn user_of(app: &AdminApp, staff: &Staff, id: &str) -> Result<StaffUser, Fail> {
    let id = UserId::from_uuid(parse_uuid(id)?);
    app.web
        .crm
        .staff_users(&staff.ctx)
        .await?
        .into_iter()
        .find(|u| u.id == id)
        .ok_or(Fail(WebError::NotFound))
}

async fn disable(State(app): State<AdminApp>, staff: Staff, Path(id): Path<String>) -> AResult {
    let user = user_of(&app, &staff, &id).await?;
    // Disabling oneself would end this very session with no way back in.
    if is_self(&staff, user.id) {
        return Err(Fail(WebError::Conflict));
    }
    app.web
        .crm
        .set_staff_disabled(&staff.ctx, user.id, true)
        .await?;
    Ok(see_other(&format!(
        "{}/settings/team?done=user_disabled",
        app.prefix()
    )))
}

async fn enable(State(app): State<AdminApp>, staff: Staff, Path(id): Path<String>) -> AResult {
    let user = user_of(&app, &staff, &id).await?;
    app.web
        .crm
        .set_staff_disabled(&staff.ctx, user.id, false)
        .await?;
    Ok(see_other(&format!(
        "{}/settings/team?done=user_enabled",
        app.prefix()
    )))
}

/// `POST settings/team/tokens`: creates a random token and shows it once.
async fn create_token(State(app): State<AdminApp>, staff: Staff, form: FormData) -> AResult {
    let locale = staff.locale();
    let name = form.get("token_name").trim().to_owned();
    let owner_raw = form.get("token_user").trim().to_owned();
    let mut forms = Forms {
        token_name: name.clone(),
        token_user: owner_raw.clone(),
        ..Forms::default()
    };
    let users = app.web.crm.staff_users(&staff.ctx).await?;
    let owner = uuid::Uuid::parse_str(&owner_raw)
        .ok()
        .map(UserId::from_uuid)
        .and_then(|id| users.into_iter().find(|u| u.id == id && !u.disabled));
    let Some(owner) = owner else {
        forms
            .token_errors
            .push("token_user", t("admin.team.err.owner", locale));
        return render(&app, &staff, &forms).await;
    };
    match app
        .web
        .crm
        .create_api_token(&staff.ctx, owner.id, &name, None)
        .await
    {
        Ok(raw) => {
            let layout = layout(&app, Base::of(&staff, "admin.token.created", "team"));
            view::render(&TokenPage {
                l: &layout,
                t: Tr(locale),
                token: raw.to_string(),
                name: name.clone(),
                owner: owner.name.clone(),
                back: format!("{}/settings/team", app.prefix()),
            })
        }
        Err(CoreError::Invalid(v)) => {
            let mut errors = Errors::default();
            for fe in &v.0 {
                let field = if fe.field == "name" {
                    "token_name"
                } else {
                    "token_user"
                };
                errors.push(field, fe.error.message(locale));
            }
            forms.token_errors = errors;
            render(&app, &staff, &forms).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn revoke(State(app): State<AdminApp>, staff: Staff, Path(id): Path<String>) -> AResult {
    let id = ApiTokenId::from_uuid(parse_uuid(&id)?);
    app.web.crm.revoke_api_token(&staff.ctx, id).await?;
    Ok(see_other(&format!(
        "{}/settings/team?done=revoked",
        app.prefix()
    )))
}
