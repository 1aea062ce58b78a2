//! The signed-in staff member's own account: name and email, and changing the password
//! (the current one first, the new one twice). Under [`AdminAuth::Host`](super::AdminAuth)
//! the page only says that the host application manages accounts.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::get;
use crm_core::service::Error as CoreError;

use super::auth::{SESSION_COOKIE, Staff};
use super::clients::date_time;
use super::form::{Errors, Field, FieldError, FormData};
use super::view::{self, AdminLayout, Base, layout, t, with_status};
use super::{AResult, AdminApp, Fail, see_other};
use crate::WebError;
use crate::html::Tr;
use crate::security::{cookie_name, read_cookie, set_cookie};

/// What the page shows of the staff member.
struct UserView {
    name: String,
    email: String,
    since: String,
}

/// `GET account`.
#[derive(Template)]
#[template(path = "admin/account.html")]
struct AccountPage<'a> {
    l: &'a AdminLayout,
    t: Tr,
    action: String,
    user: Option<UserView>,
    errors: Vec<FieldError>,
    current: Field,
    password: Field,
    password_repeat: Field,
}

pub(super) fn routes() -> Router<AdminApp> {
    Router::new().route("/account", get(page).post(change_password))
}

fn render(app: &AdminApp, staff: &Staff, errors: &Errors) -> AResult {
    let locale = staff.locale();
    let user = staff.user.as_ref().map(|u| UserView {
        name: u.name.clone(),
        email: u.email.to_string(),
        since: date_time(u.created_at, locale),
    });
    let layout = layout(app, Base::of(staff, "admin.account.title", "account"));
    // Password values are never sent back into the page.
    let r = view::render(&AccountPage {
        l: &layout,
        t: Tr(locale),
        action: format!("{}/account", app.prefix()),
        user,
        errors: errors.summary(),
        current: errors.field("current", ""),
        password: errors.field("password", ""),
        password_repeat: errors.field("password_repeat", ""),
    })?;
    Ok(if errors.is_empty() {
        r
    } else {
        with_status(r, StatusCode::UNPROCESSABLE_ENTITY)
    })
}

async fn page(State(app): State<AdminApp>, staff: Staff) -> AResult {
    render(&app, &staff, &Errors::default())
}

/// `POST account`: checks the current password (rate-limited like sign-in per email), sets
/// the new one — which ends every session of the user, so whoever learnt the old password is
/// out — and signs this browser in again with a fresh session.
async fn change_password(
    State(app): State<AdminApp>,
    staff: Staff,
    headers: HeaderMap,
    form: FormData,
) -> AResult {
    let Some(user) = staff.user.clone() else {
        return Err(Fail(WebError::NotFound));
    };
    let locale = staff.locale();
    let crm = &app.web.crm;
    let current = form.get("current");
    let password = form.get("password");
    let mut errors = Errors::default();
    if current.is_empty() {
        errors.push("current", t("admin.account.err.current_missing", locale));
    }
    if password != form.get("password_repeat") {
        errors.push("password_repeat", t("admin.account.err.mismatch", locale));
    }
    if !errors.is_empty() {
        return render(&app, &staff, &errors);
    }
    let limit = app.options.login_per_email;
    let key = format!("admin-login-email:{}", user.email.normalized());
    crm.throttle(&key, limit.limit, limit.window).await?;
    let email = user.email.to_string();
    match crm.staff_sign_in(&email, current).await {
        // The check opened a session; it is not needed.
        Ok(check) => crm.staff_logout(&check.token.encode()).await?,
        Err(CoreError::BadCredentials) => {
            errors.push("current", t("admin.account.err.current_wrong", locale));
            return render(&app, &staff, &errors);
        }
        Err(e) => return Err(e.into()),
    }
    match crm.set_staff_password(&staff.ctx, user.id, password).await {
        Ok(()) => {}
        Err(CoreError::Invalid(v)) => {
            return render(&app, &staff, &Errors::from_core(&v, locale));
        }
        Err(e) => return Err(e.into()),
    }
    let config = &app.web.config;
    // Every session ended with the change, this browser's too: it gets a fresh one.
    if let Some(old) = read_cookie(&headers, &cookie_name(config, SESSION_COOKIE)) {
        crm.staff_logout(old).await?;
    }
    let fresh = crm.staff_sign_in(&email, password).await?;
    let mut r = see_other(&format!("{}/account?done=password_changed", app.prefix()));
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(config, SESSION_COOKIE, &fresh.token.encode(), None),
    );
    Ok(r)
}
