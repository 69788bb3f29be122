//! Moving a map to another workspace the person may edit in. The map keeps its id, log,
//! history, comments, customer feedback and share links; its linked personas, the custom
//! channels and the segments its cards name become the other workspace's of the same name,
//! or copies there, and one [`Op::Rehome`] in the log rewrites their ids (see
//! `domain::transfer`), so every process's cached map and every open board follow it.

use super::store::{Applied, Store};
use crate::domain::channel::Channel;
use crate::domain::transfer::Remap;
use crate::domain::*;
use crate::error::AppError;
use std::collections::HashSet;

/// What moving a map writes besides its op: the new library entries of the target
/// workspace and which persona photos to copy (old id, new id).
#[derive(Debug, Default)]
pub struct Plan {
    pub remap: Remap,
    pub personas: Vec<Persona>,
    pub photos: Vec<(PersonaId, PersonaId)>,
    pub channels: Vec<Channel>,
    pub segments: Vec<crate::domain::segment::Segment>,
}

/// Works out how map `map` of workspace `from` lands in workspace `to`: each linked
/// persona is `to`'s persona of the same name (each used once) or a copy (with its
/// photo); custom channels and segments likewise by name.
pub async fn plan(store: &Store, map: &Map, from: &str, to: &str) -> Result<Plan, AppError> {
    let mut out = Plan::default();
    let theirs = store.list_personas(to).await?;
    let ours = store.list_personas(from).await?;
    let mut taken: HashSet<&PersonaId> = HashSet::new();
    let mut copies: Vec<Persona> = Vec::new();
    for id in &map.personas {
        let Some(p) = ours.iter().find(|p| &p.id == id) else { continue };
        let same = theirs.iter().find(|t| t.name.trim() == p.name.trim() && !taken.contains(&t.id));
        match same {
            Some(t) => {
                taken.insert(&t.id);
                out.remap.personas.insert(p.id.clone(), t.id.clone());
            }
            None => {
                let fresh = Persona { id: PersonaId::generate(), ..p.clone() };
                out.remap.personas.insert(p.id.clone(), fresh.id.clone());
                if p.photo > 0 {
                    out.photos.push((p.id.clone(), fresh.id.clone()));
                }
                copies.push(fresh);
            }
        }
    }
    // Custom channels the cards or the copied personas name.
    let used_channels: HashSet<&str> = map
        .cards
        .values()
        .filter_map(|c| c.details.channel.as_deref())
        .chain(copies.iter().flat_map(|p| p.channels.iter().map(String::as_str)))
        .collect();
    let drafted: Vec<Channel> =
        store.list_channels(from).await?.into_iter().filter(|c| used_channels.contains(c.id.as_str())).collect();
    let (renamed, new_channels) = super::maps::match_channels(&store.list_channels(to).await?, drafted)?;
    out.remap.channels = renamed;
    out.channels = new_channels;
    // Segments the cards name, and the copied personas' segment names.
    let used_segments: HashSet<&str> =
        map.cards.values().flat_map(|c| c.details.segments.iter().map(String::as_str)).collect();
    let drafted: Vec<_> =
        store.list_segments(from).await?.into_iter().filter(|s| used_segments.contains(s.id.as_str())).collect();
    let mut names: Vec<&mut String> = copies.iter_mut().map(|p| &mut p.segment).collect();
    let matched = super::segments::match_import(&store.list_segments(to).await?, &drafted, &mut names)?;
    out.remap.segments = matched.renamed;
    out.segments = matched.new;
    for p in &mut copies {
        let channels = std::mem::take(&mut p.channels);
        p.channels = channels
            .into_iter()
            .filter_map(|c| if channel::is_default(&c) { Some(c) } else { out.remap.channels.get(&c).cloned() })
            .collect();
        p.validate().map_err(AppError::Persona)?;
    }
    out.personas = copies;
    Ok(out)
}

