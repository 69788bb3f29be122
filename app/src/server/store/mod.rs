//! The only code that talks to SurrealDB. Opens any engine (`mem://`, `surrealkv://dir`,
//! `ws://host:port`), applies migrations, and reads and writes maps and the op log.

pub mod accounts;
pub mod backup;
mod channels;
mod comments;
mod commit;
mod decode;
pub mod feedback;
mod feedback_settings;
mod feedback_state;
mod history;
mod imports;
mod live;
mod maps;
pub mod migrations;
mod moves;
mod personas;
pub mod presence;
pub mod resets;
mod reviews;
mod saved_templates;
mod segments;
mod shares;
pub mod tokens;
mod users;
pub mod workshops;
mod workspaces;
mod writes;

pub use comments::{NoticeRow, INBOX};
pub use commit::{Applied, Write};
pub use feedback_settings::FeedbackSetting;
pub use feedback_state::FeedbackState;
pub use maps::LoggedOp;
pub use personas::DEFAULT_WORKSPACE;

use decode::Checked;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use surrealdb::engine::any::Any;
use surrealdb::opt::auth::Root;
use surrealdb::Surreal;

use crate::domain::{MapId, OpError};
use crate::error::AppError;

const NAMESPACE: &str = "jornada";
const DATABASE: &str = "main";

/// What went wrong in the store. Internal details are logged, never shown to users.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database address {0:?}: use mem://, surrealkv://<dir> or ws://host:port")]
    BadUrl(String),
    #[error("cannot open the database at {url}: {reason}")]
    Open { url: String, reason: String },
    #[error("the database has schema version {found}, newer than this Jornada knows ({known}); upgrade Jornada")]
    SchemaTooNew { found: i64, known: i64 },
    #[error("no such map")]
    MapNotFound,
    /// A map changed between planning a move and making it: plan again.
    #[error("the map changed while it was being moved")]
    Replan,
    #[error("the op was refused: {0}")]
    Refused(OpError),
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
    /// Another transaction wrote the same rows first and this one was rolled back whole
    /// (SurrealDB: "can be retried"). Nothing was written; the user is asked to try again.
    #[error("a concurrent write came first: {0}")]
    Conflict(surrealdb::Error),
    #[error("database error: {0}")]
    Db(surrealdb::Error),
}

impl From<surrealdb::Error> for StoreError {
    fn from(e: surrealdb::Error) -> Self {
        if decode::is_conflict(&e) {
            StoreError::Conflict(e)
        } else {
            StoreError::Db(e)
        }
    }
}

/// What a user is told of a store error: not found or refused as such, the rest logged
/// here and answered as unavailable or internal.
impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        use StoreError as S;
        match e {
            S::MapNotFound => AppError::NotFound,
            S::Refused(op) => AppError::Refused(op),
            S::Replan => AppError::Busy { retry_after_secs: 1 },
            S::Conflict(e) => {
                tracing::info!(error = %e, "write conflict, answered busy");
                AppError::Busy { retry_after_secs: 1 }
            }
            S::Open { .. } | S::BadUrl(_) => {
                tracing::error!(error = %e, "database unavailable");
                AppError::Unavailable
            }
            other => {
                tracing::error!(error = %other, "store error");
                AppError::Internal
            }
        }
    }
}

/// Credentials for a remote SurrealDB server.
#[derive(Clone, Debug, Default)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

/// The store. Cheap to clone; shares one connection and one per-map lock table.
#[derive(Clone)]
pub struct Store {
    /// One client session shared by every clone of the store. (Cloning a `Surreal` handle
    /// opens a new server-side session, which on `ws://` must first be told who we are: a
    /// query racing that hand-over runs as a guest and is refused.)
    db: Arc<Surreal<Any>>,
    /// Serialises writers of one map inside this process, queues their writes for group
    /// commit and caches the map's state; writers in other processes are caught by the
    /// revision check inside each transaction.
    maps: Arc<Mutex<HashMap<MapId, Arc<commit::Slot>>>>,
    /// A clock for "least recently used": bumped on every use of a map's slot.
    ticks: Arc<std::sync::atomic::AtomicU64>,
}

/// Maps whose state this process keeps cached at most.
pub const MAX_CACHED_MAPS: usize = 200;

/// Forgets idle maps (no writer, reader or queued write holds their slot), least recently
/// used first, until at most `keep` remain or none is idle.
fn evict(maps: &mut HashMap<MapId, Arc<commit::Slot>>, keep: usize) {
    let mut idle: Vec<(u64, MapId)> = maps
        .iter()
        .filter(|(_, slot)| Arc::strong_count(slot) == 1)
        .map(|(id, slot)| (slot.used.load(std::sync::atomic::Ordering::Relaxed), id.clone()))
        .collect();
    idle.sort_unstable();
    for (_, id) in idle.into_iter().take(maps.len().saturating_sub(keep)) {
        maps.remove(&id);
    }
}

impl Store {
    /// The database itself, for tests that look at what was stored.
    #[cfg(test)]
    pub(crate) fn db_for_tests(&self) -> &Surreal<Any> {
        &self.db
    }
}

