//! Server functions of facilitation. Owners and editors facilitate: the timer, the
//! workshop (start, join dialog, lock, remove a guest, end) and the dot vote (start,
//! reveal). A guest joins by the join link with a name; members and guests vote. Everyone
//! on the map sees the outcome through the websocket.

use crate::domain::facilitation::{AgendaStep, JoinInfo, MyVotes, WorkshopState};
use crate::domain::workshop::Timer;
#[cfg(feature = "ssr")]
use crate::domain::workshop::TimerAction;
#[cfg(feature = "ssr")]
use crate::domain::Capability;
use crate::domain::{CardId, LaneId, MapId};
use crate::error::AppError;
use leptos::prelude::*;

/// The store and the facilitator's name, once their role on map `id` allows editing.
#[cfg(feature = "ssr")]
async fn facilitator(id: &MapId) -> Result<(crate::server::AppState, crate::server::auth::Identity, String), AppError> {
    let state = crate::server::state()?;
    let who = crate::server::auth::signed_in()?;
    let access = crate::server::auth::map_role(&state.store, &who, id, Capability::Edit).await?;
    Ok((state, who, access.workspace))
}

/// Starts, pauses, lengthens or resets the map's timer; answers it as it is now.
/// `action`: "start", "pause", "add_minute" or "reset"; `minutes` for start and reset.
#[server(endpoint = "maps/timer")]
pub async fn set_timer(id: MapId, action: String, minutes: Option<u32>) -> Result<Timer, AppError> {
    crate::server::respond(
        async move {
            let action = TimerAction::parse(&action, minutes).ok_or(AppError::Invalid { field: "action".into() })?;
            let (state, ..) = facilitator(&id).await?;
            crate::server::workshop::timer(&state.store, &id, action).await
        }
        .await,
    )
}

/// Starts a workshop on the map (or answers the one running).
#[server(endpoint = "maps/workshop/start")]
pub async fn start_workshop(id: MapId) -> Result<WorkshopState, AppError> {
    crate::server::respond(
        async move {
            let (state, who, _) = facilitator(&id).await?;
            crate::server::workshop::start(&state.store, &id, &who.name).await
        }
        .await,
    )
}

/// The join dialog: link, QR code (for `origin`, the address the facilitator's browser
/// uses), the server's other addresses and the guests.
#[server(endpoint = "maps/workshop/join")]
pub async fn workshop_join(id: MapId, origin: String) -> Result<JoinInfo, AppError> {
    crate::server::respond(
        async move {
            let ok = origin.len() <= 200
                && (origin.starts_with("http://") || origin.starts_with("https://"))
                && !origin.chars().any(|c| c.is_whitespace() || c.is_control() || "<>\"'".contains(c));
            if !ok {
                return Err(AppError::Invalid { field: "origin".into() });
            }
            let (state, ..) = facilitator(&id).await?;
            let bound = state.leptos_options.site_addr;
            crate::server::workshop::join_info(&state.store, &id, &origin, bound).await
        }
        .await,
    )
}

/// A new join link: the old link and QR code stop admitting guests.
#[server(endpoint = "maps/workshop/renew")]
pub async fn renew_join_link(id: MapId) -> Result<(), AppError> {
    crate::server::respond(
        async move {
            let (state, ..) = facilitator(&id).await?;
            crate::server::workshop::renew_join(&state.store, &id).await
        }
        .await,
    )
}

/// Locks the board for participants (`locked`) or opens it again.
#[server(endpoint = "maps/workshop/lock")]
pub async fn lock_workshop(id: MapId, locked: bool) -> Result<WorkshopState, AppError> {
    crate::server::respond(
        async move {
            let (state, ..) = facilitator(&id).await?;
            crate::server::workshop::set_locked(&state.store, &id, locked).await
        }
        .await,
    )
}

/// Takes a guest out of the workshop: their key stops working at once.
#[server(endpoint = "maps/workshop/remove")]
pub async fn remove_guest(id: MapId, guest: String) -> Result<(), AppError> {
    crate::server::respond(
        async move {
            let (state, ..) = facilitator(&id).await?;
            crate::server::workshop::remove_guest(&state.store, &id, &guest).await
        }
        .await,
    )
}

/// Ends the workshop: every guest key stops working at once; the cards stay.
#[server(endpoint = "maps/workshop/end")]
pub async fn end_workshop(id: MapId) -> Result<(), AppError> {
    crate::server::respond(
        async move {
            let (state, ..) = facilitator(&id).await?;
            crate::server::workshop::end(&state.store, &id).await
        }
        .await,
    )
}

/// The title of the map a join link opens (the guest page), or 404 once it ended.
#[server(endpoint = "workshop/title")]
pub async fn join_title(join: String) -> Result<String, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            crate::server::workshop::join_title(&state.store, &join).await
        }
        .await,
    )
}

/// A guest joins with a name; answers their key (their board is `/s/<key>`).
#[server(endpoint = "workshop/enter")]
pub async fn join_workshop(join: String, name: String) -> Result<String, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            crate::server::workshop::join(&state.store, &join, &name).await
        }
        .await,
    )
}

