//! Server functions for a map's share links: view-only (or comment) access without an
//! account, revocable, with an optional expiry. Editors and owners manage them.

use crate::domain::accounts::ShareInfo;
use crate::domain::{MapId, Role};
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "shares/list")]
pub async fn list_shares(map: MapId) -> Result<Vec<ShareInfo>, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            let who = crate::server::auth::signed_in()?;
            crate::server::auth::map_role(&state.store, &who, &map, crate::domain::Capability::Share).await?;
            Ok(state.store.shares(&map).await?)
        }
        .await,
    )
}

/// Creates a share link; answers its path (`/s/…`), shown once. `days`: `None` never expires.
#[server(endpoint = "shares/create")]
pub async fn create_share(map: MapId, role: Role, days: Option<u32>) -> Result<String, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            let who = crate::server::auth::signed_in()?;
            crate::server::auth::map_role(&state.store, &who, &map, crate::domain::Capability::Share).await?;
            if !Role::SHAREABLE.contains(&role) {
                return Err(AppError::Invalid { field: "role".into() });
            }
            let days = days.map(crate::domain::access::check_days).transpose().map_err(AppError::Auth)?;
            let secret = crate::server::auth::generate(crate::domain::SecretKind::Share);
            let id = uuid::Uuid::new_v4().simple().to_string();
            state.store.create_share(&id, &map, role, &secret, days, &who.user).await?;
            Ok(format!("/s/{secret}"))
        }
        .await,
    )
}

#[server(endpoint = "shares/revoke")]
pub async fn revoke_share(map: MapId, id: String) -> Result<(), AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            let who = crate::server::auth::signed_in()?;
            crate::server::auth::map_role(&state.store, &who, &map, crate::domain::Capability::Share).await?;
            if !state.store.revoke_share(&map, &id).await? {
                return Err(AppError::NotFound);
            }
            Ok(())
        }
        .await,
    )
}
