//! A map's history, the map as it was, named versions and restore. The rules are
//! `domain::history`'s; this reads the log and the snapshots through the store, and a
//! restore is written as ordinary ops (live for everyone, in the log, undoable by
//! restoring the safety version saved just before).

use super::store::{Store, Write};
use crate::domain::history::{
    clean_version_name, group_in, replay, restore_ops, revert_ops, HistoryError, HistoryPage, Version, HISTORY_PAGE,
};
use crate::domain::steps::{rebuild, Step, STEP_LOOKBACK};
use crate::domain::{Map, MapId, Op};
use crate::error::AppError;
use chrono::Utc;

/// Ops replayed past a snapshot before a new one is kept (so the next look is quick).
const SNAPSHOT_AFTER: usize = 200;
/// Ops one write of a restore carries (each write is all or nothing).
const RESTORE_CHUNK: usize = 500;

/// A page of map `id`'s history, newest first, from before revision `before`.
pub async fn page(store: &Store, id: &MapId, before: Option<u64>) -> Result<HistoryPage, AppError> {
    let ops = store.history_ops(id, before, HISTORY_PAGE).await?;
    let full = ops.len() as u32 == HISTORY_PAGE;
    let present = store.current_map(id).await?;
    let mut entries = group_in(&ops, present.as_ref());
    // A template's or a file's ops are logged by "system": the map's start, by Jornada.
    for e in entries.iter_mut().filter(|e| e.author == "system") {
        e.author = "Jornada".into();
    }
    // A full page may cut its oldest entry short: it starts the next page instead (unless
    // it is the only one, one person's edits of a single minute).
    let older = if full && entries.len() > 1 {
        entries.pop().map(|e| e.to_rev + 1)
    } else if full {
        entries.last().map(|e| e.from_rev)
    } else {
        None
    };
    Ok(HistoryPage { entries, older })
}

/// Map `id` as it was at revision `rev`: replayed from the nearest snapshot.
pub async fn at(store: &Store, id: &MapId, rev: u64) -> Result<Map, AppError> {
    let current = store.current_map(id).await?.ok_or(AppError::NotFound)?;
    if rev >= current.rev {
        return Ok(current);
    }
    let base = store.snapshot_before(id, rev).await?.unwrap_or_else(|| {
        // Every map's log starts from an empty map (`Draft::build`'s).
        Map::new(id.clone(), "import")
    });
    let ops = store.timed_ops(id, base.rev, rev).await?;
    let past = replay(base, &ops).map_err(|_| AppError::History(HistoryError::Unreadable))?;
    if past.rev != rev {
        return Err(AppError::History(HistoryError::Unreadable));
    }
    if ops.len() > SNAPSHOT_AFTER {
        store.put_snapshot(&past).await?;
    }
    Ok(past)
}

/// Person `who`'s undo and redo steps on map `id` as they stood at revision `upto` (the
/// revision their board opened at), rebuilt from their ops of the last
/// [`STEP_LOOKBACK`] revisions.
pub async fn steps(store: &Store, id: &MapId, who: &str, upto: u64) -> Result<(Vec<Op>, Vec<Op>), AppError> {
    let rows = store.own_steps(id, who, upto.saturating_sub(STEP_LOOKBACK), upto).await?;
    Ok(rebuild(rows.into_iter().map(|(client_op, op)| (Step::of(&client_op), op))))
}

/// Saves map `id` as it is now under `name`.
pub async fn save(store: &Store, id: &MapId, name: &str, by: &str, safety: bool) -> Result<Version, AppError> {
    let name = clean_version_name(name).map_err(AppError::History)?;
    let map = store.current_map(id).await?.ok_or(AppError::NotFound)?;
    let v = Version {
        id: uuid::Uuid::new_v4().simple().to_string(),
        map: id.clone(),
        name,
        rev: map.rev,
        created_by: by.to_owned(),
        created_at: Utc::now(),
        safety,
    };
    store.save_version(&v, &map).await?;
    // A version is also a snapshot to rebuild the past from.
    store.put_snapshot(&map).await?;
    Ok(v)
}

/// Version `version` of map `id` and the map in it.
pub async fn version(store: &Store, id: &MapId, version: &str) -> Result<(Version, Map), AppError> {
    store.version(id, version).await?.ok_or(AppError::History(HistoryError::NotFound))
}

/// What a restore goes back to.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", content = "at", rename_all = "snake_case")]
pub enum Target {
    Version(String),
    Rev(u64),
}

/// Restores map `id` (of workspace `ws`) to `target` as `by`: saves a safety version named
/// `safety_name`, then writes the ops that turn the present into the past. Answers the
/// safety version and how many ops it took.
pub async fn restore(
    store: &Store,
    ws: &str,
    id: &MapId,
    by: &str,
    target: Target,
    safety_name: &str,
) -> Result<(Version, u32), AppError> {
    let past = match &target {
        Target::Version(v) => version(store, id, v).await?.1,
        Target::Rev(rev) => at(store, id, *rev).await?,
    };
    let safety = save(store, id, safety_name, by, true).await?;
    let present = store.current_map(id).await?.ok_or(AppError::NotFound)?;
    let mut past = named_now(store, id, past, present.rev).await?;
    // A persona of the version the workspace does not have (unlinked before a move, or
    // deleted since) is left out rather than failing the whole restore.
    let library = store.list_personas(ws).await?;
    past.personas.retain(|p| present.personas.contains(p) || library.iter().any(|l| &l.id == p));
    let linked = past.personas.clone();
    past.emotions.retain(|e| linked.contains(&e.persona));
    let ops = restore_ops(&present, &past).map_err(AppError::Refused)?;
    let n = ops.len() as u32;
    let writes: Vec<Write> = ops
        .chunks(RESTORE_CHUNK)
        .map(|c| Write::new(by, &uuid::Uuid::new_v4().simple().to_string(), c.to_vec()))
        .collect();
    for outcome in super::maps::apply_group(store, ws, id, writes).await {
        outcome?;
    }
    Ok((safety, n))
}

/// `past` with the ids of the map's later moves to other workspaces (each an
/// [`Op::Rehome`]) applied: what it links and names, as the present workspace knows it.
async fn named_now(store: &Store, id: &MapId, mut past: Map, now: u64) -> Result<Map, AppError> {
    if past.rev >= now {
        return Ok(past);
    }
    for t in store.timed_ops(id, past.rev, now).await? {
        if let Op::Rehome { personas, channels, segments } = &t.op {
            crate::domain::transfer::Remap::of(personas, channels, segments).map(&mut past);
        }
    }
    Ok(past)
}

/// Takes back the change of revisions `from..=to` of map `id` alone (written as new ops by
/// `by`), unless later changes depend on it; how many ops it took.
pub async fn revert(store: &Store, ws: &str, id: &MapId, by: &str, from: u64, to: u64) -> Result<u32, AppError> {
    let present = store.current_map(id).await?.ok_or(AppError::NotFound)?;
    if from == 0 || from > to || to > present.rev {
        return Err(AppError::History(HistoryError::NotFound));
    }
    let before = at(store, id, from - 1).await?;
    let entry = store.timed_ops(id, from - 1, to).await?;
    let later = store.timed_ops(id, to, present.rev).await?;
    let ops = revert_ops(&before, &entry, &later, &present).map_err(AppError::History)?;
    let n = ops.len() as u32;
    let write = Write::new(by, &uuid::Uuid::new_v4().simple().to_string(), ops);
    for outcome in super::maps::apply_group(store, ws, id, vec![write]).await {
        outcome?;
    }
    Ok(n)
}