/// Opens a new dot vote on `lanes`, with `per_person` votes each (3 unless said) and
/// whether one person may put several on a card.
#[server(endpoint = "maps/vote/start", input = server_fn::codec::Json)]
pub async fn start_vote(
    id: MapId,
    lanes: Vec<LaneId>,
    per_person: Option<u32>,
    several: bool,
) -> Result<WorkshopState, AppError> {
    crate::server::respond(
        async move {
            if lanes.len() > crate::domain::model::MAX_LANES {
                return Err(AppError::Invalid { field: "lanes".into() });
            }
            let (state, ..) = facilitator(&id).await?;
            crate::server::voting::start_vote(&state.store, &id, &lanes, per_person, several).await
        }
        .await,
    )
}

/// Reveals the vote: totals for everyone, and each card's count saved on it.
#[server(endpoint = "maps/vote/reveal")]
pub async fn reveal_votes(id: MapId) -> Result<WorkshopState, AppError> {
    crate::server::respond(
        async move {
            let (state, who, workspace) = facilitator(&id).await?;
            crate::server::voting::reveal(&state.store, &workspace, &id, &who.name).await
        }
        .await,
    )
}

/// Who votes on map `id`: a member (who may comment there) or a workshop guest; a share
/// link's holder has no lasting self to count votes for.
#[cfg(feature = "ssr")]
async fn voter(id: &MapId, share: Option<&str>) -> Result<(crate::server::AppState, String), AppError> {
    let state = crate::server::state()?;
    let who = crate::server::auth::identity();
    let access = crate::server::auth::access(&state.store, who.as_ref(), share, id, Capability::Comment).await?;
    let voter = match (&access.guest, who) {
        (Some(guest), _) => format!("guest:{}", guest.id),
        (None, Some(who)) if !access.by_share => format!("user:{}", who.user),
        _ => return Err(AppError::Forbidden),
    };
    Ok((state, voter))
}

/// One vote more (`add`) or one fewer on `card`; answers the person's votes.
#[server(endpoint = "maps/vote/cast")]
pub async fn cast_vote(id: MapId, card: CardId, add: bool, share: Option<String>) -> Result<MyVotes, AppError> {
    crate::server::respond(
        async move {
            let (state, voter) = voter(&id, share.as_deref()).await?;
            crate::server::voting::cast(&state.store, &id, &voter, &card, add).await
        }
        .await,
    )
}

/// The person's votes in the open vote (after a reload).
#[server(endpoint = "maps/vote/mine")]
pub async fn load_my_votes(id: MapId, share: Option<String>) -> Result<MyVotes, AppError> {
    crate::server::respond(
        async move {
            let (state, voter) = voter(&id, share.as_deref()).await?;
            crate::server::voting::my_votes(&state.store, &id, &voter).await
        }
        .await,
    )
}

/// Replaces the workshop's agenda.
#[server(endpoint = "maps/workshop/agenda", input = server_fn::codec::Json)]
pub async fn set_agenda(id: MapId, steps: Vec<AgendaStep>) -> Result<WorkshopState, AppError> {
    crate::server::respond(
        async move {
            if steps.len() > 2 * crate::domain::facilitation::MAX_AGENDA {
                return Err(AppError::Workshop(crate::domain::facilitation::WorkshopError::Agenda {
                    max: crate::domain::facilitation::MAX_AGENDA as u32,
                    len: crate::domain::facilitation::MAX_STEP_TITLE as u32,
                }));
            }
            let (state, ..) = facilitator(&id).await?;
            crate::server::workshop::set_agenda(&state.store, &id, steps).await
        }
        .await,
    )
}

/// Moves the room to agenda step `step` (its minutes start the timer).
#[server(endpoint = "maps/workshop/step")]
pub async fn go_to_step(id: MapId, step: Option<usize>) -> Result<WorkshopState, AppError> {
    crate::server::respond(
        async move {
            let (state, ..) = facilitator(&id).await?;
            crate::server::workshop::go_to_step(&state.store, &id, step).await
        }
        .await,
    )
}

/// "Follow me": the facilitator's connection `conn` leads (`None`: nobody).
#[server(endpoint = "maps/workshop/lead")]
pub async fn lead_workshop(id: MapId, conn: Option<String>) -> Result<WorkshopState, AppError> {
    crate::server::respond(
        async move {
            let conn = conn.filter(|c| !c.is_empty() && c.len() <= 64 && c.bytes().all(|b| b.is_ascii_alphanumeric()));
            let (state, who, _) = facilitator(&id).await?;
            let lead = conn.map(|conn| crate::domain::facilitation::Lead { conn, name: who.name.clone() });
            crate::server::workshop::lead(&state.store, &id, lead).await
        }
        .await,
    )
}

/// The summary of the map's workshop (running or ended), for members.
#[server(endpoint = "maps/workshop/summary")]
pub async fn workshop_summary(id: MapId) -> Result<crate::domain::summary::WorkshopSummary, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            let who = crate::server::auth::signed_in()?;
            crate::server::auth::map_role(&state.store, &who, &id, Capability::View).await?;
            Ok(crate::server::workshop::summary(&state.store, &id).await?.1)
        }
        .await,
    )
}
