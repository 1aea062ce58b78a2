//! "Download selected": one ZIP of the chosen invoices' PDFs, streamed.
//!
//! The core writes the archive synchronously (render, then write, one invoice at a time), so
//! it runs on a blocking thread whose writer feeds a bounded channel; the channel is the
//! response body. The status is decided by the first message: bytes mean 200 and streaming,
//! an error before any byte (a foreign or unknown id, an empty selection) means an error page
//! — the core checks every id before it writes anything, so a mix of own and foreign ids is
//! refused whole.
//!
//! A client that stops reading but keeps the connection open would hold the writer's thread
//! forever (a few hundred of them and every PDF in the system waits for a blocking thread): the
//! writer gives up after [`crate::WebConfig::download_stall`] without progress, and downloads
//! are bounded in all and per contact ([`Downloads`]).

use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use crm_core::domain::{ContactId, InvoiceId};
use tokio::sync::mpsc;

use super::{Fail, FormData, Portal};
use crate::error::WebError;

/// Bytes collected before a chunk is sent (one chunk ≈ one or two PDFs).
const CHUNK: usize = 64 * 1024;
/// Chunks in flight: bounds memory per download to about `CHUNK × (DEPTH + 1)`.
const DEPTH: usize = 4;

/// The ZIP downloads in progress: at most `max` in all, `per_contact` per contact.
#[derive(Debug)]
pub struct Downloads {
    max: usize,
    per_contact: usize,
    running: Mutex<HashMap<ContactId, usize>>,
}

/// Why a download cannot start now.
enum Busy {
    /// Every slot of this instance is taken.
    Instance,
    /// This contact has its share running.
    Contact,
}

impl Downloads {
    /// Limits of `max` downloads at once, `per_contact` of them per contact.
    pub fn new(max: usize, per_contact: usize) -> Self {
        Self {
            max: max.max(1),
            per_contact: per_contact.max(1),
            running: Mutex::default(),
        }
    }

    /// Downloads in progress.
    pub fn in_flight(&self) -> usize {
        self.running.lock().map_or(0, |m| m.values().sum())
    }

    fn start(self: &Arc<Self>, contact: ContactId) -> Result<Slot, Busy> {
        let Ok(mut running) = self.running.lock() else {
            return Err(Busy::Instance);
        };
        if running.values().sum::<usize>() >= self.max {
            return Err(Busy::Instance);
        }
        let mine = running.entry(contact).or_default();
        if *mine >= self.per_contact {
            return Err(Busy::Contact);
        }
        *mine += 1;
        Ok(Slot {
            downloads: self.clone(),
            contact,
        })
    }
}

/// A running download's place; freed when the writer ends (done, failed or given up).
struct Slot {
    downloads: Arc<Downloads>,
    contact: ContactId,
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Ok(mut running) = self.downloads.running.lock()
            && let Some(n) = running.get_mut(&self.contact)
        {
            *n -= 1;
            if *n == 0 {
                running.remove(&self.contact);
            }
        }
    }
}

/// A `Write` into a bounded channel, in chunks. Blocks when the client reads slowly (so it
/// must live on a blocking thread); fails once the client is gone, or has read nothing for
/// `stall`.
struct ChannelWriter {
    tx: mpsc::Sender<Result<Bytes, io::Error>>,
    buf: Vec<u8>,
    stall: Duration,
}

impl ChannelWriter {
    fn send(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        // Not `blocking_send`: this runs inside `Handle::block_on`, where tokio refuses to
        // block; parking the thread until the channel has room is what is wanted here.
        match park_on(self.tx.send(Ok(chunk)), Instant::now() + self.stall) {
            Some(Ok(())) => Ok(()),
            Some(Err(_)) => Err(io::Error::new(
                io::ErrorKind::BrokenPipe,
                "download cancelled",
            )),
            None => Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading the download",
            )),
        }
    }
}