impl Store {
    /// Opens the database at `url`, signs in when credentials are given, and applies every
    /// pending migration.
    pub async fn open(url: &str, credentials: Option<Credentials>) -> Result<Store, StoreError> {
        let store = Store::connect(url, credentials).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Opens the database at `url` as [`Store::open`] does, without applying migrations
    /// (for `jornada restore`, which looks at a database before it migrates it).
    pub async fn connect(url: &str, credentials: Option<Credentials>) -> Result<Store, StoreError> {
        let scheme = url.split("://").next().unwrap_or_default();
        if !url.contains("://") || !matches!(scheme, "mem" | "memory" | "surrealkv" | "ws" | "wss") {
            return Err(StoreError::BadUrl(url.to_owned()));
        }
        if matches!(scheme, "surrealkv") {
            // The directory, without the engine's options (`?sync=every`).
            let dir = url.trim_start_matches("surrealkv://").split('?').next().unwrap_or_default();
            if dir.is_empty() {
                return Err(StoreError::BadUrl(url.to_owned()));
            }
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::Open { url: url.to_owned(), reason: e.to_string() })?;
        }
        let open_err = |e: surrealdb::Error| StoreError::Open { url: url.to_owned(), reason: e.to_string() };
        let db = surrealdb::engine::any::connect(url).await.map_err(open_err)?;
        let remote = matches!(scheme, "ws" | "wss");
        if let Some(c) = credentials {
            db.signin(Root { username: c.username, password: c.password }).await.map_err(open_err)?;
        }
        if remote {
            // A fresh server has neither; embedded engines create them on use.
            db.query(format!("DEFINE NAMESPACE IF NOT EXISTS {NAMESPACE}; USE NS {NAMESPACE}; DEFINE DATABASE IF NOT EXISTS {DATABASE};"))
                .await
                .and_then(|r| r.check())
                .map_err(open_err)?;
        }
        db.use_ns(NAMESPACE).use_db(DATABASE).await.map_err(open_err)?;
        Ok(Store { db: Arc::new(db), maps: Arc::default(), ticks: Arc::default() })
    }

    /// Applies the migrations the database lacks, each in its own transaction.
    async fn migrate(&self) -> Result<(), StoreError> {
        self.db
            .query(
                "DEFINE TABLE IF NOT EXISTS migration SCHEMAFULL;
                 DEFINE FIELD IF NOT EXISTS version ON migration TYPE int;
                 DEFINE FIELD IF NOT EXISTS name ON migration TYPE string;
                 DEFINE FIELD IF NOT EXISTS applied_at ON migration TYPE datetime DEFAULT time::now();",
            )
            .await?
            .checked()?;
        let mut res = self.db.query("SELECT VALUE version FROM migration").await?.checked()?;
        let applied: Vec<i64> = res.take(0)?;
        let current = applied.iter().copied().max().unwrap_or(0);
        let known = migrations::latest();
        if current > known {
            return Err(StoreError::SchemaTooNew { found: current, known });
        }
        for m in migrations::MIGRATIONS.iter().filter(|m| !applied.contains(&m.version)) {
            tracing::info!(version = m.version, name = m.name, "applying migration");
            let sql = format!(
                "BEGIN TRANSACTION;\n{}\nCREATE type::record('migration', $version) SET version = $version, name = $name;\nCOMMIT TRANSACTION;",
                m.sql
            );
            self.db.query(sql).bind(("version", m.version)).bind(("name", m.name)).await?.checked()?;
        }
        Ok(())
    }

    /// The schema version the database is at.
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        let mut res = self.db.query("SELECT VALUE version FROM migration").await?.checked()?;
        let applied: Vec<i64> = res.take(0)?;
        Ok(applied.into_iter().max().unwrap_or(0))
    }

    /// Whether the database answers.
    pub async fn health(&self) -> Result<(), StoreError> {
        self.db.query("RETURN 1").await?.checked()?;
        Ok(())
    }

    /// The lock, write queue and cached state of one map. The cache holds at most
    /// [`MAX_CACHED_MAPS`]: past that, the maps nobody is using now are forgotten, least
    /// recently used first (they load again on their next use).
    fn map_slot(&self, id: &MapId) -> Arc<commit::Slot> {
        let mut maps = self.maps.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let tick = self.ticks.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if !maps.contains_key(id) && maps.len() >= MAX_CACHED_MAPS {
            evict(&mut maps, MAX_CACHED_MAPS * 3 / 4);
        }
        let slot = maps.entry(id.clone()).or_default().clone();
        slot.used.store(tick, std::sync::atomic::Ordering::Relaxed);
        slot
    }

    /// How many maps this process caches now.
    pub fn cached_maps(&self) -> usize {
        self.maps.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).len()
    }

    fn forget_map(&self, id: &MapId) {
        let mut maps = self.maps.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        maps.remove(id);
    }
}

#[cfg(test)]
impl Store {
    /// Opens `url` again after its last handle was dropped (tests that restart a store):
    /// the engine releases its files a moment later, so this retries for up to 5 s.
    pub async fn reopen(url: &str) -> Store {
        for _ in 0..50 {
            match Store::open(url, None).await {
                Ok(s) => return s,
                Err(_) => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
            }
        }
        panic!("{url} does not open again");
    }
}

#[cfg(test)]
mod tests;
