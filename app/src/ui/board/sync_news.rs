//! What the others' presence brings a board: who is here, their cursors, the timer, the
//! workshop and where its leader's board is. (Part of `Sync`, apart for length.)

use super::Sync;
use crate::protocol::PresenceNews;
use leptos::prelude::*;

impl Sync {
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
