//! A workspace's list of client segments. A persona names its segment by name, so a
//! rename rewrites the personas of the old name in the same transaction.

use super::decode::rows;
use super::decode::Checked;
use super::{Store, StoreError};
use crate::domain::segment::Segment;
use serde_json::{json, Value};

impl Store {
    /// The workspace's segments, by name (case and accents ignored).
    pub async fn list_segments(&self, ws: &str) -> Result<Vec<Segment>, StoreError> {
        let mut res = self
            .db
            .query("SELECT record::id(id) AS id, name FROM segment WHERE workspace = $ws")
            .bind(("ws", ws.to_owned()))
            .await?
            .checked()?;
        let mut list: Vec<Segment> = rows("segment", res.take(0)?)?;
        list.sort_by_cached_key(|s| crate::domain::search::fold(&s.name));
        Ok(list)
    }

    /// Creates a segment, or renames one and the personas of its old name with it
    /// (validated by the caller).
    pub async fn save_segment(&self, ws: &str, s: &Segment) -> Result<(), StoreError> {
        self.db
            .query(
                "BEGIN TRANSACTION;
                 LET $old = (SELECT VALUE name FROM ONLY type::record('segment', $id) WHERE workspace = $ws);
                 IF $old != NONE AND $old != $name {
                     UPDATE persona SET segment = $name, updated_at = time::now() WHERE workspace = $ws AND segment = $old
                 };
                 UPSERT type::record('segment', $id) CONTENT $row;
                 COMMIT TRANSACTION;",
            )
            .bind(("id", s.id.clone()))
            .bind(("ws", ws.to_owned()))
            .bind(("name", s.name.clone()))
            .bind(("row", segment_row(ws, s)))
            .await?
            .checked()?;
        Ok(())
    }

    /// How many cards, on the maps of workspace `ws`, are scoped to this segment.
    pub async fn segment_use_count(&self, ws: &str, id: &str) -> Result<u64, StoreError> {
        let mut res = self
            .db
            .query(
                "SELECT count() AS n FROM card WHERE details.segments CONTAINS $id AND map.workspace = $ws GROUP ALL",
            )
            .bind(("id", id.to_owned()))
            .bind(("ws", ws.to_owned()))
            .await?
            .checked()?;
        let n: Option<Value> = res.take(0)?;
        Ok(n.and_then(|v| v.get("n").and_then(Value::as_u64)).unwrap_or(0))
    }

    /// Deletes a segment and takes it off the personas of its name. Returns whether it
    /// existed.
    pub async fn delete_segment(&self, ws: &str, id: &str) -> Result<bool, StoreError> {
        let mut res = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 LET $gone = (DELETE segment WHERE id = type::record('segment', $id) AND workspace = $ws RETURN BEFORE);
                 IF $gone != [] {
                     UPDATE persona SET segment = '', updated_at = time::now() WHERE workspace = $ws AND segment = $gone[0].name
                 };
                 RETURN $gone;
                 COMMIT TRANSACTION;",
            )
            .bind(("id", id.to_owned()))
            .bind(("ws", ws.to_owned()))
            .await?
            .checked()?;
        // Statement 0 is BEGIN.
        let deleted: Vec<Value> = res.take(3)?;
        Ok(!deleted.is_empty())
    }
}

/// A segment's record (its id is the record key).
pub(super) fn segment_row(ws: &str, s: &Segment) -> Value {
    json!({ "workspace": ws, "name": s.name })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Persona, PersonaId};

    #[tokio::test]
    async fn the_migration_makes_a_list_of_the_personas_free_text_segments() {
        let store = Store::open("mem://", None).await.unwrap();
        // The database as it was before segments had a list.
        store.db.query("REMOVE TABLE segment; DELETE type::record('migration', 25);").await.unwrap().check().unwrap();
        let persona = |ws: &str, name: &str, segment: &str| {
            let p = Persona { segment: segment.into(), ..Persona::named(PersonaId::generate(), name.into()) };
            (ws.to_owned(), p)
        };
        for (ws, p) in [
            persona("clinic", "Ana", " New client "),
            persona("clinic", "Bea", "new CLIENT"),
            persona("clinic", "Carla", "Regular client"),
            persona("clinic", "Dora", ""),
            persona("studio", "Eva", "New client"),
        ] {
            store.save_persona(&ws, &p).await.unwrap();
        }
        store.migrate().await.unwrap();
        let clinic = store.list_segments("clinic").await.unwrap();
        let names: Vec<&str> = clinic.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(names[0].eq_ignore_ascii_case("new client") && names[1] == "Regular client", "{names:?}");
        assert!(clinic.iter().all(|s| Segment::is_id(&s.id)), "{clinic:?}");
        let segments: Vec<String> =
            store.list_personas("clinic").await.unwrap().into_iter().map(|p| p.segment).collect();
        assert_eq!(
            segments.iter().filter(|s| *s == names[0]).count(),
            2,
            "both spellings are one segment: {segments:?}"
        );
        assert!(segments.contains(&String::new()));
        assert_eq!(store.list_segments("studio").await.unwrap().len(), 1, "each workspace has its own list");
    }
}
