//! Server-only code: shared state, the store (the only code that talks to SurrealDB) and
//! the plain async functions behind the server functions.

pub mod channels;
pub mod formats;
pub mod hub;
pub mod maps;
pub mod personas;
pub mod photos;
pub mod rest;
pub mod store;
pub mod ws;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;

/// What every request handler and server function can reach.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: store::Store,
    pub hub: hub::Hub,
}

/// The state inside a server function (provided by the router as context).
pub fn state() -> Result<AppState, crate::error::AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        crate::error::AppError::Internal
    })
}
