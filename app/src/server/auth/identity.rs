//! Who is asking, and what may they do: the signed-in [`Identity`] of a request (a
//! session's or an API token's), the checks server functions and handlers call
//! ([`signed_in`], [`require`], [`allowed`]), and access to one map by account or share
//! link ([`map_role`], [`share_role`], [`access`]).

use crate::domain::{Capability, MapId, Role, SecretKind};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::server::store::accounts::{SessionRow, ShareRow};
use crate::server::store::{Store, StoreError};

/// The signed-in person behind a request.
#[derive(Clone, Debug)]
pub struct Identity {
    pub user: String,
    pub name: String,
    pub email: String,
    pub locale: Locale,
    /// The workspace the person works in now, and their role there.
    pub workspace: String,
    pub role: Option<Role>,
    /// The session's id (`None` for an API token).
    pub session: Option<String>,
    /// Acts only in `workspace` (an API token): other workspaces of the person are closed.
    pub pinned: bool,
}

impl Identity {
    pub async fn from_row(store: &Store, row: SessionRow, session: Option<String>) -> Result<Identity, StoreError> {
        let role = store.role_in(&row.user, &row.workspace).await?;
        Ok(Identity {
            user: row.user,
            name: row.name,
            email: row.email,
            locale: Locale::parse(&row.locale).unwrap_or_default(),
            workspace: row.workspace,
            role,
            session,
            pinned: false,
        })
    }

    /// The identity an API token acts with: its person, in the token's workspace only,
    /// with their role there lowered to the token's scope. `None` when the person is no
    /// longer a member of that workspace (the token is then as good as revoked).
    pub async fn for_token(
        store: &Store,
        mut row: SessionRow,
        workspace: String,
        scope: crate::domain::accounts::TokenScope,
    ) -> Result<Option<Identity>, StoreError> {
        row.workspace = workspace;
        let mut who = Identity::from_row(store, row, None).await?;
        let Some(role) = who.role else { return Ok(None) };
        who.role = Some(scope.cap(role));
        who.pinned = true;
        Ok(Some(who))
    }
}

/// The client's address, as far as this server can tell.
#[derive(Clone, Debug)]
pub struct ClientIp(pub String);

/// The request's parts inside a server function.
pub(super) fn parts() -> Option<http::request::Parts> {
    leptos::prelude::use_context::<http::request::Parts>()
}

/// The signed-in person of the current server function call, if any.
pub fn identity() -> Option<Identity> {
    parts().and_then(|p| p.extensions.get::<Identity>().cloned())
}

/// The signed-in person, or 401.
pub fn signed_in() -> Result<Identity, AppError> {
    identity().ok_or(AppError::Unauthorized)
}

/// The signed-in person if their role in their current workspace allows `action`.
pub fn require(action: Capability) -> Result<Identity, AppError> {
    let who = signed_in()?;
    allowed(&who, action)?;
    Ok(who)
}

/// 403 unless the person's role in their current workspace allows `action`.
pub fn allowed(who: &Identity, action: Capability) -> Result<Role, AppError> {
    match who.role {
        Some(role) if role.allows(action) => Ok(role),
        _ => Err(AppError::Forbidden),
    }
}

/// The client's address inside a server function.
pub fn client_address() -> String {
    parts().and_then(|p| p.extensions.get::<ClientIp>().map(|c| c.0.clone())).unwrap_or_else(|| "local".into())
}

/// What a request may do on one map, and the map's workspace.
#[derive(Clone, Debug, PartialEq)]
pub struct MapAccess {
    pub role: Role,
    pub workspace: String,
    /// Through a share link (or a workshop guest's key), not a membership.
    pub by_share: bool,
    /// The workshop guest this access is, if it is one (role `Participant`).
    pub guest: Option<crate::server::store::workshops::GuestRow>,
}

impl MapAccess {
    /// Whether this access sees the map's comments (see [`crate::domain::comment::sees_comments`]).
    pub fn sees_comments(&self) -> bool {
        crate::domain::comment::sees_comments(self.role, self.by_share)
    }
}

/// `?share=<token>`: a share link's secret on routes a shared board uses.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ShareQuery {
    pub share: Option<String>,
}

/// The role `who` has on `map`, checked against `action`. A map of a workspace they do not
/// belong to (or no map at all) is 404: a stranger learns nothing, not even that it exists.
pub async fn map_role(store: &Store, who: &Identity, map: &MapId, action: Capability) -> Result<MapAccess, AppError> {
    if !map.is_valid() {
        return Err(AppError::NotFound);
    }
    let workspace = store.map_workspace(map).await?.ok_or(AppError::NotFound)?;
    let role = if workspace == who.workspace {
        who.role
    } else if who.pinned {
        None
    } else {
        store.role_in(&who.user, &workspace).await?
    };
    let role = role.ok_or(AppError::NotFound)?;
    if role.allows(action) {
        Ok(MapAccess { role, workspace, by_share: false, guest: None })
    } else {
        Err(AppError::Forbidden)
    }
}

/// The role a share link grants on `map`, checked against `action`; 404 when the link is
/// not (or no longer) for this map.
pub async fn share_role(store: &Store, secret: &str, map: &MapId, action: Capability) -> Result<MapAccess, AppError> {
    let share = share_of(store, secret).await?;
    if &share.map != map {
        return Err(AppError::NotFound);
    }
    let workspace = store.map_workspace(map).await?.ok_or(AppError::NotFound)?;
    if share.role.allows(action) {
        Ok(MapAccess { role: share.role, workspace, by_share: true, guest: share.guest })
    } else {
        Err(AppError::Forbidden)
    }
}

/// Access to a map by a signed-in person or, failing that, a share link. Without either,
/// 401 whether or not the map exists.
pub async fn access(
    store: &Store,
    who: Option<&Identity>,
    share: Option<&str>,
    map: &MapId,
    action: Capability,
) -> Result<MapAccess, AppError> {
    let by_account = match who {
        Some(who) => map_role(store, who, map, action).await,
        None => Err(AppError::Unauthorized),
    };
    match (by_account, share) {
        (Ok(a), _) => Ok(a),
        (Err(AppError::NotFound | AppError::Unauthorized), Some(secret)) => {
            share_role(store, secret, map, action).await
        }
        (Err(e), _) => Err(e),
    }
}

/// A live share link's map and role, or a running workshop's guest (a participant of its
/// map); else 404.
pub async fn share_of(store: &Store, secret: &str) -> Result<ShareRow, AppError> {
    if let Some(secret) = SecretKind::Guest.parse(secret) {
        let guest = store.guest(secret).await?.ok_or(AppError::NotFound)?;
        return Ok(ShareRow { map: guest.map.clone(), role: Role::Participant, guest: Some(guest) });
    }
    let secret = SecretKind::Share.parse(secret).ok_or(AppError::NotFound)?;
    store.share(secret).await?.ok_or(AppError::NotFound)
}
