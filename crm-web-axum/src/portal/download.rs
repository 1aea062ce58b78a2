//! "Download selected": one ZIP of the chosen invoices' PDFs, streamed.
//!
//! The core writes the archive synchronously (render, then write, one invoice at a time), so
//! it runs on a blocking thread whose writer feeds a bounded channel; the channel is the
//! response body. The status is decided by the first message: bytes mean 200 and streaming,
//! an error before any byte (a foreign or unknown id, an empty selection) means an error page
//! — the core checks every id before it writes anything, so a mix of own and foreign ids is
//! refused whole.

use std::io::{self, Write};

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use crm_core::domain::InvoiceId;
use tokio::sync::mpsc;

use super::{Fail, FormData, Portal};
use crate::error::WebError;

/// Bytes collected before a chunk is sent (one chunk ≈ one or two PDFs).
const CHUNK: usize = 64 * 1024;
/// Chunks in flight: bounds memory per download to about `CHUNK × (DEPTH + 1)`.
const DEPTH: usize = 4;

/// A `Write` into a bounded channel, in chunks. Blocks when the client reads slowly (so it
/// must live on a blocking thread); fails once the client is gone.
struct ChannelWriter {
    tx: mpsc::Sender<Result<Bytes, io::Error>>,
    buf: Vec<u8>,
}

impl ChannelWriter {
    fn send(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        // Not `blocking_send`: this runs inside `Handle::block_on`, where tokio refuses to
        // block; parking the thread until the channel has room is what is wanted here.
        park_on(self.tx.send(Ok(chunk)))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "download cancelled"))
    }
}

/// Wakes a parked thread.
struct Unpark(std::thread::Thread);

impl std::task::Wake for Unpark {
    fn wake(self: std::sync::Arc<Self>) {
        self.0.unpark();
    }
}

/// Polls `f` to completion on this (blocking) thread, parking it while `f` is pending.
fn park_on<F: std::future::Future>(f: F) -> F::Output {
    let waker = std::task::Waker::from(std::sync::Arc::new(Unpark(std::thread::current())));
    let mut cx = std::task::Context::from_waker(&waker);
    let mut f = std::pin::pin!(f);
    loop {
        if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
        std::thread::park();
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
    let (tx, mut rx) = mpsc::channel::<Result<Bytes, io::Error>>(DEPTH);
    let crm = portal.state.crm.clone();
    let renderer = portal.state.renderer.clone();
    let ctx = portal.ctx;
    let runtime = tokio::runtime::Handle::current();
    let task = tokio::task::spawn_blocking(move || {
        let writer = ChannelWriter {
            tx,
            buf: Vec::with_capacity(CHUNK),
        };
        let mut writer =
            runtime.block_on(crm.portal_invoice_bundle(&ctx, &ids, renderer.as_ref(), writer))?;
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
