//! The logic behind the persona server functions.

use super::store::Store;
use crate::domain::persona::PERSONA_COLOURS;
use crate::domain::{Persona, PersonaError, PersonaId};
use crate::error::AppError;

/// Saves a persona from the form: trims, validates, gives a new one an id and a colour.
pub async fn save(store: &Store, ws: &str, mut p: Persona) -> Result<PersonaId, AppError> {
    for field in [&mut p.name, &mut p.segment, &mut p.age_range, &mut p.occupation] {
        *field = field.trim().to_owned();
    }
    if p.id.0.is_empty() {
        p.id = PersonaId::generate();
        if p.colour.is_empty() {
            let n = store.list_personas(ws).await?.len();
            p.colour = PERSONA_COLOURS[n % PERSONA_COLOURS.len()].to_owned();
        }
    } else if !p.id.is_valid() || store.get_persona(ws, &p.id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    p.channels.retain(|c| !c.trim().is_empty());
    p.validate().map_err(AppError::Persona)?;
    store.save_persona(ws, &p).await?;
    Ok(p.id)
}

/// Deletes a persona that no map links.
pub async fn delete(store: &Store, ws: &str, id: &PersonaId) -> Result<(), AppError> {
    if !id.is_valid() {
        return Err(AppError::NotFound);
    }
    let links = store.persona_link_count(id).await?;
    if links > 0 {
        return Err(AppError::Persona(PersonaError::StillLinked { maps: links as u32 }));
    }
    if !store.delete_persona(ws, id).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}
