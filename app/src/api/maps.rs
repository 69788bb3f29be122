//! Server functions for maps: list, create, duplicate, delete, load, apply an op; the
//! workspace's saved templates (save a map as one, list, make a map from one, delete).

use crate::domain::template::{SavedTemplate, Template};
use crate::domain::{BoardData, Map, MapId, MapSummary, Op};
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "maps/list")]
pub async fn list_maps() -> Result<Vec<MapSummary>, AppError> {
    crate::server::respond(
        async move {
            let who = crate::server::auth::require(crate::domain::Capability::View)?;
            let store = &crate::server::state()?.store;
            let mut maps = store.list_maps(&who.workspace).await?;
            crate::server::reviews::flag(store, &who.workspace, &mut maps, chrono::Utc::now().date_naive()).await?;
            Ok(maps)
        }
        .await,
    )
}

/// The maps of the workspace whose title or content (stages, lanes, cards, tags) has
/// every word of `query`, case and accents ignored. A query longer than
/// [`crate::domain::shelf::MAX_QUERY`] characters is cut.
#[server(endpoint = "maps/find")]
pub async fn find_maps(query: String) -> Result<Vec<MapId>, AppError> {
    crate::server::respond(
        async move {
            let who = crate::server::auth::require(crate::domain::Capability::View)?;
            let store = &crate::server::state()?.store;
            let query: String = query.chars().take(crate::domain::shelf::MAX_QUERY).collect();
            if query.trim().is_empty() {
                return Ok(Vec::new());
            }
            let texts = store.map_texts(&who.workspace).await?;
            Ok(texts
                .into_iter()
                .filter(|(_, text)| crate::domain::shelf::has_words(&query, text))
                .map(|(id, _)| id)
                .collect())
        }
        .await,
    )
}

#[server(endpoint = "maps/create")]
pub async fn create_map(title: String, template: Template) -> Result<MapId, AppError> {
    crate::server::respond(
        async move {
            let who = crate::server::auth::require(crate::domain::Capability::Edit)?;
            let state = crate::server::state()?;
            let locale = crate::i18n::server_locale();
            crate::server::maps::create(&state.store, &who.workspace, &title, template, locale).await
        }
        .await,
    )
}

/// Moves a map to another workspace the person edits maps in too (see
/// `server::transfer`); open boards of people who may not follow it there close.
#[server(endpoint = "maps/move")]
pub async fn move_map(id: MapId, workspace: String) -> Result<(), AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            let who = crate::server::auth::signed_in()?;
            let access =
                crate::server::auth::map_role(&state.store, &who, &id, crate::domain::Capability::Edit).await?;
            let role = state.store.role_in(&who.user, &workspace).await?;
            if !role.is_some_and(|r| r.allows(crate::domain::Capability::Edit)) {
                return Err(AppError::Forbidden);
            }
            crate::server::transfer::move_map(&state.store, &id, &access.workspace, &workspace, &who.name).await?;
            state.hub.access_changed();
            Ok(())
        }
        .await,
    )
}

/// A copy of a map in its workspace ("Copy of …"); the copy's id.
#[server(endpoint = "maps/duplicate")]
pub async fn duplicate_map(id: MapId) -> Result<MapId, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            let who = crate::server::auth::signed_in()?;
            let access =
                crate::server::auth::map_role(&state.store, &who, &id, crate::domain::Capability::Edit).await?;
            let locale = crate::i18n::server_locale();
            crate::server::reuse::duplicate(&state.store, &access.workspace, &id, locale).await
        }
        .await,
    )
}

/// Saves a map as a template of its workspace, named `name` (the map's title when blank).
#[server(endpoint = "maps/save-template")]
pub async fn save_as_template(id: MapId, name: String) -> Result<SavedTemplate, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            let who = crate::server::auth::signed_in()?;
            let access =
                crate::server::auth::map_role(&state.store, &who, &id, crate::domain::Capability::Edit).await?;
            crate::server::reuse::save_template(&state.store, &access.workspace, &id, &name, &who.user).await
        }
        .await,
    )
}

/// The templates the current workspace saved.
#[server(endpoint = "templates/list")]
pub async fn list_templates() -> Result<Vec<SavedTemplate>, AppError> {
    crate::server::respond(
        async move {
            let who = crate::server::auth::require(crate::domain::Capability::View)?;
            Ok(crate::server::state()?.store.list_templates(&who.workspace).await?)
        }
        .await,
    )
}

/// A new map of the current workspace from one of its saved templates.
#[server(endpoint = "templates/create")]
pub async fn create_from_template(title: String, template: String) -> Result<MapId, AppError> {
    crate::server::respond(
        async move {
            let who = crate::server::auth::require(crate::domain::Capability::Edit)?;
            let state = crate::server::state()?;
            crate::server::reuse::create_from_saved(&state.store, &who.workspace, &template, &title).await
        }
        .await,
    )
}