/// Moves map `id` from workspace `from` to workspace `to`, as `author`. The caller has
/// checked the person may edit maps in both.
pub async fn move_map(store: &Store, id: &MapId, from: &str, to: &str, author: &str) -> Result<Applied, AppError> {
    if from == to {
        return Err(AppError::Invalid { field: "workspace".into() });
    }
    // The plan is made on the map as it is; if it changes before the move commits (a
    // persona linked meanwhile), the move is planned again.
    for _ in 0..3 {
        let map = store.current_map(id).await?.ok_or(AppError::NotFound)?;
        let p = plan(store, &map, from, to).await?;
        match store
            .move_map(id, map.rev, from, to, author, &p.remap, &p.personas, &p.photos, &p.channels, &p.segments)
            .await
        {
            Err(super::store::StoreError::Replan) => continue,
            done => return Ok(done?),
        }
    }
    Err(AppError::Busy { retry_after_secs: 1 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::segment::Segment;
    use crate::domain::template::Template;
    use crate::i18n::Locale;
    const WS: &str = crate::server::store::DEFAULT_WORKSPACE;

    #[tokio::test]
    async fn a_moved_map_keeps_its_log_history_and_feedback_with_the_other_workspaces_ids() {
        let store = Store::open("mem://", None).await.unwrap();
        let id = crate::server::maps::create(&store, WS, "Clinic", Template::Clinic, Locale::En).await.unwrap();
        // A custom channel and a segment on cards, a version, then the move.
        let kiosk = crate::server::channels::save(
            &store,
            WS,
            Channel { id: String::new(), name: "Kiosk".into(), icon: "qr".into() },
        )
        .await
        .unwrap();
        let regular = store.list_segments(WS).await.unwrap().into_iter().find(|s| s.name == "Regular client").unwrap();
        let map = store.current_map(&id).await.unwrap().unwrap();
        let card = map.cards.values().find(|c| c.details.is_empty()).unwrap().clone();
        let details =
            CardDetails { channel: Some(kiosk.id.clone()), segments: vec![regular.id.clone()], ..Default::default() };
        let op = Op::EditCard { id: card.id.clone(), text: None, colour: None, tags: None, details: Some(details) };
        crate::server::maps::apply(&store, WS, &id, "u", "c1", op).await.unwrap();
        let before = store.current_map(&id).await.unwrap().unwrap();
        let version = crate::server::history::save(&store, &id, "Before the move", "Olga", false).await.unwrap();
        // The other workspace already has a persona of one of the names.
        let marina = store.list_personas(WS).await.unwrap().into_iter().find(|p| p.name.starts_with("Marina")).unwrap();
        let theirs = Persona { id: PersonaId::generate(), ..marina.clone() };
        crate::server::segments::save(&store, "studio", Segment { id: String::new(), name: "New client".into() })
            .await
            .unwrap();
        store.save_persona("studio", &theirs).await.unwrap();

        let moved = move_map(&store, &id, WS, "studio", "Olga").await.unwrap();
        assert_eq!(moved.rev, before.rev + 1, "one op in the log");
        assert!(store.list_maps(WS).await.unwrap().iter().all(|m| m.id != id));
        assert!(store.list_maps("studio").await.unwrap().iter().any(|m| m.id == id));
        let after = store.current_map(&id).await.unwrap().unwrap();
        let library = store.list_personas("studio").await.unwrap();
        assert_eq!(library.len(), 2, "Marina reused by name, Olga copied");
        assert!(after.personas.contains(&theirs.id));
        assert!(after.personas.iter().all(|p| library.iter().any(|l| &l.id == p)));
        assert_eq!(after.emotions.len(), before.emotions.len());
        assert!(after.emotions.iter().all(|e| after.personas.contains(&e.persona)));
        let moved_card = &after.cards[&card.id];
        let channels = store.list_channels("studio").await.unwrap();
        assert_eq!(channels.len(), 1);
        assert_eq!(moved_card.details.channel.as_deref(), Some(channels[0].id.as_str()));
        let segments = store.list_segments("studio").await.unwrap();
        let theirs_regular = segments.iter().find(|s| s.name == "Regular client").unwrap();
        assert_eq!(moved_card.details.segments, vec![theirs_regular.id.clone()]);
        assert_eq!(segments.len(), 2, "New client reused, Regular client added");
        // The log still replays to the map, and nothing stayed behind in the old libraries.
        let mut replay = Map::new(id.clone(), "");
        for op in store.ops_since(&id, 0).await.unwrap() {
            replay.apply(&op.op).unwrap();
        }
        replay.rev = after.rev;
        assert_eq!(
            (replay.personas.clone(), replay.cards.clone(), replay.emotions.clone()),
            (after.personas.clone(), after.cards.clone(), after.emotions.clone())
        );
        assert_eq!(store.list_personas(WS).await.unwrap().len(), 2, "the old workspace keeps its personas");
        // A version from before the move restores with this workspace's ids.
        crate::server::history::restore(
            &store,
            "studio",
            &id,
            "Olga",
            crate::server::history::Target::Version(version.id.clone()),
            "Safety",
        )
        .await
        .unwrap();
        let restored = store.current_map(&id).await.unwrap().unwrap();
        assert_eq!(restored.personas, after.personas);
        assert_eq!(restored.cards[&card.id].details.segments, vec![theirs_regular.id.clone()]);
        // A client cannot send a move of its own.
        let sneaky = Remap::default().to_op();
        assert!(crate::server::maps::apply(&store, "studio", &id, "u", "c9", sneaky).await.is_err());
        // Moving again needs another workspace than its own.
        assert_eq!(
            move_map(&store, &id, "studio", "studio", "Olga").await.unwrap_err(),
            AppError::Invalid { field: "workspace".into() }
        );
    }
}
