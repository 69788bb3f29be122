//! A person's undo and redo, kept across reloads. The log keeps, with each op a member
//! made on the board, who made it, the op that undoes it (computed when it was applied)
//! and whether it was an edit, an undo or a redo (the client op id's prefix). Walking one
//! person's ops in order rebuilds the two stacks exactly as the tab that made them had
//! them: an edit pushes its inverse on the undo stack and clears redo, an undo moves a step
//! to redo, a redo moves it back. Pure; the store reads the rows.

use super::Op;

/// Prefix of the client op id of an undo step (the rest is random).
pub const UNDO_PREFIX: &str = "u.";
/// Prefix of the client op id of a redo step.
pub const REDO_PREFIX: &str = "r.";
/// How far back in a map's log (in revisions) a person's steps are looked for.
pub const STEP_LOOKBACK: u64 = 2_000;
/// Most undo (and redo) steps rebuilt.
pub const MAX_STEPS: usize = 100;

/// What one op of a person was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Edit,
    Undo,
    Redo,
}

impl Step {
    /// The kind of step a client op id names.
    pub fn of(client_op: &str) -> Step {
        if client_op.starts_with(UNDO_PREFIX) {
            Step::Undo
        } else if client_op.starts_with(REDO_PREFIX) {
            Step::Redo
        } else {
            Step::Edit
        }
    }
}

/// The undo and redo stacks (last is the next step), rebuilt from one person's ops in log
/// order, each with the op that undoes it. An undo or redo with nothing under it (its edit
/// lies before the look-back) is skipped, as is anything beyond [`MAX_STEPS`] deep.
pub fn rebuild(ops: impl IntoIterator<Item = (Step, Op)>) -> (Vec<Op>, Vec<Op>) {
    let (mut undo, mut redo) = (Vec::new(), Vec::new());
    for (step, inverse) in ops {
        match step {
            Step::Edit => {
                undo.push(inverse);
                redo.clear();
            }
            Step::Undo => {
                if undo.pop().is_some() {
                    redo.push(inverse);
                }
            }
            Step::Redo => {
                if redo.pop().is_some() {
                    undo.push(inverse);
                }
            }
        }
    }
    let keep = |mut v: Vec<Op>| {
        let extra = v.len().saturating_sub(MAX_STEPS);
        v.drain(..extra);
        v
    };
    (keep(undo), keep(redo))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(t: &str) -> Op {
        Op::EditMap { title: Some(t.into()), description: None }
    }

    #[test]
    fn a_step_is_read_from_the_client_op_id() {
        assert_eq!(Step::of("u.1f"), Step::Undo);
        assert_eq!(Step::of("r.1f"), Step::Redo);
        assert_eq!(Step::of("1f2e"), Step::Edit);
        assert_eq!(Step::of(""), Step::Edit);
    }

    #[test]
    fn edits_undos_and_redos_make_the_stacks() {
        let (undo, redo) = rebuild([
            (Step::Edit, title("1")),
            (Step::Edit, title("2")),
            (Step::Undo, title("2'")),
            (Step::Edit, title("3")),
            (Step::Undo, title("3'")),
            (Step::Undo, title("1'")),
            (Step::Redo, title("1''")),
        ]);
        assert_eq!(undo, vec![title("1''")]);
        assert_eq!(redo, vec![title("3'")]);
    }

    #[test]
    fn stray_steps_and_depth_are_bounded() {
        // An undo whose edit lies before the look-back is skipped.
        let (undo, redo) = rebuild([(Step::Undo, title("x")), (Step::Redo, title("y"))]);
        assert!(undo.is_empty() && redo.is_empty());
        let (undo, _) = rebuild((0..MAX_STEPS + 20).map(|i| (Step::Edit, title(&i.to_string()))));
        assert_eq!(undo.len(), MAX_STEPS);
        assert_eq!(undo.last(), Some(&title(&(MAX_STEPS + 19).to_string())));
    }
}
