//! Staff area: users, sessions, API tokens, rate-limit counters and installation secrets.

use super::*;

/// Runs this area's cases, each on a fresh store from `make`.
pub async fn run<F, Fut>(make: &F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Arc<dyn Store>>,
{
    staff_sessions_and_api_tokens(make().await).await;
    throttle_counts_are_shared_and_windows_reset(make().await).await;
    installation_secrets_are_created_once(make().await).await;
}

/// Staff users, password sessions and API tokens: unique emails across companies, sign-in
/// failures alike, idle and absolute timeouts, password change and disabling end sessions,
/// token idempotence, revocation and tenancy.
pub async fn staff_sessions_and_api_tokens(store: Arc<dyn Store>) {
    use crate::domain::ValueError;
    let f = Fixture::new(store);
    let (_, a) = f.company("A GmbH").await;
    let (_, b) = f.company("B GmbH").await;
    fn field<T: std::fmt::Debug>(r: Result<T, Error>, name: &str) -> ValueError {
        match r {
            Err(Error::Invalid(e)) => e.field(name).cloned().expect(name),
            other => panic!("expected a field error on {name}, got {other:?}"),
        }
    }
    let alice = f
        .crm
        .create_staff(&a, "Alice@Example.com", "Alice", "correct horse battery")
        .await
        .unwrap();
    // Unique across companies, case-insensitively; nothing written on failure.
    let e = field(
        f.crm
            .create_staff(&b, "alice@example.com", "Other", "long enough password")
            .await,
        "email",
    );
    assert_eq!(e.code(), "email.taken");
    assert!(!e.message(Locale::De).is_empty());
    assert!(f.crm.staff_users(&b).await.unwrap().is_empty());
    let e = field(
        f.crm
            .create_staff(&b, "bob@example.com", "Bob", "short")
            .await,
        "password",
    );
    assert_ne!(e.message(Locale::De), e.message(Locale::En));
    assert!(f.crm.staff_users(&b).await.unwrap().is_empty());
    assert_eq!(f.crm.staff_users(&a).await.unwrap(), vec![alice.clone()]);
    assert!(alice.password_hash.starts_with("$argon2id$"));
    assert_eq!(f.crm.companies().await.unwrap().len(), 2);

    // Failures look alike.
    for (email, pw) in [
        ("alice@example.com", "wrong password!"),
        ("nobody@example.com", "correct horse battery"),
        ("not an email", "correct horse battery"),
    ] {
        assert!(matches!(
            f.crm.staff_sign_in(email, pw).await,
            Err(Error::BadCredentials)
        ));
    }
    let signed = f
        .crm
        .staff_sign_in("ALICE@example.com", "correct horse battery")
        .await
        .unwrap();
    let token = signed.token.encode();
    let sctx = f.crm.staff_session(&token).await.unwrap();
    assert_eq!(sctx.ctx.company, a.company);
    assert_eq!(
        sctx.ctx.actor,
        Actor::Staff {
            id: Some(alice.id),
            name: "Alice".into()
        }
    );
    // A session hash is global: found without naming the company, and nothing else works.
    assert!(matches!(
        f.crm.staff_session("garbage").await,
        Err(Error::SessionInvalid)
    ));

    // Idle timeout (2 h) is extended by use; the absolute one (12 h) is not.
    f.clock.advance(Duration::minutes(119));
    f.crm.staff_session(&token).await.unwrap();
    f.clock.advance(Duration::minutes(119));
    f.crm.staff_session(&token).await.unwrap();
    f.clock.advance(Duration::minutes(121));
    assert!(matches!(
        f.crm.staff_session(&token).await,
        Err(Error::SessionInvalid)
    ));
    let long = f
        .crm
        .staff_sign_in("alice@example.com", "correct horse battery")
        .await
        .unwrap()
        .token
        .encode();
    for _ in 0..7 {
        f.clock.advance(Duration::minutes(100));
        f.crm.staff_session(&long).await.unwrap();
    }
    f.clock.advance(Duration::minutes(100));
    assert!(matches!(
        f.crm.staff_session(&long).await,
        Err(Error::SessionInvalid)
    ));

    // Logout ends exactly that session.
    let s1 = f
        .crm
        .staff_sign_in("alice@example.com", "correct horse battery")
        .await
        .unwrap()
        .token
        .encode();
    let s2 = f
        .crm
        .staff_sign_in("alice@example.com", "correct horse battery")
        .await
        .unwrap()
        .token
        .encode();
    assert_ne!(s1, s2);
    f.crm.staff_logout(&s1).await.unwrap();
    f.crm.staff_logout("unknown").await.unwrap();
    assert!(f.crm.staff_session(&s1).await.is_err());
    f.crm.staff_session(&s2).await.unwrap();

    // A new password ends every session; the old password stops working.
    field(
        f.crm.set_staff_password(&a, alice.id, "tiny").await,
        "password",
    );
    assert!(matches!(
        f.crm
            .set_staff_password(&b, alice.id, "a new long password")
            .await,
        Err(Error::NotFound(_))
    ));
    f.crm
        .set_staff_password(&a, alice.id, "a new long password")
        .await
        .unwrap();
    assert!(f.crm.staff_session(&s2).await.is_err());
    assert!(matches!(
        f.crm
            .staff_sign_in("alice@example.com", "correct horse battery")
            .await,
        Err(Error::BadCredentials)
    ));
    let s3 = f
        .crm
        .staff_sign_in("alice@example.com", "a new long password")
        .await
        .unwrap()
        .token
        .encode();

    // API tokens: generated, or given and idempotent.
    let generated = f
        .crm
        .create_api_token(&a, alice.id, "CI", None)
        .await
        .unwrap();
    assert_eq!(generated.len(), 43);
    let api = f.crm.api_ctx(&generated).await.unwrap();
    assert_eq!(api.user.id, alice.id);
    assert_eq!(api.ctx.company, a.company);
    let raw = "env-token-0123456789abcdefghij";
    assert_eq!(
        f.crm
            .create_api_token(&a, alice.id, "CRM_API_TOKEN", Some(raw))
            .await
            .unwrap(),
        raw
    );
    assert_eq!(
        f.crm
            .create_api_token(&a, alice.id, "CRM_API_TOKEN", Some(raw))
            .await
            .unwrap(),
        raw
    );
    let tokens = f.crm.api_tokens(&a).await.unwrap();
    assert_eq!(tokens.len(), 2);
    assert!(tokens.iter().all(|t| t.user_id == alice.id));
    assert!(
        tokens
            .iter()
            .find(|t| t.name == "CI")
            .unwrap()
            .last_used_at
            .is_some()
    );
    assert!(f.crm.api_tokens(&b).await.unwrap().is_empty());
    field(
        f.crm
            .create_api_token(&a, alice.id, "short", Some("too-short"))
            .await,
        "token",
    );
    field(
        f.crm
            .create_api_token(&a, alice.id, "spaces", Some("with spaces 0123456789abcdef"))
            .await,
        "token",
    );
    field(
        f.crm.create_api_token(&a, alice.id, " ", None).await,
        "name",
    );
    // Another company's user is not found; the same raw token for another user is refused.
    assert!(matches!(
        f.crm.create_api_token(&b, alice.id, "x", None).await,
        Err(Error::NotFound(_))
    ));
    let bob = f
        .crm
        .create_staff(&b, "bob@example.com", "Bob", "bobs long password")
        .await
        .unwrap();
    field(
        f.crm.create_api_token(&b, bob.id, "steal", Some(raw)).await,
        "token",
    );
    assert_eq!(f.crm.api_tokens(&a).await.unwrap().len(), 2);
    assert!(f.crm.api_tokens(&b).await.unwrap().is_empty());
    assert!(matches!(f.crm.api_ctx("").await, Err(Error::Unauthorized)));
    assert!(matches!(
        f.crm.api_ctx("unknown-token-unknown-token").await,
        Err(Error::Unauthorized)
    ));

    // Revocation: scoped by company, idempotent, final.
    let ci = tokens.iter().find(|t| t.name == "CI").unwrap().id;
    assert!(matches!(
        f.crm.revoke_api_token(&b, ci).await,
        Err(Error::NotFound(_))
    ));
    f.crm.api_ctx(&generated).await.unwrap();
    f.crm.revoke_api_token(&a, ci).await.unwrap();
    f.crm.revoke_api_token(&a, ci).await.unwrap();
    assert!(matches!(
        f.crm.api_ctx(&generated).await,
        Err(Error::Unauthorized)
    ));
    field(
        f.crm
            .create_api_token(&a, alice.id, "again", Some(&generated))
            .await,
        "token",
    );

    // Disabling: no sign-in, no session, no API; enabling restores the token, not sessions.
    f.crm.set_staff_disabled(&a, alice.id, true).await.unwrap();
    assert!(matches!(
        f.crm
            .staff_sign_in("alice@example.com", "a new long password")
            .await,
        Err(Error::BadCredentials)
    ));
    assert!(f.crm.staff_session(&s3).await.is_err());
    assert!(matches!(f.crm.api_ctx(raw).await, Err(Error::Unauthorized)));
    f.crm.set_staff_disabled(&a, alice.id, false).await.unwrap();
    f.crm.api_ctx(raw).await.unwrap();
    assert!(f.crm.staff_session(&s3).await.is_err());
}

/// Rate limits count in the store: two service instances over one store share a limit,
/// concurrent hits are counted exactly, windows reset, and ended windows are deleted.
pub async fn throttle_counts_are_shared_and_windows_reset(store: Arc<dyn Store>) {
    let one = Fixture::new(store.clone());
    let two = Fixture::new(store.clone());
    let w = Duration::seconds(60);
    for i in 0..4 {
        let crm = if i % 2 == 0 { &one.crm } else { &two.crm };
        let r = crm.throttle("login:ip:203.0.113.7", 3, w).await;
        if i < 3 {
            r.unwrap();
        } else {
            match r {
                Err(Error::RateLimited { retry_after_secs }) => {
                    assert!((1..=60).contains(&retry_after_secs), "{retry_after_secs}");
                }
                other => panic!("expected RateLimited, got {other:?}"),
            }
        }
    }
    // Another key has its own count.
    one.crm
        .throttle("login:ip:203.0.113.8", 3, w)
        .await
        .unwrap();
    // The next window starts from zero.
    one.clock.advance(Duration::seconds(61));
    two.clock.advance(Duration::seconds(61));
    two.crm
        .throttle("login:ip:203.0.113.7", 3, w)
        .await
        .unwrap();
    // Concurrent hits are counted exactly (one upsert each).
    let mut handles = Vec::new();
    for i in 0..12 {
        let crm = if i % 2 == 0 {
            one.crm.clone()
        } else {
            two.crm.clone()
        };
        handles.push(tokio::spawn(async move {
            crm.throttle("portal:link:a@example.com", 5, Duration::hours(1))
                .await
        }));
    }
    let mut ok = 0;
    for h in handles {
        match h.await.unwrap() {
            Ok(()) => ok += 1,
            Err(Error::RateLimited { .. }) => {}
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(ok, 5);
    // Ended windows are deleted when a new window starts: afterwards only the new counter
    // is left (checked by purging everything in a transaction that is rolled back).
    let later = one.clock.now() + Duration::hours(3);
    let mut tx = store.begin().await.unwrap();
    // The first window's two counters went when the second window started; left are the
    // second window's and the portal key's.
    assert_eq!(tx.purge_throttle(later).await.unwrap(), 2);
    drop(tx);
    one.clock.advance(Duration::hours(2));
    one.crm.throttle("another", 1, w).await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.purge_throttle(later).await.unwrap(), 1);
    drop(tx);
}

/// The first stored installation secret wins; later candidates (other instances) get it back.
pub async fn installation_secrets_are_created_once(store: Arc<dyn Store>) {
    let fx = Fixture::new(store.clone());
    let first = fx.crm.installation_secret("csrf").await.unwrap();
    let again = fx.crm.installation_secret("csrf").await.unwrap();
    assert_eq!(first, again);
    let other = fx.crm.installation_secret("other").await.unwrap();
    assert_ne!(first, other);
    let mut tx = store.begin().await.unwrap();
    let kept = tx.ensure_secret("csrf", &[7u8; 32]).await.unwrap();
    assert_eq!(kept, first.to_vec());
    tx.commit().await.unwrap();
}
