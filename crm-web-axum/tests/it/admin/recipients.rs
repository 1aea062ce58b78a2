//! Additional recipients in the admin UI: the mail role of each contact on the client form,
//! and the accounting copy address among the settings' terms.

use axum::http::StatusCode;
use crm_core::domain::MailRole;
use crm_core::ports::ClientQuery;

use super::support::TestApp;

#[tokio::test]
async fn the_client_form_sets_each_contacts_mail_role() {
    let app = TestApp::new().await;
    let mut b = app.signed_in().await;
    let page = b.get("/admin/clients/new").await;
    page.assert_ok();
    assert!(page.body.contains("name=\"contacts[0].mail_role\""));
    let mut form = vec![
        ("name", "Rollen AG"),
        ("address.street", "Marktplatz 5"),
        ("address.postal_code", "80331"),
        ("address.city", "München"),
        ("address.country", "DE"),
        ("primary", "0"),
        ("contacts[0].name", "Anna"),
        ("contacts[0].email", "anna@rollen.example"),
        ("contacts[0].mail_role", "none"),
        ("contacts[1].name", "Clara"),
        ("contacts[1].email", "clara@rollen.example"),
        ("contacts[1].mail_role", "cc"),
    ];
    // An unknown role is shown at its field; nothing is saved.
    form.push(("contacts[2].name", "Xaver"));
    form.push(("contacts[2].email", "xaver@rollen.example"));
    form.push(("contacts[2].mail_role", "bcc"));
    let r = b.post("/admin/clients/new", &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("unbekannte Empfängerrolle") || r.body.contains("unknown recipient role")
    );
    form.truncate(form.len() - 3);
    let r = b.post("/admin/clients/new", &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app
        .crm
        .list_clients(
            &app.staff,
            ClientQuery {
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let id = page[0].client.id;
    let client = app.crm.client(&app.staff, id).await.unwrap();
    let roles: Vec<MailRole> = client.contacts.iter().map(|c| c.mail_role).collect();
    assert_eq!(
        roles,
        vec![MailRole::To, MailRole::Cc],
        "the primary is always To"
    );
    // The client page marks the copied contact; the edit form shows the stored roles.
    let overview = b.get(&format!("/admin/clients/{id}")).await;
    overview.assert_ok();
    assert!(
        overview
            .body
            .contains("Clara</span> <span class=\"badge\" title=\"Documents by email\">CC</span>"),
        "{}",
        overview.body
    );
    let edit = b.get(&format!("/admin/clients/{id}/edit")).await;
    edit.assert_ok();
    assert!(
        edit.body.contains("<option value=\"cc\" selected>"),
        "{}",
        edit.body
    );
}

#[tokio::test]
async fn the_terms_form_sets_the_accounting_copy() {
    let app = TestApp::new().await;
    let mut b = app.signed_in().await;
    let page = b.get("/admin/settings").await;
    assert!(page.body.contains("id=\"f-accounting_bcc\""));
    let mut form = vec![
        ("invoice_prefix", "RE-"),
        ("quote_prefix", "AN-"),
        ("client_prefix", "K-"),
        ("payment_terms_days", "14"),
        ("quote_validity_days", "30"),
        ("paper_size", "a4"),
        ("accounting_bcc", "kein-at"),
    ];
    let r = b.post("/admin/settings/terms", &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"e-accounting_bcc\""));
    assert!(r.body.contains("value=\"kein-at\""), "the input as typed");
    let s = app.crm.company(&app.staff).await.unwrap().settings;
    assert_eq!(s.accounting_bcc, None);
    form.pop();
    form.push(("accounting_bcc", "belege@steuerbuero.example"));
    let r = b.post("/admin/settings/terms", &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let s = app.crm.company(&app.staff).await.unwrap().settings;
    assert_eq!(
        s.accounting_bcc.map(|a| a.to_string()).as_deref(),
        Some("belege@steuerbuero.example")
    );
    let page = b.get("/admin/settings?done=saved").await;
    assert!(page.body.contains("value=\"belege@steuerbuero.example\""));
    // Emptied: none.
    form.pop();
    form.push(("accounting_bcc", ""));
    b.post("/admin/settings/terms", &form).await;
    assert_eq!(
        app.crm
            .company(&app.staff)
            .await
            .unwrap()
            .settings
            .accounting_bcc,
        None
    );
}
