//! CPU-heavy work (password hashing) off the async workers, on a bounded share of tokio's
//! blocking pool.
//!
//! An argon2id verification takes tens of milliseconds of one core. Run on an async worker, two
//! concurrent staff sign-ins stalled every request of a 2-core machine, and a flood of wrong
//! passwords took the portal, the webhooks and the outbox down with it. Here each job waits for
//! one of as many permits as the machine has cores, less one (at least one), so the async
//! workers always keep a core; the waiting happens as an `await`, not on a worker thread.

use std::sync::OnceLock;

use tokio::sync::Semaphore;

use super::Error;
use crate::ports::StoreError;

fn permits() -> &'static Semaphore {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| Semaphore::new(capacity()))
}

/// How many jobs may run at once: the machine's parallelism less one, at least one.
pub fn capacity() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    cores.saturating_sub(1).max(1)
}

/// Runs `job` on the blocking pool once a permit is free, and returns its result. Outside a
/// tokio runtime (a synchronous caller) it runs in place. A panic in `job` resumes here.
pub(crate) async fn run<T: Send + 'static>(
    job: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Error> {
    if tokio::runtime::Handle::try_current().is_err() {
        return Ok(job());
    }
    // The semaphore is never closed, so `acquire` does not fail.
    let _permit = permits()
        .acquire()
        .await
        .map_err(|e| shutting_down(&e.to_string()))?;
    match tokio::task::spawn_blocking(job).await {
        Ok(v) => Ok(v),
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => Err(shutting_down(&e.to_string())),
    }
}

fn shutting_down(why: &str) -> Error {
    Error::Storage(StoreError::Backend(format!("blocking job: {why}").into()))
}
