//! A user's edits: checked as the server will check them (a viewer edits nothing, a
//! workshop guest only their own cards), applied at once on screen, queued and sent; one
//! edit, or several as one step.

use super::{new_client_op, Sync};
use crate::domain::Op;
use leptos::prelude::*;

impl Sync {
    /// Applies a user's edit: at once on screen, then saved. Returns whether it applied.
    pub fn commit(&self, op: Op) -> bool {
        if self.read_only {
            self.message.set(Some(self.t().acc.err_forbidden.to_owned()));
            return false;
        }
        if let Err(e) = self.guest_may(&op) {
            self.message.set(Some(self.t().op_error(&e)));
            return false;
        }
        match self.replica.try_update_value(|r| r.local(new_client_op(), op)) {
            Some(Ok(msg)) => {
                self.sent(vec![msg]);
                true
            }
            Some(Err(e)) => {
                self.message.set(Some(self.t().op_error(&e)));
                false
            }
            None => {
                self.message.set(Some(self.t().err_internal.to_owned()));
                false
            }
        }
    }

    /// Applies several edits as one step (one undo takes them all back): all or none.
    pub fn commit_group(&self, ops: Vec<Op>) -> bool {
        if ops.is_empty() {
            return false;
        }
        if self.read_only {
            self.message.set(Some(self.t().acc.err_forbidden.to_owned()));
            return false;
        }
        if let Some(e) = ops.iter().find_map(|op| self.guest_may(op).err()) {
            self.message.set(Some(self.t().op_error(&e)));
            return false;
        }
        let ops = ops.into_iter().map(|op| (new_client_op(), op)).collect();
        match self.replica.try_update_value(|r| r.local_group(ops)) {
            Some(Ok(msgs)) => {
                self.sent(msgs);
                true
            }
            Some(Err(e)) => {
                self.message.set(Some(self.t().op_error(&e)));
                false
            }
            None => false,
        }
    }

    /// A workshop guest's edit, checked as the server will (their own cards, nothing while
    /// the board is locked); a card they add becomes theirs.
    pub(super) fn guest_may(&self, op: &Op) -> Result<(), crate::domain::OpError> {
        let Some(own) = self.own.get_value() else { return Ok(()) };
        let own: Vec<_> = own.into_iter().collect();
        let locked = self.workshop.with_untracked(|w| w.as_ref().is_none_or(|w| w.locked));
        self.map.with_untracked(|m| crate::domain::facilitation::participant_may(op, &own, locked, m))?;
        if let Some(id) = crate::domain::facilitation::added_card(op) {
            self.own.update_value(|o| {
                if let Some(o) = o {
                    o.insert(id.clone());
                }
            });
        }
        Ok(())
    }
}
