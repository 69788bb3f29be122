//! Saving and live collaboration. Every edit applies at once in the browser (optimistic)
//! and goes to the server over the map's websocket. The server's log decides the order:
//! the board shows the confirmed map (every op of the log, in rev order) with this
//! browser's unconfirmed ops replayed on top. A refused op is dropped with a message; while
//! the connection is down, edits wait and are sent again on reconnect (the server applies
//! an op id once). Undo and redo invert only this user's own ops.

// In the server build nothing connects, so the receiving half is unused there.
#![cfg_attr(feature = "ssr", allow(dead_code))]

use super::socket::Conn;
use crate::api::ws::{ClientMsg, Person, Rejection, RemoteOp, ServerMsg};
use crate::domain::{CardId, Map, MapId, Op};
use crate::i18n::I18n;
use leptos::prelude::*;
use std::collections::{BTreeMap, VecDeque};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveStatus {
    Saved,
    Saving,
    /// Not connected: edits are kept and sent on reconnect.
    Reconnecting,
}

#[derive(Clone, Debug)]
struct Pending {
    client_op: String,
    op: Op,
}

/// The board's state and its link to the server.
#[derive(Clone, Copy)]
pub struct Sync {
    map_id: StoredValue<MapId>,
    /// What the board shows: confirmed state plus pending ops (and a keyboard move).
    pub map: RwSignal<Map>,
    confirmed: StoredValue<Map>,
    pending: StoredValue<VecDeque<Pending>>,
    /// Remote ops that arrived ahead of a gap, by rev.
    early: StoredValue<BTreeMap<u64, RemoteOp>>,
    undo: StoredValue<Vec<Op>>,
    redo: StoredValue<Vec<Op>>,
    pub can_undo: RwSignal<bool>,
    pub can_redo: RwSignal<bool>,
    pub status: RwSignal<SaveStatus>,
    /// The last refusal or failure, translated, until dismissed.
    pub message: RwSignal<Option<String>>,
    /// Who is on the map (this browser included), and which of them is this browser.
    pub people: RwSignal<Vec<Person>>,
    pub me: RwSignal<String>,
    conn: StoredValue<Option<Conn>, super::BrowserStorage>,
    attempts: StoredValue<u32>,
    closed: StoredValue<bool>,
    identity: StoredValue<(String, String)>,
    last_presence: StoredValue<Option<ClientMsg>>,
    /// The viewer's role may not edit: every edit is refused here, before it is applied.
    read_only: bool,
    /// A share link's secret, passed to the websocket.
    share: StoredValue<Option<String>>,
    i18n: I18n,
}

impl Sync {
    pub fn new(map: Map, i18n: I18n, read_only: bool, share: Option<String>) -> Self {
        Sync {
            map_id: StoredValue::new(map.id.clone()),
            confirmed: StoredValue::new(map.clone()),
            map: RwSignal::new(map),
            pending: StoredValue::new(VecDeque::new()),
            early: StoredValue::new(BTreeMap::new()),
            undo: StoredValue::new(Vec::new()),
            redo: StoredValue::new(Vec::new()),
            can_undo: RwSignal::new(false),
            can_redo: RwSignal::new(false),
            status: RwSignal::new(SaveStatus::Saved),
            message: RwSignal::new(None),
            people: RwSignal::new(Vec::new()),
            me: RwSignal::new(String::new()),
            conn: StoredValue::new_with_storage(None),
            attempts: StoredValue::new(0),
            closed: StoredValue::new(false),
            identity: StoredValue::new((String::new(), String::new())),
            last_presence: StoredValue::new(None),
            read_only,
            share: StoredValue::new(share),
            i18n,
        }
    }

