//! Server functions for the workspace's list of client segments.

use crate::domain::segment::Segment;
use crate::error::AppError;
use leptos::prelude::*;

/// The workspace's segments, by name.
#[server(endpoint = "segments/list")]
pub async fn list_segments() -> Result<Vec<Segment>, AppError> {
    crate::server::respond(
        async move {
            let who = crate::server::auth::require(crate::domain::Capability::View)?;
            Ok(crate::server::state()?.store.list_segments(&who.workspace).await?)
        }
        .await,
    )
}

/// Creates (empty id) or renames a segment; answers it as saved.
#[server(endpoint = "segments/save", input = server_fn::codec::Json)]
pub async fn save_segment(segment: Segment) -> Result<Segment, AppError> {
    crate::server::respond(
        async move {
            let who = crate::server::auth::require(crate::domain::Capability::Edit)?;
            crate::server::segments::save(&crate::server::state()?.store, &who.workspace, segment).await
        }
        .await,
    )
}

#[server(endpoint = "segments/delete")]
pub async fn delete_segment(id: String) -> Result<(), AppError> {
    crate::server::respond(
        async move {
            let who = crate::server::auth::require(crate::domain::Capability::Edit)?;
            crate::server::segments::delete(&crate::server::state()?.store, &who.workspace, &id).await
        }
        .await,
    )
}
