//! Server functions of a map's reviews: read the cadence and log, set the cadence, mark
//! the map reviewed. Reading needs the map's view right; changing needs edit.

use crate::domain::review::Reviews;
use crate::domain::MapId;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "maps/reviews")]
pub async fn map_reviews(id: MapId) -> Result<Reviews, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            let who = crate::server::auth::signed_in()?;
            crate::server::auth::map_role(&state.store, &who, &id, crate::domain::Capability::View).await?;
            Ok(state.store.reviews(&id).await?)
        }
        .await,
    )
}

#[server(endpoint = "maps/review-cadence")]
pub async fn set_review_cadence(id: MapId, weeks: Option<u8>) -> Result<Reviews, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            let who = crate::server::auth::signed_in()?;
            crate::server::auth::map_role(&state.store, &who, &id, crate::domain::Capability::Edit).await?;
            crate::server::reviews::set_cadence(&state.store, &id, weeks).await
        }
        .await,
    )
}

#[server(endpoint = "maps/mark-reviewed")]
pub async fn mark_reviewed(id: MapId, note: String) -> Result<Reviews, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            let who = crate::server::auth::signed_in()?;
            crate::server::auth::map_role(&state.store, &who, &id, crate::domain::Capability::Edit).await?;
            crate::server::reviews::mark_reviewed(&state.store, &id, &who, &note).await
        }
        .await,
    )
}
