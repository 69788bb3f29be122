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
        let mut map = Map::new(MapId::from("fuzz"), "fuzz");
        if let Some(spec) = template::Template::Clinic.spec() {
            for op in templates::ops(spec, 0, &[]) {
                let _ = map.apply(&op);
            }
        }
        map
    })
}

/// Applies `op` to a copy of the filled map: refused, or applied and undone.
pub fn apply(op: &Op) {
    let mut map = clinic().clone();
    if let Ok(inverse) = map.apply(op) {
        assert!(map.apply(&inverse).is_ok(), "the inverse of {op:?} applies");
    }
}
