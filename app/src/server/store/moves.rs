//! Moving a map to another workspace: one [`Op::Rehome`] through the map's writer lock,
//! and in the same transaction the target's new library entries, the map's workspace and
//! its customer feedback's.

use super::channels::channel_row;
use super::commit::{Applied, Write};
use super::personas::persona_row;
use super::segments::segment_row;
use super::{Store, StoreError};
use crate::domain::channel::Channel;
use crate::domain::segment::Segment;
use crate::domain::transfer::Remap;
use crate::domain::{MapId, Persona, PersonaId};
use serde_json::{json, Value};

impl Store {
    /// Moves map `id`, planned at revision `rev`, from workspace `from` to `to`: logs
    /// `remap` as one op (by `author`), creates `personas` (copying the photos of `photos`:
    /// old id, new id), `channels` and `segments` in `to`, and moves the map and its
    /// customer feedback there (the answers without their client fingerprints, which were
    /// keyed for `from`: they become anonymous). All or nothing; a map no longer in `from`
    /// is not found, one changed since `rev` is [`StoreError::Replan`].
    #[allow(clippy::too_many_arguments)]
    pub async fn move_map(
        &self,
        id: &MapId,
        rev: u64,
        from: &str,
        to: &str,
        author: &str,
        remap: &Remap,
        personas: &[Persona],
        photos: &[(PersonaId, PersonaId)],
        channels: &[Channel],
        segments: &[Segment],
    ) -> Result<Applied, StoreError> {
        let sql = "IF (SELECT VALUE workspace FROM ONLY $m) != $mv_from { THROW 'jornada:gone' };
             IF $base != $mv_rev { THROW 'jornada:replan' };
             FOR $p IN $mv_personas { CREATE type::record('persona', $p.k) CONTENT object::extend($p.v, { updated_at: time::now() }) };
             FOR $p IN $mv_photos {
                 LET $ph = (SELECT data, content_type FROM ONLY type::record('photo', $p.from));
                 IF $ph != NONE { CREATE type::record('photo', $p.to) CONTENT $ph };
             };
             FOR $c IN $mv_channels { CREATE type::record('channel', $c.k) CONTENT $c.v };
             FOR $s IN $mv_segments { CREATE type::record('segment', $s.k) CONTENT $s.v };
             UPDATE feedback:[$map_id, NONE]..[$map_id, ..] SET workspace = $mv_to, client = NONE RETURN NONE;
             FOR $p IN $mv_pairs { UPDATE feedback:[$map_id, NONE]..[$map_id, ..] SET persona = $p.to WHERE persona = $p.from RETURN NONE };
             UPDATE feedback_batch SET workspace = $mv_to WHERE map = $map_id RETURN NONE;
             UPDATE $m SET workspace = $mv_to RETURN NONE;\n"
            .to_owned();
        let params: Vec<(&'static str, Value)> = vec![
            ("mv_rev", json!(rev)),
            ("mv_from", json!(from)),
            ("mv_to", json!(to)),
            (
                "mv_personas",
                Value::Array(personas.iter().map(|p| json!({ "k": p.id.0, "v": persona_row(to, p) })).collect()),
            ),
            ("mv_photos", Value::Array(photos.iter().map(|(a, b)| json!({ "from": a.0, "to": b.0 })).collect())),
            (
                "mv_channels",
                Value::Array(channels.iter().map(|c| json!({ "k": c.id, "v": channel_row(to, c) })).collect()),
            ),
            (
                "mv_segments",
                Value::Array(segments.iter().map(|s| json!({ "k": s.id, "v": segment_row(to, s) })).collect()),
            ),
            ("mv_pairs", Value::Array(remap.personas.iter().map(|(a, b)| json!({ "from": a.0, "to": b.0 })).collect())),
        ];
        let write = Write::new(author, &format!("move-{}", uuid::Uuid::new_v4().simple()), vec![remap.to_op()]);
        self.apply_alone(id, write, (sql, params)).await
    }
}
