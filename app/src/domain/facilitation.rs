//! A workshop on a map: what everyone on the board sees of it (whether the board is locked,
//! the dot vote), what a guest participant may change, and the rules of a vote. Pure; the
//! store keeps the state, the hub sends it, `server::workshop` applies the rules.

use super::{CardId, LaneId, Map, Op, OpError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Guests one workshop admits.
pub const MAX_GUESTS: usize = 60;
/// Cards one guest may add in one workshop (their own cards are kept by id).
pub const MAX_GUEST_CARDS: usize = 500;
/// Votes each person has in a new vote, unless the facilitator says otherwise.
pub const DEFAULT_VOTES: u32 = 3;
pub const MAX_VOTES: u32 = 20;

/// The workshop as every board on the map sees it (the join link is not in it: only
/// facilitators read that).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkshopState {
    pub id: String,
    pub started_at: chrono::DateTime<chrono::Utc>,
    /// Participants may only read (members keep their roles).
    #[serde(default)]
    pub locked: bool,
    /// Ended: guest links stop working; the board shows no workshop.
    #[serde(default)]
    pub ended: bool,
    /// The current or last dot vote.
    #[serde(default)]
    pub vote: Option<Vote>,
    /// The facilitator's plan, and the step the room is at.
    #[serde(default)]
    pub agenda: Vec<AgendaStep>,
    #[serde(default)]
    pub step: Option<usize>,
    /// Whose board the others follow ("Follow me"): a connection and its person's name.
    #[serde(default)]
    pub lead: Option<Lead>,
    /// The map's revision when it started (the summary counts the cards added since).
    #[serde(default)]
    pub started_rev: u64,
    /// The names guests joined with, in order (for the summary; a guest's row goes with
    /// the workshop).
    #[serde(default)]
    pub guests: Vec<String>,
}

/// One step of a workshop's agenda ("Brainstorm pain points", 8 minutes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaStep {
    pub title: String,
    #[serde(default)]
    pub minutes: Option<u32>,
}

/// The board the others follow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lead {
    /// The leader's connection (the presence id the hub gave it).
    pub conn: String,
    pub name: String,
}

/// Steps an agenda may have, and the longest step title.
pub const MAX_AGENDA: usize = 20;
pub const MAX_STEP_TITLE: usize = 80;

/// An agenda as the facilitator typed it: titles trimmed, empty steps dropped; refused when
/// it is too long or a step's minutes are outside 1..=240.
pub fn clean_agenda(steps: Vec<AgendaStep>) -> Result<Vec<AgendaStep>, WorkshopError> {
    let bad = WorkshopError::Agenda { max: MAX_AGENDA as u32, len: MAX_STEP_TITLE as u32 };
    let steps: Vec<AgendaStep> = steps
        .into_iter()
        .map(|s| AgendaStep {
            title: s.title.chars().filter(|c| !c.is_control()).collect::<String>().trim().to_owned(),
            ..s
        })
        .filter(|s| !s.title.is_empty())
        .collect();
    let ok = steps.len() <= MAX_AGENDA
        && steps.iter().all(|s| {
            s.title.chars().count() <= MAX_STEP_TITLE
                && s.minutes.is_none_or(|m| (1..=super::workshop::MAX_TIMER_MINUTES).contains(&m))
        });
    if ok {
        Ok(steps)
    } else {
        Err(bad)
    }
}

/// Where the board is shown, as the leader's board sends it to its followers: how far it
/// is scrolled (0 to 1 each way, so screens of any size line up) and the stage presented.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ViewAt {
    pub x: f32,
    pub y: f32,
    #[serde(default)]
    pub stage: Option<super::StageId>,
}

