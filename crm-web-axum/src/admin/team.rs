//! Staff users and API tokens of the company: add a staff member, disable and enable one;
//! create an API token (its raw text is shown once, on the result page) and revoke one.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use crm_core::domain::{ApiTokenId, StaffUser, UserId};
use crm_core::service::Error as CoreError;
use serde_json::{Value, json};

use super::auth::Staff;
use super::clients::{date_time, parse_uuid};
use super::form::{Errors, FormData};
use super::view::{Base, render_page, t, with_status};
use super::{AResult, AdminApp, Fail, see_other};
use crate::WebError;

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
    let user_rows: Vec<Value> = users
        .iter()
        .map(|u| {
            let base = format!("{prefix}/settings/team/users/{}", u.id.as_uuid());
            json!({
                "id": u.id.as_uuid().to_string(),
                "name": u.name,
                "email": u.email.to_string(),
                "created": date_time(u.created_at, locale),
                "disabled": u.disabled,
                "is_self": is_self(staff, u.id),
                "disable": format!("{base}/disable"),
                "enable": format!("{base}/enable"),
            })
        })
        .collect();
    let token_rows: Vec<Value> = tokens
        .iter()
        .map(|tk| {
            json!({
                "id": tk.id.as_uuid().to_string(),
                "name": tk.name,
                "owner": name_of(tk.user_id),
                "created": date_time(tk.created_at, locale),
                "last_used": tk.last_used_at.map(|at| date_time(at, locale)),
                "revoked": tk.revoked_at.map(|at| date_time(at, locale)),
                "revoke": format!("{prefix}/settings/team/tokens/{}/revoke", tk.id.as_uuid()),
            })
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
    let owners: Vec<Value> = users
        .iter()
        .filter(|u| !u.disabled)
        .map(|u| {
            let id = u.id.as_uuid().to_string();
            json!({ "selected": id == chosen, "id": id, "name": u.name })
        })
        .collect();
    let ue = &forms.user_errors;
    let te = &forms.token_errors;
    let data = json!({
        "users": user_rows,
        "tokens": token_rows,
        "owners": owners,
        "add_user": format!("{prefix}/settings/team/users"),
        "create_token": format!("{prefix}/settings/team/tokens"),
        "user_errors": ue.summary(),
        "email": ue.field("email", &forms.email),
        "name": ue.field("name", &forms.name),
        "password": ue.field("password", ""),
        "token_errors": te.summary(),
        "token_name": te.field("token_name", &forms.token_name),
        "token_user": te.field("token_user", &chosen),
    });
    let r = render_page(
        app,
        Base::of(staff, "admin.team.title", "team"),
        "admin/team",
        data,
    )?;
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
            let data = json!({
                "title": t("admin.token.created", locale),
                "token": raw,
                "name": name,
                "owner": owner.name,
                "back": format!("{}/settings/team", app.prefix()),
            });
            render_page(
                &app,
                Base::of(&staff, "admin.token.created", "team"),
                "admin/token",
                data,
            )
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
