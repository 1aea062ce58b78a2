//! The account page (own password), staff users and API tokens.

use axum::http::StatusCode;
use crm_core::Ctx;
use crm_core::domain::Actor;
use crm_web_axum::{AdminAuth, AdminOptions};

use super::support::{EMAIL, PASSWORD, TestApp, csrf_of};

const NEW_PASSWORD: &str = "a much longer secret 42";

#[tokio::test]
async fn account_page_changes_the_own_password() {
    let app = TestApp::new().await;
    // Another browser signed in as the same user: the change must end its session.
    let mut other = app.signed_in().await;
    other.get("/admin/clients").await.assert_ok();
    let mut b = app.signed_in().await;
    let page = b.get("/admin/account").await;
    page.assert_ok();
    assert!(page.body.contains("Erika Muster"));
    assert!(page.body.contains(EMAIL));
    assert!(page.body.contains("id=\"account-link\""));

    let post = |current: &'static str, new: &'static str, repeat: &'static str| {
        vec![
            ("current", current),
            ("password", new),
            ("password_repeat", repeat),
        ]
    };
    // Without the CSRF token: refused, nothing changes.
    let r = b
        .post(
            "/admin/account",
            &[
                ("csrf", "forged"),
                ("current", PASSWORD),
                ("password", NEW_PASSWORD),
                ("password_repeat", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The two new entries differ.
    b.get("/admin/account").await.assert_ok();
    let r = b
        .post(
            "/admin/account",
            &post(PASSWORD, NEW_PASSWORD, "something else 123"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"e-password_repeat\""));
    // Password values never come back in the page.
    assert!(!r.body.contains(NEW_PASSWORD));
    // Wrong current password.
    let r = b
        .post(
            "/admin/account",
            &post("not my password", NEW_PASSWORD, NEW_PASSWORD),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"e-current\""));
    // Missing current password.
    let r = b
        .post("/admin/account", &post("", NEW_PASSWORD, NEW_PASSWORD))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"e-current\""));
    // Too short (the core's rule).
    let r = b
        .post("/admin/account", &post(PASSWORD, "short", "short"))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"e-password\""));
    // Still the old password.
    assert!(app.crm.staff_sign_in(EMAIL, PASSWORD).await.is_ok());

    let r = b
        .post(
            "/admin/account",
            &post(PASSWORD, NEW_PASSWORD, NEW_PASSWORD),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/admin/account?done=password_changed");
    // This browser stays signed in with a fresh session …
    let page = b.get(r.location()).await;
    page.assert_ok();
    assert!(page.body.contains("id=\"flash\""));
    // … the other one is out …
    assert_eq!(
        other.get("/admin/clients").await.status,
        StatusCode::SEE_OTHER
    );
    // … and only the new password works.
    assert!(app.crm.staff_sign_in(EMAIL, PASSWORD).await.is_err());
    let mut fresh = app.browser();
    let r = fresh.login(EMAIL, NEW_PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

#[tokio::test]
async fn account_page_under_host_authentication() {
    use axum::middleware::{self, Next};
    let options = AdminOptions {
        auth: AdminAuth::Host,
        ..AdminOptions::default()
    };
    let app = TestApp::with(options, "de").await;
    let company = app.company;
    let mut b = app.browser();
    b.router = app.router.clone().layer(middleware::from_fn(
        move |mut req: axum::extract::Request, next: Next| async move {
            req.extensions_mut()
                .insert(Ctx::new(company, Actor::staff("Host User")));
            next.run(req).await
        },
    ));
    let page = b.get("/admin/account").await;
    page.assert_ok();
    assert!(page.body.contains("id=\"host-managed\""));
    assert!(page.body.contains("Mein Konto"));
    assert!(!page.body.contains("id=\"password-form\""));
    // The team page works there too (tokens act as a core staff user); it has forms, so a
    // CSRF token.
    b.get("/admin/settings/team").await.assert_ok();
    let r = b
        .post(
            "/admin/account",
            &[
                ("current", PASSWORD),
                ("password", NEW_PASSWORD),
                ("password_repeat", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(app.crm.staff_sign_in(EMAIL, PASSWORD).await.is_ok());
}

#[tokio::test]
async fn staff_users_add_disable_enable() {
    let app = TestApp::new().await;
    let mut b = app.signed_in().await;
    let page = b.get("/admin/settings/team").await;
    page.assert_ok();
    assert!(page.body.contains("Erika Muster"));
    // The signed-in user cannot disable themself: no button.
    assert!(!page.body.contains("/disable\""));

    // Bad input: field errors, nobody created.
    let r = b
        .post(
            "/admin/settings/team/users",
            &[
                ("email", "not-an-email"),
                ("name", ""),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["email", "name", "password"] {
        assert!(r.body.contains(&format!("id=\"e-{field}\"")), "{field}");
    }
    assert!(r.body.contains("value=\"not-an-email\""));
    assert_eq!(app.crm.staff_users(&app.staff).await.unwrap().len(), 1);
    // Taken email.
    let r = b
        .post(
            "/admin/settings/team/users",
            &[("email", EMAIL), ("name", "Zweite"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"e-email\""));
    // Without CSRF: refused.
    let r = b
        .post(
            "/admin/settings/team/users",
            &[
                ("csrf", "forged"),
                ("email", "max@muster.example"),
                ("name", "Max"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(app.crm.staff_users(&app.staff).await.unwrap().len(), 1);

    b.get("/admin/settings/team").await.assert_ok();
    let r = b
        .post(
            "/admin/settings/team/users",
            &[
                ("email", "max@muster.example"),
                ("name", "Max Muster"),
                ("password", "max's password"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let users = app.crm.staff_users(&app.staff).await.unwrap();
    let max = users.iter().find(|u| u.name == "Max Muster").unwrap();
    let page = b.get("/admin/settings/team").await;
    page.assert_ok();
    assert!(page.body.contains("max@muster.example"));
    let max_id = max.id.as_uuid().to_string();
    let me = users.iter().find(|u| u.name == "Erika Muster").unwrap();

    // Max signs in; disabling him ends his session and blocks sign-in.
    let mut max_browser = app.browser();
    let r = max_browser
        .login("max@muster.example", "max's password")
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let disable = format!("/admin/settings/team/users/{max_id}/disable");
    let r = b.post(&disable, &[("csrf", "forged")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = b.post(&disable, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        max_browser.get("/admin/clients").await.status,
        StatusCode::SEE_OTHER
    );
    assert!(
        app.crm
            .staff_sign_in("max@muster.example", "max's password")
            .await
            .is_err()
    );
    let page = b.get("/admin/settings/team?done=user_disabled").await;
    assert!(page.body.contains(&format!("/users/{max_id}/enable")));
    let r = b
        .post(&format!("/admin/settings/team/users/{max_id}/enable"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        app.crm
            .staff_sign_in("max@muster.example", "max's password")
            .await
            .is_ok()
    );
    // Oneself: refused; unknown or foreign ids: not found.
    b.get("/admin/settings/team").await.assert_ok();
    let r = b
        .post(
            &format!("/admin/settings/team/users/{}/disable", me.id.as_uuid()),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let other = app
        .crm
        .create_company(&super::support::company_input("Andere GmbH", "en"))
        .await
        .unwrap();
    let other_ctx = Ctx::new(other.id, Actor::staff("B"));
    let foreign = app
        .crm
        .create_staff(&other_ctx, "b@andere.example", "B", PASSWORD)
        .await
        .unwrap();
    b.get("/admin/settings/team").await.assert_ok();
    for id in [foreign.id.as_uuid().to_string(), "nope".to_owned()] {
        let r = b
            .post(&format!("/admin/settings/team/users/{id}/disable"), &[])
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{id}");
    }
    assert!(
        app.crm
            .staff_sign_in("b@andere.example", PASSWORD)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn api_tokens_create_once_and_revoke() {
    let app = TestApp::new().await;
    let mut b = app.signed_in().await;
    let page = b.get("/admin/settings/team").await;
    page.assert_ok();
    let me = app.crm.staff_users(&app.staff).await.unwrap()[0].clone();
    let me_id = me.id.as_uuid().to_string();
    // The owner select defaults to the signed-in user.
    assert!(page.body.contains(&format!("value=\"{me_id}\" selected")));

    // Bad input: empty name, unknown owner.
    let r = b
        .post(
            "/admin/settings/team/tokens",
            &[("token_name", " "), ("token_user", &me_id)],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"e-token_name\""));
    let r = b
        .post(
            "/admin/settings/team/tokens",
            &[("token_name", "CI"), ("token_user", "not-a-uuid")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"e-token_user\""));
    // Without CSRF.
    let r = b
        .post(
            "/admin/settings/team/tokens",
            &[
                ("csrf", "forged"),
                ("token_name", "CI"),
                ("token_user", &me_id),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(app.crm.api_tokens(&app.staff).await.unwrap().is_empty());

    b.get("/admin/settings/team").await.assert_ok();
    let r = b
        .post(
            "/admin/settings/team/tokens",
            &[("token_name", "Buchhaltung"), ("token_user", &me_id)],
        )
        .await;
    r.assert_ok();
    let start = r.body.find("id=\"raw-token\" class=\"secret\">").unwrap()
        + "id=\"raw-token\" class=\"secret\">".len();
    let raw = &r.body[start..start + r.body[start..].find('<').unwrap()];
    assert!(raw.len() >= 40, "{raw}");
    let ctx = app.crm.api_ctx(raw).await.unwrap();
    assert_eq!(ctx.user.id, me.id);
    // The list shows the token's name and use, never the token.
    let page = b.get("/admin/settings/team").await;
    page.assert_ok();
    assert!(page.body.contains("Buchhaltung"));
    assert!(!page.body.contains(raw));
    let tokens = app.crm.api_tokens(&app.staff).await.unwrap();
    assert_eq!(tokens.len(), 1);
    assert!(tokens[0].last_used_at.is_some());
    let revoke = format!(
        "/admin/settings/team/tokens/{}/revoke",
        tokens[0].id.as_uuid()
    );
    assert!(page.body.contains(&revoke));
    let r = b.post(&revoke, &[("csrf", "forged")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(app.crm.api_ctx(raw).await.is_ok());
    let r = b.post(&revoke, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(app.crm.api_ctx(raw).await.is_err());
    let page = b.get("/admin/settings/team?done=revoked").await;
    assert!(!page.body.contains(&revoke));
    assert!(csrf_of(&page.body).is_some());
    // Unknown token ids: not found.
    let r = b
        .post(
            &format!(
                "/admin/settings/team/tokens/{}/revoke",
                uuid::Uuid::new_v4()
            ),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
