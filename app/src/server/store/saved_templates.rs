//! The templates a workspace saved from its maps: a name, the map's draft in Jornada's
//! native JSON (`body`, written and read by the server layer) and its size for the list.

use super::accounts::{under_quota, AuthErrorOr};
use super::decode::rows;
use super::decode::Checked;
use super::{Store, StoreError};
use crate::domain::access::Quota;
use crate::domain::template::SavedTemplate;
use serde_json::Value;

impl Store {
    /// The templates of workspace `ws`, by name.
    pub async fn list_templates(&self, ws: &str) -> Result<Vec<SavedTemplate>, StoreError> {
        let mut res = self
            .db
            .query(
                "SELECT record::id(id) AS id, name, stages, cards, personas FROM map_template
                 WHERE workspace = $ws ORDER BY name",
            )
            .bind(("ws", ws.to_owned()))
            .await?
            .checked()?;
        rows("template", res.take(0)?)
    }

    /// Saves a template (its id fresh) with its draft `body`, unless the workspace has
    /// [`Quota::Templates`] already.
    pub async fn save_template(&self, ws: &str, t: &SavedTemplate, body: &str, by: &str) -> Result<(), AuthErrorOr> {
        let query = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 IF (SELECT count() AS n FROM map_template WHERE workspace = $ws GROUP ALL)[0].n >= $max { THROW 'jornada:quota' };
                 CREATE type::record('map_template', $id) SET workspace = $ws, name = $name, body = $body,
                     stages = $stages, cards = $cards, personas = $personas, created_by = $by;
                 COMMIT TRANSACTION;",
            )
            .bind(("id", t.id.clone()))
            .bind(("ws", ws.to_owned()))
            .bind(("name", t.name.clone()))
            .bind(("body", body.to_owned()))
            .bind(("stages", t.stages))
            .bind(("cards", t.cards))
            .bind(("personas", t.personas))
            .bind(("by", by.to_owned()));
        under_quota(query, Quota::Templates).await
    }

    /// The draft body of one of workspace `ws`'s templates.
    pub async fn template_body(&self, ws: &str, id: &str) -> Result<Option<String>, StoreError> {
        let mut res = self
            .db
            .query(
                "SELECT VALUE body FROM map_template WHERE id = type::record('map_template', $id) AND workspace = $ws",
            )
            .bind(("id", id.to_owned()))
            .bind(("ws", ws.to_owned()))
            .await?
            .checked()?;
        let body: Vec<String> = res.take(0)?;
        Ok(body.into_iter().next())
    }

    /// Deletes one of workspace `ws`'s templates; whether it existed.
    pub async fn delete_template(&self, ws: &str, id: &str) -> Result<bool, StoreError> {
        let mut res = self
            .db
            .query("DELETE map_template WHERE id = type::record('map_template', $id) AND workspace = $ws RETURN BEFORE")
            .bind(("id", id.to_owned()))
            .bind(("ws", ws.to_owned()))
            .await?
            .checked()?;
        let gone: Vec<Value> = res.take(0)?;
        Ok(!gone.is_empty())
    }
}
