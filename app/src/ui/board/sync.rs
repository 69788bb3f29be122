//! Saving and live collaboration: the Leptos side of a [`Replica`] (which holds the
//! confirmed map, the pending ops, the ops ahead of a gap and undo/redo, and has the tests).
//! Every edit applies at once in the browser (optimistic) and goes to the server over the
//! map's websocket; the board shows the replica's view. A refused op is dropped with a
//! message; while the connection is down, edits wait and are sent again on reconnect. Here:
//! the signals the board reads, the connection, reconnecting, and the messages shown.

use super::socket::Conn;
use crate::domain::steps::{REDO_PREFIX, UNDO_PREFIX};
use crate::domain::{CardId, Map, MapId, Op};
use crate::i18n::I18n;
use crate::protocol::replica::{Received, Replica, StepError};
use crate::protocol::{AfterClose, Person};
use crate::protocol::{ClientMsg, EditReply, EvidenceNews, Rejection, ServerMsg, SyncMsg, TalkNews};
use leptos::prelude::*;

#[path = "sync_cards.rs"]
mod cards;
#[path = "sync_commit.rs"]
mod commit;
#[path = "sync_news.rs"]
mod news;
#[path = "sync_offline.rs"]
mod offline;
#[path = "sync_parts.rs"]
mod parts;
pub use parts::Part;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveStatus {
    Saved,
    Saving,
    /// Not connected: edits are kept and sent on reconnect.
    Reconnecting,
}

/// The board's state and its link to the server.
#[derive(Clone, Copy)]
pub struct Sync {
    map_id: StoredValue<MapId>,
    /// What the board shows: the replica's view (and a keyboard move in progress).
    pub map: RwSignal<Map>,
    /// Each shown card's own signal (see [`Sync::card`]).
    cards: StoredValue<cards::CardSignals>,
    /// One trigger per part of the shown map (see [`Sync::read`]).
    parts: parts::Parts,
    replica: StoredValue<Replica>,
    pub can_undo: RwSignal<bool>,
    pub can_redo: RwSignal<bool>,
    pub status: RwSignal<SaveStatus>,
    /// The last refusal or failure, translated, until dismissed.
    pub message: RwSignal<Option<String>>,
    /// The server speaks a newer protocol: the page must reload (nothing reconnects).
    pub reload: RwSignal<bool>,
    /// The map moved to another workspace while open: the personas this page has are the
    /// old workspace's, so it asks for a reload.
    pub moved: RwSignal<bool>,
    /// Who is on the map (this browser included), and which of them is this browser.
    pub people: RwSignal<Vec<Person>>,
    pub me: RwSignal<String>,
    /// Where the others' cursors are, by connection id (in the grid's pixels).
    pub cursors: RwSignal<std::collections::HashMap<String, [f32; 2]>>,
    /// The map's workshop timer, and how far this device's clock is behind the server's.
    pub timer: RwSignal<Option<crate::domain::workshop::Timer>>,
    pub skew_ms: StoredValue<i64>,
    /// The map's workshop, while one runs.
    pub workshop: RwSignal<Option<crate::domain::facilitation::WorkshopState>>,
    /// Where the workshop's leader's board is (what followers scroll to).
    pub lead_view: RwSignal<Option<crate::domain::facilitation::ViewAt>>,
    /// A workshop guest's own cards (they may change only these); `None` for everyone else.
    own: StoredValue<Option<std::collections::HashSet<CardId>>>,
    /// Where comments that arrive over the socket go (the board's comments).
    talk: StoredValue<Option<Callback<crate::domain::comment::Comment>>>,
    /// Bumped at every catch-up (the first one and after each reconnection): what was said
    /// while the connection was down is fetched again.
    pub rejoined: RwSignal<u32>,
    /// Bumped when the server says the map's customer feedback changed (someone's import,
    /// in any process): the board loads its summary again.
    pub feedback_changed: RwSignal<u32>,
    /// How many edits wait to be saved (shown with the save state).
    pub waiting: RwSignal<usize>,
    /// Counts this browser's edits, undos and redos (an "Undo" toast lasts until the next).
    pub edits: RwSignal<u64>,
    /// Where this tab keeps its unsaved edits in the browser.
    keep: StoredValue<offline::Keep>,
    conn: StoredValue<Option<Conn>, super::BrowserStorage>,
    attempts: StoredValue<u32>,
    closed: StoredValue<bool>,
    identity: StoredValue<(String, String)>,
    last_presence: StoredValue<Option<ClientMsg>>,
    last_status: StoredValue<Option<ClientMsg>>,
    /// The viewer's role may not edit: every edit is refused here, before it is applied.
    read_only: bool,
    /// A share link's secret, passed to the websocket.
    share: StoredValue<Option<String>>,
    i18n: I18n,
}

