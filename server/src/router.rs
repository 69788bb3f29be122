//! Assembles the router: Leptos pages and server functions, health check, the site's
//! static files (embedded in the binary, src/site.rs, or from `--site-root`), `/metrics`
//! when asked for, and the layers every request passes (compression, cache headers, body
//! limit, timeout, tracing).

use crate::assets::{cache_headers, Hashes};
use crate::config::Config;
use app::server::auth::{Auth, AuthConfig};
use app::server::store::Store;
use app::server::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::net::SocketAddr;
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub fn build(config: &Config, store: Store, addr: SocketAddr) -> Router {
    build_with(config, store, addr, config.auth())
}

/// The router with the given account settings (tests switch them).
pub fn build_with(config: &Config, store: Store, addr: SocketAddr, auth: AuthConfig) -> Router {
    let output = option_env!("LEPTOS_OUTPUT_NAME").unwrap_or("jornada");
    // The site embedded in the binary, unless a directory is asked for (or none was
    // embedded: a build before the first `cargo leptos build`).
    let embedded = if config.site_root.is_none() { crate::site::embedded_assets(output) } else { None };
    let site_root = config.site_root();
    let assets = match &embedded {
        Some(assets) => assets.clone(),
        None => Hashes::beside_binary().filter(|_| site_root.join("pkg").is_dir()).unwrap_or_default().assets(output),
    };
    // The page names its files from `assets`; Leptos' own hash.txt lookup stays off.
    let options = LeptosOptions::builder()
        .output_name(output)
        .site_root(site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .hash_files(false)
        .build();
    match &embedded {
        Some(_) => tracing::info!(css = %assets.css, "serving the site embedded in the binary"),
        None => {
            tracing::info!(site_root = %site_root.display(), css = %assets.css, "serving the site from a directory")
        }
    }
    let hub = app::server::hub::Hub::start(store.clone());
    let state = AppState {
        leptos_options: options.clone(),
        store,
        hub,
        auth: Auth::new(auth),
        renders: app::server::renders::Renders::shared(),
    };
    {
        let (auth, store) = (state.auth.clone(), state.store.clone());
        tokio::spawn(async move { auth.announce_setup(&store).await });
    }
    let routes = generate_route_list(app::App);
    let context = {
        let assets = assets.clone();
        move || {
            provide_context(assets.clone());
            app::server::security::provide_request_nonce();
        }
    };
    let router = Router::new()
        .route("/healthz", get(healthz))
        .route(app::protocol::WS_MAP_ROUTE, get(app::server::ws::handler))
        .route(app::protocol::PHOTO_ROUTE, get(app::server::photos::serve).post(app::server::photos::upload))
        .route(app::protocol::IMPORT_PATH, axum::routing::post(app::server::formats::import_handler))
        .route(app::protocol::EXPORT_ROUTE, get(app::server::formats::export_handler))
        .route(app::protocol::SUMMARY_ROUTE, get(app::server::workshop::summary_handler))
        .nest(app::protocol::REST_ROOT, app::server::rest::routes(state.clone()))
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = options.clone();
            move || app::shell(options.clone())
        });
    let router = match embedded {
        Some(_) => {
            // A file of the embedded site, else the app's page (its 404 included).
            let page = {
                let (state, context, options) = (state.clone(), context.clone(), options.clone());
                leptos_axum::render_app_to_stream_in_order_with_context(
                    move || {
                        provide_context(state.clone());
                        context();
                    },
                    move || app::shell(options.clone()),
                )
            };
            router.fallback(move |req: axum::extract::Request| async move {
                match crate::site::answer(&req) {
                    Some(file) => file,
                    None => page(req).await,
                }
            })
        }
        None => router.fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, app::shell)),
    };
    let router = if config.metrics { router.route("/metrics", get(app::server::metrics::handler)) } else { router };
    // Feedback exports are larger than any other upload: their route has its own limit,
    // the rest keep `--max-body`.
    let feedback_file = Router::new()
        .route(app::protocol::FEEDBACK_FILE_ROUTE, axum::routing::post(app::server::feedback::file_handler))
        .layer(RequestBodyLimitLayer::new(app::domain::feedback::MAX_FILE.max(config.max_body)))
        // axum's own 2 MB default for a body read whole gives way to the limit above.
        .layer(axum::extract::DefaultBodyLimit::disable());
    router
        .layer(RequestBodyLimitLayer::new(config.max_body))
        .merge(feedback_file)
        .layer(axum::middleware::from_fn_with_state(state.clone(), app::server::auth::middleware))
        .layer(axum::middleware::from_fn(cache_headers))
        .layer(axum::middleware::from_fn(app::server::security::headers))
        // Fastest: what is compressed on the fly is pages and answers (small) and, in a
        // build without precompressed copies, the site's files — at the default quality
        // the 63 MB debug wasm took 4 s a page load; a release build sends its brotli copies.
        .layer(CompressionLayer::new().quality(tower_http::CompressionLevel::Fastest))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_secs(config.request_timeout)))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// The listener of `--metrics-bind`: `GET /metrics` and nothing else.
pub fn metrics_only() -> Router {
    Router::new().route("/metrics", get(app::server::metrics::handler))
}

/// `GET /healthz`: 200 with the database status, or 503 when the database does not answer.
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let check = tokio::time::timeout(Duration::from_secs(3), state.store.health()).await;
    match check {
        Ok(Ok(())) => (StatusCode::OK, Json(serde_json::json!({"status": "ok", "database": "ok"}))),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "health check: database error");
            (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({"status": "error", "database": "unavailable"})))
        }
        Err(_) => {
            (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({"status": "error", "database": "timeout"})))
        }
    }
}
