//! Server functions of a map's customer feedback: the summary (anyone who may view the
//! map, share links included), a stage's answers and the imports (members only: a client's
//! words never reach a share link), undoing an import and forgetting a client (editors),
//! the workspace's retention (owners). Files are read by the routes in `server::feedback_routes`.

use crate::domain::feedback::{AnswerFilter, AnswerPage, FeedbackBatch, FeedbackSummary};
use crate::domain::{MapId, StageId};
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "feedback/summary")]
pub async fn map_feedback_summary(map: MapId, share: Option<String>) -> Result<FeedbackSummary, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            let who = crate::server::auth::identity();
            crate::server::auth::access(
                &state.store,
                who.as_ref(),
                share.as_deref(),
                &map,
                crate::domain::Capability::View,
            )
            .await?;
            let mut summary = crate::server::feedback::summary(&state.store, &map).await?;
            if share.is_some() {
                // A share link sees how clients feel, not the words they used.
                summary.stages.iter_mut().for_each(|s| s.terms.clear());
            }
            Ok(summary)
        }
        .await,
    )
}

#[server(endpoint = "feedback/answers")]
pub async fn stage_answers(map: MapId, stage: StageId, filter: AnswerFilter) -> Result<AnswerPage, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            let who = crate::server::auth::signed_in()?;
            crate::server::auth::map_role(&state.store, &who, &map, crate::domain::Capability::View).await?;
            if !stage.is_valid() {
                return Err(AppError::NotFound);
            }
            Ok(state.store.stage_answers(&map, &stage, &filter.cleaned()).await?)
        }
        .await,
    )
}

#[server(endpoint = "feedback/batches")]
pub async fn list_batches(map: MapId) -> Result<Vec<FeedbackBatch>, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            let who = crate::server::auth::signed_in()?;
            crate::server::auth::map_role(&state.store, &who, &map, crate::domain::Capability::View).await?;
            Ok(state.store.feedback_batches(&map).await?)
        }
        .await,
    )
}

/// Undoes an import: its answers are deleted; how many.
#[server(endpoint = "feedback/delete-batch")]
pub async fn delete_batch(map: MapId, batch: String) -> Result<u32, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            let who = crate::server::auth::signed_in()?;
            crate::server::auth::map_role(&state.store, &who, &map, crate::domain::Capability::Edit).await?;
            crate::server::feedback::delete_batch(&state.store, &map, &batch).await
        }
        .await,
    )
}

/// Forgets a client in the map's workspace (every map of it); how many answers went.
#[server(endpoint = "feedback/forget")]
pub async fn forget_client(map: MapId, client: String) -> Result<u32, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            let who = crate::server::auth::signed_in()?;
            let access =
                crate::server::auth::map_role(&state.store, &who, &map, crate::domain::Capability::Edit).await?;
            crate::server::feedback::forget_client(&state.store, &access.workspace, &client).await
        }
        .await,
    )
}

/// How many months the current workspace keeps answers (`None`: for good).
#[server(endpoint = "feedback/retention")]
pub async fn set_feedback_retention(months: Option<u32>) -> Result<(), AppError> {
    crate::server::respond(
        async move {
            let who = crate::server::auth::require(crate::domain::Capability::Manage)?;
            if months.is_some_and(|m| !(1..=120).contains(&m)) {
                return Err(AppError::Invalid { field: "months".into() });
            }
            Ok(crate::server::state()?.store.set_feedback_retention(&who.workspace, months).await?)
        }
        .await,
    )
}

/// How many months the current workspace keeps answers (`None`: for good).
#[server(endpoint = "feedback/get-retention")]
pub async fn feedback_retention() -> Result<Option<u32>, AppError> {
    crate::server::respond(
        async move {
            let who = crate::server::auth::require(crate::domain::Capability::View)?;
            Ok(crate::server::state()?.store.feedback_setting(&who.workspace).await?.retention_months)
        }
        .await,
    )
}
