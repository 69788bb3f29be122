//! A client's copy of one map, as the browser keeps it (and the tests and the load
//! generator, which use this same type): plain Rust, no Leptos.
//!
//! The server's log decides the order. The replica keeps the **confirmed** map (every op
//! of the log applied in rev order; ops that arrive ahead of a gap wait in `early`), this
//! client's **pending** ops (sent, not yet seen in the log) and the **view**: the
//! confirmed map with the pending ops replayed on top, which is what the board shows. A
//! rejected op leaves the queue and the view is rebuilt without it; after a reconnect the
//! pending ops are sent again (the server applies a client op id once). Undo and redo
//! invert only this client's own ops, against the view as it is now.

use super::{ClientMsg, EditReply, LoggedOp, ServerMsg, SyncMsg};
use crate::domain::{Map, Op, OpError};
use std::collections::{BTreeMap, VecDeque};

/// An op sent and not yet seen in the log. (Serialisable: the browser keeps its queue in
/// local storage, so edits made offline survive a reload or a closed tab.)
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Pending {
    pub client_op: String,
    pub op: Op,
}

/// What a message from the server changed, and what the caller should do about it.
#[derive(Debug, Default, PartialEq)]
pub struct Received {
    /// The view changed: show [`Replica::view`] anew. When false the view already shows
    /// what arrived (only this client's own ops came back, in order).
    pub changed: bool,
    /// Send [`ClientMsg::catch_up`] from this rev (a gap, or `u64::MAX` for the whole map).
    pub catch_up: Option<u64>,
    /// Messages to send (the pending ops again, after a welcome or a snapshot).
    pub send: Vec<ClientMsg>,
    /// The log's ops this message applied to the confirmed map, in rev order.
    pub applied: Vec<LoggedOp>,
    /// An op of the log did not apply to the confirmed map: this copy disagrees with the
    /// server (a snapshot was asked for).
    pub diverged: bool,
    /// When the view changed by taking these ops in order and nothing else (no rebuild):
    /// the board applies them to what it shows, in place, instead of showing the whole
    /// view anew. Empty when `changed` means "show the view anew".
    pub view_ops: Vec<Op>,
}

/// Why an undo or redo sent nothing.
#[derive(Clone, Debug, PartialEq)]
pub enum StepError {
    /// Nothing to undo (or redo).
    Empty,
    /// Someone changed what the op touches since: it no longer applies (and is dropped).
    Stale(OpError),
}

#[derive(Clone, Debug)]
pub struct Replica {
    confirmed: Map,
    view: Map,
    pending: VecDeque<Pending>,
    /// Ops of the log that arrived ahead of a gap, by rev.
    early: BTreeMap<u64, LoggedOp>,
    /// Undo and redo steps: each the ops that take one step back (or forward), in the
    /// order they apply (a step of several ops: a paste, a change to several cards).
    undo: Vec<Vec<Op>>,
    redo: Vec<Vec<Op>>,
}

impl Replica {
    /// A replica of `map` as the server sent it (confirmed at `map.rev`).
    pub fn new(map: Map) -> Self {
        Replica {
            view: map.clone(),
            confirmed: map,
            pending: VecDeque::new(),
            early: BTreeMap::new(),
            undo: Vec::new(),
            redo: Vec::new(),
        }
    }

    /// The map to show: confirmed plus pending.
    pub fn view(&self) -> &Map {
        &self.view
    }

    /// The map as the log has it, up to [`Replica::rev`].
    pub fn confirmed(&self) -> &Map {
        &self.confirmed
    }

    /// The last rev applied from the log.
    pub fn rev(&self) -> u64 {
        self.confirmed.rev
    }

    pub fn pending(&self) -> impl ExactSizeIterator<Item = &Pending> {
        self.pending.iter()
    }

