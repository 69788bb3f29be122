//! Dragging with the mouse or by touch (pointer events): cards between cells, stages and
//! lanes along their axis. A preview shows where the item lands; near the edges of the
//! board the view scrolls.

use crate::domain::{CardId, LaneId, StageId};

/// Where a dragged card would land.
#[derive(Clone, Debug, PartialEq)]
pub struct DropTarget {
    pub stage: StageId,
    pub lane: LaneId,
    /// Position among the cell's other cards.
    pub index: usize,
}

/// The card drag of a board, split so a pointer move touches only what it changes: the
/// offset (read by the dragged card alone) on every move, the drop target (read by the
/// cards around it) only when it changes.
#[derive(Clone, Copy)]
pub struct CardDrag {
    /// The card pressed and where the press started, until it moves past the threshold.
    pub press: leptos::prelude::StoredValue<Option<(CardId, (f64, f64))>>,
    /// The card being dragged (past the threshold).
    pub card: leptos::prelude::RwSignal<Option<CardId>>,
    pub offset: leptos::prelude::RwSignal<(f64, f64)>,
    pub target: leptos::prelude::RwSignal<Option<DropTarget>>,
    /// The press is a finger's, and whether it was held long enough to lift the card (a
    /// finger that moves first scrolls the board instead).
    pub touch: leptos::prelude::StoredValue<(bool, bool)>,
}

impl CardDrag {
    pub fn new() -> Self {
        use leptos::prelude::*;
        CardDrag {
            press: StoredValue::new(None),
            card: RwSignal::new(None),
            offset: RwSignal::new((0.0, 0.0)),
            target: RwSignal::new(None),
            touch: StoredValue::new((false, false)),
        }
    }

    pub fn reset(&self) {
        use leptos::prelude::*;
        self.press.set_value(None);
        self.touch.set_value((false, false));
        if self.card.get_untracked().is_some() {
            self.card.set(None);
        }
        if self.target.with_untracked(Option::is_some) {
            self.target.set(None);
        }
    }
}

/// Pixels a pointer moves before a press becomes a drag.
pub const THRESHOLD: f64 = 5.0;

/// How long a finger rests on a card before the card lifts (and moving it drags).
pub const HOLD_MS: u64 = 350;

/// The cell under (x, y) and the index among its cards where the dragged card would land.
pub fn drop_target(x: f64, y: f64) -> Option<DropTarget> {
    let (stage, lane, index) = crate::ui::browser::cell_under(x, y)?;
    Some(DropTarget { stage, lane, index })
}
