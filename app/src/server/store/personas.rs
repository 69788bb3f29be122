//! The persona library of a workspace.

use super::decode::Checked;
use super::decode::{from_json, one, rows};
use super::{Store, StoreError};
use crate::domain::{Persona, PersonaId};
use serde_json::{json, Value};

/// The first workspace (set-up creates it; data from before accounts belongs to it).
pub const DEFAULT_WORKSPACE: &str = "default";

const PERSONA_FIELDS: &str =
    "record::id(id) AS id, name, segment, age_range, gender, occupation, quote, goals, needs, fears, channels, empathy, colour, photo";

impl Store {
    /// The library, by name.
    pub async fn list_personas(&self, ws: &str) -> Result<Vec<Persona>, StoreError> {
        let mut res = self
            .db
            .query(format!("SELECT {PERSONA_FIELDS} FROM persona WHERE workspace = $ws ORDER BY name"))
            .bind(("ws", ws.to_owned()))
            .await?
            .checked()?;
        rows("persona", res.take(0)?)
    }

    /// A persona of workspace `ws`.
    pub async fn get_persona(&self, ws: &str, id: &PersonaId) -> Result<Option<Persona>, StoreError> {
        let mut res = self
            .db
            .query(format!("SELECT {PERSONA_FIELDS} FROM ONLY type::record('persona', $id) WHERE workspace = $ws"))
            .bind(("id", id.0.clone()))
            .bind(("ws", ws.to_owned()))
            .await?
            .checked()?;
        one("persona", res.take(0)?)
    }

    /// Creates or replaces a persona (validated by the caller).
    pub async fn save_persona(&self, ws: &str, p: &Persona) -> Result<(), StoreError> {
        let content = persona_row(ws, p);
        self.db
            .query("UPSERT type::record('persona', $id) CONTENT object::extend($content, { updated_at: time::now() })")
            .bind(("id", p.id.0.clone()))
            .bind(("content", content))
            .await?
            .checked()?;
        Ok(())
    }

    /// A persona of workspace `ws` and its revision (when it was last saved), for a
    /// save that must not overwrite a change made since.
    pub async fn persona_for_update(&self, ws: &str, id: &PersonaId) -> Result<Option<(Persona, String)>, StoreError> {
        let mut res = self
            .db
            .query(format!(
                "SELECT {PERSONA_FIELDS}, <string> updated_at AS seen FROM ONLY type::record('persona', $id) WHERE workspace = $ws"
            ))
            .bind(("id", id.0.clone()))
            .bind(("ws", ws.to_owned()))
            .await?
            .checked()?;
        let row: Option<Value> = res.take(0)?;
        let Some(row) = row.filter(|r| !r.is_null()) else { return Ok(None) };
        let seen = row.get("seen").and_then(Value::as_str).unwrap_or_default().to_owned();
        let p = from_json("persona", row)?;
        Ok(Some((p, seen)))
    }

    /// Writes an existing persona's fields (not its photo) if it is still at revision
    /// `seen`; answers whether it was.
    pub async fn update_persona_if(&self, ws: &str, p: &Persona, seen: &str) -> Result<bool, StoreError> {
        let content = json!({
            "name": p.name, "segment": p.segment, "age_range": p.age_range, "gender": p.gender, "occupation": p.occupation,
            "quote": p.quote, "goals": p.goals, "needs": p.needs, "fears": p.fears,
            "channels": p.channels, "empathy": p.empathy, "colour": p.colour,
        });
        let mut res = self
            .db
            .query(
                "UPDATE type::record('persona', $id) MERGE object::extend($content, { updated_at: time::now() })
                 WHERE workspace = $ws AND <string> updated_at = $seen RETURN VALUE id",
            )
            .bind(("id", p.id.0.clone()))
            .bind(("ws", ws.to_owned()))
            .bind(("content", content))
            .bind(("seen", seen.to_owned()))
            .await?
            .checked()?;
        let done: Vec<Value> = res.take(0)?;
        Ok(!done.is_empty())
    }

