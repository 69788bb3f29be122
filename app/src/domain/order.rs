//! Fractional order keys: strings that sort between two neighbours, so moving one item
//! rewrites one record, never a whole column.
//!
//! A key is a non-empty string over the base-62 digits `0-9A-Za-z` (in ASCII order) read as
//! a fraction `0.d1d2d3…`; it never ends in `0`, so there is always room before it.
//!
//! No key is ever longer than [`MAX_KEY_LEN`]: every constructor ([`OrderKey::parse`],
//! [`OrderKey::between`], [`OrderKey::after`], [`OrderKey::spread`]) keeps to it, so a
//! state with an over-long key cannot be built, stored or refused on the next load.
//!
//! How keys stay short:
//! - A column built at once (an import, a template) gets [`OrderKey::spread`]: `n` evenly
//!   spaced keys of `⌈log62(n+1)⌉` characters (two for up to 3,843 items).
//! - At an open end (a card added at the bottom or the top of a cell, again and again)
//!   the next key is the neighbour plus or minus one unit at the neighbour's own length;
//!   only when that length is used up does the key double in length. `n` inserts at one
//!   end cost about `2·log62(n)` characters (8 for 5,000; 256 is out of reach).
//! - Between two keys, the midpoint: about six inserts into one gap add a character, so
//!   some 1,500 inserts into the very same gap (a moved card dropped again and again at
//!   the same place) run out of room. Then [`OrderKey::between`] answers `None` and the
//!   caller (`Map::card_key_at`) places the item just after its lower neighbour, at
//!   worst with a key equal to the upper one (ties sort by id): the order of those two
//!   may be off, but the map stays valid. Re-spreading a crowded cell is left to the
//!   board.

use serde::{Deserialize, Serialize};
use std::fmt;

const DIGITS: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE: u8 = 62;
/// Keys longer than this are refused: a sign of abuse, not of real use.
pub const MAX_KEY_LEN: usize = 256;

/// An order key. Compare keys with `Ord`: that is the display order.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrderKey(String);

impl TryFrom<String> for OrderKey {
    type Error = &'static str;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        OrderKey::parse(&s).ok_or("invalid order key")
    }
}

impl From<OrderKey> for String {
    fn from(k: OrderKey) -> String {
        k.0
    }
}

fn digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'A'..=b'Z' => Some(c - b'A' + 10),
        b'a'..=b'z' => Some(c - b'a' + 36),
        _ => None,
    }
}

