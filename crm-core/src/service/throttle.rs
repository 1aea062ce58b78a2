//! Rate limits: a fixed-window counter per key in the database (so every instance sharing the
//! store shares the limit), decided in memory first for keys already over it.
//!
//! Being over the limit within a window only ever stays true until the window ends, so an
//! instance that saw a key go over remembers that until then and answers without touching the
//! database: a flood of requests on one key (a password-guessing run, a token scan) costs no
//! writes once it is over its limit — on SQLite, every write queues behind the one writer.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

use super::{Crm, Error};
use crate::domain::TokenHash;

/// Keys remembered as over their limit, at most; beyond, only the database decides.
const MAX_REMEMBERED: usize = 100_000;

/// The keys this instance saw over their limit, with the end of that window.
#[derive(Debug, Default)]
pub(crate) struct OverLimit(Mutex<HashMap<String, DateTime<Utc>>>);

impl OverLimit {
    /// The end of the window in which `key` is over its limit, if it is now.
    fn blocked_until(&self, key: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let map = self.0.lock().ok()?;
        map.get(key).copied().filter(|end| *end > now)
    }

    fn remember(&self, key: String, end: DateTime<Utc>, now: DateTime<Utc>) {
        let Ok(mut map) = self.0.lock() else {
            return;
        };
        if map.len() >= MAX_REMEMBERED {
            map.retain(|_, e| *e > now);
            if map.len() >= MAX_REMEMBERED {
                return;
            }
        }
        map.insert(key, end);
    }
}

fn retry_after(end: DateTime<Utc>, now: DateTime<Utc>) -> Error {
    let left = (end - now).num_seconds().max(1);
    Error::RateLimited {
        retry_after_secs: u64::try_from(left).unwrap_or(1),
    }
}

impl Crm {
    /// Counts a hit for `key` in the current fixed window of length `window` and fails with
    /// [`Error::RateLimited`] once the window's count exceeds `limit`.
    ///
    /// The counter is one upsert in the database, so every app instance sharing the store
    /// shares the limit; a key this instance already saw over its limit in this window is
    /// answered from memory, without a write. Keys are hashed before they are stored (they may
    /// hold an email or an IP address). Counters of ended windows are deleted whenever a new
    /// window starts.
    pub async fn throttle(&self, key: &str, limit: u32, window: Duration) -> Result<(), Error> {
        let secs = window.num_seconds().max(1);
        let now = self.clock.now();
        let start_secs = now.timestamp() - now.timestamp().rem_euclid(secs);
        let start = DateTime::<Utc>::from_timestamp(start_secs, 0).unwrap_or(now);
        let end = start + Duration::seconds(secs);
        let key_hash = TokenHash(Sha256::digest(key.as_bytes()).into()).to_hex();
        // Keyed by window too: the same key under another window length is another counter.
        let memo = format!("{key_hash}:{secs}");
        if let Some(until) = self.over_limit.blocked_until(&memo, now) {
            return Err(retry_after(until, now));
        }
        let mut tx = self.store.begin().await?;
        let hits = tx.throttle_hit(&key_hash, start, end).await?;
        if hits == 1 {
            tx.purge_throttle(now).await?;
        }
        tx.commit().await?;
        if hits > u64::from(limit) {
            self.over_limit.remember(memo, end, now);
            return Err(retry_after(end, now));
        }
        Ok(())
    }
}