fn new_client_op() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

impl Sync {
    /// `own`: a workshop guest's own cards (`None` for everyone else); `person`: who the
    /// viewer is (see [`Sync::keep_offline`]).
    pub fn new(
        map: Map,
        i18n: I18n,
        read_only: bool,
        share: Option<String>,
        own: Option<Vec<CardId>>,
        person: String,
    ) -> Self {
        Sync {
            map_id: StoredValue::new(map.id.clone()),
            replica: StoredValue::new(Replica::new(map.clone())),
            map: RwSignal::new(map),
            cards: StoredValue::new(Default::default()),
            parts: parts::Parts::new(),
            can_undo: RwSignal::new(false),
            can_redo: RwSignal::new(false),
            status: RwSignal::new(SaveStatus::Saved),
            message: RwSignal::new(None),
            reload: RwSignal::new(false),
            moved: RwSignal::new(false),
            people: RwSignal::new(Vec::new()),
            me: RwSignal::new(String::new()),
            cursors: RwSignal::new(Default::default()),
            timer: RwSignal::new(None),
            skew_ms: StoredValue::new(0),
            workshop: RwSignal::new(None),
            lead_view: RwSignal::new(None),
            own: StoredValue::new(own.map(|o| o.into_iter().collect())),
            talk: StoredValue::new(None),
            rejoined: RwSignal::new(0),
            feedback_changed: RwSignal::new(0),
            waiting: RwSignal::new(0),
            edits: RwSignal::new(0),
            keep: StoredValue::new(offline::Keep::new(person)),
            conn: StoredValue::new_with_storage(None),
            attempts: StoredValue::new(0),
            closed: StoredValue::new(false),
            identity: StoredValue::new((String::new(), String::new())),
            last_presence: StoredValue::new(None),
            last_status: StoredValue::new(None),
            read_only,
            share: StoredValue::new(share),
            i18n,
        }
    }

    /// Sends the comments that arrive to `to`.
    pub fn on_talk(&self, to: Callback<crate::domain::comment::Comment>) {
        self.talk.set_value(Some(to));
    }

