//! Server limits: how long a client may take to send its request head (a client that sends a
//! header a minute holds a connection forever otherwise), how long a request may take, and how
//! many may be in flight before new ones get a clear 503 instead of a growing queue. Body sizes
//! are limited per route by the routers themselves (API, portal forms, webhooks, admin).

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;
use tower_http::timeout::TimeoutLayer;

/// The limits (see the README's configuration table for the keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Requests handled at once; more get 503 with `Retry-After` (`CRM_MAX_IN_FLIGHT`).
    pub max_in_flight: usize,
    /// Time from the request to its response head (`CRM_REQUEST_TIMEOUT_SECS`); a streaming
    /// download's body is not cut by it.
    pub request_timeout: Duration,
    /// Time a client has to send its request head (`CRM_HEADER_TIMEOUT_SECS`).
    pub header_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_in_flight: 1024,
            request_timeout: Duration::from_secs(30),
            header_timeout: Duration::from_secs(10),
        }
    }
}

/// `router` with the request timeout and the in-flight limit.
pub(crate) fn apply(router: Router, limits: &Limits) -> Router {
    let permits = Arc::new(Semaphore::new(limits.max_in_flight.max(1)));
    router
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            limits.request_timeout,
        ))
        .layer(middleware::from_fn_with_state(permits, shed))
}

/// Over the limit: a 503 at once, without queueing.
async fn shed(State(permits): State<Arc<Semaphore>>, request: Request, next: Next) -> Response {
    let Ok(_permit) = permits.try_acquire_owned() else {
        let mut r = (
            StatusCode::SERVICE_UNAVAILABLE,
            "Überlastet, bitte gleich noch einmal · Overloaded, please retry shortly",
        )
            .into_response();
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return r;
    };
    next.run(request).await
}

/// Serves `router` on `listener` over HTTP/1.1 with the header timeout until `shutdown`, then
/// finishes the requests in flight (at most 30 s).
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let service =
            hyper::service::service_fn(move |mut request: Request<hyper::body::Incoming>| {
                request
                    .extensions_mut()
                    .insert(ConnectInfo::<SocketAddr>(peer));
                let router = router.clone();
                // The router never fails (`Infallible`).
                async move { router.oneshot(request.map(Body::new)).await }
            });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // A client gone mid-request is not the server's error.
            let _ = connection.await;
        });
    }
    drop(listener);
    if tokio::time::timeout(Duration::from_secs(30), graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still in flight after 30 s; closing their connections");
    }
    Ok(())
}

#[cfg(test)]
mod tests;
