//! Server functions of a map's history and versions: a page of history, the map as it
//! was at a revision or in a version, save a version, restore. Members only (a share link
//! sees the map as it is, not its past); reading needs view, saving and restoring edit.

use crate::domain::history::{HistoryPage, Version};
#[cfg(feature = "ssr")]
use crate::domain::Capability;
use crate::domain::{Map, MapId, Op};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What a restore goes back to: a version, or the map at a revision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RestoreTo {
    pub version: Option<String>,
    pub rev: Option<u64>,
}

/// The outcome of a restore: the safety version saved first and how many ops it took.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Restored {
    pub safety: Version,
    pub ops: u32,
}

/// A person's undo and redo steps on a map (next step last).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Steps {
    pub undo: Vec<Op>,
    pub redo: Vec<Op>,
}

#[cfg(feature = "ssr")]
async fn member(
    id: &MapId,
    action: Capability,
) -> Result<(crate::server::AppState, crate::server::auth::Identity, crate::server::auth::MapAccess), AppError> {
    let state = crate::server::state()?;
    let who = crate::server::auth::signed_in()?;
    let access = crate::server::auth::map_role(&state.store, &who, id, action).await?;
    Ok((state, who, access))
}

#[server(endpoint = "maps/history")]
pub async fn map_history(id: MapId, before: Option<u64>) -> Result<HistoryPage, AppError> {
    crate::server::respond(
        async move {
            let (state, ..) = member(&id, Capability::View).await?;
            crate::server::history::page(&state.store, &id, before).await
        }
        .await,
    )
}

/// The map as it was at revision `rev`.
#[server(endpoint = "maps/at")]
pub async fn map_at(id: MapId, rev: u64) -> Result<Map, AppError> {
    crate::server::respond(
        async move {
            let (state, ..) = member(&id, Capability::View).await?;
            crate::server::history::at(&state.store, &id, rev).await
        }
        .await,
    )
}

#[server(endpoint = "maps/versions")]
pub async fn map_versions(id: MapId) -> Result<Vec<Version>, AppError> {
    crate::server::respond(
        async move {
            let (state, ..) = member(&id, Capability::View).await?;
            Ok(state.store.versions(&id).await?)
        }
        .await,
    )
}

/// The map as it was in version `version`.
#[server(endpoint = "maps/version")]
pub async fn open_version(id: MapId, version: String) -> Result<Map, AppError> {
    crate::server::respond(
        async move {
            let (state, ..) = member(&id, Capability::View).await?;
            Ok(crate::server::history::version(&state.store, &id, &version).await?.1)
        }
        .await,
    )
}

#[server(endpoint = "maps/save-version")]
pub async fn save_version(id: MapId, name: String) -> Result<Version, AppError> {
    crate::server::respond(
        async move {
            let (state, who, _) = member(&id, Capability::Edit).await?;
            crate::server::history::save(&state.store, &id, &name, &who.name, false).await
        }
        .await,
    )
}

/// Makes the map what it was: saves a safety version, then writes the ops (live for
/// everyone). `name` is what the moment is called in the safety version's name.
#[server(endpoint = "maps/restore-to")]
pub async fn restore_map_to(id: MapId, to: RestoreTo, name: String) -> Result<Restored, AppError> {
    crate::server::respond(
        async move {
            use crate::server::history::Target;
            let (state, who, access) = member(&id, Capability::Edit).await?;
            let target = match (to.version, to.rev) {
                (Some(v), _) => Target::Version(v),
                (None, Some(rev)) => Target::Rev(rev),
                (None, None) => return Err(AppError::Invalid { field: "to".into() }),
            };
            let moment: String = name.chars().filter(|c| !c.is_control()).take(80).collect();
            let safety_name = who.locale.messages().hi.before_restore.replace("{name}", moment.trim());
            let (safety, ops) =
                crate::server::history::restore(&state.store, &access.workspace, &id, &who.name, target, &safety_name)
                    .await?;
            Ok(Restored { safety, ops })
        }
        .await,
    )
}

/// Takes back one past change (revisions `from..=to`, one entry of the history) of anyone,
/// keeping what came after; refused with a reason when later changes build on it.
#[server(endpoint = "maps/revert")]
pub async fn revert_change(id: MapId, from: u64, to: u64) -> Result<u32, AppError> {
    crate::server::respond(
        async move {
            let (state, who, access) = member(&id, Capability::Edit).await?;
            crate::server::history::revert(&state.store, &access.workspace, &id, &who.name, from, to).await
        }
        .await,
    )
}

/// The signed-in person's undo and redo steps on the map as they stood at revision `upto`
/// (where their board opened): an earlier visit's steps, rebuilt from their ops in the log.
#[server(endpoint = "maps/steps")]
pub async fn my_steps(id: MapId, upto: u64) -> Result<Steps, AppError> {
    crate::server::respond(
        async move {
            let (state, who, _) = member(&id, Capability::Edit).await?;
            let (undo, redo) = crate::server::history::steps(&state.store, &id, &who.user, upto).await?;
            Ok(Steps { undo, redo })
        }
        .await,
    )
}
