//! Client segments ("new client", "regular client"): a list each workspace keeps. A
//! persona belongs to one of them (by name, so the persona's own texts read as before),
//! and a card can be scoped to some of them (by id, so a rename keeps it). A card with no
//! segment is about every client.

use super::search::fold;
use serde::{Deserialize, Serialize};

/// Longest segment name, in characters (as long as the persona field it fills).
pub const MAX_SEGMENT_NAME: usize = super::persona::MAX_PERSONA_NAME;
/// Most segments in one workspace (and on one card).
pub const MAX_SEGMENTS: usize = 30;

/// A segment of a workspace's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// Empty for one not saved yet; `g-` and twelve letters or digits once saved.
    pub id: String,
    pub name: String,
}

/// Why a segment cannot be saved or deleted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum SegmentError {
    EmptyName,
    NameTooLong {
        max: u32,
    },
    /// Another segment of the workspace has this name (case and accents ignored).
    NameTaken,
    TooMany {
        max: u32,
    },
    /// Cards are still scoped to it: take it off them first.
    InUse {
        cards: u32,
    },
    /// A persona named a segment the workspace does not have.
    Unknown,
}

impl Segment {
    /// A fresh id for a new segment.
    pub fn new_id() -> String {
        format!("g-{}", &uuid::Uuid::new_v4().simple().to_string()[..12])
    }

    /// Whether `id` has the shape of a segment id.
    pub fn is_id(id: &str) -> bool {
        id.len() == 14 && id.starts_with("g-") && id[2..].bytes().all(|b| b.is_ascii_alphanumeric())
    }

    /// Checks a segment against the names of the others of its list.
    pub fn validate<'a>(&self, taken: impl IntoIterator<Item = &'a str>) -> Result<(), SegmentError> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(SegmentError::EmptyName);
        }
        if name.chars().count() > MAX_SEGMENT_NAME {
            return Err(SegmentError::NameTooLong { max: MAX_SEGMENT_NAME as u32 });
        }
        let key = fold(name);
        if taken.into_iter().any(|t| fold(t.trim()) == key) {
            return Err(SegmentError::NameTaken);
        }
        Ok(())
    }
}

/// The segment of `list` called `name` (case and accents ignored).
pub fn named<'a>(list: &'a [Segment], name: &str) -> Option<&'a Segment> {
    let key = fold(name.trim());
    (!key.is_empty()).then(|| list.iter().find(|s| fold(&s.name) == key)).flatten()
}

/// The name of segment `id`; `None` for one the list does not have (deleted meanwhile).
pub fn name_of<'a>(list: &'a [Segment], id: &str) -> Option<&'a str> {
    list.iter().find(|s| s.id == id).map(|s| s.name.as_str())
}

/// Whether something scoped to `scope` (empty: every client) is about clients of
/// `segment`.
pub fn applies(scope: &[String], segment: &str) -> bool {
    scope.is_empty() || scope.iter().any(|s| s == segment)
}

/// Whether a card's segment list is well formed: at most [`MAX_SEGMENTS`] ids, each of the
/// segment shape, none twice.
pub fn valid_scope(scope: &[String]) -> bool {
    scope.len() <= MAX_SEGMENTS
        && scope.iter().all(|s| Segment::is_id(s))
        && scope.iter().enumerate().all(|(i, s)| !scope[..i].contains(s))
}

/// The names of a scope's segments in list order, unknown ids left out.
pub fn names(list: &[Segment], scope: &[String]) -> Vec<String> {
    list.iter().filter(|s| scope.contains(&s.id)).map(|s| s.name.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(id: &str, name: &str) -> Segment {
        Segment { id: id.into(), name: name.into() }
    }

    #[test]
    fn names_are_checked_against_the_list_ignoring_case_and_accents() {
        assert_eq!(seg("", "New client").validate(["Regular client"]), Ok(()));
        assert_eq!(seg("", "  ").validate([]), Err(SegmentError::EmptyName));
        assert_eq!(seg("", &"x".repeat(81)).validate([]), Err(SegmentError::NameTooLong { max: 80 }));
        assert_eq!(seg("", " cliente nova ").validate(["Cliente Nova"]), Err(SegmentError::NameTaken));
        assert_eq!(seg("", "Cliente fiél").validate(["cliente fiel"]), Err(SegmentError::NameTaken));
        assert_eq!(seg("", "Новая клиентка").validate(["НОВАЯ КЛИЕНТКА"]), Err(SegmentError::NameTaken));
    }

    #[test]
    fn ids_have_their_own_shape() {
        let id = Segment::new_id();
        assert!(Segment::is_id(&id), "{id}");
        assert!(!Segment::is_id("g-../../etc/pa"));
        assert!(!Segment::is_id("c-0123456789ab"), "a channel id is not a segment id");
        assert!(valid_scope(&[id.clone()]));
        assert!(!valid_scope(&[id.clone(), id.clone()]), "no id twice");
        assert!(!valid_scope(&["new client".into()]));
        let many: Vec<String> = (0..=MAX_SEGMENTS).map(|_| Segment::new_id()).collect();
        assert!(!valid_scope(&many));
    }

    #[test]
    fn an_unscoped_card_is_about_every_client() {
        let list = [seg("g-aaaaaaaaaaaa", "New client"), seg("g-bbbbbbbbbbbb", "Regular client")];
        assert!(applies(&[], "g-aaaaaaaaaaaa"));
        assert!(applies(&["g-aaaaaaaaaaaa".into()], "g-aaaaaaaaaaaa"));
        assert!(!applies(&["g-bbbbbbbbbbbb".into()], "g-aaaaaaaaaaaa"));
        assert_eq!(named(&list, " regular CLIENT").map(|s| s.id.as_str()), Some("g-bbbbbbbbbbbb"));
        assert_eq!(named(&list, ""), None);
        assert_eq!(name_of(&list, "g-aaaaaaaaaaaa"), Some("New client"));
        assert_eq!(
            names(&list, &["g-bbbbbbbbbbbb".into(), "g-zzzzzzzzzzzz".into(), "g-aaaaaaaaaaaa".into()]),
            ["New client", "Regular client"],
            "list order, the deleted one left out"
        );
    }
}