    fn t(&self) -> &'static crate::i18n::Messages {
        self.i18n.locale.get_untracked().messages()
    }

    /// Applies a user's edit: at once on screen, then saved. Returns whether it applied.
    pub fn commit(&self, op: Op) -> bool {
        if self.read_only {
            self.message.set(Some(self.t().acc.err_forbidden.to_owned()));
            return false;
        }
        match self.apply_local(&op) {
            Ok(inverse) => {
                self.undo.update_value(|u| u.push(inverse));
                self.redo.update_value(Vec::clear);
                self.refresh_history();
                self.send(op);
                true
            }
            Err(msg) => {
                self.message.set(Some(msg));
                false
            }
        }
    }

    /// Applies an op on screen only (a keyboard move in progress); not saved.
    pub fn preview(&self, op: &Op) -> bool {
        if self.read_only {
            return false;
        }
        self.map.try_update(|m| m.apply(op).is_ok()).unwrap_or(false)
    }

    fn apply_local(&self, op: &Op) -> Result<Op, String> {
        match self.map.try_update(|m| m.apply(op)) {
            Some(Ok(inverse)) => Ok(inverse),
            Some(Err(e)) => Err(self.t().op_error(&e)),
            None => Err(self.t().err_internal.to_owned()),
        }
    }

    pub fn undo(&self) {
        self.step(self.undo, self.redo, |t| t.nothing_to_undo);
    }

    pub fn redo(&self) {
        self.step(self.redo, self.undo, |t| t.nothing_to_redo);
    }

    fn step(
        &self,
        from: StoredValue<Vec<Op>>,
        to: StoredValue<Vec<Op>>,
        empty: fn(&crate::i18n::Messages) -> &'static str,
    ) {
        let Some(op) = from.try_update_value(Vec::pop).flatten() else {
            self.message.set(Some(empty(self.t()).to_owned()));
            return;
        };
        match self.apply_local(&op) {
            Ok(inverse) => {
                to.update_value(|v| v.push(inverse));
                self.send(op);
            }
            // Someone changed what this op touches since: it can no longer apply.
            Err(_) => self.message.set(Some(self.t().undo_failed.to_owned())),
        }
        self.refresh_history();
    }

    fn refresh_history(&self) {
        self.can_undo.set(self.undo.with_value(|u| !u.is_empty()));
        self.can_redo.set(self.redo.with_value(|r| !r.is_empty()));
    }

    fn send(&self, op: Op) {
        let client_op = uuid::Uuid::new_v4().simple().to_string();
        let msg = ClientMsg::Op {
            client_op: client_op.clone(),
            base_rev: self.confirmed.with_value(|m| m.rev),
            op: op.clone(),
        };
        self.pending.update_value(|p| p.push_back(Pending { client_op, op }));
        self.send_msg(&msg);
        self.refresh_status();
    }

    fn send_msg(&self, msg: &ClientMsg) -> bool {
        self.conn.try_with_value(|c| c.as_ref().is_some_and(|c| c.send(msg))).unwrap_or(false)
    }

    fn connected(&self) -> bool {
        #[cfg(not(feature = "ssr"))]
        {
            self.conn.try_with_value(|c| c.as_ref().is_some_and(Conn::is_open)).unwrap_or(false)
        }
        #[cfg(feature = "ssr")]
        false
    }

    fn refresh_status(&self) {
        let status = if !self.connected() {
            SaveStatus::Reconnecting
        } else if self.pending.with_value(VecDeque::is_empty) {
            SaveStatus::Saved
        } else {
            SaveStatus::Saving
        };
        if self.status.get_untracked() != status {
            self.status.set(status);
        }
    }

    /// Tells the others what this browser edits or holds (again after a reconnect).
    pub fn presence(&self, editing: Option<CardId>, holding: Option<CardId>) {
        let msg = ClientMsg::Presence { editing, holding };
        self.send_msg(&msg);
        self.last_presence.set_value(Some(msg));
    }

    /// Opens the websocket (in the browser) with this user's display name and colour.
    pub fn connect(&self, name: String, colour: String) {
        self.identity.set_value((name, colour));
        self.open();
    }

    fn open(&self) {
        #[cfg(not(feature = "ssr"))]
        {
            if self.closed.try_get_value().unwrap_or(true) {
                return;
            }
            let this = *self;
            let id = self.map_id.get_value();
            let conn = Conn::open(
                id.as_str(),
                self.share.get_value().as_deref(),
                move || {
                    this.attempts.set_value(0);
                    let (name, colour) = this.identity.get_value();
                    let last_rev = this.confirmed.with_value(|m| m.rev);
                    this.send_msg(&ClientMsg::Hello { last_rev, name, colour });
                },
                move |msg| this.receive(msg),
                move |code| this.on_close(code),
            );
            if let Some(old) = self.conn.try_update_value(|c| std::mem::replace(c, conn)).flatten() {
                old.close();
            }
        }
    }

    #[cfg_attr(feature = "ssr", allow(dead_code))]
    fn on_close(&self, code: Option<u16>) {
        if self.closed.try_get_value().unwrap_or(true) {
            return;
        }
        self.status.set(SaveStatus::Reconnecting);
        self.people.set(Vec::new());
        if code == Some(crate::api::ws::CLOSE_NOT_FOUND) {
            self.message.set(Some(self.t().err_not_found.to_owned()));
            return;
        }
        if code == Some(crate::api::ws::CLOSE_TOO_MANY) {
            self.message.set(Some(self.t().err_too_many_connections.to_owned()));
        }
        // Back off: 0.5 s, 1 s, 2 s … up to 10 s.
        let attempt = self.attempts.get_value();
        self.attempts.set_value(attempt + 1);
        let delay = (500u64 << attempt.min(5)).min(10_000);
        let this = *self;
        set_timeout(move || this.open(), std::time::Duration::from_millis(delay));
    }

    /// Stops for good (the board is leaving the page).
    pub fn close(&self) {
        self.closed.set_value(true);
        if let Some(conn) = self.conn.try_update_value(Option::take).flatten() {
            conn.close();
        }
    }

    fn receive(&self, msg: ServerMsg) {
        match msg {
            ServerMsg::Welcome { you, ops, .. } => {
                self.me.set(you);
                let mine_only = self.take_remote(ops);
                self.resend_pending();
                if let Some(p) = self.last_presence.get_value() {
                    self.send_msg(&p);
                }
                if !mine_only {
                    self.rebuild();
                }
            }
            ServerMsg::Snapshot { you, map } => {
                self.me.set(you);
                self.early.update_value(BTreeMap::clear);
                self.confirmed.set_value(map);
                self.resend_pending();
                self.rebuild();
            }
            ServerMsg::Remote(op) => {
                if !self.take_remote(vec![op]) {
                    self.rebuild();
                }
            }
            ServerMsg::Ack { .. } => {}
            ServerMsg::Reject { client_op, error } => {
                let message = match &error {
                    Rejection::Refused { reason } => self.t().op_error(reason),
                    Rejection::NotFound => self.t().err_not_found.to_owned(),
                    Rejection::Forbidden => self.t().acc.err_forbidden.to_owned(),
                    Rejection::Unavailable => self.t().err_unavailable.to_owned(),
                };
                self.pending.update_value(|p| p.retain(|x| x.client_op != client_op));
                self.rebuild();
                self.message.set(Some(message));
            }
            ServerMsg::People { people } => self.people.set(people),
        }
        self.refresh_status();
    }

    /// Applies remote ops to the confirmed map in rev order (holding back any after a gap).
    /// Returns whether every op applied was this browser's own (the view is then current).
    fn take_remote(&self, ops: Vec<RemoteOp>) -> bool {
        let rev = self.confirmed.with_value(|m| m.rev);
        self.early.update_value(|early| {
            for op in ops.into_iter().filter(|o| o.rev > rev) {
                early.insert(op.rev, op);
            }
        });
        let mut mine_only = true;
        loop {
            let next = self.confirmed.with_value(|m| m.rev) + 1;
            let Some(op) = self.early.try_update_value(|e| e.remove(&next)).flatten() else {
                break;
            };
            let mine = self.pending.try_update_value(|p| match p.iter().position(|x| x.client_op == op.client_op) {
                Some(i) => p.remove(i).is_some(),
                None => false,
            });
            mine_only &= mine == Some(true);
            let applied = self.confirmed.try_update_value(|m| {
                let ok = m.apply(&op.op).is_ok();
                m.rev = op.rev;
                ok
            });
            if applied == Some(false) {
                // Our copy disagrees with the log: ask for the whole map.
                leptos::logging::warn!("op {} did not apply locally; asking for a snapshot", op.rev);
                self.send_msg(&ClientMsg::Hello { last_rev: u64::MAX, name: String::new(), colour: String::new() });
                return false;
            }
        }
        if self.early.with_value(|e| !e.is_empty()) {
            // A gap: catch up from the log.
            let last_rev = self.confirmed.with_value(|m| m.rev);
            self.send_msg(&ClientMsg::Hello { last_rev, name: String::new(), colour: String::new() });
        }
        mine_only
    }

    fn resend_pending(&self) {
        let base_rev = self.confirmed.with_value(|m| m.rev);
        for p in self.pending.get_value() {
            self.send_msg(&ClientMsg::Op { client_op: p.client_op, base_rev, op: p.op });
        }
    }

    /// Shows the confirmed map plus every pending op that still applies.
    fn rebuild(&self) {
        let mut map = self.confirmed.get_value();
        self.pending.update_value(|p| p.retain(|pending| map.apply(&pending.op).is_ok()));
        self.map.set(map);
    }
}
