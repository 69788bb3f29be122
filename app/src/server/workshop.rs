//! Facilitation on a map: the workshop timer (rules in `domain::workshop`). A change is
//! stored; the store's live feed brings it to every process's room.

use super::store::Store;
use crate::domain::workshop::{Timer, TimerAction};
use crate::domain::MapId;
use crate::error::AppError;

/// Applies `action` to map `id`'s timer at the server's time and keeps the result.
pub async fn timer(store: &Store, id: &MapId, action: TimerAction) -> Result<Timer, AppError> {
    let current = store.timer(id).await?;
    let next = Timer::after(current.as_ref(), action, chrono::Utc::now())
        .map_err(|_| AppError::Invalid { field: "minutes".into() })?;
    store.put_timer(id, &next).await?;
    Ok(next)
}
