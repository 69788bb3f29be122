//! What every fuzz target checks: an import answers a draft that builds again, or a typed
//! error that every language can say; a decoded op applied to a filled map is refused or
//! applied (and undone by its inverse). A panic anywhere is a finding.

use app::domain::*;
use app::formats;
use app::i18n::Locale;

/// Imports `bytes` and checks the answer.
pub fn import(bytes: &[u8]) {
    match formats::import(bytes) {
        Ok(draft) => {
            assert!(draft.check().is_ok(), "an accepted draft builds again");
        }
        Err(e) => said(&e),
    }
}

/// `prefix` and then the fuzzer's bytes: reaches past a reader's format detection.
pub fn import_after(prefix: &str, data: &[u8]) {
    let mut bytes = prefix.as_bytes().to_vec();
    bytes.extend_from_slice(data);
    import(&bytes);
}

fn said(e: &ImportError) {
    for l in Locale::ALL {
        let message = l.messages().import_error(e);
        assert!(!message.trim().is_empty() && !message.contains('{'), "{message:?}");
    }
}

/// A map filled from the clinic template, built once.
fn clinic() -> &'static Map {
    static CLINIC: std::sync::OnceLock<Map> = std::sync::OnceLock::new();
    CLINIC.get_or_init(|| {
        let empty = || Map::new(MapId::from("fuzz"), "fuzz");
        let Some(spec) = template::Template::Clinic.spec() else { return empty() };
        let draft = templates::draft(spec, 0, "fuzz");
        let personas: Vec<PersonaId> = draft.personas.iter().map(|_| PersonaId::generate()).collect();
        draft.build(MapId::from("fuzz"), &personas).map_or_else(|_| empty(), |(map, _)| map)
    })
}

/// Applies `op` to a copy of the filled map: refused, or applied and undone.
pub fn apply(op: &Op) {
    let mut map = clinic().clone();
    if let Ok(inverse) = map.apply(op) {
        assert!(map.apply(&inverse).is_ok(), "the inverse of {op:?} applies");
    }
}

/// A feedback file: read, recognised and previewed against the clinic map, or refused with
/// a typed error. Bounds hold: no more rows or columns than the reader promises.
pub fn feedback(bytes: &[u8]) {
    use app::formats::feedback;
    let Ok(table) = feedback::read(bytes, "fuzz.csv") else { return };
    assert!(table.rows.len() <= app::domain::feedback::MAX_ROWS);
    assert!(table.headers.len() <= feedback::MAX_COLUMNS);
    assert!(table.rows.iter().all(|(_, r)| r.len() <= feedback::MAX_COLUMNS));
    let mapping = feedback::guess(&table);
    let today = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
    let preview = feedback::preview(&table, clinic(), Some(&mapping), today);
    assert!(preview.unmatched_stages.len() <= feedback::MAX_UNMATCHED);
    let (good, _) = feedback::entries(&table, clinic(), &mapping, today);
    for e in good {
        assert!(e.comment.chars().count() <= app::domain::feedback::MAX_COMMENT);
        assert!((-2.0..=2.0).contains(&e.norm));
    }
}
