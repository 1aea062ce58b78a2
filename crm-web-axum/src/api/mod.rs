//! The JSON API for staff scripts: `/api/v1`, bearer-token auth, RFC 9457 problems, cursor
//! pagination, and an OpenAPI 3.1 document generated from the handlers themselves.
//!
//! ```rust,ignore
//! let app = axum::Router::new().merge(crm_web_axum::api::api_router(ApiState::new(crm)?));
//! ```
//!
//! Every route and its documentation come from one table ([`ROUTES`] is generated from the
//! same macro call that builds the router), and a test checks that the table and the OpenAPI
//! document name the same operations.

mod dto;
mod error;
mod handlers;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use crm_core::ports::{DocumentRenderer, RenderError};
use crm_core::render::PdfRenderer;
use crm_core::service::{Crm, StaffCtx};
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

pub use dto::*;
pub use error::{ApiError, FieldProblem, Json, Path, Problem, Query};

/// Where the API is mounted by [`api_router`].
pub const PREFIX: &str = "/api/v1";
/// Largest accepted request body.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// What the API handlers need.
#[derive(Clone)]
pub struct ApiState {
    /// The service.
    pub crm: Crm,
    /// Renders invoice and quote PDFs.
    pub renderer: Arc<dyn DocumentRenderer>,
    /// The payment gateway, for refunds through it (`"via": "gateway"`); `None` refuses them.
    pub gateway: Option<Arc<dyn crm_core::ports::PaymentGateway>>,
}

impl std::fmt::Debug for ApiState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiState")
            .field("crm", &self.crm)
            .finish_non_exhaustive()
    }
}

impl ApiState {
    /// State with the built-in PDF renderer.
    pub fn new(crm: Crm) -> Result<Self, RenderError> {
        Ok(Self {
            crm,
            renderer: Arc::new(PdfRenderer::new()?),
            gateway: None,
        })
    }

    /// State with another renderer.
    pub fn with_renderer(crm: Crm, renderer: Arc<dyn DocumentRenderer>) -> Self {
        Self {
            crm,
            renderer,
            gateway: None,
        }
    }

    /// With the payment gateway refunds may go through.
    pub fn with_gateway(
        mut self,
        gateway: Option<Arc<dyn crm_core::ports::PaymentGateway>>,
    ) -> Self {
        self.gateway = gateway;
        self
    }
}

/// The API's part of the shared web state, so `api_router(ApiState::from_ref(&web_state))`
/// works in an app built on [`crate::WebState`].
impl FromRef<crate::WebState> for ApiState {
    fn from_ref(web: &crate::WebState) -> Self {
        Self::with_renderer(web.crm.clone(), web.renderer.clone()).with_gateway(web.gateway.clone())
    }
}

/// The signed-in staff member of a request, from `Authorization: Bearer <token>`; rejects
/// with 401 problem+json and `WWW-Authenticate: Bearer`.
#[derive(Debug, Clone)]
pub struct Staff(pub StaffCtx);

impl<S> FromRequestParts<S> for Staff
where
    ApiState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = ApiState::from_ref(state);
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, t)| t.trim())
            .filter(|t| !t.is_empty())
            .ok_or_else(ApiError::unauthorized)?;
        Ok(Self(state.crm.api_ctx(token).await?))
    }
}

macro_rules! api_routes {
    ($( $method:ident $path:literal => $handler:ident ),* $(,)?) => {
        /// Every `(method, path)` the API serves, relative to [`PREFIX`] (generated with the
        /// router, so it cannot drift from it).
        pub const ROUTES: &[(&str, &str)] = &[ $( (stringify!($method), $path) ),* ];

        fn routes() -> Router<ApiState> {
            Router::new() $( .route($path, axum::routing::$method(handlers::$handler)) )*
        }

        /// The OpenAPI document of the API.
        #[derive(OpenApi)]
        #[openapi(
            info(title = "crm API", version = "1", description = "The clients module: clients, documents, payments, templates, tickets. Amounts are decimal strings, dates ISO 8601, errors RFC 9457 problems."),
            servers((url = "/api/v1")),
            paths( $( handlers::$handler ),* ),
            components(schemas(Problem, FieldProblem)),
            modifiers(&BearerScheme, &ProblemResponses),
            security(("bearer" = [])),
        )]
        pub struct ApiDoc;
    };
}