impl ViewAt {
    /// Fractions clamped to 0..=1 (NaN to 0), a stage id only if it could be one.
    pub fn clean(self) -> ViewAt {
        let f = |v: f32| if v.is_finite() { v.clamp(0.0, 1.0) } else { 0.0 };
        let stage = self.stage.filter(|s| {
            let s = s.as_str();
            !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
        ViewAt { x: f(self.x), y: f(self.y), stage }
    }
}

impl WorkshopState {
    pub fn new(id: String, now: chrono::DateTime<chrono::Utc>) -> WorkshopState {
        WorkshopState {
            id,
            started_at: now,
            locked: false,
            ended: false,
            vote: None,
            agenda: Vec::new(),
            step: None,
            lead: None,
            started_rev: 0,
            guests: Vec::new(),
        }
    }

    /// The vote people may vote in now.
    pub fn open_vote(&self) -> Option<&Vote> {
        self.vote.as_ref().filter(|v| !v.revealed && !self.ended)
    }
}

/// A dot vote: on cards of some lanes, with a number of votes per person; hidden until the
/// facilitator reveals it, then `totals` holds each card's count, highest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    pub round: String,
    pub lanes: Vec<LaneId>,
    pub per_person: u32,
    /// Whether one person may put several of their votes on one card.
    pub several: bool,
    #[serde(default)]
    pub revealed: bool,
    #[serde(default)]
    pub totals: Vec<(CardId, u32)>,
}

/// Why a workshop request was refused: a vote that could not be cast or started, a guest
/// who could not join.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
// "reason", not "kind": nested in `AppError`, whose tag is "kind".
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum WorkshopError {
    #[error("no vote is open")]
    NotOpen,
    #[error("this card is not in the vote")]
    NotInVote,
    #[error("all your votes are used")]
    NoneLeft,
    #[error("one vote per card")]
    OnePerCard,
    #[error("a vote needs at least one lane and 1 to {max} votes each")]
    Setup { max: u32 },
    #[error("the workshop has all the guests it admits")]
    Full,
    #[error("a guest needs a name")]
    NameMissing,
    #[error("an agenda has at most {max} steps of {len} characters")]
    Agenda { max: u32, len: u32 },
}

impl Vote {
    /// A new round on `lanes` (those of `map`, each once), with `per_person` votes.
    pub fn start(
        round: String,
        map: &Map,
        lanes: &[LaneId],
        per_person: Option<u32>,
        several: bool,
    ) -> Result<Vote, WorkshopError> {
        let per_person = per_person.unwrap_or(DEFAULT_VOTES);
        let mut chosen: Vec<LaneId> = Vec::new();
        for l in lanes {
            if map.lanes.contains_key(l) && !chosen.contains(l) {
                chosen.push(l.clone());
            }
        }
        if chosen.is_empty() || !(1..=MAX_VOTES).contains(&per_person) {
            return Err(WorkshopError::Setup { max: MAX_VOTES });
        }
        Ok(Vote { round, lanes: chosen, per_person, several, revealed: false, totals: Vec::new() })
    }

    /// Whether `card` of `map` can be voted for in this vote.
    pub fn covers(&self, map: &Map, card: &CardId) -> bool {
        map.cards.get(card).is_some_and(|c| self.lanes.contains(&c.lane))
    }

    /// Checks one more vote (`add`) or one fewer on `card` by a person whose votes so far are
    /// `mine` (card → count).
    pub fn check(
        &self,
        map: &Map,
        card: &CardId,
        mine: &BTreeMap<CardId, u32>,
        add: bool,
    ) -> Result<(), WorkshopError> {
        if self.revealed {
            return Err(WorkshopError::NotOpen);
        }
        if !self.covers(map, card) {
            return Err(WorkshopError::NotInVote);
        }
        if !add {
            return Ok(());
        }
        if mine.values().sum::<u32>() >= self.per_person {
            return Err(WorkshopError::NoneLeft);
        }
        if !self.several && mine.get(card).copied().unwrap_or(0) >= 1 {
            return Err(WorkshopError::OnePerCard);
        }
        Ok(())
    }

