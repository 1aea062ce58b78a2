use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::routing::get;
use tokio::sync::Notify;
use tower::ServiceExt;

use super::{Limits, apply};

fn limited(release: Arc<Notify>, limits: Limits) -> Router {
    let router = Router::new()
        .route(
            "/slow",
            get(move || {
                let release = release.clone();
                async move {
                    release.notified().await;
                    "done"
                }
            }),
        )
        .route("/fast", get(|| async { "fast" }));
    apply(router, &limits)
}

fn request(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).expect("request")
}

#[tokio::test]
async fn over_the_in_flight_limit_answers_503_at_once() {
    let release = Arc::new(Notify::new());
    let limits = Limits {
        max_in_flight: 1,
        ..Limits::default()
    };
    let router = limited(release.clone(), limits);
    let held = tokio::spawn(router.clone().oneshot(request("/slow")));
    // Let the first request take its permit.
    tokio::time::sleep(Duration::from_millis(50)).await;
    let refused = router
        .clone()
        .oneshot(request("/fast"))
        .await
        .expect("answer");
    assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(refused.headers()["retry-after"], "1");
    release.notify_one();
    let first = held.await.expect("task").expect("answer");
    assert_eq!(first.status(), StatusCode::OK);
    // The permit is back.
    let again = router.oneshot(request("/fast")).await.expect("answer");
    assert_eq!(again.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_request_that_takes_too_long_gets_503() {
    let release = Arc::new(Notify::new());
    let limits = Limits {
        request_timeout: Duration::from_millis(200),
        ..Limits::default()
    };
    let router = limited(release, limits);
    let answer = router.oneshot(request("/slow")).await.expect("answer");
    assert_eq!(answer.status(), StatusCode::SERVICE_UNAVAILABLE);
}
