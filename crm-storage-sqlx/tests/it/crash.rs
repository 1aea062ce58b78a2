//! A process that dies in the middle of a transaction leaves nothing half-written.
//!
//! The parent prepares a draft invoice, then runs this test binary again as a child that
//! sends the invoice with a template engine that aborts the process while rendering the email
//! — after the transaction has issued the invoice, taken a number, changed the metrics and
//! written a magic link, before it commits. The parent then checks that none of it is there.

use std::process::Command;
use std::sync::Arc;

use crm_core::Ctx;
use crm_core::domain::Actor;
use crm_core::domain::{EmailTemplate, InvoiceId, InvoiceStatus, Locale, TemplateKind};
use crm_core::ports::{RenderedEmail, Store, TemplateEngine, TemplateError};
use crm_core::render::HandlebarsEngine;
use crm_core::testing::Fixture;
use crm_core::testing::conformance::invoice_input;
use crm_storage_sqlx::OpenOptions;

struct AbortingEngine;

impl TemplateEngine for AbortingEngine {
    fn validate(&self, kind: TemplateKind, t: &EmailTemplate) -> Result<(), TemplateError> {
        HandlebarsEngine::new().validate(kind, t)
    }
    fn render(
        &self,
        _: TemplateKind,
        _: &EmailTemplate,
        _: &serde_json::Value,
    ) -> Result<RenderedEmail, TemplateError> {
        std::process::abort()
    }
    fn default_template(&self, kind: TemplateKind, locale: Locale) -> EmailTemplate {
        HandlebarsEngine::new().default_template(kind, locale)
    }
}

async fn open(url: &str, schema: Option<String>) -> Arc<dyn Store> {
    crm_storage_sqlx::open(
        url,
        &OpenOptions {
            schema,
            ..OpenOptions::default()
        },
    )
    .await
    .expect("open store")
}

/// The child: only acts when started by the parent.
#[tokio::test]
#[ignore = "run by crash tests as a child process"]
async fn crash_child() {
    let (Ok(url), Ok(company), Ok(invoice)) = (
        std::env::var("CRM_CRASH_URL"),
        std::env::var("CRM_CRASH_COMPANY"),
        std::env::var("CRM_CRASH_INVOICE"),
    ) else {
        return;
    };
    let store = open(&url, std::env::var("CRM_CRASH_SCHEMA").ok()).await;
    let f = Fixture::new(store);
    let crm = f.crm.clone().with_templates(Arc::new(AbortingEngine));
    let ctx = Ctx::new(company.parse().expect("company id"), Actor::System);
    let _ = crm
        .send_invoice(&ctx, invoice.parse().expect("invoice id"))
        .await;
    unreachable!("the template engine aborts the process");
}

async fn crash_and_check(store: Arc<dyn Store>, url: &str, schema: Option<&str>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let draft = f
        .crm
        .create_invoice(&ctx, &invoice_input(client.id, "100"))
        .await
        .expect("draft");
    let mut child = Command::new(std::env::current_exe().expect("test binary"));
    child
        .args(["--exact", "crash::crash_child", "--ignored", "--nocapture"])
        .env("CRM_CRASH_URL", url)
        .env("CRM_CRASH_COMPANY", ctx.company.to_string())
        .env("CRM_CRASH_INVOICE", draft.id.to_string());
    if let Some(s) = schema {
        child.env("CRM_CRASH_SCHEMA", s);
    }
    let status = child.status().expect("run child");
    assert!(!status.success(), "the child must die mid-transaction");

    assert_eq!(
        f.crm.invoice(&ctx, draft.id).await.expect("invoice"),
        draft,
        "nothing of the issue survived"
    );
    assert_eq!(draft.status, InvoiceStatus::Draft);
    f.assert_metrics_consistent(&ctx, client.id).await;
    assert!(
        f.store()
            .outbox(ctx.company, 10)
            .await
            .expect("outbox")
            .is_empty()
    );
    assert_eq!(
        f.crm
            .activities(&ctx, client.id, 10)
            .await
            .expect("log")
            .len(),
        2,
        "created + invoice created"
    );
    // The number was not consumed either.
    let sent = f
        .crm
        .send_invoice(&ctx, draft.id)
        .await
        .expect("send after crash");
    assert_eq!(sent.number.as_deref(), Some("RE-00001"));
    let _: InvoiceId = sent.id;
}

#[tokio::test]
async fn sqlite_crash_mid_transaction_leaves_nothing() {
    let (store, dir) = crate::support::sqlite().await;
    let url = format!("sqlite://{}/crm.db", dir.path.display());
    crash_and_check(store.clone(), &url, None).await;
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(store.pool())
        .await
        .expect("check");
    assert_eq!(check, "ok");
}

#[tokio::test]
async fn postgres_crash_mid_transaction_leaves_nothing() {
    let Some(store) = crate::support::postgres().await else {
        return;
    };
    let schema: String = sqlx::query_scalar("SELECT current_schema()::text")
        .fetch_one(store.pool())
        .await
        .expect("schema");
    crash_and_check(store, &crate::support::postgres_url(), Some(&schema)).await;
}
