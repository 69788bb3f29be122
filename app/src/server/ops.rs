//! The operator's commands that read the whole database through the code the server
//! uses: `jornada check` (does every map load?) and `jornada export-all` (every map of
//! every workspace in native JSON, with the personas, channels and photos, in a folder
//! anyone can read without Jornada).
//!
//! `export-all DIR` writes:
//!
//! ```text
//! DIR/index.json                      what is where (workspaces, maps, personas, photos)
//! DIR/index.md                        the same for a person
//! DIR/<workspace>/<map-title>-<id>.json   one map, the format `Import` reads
//! DIR/<workspace>/personas.json       the workspace's persona library
//! DIR/<workspace>/channels.json       its custom channels
//! DIR/<workspace>/segments.json       its client segments
//! DIR/<workspace>/photos/<persona>-<id>.<ext>
//! ```

use super::store::backup::StoredMap;
use super::store::{Store, StoreError};
use crate::domain::Draft;
use crate::domain::{MapId, Persona};
use crate::formats;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A map that does not load, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Broken {
    pub workspace: String,
    pub map: String,
    pub title: String,
    pub reason: String,
}

/// What `check` found: how many maps it loaded, and those it could not.
#[derive(Clone, Debug, Default, Serialize)]
pub struct CheckReport {
    pub maps: usize,
    pub cards: usize,
    pub broken: Vec<Broken>,
}

/// Loads every map of every workspace (and each workspace's persona and channel library)
/// as the board does, and lists what does not load.
pub async fn check(store: &Store) -> Result<CheckReport, StoreError> {
    let mut report = CheckReport::default();
    for ws in store.all_workspaces().await? {
        if let Err(e) = store.list_personas(&ws.id).await {
            report.broken.push(Broken {
                workspace: ws.id.clone(),
                map: String::new(),
                title: "(persona library)".into(),
                reason: e.to_string(),
            });
        }
        if let Err(e) = store.list_channels(&ws.id).await {
            report.broken.push(Broken {
                workspace: ws.id.clone(),
                map: String::new(),
                title: "(channel library)".into(),
                reason: e.to_string(),
            });
        }
    }
    for m in store.all_maps().await? {
        report.maps += 1;
        match store.load_map(&MapId::from(m.id.as_str())).await {
            Ok(Some(map)) => report.cards += map.cards.len(),
            Ok(None) => report.broken.push(broken(&m, "the map record vanished while checking".into())),
            Err(e) => report.broken.push(broken(&m, e.to_string())),
        }
    }
    Ok(report)
}

fn broken(m: &StoredMap, reason: String) -> Broken {
    Broken { workspace: m.workspace.clone(), map: m.id.clone(), title: m.title.clone(), reason }
}