    fn t(&self) -> &'static crate::i18n::Messages {
        self.i18n.locale.get_untracked().messages()
    }

    /// The map's id.
    pub fn map_id(&self) -> crate::domain::MapId {
        self.map_id.get_value()
    }

    /// Whether this viewer may change card `id`: anyone who may edit, a guest only theirs.
    pub fn may_change(&self, id: &CardId) -> bool {
        !self.read_only && self.own.with_value(|o| o.as_ref().is_none_or(|o| o.contains(id)))
    }

    /// Applies an op on screen only (a keyboard move in progress); not saved.
    pub fn preview(&self, op: &Op) -> bool {
        if self.read_only {
            return false;
        }
        self.show_ops([op])
    }

    pub fn undo(&self) {
        self.step(Replica::undo, UNDO_PREFIX, |t| t.nothing_to_undo);
    }

    pub fn redo(&self) {
        self.step(Replica::redo, REDO_PREFIX, |t| t.nothing_to_redo);
    }

    /// Puts the steps of an earlier visit (rebuilt from the log) under this visit's own.
    pub fn restore_steps(&self, undo: Vec<Op>, redo: Vec<Op>) {
        self.replica.update_value(|r| r.restore_steps(undo, redo));
        self.refresh_history();
    }

    fn step(
        &self,
        step: fn(&mut Replica, String) -> Result<Vec<ClientMsg>, StepError>,
        prefix: &str,
        empty: fn(&crate::i18n::Messages) -> &'static str,
    ) {
        // The prefix tells the log an undo or redo from an edit (see `domain::steps`).
        match self.replica.try_update_value(|r| step(r, format!("{prefix}{}", new_client_op()))) {
            Some(Ok(msgs)) => self.sent(msgs),
            Some(Err(StepError::Empty)) => self.message.set(Some(empty(self.t()).to_owned())),
            // Someone changed what this op touches since: it can no longer apply.
            Some(Err(StepError::Stale(_))) => self.message.set(Some(self.t().undo_failed.to_owned())),
            None => {}
        }
        self.refresh_history();
    }

    /// A local edit the replica took: shown (in place, keeping a keyboard move in
    /// progress) and sent.
    fn sent(&self, msgs: Vec<ClientMsg>) {
        let ops: Option<Vec<&Op>> = msgs.iter().map(ClientMsg::edit_op).collect();
        if !ops.is_some_and(|ops| self.show_ops(ops)) {
            self.show_view();
        }
        self.refresh_history();
        for msg in &msgs {
            self.send_msg(msg);
        }
        self.refresh_status();
        self.edits.update(|n| *n += 1);
    }

    fn refresh_history(&self) {
        let (undo, redo) = self.replica.with_value(|r| (r.can_undo(), r.can_redo()));
        self.can_undo.set(undo);
        self.can_redo.set(redo);
    }

    fn send_msg(&self, msg: &ClientMsg) -> bool {
        self.conn.try_with_value(|c| c.as_ref().is_some_and(|c| c.send(msg))).unwrap_or(false)
    }

    fn connected(&self) -> bool {
        self.conn.try_with_value(|c| c.as_ref().is_some_and(Conn::is_open)).unwrap_or(false)
    }

    fn refresh_status(&self) {
        let waiting = self.replica.with_value(|r| r.pending().len());
        let status = if !self.connected() {
            SaveStatus::Reconnecting
        } else if waiting == 0 {
            SaveStatus::Saved
        } else {
            SaveStatus::Saving
        };
        if self.status.get_untracked() != status {
            self.status.set(status);
        }
        if self.waiting.get_untracked() != waiting {
            self.waiting.set(waiting);
        }
        self.keep_pending(waiting);
    }

    /// Opens the websocket (in the browser) with this user's display name and colour.
    pub fn connect(&self, name: String, colour: String) {
        self.identity.set_value((name, colour));
        self.open();
    }

    fn open(&self) {
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
                let last_rev = this.replica.with_value(Replica::rev);
                this.send_msg(&ClientMsg::hello(last_rev, name, colour));
            },
            move |msg| this.receive(msg),
            move |code| this.on_close(code),
        );
        if let Some(old) = self.conn.try_update_value(|c| std::mem::replace(c, conn)).flatten() {
            old.close();
        }
    }

    fn on_close(&self, code: Option<u16>) {
        if self.closed.try_get_value().unwrap_or(true) {
            return;
        }
        self.status.set(SaveStatus::Reconnecting);
        self.people.set(Vec::new());
        let attempt = self.attempts.get_value();
        match crate::protocol::after_close(code, attempt) {
            AfterClose::Reload => self.reload.set(true),
            // A guest's key ends with their workshop (or their removal): the board says the
            // workshop is over rather than that the map is gone, and stays read only.
            AfterClose::Gone if self.own.with_value(Option::is_some) => {
                self.workshop.set(None);
                self.own.set_value(Some(Default::default()));
                self.status.set(SaveStatus::Saved);
            }
            // Removed from a workshop that goes on: said as such, and read only.
            AfterClose::Removed => {
                self.own.set_value(Some(Default::default()));
                self.status.set(SaveStatus::Saved);
                self.message.set(Some(self.t().ws.you_were_removed.to_owned()));
            }
            AfterClose::Gone => self.message.set(Some(self.t().err_not_found.to_owned())),
            AfterClose::Retry { after, too_many } => {
                if too_many {
                    self.message.set(Some(self.t().err_too_many_connections.to_owned()));
                }
                self.attempts.set_value(attempt + 1);
                let this = *self;
                set_timeout(move || this.open(), after);
            }
        }
    }

    /// Stops for good (the board is leaving the page; only a browser's board leaves).
    #[cfg_attr(feature = "ssr", allow(dead_code))]
    pub fn close(&self) {
        self.closed.set_value(true);
        if let Some(conn) = self.conn.try_update_value(Option::take).flatten() {
            conn.close();
        }
    }

    fn receive(&self, msg: ServerMsg) {
        let rehome = |op: &Op| matches!(op, Op::Rehome { .. });
        let moved = match &msg {
            ServerMsg::Sync(SyncMsg::Remote(logged)) => rehome(&logged.op),
            ServerMsg::Sync(SyncMsg::Welcome { ops, .. }) => ops.iter().any(|o| rehome(&o.op)),
            _ => false,
        };
        if moved {
            self.moved.set(true);
        }
        match &msg {
            ServerMsg::Presence(news) => {
                self.presence_news(news);
                return;
            }
            ServerMsg::Talk(TalkNews::Comment { comment }) => {
                if let Some(to) = self.talk.get_value() {
                    to.run(comment.clone());
                }
                return;
            }
            ServerMsg::Evidence(EvidenceNews::FeedbackChanged) => {
                self.feedback_changed.update(|n| *n += 1);
                return;
            }
            ServerMsg::Sync(SyncMsg::Welcome { you, .. } | SyncMsg::Snapshot { you, .. }) => {
                self.me.set(you.clone());
                self.rejoined.update(|n| *n += 1);
            }
            ServerMsg::Edit(EditReply::Reject { error, .. }) => {
                let message = match error {
                    Rejection::Refused { reason } => self.t().op_error(reason),
                    Rejection::NotFound => self.t().err_not_found.to_owned(),
                    Rejection::Forbidden => self.t().acc.err_forbidden.to_owned(),
                    Rejection::Unavailable => self.t().err_unavailable.to_owned(),
                };
                self.message.set(Some(message));
            }
            _ => {}
        }
        let caught_up = matches!(msg, ServerMsg::Sync(SyncMsg::Welcome { .. } | SyncMsg::Snapshot { .. }));
        let Some(got) = self.replica.try_update_value(|r| r.receive(msg)) else { return };
        self.act(got);
        if caught_up {
            for p in [self.last_presence.get_value(), self.last_status.get_value()].into_iter().flatten() {
                self.send_msg(&p);
            }
        }
        self.refresh_status();
    }

    /// Does what the replica asks after a message: catch up, send again, show anew.
    fn act(&self, got: Received) {
        if got.diverged {
            leptos::logging::warn!("an op of the log did not apply locally; asking for a snapshot");
        }
        if let Some(rev) = got.catch_up {
            self.send_msg(&ClientMsg::catch_up(rev));
        }
        for msg in &got.send {
            self.send_msg(msg);
        }
        // Someone's op, with nothing of ours waiting: applied to what is shown, so one
        // card changes; anything else shows the view anew.
        if got.changed {
            if !got.view_ops.is_empty() && self.show_ops(&got.view_ops) {
                self.follow_rev();
            } else {
                self.show_view();
            }
        }
    }
}
