//! Server functions for the persona library.

use crate::domain::{Persona, PersonaId};
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "personas/list")]
pub async fn list_personas() -> Result<Vec<Persona>, AppError> {
    Ok(crate::server::state()?.store.list_personas().await?)
}

#[server(endpoint = "personas/get")]
pub async fn get_persona(id: PersonaId) -> Result<Persona, AppError> {
    let state = crate::server::state()?;
    if !id.is_valid() {
        return Err(AppError::NotFound);
    }
    state.store.get_persona(&id).await?.ok_or(AppError::NotFound)
}

/// Creates (empty id) or updates a persona; answers its id.
#[server(endpoint = "personas/save", input = server_fn::codec::Json)]
pub async fn save_persona(persona: Persona) -> Result<PersonaId, AppError> {
    crate::server::personas::save(&crate::server::state()?.store, persona).await
}

#[server(endpoint = "personas/delete")]
pub async fn delete_persona(id: PersonaId) -> Result<(), AppError> {
    crate::server::personas::delete(&crate::server::state()?.store, &id).await
}