/// Why `export-all` stopped.
#[derive(Debug, thiserror::Error)]
pub enum ExportAllError {
    #[error("{0} is not empty: export into a new or empty directory")]
    NotEmpty(PathBuf),
    #[error("cannot write {path}: {reason}")]
    Write { path: PathBuf, reason: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What `export-all` wrote.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ExportSummary {
    pub workspaces: usize,
    pub maps: usize,
    pub photos: usize,
    /// Maps that did not load and so were not written (also in the index).
    pub broken: Vec<Broken>,
}

/// A file or folder name from a title: letters and digits of any script, lower-cased,
/// the rest one `-`; at most 60 characters; `fallback` when nothing is left.
pub fn slug(title: &str, fallback: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.chars().count() >= 60 {
            break;
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        fallback.to_owned()
    } else {
        out.to_owned()
    }
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), ExportAllError> {
    std::fs::write(path, bytes).map_err(|e| ExportAllError::Write { path: path.to_owned(), reason: e.to_string() })
}

fn mkdir(path: &Path) -> Result<(), ExportAllError> {
    std::fs::create_dir_all(path).map_err(|e| ExportAllError::Write { path: path.to_owned(), reason: e.to_string() })
}

fn photo_extension(content_type: &str) -> &'static str {
    match content_type {
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/webp" => "webp",
        "image/gif" => "gif",
        _ => "bin",
    }
}

/// Writes every map of every workspace into `dir` (new or empty), as described at the
/// top of this module. A map that does not load is listed in the summary and the index
/// and the rest are still written.
pub async fn export_all(store: &Store, dir: &Path) -> Result<ExportSummary, ExportAllError> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir)
            .map_err(|e| ExportAllError::Write { path: dir.to_owned(), reason: e.to_string() })?;
        if entries.next().is_some() {
            return Err(ExportAllError::NotEmpty(dir.to_owned()));
        }
    }
    mkdir(dir)?;
    let maps = store.all_maps().await?;
    let mut summary = ExportSummary::default();
    let mut taken = BTreeSet::new();
    let mut index_workspaces = Vec::new();
    let mut md = String::from("# Jornada export\n\nEvery map is a Jornada JSON file: import it with Import on the maps page, or read it as JSON.\n");
    for ws in store.all_workspaces().await? {
        let mut folder = slug(&ws.name, "workspace");
        if !taken.insert(folder.clone()) {
            folder = format!("{folder}-{}", slug(&ws.id, "id"));
            taken.insert(folder.clone());
        }
        let ws_dir = dir.join(&folder);
        mkdir(&ws_dir)?;
        summary.workspaces += 1;
        md.push_str(&format!("\n## {} (`{folder}/`)\n\n", ws.name));

        let personas = store.list_personas(&ws.id).await?;
        let channels = store.list_channels(&ws.id).await?;
        let segments = store.list_segments(&ws.id).await?;
        let mut persona_index = Vec::new();
        for p in &personas {
            let mut photo_file = None;
            if p.photo != 0 {
                if let Some((content_type, bytes, _)) = store.photo(&p.id).await? {
                    let photos = ws_dir.join("photos");
                    mkdir(&photos)?;
                    let name = format!("{}-{}.{}", slug(&p.name, "persona"), p.id, photo_extension(&content_type));
                    write(&photos.join(&name), &bytes)?;
                    summary.photos += 1;
                    photo_file = Some(format!("photos/{name}"));
                }
            }
            persona_index.push(json!({ "persona": p, "photo_file": photo_file }));
        }
        write(&ws_dir.join("personas.json"), pretty(&json!(persona_index)).as_bytes())?;
        write(&ws_dir.join("channels.json"), pretty(&json!(channels)).as_bytes())?;
        write(&ws_dir.join("segments.json"), pretty(&json!(segments)).as_bytes())?;

        let mut map_index = Vec::new();
        for m in maps.iter().filter(|m| m.workspace == ws.id) {
            let loaded = store.load_map(&MapId::from(m.id.as_str())).await;
            let map = match loaded {
                Ok(Some(map)) => map,
                Ok(None) => continue,
                Err(e) => {
                    summary.broken.push(broken(m, e.to_string()));
                    map_index.push(json!({ "id": m.id, "title": m.title, "error": e.to_string() }));
                    md.push_str(&format!("- {} — NOT EXPORTED: {e}\n", m.title));
                    continue;
                }
            };
            let draft = Draft::of(&map, &personas, &channels).with_segments(&segments);
            let name = format!("{}-{}.json", slug(&map.title, "map"), m.id);
            write(&ws_dir.join(&name), formats::native::write(&draft).as_bytes())?;
            summary.maps += 1;
            md.push_str(&format!("- [{}]({folder}/{name}) — {} cards\n", map.title, map.cards.len()));
            map_index.push(json!({
                "id": m.id,
                "title": map.title,
                "file": format!("{folder}/{name}"),
                "stages": map.stages.len(),
                "cards": map.cards.len(),
                "personas": draft.personas.iter().map(|p: &Persona| p.name.clone()).collect::<Vec<_>>(),
            }));
        }
        index_workspaces.push(json!({
            "id": ws.id,
            "name": ws.name,
            "folder": folder,
            "personas": format!("{folder}/personas.json"),
            "channels": format!("{folder}/channels.json"),
            "segments": format!("{folder}/segments.json"),
            "maps": map_index,
        }));
    }
    let index = json!({
        "format": "jornada-export-all",
        "version": 1,
        "map_format": { "format": formats::native::FORMAT, "version": formats::native::VERSION },
        "schema_version": store.schema_version().await?,
        "exported_at": chrono::Utc::now().to_rfc3339(),
        "workspaces": index_workspaces,
    });
    write(&dir.join("index.json"), pretty(&index).as_bytes())?;
    write(&dir.join("index.md"), md.as_bytes())?;
    Ok(summary)
}

fn pretty(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_keep_letters_of_any_script_and_one_dash() {
        assert_eq!(slug("Patient — Clinic visit!", "x"), "patient-clinic-visit");
        assert_eq!(slug("Визит в клинику", "x"), "визит-в-клинику");
        assert_eq!(slug("  ***  ", "map"), "map");
        assert_eq!(slug(&"a".repeat(100), "x").len(), 60);
    }
}
