//! Fractional order keys: strings that sort between two neighbours, so moving one item
//! rewrites one record, never a whole column.
//!
//! A key is a non-empty string over the base-62 digits `0-9A-Za-z` (in ASCII order) read as
//! a fraction `0.d1d2d3…`; it never ends in `0`, so there is always room before it.

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
    /// `before >= after`.
    pub fn between(before: Option<&OrderKey>, after: Option<&OrderKey>) -> Option<OrderKey> {
        if let (Some(a), Some(b)) = (before, after) {
            if a >= b {
                return None;
            }
        }
        let a = before.map(|k| k.0.as_bytes()).unwrap_or(b"");
        let b = after.map(|k| k.0.as_bytes());
        let mut out = Vec::with_capacity(a.len().max(b.map_or(0, <[u8]>::len)) + 1);
        midpoint(a, b, &mut out);
        String::from_utf8(out).ok().map(OrderKey)
    }

    /// A key after `before` (or the first key): an open upper bound always has room.
    pub fn after(before: Option<&OrderKey>) -> OrderKey {
        let a = before.map(|k| k.0.as_bytes()).unwrap_or(b"");
        let mut out = Vec::with_capacity(a.len() + 1);
        midpoint(a, None, &mut out);
        // Only base-62 digits are ever pushed, so every byte is one ASCII character.
        OrderKey(out.into_iter().map(char::from).collect())
    }

    /// `n` keys in increasing order, for building a column at once.
    pub fn spread(n: usize) -> Vec<OrderKey> {
        let mut keys: Vec<OrderKey> = Vec::with_capacity(n);
        for _ in 0..n {
            keys.push(OrderKey::after(keys.last()));
        }
        keys
    }
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
        let keys = OrderKey::spread(500);
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        assert!(keys.iter().all(|k| OrderKey::parse(k.as_str()).is_some()));
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
        fn between_open_upper(a in key_strategy()) {
            let m = OrderKey::between(Some(&a), None).unwrap();
            prop_assert!(a < m);
            let m = OrderKey::between(None, Some(&a)).unwrap();
            prop_assert!(m < a);
            prop_assert!(OrderKey::parse(m.as_str()).is_some());
        }
    }
}