#[server(endpoint = "templates/delete")]
pub async fn delete_template(template: String) -> Result<(), AppError> {
    crate::server::respond(
        async move {
            let who = crate::server::auth::require(crate::domain::Capability::Edit)?;
            let state = crate::server::state()?;
            crate::server::reuse::delete_template(&state.store, &who.workspace, &template).await
        }
        .await,
    )
}

/// Moves a map to the workspace's Trash (kept [`TRASH_DAYS`](crate::domain::model::TRASH_DAYS)
/// days): gone from the dashboard and from every route, open boards included.
#[server(endpoint = "maps/delete")]
pub async fn delete_map(id: MapId) -> Result<(), AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            let who = crate::server::auth::signed_in()?;
            crate::server::auth::map_role(&state.store, &who, &id, crate::domain::Capability::Edit).await?;
            if !state.store.trash_map(&id, &who.name).await? {
                return Err(AppError::NotFound);
            }
            // Open boards of this process close now; others' at their next access check.
            state.hub.access_changed();
            Ok(())
        }
        .await,
    )
}

/// The Trash of the person's current workspace.
#[server(endpoint = "maps/trash")]
pub async fn list_trash() -> Result<Vec<crate::domain::model::TrashedMap>, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            let who = crate::server::auth::require(crate::domain::Capability::View)?;
            Ok(state.store.trashed_maps(&who.workspace).await?)
        }
        .await,
    )
}

/// Takes a map out of the Trash (editors and owners).
#[server(endpoint = "maps/restore")]
pub async fn restore_map(id: MapId) -> Result<(), AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            let who = crate::server::auth::require(crate::domain::Capability::Edit)?;
            if !state.store.restore_map(&who.workspace, &id).await? {
                return Err(AppError::NotFound);
            }
            Ok(())
        }
        .await,
    )
}

/// Deletes a map in the Trash for good (owners only).
#[server(endpoint = "maps/delete-forever")]
pub async fn delete_forever(id: MapId) -> Result<(), AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            let who = crate::server::auth::require(crate::domain::Capability::Manage)?;
            if state.store.trashed_workspace(&id).await?.as_deref() != Some(who.workspace.as_str()) {
                return Err(AppError::NotFound);
            }
            state.store.delete_map(&id).await?;
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "maps/board")]
pub async fn load_board(id: MapId) -> Result<BoardData, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            let who = crate::server::auth::signed_in()?;
            let access =
                crate::server::auth::map_role(&state.store, &who, &id, crate::domain::Capability::View).await?;
            board_data(&state, &id, access, None).await
        }
        .await,
    )
}

#[server(endpoint = "maps/load")]
pub async fn load_map(id: MapId) -> Result<Map, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            let who = crate::server::auth::signed_in()?;
            crate::server::auth::map_role(&state.store, &who, &id, crate::domain::Capability::View).await?;
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
            let who = crate::server::auth::signed_in()?;
            let access =
                crate::server::auth::map_role(&state.store, &who, &map, crate::domain::Capability::Edit).await?;
            crate::server::maps::apply(&state.store, &access.workspace, &map, &who.name, &client_op, op).await
        }
        .await,
    )
}

/// The board of a share link: the map, view only (or comment), without an account.
#[server(endpoint = "maps/shared")]
pub async fn load_shared_board(token: String) -> Result<BoardData, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            let share = crate::server::auth::share_of(&state.store, &token).await?;
            let access =
                crate::server::auth::share_role(&state.store, &token, &share.map, crate::domain::Capability::View)
                    .await?;
            board_data(&state, &share.map, access, Some(token)).await
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
async fn board_data(
    state: &crate::server::AppState,
    id: &MapId,
    access: crate::server::auth::MapAccess,
    share: Option<String>,
) -> Result<BoardData, AppError> {
    let map = state.store.current_map(id).await?.ok_or(AppError::NotFound)?;
    let crate::server::maps::BoardLibrary { personas, channels, segments } =
        crate::server::maps::board_library(&state.store, &access.workspace, &map, share.is_some()).await?;
    let mut feedback = crate::server::feedback::summary(&state.store, id).await?;
    if share.is_some() {
        // A share link sees how clients feel, not the words they used.
        feedback.stages.iter_mut().for_each(|s| s.terms.clear());
    }
    let comments =
        if access.sees_comments() { crate::server::comments::list(&state.store, id).await? } else { Vec::new() };
    let me = if access.by_share { None } else { crate::server::auth::identity().map(|w| w.user) };
    let own = match &access.guest {
        Some(guest) => Some(state.store.guest_cards(&guest.id).await?.unwrap_or_default()),
        None => None,
    };
    Ok(BoardData { map, personas, channels, segments, role: access.role, share, feedback, comments, me, own })
}
