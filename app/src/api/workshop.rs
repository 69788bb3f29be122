//! Server functions of facilitation: the workshop timer, for owners and editors (the
//! facilitators); everyone on the map sees it through the websocket.

use crate::domain::workshop::Timer;
#[cfg(feature = "ssr")]
use crate::domain::workshop::TimerAction;
#[cfg(feature = "ssr")]
use crate::domain::Capability;
use crate::domain::MapId;
use crate::error::AppError;
use leptos::prelude::*;

/// Starts, pauses, lengthens or resets the map's timer; answers it as it is now.
/// `action`: "start", "pause", "add_minute" or "reset"; `minutes` for start and reset.
#[server(endpoint = "maps/timer")]
pub async fn set_timer(id: MapId, action: String, minutes: Option<u32>) -> Result<Timer, AppError> {
    crate::server::respond(
        async move {
            let action = TimerAction::parse(&action, minutes).ok_or(AppError::Invalid { field: "action".into() })?;
            let state = crate::server::state()?;
            let who = crate::server::auth::signed_in()?;
            crate::server::auth::map_role(&state.store, &who, &id, Capability::Edit).await?;
            crate::server::workshop::timer(&state.store, &id, action).await
        }
        .await,
    )
}
