//! Outbox area: exclusive leased claims and retries.

use super::*;

/// Runs this area's cases, each on a fresh store from `make`.
pub async fn run<F, Fut>(make: &F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Arc<dyn Store>>,
{
    outbox_claims_are_exclusive_and_retry(make().await).await;
}

pub async fn outbox_claims_are_exclusive_and_retry(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    for _ in 0..3 {
        let i = f
            .crm
            .create_invoice(&ctx, &invoice_input(client.id, "10"))
            .await
            .unwrap();
        f.crm.send_invoice(&ctx, i.id).await.unwrap();
    }
    let now = f.clock.now();
    let lease = now + Duration::minutes(5);
    let a = f.store().claim_due_emails(now, lease, 2).await.unwrap();
    let b = f.store().claim_due_emails(now, lease, 10).await.unwrap();
    assert_eq!((a.len(), b.len()), (2, 1), "claims must not overlap");
    assert!(a.iter().chain(&b).all(|e| e.attempts == 1));
    assert!(
        f.store()
            .claim_due_emails(now, lease, 10)
            .await
            .unwrap()
            .is_empty()
    );
    f.store().mark_email_sent(a[0].id, now).await.unwrap();
    f.store()
        .mark_email_retry(a[1].id, now + Duration::minutes(1), "451 try later")
        .await
        .unwrap();
    f.store()
        .mark_email_failed(b[0].id, "550 no such user")
        .await
        .unwrap();
    let later = now + Duration::minutes(2);
    let again = f
        .store()
        .claim_due_emails(later, later + Duration::minutes(5), 10)
        .await
        .unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!((again[0].id, again[0].attempts), (a[1].id, 2));
    // An expired lease (crashed worker) makes the row claimable again.
    let after_lease = later + Duration::minutes(6);
    let re = f
        .store()
        .claim_due_emails(after_lease, after_lease + Duration::minutes(5), 10)
        .await
        .unwrap();
    assert_eq!(re.len(), 1);
    let all = f.store().outbox(ctx.company, 10).await.unwrap();
    let status = |id| all.iter().find(|e| e.id == id).unwrap().status;
    assert_eq!(status(a[0].id), OutboxStatus::Sent);
    let sent = all.iter().find(|e| e.id == a[0].id).unwrap();
    assert!(
        sent.text_body.is_empty() && sent.html_body.is_empty(),
        "no live link kept after delivery"
    );
    assert!(
        f.store().mark_email_sent(b[0].id, now).await.is_err(),
        "a failed email cannot become sent"
    );
    assert_eq!(status(b[0].id), OutboxStatus::Failed);
    assert_eq!(
        all.iter()
            .find(|e| e.id == b[0].id)
            .unwrap()
            .last_error
            .as_deref(),
        Some("550 no such user")
    );
}
