//! The logic behind the map server functions, testable without Leptos.

use super::store::{Applied, Store, StoreError, Write};
use crate::domain::template::{layout_ops, Layout, Template, STARTER_LANES};
use crate::domain::*;
use crate::error::AppError;
use crate::i18n::Locale;

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
    if let Some(spec) = template.spec() {
        let lang = crate::i18n::Locale::ALL.iter().position(|l| *l == locale).unwrap_or(0);
        // Reuse library personas of the same name, so a second map from the template
        // does not duplicate them.
        let library = store.list_personas(ws).await?;
        let mut ids = Vec::new();
        for p in crate::domain::templates::personas(spec, lang) {
            match library.iter().find(|l| l.name == p.name) {
                Some(existing) => ids.push(existing.id.clone()),
                None => {
                    store.save_persona(ws, &p).await?;
                    ids.push(p.id);
                }
            }
        }
        let id = MapId::generate();
        store.create_map(ws, &id, &title).await?;
        store.apply_ops(&id, "system", "template", &crate::domain::templates::ops(spec, lang, &ids)).await?;
        return Ok(id);
    }
    let layout = match template {
        Template::Blank => {
            Layout { stages: vec![(t.new_stage, "")], lanes: vec![(LaneKind::Steps, t.lane_kind(LaneKind::Steps))] }
        }
        Template::Starter | Template::Clinic | Template::Massage | Template::Retail => Layout {
            stages: t.stage_names.iter().map(|s| (*s, "")).collect(),
            lanes: STARTER_LANES.iter().map(|k| (*k, t.lane_kind(*k))).collect(),
        },
    };
    let id = MapId::generate();
    store.create_map(ws, &id, &title).await?;
    store.apply_ops(&id, "system", "template", &layout_ops(&layout)).await?;
    Ok(id)
}

/// The personas and custom channels a board is sent. A member gets the workspace's
/// whole library (to offer the personas not linked yet); a share link's anonymous holder
/// gets only what the map shows: its linked personas and the channels its cards or those
/// personas name.
pub async fn board_library(
    store: &Store,
    ws: &str,
    map: &Map,
    shared: bool,
) -> Result<(Vec<Persona>, Vec<crate::domain::channel::Channel>), StoreError> {
    let mut personas = store.list_personas(ws).await?;
    let mut channels = store.list_channels(ws).await?;
    if shared {
        personas.retain(|p| map.personas.contains(&p.id));
        let used = |id: &str| {
            map.cards.values().any(|c| c.details.channel.as_deref() == Some(id))
                || personas.iter().any(|p| p.channels.iter().any(|c| c == id))
        };
        channels.retain(|c| used(&c.id));
    }
    Ok((personas, channels))
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
    let write = Write { author: author.to_owned(), client_op: client_op.to_owned(), ops: vec![op] };
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
        assert_eq!(store.list_personas(WS).await.unwrap().len(), 2, "personas reused, not duplicated");
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
