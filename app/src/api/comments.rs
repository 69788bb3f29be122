//! Server functions of comments: a map's comments, write, reply, edit, delete, resolve, the
//! people a comment may mention, and a person's inbox of mentions and replies. Members
//! comment by their role (commenter and up); a share link that grants comment lets a guest
//! comment under the name they give; a view-only link sees no comments at all.

use crate::domain::comment::{Anchor, Comment, Inbox};
use crate::domain::MapId;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A guest of a share link: their browser's random key and the name they comment under.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Guest {
    pub key: String,
    pub name: String,
}

/// Who writes on map `id`, after checking that they may `action` it.
#[cfg(feature = "ssr")]
async fn author(
    id: &MapId,
    share: Option<&str>,
    guest: Option<Guest>,
    action: crate::domain::Capability,
) -> Result<(crate::server::AppState, crate::server::auth::MapAccess, crate::server::comments::Author), AppError> {
    use crate::server::comments::Author;
    let state = crate::server::state()?;
    let who = crate::server::auth::identity();
    let access = crate::server::auth::access(&state.store, who.as_ref(), share, id, action).await?;
    if !access.sees_comments() {
        return Err(AppError::Forbidden);
    }
    let author = match (&who, access.by_share, share, guest) {
        (Some(who), _, _, _) => Author::member(who, &access),
        (None, true, Some(_), _) if access.guest.is_some() => {
            Author::workshop_guest(access.guest.as_ref().ok_or(AppError::Unauthorized)?)
        }
        (None, true, Some(share), Some(g)) => Author::guest(share, &g.key, &g.name)?,
        (None, true, Some(_), None) => {
            return Err(AppError::Comment(crate::domain::comment::CommentError::NameMissing));
        }
        _ => return Err(AppError::Unauthorized),
    };
    Ok((state, access, author))
}

#[server(endpoint = "maps/comments")]
pub async fn map_comments(id: MapId, share: Option<String>) -> Result<Vec<Comment>, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            let who = crate::server::auth::identity();
            let access = crate::server::auth::access(
                &state.store,
                who.as_ref(),
                share.as_deref(),
                &id,
                crate::domain::Capability::View,
            )
            .await?;
            if !access.sees_comments() {
                return Err(AppError::Forbidden);
            }
            crate::server::comments::list(&state.store, &id).await
        }
        .await,
    )
}

/// A new thread at `anchor`, or a reply in `thread`.
#[server(endpoint = "maps/comment/post")]
pub async fn post_comment(
    id: MapId,
    share: Option<String>,
    guest: Option<Guest>,
    anchor: Anchor,
    thread: Option<String>,
    body: String,
) -> Result<Comment, AppError> {
    crate::server::respond(
        async move {
            let (state, access, author) =
                author(&id, share.as_deref(), guest, crate::domain::Capability::Comment).await?;
            crate::server::comments::post(&state.store, &access.workspace, &id, &author, anchor, thread, &body).await
        }
        .await,
    )
}

#[server(endpoint = "maps/comment/edit")]
pub async fn edit_comment(
    id: MapId,
    share: Option<String>,
    guest: Option<Guest>,
    comment: String,
    body: String,
) -> Result<Comment, AppError> {
    crate::server::respond(
        async move {
            let (state, access, author) =
                author(&id, share.as_deref(), guest, crate::domain::Capability::Comment).await?;
            crate::server::comments::edit(&state.store, &access.workspace, &id, &author, &comment, &body).await
        }
        .await,
    )
}

#[server(endpoint = "maps/comment/delete")]
pub async fn delete_comment(
    id: MapId,
    share: Option<String>,
    guest: Option<Guest>,
    comment: String,
) -> Result<Comment, AppError> {
    crate::server::respond(
        async move {
            let (state, _, author) = author(&id, share.as_deref(), guest, crate::domain::Capability::Comment).await?;
            crate::server::comments::delete(&state.store, &id, &author, &comment).await
        }
        .await,
    )
}

#[server(endpoint = "maps/comment/resolve")]
pub async fn resolve_thread(
    id: MapId,
    share: Option<String>,
    guest: Option<Guest>,
    thread: String,
    resolved: bool,
) -> Result<Comment, AppError> {
    crate::server::respond(
        async move {
            let (state, _, author) = author(&id, share.as_deref(), guest, crate::domain::Capability::Comment).await?;
            crate::server::comments::resolve(&state.store, &id, &author, &thread, resolved).await
        }
        .await,
    )
}

/// The members a comment on map `id` may mention: (user id, name). Members only: a share
/// link does not learn who works in the workspace.
#[server(endpoint = "maps/mentionable")]
pub async fn mention_people(id: MapId) -> Result<Vec<(String, String)>, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            let who = crate::server::auth::signed_in()?;
            let access =
                crate::server::auth::map_role(&state.store, &who, &id, crate::domain::Capability::Comment).await?;
            crate::server::comments::mentionable(&state.store, &access.workspace).await
        }
        .await,
    )
}

/// The signed-in person's mentions and replies.
#[server(endpoint = "inbox")]
pub async fn my_inbox() -> Result<Inbox, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            let who = crate::server::auth::signed_in()?;
            crate::server::comments::inbox(&state.store, &who).await
        }
        .await,
    )
}

/// Marks the person's notices read (those of map `map`, or all); the inbox after it.
#[server(endpoint = "inbox/read")]
pub async fn read_inbox(map: Option<MapId>) -> Result<Inbox, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            let who = crate::server::auth::signed_in()?;
            state.store.read_notices(&who.user, map.as_ref()).await?;
            crate::server::comments::inbox(&state.store, &who).await
        }
        .await,
    )
}
