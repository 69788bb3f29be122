//! Saving: every edit applies at once in the browser (optimistic) and is sent in order.
//! A refused op is dropped and the board rebuilt from what the server confirmed plus the
//! edits still waiting; a network failure keeps the edits and retries with back-off.
//! Undo and redo invert only this user's own ops.

use crate::api::maps::apply_op;
use crate::domain::{Map, MapId, Op};
use crate::i18n::I18n;
use leptos::prelude::*;
use std::collections::VecDeque;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveStatus {
    Saved,
    Saving,
    Offline,
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
    /// What the map shows: confirmed state plus pending ops (and a keyboard move in progress).
    pub map: RwSignal<Map>,
    confirmed: StoredValue<Map>,
    pending: StoredValue<VecDeque<Pending>>,
    sending: StoredValue<bool>,
    undo: StoredValue<Vec<Op>>,
    redo: StoredValue<Vec<Op>>,
    pub can_undo: RwSignal<bool>,
    pub can_redo: RwSignal<bool>,
    pub status: RwSignal<SaveStatus>,
    /// The last refusal or failure, translated, until dismissed.
    pub message: RwSignal<Option<String>>,
    i18n: I18n,
}

impl Sync {
    pub fn new(map: Map, i18n: I18n) -> Self {
        Sync {
            map_id: StoredValue::new(map.id.clone()),
            confirmed: StoredValue::new(map.clone()),
            map: RwSignal::new(map),
            pending: StoredValue::new(VecDeque::new()),
            sending: StoredValue::new(false),
            undo: StoredValue::new(Vec::new()),
            redo: StoredValue::new(Vec::new()),
            can_undo: RwSignal::new(false),
            can_redo: RwSignal::new(false),
            status: RwSignal::new(SaveStatus::Saved),
            message: RwSignal::new(None),
            i18n,
        }
    }

    /// Applies a user's edit: at once on screen, then saved. Returns whether it applied.
    pub fn commit(&self, op: Op) -> bool {
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
        self.map
            .try_update(|m| m.apply(op).is_ok())
            .unwrap_or(false)
    }

    fn apply_local(&self, op: &Op) -> Result<Op, String> {
        let t = self.i18n.locale.get_untracked().messages();
        match self.map.try_update(|m| m.apply(op)) {
            Some(Ok(inverse)) => Ok(inverse),
            Some(Err(e)) => Err(t.op_error(&e)),
            None => Err(t.err_internal.to_owned()),
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
        let t = self.i18n.locale.get_untracked().messages();
        let Some(op) = from.try_update_value(Vec::pop).flatten() else {
            self.message.set(Some(empty(t).to_owned()));
            return;
        };
        match self.apply_local(&op) {
            Ok(inverse) => {
                to.update_value(|v| v.push(inverse));
                self.send(op);
            }
            Err(_) => self.message.set(Some(t.undo_failed.to_owned())),
        }
        self.refresh_history();
    }

    fn refresh_history(&self) {
        self.can_undo.set(self.undo.with_value(|u| !u.is_empty()));
        self.can_redo.set(self.redo.with_value(|r| !r.is_empty()));
    }

    fn send(&self, op: Op) {
        let client_op = uuid::Uuid::new_v4().simple().to_string();
        self.pending
            .update_value(|p| p.push_back(Pending { client_op, op }));
        self.status.set(SaveStatus::Saving);
        self.flush();
    }

    /// Sends the oldest pending op, then the next, one at a time so the server sees them in
    /// the order they were made.
    fn flush(&self) {
        if self.sending.get_value() {
            return;
        }
        let Some(next) = self.pending.with_value(|p| p.front().cloned()) else {
            self.status.set(SaveStatus::Saved);
            return;
        };
        self.sending.set_value(true);
        let this = *self;
        leptos::task::spawn_local(async move {
            let mut delay_ms = 500u32;
            loop {
                match apply_op(
                    this.map_id.get_value(),
                    next.client_op.clone(),
                    next.op.clone(),
                )
                .await
                {
                    Ok(rev) => {
                        this.confirmed.update_value(|m| {
                            if m.apply(&next.op).is_ok() {
                                m.rev = rev;
                            }
                        });
                        this.pending.update_value(|p| {
                            p.pop_front();
                        });
                        break;
                    }
                    Err(e) if e.is_transient() => {
                        this.status.set(SaveStatus::Offline);
                        gloo_timers::future::TimeoutFuture::new(delay_ms).await;
                        delay_ms = (delay_ms * 2).min(10_000);
                        this.status.set(SaveStatus::Saving);
                    }
                    Err(e) => {
                        this.pending.update_value(|p| {
                            p.pop_front();
                        });
                        this.rebuild();
                        this.message
                            .set(Some(e.message(this.i18n.locale.get_untracked().messages())));
                        break;
                    }
                }
            }
            this.sending.set_value(false);
            this.flush();
        });
    }

    /// Shows the confirmed map plus every pending op that still applies.
    fn rebuild(&self) {
        let mut map = self.confirmed.get_value();
        self.pending
            .update_value(|p| p.retain(|pending| map.apply(&pending.op).is_ok()));
        self.map.set(map);
    }
}
