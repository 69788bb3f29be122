//! What one write transaction stores, as SurrealQL statements and bound parameters: the
//! records a batch of ops touched, each written once in its final state, and the op log's
//! rows. The group commit (`commit`) and the import (`imports`) both run these.

use crate::domain::*;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// What one write transaction stores: every record the accepted ops touched, written once
/// in its final state (or deleted when it is gone), and one log row per op. A handful of
/// set-based statements whatever the number of ops: the statement text is fixed and every
/// value a bound parameter.
#[derive(Default)]
pub(super) struct Writes {
    stages: BTreeSet<StageId>,
    lanes: BTreeSet<LaneId>,
    cards: BTreeSet<CardId>,
    emotions: BTreeSet<(PersonaId, StageId)>,
    log: Vec<Value>,
    /// What each write added, so a refused one can be taken out again.
    undo: Vec<Touched>,
}

impl Writes {
    /// Where the writes are now, to drop those of a refused write.
    pub(super) fn mark(&mut self) -> usize {
        self.undo.clear();
        self.log.len()
    }

    /// Forgets what was added since `mark`. Records an earlier write of the batch touched
    /// stay (their final state is written either way).
    pub(super) fn reset(&mut self, log: usize) {
        self.log.truncate(log);
        for t in std::mem::take(&mut self.undo) {
            for id in &t.stages {
                self.stages.remove(id);
            }
            for id in &t.lanes {
                self.lanes.remove(id);
            }
            for id in &t.cards {
                self.cards.remove(id);
            }
            for key in &t.emotions {
                self.emotions.remove(key);
            }
        }
    }

    pub(super) fn touch(&mut self, t: Touched) {
        let mut fresh = Touched::default();
        fresh.stages.extend(t.stages.into_iter().filter(|id| self.stages.insert(id.clone())));
        fresh.lanes.extend(t.lanes.into_iter().filter(|id| self.lanes.insert(id.clone())));
        fresh.cards.extend(t.cards.into_iter().filter(|id| self.cards.insert(id.clone())));
        fresh.emotions.extend(t.emotions.into_iter().filter(|key| self.emotions.insert(key.clone())));
        self.undo.push(fresh);
    }

    /// One log row. `step`: the member who made the op on the board and the op that undoes
    /// it, kept so their undo survives a reload (see `domain::steps`).
    pub(super) fn log(&mut self, rev: u64, author: &str, client_op: &str, op: &Op, step: Option<(&str, &Op)>) {
        let mut row = json!({
            "rev": rev,
            "author": author,
            "client_op": client_op,
            "body": serde_json::to_string(op).unwrap_or_default(),
        });
        if let (Some((who, inverse)), Some(fields)) = (step, row.as_object_mut()) {
            fields.insert("who".into(), json!(who));
            fields.insert("undo".into(), json!(serde_json::to_string(inverse).unwrap_or_default()));
        }
        self.log.push(row);
    }

    /// The statements and their parameters, with `map` in its final state.
    pub(super) fn query(self, map: &Map) -> (String, Vec<(&'static str, Value)>) {
        fn split<K: Ord, T>(
            keys: BTreeSet<K>,
            get: impl Fn(&K) -> Option<T>,
            key: impl Fn(&K) -> String,
            row: impl Fn(T) -> Value,
        ) -> (Vec<Value>, Vec<String>) {
            let (mut up, mut gone) = (Vec::new(), Vec::new());
            for k in keys {
                match get(&k) {
                    Some(v) => up.push(json!({ "k": key(&k), "v": row(v) })),
                    None => gone.push(key(&k)),
                }
            }
            (up, gone)
        }
        let mut sql = String::new();
        let mut params: Vec<(&'static str, Value)> = Vec::new();
        let mut table = |name: &'static str,
                         up_param: &'static str,
                         gone_param: &'static str,
                         (up, gone): (Vec<Value>, Vec<String>)| {
            if !up.is_empty() {
                let _ = writeln!(
                    sql,
                    "FOR $r IN ${up_param} {{ UPSERT type::record('{name}', [$map_id, $r.k]) CONTENT object::extend($r.v, {{ map: $m }}) }};"
                );
                params.push((up_param, Value::Array(up)));
            }
            if !gone.is_empty() {
                let _ = writeln!(sql, "FOR $k IN ${gone_param} {{ DELETE type::record('{name}', [$map_id, $k]) }};");
                params.push((gone_param, json!(gone)));
            }
        };
        table(
            "stage",
            "stages_up",
            "stages_gone",
            split(
                self.stages,
                |id| map.stages.get(id),
                |id| id.0.clone(),
                |s| json!({"title": s.title, "description": s.description, "duration": s.duration, "order": s.order}),
            ),
        );
        table(
            "lane",
            "lanes_up",
            "lanes_gone",
            split(
                self.lanes,
                |id| map.lanes.get(id),
                |id| id.0.clone(),
                |l| json!({"kind": l.kind, "title": l.title, "order": l.order}),
            ),
        );
        table(
            "card",
            "cards_up",
            "cards_gone",
            split(
                self.cards,
                |id| map.cards.get(id),
                |id| id.0.clone(),
                |c| {
                    let mut row = json!({"stage": c.stage, "lane": c.lane, "order": c.order, "text": c.text, "colour": c.colour, "tags": c.tags, "details": c.details});
                    // `option<string>` takes a string or no field at all, never null.
                    if let (Some(author), Some(fields)) = (&c.author, row.as_object_mut()) {
                        fields.insert("author".into(), json!(author));
                    }
                    row
                },
            ),
        );
        table(
            "emotion",
            "emotions_up",
            "emotions_gone",
            split(
                self.emotions,
                |(persona, stage)| map.emotion(persona, stage),
                |(persona, stage)| format!("{persona}~{stage}"),
                |e| json!({"persona": e.persona, "stage": e.stage, "score": e.score, "note": e.note}),
            ),
        );
        let _ = writeln!(sql, "FOR $o IN $log {{ CREATE op CONTENT object::extend($o, {{ map: $m }}) }};");
        params.push(("log", Value::Array(self.log)));
        let _ = writeln!(sql, "UPDATE $m MERGE object::extend($head, {{ updated_at: time::now() }});");
        params.push((
            "head",
            json!({
                "title": map.title,
                "description": map.description,
                "rev": map.rev,
                "card_count": map.cards.len(),
                "personas": map.personas,
            }),
        ));
        (sql, params)
    }
}

/// The statements that write a whole new map: every stage, lane, card and emotion of `map`
/// and one log row per op of `ops` (revisions 1…), with the map's head, the same rows
/// [`Store::apply_ops`] writes. For a transaction that has created the map record and bound
/// `$m` to it: the import's (`store::imports`).
pub(super) fn whole_map_writes(
    map: &Map,
    author: &str,
    client_op: &str,
    ops: &[Op],
) -> (String, Vec<(&'static str, Value)>) {
    let mut w = Writes::default();
    w.stages.extend(map.stages.keys().cloned());
    w.lanes.extend(map.lanes.keys().cloned());
    w.cards.extend(map.cards.keys().cloned());
    w.emotions.extend(map.emotions.iter().map(|e| (e.persona.clone(), e.stage.clone())));
    for (i, op) in ops.iter().enumerate() {
        w.log(i as u64 + 1, author, client_op, op, None);
    }
    w.query(map)
}

/// Why a transaction failed: in a failed transaction every statement reports an error,
/// most of them only that they were not executed; the first other one is the cause.
pub(super) fn failure_cause(messages: &[String]) -> String {
    messages.iter().find(|m| !m.contains("not executed")).or(messages.first()).cloned().unwrap_or_default()
}
