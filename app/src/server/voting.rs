//! The dot vote of a map's workshop: a facilitator opens it on chosen lanes, members and
//! guests cast and take back votes within their budget (hidden from each other), and the
//! reveal puts the totals into the workshop's state and onto the cards' vote counts.

use super::store::{Store, Write};
use super::workshop::{change, must_run, running};
use crate::domain::facilitation::{self, MyVotes, Vote, WorkshopError, WorkshopState};
use crate::domain::{CardId, LaneId, MapId, Op};
use crate::error::AppError;
use std::collections::BTreeMap;

/// Opens a new vote on `lanes` of map `id` (a vote that ran before is replaced).
pub async fn start_vote(
    store: &Store,
    id: &MapId,
    lanes: &[LaneId],
    per_person: Option<u32>,
    several: bool,
) -> Result<WorkshopState, AppError> {
    let map = store.current_map(id).await?.ok_or(AppError::NotFound)?;
    let round = uuid::Uuid::new_v4().simple().to_string();
    let vote = Vote::start(round, &map, lanes, per_person, several).map_err(AppError::Workshop)?;
    change(store, id, |w| {
        w.vote = Some(vote.clone());
        Ok(())
    })
    .await
}

/// One person's votes at most at once per process, so two quick clicks cannot both pass
/// the check before either is counted.
static CASTING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// One vote more (`add`) or one fewer on `card` by `voter` (a member's user id or a
/// guest's id).
pub async fn cast(store: &Store, id: &MapId, voter: &str, card: &CardId, add: bool) -> Result<MyVotes, AppError> {
    let w = must_run(store, id).await?;
    let vote = w.open_vote().ok_or(AppError::Workshop(WorkshopError::NotOpen))?;
    let map = store.current_map(id).await?.ok_or(AppError::NotFound)?;
    let _one = CASTING.lock().await;
    let mine = store.my_votes(id, &vote.round, voter).await?;
    vote.check(&map, card, &mine, add).map_err(AppError::Workshop)?;
    if add || mine.get(card).is_some_and(|n| *n > 0) {
        store.cast_vote(id, &vote.round, voter, card, if add { 1 } else { -1 }).await?;
    }
    my_votes_in(store, id, vote, voter).await
}

async fn my_votes_in(store: &Store, id: &MapId, vote: &Vote, voter: &str) -> Result<MyVotes, AppError> {
    let mine = store.my_votes(id, &vote.round, voter).await?;
    Ok(MyVotes { round: Some(vote.round.clone()), left: vote.left(&mine), mine })
}

/// `voter`'s votes in map `id`'s open vote (none when no vote is open).
pub async fn my_votes(store: &Store, id: &MapId, voter: &str) -> Result<MyVotes, AppError> {
    match running(store, id).await?.as_ref().and_then(WorkshopState::open_vote) {
        Some(vote) => my_votes_in(store, id, vote, voter).await,
        None => Ok(MyVotes::default()),
    }
}

/// Reveals map `id`'s open vote: the totals go into the workshop state and onto the cards
/// (their vote count, one op per card whose count changed, made as one step by `author`).
pub async fn reveal(store: &Store, workspace: &str, id: &MapId, author: &str) -> Result<WorkshopState, AppError> {
    let w = must_run(store, id).await?;
    let vote = w.open_vote().cloned().ok_or(AppError::Workshop(WorkshopError::NotOpen))?;
    let map = store.current_map(id).await?.ok_or(AppError::NotFound)?;
    let totals = facilitation::tally(&map, store.votes(id, &vote.round).await?);
    let count: BTreeMap<&CardId, u32> = totals.iter().map(|(c, n)| (c, *n)).collect();
    let ops: Vec<Op> = map
        .cards
        .values()
        .filter(|c| vote.lanes.contains(&c.lane))
        .filter_map(|c| {
            let votes = count.get(&c.id).copied();
            (c.details.votes != votes).then(|| {
                let mut details = c.details.clone();
                details.votes = votes;
                Op::EditCard { id: c.id.clone(), text: None, colour: None, tags: None, details: Some(details) }
            })
        })
        .collect();
    if !ops.is_empty() {
        let write = Write::new(author, &format!("vote.{}", vote.round), ops);
        for outcome in super::maps::apply_group(store, workspace, id, vec![write]).await {
            outcome?;
        }
    }
    // Kept only if the same vote is still open (not revealed or replaced meanwhile).
    let revealed = Vote { revealed: true, totals, ..vote };
    change(store, id, |w| match w.open_vote() {
        Some(v) if v.round == revealed.round => {
            w.vote = Some(revealed.clone());
            Ok(())
        }
        _ => Err(AppError::Workshop(WorkshopError::NotOpen)),
    })
    .await
}
