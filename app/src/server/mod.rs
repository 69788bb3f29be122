//! Server-only code: shared state, the store (the only code that talks to SurrealDB) and
//! the plain async functions behind the server functions.

pub mod accounts;
pub mod auth;
pub mod channels;
pub mod comments;
pub mod feedback;
pub mod feedback_push;
#[cfg(test)]
mod feedback_tests;
pub mod formats;
pub mod history;
pub mod hub;
pub mod maps;
pub mod metrics;
pub mod ops;
pub mod personas;
pub mod photos;
pub mod renders;
pub mod reset;
pub mod rest;
pub mod reuse;
pub mod reviews;
pub mod security;
pub mod segments;
pub mod store;
pub mod terms;
pub mod tokens;
pub mod transfer;
pub mod voting;
pub mod workshop;
pub mod ws;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;

/// What every request handler and server function can reach.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: store::Store,
    pub hub: hub::Hub,
    pub auth: std::sync::Arc<auth::Auth>,
    pub renders: std::sync::Arc<renders::Renders>,
}

/// The state inside a server function (provided by the router as context).
pub fn state() -> Result<AppState, crate::error::AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        crate::error::AppError::Internal
    })
}

/// Gives a failing server function's HTTP response the error's status (422 for a refused
/// edit, 404, 503 …) instead of the default 500, so logs and proxies tell a refusal from
/// a fault. Every `#[server]` function's body goes through here.
pub fn respond<T>(result: Result<T, crate::error::AppError>) -> Result<T, crate::error::AppError> {
    if let Err(e) = &result {
        if let Some(options) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            options.set_status(e.status_code());
        }
    }
    result
}
