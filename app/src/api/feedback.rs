//! TEMPORARY stub for compile checks (replaced by the fbstore branch).
use crate::domain::feedback::{FeedbackBatch, FeedbackSummary};
use crate::domain::MapId;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "feedback/summary")]
pub async fn map_feedback_summary(map: MapId, share: Option<String>) -> Result<FeedbackSummary, AppError> {
    let _ = (map, share);
    Err(AppError::Internal)
}
#[server(endpoint = "feedback/batches")]
pub async fn list_batches(map: MapId) -> Result<Vec<FeedbackBatch>, AppError> {
    let _ = map;
    Err(AppError::Internal)
}
#[server(endpoint = "feedback/delete-batch")]
pub async fn delete_batch(map: MapId, batch: String) -> Result<u32, AppError> {
    let _ = (map, batch);
    Err(AppError::Internal)
}
#[server(endpoint = "feedback/forget")]
pub async fn forget_client(map: MapId, client: String) -> Result<u32, AppError> {
    let _ = (map, client);
    Err(AppError::Internal)
}
#[server(endpoint = "feedback/answers")]
pub async fn stage_answers(
    map: MapId,
    stage: crate::domain::StageId,
    filter: crate::domain::feedback::AnswerFilter,
) -> Result<crate::domain::feedback::AnswerPage, AppError> {
    let _ = (map, stage, filter);
    Err(AppError::Internal)
}
