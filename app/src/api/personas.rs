//! Server functions for the persona library.

use crate::domain::{Persona, PersonaId};
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "personas/list")]
pub async fn list_personas() -> Result<Vec<Persona>, AppError> {
    crate::server::respond(
        async move {
            let who = crate::server::auth::require(crate::domain::Capability::View)?;
            Ok(crate::server::state()?.store.list_personas(&who.workspace).await?)
        }
        .await,
    )
}

#[server(endpoint = "personas/get")]
pub async fn get_persona(id: PersonaId) -> Result<Persona, AppError> {
    crate::server::respond(
        async move {
            let state = crate::server::state()?;
            let who = crate::server::auth::require(crate::domain::Capability::View)?;
            if !id.is_valid() {
                return Err(AppError::NotFound);
            }
            state.store.get_persona(&who.workspace, &id).await?.ok_or(AppError::NotFound)
        }
        .await,
    )
}

/// Creates (empty id) or updates a persona; answers its id. `base`: the persona as the
/// form loaded it, so only the fields changed since are written (a colleague's edit of
/// other fields is kept; of the same field, refused).
#[server(endpoint = "personas/save", input = server_fn::codec::Json)]
pub async fn save_persona(persona: Persona, base: Option<Persona>) -> Result<PersonaId, AppError> {
    crate::server::respond(
        async move {
            let who = crate::server::auth::require(crate::domain::Capability::Edit)?;
            crate::server::personas::save_edit(&crate::server::state()?.store, &who.workspace, persona, base).await
        }
        .await,
    )
}

#[server(endpoint = "personas/delete")]
pub async fn delete_persona(id: PersonaId) -> Result<(), AppError> {
    crate::server::respond(
        async move {
            let who = crate::server::auth::require(crate::domain::Capability::Edit)?;
            crate::server::personas::delete(&crate::server::state()?.store, &who.workspace, &id).await
        }
        .await,
    )
}
