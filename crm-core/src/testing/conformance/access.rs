//! Access area: magic links and portal sessions.

use super::*;

/// Runs this area's cases, each on a fresh store from `make`.
pub async fn run<F, Fut>(make: &F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Arc<dyn Store>>,
{
    magic_links_and_sessions(make().await).await;
    archiving_ends_portal_access(make().await).await;
    magic_links_expire_at_their_ttl(make().await).await;
    one_single_use_link_redeemed_concurrently_opens_one_session(make().await).await;
}

pub async fn magic_links_and_sessions(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    // Document link: reusable, GET signs in, each sign-in a fresh session.
    let url = f
        .crm
        .issue_portal_link(&ctx, client.id, None, false)
        .await
        .unwrap();
    let t = token_of(&url);
    let s1 = f.crm.redeem_link(&t, false).await.unwrap();
    let s2 = f.crm.redeem_link(&t, false).await.unwrap();
    assert_ne!(s1.session.id, s2.session.id);
    assert_ne!(s1.token.encode(), s2.token.encode());
    // Random and malformed tokens never open a session.
    assert!(matches!(
        f.crm
            .redeem_link(
                &crate::domain::SecretToken::from_bytes([9; 32]).encode(),
                true
            )
            .await,
        Err(Error::LinkInvalid)
    ));
    assert!(matches!(
        f.crm.redeem_link("../../etc/passwd", true).await,
        Err(Error::LinkInvalid)
    ));
    // Session timeouts: idle 30 min, absolute 12 h.
    let st = s1.token.encode();
    let pctx = f.crm.portal_session(&st).await.unwrap();
    assert_eq!((pctx.client, pctx.company), (client.id, ctx.company));
    f.clock.advance(Duration::minutes(29));
    f.crm.portal_session(&st).await.unwrap();
    f.clock.advance(Duration::minutes(29));
    f.crm.portal_session(&st).await.unwrap();
    f.clock.advance(Duration::minutes(31));
    assert!(
        matches!(f.crm.portal_session(&st).await, Err(Error::SessionInvalid)),
        "idle timeout"
    );
    let s3 = f.crm.redeem_link(&t, false).await.unwrap().token.encode();
    for _ in 0..25 {
        f.clock.advance(Duration::minutes(29));
        if f.crm.portal_session(&s3).await.is_err() {
            break;
        }
    }
    assert!(
        matches!(f.crm.portal_session(&s3).await, Err(Error::SessionInvalid)),
        "absolute timeout"
    );
    // Logout ends the session.
    let s4 = f.crm.redeem_link(&t, false).await.unwrap().token.encode();
    f.crm.logout(&s4).await.unwrap();
    assert!(f.crm.portal_session(&s4).await.is_err());
    // Document links expire after 30 days.
    f.clock.advance(Duration::days(31));
    assert!(matches!(
        f.crm.redeem_link(&t, false).await,
        Err(Error::LinkInvalid)
    ));

    // "Email me a new link": single-use, POST only, 15 minutes; unknown addresses look the same.
    f.crm
        .request_login_link(&ctx, "unbekannt@example.com")
        .await
        .unwrap();
    f.crm
        .request_login_link(&ctx, "no email at all")
        .await
        .unwrap();
    assert!(f.store().outbox(ctx.company, 10).await.unwrap().is_empty());
    f.crm
        .request_login_link(&ctx, "KONTAKT@alpha.example.com")
        .await
        .unwrap();
    let mail = f.store().outbox(ctx.company, 10).await.unwrap();
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].kind, TemplateKind::PortalLogin);
    let delivered = f.deliver(&mail[0]).await;
    let login_url = delivered
        .text_body
        .split_whitespace()
        .find(|w| w.contains("/portal/login/"))
        .unwrap();
    let lt = token_of(login_url);
    let info = f.crm.inspect_link(&lt).await.unwrap();
    assert_eq!(info.purpose, LinkPurpose::Login);
    assert!(matches!(
        f.crm.redeem_link(&lt, false).await,
        Err(Error::ConfirmationRequired)
    ));
    f.crm.redeem_link(&lt, true).await.unwrap();
    assert!(
        matches!(f.crm.redeem_link(&lt, true).await, Err(Error::LinkInvalid)),
        "single use"
    );
    f.crm
        .request_login_link(&ctx, "kontakt@alpha.example.com")
        .await
        .unwrap();
    let mail = f.store().outbox(ctx.company, 10).await.unwrap();
    let newest = mail.iter().max_by_key(|m| (m.created_at, m.id)).unwrap();
    let lt2 = token_of(
        f.deliver(newest)
            .await
            .text_body
            .split_whitespace()
            .find(|w| w.contains("/portal/login/"))
            .unwrap(),
    );
    f.clock.advance(Duration::minutes(16));
    assert!(
        matches!(f.crm.redeem_link(&lt2, true).await, Err(Error::LinkInvalid)),
        "15 minute expiry"
    );
    // An admin ends a contact's sessions and links.
    let fresh = f
        .crm
        .issue_portal_link(&ctx, client.id, None, false)
        .await
        .unwrap();
    let s5 = f
        .crm
        .redeem_link(&token_of(&fresh), false)
        .await
        .unwrap()
        .token
        .encode();
    f.crm
        .sign_out_contact(&ctx, client.id, client.primary_contact().unwrap().id)
        .await
        .unwrap();
    assert!(f.crm.portal_session(&s5).await.is_err());
    assert!(f.crm.redeem_link(&token_of(&fresh), false).await.is_err());
}

