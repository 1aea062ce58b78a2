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

/// Counts of (files, links) in the archive tables, on either backend's pool.
macro_rules! archive_rows {
    ($pool:expr) => {{
        let counts: (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM document_files), (SELECT COUNT(*) FROM issued_documents)",
        )
        .fetch_one($pool)
        .await
        .expect("counts");
        counts
    }};
}

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
    let mut crm = f.crm.clone().with_templates(Arc::new(AbortingEngine));
    if std::env::var("CRM_CRASH_EXTERNAL").is_ok() {
        // The files as an external archive would keep them: put and durable on their own
        // connection before the link is written in the issuing transaction.
        crm = crm.with_archive(Arc::new(crm_core::service::StoreArchive::new(
            f.store().clone(),
        )));
    }
    let ctx = Ctx::new(company.parse().expect("company id"), Actor::System);
    let _ = crm
        .send_invoice(&ctx, invoice.parse().expect("invoice id"))
        .await;
    unreachable!("the template engine aborts the process");
}

async fn crash_and_check(store: Arc<dyn Store>, url: &str, schema: Option<&str>) {
    crash_and_check_with(store, url, schema, false).await;
}

async fn crash_and_check_with(
    store: Arc<dyn Store>,
    url: &str,
    schema: Option<&str>,
    external: bool,
) {
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
    if external {
        child.env("CRM_CRASH_EXTERNAL", "1");
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
    // The invoice's PDF had been frozen in the dead transaction: no link survived it.
    assert_eq!(
        f.crm.invoice_file(&ctx, draft.id).await.expect("store"),
        None
    );
    // The number was not consumed either.
    let sent = f
        .crm
        .send_invoice(&ctx, draft.id)
        .await
        .expect("send after crash");
    assert_eq!(sent.number.as_deref(), Some("RE-00001"));
    let _: InvoiceId = sent.id;
    let file = f
        .crm
        .invoice_file(&ctx, sent.id)
        .await
        .expect("store")
        .expect("frozen by the send");
    let pdf = f.crm.invoice_pdf(&ctx, sent.id).await.expect("pdf");
    assert_eq!(pdf.sha256, Some(file.sha256));
}

#[tokio::test]
async fn sqlite_crash_mid_transaction_leaves_nothing() {
    let (store, dir) = crate::support::sqlite().await;
    let url = format!("sqlite://{}/crm.db", dir.path.display());
    crash_and_check(store.clone(), &url, None).await;
    // The send after the crash froze its PDF and XML; the dead transaction left nothing.
    assert_eq!(archive_rows!(store.pool()), (2, 2));
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

/// With an external archive the bytes are put (and durable) before the link is written: a
/// crash between the two leaves bytes without a link — never a link without bytes.
#[tokio::test]
async fn postgres_crash_between_put_and_commit_leaves_no_link_without_bytes() {
    let Some(store) = crate::support::postgres().await else {
        return;
    };
    let schema: String = sqlx::query_scalar("SELECT current_schema()::text")
        .fetch_one(store.pool())
        .await
        .expect("schema");
    crash_and_check_with(
        store.clone(),
        &crate::support::postgres_url(),
        Some(&schema),
        true,
    )
    .await;
    // The later send's PDF and XML, each linked, plus what the crashed child had put: its
    // PDF (another file: the PDF timestamps differ) and maybe its XML (the same bytes as the
    // later one: the XML is written from the same data only).
    let (files, links) = archive_rows!(store.pool());
    assert_eq!(links, 2);
    assert!((2..=3).contains(&files), "{files} files");
}
