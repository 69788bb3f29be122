//! The logic behind the map server functions, testable without Leptos.

use super::store::{Applied, Store, StoreError, Write};
use crate::domain::channel::{Channel, ChannelError, DEFAULT_CHANNELS, MAX_CHANNELS};
use crate::domain::persona::PERSONA_COLOURS;
use crate::domain::template::{Layout, Template, STARTER_LANES};
use crate::domain::*;
use crate::error::AppError;
use crate::i18n::Locale;
use std::collections::{HashMap, HashSet};

/// Creates a map from a template, named in `locale`, and returns its id.
pub async fn create(
    store: &Store,
    ws: &str,
    title: &str,
    template: Template,
    locale: Locale,
) -> Result<MapId, AppError> {
    let t = locale.messages();
    let title = if title.trim().is_empty() { t.untitled_map.to_owned() } else { title.trim().to_owned() };
    // Validate the title with the same rule an edit would meet.
    Map::new(MapId::from("check"), "x")
        .invert(&Op::EditMap { title: Some(title.clone()), description: None })
        .map_err(AppError::Refused)?;
    let draft = match template.spec() {
        Some(spec) => {
            let lang = Locale::ALL.iter().position(|l| *l == locale).unwrap_or(0);
            crate::domain::templates::draft(spec, lang, &title)
        }
        None => {
            let layout = match template {
                Template::Blank => Layout {
                    stages: vec![(t.new_stage, "")],
                    lanes: vec![(LaneKind::Steps, t.lane_kind(LaneKind::Steps))],
                },
                _ => Layout {
                    stages: t.stage_names.iter().map(|s| (*s, "")).collect(),
                    lanes: STARTER_LANES.iter().map(|k| (*k, t.lane_kind(*k))).collect(),
                },
            };
            layout.draft(&title)
        }
    };
    create_from_draft(store, ws, draft, PersonaColours::AsDrafted, "template").await
}

/// The colours a draft's new personas get in the library.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PersonaColours {
    /// The draft's own (a template's chosen colours).
    AsDrafted,
    /// The library's next free colours (a file's personas, which name none of their own).
    NextFree,
}

/// The one path from a [`Draft`] (an imported file, a template) to a new map of workspace
/// `ws`; answers its id. The draft's custom channels and personas are matched to the
/// workspace's libraries by name and added when missing (so are its segments); a card naming a channel neither
/// built in nor in the draft loses it (not the card). All or nothing: the map, its op log
/// (logged as `origin`) and the new library entries are written in one transaction, and
/// only once the draft has been built into a map by the rules of maps and checked to load.
pub async fn create_from_draft(
    store: &Store,
    ws: &str,
    mut draft: Draft,
    colours: PersonaColours,
    origin: &str,
) -> Result<MapId, AppError> {
    let library = store.list_channels(ws).await?;
    let (renamed, new_channels) = match_channels(&library, std::mem::take(&mut draft.channels))?;
    let known: HashSet<&str> = DEFAULT_CHANNELS
        .iter()
        .copied()
        .chain(library.iter().map(|l| l.id.as_str()))
        .chain(new_channels.iter().map(|c| c.id.as_str()))
        .collect();
    for card in &mut draft.cards {
        if let Some(ch) = card.details.channel.take() {
            let ch = renamed.get(&ch).cloned().unwrap_or(ch);
            card.details.channel = known.contains(ch.as_str()).then_some(ch);
        }
    }
    let (ids, mut new_personas) = match_personas(&store.list_personas(ws).await?, &draft.personas, colours)?;
    // Segments: the draft's (which its cards name) and its new personas' are the
    // workspace's of the same name, or new ones; a card loses a segment the draft lacks.
    let mut names: Vec<&mut String> = new_personas.iter_mut().map(|p| &mut p.segment).collect();
    let segments = super::segments::match_import(
        &store.list_segments(ws).await?,
        &std::mem::take(&mut draft.segments),
        &mut names,
    )?;
    for card in &mut draft.cards {
        let scope = std::mem::take(&mut card.details.segments);
        for id in scope.iter().filter_map(|s| segments.renamed.get(s)) {
            if !card.details.segments.contains(id) {
                card.details.segments.push(id.clone());
            }
        }
    }
    let id = MapId::generate();
    let (map, ops) = draft.build(id.clone(), &ids).map_err(AppError::Import)?;
    store.import_map(ws, &map, &ops, &new_personas, &new_channels, &segments.new, origin).await?;
    Ok(id)
}

