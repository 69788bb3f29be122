//! Jornada's own JSON: the whole map as a [`Draft`], versioned. Lossless: importing an
//! export gives back the same map (with new ids).

use super::limits::{MAX_CARDS, MAX_CHANNELS, MAX_EMOTIONS, MAX_LANES, MAX_PERSONAS, MAX_STAGES};
use super::{bound, Draft, ImportError, Part, Problem};
use serde_json::{json, Value};

pub const FORMAT: &str = "jornada";
/// The newest version this build writes and reads.
pub const VERSION: u64 = 1;

pub fn write(draft: &Draft) -> String {
    let mut personas = draft.personas.clone();
    for p in &mut personas {
        // Photos stay on the server they were uploaded to.
        p.photo = 0;
    }
    let draft = Draft { personas, ..draft.clone() };
    serde_json::to_string_pretty(&json!({ "format": FORMAT, "version": VERSION, "map": draft })).unwrap_or_default()
}

/// Reads a native export. `value` is the parsed file, `text` the file itself (for the
/// line and column of a field that cannot be read). The counts are checked on `value`,
/// which is dropped before the typed read, so the two are never in memory at once.
pub fn read(value: Value, text: &str) -> Result<Draft, ImportError> {
    match value.get("version").and_then(Value::as_u64) {
        Some(v) if v <= VERSION => {}
        Some(v) => return Err(ImportError::Version { found: v.to_string() }),
        None => return Err(ImportError::Field { field: "version".into(), problem: Problem::Missing }),
    }
    let Some(map) = value.get("map") else {
        return Err(ImportError::Field { field: "map".into(), problem: Problem::Missing });
    };
    let count = |key: &str| map.get(key).and_then(Value::as_array).map_or(0, Vec::len);
    bound(Part::Stages, count("stages"), MAX_STAGES)?;
    bound(Part::Lanes, count("lanes"), MAX_LANES)?;
    bound(Part::Cards, count("cards"), MAX_CARDS)?;
    bound(Part::Personas, count("personas"), MAX_PERSONAS)?;
    bound(Part::Emotions, count("emotions"), MAX_EMOTIONS)?;
    bound(Part::Channels, count("channels"), MAX_CHANNELS)?;
    bound(Part::Segments, count("segments"), crate::domain::segment::MAX_SEGMENTS)?;
    drop(value);
    #[derive(serde::Deserialize)]
    struct File {
        map: Draft,
    }
    serde_json::from_str::<File>(text).map(|f| f.map).map_err(|e| {
        let message = e.to_string();
        match message.strip_prefix("missing field `").and_then(|m| m.split('`').next()) {
            Some(name) => {
                ImportError::Field { field: format!("{name} (line {})", e.line()), problem: Problem::Missing }
            }
            None => ImportError::Json { line: e.line() as u32, column: e.column() as u32 },
        }
    })
}
