//! Outbox area: exclusive leased claims, lease tokens, retries, and links minted at send time.

use super::*;
use crate::domain::{LINK_TOKEN_PLACEHOLDER, LeaseToken, OutboxEmail};
use crate::ports::{OsTokenSource, OutboxMark};
use crate::service::delivery::{mint_text, resolve_recipient};

/// Runs this area's cases, each on a fresh store from `make`.
pub use super::recipients::document_emails_reach_to_cc_and_the_accounting_copy;

pub async fn run<F, Fut>(make: &F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Arc<dyn Store>>,
{
    outbox_claims_are_exclusive_and_retry(make().await).await;
    outbox_marks_apply_only_to_the_claim_holding_the_row(make().await).await;
    outbox_links_are_minted_per_attempt_and_revoked_on_failure(make().await).await;
    outbox_a_template_without_the_link_mints_none(make().await).await;
    document_emails_reach_to_cc_and_the_accounting_copy(make().await).await;
}

impl Fixture {
    /// `email` as the worker would send it now (see [`deliver_now`]).
    pub async fn deliver(&self, email: &OutboxEmail) -> OutboxEmail {
        deliver_now(self.store(), email, self.clock.now()).await
    }
}

/// `email` as the worker would send it at `now`: re-addressed, with a freshly minted magic link
/// in place of the placeholder (tests that follow the link in a queued email use this).
pub async fn deliver_now(
    store: &Arc<dyn Store>,
    email: &OutboxEmail,
    now: chrono::DateTime<Utc>,
) -> OutboxEmail {
    let store = store.as_ref();
    let to = resolve_recipient(store, email).await.expect("recipient");
    let text = mint_text(store, &OsTokenSource, email, &to, now, None)
        .await
        .expect("mint");
    OutboxEmail {
        to_email: to.email,
        to_name: to.name,
        subject: text.subject,
        html_body: text.html_body,
        text_body: text.text_body,
        ..email.clone()
    }
}

/// The token of the first portal link in `text`.
fn link_token(text: &str) -> Option<String> {
    let at = text.find("/portal/login/")? + "/portal/login/".len();
    Some(
        text[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect(),
    )
}

async fn three_invoice_emails(f: &Fixture) -> Ctx {
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
    ctx
}

fn lease(e: &OutboxEmail) -> LeaseToken {
    e.lease.expect("a claimed row carries its lease token")
}

pub async fn outbox_claims_are_exclusive_and_retry(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let ctx = three_invoice_emails(&f).await;
    let now = f.clock.now();
    let lease_end = now + Duration::minutes(5);
    let a = f.store().claim_due_emails(now, lease_end, 2).await.unwrap();
    let b = f
        .store()
        .claim_due_emails(now, lease_end, 10)
        .await
        .unwrap();
    assert_eq!((a.len(), b.len()), (2, 1), "claims must not overlap");
    assert!(a.iter().chain(&b).all(|e| e.attempts == 1));
    assert_ne!(lease(&a[0]), lease(&b[0]), "each claim has its own token");
    assert!(
        f.store()
            .claim_due_emails(now, lease_end, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let sent = f.store().mark_email_sent(a[0].id, lease(&a[0]), now);
    assert_eq!(sent.await.unwrap(), OutboxMark::Applied);
    let retry = f.store().mark_email_retry(
        a[1].id,
        lease(&a[1]),
        now + Duration::minutes(1),
        "451 try later",
        now,
    );
    assert_eq!(retry.await.unwrap(), OutboxMark::Applied);
    let failed = f
        .store()
        .mark_email_failed(b[0].id, lease(&b[0]), "550 no such user", now);
    assert_eq!(failed.await.unwrap(), OutboxMark::Applied);
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
    let row = |id| all.iter().find(|e| e.id == id).unwrap();
    assert_eq!(row(a[0].id).status, OutboxStatus::Sent);
    assert!(
        row(a[0].id).text_body.is_empty() && row(a[0].id).html_body.is_empty(),
        "no bodies kept after delivery"
    );
    assert_eq!(
        f.store()
            .mark_email_sent(b[0].id, lease(&b[0]), now)
            .await
            .unwrap(),
        OutboxMark::NotHeld,
        "a failed email cannot become sent"
    );
    assert_eq!(row(b[0].id).status, OutboxStatus::Failed);
    assert_eq!(row(b[0].id).last_error.as_deref(), Some("550 no such user"));
    assert!(
        row(b[0].id).text_body.is_empty() && row(b[0].id).html_body.is_empty(),
        "no bodies kept after a permanent failure"
    );
}

/// A worker whose lease ran out cannot mark (or renew) a row another worker re-claimed; the
/// outcome recorded is the new claim's.
pub async fn outbox_marks_apply_only_to_the_claim_holding_the_row(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let ctx = three_invoice_emails(&f).await;
    let now = f.clock.now();
    let first = f
        .store()
        .claim_due_emails(now, now + Duration::minutes(5), 10)
        .await
        .unwrap();
    assert_eq!(first.len(), 3);
    // Worker 1 stalls past its lease; worker 2 takes the rows over.
    let later = now + Duration::minutes(6);
    let second = f
        .store()
        .claim_due_emails(later, later + Duration::minutes(5), 10)
        .await
        .unwrap();
    assert_eq!(second.len(), 3);
    assert!(second.iter().all(|e| e.attempts == 2));
    let old = |i: usize| (first[i].id, lease(&first[i]));
    let (id0, stale0) = old(0);
    let (id1, stale1) = old(1);
    let (id2, stale2) = old(2);
    let s = f.store();
    assert_eq!(
        s.mark_email_sent(id0, stale0, later).await.unwrap(),
        OutboxMark::NotHeld
    );
    assert_eq!(
        s.mark_email_retry(id1, stale1, later + Duration::hours(1), "timeout", later)
            .await
            .unwrap(),
        OutboxMark::NotHeld
    );
    assert_eq!(
        s.mark_email_failed(id2, stale2, "550", later)
            .await
            .unwrap(),
        OutboxMark::NotHeld
    );
    let mut tx = s.begin().await.unwrap();
    assert_eq!(
        tx.renew_email_lease(id0, stale0, later + Duration::minutes(10), None)
            .await
            .unwrap(),
        OutboxMark::NotHeld,
        "a stale claim cannot renew"
    );
    drop(tx);
    let rows = s.outbox(ctx.company, 10).await.unwrap();
    for r in &rows {
        assert_eq!(
            r.status,
            OutboxStatus::Pending,
            "stale marks changed nothing"
        );
        assert_eq!(r.last_error, None);
        assert_eq!(r.next_attempt_at, later + Duration::minutes(5));
        assert!(r.text_body.contains(LINK_TOKEN_PLACEHOLDER));
    }
    // The current claim renews and marks.
    let current = |id| second.iter().find(|e| e.id == id).map(lease).unwrap();
    let mut tx = s.begin().await.unwrap();
    assert_eq!(
        tx.renew_email_lease(id0, current(id0), later + Duration::minutes(9), None)
            .await
            .unwrap(),
        OutboxMark::Applied
    );
    tx.commit().await.unwrap();
    assert_eq!(
        s.mark_email_sent(id0, current(id0), later).await.unwrap(),
        OutboxMark::Applied
    );
    assert_eq!(
        s.mark_email_failed(id2, current(id2), "550", later)
            .await
            .unwrap(),
        OutboxMark::Applied
    );
    // Marked once: the same claim cannot mark again.
    assert_eq!(
        s.mark_email_sent(id2, current(id2), later).await.unwrap(),
        OutboxMark::NotHeld
    );
    let rows = s.outbox(ctx.company, 10).await.unwrap();
    let row = |id| rows.iter().find(|e| e.id == id).unwrap();
    assert_eq!(row(id0).status, OutboxStatus::Sent);
    assert_eq!(row(id1).status, OutboxStatus::Pending);
    assert_eq!(row(id2).status, OutboxStatus::Failed);
}

/// Queued bodies hold no token; a link is minted per attempt (for a held row only), and a
/// retry or failure mark revokes it.
pub async fn outbox_links_are_minted_per_attempt_and_revoked_on_failure(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let ctx = three_invoice_emails(&f).await;
    let s = f.store();
    let queued = s.outbox(ctx.company, 10).await.unwrap();
    for e in &queued {
        for text in [&e.subject, &e.html_body, &e.text_body] {
            if let Some(token) = link_token(text) {
                assert_eq!(token, LINK_TOKEN_PLACEHOLDER, "no token at rest: {text}");
            }
        }
        assert!(e.text_body.contains(LINK_TOKEN_PLACEHOLDER));
        assert!(
            e.html_body.contains(LINK_TOKEN_PLACEHOLDER),
            "survives escaping"
        );
        assert_eq!(e.contact_id.is_some(), e.link.is_some());
    }
    let now = f.clock.now();
    let until = now + Duration::minutes(5);
    let claimed = s.claim_due_emails(now, until, 10).await.unwrap();
    let mint = |e: &OutboxEmail, hold: Option<(LeaseToken, chrono::DateTime<Utc>)>| {
        let e = e.clone();
        let store = s.clone();
        async move {
            let to = resolve_recipient(store.as_ref(), &e).await.unwrap();
            mint_text(store.as_ref(), &OsTokenSource, &e, &to, now, hold).await
        }
    };
    let tokens: Vec<String> = {
        let mut v = Vec::new();
        for e in &claimed {
            let text = mint(e, Some((lease(e), until))).await.unwrap();
            assert!(text.minted_link.is_some());
            assert!(!text.text_body.contains(LINK_TOKEN_PLACEHOLDER));
            let token = link_token(&text.text_body).unwrap();
            assert_eq!(link_token(&text.html_body).as_deref(), Some(token.as_str()));
            v.push(token);
        }
        v
    };
    for t in &tokens {
        f.crm.inspect_link(t).await.expect("a minted link works");
    }
    // A stale claim mints nothing.
    let stale = OutboxEmail {
        lease: Some(LeaseToken::new()),
        ..claimed[0].clone()
    };
    assert!(matches!(
        mint(&stale, Some((LeaseToken::new(), until))).await,
        Err(crate::service::ComposeError::LeaseLost)
    ));
    // Sent: its link stays; retry and failure: theirs are revoked.
    let sent = s.mark_email_sent(claimed[0].id, lease(&claimed[0]), now);
    assert_eq!(sent.await.unwrap(), OutboxMark::Applied);
    let retry = s.mark_email_retry(claimed[1].id, lease(&claimed[1]), now, "451", now);
    assert_eq!(retry.await.unwrap(), OutboxMark::Applied);
    let failed = s.mark_email_failed(claimed[2].id, lease(&claimed[2]), "550", now);
    assert_eq!(failed.await.unwrap(), OutboxMark::Applied);
    f.crm
        .inspect_link(&tokens[0])
        .await
        .expect("delivered link");
    for t in &tokens[1..] {
        assert!(
            matches!(f.crm.inspect_link(t).await, Err(Error::LinkInvalid)),
            "the link of a failed attempt is revoked"
        );
    }
    let rows = s.outbox(ctx.company, 10).await.unwrap();
    assert!(
        rows.iter()
            .all(|r| r.minted_link.is_none() && r.lease.is_none())
    );
}

/// A template stored before every body had to show `{{portal_url}}` still sends: nothing is
/// minted for it, and the text goes out as rendered.
pub async fn outbox_a_template_without_the_link_mints_none(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let old = EmailTemplate {
        subject: "Rechnung {{invoice.number}}".into(),
        body: "Hallo {{contact.name}}, anbei die Rechnung.".into(),
    };
    let mut tx = f.store().begin().await.unwrap();
    tx.put_company_template(ctx.company, TemplateKind::Invoice, &old)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let i = f
        .crm
        .create_invoice(&ctx, &invoice_input(client.id, "10"))
        .await
        .unwrap();
    f.crm.send_invoice(&ctx, i.id).await.unwrap();
    let now = f.clock.now();
    let until = now + Duration::minutes(5);
    let claimed = f.store().claim_due_emails(now, until, 10).await.unwrap();
    assert_eq!(claimed.len(), 1);
    let e = &claimed[0];
    assert!(!e.text_body.contains(LINK_TOKEN_PLACEHOLDER));
    let to = resolve_recipient(f.store().as_ref(), e).await.unwrap();
    let text = mint_text(
        f.store().as_ref(),
        &OsTokenSource,
        e,
        &to,
        now,
        Some((lease(e), until + Duration::minutes(1))),
    )
    .await
    .unwrap();
    assert_eq!(text.minted_link, None);
    assert_eq!(
        (text.subject.as_str(), text.text_body.as_str()),
        (e.subject.as_str(), e.text_body.as_str())
    );
    assert!(text.text_body.contains("anbei die Rechnung"));
    let row = &f.store().outbox(ctx.company, 1).await.unwrap()[0];
    assert_eq!(
        row.next_attempt_at,
        until + Duration::minutes(1),
        "lease renewed"
    );
}
