//! Password hashing runs off the async workers: sign-ins hashing at once leave the runtime's
//! other tasks running.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crm_core::testing::{Fixture, MemoryStore};

#[tokio::test]
async fn sign_ins_that_hash_never_block_the_runtimes_other_tasks() {
    // Argon2 ran on the async worker: on this one-thread runtime, nothing else ran while a
    // password was checked (two at once stalled every request of a 2-core server).
    let f = Fixture::new(Arc::new(MemoryStore::new()));
    let (_, ctx) = f.company("Muster GmbH").await;
    f.crm
        .create_staff(
            &ctx,
            "erika@muster.example",
            "Erika",
            "richtig-langes-passwort",
        )
        .await
        .expect("staff");
    let done = Arc::new(AtomicBool::new(false));
    let flag = done.clone();
    let ticker = tokio::spawn(async move {
        let mut ticks = 0_u64;
        while !flag.load(Ordering::Acquire) {
            ticks += 1;
            tokio::task::yield_now().await;
        }
        ticks
    });
    let attempts: Vec<_> = [
        "erika@muster.example",
        "erika@muster.example",
        "erika@muster.example",
        "nobody@muster.example",
    ]
    .into_iter()
    .map(|email| {
        let crm = f.crm.clone();
        tokio::spawn(async move { crm.staff_sign_in(email, "falsches-passwort").await })
    })
    .collect();
    for a in attempts {
        let outcome = a.await.expect("task");
        assert!(matches!(outcome, Err(crm_core::Error::BadCredentials)));
    }
    done.store(true, Ordering::Release);
    let ticks = ticker.await.expect("ticker");
    // Inline hashing lets the ticker run only between the sign-ins (a handful of ticks); off the
    // worker it runs all through the four hashes.
    assert!(ticks >= 100, "the runtime was blocked: {ticks} ticks");
    assert!(crm_core::service::cpu::capacity() >= 1);
}
