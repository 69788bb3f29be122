//! Writing ops: the group commit. Writes queue per map; whoever holds the map's lock takes
//! everything queued, applies it to the cached map and commits every accepted write in one
//! transaction (the statements `writes` builds), guarded by the map's revision so writers
//! in other processes are caught. Also the per-map [`Slot`] that holds the lock, the queue
//! and the cached map.

use super::decode::Checked;
use super::writes::{failure_cause, Writes};
use super::{Store, StoreError};
use crate::domain::*;
use serde_json::Value;

/// The outcome of a write: the new revision and, per op, the op that undoes it. A batch
/// whose client op id the log already holds is not applied again: `duplicate` is set and
/// `rev` is the revision it got the first time.
#[derive(Clone, Debug, PartialEq)]
pub struct Applied {
    pub rev: u64,
    pub inverses: Vec<Op>,
    pub duplicate: bool,
}

/// Revisions between the snapshots the log keeps of a map (see `history::at`).
pub const SNAPSHOT_EVERY: u64 = 1_000;

/// How often a write retries when another process wrote the same map first.
const STALE_RETRIES: usize = 8;

impl Store {
    /// Applies `ops` to a map, in order, in one transaction: the touched records, one log
    /// row per op, and `map.rev` advanced by the number of ops. All or nothing: if any op is
    /// refused, nothing is written.
    pub async fn apply_ops(
        &self,
        id: &MapId,
        author: &str,
        client_op: &str,
        ops: &[Op],
    ) -> Result<Applied, StoreError> {
        let write = Write::new(author, client_op, ops.to_vec());
        self.apply_writes(id, vec![write]).await.pop().unwrap_or(Err(StoreError::MapNotFound))
    }

