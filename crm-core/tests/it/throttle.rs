//! Rate limits decide in memory first: a key over its limit is answered without a write.

use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use crm_core::domain::TokenHash;
use crm_core::ports::Store;
use crm_core::testing::{Fixture, MemoryStore};
use sha2::{Digest, Sha256};

/// The count the database holds for `key` in the hour from 10:00 (one hit more).
async fn stored_hits(store: &Arc<dyn Store>, key: &str) -> u64 {
    let hash = TokenHash(Sha256::digest(key.as_bytes()).into()).to_hex();
    let start = Utc.with_ymd_and_hms(2026, 11, 27, 10, 0, 0).unwrap();
    let mut tx = store.begin().await.expect("begin");
    let hits = tx
        .throttle_hit(&hash, start, start + Duration::hours(1))
        .await
        .expect("hit");
    drop(tx);
    hits
}

#[tokio::test]
async fn a_key_over_its_limit_is_answered_without_a_write() {
    // Every rate-limited request was a database write before the decision (on SQLite, the
    // one writer), also long after the key was over its limit.
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let f = Fixture::new(store.clone());
    let key = "portal-token-ip:203.0.113.9";
    for _ in 0..2 {
        f.crm
            .throttle(key, 2, Duration::hours(1))
            .await
            .expect("within the limit");
    }
    for _ in 0..10 {
        let e = f
            .crm
            .throttle(key, 2, Duration::hours(1))
            .await
            .unwrap_err();
        assert!(matches!(e, crm_core::Error::RateLimited { .. }), "{e:?}");
    }
    // Three counted (the third went over), the other nine answered from memory.
    assert_eq!(stored_hits(&store, key).await, 4);
    // Another instance on the same store still shares the count.
    let other = crm_core::Crm::new(store.clone(), Default::default()).with_clock(f.clock.clone());
    assert!(other.throttle(key, 2, Duration::hours(1)).await.is_err());
    // The next window starts afresh, in memory too.
    f.clock.advance(Duration::hours(1));
    f.crm
        .throttle(key, 2, Duration::hours(1))
        .await
        .expect("a new window");
}
