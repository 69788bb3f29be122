//! An import, all or nothing: the new map with every stage, lane, card and emotion, its op
//! log, and the personas and custom channels the file brings to the workspace's
//! libraries, in ONE transaction. A failure anywhere (a record that already exists, a
//! schema assertion, the database going away) leaves none of them behind.
//!
//! The map's records are the rows [`Store::apply_ops`] writes (`writes::whole_map_writes`),
//! the personas' and channels' those of their libraries (`persona_row`, `channel_row`).

use super::channels::channel_row;
use super::personas::persona_row;
use super::segments::segment_row;
use super::writes::{failure_cause, whole_map_writes};
use super::{Store, StoreError};
use crate::domain::channel::Channel;
use crate::domain::segment::Segment;
use crate::domain::{Map, Op, Persona};
use serde_json::{json, Value};

impl Store {
    /// Writes a new map made from a draft (an import or a template: `origin`, logged as
    /// the ops' client op, by the author "system") into workspace `ws`: `map` is the state
    /// `ops` build on an empty map (the caller built and checked it), `personas` and
    /// `channels` and `segments` the new library entries, with their fresh ids. `CREATE`, never `UPSERT`: nothing that
    /// exists is overwritten, and an id that is taken fails the whole import.
    #[tracing::instrument(skip_all, fields(ws = %ws, map = %map.id, ops = ops.len(), personas = personas.len(), channels = channels.len()))]
    pub async fn import_map(
        &self,
        ws: &str,
        map: &Map,
        ops: &[Op],
        personas: &[Persona],
        channels: &[Channel],
        segments: &[Segment],
        origin: &str,
    ) -> Result<(), StoreError> {
        let (writes, params) = whole_map_writes(map, "system", origin, ops);
        let personas: Vec<Value> = personas.iter().map(|p| json!({ "k": p.id.0, "v": persona_row(ws, p) })).collect();
        let channels: Vec<Value> = channels.iter().map(|c| json!({ "k": c.id, "v": channel_row(ws, c) })).collect();
        let segments: Vec<Value> = segments.iter().map(|s| json!({ "k": s.id, "v": segment_row(ws, s) })).collect();
        let q = format!(
            "BEGIN TRANSACTION;
             FOR $p IN $personas {{ CREATE type::record('persona', $p.k) CONTENT object::extend($p.v, {{ updated_at: time::now() }}) }};
             FOR $c IN $channels {{ CREATE type::record('channel', $c.k) CONTENT $c.v }};
             FOR $s IN $segments {{ CREATE type::record('segment', $s.k) CONTENT $s.v }};
             LET $m = type::record('map', $map_id);
             CREATE $m SET title = $title, rev = 0, workspace = $ws;
             {writes}
             COMMIT TRANSACTION;"
        );
        let mut query = self
            .db
            .query(q)
            .bind(("personas", personas))
            .bind(("channels", channels))
            .bind(("segments", segments))
            .bind(("map_id", map.id.0.clone()))
            .bind(("title", map.title.clone()))
            .bind(("ws", ws.to_owned()));
        for (name, value) in params {
            query = query.bind((name, value));
        }
        let mut res = query.await?;
        let errors = res.take_errors();
        if errors.is_empty() {
            return Ok(());
        }
        if errors.values().any(super::decode::is_conflict) {
            return Err(super::decode::failure(errors).unwrap_or(StoreError::Corrupt("import failed".into())));
        }
        let messages: Vec<String> = errors.values().map(|e| e.to_string()).collect();
        let cause = failure_cause(&messages);
        Err(StoreError::Corrupt(format!("import failed: {cause}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::*;
    use crate::domain::{Draft, DraftCard, DraftLane, DraftStage};

    const WS: &str = super::super::DEFAULT_WORKSPACE;

    fn draft() -> (Map, Vec<Op>, Vec<Persona>, Vec<Channel>) {
        let mut d = Draft { title: "Imported".into(), ..Default::default() };
        d.stages.push(DraftStage { title: "Visit".into(), ..Default::default() });
        d.lanes.push(DraftLane { kind: LaneKind::Touchpoints, title: "Touchpoints".into() });
        let channel = Channel { id: Channel::new_id(), name: "Kiosk".into(), icon: "chat".into() };
        let details = CardDetails { channel: Some(channel.id.clone()), ..Default::default() };
        d.cards.push(DraftCard {
            measures: None,
            feelings: Vec::new(),
            stage: 0,
            lane: 0,
            text: "Checks in".into(),
            colour: Colour::Blue,
            tags: vec![],
            details,
        });
        let persona = Persona::named(PersonaId::generate(), "Ana".into());
        d.personas.push(persona.clone());
        let (map, ops) = d.build(MapId::generate(), std::slice::from_ref(&persona.id)).unwrap();
        (map, ops, vec![persona], vec![channel])
    }

    #[tokio::test]
    async fn an_import_writes_map_personas_and_channels_together() {
        let store = Store::open("mem://", None).await.unwrap();
        let (map, ops, personas, channels) = draft();
        store.import_map(WS, &map, &ops, &personas, &channels, &[], "import").await.unwrap();
        let loaded = store.load_map(&map.id).await.unwrap().unwrap();
        assert_eq!(loaded.rev, ops.len() as u64);
        assert_eq!(loaded.cards.len(), 1);
        assert_eq!(loaded.personas, vec![personas[0].id.clone()]);
        assert_eq!(store.list_personas(WS).await.unwrap().len(), 1);
        assert_eq!(store.list_channels(WS).await.unwrap(), channels);
        assert_eq!(store.ops_since(&map.id, 0).await.unwrap().len(), ops.len());
        assert_eq!(store.list_maps(WS).await.unwrap()[0].card_count, 1);
    }

    #[tokio::test]
    async fn a_failing_import_leaves_no_persona_channel_or_map() {
        let store = Store::open("mem://", None).await.unwrap();
        let (map, ops, personas, channels) = draft();
        // The map's id is taken: its CREATE fails after the personas' and channels'.
        store.create_map("elsewhere", &map.id, "Taken").await.unwrap();
        let err = store.import_map(WS, &map, &ops, &personas, &channels, &[], "import").await;
        assert!(err.is_err(), "{err:?}");
        assert!(store.list_personas(WS).await.unwrap().is_empty(), "no persona left behind");
        assert!(store.list_channels(WS).await.unwrap().is_empty(), "no channel left behind");
        assert!(store.list_maps(WS).await.unwrap().is_empty());
        let head = store.load_map(&map.id).await.unwrap().unwrap();
        assert_eq!((head.title.as_str(), head.cards.len()), ("Taken", 0), "the other map untouched");
        assert!(store.ops_since(&map.id, 0).await.unwrap().is_empty(), "no op logged");
    }
}