    /// Applies several writes to one map, each all or nothing, and returns one outcome per
    /// write in the same order.
    ///
    /// Group commit: writes queue per map; whoever holds the map's lock takes everything
    /// queued and commits it in one transaction, so concurrent writers (and a client that
    /// sent several ops at once) share one commit instead of waiting for one each. A refused
    /// write is left out of the transaction without affecting the others.
    #[tracing::instrument(level = "debug", skip_all, fields(map = %id, writes = writes.len()))]
    pub async fn apply_writes(&self, id: &MapId, writes: Vec<Write>) -> Vec<Result<Applied, StoreError>> {
        let slot = self.map_slot(id);
        let mut waiting = Vec::with_capacity(writes.len());
        {
            let mut queue = slot.queue.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            for write in writes {
                let (tx, rx) = tokio::sync::oneshot::channel();
                queue.push(Queued { write, reply: tx });
                waiting.push(rx);
            }
        }
        {
            let mut cached = slot.state.lock().await;
            let batch = std::mem::take(&mut *slot.queue.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
            // An earlier holder of the lock may have committed ours already.
            if !batch.is_empty() {
                self.commit_group(id, &mut cached, batch).await;
            }
        }
        let mut outcomes = Vec::with_capacity(waiting.len());
        for rx in waiting {
            outcomes.push(rx.await.unwrap_or_else(|_| Err(StoreError::Corrupt("write abandoned".into()))));
        }
        outcomes
    }

    /// Applies one write on its own, not grouped with others, with `extra` statements and
    /// their parameters in the same transaction after the map's own writes (they may use
    /// `$m` and `$map_id`; their parameter names must not clash with the writes').
    pub(super) async fn apply_alone(&self, id: &MapId, write: Write, extra: Extra) -> Result<Applied, StoreError> {
        let slot = self.map_slot(id);
        let mut cached = slot.state.lock().await;
        match self.commit(id, &mut cached, &[&write], Some(&extra)).await {
            Ok(mut outcomes) => outcomes.pop().unwrap_or(Err(StoreError::MapNotFound)),
            Err(e) => self.failure(id, &write, &e).await,
        }
    }

    /// Commits a group of queued writes and answers each.
    #[tracing::instrument(level = "debug", skip_all, fields(batch = batch.len()))]
    async fn commit_group(&self, id: &MapId, cached: &mut Option<Map>, batch: Vec<Queued>) {
        let writes: Vec<&Write> = batch.iter().map(|q| &q.write).collect();
        match self.commit(id, cached, &writes, None).await {
            Ok(outcomes) => {
                for (queued, outcome) in batch.into_iter().zip(outcomes) {
                    let _ = queued.reply.send(outcome);
                }
            }
            // A client op id already in the log (a resend after a reconnect): commit the
            // writes one by one so only that one is reported as a duplicate.
            Err(GroupError::Duplicate) if batch.len() > 1 => {
                for queued in batch {
                    let outcome = match self.commit(id, cached, &[&queued.write], None).await {
                        Ok(mut outcomes) => outcomes.pop().unwrap_or(Err(StoreError::MapNotFound)),
                        Err(e) => self.failure(id, &queued.write, &e).await,
                    };
                    let _ = queued.reply.send(outcome);
                }
            }
            Err(e) => {
                for queued in batch {
                    let outcome = self.failure(id, &queued.write, &e).await;
                    let _ = queued.reply.send(outcome);
                }
            }
        }
    }

    /// What a failed commit means for one write of it.
    async fn failure(&self, id: &MapId, write: &Write, e: &GroupError) -> Result<Applied, StoreError> {
        match e {
            GroupError::Duplicate => {
                let rev = self.rev_of_client_op(id, &write.client_op).await?.unwrap_or(0);
                Ok(Applied { rev, inverses: Vec::new(), duplicate: true })
            }
            GroupError::Store(StoreError::MapNotFound) => Err(StoreError::MapNotFound),
            GroupError::Store(StoreError::Replan) => Err(StoreError::Replan),
            GroupError::Store(e) => Err(StoreError::Corrupt(e.to_string())),
        }
    }

    /// Applies `writes` in order to the cached map and commits every accepted one in one
    /// transaction, retrying from a fresh load when another process wrote first.
    async fn commit(
        &self,
        id: &MapId,
        cached: &mut Option<Map>,
        writes: &[&Write],
        extra: Option<&Extra>,
    ) -> Result<Vec<Result<Applied, StoreError>>, GroupError> {
        for attempt in 0..STALE_RETRIES {
            if cached.is_none() || attempt > 0 {
                match self.load_map(id).await {
                    Ok(Some(map)) => *cached = Some(map),
                    Ok(None) => {
                        *cached = None;
                        return Ok(writes.iter().map(|_| Err(StoreError::MapNotFound)).collect());
                    }
                    Err(e) => return Err(GroupError::Store(e)),
                }
            }
            // Apply in place on the cached map (no copy of a large map per op); a refusal
            // rolls its own write back with the inverses, a failed commit drops the cache.
            let Some(map) = cached.as_mut() else {
                return Ok(writes.iter().map(|_| Err(StoreError::MapNotFound)).collect());
            };
            let base = map.rev;
            let mut sql = Writes::default();
            let mut outcomes = Vec::with_capacity(writes.len());
            let mut client_ops = Vec::new();
            for write in writes {
                let mark = sql.mark();
                let mut inverses = Vec::with_capacity(write.ops.len());
                let mut refused = None;
                for op in &write.ops {
                    let stamped = stamp(op, &write.author);
                    let op = stamped.as_ref().unwrap_or(op);
                    let touched = map.touched(op);
                    let inverse = match map.apply(op) {
                        Ok(inverse) => inverse,
                        Err(refusal) => {
                            refused = Some(refusal);
                            break;
                        }
                    };
                    map.rev += 1;
                    sql.touch(touched);
                    let step = write.who.as_deref().map(|who| (who, &inverse));
                    sql.log(map.rev, &write.author, &write.client_op, op, step);
                    inverses.push(inverse);
                }
                if let Some(refusal) = refused {
                    sql.reset(mark);
                    for inverse in inverses.iter().rev() {
                        if map.apply(inverse).is_err() {
                            *cached = None;
                            return Err(GroupError::Store(StoreError::Corrupt("an inverse did not apply".into())));
                        }
                    }
                    map.rev -= inverses.len() as u64;
                    // A resent op (after a reconnect) no longer applies: it is in the log.
                    let outcome = match self.client_op_logged(id, &write.client_op).await {
                        Ok(Some(rev)) => Ok(Applied { rev, inverses: Vec::new(), duplicate: true }),
                        Ok(None) => Err(StoreError::Refused(refusal)),
                        Err(e) => Err(e),
                    };
                    outcomes.push(outcome);
                    continue;
                }
                if !write.client_op.is_empty() {
                    client_ops.push(write.client_op.clone());
                }
                outcomes.push(Ok(Applied { rev: map.rev, inverses, duplicate: false }));
            }
            if map.rev == base {
                // Nothing accepted: nothing to write.
                return Ok(outcomes);
            }
            let (mut statements, mut params) = sql.query(map);
            if let Some((more, more_params)) = extra {
                statements.push_str(more);
                params.extend(more_params.iter().cloned());
            }
            match self.run_writes(id, base, client_ops, (statements, params)).await {
                Ok(()) => {
                    // A snapshot every SNAPSHOT_EVERY revisions: the past is rebuilt from the
                    // nearest one, never from op 1 of a long log. A failure costs only speed.
                    // Written beside the commit, not in it: a large map's snapshot (a few MB
                    // of JSON) held every write queued behind this map's lock, and their
                    // acknowledgements, for as long as it took.
                    if base / SNAPSHOT_EVERY != map.rev / SNAPSHOT_EVERY {
                        let (store, map) = (self.clone(), map.clone());
                        tokio::spawn(async move {
                            if let Err(e) = store.put_snapshot(&map).await {
                                tracing::warn!(map = %map.id, error = %e, "snapshot not kept");
                            }
                        });
                    }
                    return Ok(outcomes);
                }
                Err(WriteError::Duplicate) => {
                    *cached = None;
                    return Err(GroupError::Duplicate);
                }
                Err(WriteError::Stale) => {
                    tracing::debug!(map = %id, attempt, "map changed elsewhere; reloading");
                    continue;
                }
                Err(WriteError::Store(e)) => {
                    *cached = None;
                    return Err(GroupError::Store(e));
                }
            }
        }
        *cached = None;
        Err(GroupError::Store(StoreError::Corrupt("too many concurrent writers".into())))
    }

    async fn client_op_logged(&self, id: &MapId, client_op: &str) -> Result<Option<u64>, StoreError> {
        if client_op.is_empty() {
            return Ok(None);
        }
        self.rev_of_client_op(id, client_op).await
    }

    async fn run_writes(
        &self,
        id: &MapId,
        base: u64,
        client_ops: Vec<String>,
        (sql, params): (String, Vec<(&'static str, Value)>),
    ) -> Result<(), WriteError> {
        let mut q = String::from(
            "BEGIN TRANSACTION;
             LET $m = type::record('map', $map_id);
             LET $cur = (SELECT VALUE rev FROM ONLY $m);
             IF $cur == NONE { THROW 'jornada:gone' };
             IF $cur != $base { THROW 'jornada:stale' };
             FOR $c IN $client_ops { IF (SELECT VALUE rev FROM op WHERE map = $m AND client_op = $c LIMIT 1)[0] != NONE { THROW 'jornada:duplicate' } };\n",
        );
        q.push_str(&sql);
        q.push_str("COMMIT TRANSACTION;");
        let mut query = self
            .db
            .query(q)
            .bind(("map_id", id.0.clone()))
            .bind(("base", base as i64))
            .bind(("client_ops", client_ops));
        for (name, value) in params {
            query = query.bind((name, value));
        }
        let mut res = query.await.map_err(|e| WriteError::Store(e.into()))?;
        let errors = res.take_errors();
        if errors.is_empty() {
            return Ok(());
        }
        let messages: Vec<String> = errors.values().map(|e| e.to_string()).collect();
        let any = |needle: &str| messages.iter().any(|m| m.contains(needle));
        if any("jornada:duplicate") {
            Err(WriteError::Duplicate)
        } else if any("jornada:stale") || any("op_map_rev") || any("onflict") {
            Err(WriteError::Stale)
        } else if any("jornada:replan") {
            Err(WriteError::Store(StoreError::Replan))
        } else if any("jornada:gone") {
            Err(WriteError::Store(StoreError::MapNotFound))
        } else {
            let cause = failure_cause(&messages);
            Err(WriteError::Store(StoreError::Corrupt(format!("write failed: {cause}"))))
        }
    }

    /// The revision of the op a client sent with this id, if the log has it.
    async fn rev_of_client_op(&self, id: &MapId, client_op: &str) -> Result<Option<u64>, StoreError> {
        let mut res = self
            .db
            .query("SELECT VALUE rev FROM op WHERE map = type::record('map', $id) AND client_op = $client_op ORDER BY rev DESC LIMIT 1")
            .bind(("id", id.0.clone()))
            .bind(("client_op", client_op.to_owned()))
            .await?
            .checked()?;
        let revs: Vec<i64> = res.take(0)?;
        Ok(revs.first().map(|r| *r as u64))
    }
}

/// An added card carries who added it (the writer's name, whatever the client said);
/// `None` when `op` is not an added card or already says so.
fn stamp(op: &Op, author: &str) -> Option<Op> {
    match op {
        Op::AddCard { card } if card.author.as_deref() != Some(author) => {
            Some(Op::AddCard { card: crate::domain::Card { author: Some(author.to_owned()), ..card.clone() } })
        }
        _ => None,
    }
}

/// Statements to run in a write's transaction, and their parameters.
pub(super) type Extra = (String, Vec<(&'static str, Value)>);

enum WriteError {
    Stale,
    Duplicate,
    Store(StoreError),
}

/// One write a client asks for: its ops, all or nothing, under one client op id.
#[derive(Clone, Debug)]
pub struct Write {
    pub author: String,
    pub client_op: String,
    pub ops: Vec<Op>,
    /// The member (user id) who made it on the board: the log keeps each op's inverse with
    /// it, so their undo survives a reload. `None` for imports, restores, the API and
    /// share-link holders.
    pub who: Option<String>,
}

impl Write {
    pub fn new(author: &str, client_op: &str, ops: Vec<Op>) -> Self {
        Write { author: author.to_owned(), client_op: client_op.to_owned(), ops, who: None }
    }
}

struct Queued {
    write: Write,
    reply: tokio::sync::oneshot::Sender<Result<Applied, StoreError>>,
}

/// The per-map state of this process: the writers' lock with the cached map, and the
/// queue of writes waiting for the next group commit.
#[derive(Default)]
pub(super) struct Slot {
    pub(super) state: tokio::sync::Mutex<Option<Map>>,
    /// When it was last used (the store's tick), for eviction.
    pub(super) used: std::sync::atomic::AtomicU64,
    queue: std::sync::Mutex<Vec<Queued>>,
}

/// Why a group commit failed as a whole.
enum GroupError {
    /// A client op id of the group is in the log already.
    Duplicate,
    Store(StoreError),
}