pub async fn archiving_ends_portal_access(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let url = f
        .crm
        .issue_portal_link(&ctx, client.id, None, false)
        .await
        .unwrap();
    let session = f
        .crm
        .redeem_link(&token_of(&url), false)
        .await
        .unwrap()
        .token
        .encode();
    let pctx = f.crm.portal_session(&session).await.unwrap();
    // Drafts never reach the portal, and pages stay full.
    for _ in 0..3 {
        f.crm
            .create_invoice(&ctx, &invoice_input(client.id, "1"))
            .await
            .unwrap();
        f.issued_invoice(&ctx, &client, "2").await;
    }
    let page = f
        .crm
        .portal_documents(&pctx, &HistoryFilter::default(), None, 2)
        .await
        .unwrap();
    assert_eq!(page.items.len(), 2);
    assert!(page.items.iter().all(|d| d.status != "draft"));
    let rest = f
        .crm
        .portal_documents(&pctx, &HistoryFilter::default(), page.next.as_deref(), 10)
        .await
        .unwrap();
    assert_eq!(rest.items.len(), 1, "three issued invoices in all");
    f.crm.archive_client(&ctx, client.id).await.unwrap();
    assert!(matches!(
        f.crm.portal_session(&session).await,
        Err(Error::SessionInvalid)
    ));
    assert!(matches!(
        f.crm.redeem_link(&token_of(&url), false).await,
        Err(Error::LinkInvalid)
    ));
    // The same person at a new, active client: a requested link goes there.
    let successor = f.client(&ctx, "Alpha").await;
    let before = f.store().outbox(ctx.company, 100).await.unwrap().len();
    f.crm
        .request_login_link(&ctx, "kontakt@alpha.example.com")
        .await
        .unwrap();
    let mails = f.store().outbox(ctx.company, 100).await.unwrap();
    assert_eq!(mails.len(), before + 1);
    let newest = mails.iter().max_by_key(|m| (m.created_at, m.id)).unwrap();
    assert_eq!(newest.client_id, Some(successor.id));
}

/// The token of a single-use sign-in link for the client's primary contact, as the outbox
/// worker would email it now (links are minted at send time).
async fn login_link(f: &Fixture, ctx: &Ctx) -> String {
    f.crm
        .request_login_link(ctx, "kontakt@alpha.example.com")
        .await
        .unwrap();
    let mail = f.store().outbox(ctx.company, 100).await.unwrap();
    let newest = mail.iter().max_by_key(|m| (m.created_at, m.id)).unwrap();
    let delivered = f.deliver(newest).await;
    token_of(
        delivered
            .text_body
            .split_whitespace()
            .find(|w| w.contains("/portal/login/"))
            .unwrap(),
    )
}

/// Sign-ins recorded for `client` (one per session opened).
async fn sign_ins(f: &Fixture, ctx: &Ctx, client: ClientId) -> usize {
    f.crm
        .activities(ctx, client, 1000)
        .await
        .unwrap()
        .iter()
        .filter(|a| a.kind == crate::domain::ActivityKind::PortalSignedIn)
        .count()
}

