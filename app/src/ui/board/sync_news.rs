//! Presence both ways: what this board tells the others (its status, view, pointer, and
//! what it edits), and what the others' presence brings it: who is here, their cursors,
//! the timer, the workshop and where its leader's board is. (Part of `Sync`, apart for
//! length.)

use super::Sync;
use crate::domain::CardId;
use crate::protocol::{ClientMsg, PresenceNews};
use leptos::prelude::*;

impl Sync {
    /// Tells the others "I'm done", a raised hand, or neither (kept again after a reconnect).
    pub fn status(&self, status: Option<crate::protocol::Status>) {
        let msg = ClientMsg::status(status);
        self.send_msg(&msg);
        self.last_status.set_value(Some(msg));
    }

    /// Tells the followers where this (leading) board is.
    pub fn view(&self, at: crate::domain::facilitation::ViewAt) {
        self.send_msg(&ClientMsg::Presence(crate::protocol::PresenceMsg::View { at }));
    }

    /// Tells the others where this browser's pointer is over the board (`None`: away).
    pub fn cursor(&self, at: Option<[f32; 2]>) {
        self.send_msg(&ClientMsg::cursor(at));
    }

    /// Tells the others what this browser edits or holds (again after a reconnect).
    pub fn presence(&self, editing: Option<CardId>, holding: Option<CardId>) {
        let msg = ClientMsg::presence(editing, holding);
        self.send_msg(&msg);
        self.last_presence.set_value(Some(msg));
    }

    /// Keeps the news in the board's signals.
    pub(super) fn presence_news(&self, news: &PresenceNews) {
        match news {
            PresenceNews::People { people } => {
                self.people.set(people.clone());
            }
            PresenceNews::Timer { timer, now } => {
                self.skew_ms.set_value((*now - chrono::Utc::now()).num_milliseconds());
                self.timer.set(Some(timer.clone()));
            }
            PresenceNews::Workshop { workshop } => {
                self.workshop.set(workshop.clone());
            }
            PresenceNews::View { from, at } => {
                let leads = self
                    .workshop
                    .with_untracked(|w| w.as_ref().and_then(|w| w.lead.as_ref()).is_some_and(|l| l.conn == *from));
                if leads && *from != self.me.get_untracked() {
                    self.lead_view.set(Some(at.clone()));
                }
            }
            PresenceNews::Cursors { cursors } => {
                let me = self.me.get_untracked();
                self.cursors.update(|shown| {
                    for c in cursors.iter().filter(|c| c.id != me) {
                        match c.at {
                            Some(at) => shown.insert(c.id.clone(), at),
                            None => shown.remove(&c.id),
                        };
                    }
                });
            }
        }
    }
}
