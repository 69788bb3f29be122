//! Arrow keys move the focus through the grid, as in a spreadsheet: up and down through a
//! cell's cards and on into the cell above or below; left and right to the next stage's
//! cell, at the same place in its list of cards. An empty cell takes the focus itself, so
//! no cell is out of reach. (A picked-up card's arrows move the card instead; see
//! `card::keys`.)

// The browser's handlers use these; the server renders without them.
#![cfg_attr(feature = "ssr", allow(dead_code))]

/// Where the focus is: a cell of the grid, and one of its cards or the cell itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct At {
    pub row: usize,
    pub col: usize,
    pub card: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    Up,
    Down,
    Left,
    Right,
}

impl Dir {
    pub fn from_key(key: &str) -> Option<Dir> {
        Some(match key {
            "ArrowUp" => Dir::Up,
            "ArrowDown" => Dir::Down,
            "ArrowLeft" => Dir::Left,
            "ArrowRight" => Dir::Right,
            _ => return None,
        })
    }
}

/// The next place in `dir` on a grid of `rows` × `cols` cells, where `cards(row, col)`
/// counts a cell's cards; `None` at the grid's edge.
pub fn step(rows: usize, cols: usize, cards: impl Fn(usize, usize) -> usize, at: At, dir: Dir) -> Option<At> {
    let in_cell = |row: usize, col: usize, want: Option<usize>| {
        let n = cards(row, col);
        let card = if n == 0 { None } else { Some(want.unwrap_or(0).min(n - 1)) };
        At { row, col, card }
    };
    match dir {
        Dir::Up => match at.card {
            Some(i) if i > 0 => Some(At { card: Some(i - 1), ..at }),
            _ if at.row > 0 => {
                let n = cards(at.row - 1, at.col);
                Some(At { row: at.row - 1, col: at.col, card: n.checked_sub(1) })
            }
            _ => None,
        },
        Dir::Down => {
            let n = cards(at.row, at.col);
            match at.card {
                Some(i) if i + 1 < n => Some(At { card: Some(i + 1), ..at }),
                None if n > 0 => Some(At { card: Some(0), ..at }),
                _ if at.row + 1 < rows => Some(in_cell(at.row + 1, at.col, None)),
                _ => None,
            }
        }
        Dir::Left => (at.col > 0).then(|| in_cell(at.row, at.col - 1, at.card)),
        Dir::Right => (at.col + 1 < cols).then(|| in_cell(at.row, at.col + 1, at.card)),
    }
}

/// The board's keydown (bubbled from a card or a cell): an arrow without modifiers moves
/// the focus; anything else, or a key a card already used, is left alone.
pub fn on_key(ev: &leptos::ev::KeyboardEvent) {
    #[cfg(not(feature = "ssr"))]
    {
        use wasm_bindgen::JsCast;
        use web_sys::Element;
        if ev.default_prevented() || ev.ctrl_key() || ev.meta_key() || ev.alt_key() || ev.shift_key() {
            return;
        }
        let Some(dir) = Dir::from_key(&ev.key()) else { return };
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        let on_card = target.has_attribute("data-card");
        if !on_card && !target.has_attribute("data-cell") {
            return;
        }
        let all = |el: &Element, selector: &str| -> Vec<Element> {
            let Ok(list) = el.query_selector_all(selector) else { return Vec::new() };
            (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()).collect()
        };
        let Some(cell) = target.closest("[data-cell]").ok().flatten() else { return };
        let Some(row_el) = cell.parent_element() else { return };
        let Some(board) = row_el.parent_element() else { return };
        let rows = all(&board, ":scope > [data-row]");
        let grid: Vec<Vec<Element>> = rows.iter().map(|r| all(r, ":scope > [data-cell]")).collect();
        let cards_of = |el: &Element| all(el, ":scope > [data-card]");
        let Some(row) = rows.iter().position(|r| *r == row_el) else { return };
        let Some(col) = grid[row].iter().position(|c| *c == cell) else { return };
        let card = if on_card { cards_of(&cell).iter().position(|c| *c == target) } else { None };
        let cols = grid.iter().map(Vec::len).max().unwrap_or(0);
        let count = |r: usize, c: usize| grid.get(r).and_then(|row| row.get(c)).map_or(0, |e| cards_of(e).len());
        let Some(next) = step(rows.len(), cols, count, At { row, col, card }, dir) else { return };
        let Some(next_cell) = grid.get(next.row).and_then(|r| r.get(next.col)) else { return };
        let el = match next.card {
            Some(i) => cards_of(next_cell).get(i).cloned(),
            None => Some(next_cell.clone()),
        };
        if let Some(el) = el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            ev.prevent_default();
            let _ = el.focus();
        }
    }
    #[cfg(feature = "ssr")]
    let _ = ev;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 3 × 3 grid: row 0 has 2, 0, 1 cards; row 1 is empty; row 2 has 3, 1, 0.
    fn counts(r: usize, c: usize) -> usize {
        [[2, 0, 1], [0, 0, 0], [3, 1, 0]][r][c]
    }

    fn go(at: At, dir: Dir) -> Option<At> {
        step(3, 3, counts, at, dir)
    }

    const fn at(row: usize, col: usize, card: Option<usize>) -> At {
        At { row, col, card }
    }

    #[test]
    fn up_and_down_walk_a_cells_cards_then_the_next_row() {
        assert_eq!(go(at(0, 0, Some(0)), Dir::Down), Some(at(0, 0, Some(1))));
        assert_eq!(go(at(0, 0, Some(1)), Dir::Down), Some(at(1, 0, None)), "an empty cell takes the focus");
        assert_eq!(go(at(1, 0, None), Dir::Down), Some(at(2, 0, Some(0))), "into a cell at its first card");
        assert_eq!(go(at(2, 0, Some(0)), Dir::Up), Some(at(1, 0, None)));
        assert_eq!(go(at(1, 0, None), Dir::Up), Some(at(0, 0, Some(1))), "into a cell from below at its last card");
        assert_eq!(go(at(0, 0, Some(0)), Dir::Up), None, "the top edge");
        assert_eq!(go(at(2, 0, Some(2)), Dir::Down), None, "the bottom edge");
    }

    #[test]
    fn left_and_right_keep_the_place_in_the_list_where_they_can() {
        assert_eq!(go(at(2, 0, Some(2)), Dir::Right), Some(at(2, 1, Some(0))), "a shorter list: its last card");
        assert_eq!(go(at(2, 1, Some(0)), Dir::Left), Some(at(2, 0, Some(0))));
        assert_eq!(go(at(0, 0, Some(1)), Dir::Right), Some(at(0, 1, None)), "an empty cell");
        assert_eq!(go(at(0, 1, None), Dir::Right), Some(at(0, 2, Some(0))));
        assert_eq!(go(at(0, 2, Some(0)), Dir::Right), None, "the right edge");
        assert_eq!(go(at(0, 0, None), Dir::Left), None, "the left edge");
    }

    #[test]
    fn a_focused_cell_with_cards_goes_down_into_them() {
        assert_eq!(go(at(2, 0, None), Dir::Down), Some(at(2, 0, Some(0))));
    }

    #[test]
    fn the_arrow_keys_are_read_and_nothing_else() {
        assert_eq!(Dir::from_key("ArrowLeft"), Some(Dir::Left));
        assert_eq!(Dir::from_key("Left"), None);
        assert_eq!(Dir::from_key("a"), None);
    }
}
