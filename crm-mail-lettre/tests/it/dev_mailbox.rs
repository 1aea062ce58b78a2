//! The development mailbox keeps each email as an `.eml` file and lists it.

use std::sync::Arc;

use crm_core::domain::OutboxStatus;
use crm_core::testing::Fixture;
use crm_core::testing::conformance::invoice_input;
use crm_mail_lettre::{DevMailbox, OutboxWorker, WorkerConfig};
use mail_parser::MessageParser;

use crate::support;

#[tokio::test]
async fn keeps_emails_as_eml_files_and_lists_them() {
    let dir = support::temp_dir().join("mail");
    let mailbox = Arc::new(DevMailbox::new(&dir));
    let f = Fixture::new(support::sqlite().await);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Müller").await;
    for _ in 0..2 {
        let inv = f
            .crm
            .create_invoice(&ctx, &invoice_input(client.id, "10"))
            .await
            .expect("invoice");
        f.crm.send_invoice(&ctx, inv.id).await.expect("send");
    }
    let worker = OutboxWorker::new(
        f.store().clone(),
        mailbox.clone(),
        support::renderer(),
        WorkerConfig::default(),
    )
    .with_clock(f.clock.clone());
    assert_eq!(worker.drain().await.expect("drain").sent, 2);
    let list = mailbox.list().await.expect("list");
    assert_eq!(list.len(), 2);
    // Sent concurrently, so either may be the newer one; the list is newest first.
    assert!(list[0].at >= list[1].at, "newest first");
    let mut subjects: Vec<&str> = list.iter().map(|m| m.subject.as_str()).collect();
    subjects.sort_unstable();
    assert_eq!(
        subjects,
        [
            "Rechnung RE-00001 von Muster GmbH",
            "Rechnung RE-00002 von Muster GmbH"
        ]
    );
    let raw = mailbox.read(&list[0].file).await.expect("read");
    let parsed = MessageParser::default().parse(&raw).expect("parse");
    assert_eq!(parsed.subject(), Some(list[0].subject.as_str()));
    assert!(
        parsed
            .body_text(0)
            .expect("text")
            .contains("/portal/login/")
    );
    assert!(mailbox.read("../../etc/passwd").await.is_err());
    assert!(mailbox.read(".hidden.eml").await.is_err());
    let rows = f.store().outbox(ctx.company, 10).await.expect("outbox");
    assert!(rows.iter().all(|r| r.status == OutboxStatus::Sent));
    // Each email records its company; another company sees none of them.
    assert!(list.iter().all(|m| m.company == Some(ctx.company)));
    assert_eq!(mailbox.list_for(ctx.company).await.expect("list").len(), 2);
    let (_, other) = f.company("Andere GmbH").await;
    assert!(
        mailbox
            .list_for(other.company)
            .await
            .expect("list")
            .is_empty()
    );
    assert!(
        mailbox
            .read_for(other.company, &list[0].file)
            .await
            .is_err(),
        "nor open one by name"
    );
    assert!(mailbox.read_for(ctx.company, &list[0].file).await.is_ok());
}
