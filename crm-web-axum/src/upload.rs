//! Uploaded files read with a size limit: the limit is checked against `Content-Length` before
//! anything is read and against the bytes while they arrive, so a large upload is refused
//! after at most `max + 1` bytes buffered (the company logo: `PUT /api/v1/company/logo`, the
//! admin's logo form).

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, header};
use futures_util::{Stream, StreamExt};

/// Why an upload was not read.
#[derive(Debug)]
pub(crate) enum UploadError {
    /// Larger than the limit (at least this many bytes).
    TooLarge(usize),
    /// The body could not be read (the client went away, a broken encoding).
    Unreadable(String),
}

/// The declared `Content-Length`, if there is a valid one.
pub(crate) fn declared_length(headers: &HeaderMap) -> Option<usize> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// The whole body, at most `max` bytes.
pub(crate) async fn read_body(
    headers: &HeaderMap,
    body: Body,
    max: usize,
) -> Result<Vec<u8>, UploadError> {
    if let Some(n) = declared_length(headers).filter(|n| *n > max) {
        return Err(UploadError::TooLarge(n));
    }
    read_stream(body.into_data_stream(), max).await
}

/// The chunks of `stream`, at most `max` bytes.
pub(crate) async fn read_stream<S, E>(stream: S, max: usize) -> Result<Vec<u8>, UploadError>
where
    S: Stream<Item = Result<Bytes, E>>,
    E: std::fmt::Display,
{
    let mut stream = std::pin::pin!(stream);
    let mut out = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| UploadError::Unreadable(e.to_string()))?;
        if out.len() + chunk.len() > max {
            return Err(UploadError::TooLarge(out.len() + chunk.len()));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}