    /// Ops received ahead of one still missing.
    pub fn waiting(&self) -> usize {
        self.early.len()
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// A user's edit under a new client op id: applied to the view at once, queued, and
    /// the message to send returned. Clears redo.
    pub fn local(&mut self, client_op: String, op: Op) -> Result<ClientMsg, OpError> {
        let inverse = self.view.apply(&op)?;
        self.undo.push(vec![inverse]);
        self.redo.clear();
        Ok(self.queue(client_op, op))
    }

    /// Several edits as one step (undone and redone together): all apply to the view, or
    /// none does and the first refusal is returned. The messages to send, in order.
    pub fn local_group(&mut self, ops: Vec<(String, Op)>) -> Result<Vec<ClientMsg>, OpError> {
        let step = self.apply_all(ops.iter().map(|(_, op)| op.clone()).collect())?;
        self.undo.push(step);
        self.redo.clear();
        Ok(ops.into_iter().map(|(id, op)| self.queue(id, op)).collect())
    }

    /// Applies `ops` to the view in order, returning what takes them back (in the order it
    /// applies); when one fails, those applied are taken back and its error returned.
    fn apply_all(&mut self, ops: Vec<Op>) -> Result<Vec<Op>, OpError> {
        let mut back = Vec::with_capacity(ops.len());
        for op in &ops {
            match self.view.apply(op) {
                Ok(inverse) => back.push(inverse),
                Err(e) => {
                    for inverse in back.iter().rev() {
                        let _ = self.view.apply(inverse);
                    }
                    return Err(e);
                }
            }
        }
        back.reverse();
        Ok(back)
    }

    /// Takes in the ops an earlier visit queued and never saw saved (kept by the browser
    /// while the connection was down), with their client op ids: applied to the view, in
    /// order, and sent with the next welcome. The server applies a client op id once, so an
    /// op that did reach it before the tab closed is acked, not applied twice. Ops that no
    /// longer apply to the map as it is now are dropped; the count taken in is returned.
    /// They are not undo steps of this visit.
    pub fn adopt(&mut self, kept: Vec<Pending>) -> usize {
        let mut taken = 0;
        for p in kept {
            if self.pending.iter().any(|q| q.client_op == p.client_op) || self.view.apply(&p.op).is_err() {
                continue;
            }
            self.pending.push_back(p);
            taken += 1;
        }
        taken
    }

    /// Puts steps rebuilt from the log (an earlier visit's, see [`crate::domain::steps`])
    /// under this visit's own: older undo steps below the new ones; the earlier redo steps
    /// only while this visit has made no edit (an edit clears redo).
    pub fn restore_steps(&mut self, undo: Vec<Op>, redo: Vec<Op>) {
        let fresh = self.undo.is_empty() && self.redo.is_empty();
        let mine = std::mem::replace(&mut self.undo, undo.into_iter().map(|op| vec![op]).collect());
        self.undo.extend(mine);
        if fresh {
            self.redo = redo.into_iter().map(|op| vec![op]).collect();
        }
    }

    /// Takes the last step back. Its ops are sent as `client_op`, then `client_op.1`, … A
    /// step that no longer applies (someone changed what it touches) is dropped.
    pub fn undo(&mut self, client_op: String) -> Result<Vec<ClientMsg>, StepError> {
        let step = self.undo.pop().ok_or(StepError::Empty)?;
        let back = self.apply_all(step.clone()).map_err(StepError::Stale)?;
        self.redo.push(back);
        Ok(self.queue_step(&client_op, step))
    }

    pub fn redo(&mut self, client_op: String) -> Result<Vec<ClientMsg>, StepError> {
        let step = self.redo.pop().ok_or(StepError::Empty)?;
        let back = self.apply_all(step.clone()).map_err(StepError::Stale)?;
        self.undo.push(back);
        Ok(self.queue_step(&client_op, step))
    }

    fn queue_step(&mut self, client_op: &str, step: Vec<Op>) -> Vec<ClientMsg> {
        step.into_iter()
            .enumerate()
            .map(|(i, op)| self.queue(if i == 0 { client_op.to_owned() } else { format!("{client_op}.{i}") }, op))
            .collect()
    }

    fn queue(&mut self, client_op: String, op: Op) -> ClientMsg {
        let msg = ClientMsg::op(client_op.clone(), self.confirmed.rev, op.clone());
        self.pending.push_back(Pending { client_op, op });
        msg
    }

    /// Every pending op again, in order (after a reconnect).
    pub fn resend(&self) -> Vec<ClientMsg> {
        let base_rev = self.confirmed.rev;
        self.pending.iter().map(|p| ClientMsg::op(p.client_op.clone(), base_rev, p.op.clone())).collect()
    }

    /// Takes a message of the sync or edit family (presence changes nothing here).
    pub fn receive(&mut self, msg: ServerMsg) -> Received {
        match msg {
            ServerMsg::Sync(SyncMsg::Welcome { ops, .. }) => self.welcome(ops),
            ServerMsg::Sync(SyncMsg::Snapshot { map, .. }) => self.snapshot(map),
            ServerMsg::Sync(SyncMsg::Remote(op)) => self.remote(op),
            ServerMsg::Edit(EditReply::Reject { client_op, .. }) => self.reject(&client_op),
            ServerMsg::Edit(EditReply::Ack { client_op, rev }) => self.ack(&client_op, rev),
            ServerMsg::Presence(_) | ServerMsg::Talk(_) | ServerMsg::Evidence(_) => Received::default(),
        }
    }

    /// The catch-up after a hello: the missing ops; then the pending ones are sent again.
    pub fn welcome(&mut self, ops: Vec<LoggedOp>) -> Received {
        let mut got = self.take(ops);
        got.send = self.resend();
        got
    }

    /// The whole map as the log has it now; ops already received beyond it still apply.
    pub fn snapshot(&mut self, map: Map) -> Received {
        self.confirmed = map;
        let rev = self.confirmed.rev;
        self.early.retain(|r, _| *r > rev);
        self.rebuild();
        let mut got = self.take(Vec::new());
        got.changed = true;
        got.view_ops.clear();
        got.send = self.resend();
        got
    }

    /// One op of the log.
    pub fn remote(&mut self, op: LoggedOp) -> Received {
        self.take(vec![op])
    }

    /// The server logged one of our ops at `rev`. Usually it leaves the queue when it comes
    /// back through the log, in rev order; but an op the confirmed map already holds (it
    /// came in a snapshot, which names no client ops, and was sent again) leaves it now.
    pub fn ack(&mut self, client_op: &str, rev: u64) -> Received {
        if rev > self.confirmed.rev || !self.pending.iter().any(|p| p.client_op == client_op) {
            return Received::default();
        }
        self.pending.retain(|p| p.client_op != client_op);
        self.rebuild();
        Received { changed: true, ..Received::default() }
    }

    /// The server refused one of our ops: it leaves the queue and the view.
    pub fn reject(&mut self, client_op: &str) -> Received {
        self.pending.retain(|p| p.client_op != client_op);
        self.rebuild();
        Received { changed: true, ..Received::default() }
    }

    /// Applies ops of the log in rev order, holding back any after a gap.
    fn take(&mut self, ops: Vec<LoggedOp>) -> Received {
        let rev = self.confirmed.rev;
        for op in ops.into_iter().filter(|o| o.rev > rev) {
            self.early.insert(op.rev, op);
        }
        let mut got = Received::default();
        let mut rebuild = false;
        while let Some(op) = self.early.remove(&(self.confirmed.rev + 1)) {
            // Our oldest pending op coming back leaves the view as it is. Another op with
            // nothing pending applies to the view too (it equals the confirmed map then);
            // anything else (ours out of queue order after a resend, or someone's while
            // ours wait) rebuilds the view.
            match self.pending.iter().position(|p| p.client_op == op.client_op) {
                // The server may have completed it (an added card's author): show its copy.
                Some(0) => {
                    if self.pending.pop_front().is_some_and(|p| p.op != op.op) {
                        rebuild = true;
                    }
                }
                Some(i) => {
                    self.pending.remove(i);
                    rebuild = true;
                }
                None if self.pending.is_empty() && !rebuild => {
                    rebuild = self.view.apply(&op.op).is_err();
                    got.changed = true;
                    got.view_ops.push(op.op.clone());
                }
                None => rebuild = true,
            }
            if let Op::Rehome { personas, channels, segments } = &op.op {
                // The map moved to another workspace: what waits here names the old one's ids.
                let remap = crate::domain::transfer::Remap::of(personas, channels, segments);
                self.pending.iter_mut().for_each(|p| remap.op(&mut p.op));
                self.undo.iter_mut().chain(self.redo.iter_mut()).flatten().for_each(|o| remap.op(o));
                rebuild = true;
            }
            let ok = self.confirmed.apply(&op.op).is_ok();
            self.confirmed.rev = op.rev;
            self.view.rev = self.view.rev.max(op.rev);
            got.applied.push(op);
            if !ok {
                // Our copy disagrees with the log: ask for the whole map.
                got.diverged = true;
                got.catch_up = Some(u64::MAX);
                rebuild = true;
                break;
            }
        }
        if !got.diverged && !self.early.is_empty() {
            // A gap: catch up from the log.
            got.catch_up = Some(self.confirmed.rev);
        }
        if rebuild {
            self.rebuild();
            got.changed = true;
            got.view_ops.clear();
        }
        got
    }

    /// The view anew: the confirmed map plus every pending op that still applies (the
    /// others are dropped).
    fn rebuild(&mut self) {
        let mut view = self.confirmed.clone();
        self.pending.retain(|p| view.apply(&p.op).is_ok());
        self.view = view;
    }
}

#[cfg(test)]
#[path = "replica_tests.rs"]
mod tests;