/// A draft's custom channels against the library: the id each is known by now (the
/// library's of the same name, else a new one) and the channels to add.
pub(super) fn match_channels(
    library: &[Channel],
    drafted: Vec<Channel>,
) -> Result<(HashMap<String, String>, Vec<Channel>), AppError> {
    let mut by_name: HashMap<String, String> =
        library.iter().map(|l| (l.name.trim().to_lowercase(), l.id.clone())).collect();
    let mut new_channels: Vec<Channel> = Vec::new();
    let mut renamed: HashMap<String, String> = HashMap::new();
    for c in drafted {
        let name = c.name.trim().to_owned();
        let id = match by_name.get(&name.to_lowercase()) {
            Some(id) => id.clone(),
            None => {
                if library.len() + new_channels.len() >= MAX_CHANNELS {
                    return Err(AppError::Channel(ChannelError::TooMany { max: MAX_CHANNELS as u32 }));
                }
                let icon = if crate::domain::channel::is_icon(&c.icon) { c.icon.clone() } else { "chat".into() };
                let fresh = Channel { id: Channel::new_id(), name, icon };
                let built_in = Locale::ALL.iter().flat_map(|l| {
                    let t = l.messages();
                    DEFAULT_CHANNELS.iter().map(move |id| t.channel_name(id))
                });
                let others = library.iter().chain(&new_channels).map(|l| l.name.as_str());
                fresh.validate(built_in.chain(others)).map_err(AppError::Channel)?;
                by_name.insert(fresh.name.to_lowercase(), fresh.id.clone());
                new_channels.push(fresh.clone());
                fresh.id
            }
        };
        renamed.insert(c.id, id);
    }
    Ok((renamed, new_channels))
}

/// A draft's personas against the library: the id each is linked as (the library's of
/// the same name, else a new one) and the personas to add, checked by the persona rules.
fn match_personas(
    library: &[Persona],
    drafted: &[Persona],
    colours: PersonaColours,
) -> Result<(Vec<PersonaId>, Vec<Persona>), AppError> {
    let by_name: HashMap<&str, &PersonaId> = library.iter().map(|p| (p.name.as_str(), &p.id)).collect();
    let mut ids = Vec::with_capacity(drafted.len());
    let mut new_personas: Vec<Persona> = Vec::new();
    for p in drafted {
        if let Some(existing) = by_name.get(p.name.trim()) {
            ids.push((*existing).clone());
            continue;
        }
        let mut fresh = p.clone();
        for field in
            [&mut fresh.name, &mut fresh.segment, &mut fresh.age_range, &mut fresh.gender, &mut fresh.occupation]
        {
            *field = field.trim().to_owned();
        }
        fresh.id = PersonaId::generate();
        if colours == PersonaColours::NextFree {
            fresh.colour = PERSONA_COLOURS[(library.len() + new_personas.len()) % PERSONA_COLOURS.len()].to_owned();
        }
        fresh.photo = 0;
        fresh.channels.retain(|c| !c.trim().is_empty());
        fresh.validate().map_err(AppError::Persona)?;
        ids.push(fresh.id.clone());
        new_personas.push(fresh);
    }
    Ok((ids, new_personas))
}

/// What a board draws on from the workspace's libraries.
pub struct BoardLibrary {
    pub personas: Vec<Persona>,
    pub channels: Vec<Channel>,
    pub segments: Vec<crate::domain::segment::Segment>,
}

/// The personas, custom channels and segments a board is sent. A member gets the
/// workspace's whole library (to offer the personas not linked yet); a share link's
/// anonymous holder gets only what the map shows: its linked personas, the channels its
/// cards or those personas name, the segments its cards or those personas belong to.
pub async fn board_library(store: &Store, ws: &str, map: &Map, shared: bool) -> Result<BoardLibrary, StoreError> {
    let mut personas = store.list_personas(ws).await?;
    let mut channels = store.list_channels(ws).await?;
    let mut segments = store.list_segments(ws).await?;
    if shared {
        personas.retain(|p| map.personas.contains(&p.id));
        let used = |id: &str| {
            map.cards.values().any(|c| c.details.channel.as_deref() == Some(id))
                || personas.iter().any(|p| p.channels.iter().any(|c| c == id))
        };
        channels.retain(|c| used(&c.id));
        segments.retain(|s| {
            map.cards.values().any(|c| c.details.segments.contains(&s.id))
                || personas.iter().any(|p| p.segment == s.name)
        });
    }
    Ok(BoardLibrary { personas, channels, segments })
}

/// Applies one op from a client to a map of workspace `ws` and returns the new revision.
pub async fn apply(
    store: &Store,
    ws: &str,
    map: &MapId,
    author: &str,
    client_op: &str,
    op: Op,
) -> Result<u64, AppError> {
    if !map.is_valid() {
        return Err(AppError::NotFound);
    }
    if !crate::protocol::client_op_ok(client_op) {
        return Err(AppError::Invalid { field: "client_op".into() });
    }
    Ok(apply_checked(store, ws, map, author, client_op, op).await?.rev)
}

/// Applies an op after checking what it refers to outside the map (a linked persona must
/// be in the library).
pub async fn apply_checked(
    store: &Store,
    ws: &str,
    map: &MapId,
    author: &str,
    client_op: &str,
    op: Op,
) -> Result<crate::server::store::Applied, crate::server::store::StoreError> {
    let write = Write::new(author, client_op, vec![op]);
    apply_group(store, ws, map, vec![write]).await.pop().unwrap_or(Err(StoreError::MapNotFound))
}