    /// How many maps of workspace `ws` link this persona.
    pub async fn persona_link_count(&self, ws: &str, id: &PersonaId) -> Result<u64, StoreError> {
        let mut res = self
            .db
            .query("SELECT count() AS n FROM map WHERE workspace = $ws AND personas CONTAINS $id GROUP ALL")
            .bind(("id", id.0.clone()))
            .bind(("ws", ws.to_owned()))
            .await?
            .checked()?;
        let n: Option<i64> = res.take((0, "n"))?;
        Ok(n.unwrap_or(0) as u64)
    }

    /// Stores a persona's photo (type already checked) and bumps its version; returns the
    /// new version, or `None` when there is no such persona.
    pub async fn save_photo(
        &self,
        ws: &str,
        id: &PersonaId,
        content_type: &str,
        data: bytes::Bytes,
    ) -> Result<Option<u32>, StoreError> {
        let mut res = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 LET $p = type::record('persona', $id);
                 IF (SELECT VALUE workspace FROM ONLY $p) != $ws { THROW 'jornada:gone' };
                 UPSERT type::record('photo', $id) CONTENT { data: $data, content_type: $type };
                 UPDATE $p SET photo += 1 RETURN VALUE photo;
                 COMMIT TRANSACTION;",
            )
            .bind(("id", id.0.clone()))
            .bind(("data", data))
            .bind(("type", content_type.to_owned()))
            .bind(("ws", ws.to_owned()))
            .await?;
        let errors = res.take_errors();
        if errors.values().any(|e| e.to_string().contains("jornada:gone")) {
            return Ok(None);
        }
        if let Some(e) = super::decode::failure(errors) {
            return Err(e);
        }
        let version: Vec<i64> = res.take(4)?;
        Ok(version.first().map(|v| *v as u32))
    }

    /// A persona's photo, its content type and the persona's workspace.
    pub async fn photo(&self, id: &PersonaId) -> Result<Option<(String, bytes::Bytes, String)>, StoreError> {
        let mut res = self
            .db
            .query(
                "SELECT data, content_type, (SELECT VALUE workspace FROM ONLY type::record('persona', $id)) AS workspace
                 FROM ONLY type::record('photo', $id)",
            )
            .bind(("id", id.0.clone()))
            .await?
            .checked()?;
        let data: Option<bytes::Bytes> = res.take((0, "data"))?;
        let content_type: Option<String> = res.take((0, "content_type"))?;
        let workspace: Option<String> = res.take((0, "workspace"))?;
        Ok(data.zip(content_type).zip(workspace).map(|((d, t), w)| (t, d, w)))
    }

    /// Deletes a persona of workspace `ws` and its photo; returns whether it existed. The
    /// caller checks links first. (One statement decides, so the answer does not depend on
    /// which statement of a transaction a driver reports a `RETURN` under: that once said
    /// "deleted" for another workspace's persona, which stayed.)
    pub async fn delete_persona(&self, ws: &str, id: &PersonaId) -> Result<bool, StoreError> {
        let mut res = self
            .db
            .query("DELETE persona WHERE id = type::record('persona', $id) AND workspace = $ws RETURN BEFORE")
            .bind(("id", id.0.clone()))
            .bind(("ws", ws.to_owned()))
            .await?
            .checked()?;
        let deleted: Vec<Value> = res.take(0)?;
        if deleted.is_empty() {
            return Ok(false);
        }
        self.db.query("DELETE type::record('photo', $id)").bind(("id", id.0.clone())).await?.checked()?;
        Ok(true)
    }
}

/// A persona's record (its id is the record key).
pub(super) fn persona_row(ws: &str, p: &Persona) -> Value {
    json!({
        "workspace": ws,
        "name": p.name, "segment": p.segment, "age_range": p.age_range, "gender": p.gender, "occupation": p.occupation,
        "quote": p.quote, "goals": p.goals, "needs": p.needs, "fears": p.fears,
        "channels": p.channels, "empathy": p.empathy, "colour": p.colour, "photo": p.photo,
    })
}
