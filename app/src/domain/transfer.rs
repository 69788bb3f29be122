//! Moving a map to another workspace. A map names things of its workspace's libraries by
//! id: linked personas (in the map, its emotions, its step cards' feelings and its op
//! log), custom channels and client segments (in card fields). In the other workspace
//! these are the ones of the same name, or copies. One [`Op::Rehome`] in the log carries
//! the [`Remap`]: applied like any op, it rewrites the map's ids, so the log still replays
//! to the map and every process and open board follows; the board's own queued and undo
//! ops are rewritten with it, and a restore of an older version is read through it.

use super::persona::EmotionPoint;
use super::{Card, CardDetails, Map, Op, PersonaId};
use std::collections::{BTreeMap, HashMap};

/// Old id → new id, for personas, custom channels and segments. An id it does not name
/// stays as it is (a persona unlinked long ago: its id in the log refers to nothing in
/// the new workspace, as a deleted persona's does).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Remap {
    pub personas: HashMap<PersonaId, PersonaId>,
    pub channels: HashMap<String, String>,
    pub segments: HashMap<String, String>,
}

impl Remap {
    /// The remap an [`Op::Rehome`] carries.
    pub fn of(
        personas: &[(PersonaId, PersonaId)],
        channels: &[(String, String)],
        segments: &[(String, String)],
    ) -> Remap {
        Remap {
            personas: personas.iter().cloned().collect(),
            channels: channels.iter().cloned().collect(),
            segments: segments.iter().cloned().collect(),
        }
    }