    /// Votes still to give, for a person whose votes are `mine`.
    pub fn left(&self, mine: &BTreeMap<CardId, u32>) -> u32 {
        self.per_person.saturating_sub(mine.values().sum())
    }
}

/// Each card's count from every vote cast (card, count), cards no longer on the map left
/// out, highest first (ties by the board's order of cards: their id).
pub fn tally(map: &Map, votes: impl IntoIterator<Item = (CardId, u32)>) -> Vec<(CardId, u32)> {
    let mut sum: BTreeMap<CardId, u32> = BTreeMap::new();
    for (card, n) in votes {
        if n > 0 && map.cards.contains_key(&card) {
            *sum.entry(card).or_default() += n;
        }
    }
    let mut ranked: Vec<(CardId, u32)> = sum.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked
}

/// What a facilitator's join dialog shows: the join link's path, its QR code for the
/// address the facilitator's browser uses, the other addresses the server answers on, and
/// who has joined (id, name).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JoinInfo {
    pub path: String,
    /// An SVG document (drawn on the server) of the full link.
    pub qr: String,
    /// Full links on the machine's other network addresses (when bound to every address).
    pub elsewhere: Vec<String>,
    pub guests: Vec<(String, String)>,
}

/// A person's votes in the open vote (card → count), and how many they have left.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MyVotes {
    pub round: Option<String>,
    pub mine: BTreeMap<CardId, u32>,
    pub left: u32,
}

/// What a guest participant may do: add cards, and change, move or delete their own
/// (`own`), but never a card's vote count (`map` has the counts); nothing while the board
/// is locked. Stages, lanes, personas, emotions and the map's title are the facilitator's.
pub fn participant_may(op: &Op, own: &[CardId], locked: bool, map: &Map) -> Result<(), OpError> {
    if locked {
        return Err(OpError::BoardLocked);
    }
    let mine = |id: &CardId| if own.contains(id) { Ok(()) } else { Err(OpError::NotYourCard) };
    // A card's vote count is the revealed vote's: only the facilitator's reveal sets it.
    let votes_kept = |new: Option<u32>, id: Option<&CardId>| {
        let old = id.and_then(|id| map.cards.get(id)).and_then(|c| c.details.votes);
        if new == old {
            Ok(())
        } else {
            Err(OpError::BadField { field: "votes".into() })
        }
    };
    match op {
        Op::AddCard { card } => votes_kept(card.details.votes, None),
        Op::EditCard { id, details, .. } => {
            mine(id)?;
            details.as_ref().map_or(Ok(()), |d| votes_kept(d.votes, Some(id)))
        }
        Op::MoveCard { id, .. } | Op::DeleteCard { id } => mine(id),
        _ => Err(OpError::FacilitatorOnly),
    }
}

/// The card an op adds, if it adds one (a participant then owns it).
pub fn added_card(op: &Op) -> Option<&CardId> {
    match op {
        Op::AddCard { card } => Some(&card.id),
        _ => None,
    }
}

