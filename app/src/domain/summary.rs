//! A workshop's summary: who took part, the cards added during it per stage, the vote's
//! results and the threads still open. Pure: the server gathers the ops and comments,
//! `formats::summary` writes it as Markdown or a PDF page.

use super::comment::{Anchor, Comment};
use super::facilitation::WorkshopState;
use super::{Map, Op};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkshopSummary {
    pub title: String,
    pub started_at: chrono::DateTime<chrono::Utc>,
    pub ended: bool,
    /// Everyone who joined as a guest or changed the map during it, by name.
    pub participants: Vec<String>,
    /// The cards added during the workshop and still on the map, by stage in board order.
    pub stages: Vec<StageCards>,
    /// The revealed vote: card texts and their counts, highest first.
    pub votes: Vec<(String, u32)>,
    pub open_threads: Vec<OpenThread>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageCards {
    pub stage: String,
    pub cards: Vec<String>,
}

/// An unresolved thread: where it is (its anchor), who opened it, what it says.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpenThread {
    pub anchor: Anchor,
    pub author: String,
    pub body: String,
}

/// Authors that are not people (templates, imports).
const NOT_PEOPLE: [&str; 2] = ["system", "Jornada"];

/// The summary of `state`'s workshop on `map`: `ops` are the log's ops since it started
/// (author, op), `comments` the map's comments.
pub fn summarise<'a>(
    map: &Map,
    state: &WorkshopState,
    ops: impl IntoIterator<Item = (&'a str, &'a Op)>,
    comments: &[Comment],
) -> WorkshopSummary {
    let mut people: BTreeSet<String> = state.guests.iter().cloned().collect();
    let mut added = BTreeSet::new();
    for (author, op) in ops {
        if !NOT_PEOPLE.contains(&author) {
            people.insert(author.to_owned());
        }
        if let Op::AddCard { card } = op {
            added.insert(card.id.clone());
        }
    }
    for c in comments.iter().filter(|c| c.created_at >= state.started_at) {
        people.insert(c.author_name.clone());
    }
    let stages = map
        .ordered_stages()
        .into_iter()
        .filter_map(|s| {
            let mut cards: Vec<_> = map.cards.values().filter(|c| c.stage == s.id && added.contains(&c.id)).collect();
            cards.sort_by(|a, b| {
                let lane = |c: &super::Card| map.lanes.get(&c.lane).map(|l| l.order.clone());
                (lane(a), &a.order, &a.id).cmp(&(lane(b), &b.order, &b.id))
            });
            (!cards.is_empty()).then(|| StageCards {
                stage: s.title.clone(),
                cards: cards.into_iter().map(|c| c.text.clone()).collect(),
            })
        })
        .collect();
    let votes = state
        .vote
        .as_ref()
        .filter(|v| v.revealed)
        .map(|v| v.totals.iter().filter_map(|(id, n)| map.cards.get(id).map(|c| (c.text.clone(), *n))).collect())
        .unwrap_or_default();
    let open_threads = comments
        .iter()
        .filter(|c| c.is_root() && !c.resolved && !c.deleted)
        .map(|c| OpenThread { anchor: c.anchor.clone(), author: c.author_name.clone(), body: c.body.clone() })
        .collect();
    WorkshopSummary {
        title: map.title.clone(),
        started_at: state.started_at,
        ended: state.ended,
        participants: people.into_iter().collect(),
        stages,
        votes,
        open_threads,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::facilitation::Vote;
    use crate::domain::CardId;

    #[test]
    fn a_summary_counts_what_the_workshop_added_and_decided() {
        let mut map = crate::domain::op_tests::sample();
        let mut state = WorkshopState::new("w".into(), chrono::Utc::now() - chrono::Duration::hours(1));
        state.guests = vec!["Gil".into()];
        let mut new = map.cards[&CardId::from("c1")].clone();
        new.id = CardId::from("n1");
        new.text = "Waits on hold".into();
        let add = Op::AddCard { card: new.clone() };
        map.apply(&add).unwrap();
        let mut gone = new.clone();
        gone.id = CardId::from("n2");
        let add_gone = Op::AddCard { card: gone };
        state.vote = Some(Vote {
            round: "r".into(),
            lanes: vec![new.lane.clone()],
            per_person: 3,
            several: true,
            revealed: true,
            totals: vec![(CardId::from("n1"), 4), (CardId::from("gone"), 1)],
        });
        let ops = [("Ana", &add), ("system", &add_gone)];
        let s = summarise(&map, &state, ops.iter().map(|(a, o)| (*a, *o)), &[]);
        assert_eq!(s.participants, vec!["Ana".to_owned(), "Gil".to_owned()]);
        assert_eq!(s.stages, vec![StageCards { stage: "S1".into(), cards: vec!["Waits on hold".into()] }]);
        assert_eq!(s.votes, vec![("Waits on hold".to_owned(), 4)]);
        assert!(s.open_threads.is_empty());
    }
}
