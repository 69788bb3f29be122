//! Never lose an edit offline: the board's unsaved edits are kept in the browser's local
//! storage, one key per tab under a prefix naming the map and the person, rewritten at
//! every change of the queue and forgotten once it is empty. The next visit of that
//! person to that map takes in every kept queue (a tab that closed, or one still open) and
//! sends it; the server applies a client op id once, so an edit sent from two tabs, or
//! sent before a tab closed and again now, lands once.

use super::Sync;
use crate::protocol::replica::Pending;
use crate::ui::browser;
use leptos::prelude::*;

/// Where one tab keeps its unsaved edits.
pub struct Keep {
    /// Who the viewer is (a member's id, else the share link).
    person: String,
    /// This tab's key, once it keeps edits; whether it holds any now.
    key: Option<String>,
    kept: bool,
}

impl Keep {
    pub fn new(person: String) -> Self {
        Keep { person, key: None, kept: false }
    }
}

/// The prefix of one person's kept edits on one map (the tab's id follows it).
fn prefix(map: &str, person: &str) -> String {
    format!("jornada.pending.{map}.{person}.")
}

/// Writes this tab's queue (or forgets it when empty).
fn save(key: &str, pending: &[&Pending]) {
    let text = if pending.is_empty() { String::new() } else { serde_json::to_string(pending).unwrap_or_default() };
    browser::store(key, &text);
}

/// Every queue kept under `prefix`, in one list, and forgets them (this tab keeps what it
/// takes in under its own key).
fn take(prefix: &str) -> Vec<Pending> {
    let mut all = Vec::new();
    for (key, text) in browser::stored_under(prefix) {
        // A queue written by another version of the app that no longer reads is dropped
        // rather than blocking every later visit.
        if let Ok(queue) = serde_json::from_str::<Vec<Pending>>(&text) {
            all.extend(queue);
        }
        browser::store(&key, "");
    }
    all
}

impl Sync {
    /// Keeps the unsaved edits under this tab's key (see the module's head).
    pub(super) fn keep_pending(&self, waiting: usize) {
        let Some(key) = self.keep.with_value(|k| k.key.clone().filter(|_| waiting > 0 || k.kept)) else { return };
        self.replica.with_value(|r| save(&key, &r.pending().collect::<Vec<_>>()));
        self.keep.update_value(|k| k.kept = waiting > 0);
    }

    /// Starts keeping this viewer's unsaved edits of this map and takes in what earlier
    /// visits left unsent; call before [`Sync::connect`], whose welcome sends them.
    pub fn keep_offline(&self) {
        let prefix = self.keep.with_value(|k| self.map_id.with_value(|m| prefix(m.as_str(), &k.person)));
        let left = take(&prefix);
        self.keep.update_value(|k| k.key = Some(format!("{prefix}{}", super::new_client_op())));
        if !left.is_empty() && self.replica.try_update_value(|r| r.adopt(left)).unwrap_or(0) > 0 {
            self.show_view();
        }
        self.refresh_status();
    }

    /// While edits wait to be saved, closing or leaving the tab asks first (they are kept
    /// in any case; the question says they have not reached the others yet).
    pub fn warn_on_leave(&self) {
        #[cfg(not(feature = "ssr"))]
        {
            let waiting = self.waiting;
            let handle = window_event_listener(leptos::ev::beforeunload, move |ev| {
                if waiting.try_get_untracked().unwrap_or(0) > 0 {
                    ev.prevent_default();
                    ev.set_return_value("");
                }
            });
            on_cleanup(move || handle.remove());
        }
    }
}