/// Wakes a parked thread.
struct Unpark(std::thread::Thread);

impl std::task::Wake for Unpark {
    fn wake(self: std::sync::Arc<Self>) {
        self.0.unpark();
    }
}

/// Polls `f` to completion on this (blocking) thread, parking it while `f` is pending;
/// `None` if `deadline` passes first.
fn park_on<F: std::future::Future>(f: F, deadline: Instant) -> Option<F::Output> {
    let waker = std::task::Waker::from(std::sync::Arc::new(Unpark(std::thread::current())));
    let mut cx = std::task::Context::from_waker(&waker);
    let mut f = std::pin::pin!(f);
    loop {
        if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return Some(v);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return None;
        }
        std::thread::park_timeout(left);
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

/// `POST /invoices/download` with `ids` (repeated) and `csrf`.
pub(crate) async fn download(
    portal: Portal,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Fail> {
    let form = FormData::parse(&body);
    let (_, client) = portal.parties().await?;
    let l = client.locale;
    portal.check_post(&headers, &form, l)?;
    let mut ids = Vec::new();
    for raw in form.all("ids") {
        // An id that is not even an id is as unknown as another client's.
        let id: InvoiceId = raw
            .parse()
            .map_err(|_| portal.fail(WebError::NotFound, l))?;
        ids.push(id);
    }
    let slot = match portal.state.downloads.start(portal.ctx.contact) {
        Ok(slot) => slot,
        Err(Busy::Contact) => {
            return Err(portal.fail(
                WebError::RateLimited {
                    retry_after_secs: 10,
                },
                l,
            ));
        }
        Err(Busy::Instance) => {
            return Err(portal.fail(WebError::Unavailable("downloads busy".into()), l));
        }
    };
    let stall = portal.state.config.download_stall;
    let (tx, mut rx) = mpsc::channel::<Result<Bytes, io::Error>>(DEPTH);
    let crm = portal.state.crm.clone();
    let ctx = portal.ctx;
    let runtime = tokio::runtime::Handle::current();
    let task = tokio::task::spawn_blocking(move || {
        // Held until the writer ends, however it ends.
        let _slot = slot;
        let writer = ChannelWriter {
            tx,
            buf: Vec::with_capacity(CHUNK),
            stall,
        };
        let mut writer = runtime.block_on(crm.portal_invoice_bundle(&ctx, &ids, writer))?;
        writer
            .flush()
            .map_err(|e| crm_core::service::Error::Render(e.to_string()))
    });

    let Some(first) = rx.recv().await else {
        // Nothing was written: the selection was refused (or rendering failed at once).
        return Err(match task.await {
            Ok(Err(e)) => portal.core(e, l),
            Ok(Ok(())) => portal.fail(WebError::Internal("empty archive".into()), l),
            Err(e) => portal.fail(WebError::Internal(e.to_string()), l),
        });
    };
    // After the first byte the status is sent; a later failure can only cut the body short,
    // which clients see as a failed download (the archive lacks its central directory).
    let stream = futures_util::stream::unfold(
        (Some(first), rx, Some(task)),
        |(first, mut rx, task)| async move {
            if let Some(item) = first {
                return Some((item, (None, rx, task)));
            }
            if let Some(item) = rx.recv().await {
                return Some((item, (None, rx, task)));
            }
            match task?.await {
                Ok(Ok(())) => None,
                Ok(Err(e)) => {
                    tracing::warn!(error = %e, "ZIP download failed while streaming");
                    Some((
                        Err(io::Error::other("archive incomplete")),
                        (None, rx, None),
                    ))
                }
                Err(e) => Some((Err(io::Error::other(e.to_string())), (None, rx, None))),
            }
        },
    );
    let name = crate::html::i18n::text("file.invoices_zip", l).unwrap_or("invoices.zip");
    Ok((
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/zip"),
            ),
            (
                header::CONTENT_DISPOSITION,
                crate::security::content_disposition("attachment", name),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}