/// Applies several writes of one map (of workspace `ws`), each checked like
/// [`apply_checked`], in one group commit; one outcome per write, in order. The websocket
/// sends every op a client has queued through here.
pub async fn apply_group(store: &Store, ws: &str, map: &MapId, writes: Vec<Write>) -> Vec<Result<Applied, StoreError>> {
    let mut outcomes: Vec<Option<Result<Applied, StoreError>>> = Vec::with_capacity(writes.len());
    let mut checked = Vec::with_capacity(writes.len());
    for write in writes {
        match check_refs(store, ws, &write.ops).await {
            Ok(()) => {
                outcomes.push(None);
                checked.push(write);
            }
            Err(e) => outcomes.push(Some(Err(e))),
        }
    }
    let sizes: Vec<u64> = checked.iter().map(|w| w.ops.len() as u64).collect();
    let started = std::time::Instant::now();
    let applied = store.apply_writes(map, checked).await;
    let ops = sizes.iter().zip(&applied).filter(|(_, a)| a.is_ok()).map(|(n, _)| n).sum();
    if !sizes.is_empty() {
        crate::server::metrics::committed(ops, started.elapsed());
    }
    let mut applied = applied.into_iter();
    outcomes.into_iter().map(|o| o.or_else(|| applied.next()).unwrap_or(Err(StoreError::MapNotFound))).collect()
}

/// Refuses ops that name a persona the workspace's library does not have.
async fn check_refs(store: &Store, ws: &str, ops: &[Op]) -> Result<(), StoreError> {
    for op in ops {
        // Only the server moves a map (`server::transfer`), never through here.
        if matches!(op, Op::Rehome { .. }) {
            return Err(StoreError::Refused(OpError::BadField { field: "rehome".into() }));
        }
        if let Op::LinkPersona { persona, .. } = op {
            if !persona.is_valid() || store.get_persona(ws, persona).await?.is_none() {
                return Err(StoreError::Refused(OpError::NotFound { what: Entity::Persona }));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    const WS: &str = crate::server::store::DEFAULT_WORKSPACE;

    #[tokio::test]
    async fn starter_template_is_named_in_the_users_language() {
        let store = Store::open("mem://", None).await.unwrap();
        let id = create(&store, WS, "  Клиника  ", Template::Starter, Locale::Ru).await.unwrap();
        let map = store.load_map(&id).await.unwrap().unwrap();
        assert_eq!(map.title, "Клиника");
        let stages: Vec<_> = map.ordered_stages().iter().map(|s| s.title.clone()).collect();
        assert_eq!(stages.len(), 7);
        assert_eq!(stages[0], "Осведомлённость");
        let lanes: Vec<_> = map.ordered_lanes().iter().map(|l| l.kind).collect();
        assert_eq!(lanes, STARTER_LANES);
    }

    #[tokio::test]
    async fn learning_templates_fill_a_map_and_reuse_library_personas() {
        let store = Store::open("mem://", None).await.unwrap();
        let id = create(&store, WS, "Клиника", Template::Clinic, Locale::Ru).await.unwrap();
        let map = store.load_map(&id).await.unwrap().unwrap();
        assert_eq!(map.ordered_stages()[3].title, "Процедура");
        assert_eq!(map.personas.len(), 2);
        assert_eq!(map.emotions.len(), 10);
        assert!(map.cards.values().any(|c| c.details.channel.as_deref() == Some("consultation")));
        create(&store, WS, "Клиника 2", Template::Clinic, Locale::Ru).await.unwrap();
        let library = store.list_personas(WS).await.unwrap();
        assert_eq!(library.len(), 2, "personas reused, not duplicated");
        for p in Template::Clinic.spec().unwrap().personas {
            assert!(library.iter().any(|l| l.colour == p.colour), "the template's colour {} kept", p.colour);
        }
        let pt = create(&store, WS, "Estúdio", Template::Massage, Locale::PtBr).await.unwrap();
        let pt = store.load_map(&pt).await.unwrap().unwrap();
        assert_eq!(pt.ordered_stages()[1].title, "Ligação para agendar");
    }

    #[tokio::test]
    async fn blank_title_gets_a_default_and_long_titles_are_refused() {
        let store = Store::open("mem://", None).await.unwrap();
        let id = create(&store, WS, " ", Template::Blank, Locale::PtBr).await.unwrap();
        assert_eq!(store.load_map(&id).await.unwrap().unwrap().title, "Mapa sem título");
        let err = create(&store, WS, &"x".repeat(500), Template::Blank, Locale::En).await.unwrap_err();
        assert!(matches!(err, AppError::Refused(OpError::TitleTooLong { .. })));
    }
}

/// Deletes for good the maps whose time in the Trash is over; how many went.
pub async fn purge_trash(store: &Store) -> Result<usize, AppError> {
    let before = chrono::Utc::now() - chrono::Duration::days(crate::domain::model::TRASH_DAYS);
    let mut n = 0;
    for id in store.trashed_before(before).await? {
        if store.delete_map(&id).await? {
            n += 1;
        }
    }
    Ok(n)
}