/// A guest's display name: trimmed, control characters out, at most 40 characters.
pub fn guest_name(name: &str) -> Option<String> {
    let n: String = name.chars().filter(|c| !c.is_control()).collect::<String>().trim().chars().take(40).collect();
    (!n.is_empty()).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map() -> Map {
        crate::domain::op_tests::sample()
    }

    #[test]
    fn a_vote_counts_each_persons_votes_and_the_cards_it_covers() {
        let m = map();
        let first_lane = m.cards[&CardId::from("c1")].lane.clone();
        let v =
            Vote::start("r".into(), &m, &[first_lane.clone(), first_lane, LaneId::from("gone")], None, true).unwrap();
        assert_eq!((v.lanes.len(), v.per_person), (1, DEFAULT_VOTES), "unknown and repeated lanes dropped");
        let c0 = CardId::from("c1");
        let mut mine = BTreeMap::new();
        assert_eq!(v.check(&m, &CardId::from("c2"), &mine, true), Err(WorkshopError::NotInVote));
        assert_eq!(v.check(&m, &c0, &mine, true), Ok(()));
        mine.insert(c0.clone(), 3);
        assert_eq!(v.check(&m, &c0, &mine, true), Err(WorkshopError::NoneLeft));
        assert_eq!(v.check(&m, &c0, &mine, false), Ok(()), "a vote can always be taken back");
        assert_eq!(v.left(&mine), 0);
        let single = Vote { several: false, ..v.clone() };
        mine.insert(c0.clone(), 1);
        assert_eq!(single.check(&m, &c0, &mine, true), Err(WorkshopError::OnePerCard));
        let shut = Vote { revealed: true, ..v };
        assert_eq!(shut.check(&m, &c0, &BTreeMap::new(), false), Err(WorkshopError::NotOpen));
        assert!(Vote::start("r".into(), &m, &[], None, true).is_err());
        assert!(Vote::start("r".into(), &m, &[m.cards[&c0].lane.clone()], Some(0), true).is_err());
        assert!(Vote::start("r".into(), &m, &[m.cards[&c0].lane.clone()], Some(MAX_VOTES + 1), true).is_err());
    }

    #[test]
    fn the_tally_ranks_cards_and_forgets_deleted_ones() {
        let m = map();
        let (c0, c1) = (CardId::from("c1"), CardId::from("c2"));
        let t =
            tally(&m, [(c1.clone(), 1), (c0.clone(), 2), (c1.clone(), 2), (CardId::from("gone"), 9), (c0.clone(), 0)]);
        assert_eq!(t, vec![(c1, 3), (c0, 2)]);
    }

    #[test]
    fn a_participant_changes_only_their_own_cards_and_nothing_when_locked() {
        let m = map();
        let c0 = CardId::from("c1");
        let own = vec![CardId::from("x1")];
        let mut new = m.cards[&c0].clone();
        new.id = CardId::from("new");
        let add = Op::AddCard { card: new };
        assert_eq!(participant_may(&add, &[], false, &m), Ok(()));
        assert_eq!(added_card(&add), Some(&CardId::from("new")));
        let delete = |id: &str| Op::DeleteCard { id: CardId::from(id) };
        assert_eq!(participant_may(&delete("x1"), &own, false, &m), Ok(()));
        assert_eq!(participant_may(&delete("x2"), &own, false, &m), Err(OpError::NotYourCard));
        assert_eq!(participant_may(&delete("x1"), &own, true, &m), Err(OpError::BoardLocked));
        let stage = Op::DeleteStage { id: m.ordered_stages()[0].id.clone() };
        assert_eq!(participant_may(&stage, &own, false, &m), Err(OpError::FacilitatorOnly));
        assert_eq!(
            participant_may(&Op::EditMap { title: Some("x".into()), description: None }, &own, false, &m),
            Err(OpError::FacilitatorOnly)
        );
        // Nobody but the reveal sets a card's vote count: not on a new card, not by an edit.
        let mut counted = m.cards[&c0].clone();
        counted.id = CardId::from("x1");
        counted.details.votes = Some(99);
        let bad_add = Op::AddCard { card: counted.clone() };
        assert_eq!(participant_may(&bad_add, &[], false, &m), Err(OpError::BadField { field: "votes".into() }));
        let edit = |votes| Op::EditCard {
            id: CardId::from("x1"),
            text: None,
            colour: None,
            tags: None,
            details: Some(crate::domain::CardDetails { votes, ..Default::default() }),
        };
        assert_eq!(participant_may(&edit(Some(7)), &own, false, &m), Err(OpError::BadField { field: "votes".into() }));
        assert_eq!(participant_may(&edit(None), &own, false, &m), Ok(()), "a card without votes keeps none");
    }

    #[test]
    fn an_agenda_is_trimmed_and_bounded() {
        let step = |t: &str, m| AgendaStep { title: t.into(), minutes: m };
        assert_eq!(clean_agenda(vec![step("  Vote ", Some(5)), step(" ", None)]), Ok(vec![step("Vote", Some(5))]));
        assert!(clean_agenda(vec![step("x", Some(0))]).is_err());
        assert!(clean_agenda(vec![step(&"x".repeat(MAX_STEP_TITLE + 1), None)]).is_err());
        assert!(clean_agenda((0..=MAX_AGENDA).map(|_| step("x", None)).collect()).is_err());
    }

    #[test]
    fn a_view_is_clamped() {
        let v = ViewAt { x: f32::NAN, y: 3.0, stage: Some(crate::domain::StageId::from("<b>")) }.clean();
        assert_eq!(v, ViewAt { x: 0.0, y: 1.0, stage: None });
    }

    #[test]
    fn guest_names_are_trimmed_and_bounded() {
        assert_eq!(guest_name("  Ana \u{7}"), Some("Ana".into()));
        assert_eq!(guest_name("   "), None);
        assert_eq!(guest_name(&"é".repeat(100)).map(|n| n.chars().count()), Some(40));
    }
}
