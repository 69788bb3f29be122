//! The persona library of a workspace.

use super::{Store, StoreError};
use crate::domain::{Persona, PersonaId};
use serde_json::{json, Value};

/// The one workspace until accounts and teams exist.
pub const DEFAULT_WORKSPACE: &str = "default";

const PERSONA_FIELDS: &str =
    "record::id(id) AS id, name, segment, age_range, occupation, quote, goals, needs, fears, channels, empathy, colour";

impl Store {
    /// The library, by name.
    pub async fn list_personas(&self) -> Result<Vec<Persona>, StoreError> {
        let mut res = self
            .db
            .query(format!("SELECT {PERSONA_FIELDS} FROM persona WHERE workspace = $ws ORDER BY name"))
            .bind(("ws", DEFAULT_WORKSPACE))
            .await?
            .check()?;
        let rows: Vec<Value> = res.take(0)?;
        rows.into_iter()
            .map(|r| serde_json::from_value(r).map_err(|e| StoreError::Corrupt(format!("persona: {e}"))))
            .collect()
    }

    pub async fn get_persona(&self, id: &PersonaId) -> Result<Option<Persona>, StoreError> {
        let mut res = self
            .db
            .query(format!("SELECT {PERSONA_FIELDS} FROM ONLY type::record('persona', $id)"))
            .bind(("id", id.0.clone()))
            .await?
            .check()?;
        let row: Option<Value> = res.take(0)?;
        row.filter(|r| !r.is_null())
            .map(|r| serde_json::from_value(r).map_err(|e| StoreError::Corrupt(format!("persona: {e}"))))
            .transpose()
    }

    /// Creates or replaces a persona (validated by the caller).
    pub async fn save_persona(&self, p: &Persona) -> Result<(), StoreError> {
        let content = json!({
            "workspace": DEFAULT_WORKSPACE,
            "name": p.name, "segment": p.segment, "age_range": p.age_range, "occupation": p.occupation,
            "quote": p.quote, "goals": p.goals, "needs": p.needs, "fears": p.fears,
            "channels": p.channels, "empathy": p.empathy, "colour": p.colour,
        });
        self.db
            .query("UPSERT type::record('persona', $id) CONTENT object::extend($content, { updated_at: time::now() })")
            .bind(("id", p.id.0.clone()))
            .bind(("content", content))
            .await?
            .check()?;
        Ok(())
    }

    /// How many maps link this persona.
    pub async fn persona_link_count(&self, id: &PersonaId) -> Result<u64, StoreError> {
        let mut res = self
            .db
            .query("SELECT count() AS n FROM map WHERE personas CONTAINS $id GROUP ALL")
            .bind(("id", id.0.clone()))
            .await?
            .check()?;
        let n: Option<i64> = res.take((0, "n"))?;
        Ok(n.unwrap_or(0) as u64)
    }

    /// Deletes a persona; returns whether it existed. The caller checks links first.
    pub async fn delete_persona(&self, id: &PersonaId) -> Result<bool, StoreError> {
        let mut res = self
            .db
            .query("DELETE type::record('persona', $id) RETURN BEFORE")
            .bind(("id", id.0.clone()))
            .await?
            .check()?;
        let deleted: Vec<Value> = res.take(0)?;
        Ok(!deleted.is_empty())
    }
}