api_routes! {
    post "/clients" => create_client,
    get "/clients" => list_clients,
    get "/clients/{id}" => get_client,
    patch "/clients/{id}" => patch_client,
    post "/clients/{id}/archive" => archive_client,
    post "/clients/{id}/restore" => restore_client,
    get "/clients/{id}/dashboard" => dashboard,
    get "/clients/{id}/documents" => documents,
    post "/clients/{id}/portal-link" => portal_link,
    get "/clients/{id}/reminders" => client_reminders,
    put "/clients/{id}/dunning-block" => put_dunning_block,
    delete "/clients/{id}/dunning-block" => delete_dunning_block,
    put "/clients/{id}/dunning-schedule" => put_dunning_schedule,
    delete "/clients/{id}/dunning-schedule" => delete_dunning_schedule,
    get "/clients/{id}/templates/{kind}" => get_client_template,
    put "/clients/{id}/templates/{kind}" => put_client_template,
    delete "/clients/{id}/templates/{kind}" => delete_client_template,
    get "/company/legal" => get_company_legal,
    put "/company/legal" => put_company_legal,
    get "/company/bank-account" => get_bank_account,
    put "/company/bank-account" => put_bank_account,
    delete "/company/bank-account" => delete_bank_account,
    get "/company/mail-settings" => get_mail_settings,
    put "/company/mail-settings" => put_mail_settings,
    get "/company/logo" => get_logo,
    put "/company/logo" => put_logo,
    delete "/company/logo" => delete_logo,
    get "/company/dunning" => get_dunning_settings,
    put "/company/dunning" => put_dunning_settings,
    get "/company/templates/{kind}" => get_company_template,
    put "/company/templates/{kind}" => put_company_template,
    post "/invoices" => create_invoice,
    get "/invoices" => list_invoices,
    get "/invoices/{id}" => get_invoice,
    put "/invoices/{id}" => update_invoice,
    post "/invoices/{id}/issue" => issue_invoice,
    post "/invoices/{id}/send" => send_invoice,
    post "/invoices/{id}/cancel" => cancel_invoice,
    post "/invoices/{id}/reopen" => reopen_invoice,
    post "/invoices/{id}/payments" => record_payment,
    get "/invoices/{id}/pdf" => invoice_pdf,
    get "/invoices/{id}/einvoice" => invoice_einvoice,
    post "/invoices/{id}/credits" => credit_invoice,
    get "/invoices/{id}/corrections" => invoice_corrections,
    post "/invoices/{id}/remind" => remind_invoice,
    post "/invoices/{id}/dunning/skip" => skip_dunning_level,
    post "/invoices/{id}/dunning/waive" => waive_dunning,
    get "/corrections/{id}" => get_correction,
    post "/corrections/{id}/send" => send_correction,
    get "/corrections/{id}/pdf" => correction_pdf,
    get "/corrections/{id}/einvoice" => correction_einvoice,
    get "/dunning/due" => dunning_due,
    post "/dunning/run" => run_dunning,
    get "/reminders/{id}" => get_reminder,
    get "/reminders/{id}/pdf" => reminder_pdf,
    post "/payments/{id}/refunds" => refund_payment,
    post "/quotes" => create_quote,
    get "/quotes/{id}" => get_quote,
    put "/quotes/{id}" => update_quote,
    post "/quotes/{id}/send" => send_quote,
    post "/quotes/{id}/convert" => convert_quote,
    get "/quotes/{id}/pdf" => quote_pdf,
    get "/tickets" => list_tickets,
    get "/tickets/{id}" => get_ticket,
    post "/tickets/{id}/messages" => reply_ticket,
    post "/tickets/{id}/close" => close_ticket,
    get "/openapi.json" => openapi_json,
}

struct BearerScheme;

impl utoipa::Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An API token (see `Crm::create_api_token`)"))
                    .build(),
            ),
        );
    }
}

/// Documents the problems every operation can answer with (`application/problem+json`), so
/// the document is honest about 400/413/415 (bodies), 401, 404, 409, 422, 429 and 500 without
/// repeating them on each handler.
struct ProblemResponses;

impl utoipa::Modify for ProblemResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{Content, Ref, RefOr, ResponseBuilder};
        let problem = |what: &str| {
            RefOr::T(
                ResponseBuilder::new()
                    .description(what)
                    .content(
                        "application/problem+json",
                        Content::new(Some(Ref::from_schema_name("Problem"))),
                    )
                    .build(),
            )
        };
        for (path, item) in openapi.paths.paths.iter_mut() {
            if path == "/openapi.json" {
                continue;
            }
            let ops = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for op in ops.into_iter().flatten() {
                for (code, r) in op.responses.responses.iter_mut() {
                    if code.starts_with('2') {
                        continue;
                    }
                    if let RefOr::T(resp) = r
                        && let Some(c) = resp.content.shift_remove("application/json")
                    {
                        resp.content.insert("application/problem+json".into(), c);
                    }
                }
                let mut codes = vec![
                    ("401", "Missing or invalid bearer token"),
                    ("404", "Not found (also another company's ids)"),
                    ("409", "The current state does not allow this"),
                    ("422", "Invalid input, with per-field errors"),
                    ("429", "Too many requests"),
                    ("500", "Internal error"),
                ];
                if op.request_body.is_some() {
                    codes.extend([
                        ("400", "The body is not valid JSON"),
                        ("413", "The body is too large"),
                        ("415", "The body is not sent as application/json"),
                    ]);
                }
                for (code, what) in codes {
                    op.responses
                        .responses
                        .entry(code.into())
                        .or_insert_with(|| problem(what));
                }
            }
        }
    }
}

/// The OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// The API router, with its routes under [`PREFIX`]; merge it into the host app's router.
/// Unknown paths and methods under the prefix answer with problems too.
pub fn api_router<S>(state: ApiState) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    let inner = routes()
        .fallback(|| async { ApiError::not_found("route").into_response() })
        .method_not_allowed_fallback(|| async {
            ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method-not-allowed").into_response()
        })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state);
    Router::new().nest(PREFIX, inner)
}
