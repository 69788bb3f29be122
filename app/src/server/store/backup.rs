//! The database as a whole, for the operator's commands (`jornada backup`, `restore`,
//! `check`, `export-all`): SurrealDB's own export and import, whether a database holds
//! anything, and every map and workspace regardless of who may see them.
//!
//! An export is SurrealDB's SurrealQL dump of this database (`Surreal::export`): its
//! schema, then every record. The engine writes it from one read-only transaction, so the
//! dump is one consistent snapshot even while writers keep committing.

use super::decode::rows;
use super::decode::Checked;
use super::{Store, StoreError, DATABASE, NAMESPACE};
use futures::StreamExt;
use serde::Deserialize;
use serde_json::Value;
use std::path::Path;

/// A map as the operator's commands list it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct StoredMap {
    pub id: String,
    pub workspace: String,
    pub title: String,
}

/// A workspace id and its name (a workspace only maps name, as data from before accounts
/// does, has no name: it is its id).
#[derive(Clone, Debug, PartialEq)]
pub struct StoredWorkspace {
    pub id: String,
    pub name: String,
}

/// Tables whose rows say what the database is, not what its users made: a database with
/// rows only here (a server started once, nobody set it up) counts as empty.
const BOOKKEEPING: &[&str] = &["migration"];

impl Store {
    /// The whole database as a SurrealQL dump, from one consistent snapshot.
    pub async fn export_dump(&self) -> Result<Vec<u8>, StoreError> {
        let mut stream = self.db.export(()).await?;
        let mut out = Vec::new();
        while let Some(chunk) = stream.next().await {
            out.extend_from_slice(&chunk?);
        }
        if out.is_empty() {
            return Err(StoreError::Corrupt("the export came back empty".into()));
        }
        Ok(out)
    }

    /// The tables that hold records of their own (not [`BOOKKEEPING`]), with their counts:
    /// empty when the database is.
    pub async fn occupied_tables(&self) -> Result<Vec<(String, u64)>, StoreError> {
        let mut res = self.db.query("INFO FOR DB").await?.checked()?;
        let info: Option<Value> = res.take(0)?;
        let tables: Vec<String> = info
            .as_ref()
            .and_then(|i| i.get("tables"))
            .and_then(Value::as_object)
            .map(|t| t.keys().cloned().collect())
            .unwrap_or_default();
        let mut occupied = Vec::new();
        for table in tables.into_iter().filter(|t| !BOOKKEEPING.contains(&t.as_str())) {
            let mut res = self
                .db
                .query("RETURN count(SELECT VALUE id FROM type::table($t))")
                .bind(("t", table.clone()))
                .await?
                .checked()?;
            let n: Option<i64> = res.take(0)?;
            if let Some(n) = n.filter(|n| *n > 0) {
                occupied.push((table, n as u64));
            }
        }
        occupied.sort();
        Ok(occupied)
    }

    /// Removes this database with everything in it and starts an empty one of the same
    /// name (the namespace and other databases stay).
    pub async fn wipe(&self) -> Result<(), StoreError> {
        self.db
            .query(format!(
                "REMOVE DATABASE IF EXISTS {DATABASE}; DEFINE DATABASE {DATABASE}; USE NS {NAMESPACE} DB {DATABASE};"
            ))
            .await?
            .checked()?;
        self.db.use_ns(NAMESPACE).use_db(DATABASE).await?;
        Ok(())
    }

    /// Runs a SurrealQL dump made by [`Store::export_dump`] (or `surreal export`) into this
    /// database.
    pub async fn import_dump(&self, file: &Path) -> Result<(), StoreError> {
        self.db.import(file).await?;
        Ok(())
    }

    /// Applies the migrations the database lacks, as at start-up.
    pub async fn upgrade(&self) -> Result<(), StoreError> {
        self.migrate().await
    }

    /// Every map of every workspace, by workspace then title.
    pub async fn all_maps(&self) -> Result<Vec<StoredMap>, StoreError> {
        let mut res = self
            .db
            .query("SELECT record::id(id) AS id, workspace ?? 'default' AS workspace, title ?? '' AS title FROM map ORDER BY workspace, title")
            .await?
            .checked()?;
        rows("map", res.take(0)?)
    }

    /// Every workspace: the ones set-up and members made, and any id a map, persona or
    /// channel names without a workspace record (data from before accounts).
    pub async fn all_workspaces(&self) -> Result<Vec<StoredWorkspace>, StoreError> {
        let mut res = self
            .db
            .query(
                "SELECT record::id(id) AS id, name FROM workspace;
                 RETURN array::distinct(array::concat(
                     (SELECT VALUE workspace FROM map),
                     (SELECT VALUE workspace FROM persona),
                     (SELECT VALUE workspace FROM channel)));",
            )
            .await?;
        // A database from before accounts has no workspace table: that is not an error.
        let named: Vec<Value> = res.take(0).unwrap_or_default();
        let used: Option<Vec<Option<String>>> = res.take(1).unwrap_or_default();
        let mut out: Vec<StoredWorkspace> = named
            .into_iter()
            .filter_map(|w| {
                let id = w.get("id")?.as_str()?.to_owned();
                let name = w.get("name").and_then(Value::as_str).unwrap_or(&id).to_owned();
                Some(StoredWorkspace { id, name })
            })
            .collect();
        for id in used.unwrap_or_default().into_iter().flatten() {
            if !out.iter().any(|w| w.id == id) {
                out.push(StoredWorkspace { name: id.clone(), id });
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        Ok(out)
    }
}