    /// The op that rewrites a map's ids by this remap (pairs in a stable order).
    pub fn to_op(&self) -> Op {
        fn sorted<K: Clone + Ord>(m: &HashMap<K, K>) -> Vec<(K, K)> {
            let mut v: Vec<(K, K)> = m.iter().map(|(a, b)| (a.clone(), b.clone())).collect();
            v.sort();
            v
        }
        Op::Rehome {
            personas: sorted(&self.personas),
            channels: sorted(&self.channels),
            segments: sorted(&self.segments),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.personas.is_empty() && self.channels.is_empty() && self.segments.is_empty()
    }

    fn persona(&self, p: &mut PersonaId) {
        if let Some(new) = self.personas.get(p) {
            *p = new.clone();
        }
    }

    /// A card's fields: its channel, segments and feelings.
    pub fn details(&self, d: &mut CardDetails) {
        if let Some(new) = d.channel.as_ref().and_then(|c| self.channels.get(c)) {
            d.channel = Some(new.clone());
        }
        if d.segments.iter().any(|s| self.segments.contains_key(s)) {
            let mut scope: Vec<String> = Vec::with_capacity(d.segments.len());
            for s in std::mem::take(&mut d.segments) {
                let s = self.segments.get(&s).cloned().unwrap_or(s);
                if !scope.contains(&s) {
                    scope.push(s);
                }
            }
            d.segments = scope;
        }
        if d.feelings.keys().any(|p| self.personas.contains_key(p)) {
            let feelings: BTreeMap<PersonaId, i8> = std::mem::take(&mut d.feelings)
                .into_iter()
                .map(|(mut p, s)| {
                    self.persona(&mut p);
                    (p, s)
                })
                .collect();
            d.feelings = feelings;
        }
    }

    fn card(&self, c: &mut Card) {
        self.details(&mut c.details);
    }

    fn emotions(&self, list: &mut [EmotionPoint]) {
        for e in list {
            self.persona(&mut e.persona);
        }
    }

    /// An op of the log (or the op that undoes one).
    pub fn op(&self, op: &mut Op) {
        match op {
            Op::AddCard { card } => self.card(card),
            Op::EditCard { details: Some(d), .. } => self.details(d),
            Op::AddStage { cards, emotions, .. } => {
                cards.iter_mut().for_each(|c| self.card(c));
                self.emotions(emotions);
            }
            Op::AddLane { cards, .. } => cards.iter_mut().for_each(|c| self.card(c)),
            Op::LinkPersona { persona, emotions, .. } => {
                self.persona(persona);
                self.emotions(emotions);
            }
            Op::UnlinkPersona { persona } | Op::SetEmotion { persona, .. } => self.persona(persona),
            _ => {}
        }
    }

    /// A map's state: linked personas, emotions (kept sorted as the map keeps them) and cards.
    pub fn map(&self, m: &mut Map) {
        m.personas.iter_mut().for_each(|p| self.persona(p));
        self.emotions(&mut m.emotions);
        m.emotions.sort_by(|a, b| (&a.persona, &a.stage).cmp(&(&b.persona, &b.stage)));
        m.cards.values_mut().for_each(|c| self.card(c));
    }

    /// An op as the log stores it (JSON), rewritten; `None` when nothing in it changes.
    pub fn op_json(&self, body: &str) -> Result<Option<String>, serde_json::Error> {
        let mut op: Op = serde_json::from_str(body)?;
        let before = op.clone();
        self.op(&mut op);
        if op == before {
            return Ok(None);
        }
        serde_json::to_string(&op).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{templates, Colour, OrderKey};

    #[test]
    fn the_rewritten_log_replays_to_the_rewritten_map() {
        let (map, ops, personas) = templates::built(&templates::CLINIC, 0, "Clinic");
        // Feelings, a segment and a channel on cards, and an unlink and relink in the log.
        let mut ops = ops;
        let step = map.cards.values().find(|c| c.details.is_empty()).unwrap().clone();
        let mut d = step.details.clone();
        d.feelings.insert(personas[0].id.clone(), 2);
        d.segments = vec!["g-aaaaaaaaaaaa".into()];
        d.channel = Some("c-0123456789ab".into());
        ops.push(Op::EditCard { id: step.id.clone(), text: None, colour: None, tags: None, details: Some(d) });
        let card = Card {
            author: None,
            id: "new-card".into(),
            stage: step.stage.clone(),
            lane: step.lane.clone(),
            order: OrderKey::between(None, None).unwrap(),
            text: "Pays at the desk".into(),
            colour: Colour::Yellow,
            tags: vec![],
            details: CardDetails { channel: Some("c-0123456789ab".into()), ..Default::default() },
        };
        ops.push(Op::AddCard { card });
        ops.push(Op::UnlinkPersona { persona: personas[1].id.clone() });
        let mut m = Map::new(map.id.clone(), "Clinic");
        for op in &ops {
            m.apply(op).unwrap();
        }

        let remap = Remap {
            personas: [(personas[0].id.clone(), PersonaId("p-new-0".into()))].into(),
            channels: [("c-0123456789ab".to_owned(), "c-ba9876543210".to_owned())].into(),
            segments: [("g-aaaaaaaaaaaa".to_owned(), "g-bbbbbbbbbbbb".to_owned())].into(),
        };
        let mut expected = m.clone();
        remap.map(&mut expected);
        let mut again = Map::new(map.id.clone(), "Clinic");
        for op in &ops {
            let body = serde_json::to_string(op).unwrap();
            let body = remap.op_json(&body).unwrap().unwrap_or(body);
            again.apply(&serde_json::from_str(&body).unwrap()).unwrap();
        }
        assert_eq!(again, expected);
        assert_eq!(expected.personas[0], PersonaId("p-new-0".into()));
        assert!(expected.emotions.iter().any(|e| e.persona.0 == "p-new-0"));
        assert!(!expected.emotions.iter().any(|e| e.persona == personas[0].id));
        let c = &expected.cards[&step.id];
        assert_eq!(c.details.channel.as_deref(), Some("c-ba9876543210"));
        assert_eq!(c.details.segments, vec!["g-bbbbbbbbbbbb".to_owned()]);
        assert_eq!(c.details.feelings.get(&PersonaId("p-new-0".into())), Some(&2));
        assert_eq!(expected.cards[&"new-card".into()].details.channel.as_deref(), Some("c-ba9876543210"));
        // As an op of the log: it does the same, undoes itself, and must be one to one.
        let mut by_op = m.clone();
        let inverse = by_op.apply(&remap.to_op()).unwrap();
        assert_eq!(by_op, expected);
        by_op.apply(&inverse).unwrap();
        assert_eq!(by_op, m);
        let two_to_one = Op::Rehome {
            personas: vec![
                (personas[0].id.clone(), PersonaId("p-x".into())),
                (personas[1].id.clone(), PersonaId("p-x".into())),
            ],
            channels: vec![],
            segments: vec![],
        };
        assert!(m.clone().apply(&two_to_one).is_err());
        let bad_channel = Op::Rehome {
            personas: vec![],
            channels: vec![("website".into(), "c-ba9876543210".into())],
            segments: vec![],
        };
        assert!(m.clone().apply(&bad_channel).is_err(), "built-in channels are never remapped");
        let touched = m.touched(&remap.to_op());
        assert!(touched.map && touched.cards.contains(&step.id) && touched.cards.contains(&"new-card".into()));
        assert!(touched.emotions.iter().any(|(p, _)| p.0 == "p-new-0"), "the new emotion rows are written");
        assert!(touched.emotions.iter().any(|(p, _)| *p == personas[0].id), "the old ones deleted");
        // An op that names nothing of the libraries is left alone.
        assert_eq!(remap.op_json(r#"{"type":"delete_card","id":"x"}"#).unwrap(), None);
    }
}