/// A link expires `ttl` after it was minted: usable one second before, refused at exactly the
/// TTL (`expires_at = minted + ttl`, usable while `now < expires_at`) and one second after, by
/// `inspect_link` and `redeem_link` alike, for both purposes. The clock is reset per probe so
/// a single-use link is not used up by the probe before it.
pub async fn magic_links_expire_at_their_ttl(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let config = CrmConfig::default();
    let second = Duration::seconds(1);

    // Document links: reusable, so one link serves every probe.
    let minted = f.clock.now();
    let url = f
        .crm
        .issue_portal_link(&ctx, client.id, None, false)
        .await
        .unwrap();
    let t = token_of(&url);
    let ttl = config.document_link_ttl;
    f.clock.set(minted + ttl - second);
    assert_eq!(
        f.crm.inspect_link(&t).await.unwrap().purpose,
        LinkPurpose::Document
    );
    f.crm.redeem_link(&t, false).await.unwrap();
    for (label, at) in [("TTL", minted + ttl), ("TTL + 1 s", minted + ttl + second)] {
        f.clock.set(at);
        assert!(
            matches!(f.crm.inspect_link(&t).await, Err(Error::LinkInvalid)),
            "document link inspected at {label}"
        );
        assert!(
            matches!(f.crm.redeem_link(&t, false).await, Err(Error::LinkInvalid)),
            "document link redeemed by GET at {label}"
        );
        assert!(
            matches!(f.crm.redeem_link(&t, true).await, Err(Error::LinkInvalid)),
            "document link redeemed by POST at {label}"
        );
    }

    // Single-use login links: a fresh one per probe (redeeming uses it up).
    let ttl = config.login_link_ttl;
    for (label, offset, usable) in [
        ("TTL - 1 s", ttl - second, true),
        ("TTL", ttl, false),
        ("TTL + 1 s", ttl + second, false),
    ] {
        let minted = f.clock.now();
        let lt = login_link(&f, &ctx).await;
        f.clock.set(minted + offset);
        let before = sign_ins(&f, &ctx, client.id).await;
        if usable {
            assert_eq!(
                f.crm.inspect_link(&lt).await.unwrap().purpose,
                LinkPurpose::Login,
                "login link inspected at {label}"
            );
            f.crm.redeem_link(&lt, true).await.unwrap();
            assert_eq!(sign_ins(&f, &ctx, client.id).await, before + 1, "{label}");
        } else {
            assert!(
                matches!(f.crm.inspect_link(&lt).await, Err(Error::LinkInvalid)),
                "login link inspected at {label}"
            );
            assert!(
                matches!(f.crm.redeem_link(&lt, true).await, Err(Error::LinkInvalid)),
                "login link redeemed at {label}"
            );
            assert_eq!(sign_ins(&f, &ctx, client.id).await, before, "{label}");
        }
        // Back to the moment of minting plus a margin, so the next link starts fresh.
        f.clock.set(minted + offset + second);
    }
}

/// Two POSTs redeeming one single-use link at the same time: exactly one opens a session, the
/// other gets `LinkInvalid` (not a storage error, not a second session). Repeated to give the
/// race a chance to go either way.
pub async fn one_single_use_link_redeemed_concurrently_opens_one_session(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    for round in 0..5 {
        let lt = login_link(&f, &ctx).await;
        let before = sign_ins(&f, &ctx, client.id).await;
        let barrier = Arc::new(tokio::sync::Barrier::new(2));
        let tasks: Vec<_> = (0..2)
            .map(|_| {
                let crm = f.crm.clone();
                let lt = lt.clone();
                let barrier = barrier.clone();
                tokio::spawn(async move {
                    barrier.wait().await;
                    crm.redeem_link(&lt, true).await
                })
            })
            .collect();
        let mut opened = Vec::new();
        for t in tasks {
            match t.await.unwrap() {
                Ok(sign_in) => opened.push(sign_in),
                Err(Error::LinkInvalid) => {}
                Err(e) => panic!("round {round}: unexpected error {e:?}"),
            }
        }
        assert_eq!(opened.len(), 1, "round {round}: exactly one session");
        assert_eq!(
            sign_ins(&f, &ctx, client.id).await,
            before + 1,
            "round {round}: one sign-in recorded"
        );
        let pctx = f
            .crm
            .portal_session(&opened[0].token.encode())
            .await
            .unwrap();
        assert_eq!((pctx.client, pctx.confirmed), (client.id, true));
        // And the link stays used up.
        assert!(matches!(
            f.crm.redeem_link(&lt, true).await,
            Err(Error::LinkInvalid)
        ));
    }
}
