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

/// A card's text edit notifies none of the parts the always-visible board reads (the
/// cell index, titles, order, linked personas, steps with feelings, findings; a source check
/// in `sync_parts` keeps them on parts), while the map itself is notified for the views shown
/// on demand; a move notifies the layout, and the cell index follows it.
#[test]
fn a_text_edit_notifies_no_part_and_a_move_is_followed() {
    use crate::domain::Op;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let data = clinic();
    let owner = Owner::new();
    owner.with(|| {
        let i18n = crate::i18n::provide_i18n();
        let ctx = BoardCtx::new(data, Default::default(), i18n);
        let sync = ctx.sync;
        // Counters of how often a memo over every part, and one over the whole map, ran.
        let counter = |f: Arc<dyn Fn() + Send + std::marker::Sync>| {
            let runs = Arc::new(AtomicUsize::new(0));
            let memo = {
                let runs = runs.clone();
                Memo::new(move |_| {
                    runs.fetch_add(1, Ordering::SeqCst);
                    f();
                })
            };
            (memo, runs)
        };
        let all = Part::ALL;
        let (parts, part_runs) = counter(Arc::new(move || sync.read(&all, |_| ())));
        let (whole, whole_runs) = counter(Arc::new(move || sync.map.track()));
        let runs = || (part_runs.load(Ordering::SeqCst), whole_runs.load(Ordering::SeqCst));
        (parts.get(), whole.get());
        assert_eq!(runs(), (1, 1));

        let card = sync.map.with_untracked(|m| m.cards.values().next().cloned()).expect("the clinic has cards");
        let shown = sync.card(&card.id);
        let edit = Op::EditCard {
            id: card.id.clone(),
            text: Some("Paid at the desk".into()),
            colour: None,
            tags: None,
            details: None,
        };
        assert!(sync.preview(&edit));
        (parts.get(), whole.get());
        assert_eq!(shown.get().map(|c| c.text), Some("Paid at the desk".to_owned()), "the card follows");
        assert_eq!(runs(), (1, 2), "a text edit notified a part (or the map was not notified)");

        let stage = ctx.stages.get_untracked().into_iter().find(|s| *s != card.stage).expect("two stages");
        let order = sync.map.with_untracked(|m| m.card_key_at(&stage, &card.lane, 0, Some(&card.id)));
        let moved = Op::MoveCard { id: card.id.clone(), stage: stage.clone(), lane: card.lane.clone(), order };
        assert!(sync.preview(&moved));
        (parts.get(), whole.get());
        assert_eq!(runs(), (2, 3));
        let index = ctx.index.get();
        assert!(
            index.get(&(stage, card.lane.clone())).is_some_and(|ids| ids.contains(&card.id)),
            "the index follows the move"
        );
        assert!(!index.get(&(card.stage.clone(), card.lane.clone())).is_some_and(|ids| ids.contains(&card.id)));
    });
}
