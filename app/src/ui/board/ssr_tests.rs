//! The board on the server: a filled board renders and drops anywhere, and no UI code keeps
//! thread-local reactive storage that a server worker could drop on the wrong thread.

use super::*;
use crate::domain::template::Template;
use crate::domain::templates;

/// A filled map as the clinic template makes it: stages, every lane kind, cards with
/// details, two personas with emotion curves.
fn clinic() -> BoardData {
    let spec = Template::Clinic.spec().expect("the clinic template has content");
    let (map, _, personas) = templates::built(spec, 0, "Clinic");
    BoardData {
        map,
        personas,
        channels: Vec::new(),
        segments: Vec::new(),
        role: Role::Owner,
        share: None,
        feedback: Default::default(),
        comments: Vec::new(),
        me: None,
        own: None,
    }
}

/// A filled board renders on the server (grid, emotion curves) and its owner drops on
/// another thread. This does not reproduce the streamed response that once panicked on CI
/// (there the owner tree outlives the render); the source check below guards that case.
#[test]
fn a_filled_board_renders_on_the_server_and_drops_on_another_thread() {
    let data = clinic();
    assert!(!data.map.cards.is_empty() && !data.map.personas.is_empty());
    let owner = Owner::new();
    let html = owner.with(|| {
        leptos_meta::provide_meta_context();
        view! { <Board data=data/> }.to_html()
    });
    assert!(html.contains("role=\"grid\""), "the board rendered");
    assert!(html.contains("emotion-column"), "the emotion curve rendered");
    std::thread::spawn(move || drop(owner)).join().expect("the board's owner drops on another thread");
}

/// The server may drop a rendered page's reactive owner on another worker thread than
/// the one that rendered it, and a thread-local value dropped there panics (CI died of
/// `StoredValue::new_local` once). So no UI code keeps thread-local storage on the
/// server: browser objects go in [`BrowserStorage`], shared storage on the server.
#[test]
fn no_ui_code_keeps_thread_local_storage_on_the_server() {
    fn scan(dir: &std::path::Path, found: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
            if path.is_dir() {
                scan(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for (n, line) in text.lines().enumerate() {
                    // Spelled in two parts so this test does not find itself.
                    let needles =
                        [concat!("new_", "local("), concat!("Local", "Storage"), concat!("signal_", "local(")];
                    let local = needles.iter().any(|n| line.contains(n));
                    if local && !line.contains(concat!("BrowserStorage = Local", "Storage")) {
                        found.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                    }
                }
            }
        }
    }
    let mut found = Vec::new();
    scan(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui"), &mut found);
    assert!(found.is_empty(), "thread-local reactive storage in UI code (use BrowserStorage):\n{}", found.join("\n"));
}
