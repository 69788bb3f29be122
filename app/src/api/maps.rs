//! Server functions for maps: list, create, rename, delete, load, apply an op.

use crate::domain::template::Template;
use crate::domain::{Map, MapId, MapSummary, Op};
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "maps/list")]
pub async fn list_maps() -> Result<Vec<MapSummary>, AppError> {
    crate::server::respond(async move { Ok(crate::server::state()?.store.list_maps().await?) }.await)
}

#[server(endpoint = "maps/create")]
pub async fn create_map(title: String, template: Template) -> Result<MapId, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            let locale = use_context::<http::request::Parts>()
                .map(|p| crate::i18n::request_locale(&p.headers))
                .unwrap_or_default();
            crate::server::maps::create(&state.store, &title, template, locale).await
        }
        .await,
    )
}

#[server(endpoint = "maps/delete")]
pub async fn delete_map(id: MapId) -> Result<(), AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            if !id.is_valid() || !state.store.delete_map(&id).await? {
                return Err(AppError::NotFound);
            }
            Ok(())
        }
        .await,
    )
}

/// What the board needs: the map and the persona library (to name and colour the linked
/// personas and offer the others).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BoardData {
    pub map: Map,
    pub personas: Vec<crate::domain::Persona>,
    /// The custom channels of the library (touchpoints may name them).
    pub channels: Vec<crate::domain::channel::Channel>,
}

#[server(endpoint = "maps/board")]
pub async fn load_board(id: MapId) -> Result<BoardData, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            if !id.is_valid() {
                return Err(AppError::NotFound);
            }
            let map = state.store.current_map(&id).await?.ok_or(AppError::NotFound)?;
            let personas = state.store.list_personas().await?;
            let channels = state.store.list_channels().await?;
            Ok(BoardData { map, personas, channels })
        }
        .await,
    )
}

#[server(endpoint = "maps/load")]
pub async fn load_map(id: MapId) -> Result<Map, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            if !id.is_valid() {
                return Err(AppError::NotFound);
            }
            state.store.current_map(&id).await?.ok_or(AppError::NotFound)
        }
        .await,
    )
}

/// Applies one op; answers the map's new revision or why the op was refused.
#[server(endpoint = "maps/apply", input = server_fn::codec::Json)]
pub async fn apply_op(map: MapId, client_op: String, op: Op) -> Result<u64, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            crate::server::maps::apply(&state.store, &map, "anonymous", &client_op, op).await
        }
        .await,
    )
}