impl OrderKey {
    /// Parses a key, refusing empty, over-long, trailing-zero or non-base-62 strings.
    pub fn parse(s: &str) -> Option<Self> {
        let ok = !s.is_empty() && s.len() <= MAX_KEY_LEN && !s.ends_with('0') && s.bytes().all(|c| digit(c).is_some());
        ok.then(|| OrderKey(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A key strictly between `before` and `after` (either may be open). Returns `None` when
    /// `before >= after`, or when no key of at most [`MAX_KEY_LEN`] characters fits.
    pub fn between(before: Option<&OrderKey>, after: Option<&OrderKey>) -> Option<OrderKey> {
        let key = match (before, after) {
            (None, None) => vec![DIGITS[usize::from(BASE / 2)]],
            (Some(a), None) => step_up(a.0.as_bytes())?,
            (None, Some(b)) => step_down(b.0.as_bytes())?,
            (Some(a), Some(b)) => {
                if a >= b {
                    return None;
                }
                let mut out = Vec::with_capacity(a.0.len().max(b.0.len()) + 1);
                midpoint(a.0.as_bytes(), Some(b.0.as_bytes()), &mut out);
                out
            }
        };
        if key.len() > MAX_KEY_LEN {
            return None;
        }
        // Only base-62 digits are ever pushed, so every byte is one ASCII character.
        Some(OrderKey(key.into_iter().map(char::from).collect()))
    }

    /// A key after `before` (or the first key): an open upper bound has room for about
    /// 62^128 more keys. Past the very last key there is (`z` × [`MAX_KEY_LEN`]) it answers
    /// that key itself: equal keys sort by id, and the map stays valid.
    pub fn after(before: Option<&OrderKey>) -> OrderKey {
        match OrderKey::between(before, None) {
            Some(k) => k,
            None => before.cloned().unwrap_or_else(|| OrderKey("V".into())),
        }
    }

    /// `n` evenly spaced keys in increasing order, for building a column at once: each has
    /// `⌈log62(n+1)⌉` characters (1 up to 61 items, 2 up to 3,843, 3 up to 238,327), so
    /// later inserts anywhere in the column find room.
    pub fn spread(n: usize) -> Vec<OrderKey> {
        let mut len = 1u32;
        let mut scale: u128 = u128::from(BASE);
        while scale <= n as u128 {
            len += 1;
            scale *= u128::from(BASE);
        }
        let parts = n as u128 + 1;
        (1..=n as u128)
            .map(|i| {
                // i / (n+1) as a fraction of `len` digits; >= 1 and strictly increasing in i
                // because scale >= n + 1.
                let mut v = i * scale / parts;
                let mut digits = vec![b'0'; len as usize];
                for d in digits.iter_mut().rev() {
                    *d = DIGITS[(v % u128::from(BASE)) as usize];
                    v /= u128::from(BASE);
                }
                while digits.last() == Some(&b'0') {
                    digits.pop();
                }
                OrderKey(digits.into_iter().map(char::from).collect())
            })
            .collect()
    }
}

/// The next key above `a` at `a`'s own length (`a` plus one unit in its last place, a last
/// `0` skipped), or, when `a` is all `z`, `a` followed by zeros and a `1` at twice the
/// length: so repeated appends use every key of one length before growing.
fn step_up(a: &[u8]) -> Option<Vec<u8>> {
    let mut out = a.to_vec();
    let mut carry = true;
    for d in out.iter_mut().rev() {
        let v = digit(*d)? + 1;
        if v < BASE {
            *d = DIGITS[usize::from(v)];
            carry = false;
            break;
        }
        *d = b'0';
    }
    if carry {
        // All `z`: nothing above at this length.
        let len = (a.len() * 2).min(MAX_KEY_LEN).max(a.len() + 1);
        let mut out = a.to_vec();
        out.resize(len - 1, b'0');
        out.push(b'1');
        return Some(out);
    }
    if out.last() == Some(&b'0') {
        // `…y z` + 1 = `…z 0`: take the next one, `…z 1`.
        *out.last_mut()? = b'1';
    }
    Some(out)
}

/// The next key below `b` at `b`'s own length (a last `0` skipped), or, when `b` is the
/// smallest key of its length (`0…01`), the largest key below it at twice the length.
fn step_down(b: &[u8]) -> Option<Vec<u8>> {
    let mut out = b.to_vec();
    let mut borrow = true;
    for d in out.iter_mut().rev() {
        let v = digit(*d)?;
        if v > 0 {
            *d = DIGITS[usize::from(v - 1)];
            borrow = false;
            break;
        }
        *d = DIGITS[usize::from(BASE - 1)];
    }
    if borrow || out.iter().all(|&d| d == b'0') {
        // b is `0…01`: below it at length 2L is `0…0` (L zeros) and L `z`s.
        let len = (b.len() * 2).min(MAX_KEY_LEN).max(b.len() + 1);
        let mut out = vec![b'0'; b.len()];
        out.resize(len, b'z');
        return Some(out);
    }
    if out.last() == Some(&b'0') {
        // `…x 1` - 1 = `…x 0`: take the one before, `…(x-1) z`.
        return step_down(&out);
    }
    Some(out)
}

/// Appends to `out` the digits of a fraction strictly between `a` and `b` (`None` = 1).
/// Preconditions: `a < b`, neither ends in `0`.
fn midpoint(a: &[u8], b: Option<&[u8]>, out: &mut Vec<u8>) {
    if let Some(b) = b {
        // Copy the common prefix (a is padded with zeros).
        let mut n = 0;
        while n < b.len() && a.get(n).copied().unwrap_or(b'0') == b[n] {
            n += 1;
        }
        if n > 0 {
            out.extend_from_slice(&b[..n]);
            return midpoint(a.get(n..).unwrap_or(b""), Some(&b[n..]), out);
        }
    }
    let da = a.first().and_then(|&c| digit(c)).unwrap_or(0);
    let db = b.and_then(|b| b.first()).and_then(|&c| digit(c)).unwrap_or(BASE);
    if db - da > 1 {
        out.push(DIGITS[usize::from((da + db).div_ceil(2))]);
    } else if let Some(b) = b.filter(|b| b.len() > 1) {
        // b is d + something non-zero: d alone sits between a and b.
        out.push(b[0]);
    } else {
        out.push(DIGITS[usize::from(da)]);
        midpoint(a.get(1..).unwrap_or(b""), None, out);
    }
}

impl fmt::Display for OrderKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn k(s: &str) -> OrderKey {
        OrderKey::parse(s).unwrap()
    }

    #[test]
    fn parse_refuses_bad_keys() {
        for bad in ["", "a0", "a b", "é", &"z".repeat(MAX_KEY_LEN + 1)] {
            assert!(OrderKey::parse(bad).is_none(), "{bad:?} should be refused");
        }
        assert!(OrderKey::parse("V").is_some());
    }

    #[test]
    fn between_open_ends() {
        let first = OrderKey::between(None, None).unwrap();
        let before = OrderKey::between(None, Some(&first)).unwrap();
        let after = OrderKey::between(Some(&first), None).unwrap();
        assert!(before < first && first < after);
    }

    #[test]
    fn between_adjacent_digits_goes_deeper() {
        let m = OrderKey::between(Some(&k("a")), Some(&k("b"))).unwrap();
        assert!(k("a") < m && m < k("b"));
        let m = OrderKey::between(Some(&k("a")), Some(&k("a1"))).unwrap();
        assert!(k("a") < m && m < k("a1"), "{m}");
    }

    #[test]
    fn between_refuses_unordered() {
        assert!(OrderKey::between(Some(&k("b")), Some(&k("a"))).is_none());
        assert!(OrderKey::between(Some(&k("b")), Some(&k("b"))).is_none());
    }

    #[test]
    fn spread_is_increasing_and_short() {
        for (n, len) in [(0, 0), (1, 1), (61, 1), (62, 2), (500, 2), (1500, 2), (3843, 2), (3844, 3), (5000, 3)] {
            let keys = OrderKey::spread(n);
            assert_eq!(keys.len(), n);
            assert!(keys.windows(2).all(|w| w[0] < w[1]), "{n}");
            assert!(keys.iter().all(|k| OrderKey::parse(k.as_str()).is_some()), "{n}");
            assert_eq!(keys.iter().map(|k| k.as_str().len()).max().unwrap_or(0), len, "{n}");
        }
        // Evenly spaced: there is room before the first and after the last.
        let keys = OrderKey::spread(3);
        assert!(OrderKey::between(None, keys.first()).is_some());
        assert_eq!(keys.iter().map(OrderKey::as_str).collect::<Vec<_>>(), ["F", "V", "k"]);
    }

    #[test]
    fn appends_and_prepends_stay_short() {
        // 5,000 cards added one by one at the bottom of a cell (the most a map holds).
        let mut last = OrderKey::after(None);
        let mut longest = 0;
        for _ in 0..5000 {
            let next = OrderKey::after(Some(&last));
            assert!(next > last, "{next} > {last}");
            longest = longest.max(next.as_str().len());
            last = next;
        }
        assert!(longest <= 8, "appends grew keys to {longest} characters");
        // And at the top.
        let mut first = OrderKey::after(None);
        let mut longest = 0;
        for _ in 0..5000 {
            let next = OrderKey::between(None, Some(&first)).unwrap();
            assert!(next < first, "{next} < {first}");
            assert!(OrderKey::parse(next.as_str()).is_some());
            longest = longest.max(next.as_str().len());
            first = next;
        }
        assert!(longest <= 8, "prepends grew keys to {longest} characters");
    }

    #[test]
    fn the_same_gap_runs_out_of_room_without_an_over_long_key() {
        // Dropping a card again and again at the same place: between the first key and
        // the one dropped last. Bisection adds a character every few drops, until there
        // is no room left; `between` then says so instead of making a key too long.
        let lo = k("V");
        let mut hi = k("W");
        let mut n = 0;
        while let Some(m) = OrderKey::between(Some(&lo), Some(&hi)) {
            assert!(lo < m && m < hi);
            assert!(m.as_str().len() <= MAX_KEY_LEN);
            hi = m;
            n += 1;
            assert!(n < 100_000, "never ends");
        }
        assert!(n > 1000, "only {n} inserts before the gap was full");
        // The fallback the board uses: a key after the lower neighbour, still loadable.
        let fallback = OrderKey::after(Some(&lo));
        assert!(OrderKey::parse(fallback.as_str()).is_some());
    }

    #[test]
    fn after_the_last_key_there_is_answers_that_key() {
        let top = k(&"z".repeat(MAX_KEY_LEN));
        assert_eq!(OrderKey::between(Some(&top), None), None);
        assert_eq!(OrderKey::after(Some(&top)), top);
        let bottom = k(&format!("{}1", "0".repeat(MAX_KEY_LEN - 1)));
        assert_eq!(OrderKey::between(None, Some(&bottom)), None);
        // Near the limit the doubling stops at MAX_KEY_LEN.
        let near = k(&"z".repeat(200));
        let next = OrderKey::after(Some(&near));
        assert!(next > near && next.as_str().len() == MAX_KEY_LEN);
    }

    #[test]
    fn repeated_insertion_at_front_stays_valid() {
        let mut first = OrderKey::between(None, None).unwrap();
        for _ in 0..200 {
            let next = OrderKey::between(None, Some(&first)).unwrap();
            assert!(next < first);
            first = next;
        }
        assert!(OrderKey::parse(first.as_str()).is_some());
    }

    fn key_strategy() -> impl Strategy<Value = OrderKey> {
        "[0-9A-Za-z]{0,8}[1-9A-Za-z]".prop_map(|s| OrderKey::parse(&s).unwrap())
    }

    /// Keys of any length up to the limit, biased to the extremes (`0…` and `z…`).
    fn long_key_strategy() -> impl Strategy<Value = OrderKey> {
        (0..MAX_KEY_LEN, prop_oneof![Just('0'), Just('z'), Just('V')], "[1-9A-Za-z]").prop_map(|(n, fill, last)| {
            let s = format!("{}{last}", fill.to_string().repeat(n));
            OrderKey::parse(&s).unwrap()
        })
    }

    proptest! {
        #[test]
        fn between_is_strictly_between(a in key_strategy(), b in key_strategy()) {
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            prop_assume!(lo != hi);
            let m = OrderKey::between(Some(&lo), Some(&hi)).unwrap();
            prop_assert!(lo < m && m < hi, "{lo} < {m} < {hi}");
            prop_assert!(OrderKey::parse(m.as_str()).is_some());
        }

        #[test]
        fn no_key_is_ever_too_long(a in long_key_strategy(), b in long_key_strategy()) {
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            for m in [
                OrderKey::between(Some(&lo), Some(&hi)),
                OrderKey::between(Some(&lo), None),
                OrderKey::between(None, Some(&lo)),
                Some(OrderKey::after(Some(&hi))),
            ]
            .into_iter()
            .flatten()
            {
                prop_assert!(OrderKey::parse(m.as_str()).is_some(), "{m}");
            }
            if let Some(m) = OrderKey::between(Some(&lo), Some(&hi)) {
                prop_assert!(lo < m && m < hi);
            }
        }

        #[test]
        fn between_open_upper(a in key_strategy()) {
            let m = OrderKey::between(Some(&a), None).unwrap();
            prop_assert!(a < m);
            let m = OrderKey::between(None, Some(&a)).unwrap();
            prop_assert!(m < a);
            prop_assert!(OrderKey::parse(m.as_str()).is_some());
        }
    }
}
