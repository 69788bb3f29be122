//! Store tests on a fresh `mem://` database each, and one on SurrealKV on disk.
//!
//! Long on purpose: a test file of the store's contract.

const WS: &str = super::DEFAULT_WORKSPACE;
use super::*;
use crate::domain::template::Layout;
use crate::domain::*;

async fn mem() -> Store {
    Store::open("mem://", None).await.expect("mem store opens")
}

fn layout() -> Layout<'static> {
    Layout {
        stages: vec![("Awareness", "1 week"), ("Booking", ""), ("Procedure", "1 hour")],
        lanes: vec![(LaneKind::Steps, "Steps"), (LaneKind::PainPoints, "Pain points")],
    }
}

async fn new_map(store: &Store, title: &str) -> MapId {
    let id = MapId::generate();
    store.create_map(WS, &id, title).await.unwrap();
    // The layout's ops after the first, which only names the map (done by create_map).
    let ops = layout().draft(title).ops(&[]);
    store.apply_ops(&id, "test", "init", &ops[1..]).await.unwrap();
    id
}

fn add_card(map: &Map, n: usize) -> Op {
    let stage = map.ordered_stages()[n % map.stages.len()].id.clone();
    let lane = map.ordered_lanes()[n % map.lanes.len()].id.clone();
    let order = map.card_key_at(&stage, &lane, usize::MAX, None);
    Op::AddCard {
        card: Card {
            author: None,
            id: CardId::generate(),
            lane,
            stage,
            order,
            text: format!("card {n}"),
            colour: Colour::Blue,
            tags: vec![],
            details: Default::default(),
        },
    }
}

#[tokio::test]
async fn migrations_are_idempotent_and_recorded() {
    let store = mem().await;
    assert_eq!(store.schema_version().await.unwrap(), migrations::latest());
    store.migrate().await.unwrap();
    assert_eq!(store.schema_version().await.unwrap(), migrations::latest());
}

#[tokio::test]
async fn refuses_a_database_newer_than_the_binary() {
    let store = mem().await;
    store.db.query("CREATE migration:999 SET version = 999, name = 'future'").await.unwrap().check().unwrap();
    match store.migrate().await {
        Err(StoreError::SchemaTooNew { found: 999, .. }) => {}
        other => panic!("expected SchemaTooNew, got {other:?}"),
    }
}

#[tokio::test]
async fn bad_urls_are_refused_clearly() {
    for url in ["postgres://x", "nonsense", "surrealkv://"] {
        assert!(matches!(Store::open(url, None).await, Err(StoreError::BadUrl(_))), "{url}");
    }
}

/// The dashboard's list carries each map's linked personas and its cards' tags (most used
/// first), and the search reads every map's words; a map in the trash is in neither.
#[tokio::test]
async fn the_list_carries_tags_and_the_search_reads_every_part() {
    let store = mem().await;
    let clinic = new_map(&store, "Clínica").await;
    let other = new_map(&store, "Massage").await;
    let map = store.load_map(&clinic).await.unwrap().unwrap();
    let tagged = |n: usize, text: &str, tags: &[&str]| {
        let mut op = add_card(&map, n);
        if let Op::AddCard { card } = &mut op {
            card.text = text.into();
            card.tags = tags.iter().map(|t| t.to_string()).collect();
        }
        op
    };
    let ops = [
        tagged(0, "Fila na recepção", &["espera", "recepção"]),
        tagged(1, "Sala de espera fria", &["espera"]),
        tagged(2, "Pagamento", &[]),
    ];
    store.apply_ops(&clinic, "ana", "t1", &ops).await.unwrap();
    let list = store.list_maps(WS).await.unwrap();
    let summary = list.iter().find(|m| m.id == clinic).unwrap();
    assert_eq!(summary.tags, ["espera", "recepção"]);
    assert!(list.iter().find(|m| m.id == other).unwrap().tags.is_empty());

    let texts = store.map_texts(WS).await.unwrap();
    let words = &texts.iter().find(|(id, _)| *id == clinic).unwrap().1;
    for w in ["Clínica", "Fila na recepção", "espera", "Awareness", "Procedure"] {
        assert!(words.contains(w), "{w} in {words}");
    }
    assert!(crate::domain::shelf::has_words("FILA recepcao", words));
    assert!(!crate::domain::shelf::has_words("fila", &texts.iter().find(|(id, _)| *id == other).unwrap().1));
    store.trash_map(&clinic, "ana").await.unwrap();
    assert!(store.map_texts(WS).await.unwrap().iter().all(|(id, _)| *id != clinic));
}

#[tokio::test]
async fn create_load_list_and_delete() {
    let store = mem().await;
    let id = new_map(&store, "Clinic").await;
    let map = store.load_map(&id).await.unwrap().unwrap();
    assert_eq!(map.title, "Clinic");
    assert_eq!(map.rev, 5);
    let titles: Vec<_> = map.ordered_stages().iter().map(|s| s.title.clone()).collect();
    assert_eq!(titles, ["Awareness", "Booking", "Procedure"]);
    assert_eq!(map.ordered_stages()[0].duration, "1 week");

    let op = add_card(&map, 0);
    let applied = store.apply_ops(&id, "ana", "c1", std::slice::from_ref(&op)).await.unwrap();
    assert_eq!(applied.rev, 6);
    let list = store.list_maps(WS).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].card_count, 1);

    assert!(store.delete_map(&id).await.unwrap());
    assert!(store.load_map(&id).await.unwrap().is_none());
    assert!(store.list_maps(WS).await.unwrap().is_empty());
    assert!(!store.delete_map(&id).await.unwrap());
    assert!(matches!(store.apply_ops(&id, "ana", "c2", &[op]).await, Err(StoreError::MapNotFound)));
}

#[tokio::test]
async fn a_refused_op_writes_nothing() {
    let store = mem().await;
    let id = new_map(&store, "Clinic").await;
    let before = store.load_map(&id).await.unwrap().unwrap();
    let good = add_card(&before, 1);
    let bad = Op::DeleteCard { id: CardId::from("missing") };
    let err = store.apply_ops(&id, "ana", "x", &[good, bad]).await.unwrap_err();
    assert!(matches!(err, StoreError::Refused(OpError::NotFound { .. })));
    assert_eq!(store.load_map(&id).await.unwrap().unwrap(), before);
    assert_eq!(store.ops_since(&id, 0).await.unwrap().len(), 5);
}

#[tokio::test]
async fn deleting_a_stage_deletes_its_cards_and_undo_restores_them() {
    let store = mem().await;
    let id = new_map(&store, "Clinic").await;
    let map = store.load_map(&id).await.unwrap().unwrap();
    let ops: Vec<Op> = (0..6).map(|n| add_card(&map, n)).collect();
    store.apply_ops(&id, "ana", "cards", &ops).await.unwrap();
    let full = store.load_map(&id).await.unwrap().unwrap();
    let stage = full.ordered_stages()[0].id.clone();
    let applied = store.apply_ops(&id, "ana", "del", &[Op::DeleteStage { id: stage }]).await.unwrap();
    let after = store.load_map(&id).await.unwrap().unwrap();
    assert_eq!(after.cards.len(), 4);
    store.apply_ops(&id, "ana", "undo", &applied.inverses).await.unwrap();
    let mut restored = store.load_map(&id).await.unwrap().unwrap();
    restored.rev = full.rev;
    assert_eq!(restored, full);
}

/// 10 tasks send 200 ops to one map at once: all applied, revs gapless, and the stored
/// state equals a replay of the log.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_lose_nothing() {
    let store = mem().await;
    let id = new_map(&store, "Workshop").await;
    let start = store.load_map(&id).await.unwrap().unwrap();
    let base = start.rev;
    let mut tasks = Vec::new();
    for t in 0..10 {
        let (store, id, start) = (store.clone(), id.clone(), start.clone());
        tasks.push(tokio::spawn(async move {
            for n in 0..20 {
                let op = add_card(&start, t * 20 + n);
                store.apply_ops(&id, &format!("user{t}"), &format!("{t}-{n}"), &[op]).await.unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let log = store.ops_since(&id, base).await.unwrap();
    let revs: Vec<u64> = log.iter().map(|o| o.rev).collect();
    assert_eq!(revs, ((base + 1)..=(base + 200)).collect::<Vec<_>>());

    let mut replay = Map::new(id.clone(), "Workshop");
    for o in store.ops_since(&id, 0).await.unwrap() {
        replay.apply(&o.op).unwrap();
        replay.rev = o.rev;
    }
    let stored = store.load_map(&id).await.unwrap().unwrap();
    assert_eq!(stored.cards.len(), 200);
    assert_eq!(stored, replay);
}

/// Two stores on one database (as two processes would be) both write to one map: the
/// revision check makes the second reload and retry instead of overwriting.
#[tokio::test]
async fn a_second_writer_with_a_stale_cache_retries() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("surrealkv://{}", dir.path().join("db").display());
    let a = Store::open(&url, None).await.unwrap();
    let id = new_map(&a, "Shared").await;
    let map = a.load_map(&id).await.unwrap().unwrap();
    // Warm a's cache, then write behind its back with a fresh handle on the same engine.
    a.apply_ops(&id, "a", "1", &[add_card(&map, 0)]).await.unwrap();
    let b = Store { db: a.db.clone(), maps: Default::default(), ticks: Default::default() };
    b.apply_ops(&id, "b", "2", &[add_card(&map, 1)]).await.unwrap();
    let applied = a.apply_ops(&id, "a", "3", &[add_card(&map, 2)]).await.unwrap();
    assert_eq!(applied.rev, map.rev + 3);
    assert_eq!(a.load_map(&id).await.unwrap().unwrap().cards.len(), 3);
}

#[tokio::test]
async fn surrealkv_keeps_data_across_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("surrealkv://{}", dir.path().join("db").display());
    let id = {
        let store = Store::open(&url, None).await.unwrap();
        let id = new_map(&store, "Massage studio").await;
        let map = store.load_map(&id).await.unwrap().unwrap();
        store.apply_ops(&id, "ana", "c", &[add_card(&map, 0)]).await.unwrap();
        drop(store);
        id
    };
    let store = Store::reopen(&url).await;
    let map = store.load_map(&id).await.unwrap().unwrap();
    assert_eq!(map.title, "Massage studio");
    assert_eq!(map.cards.len(), 1);
    assert_eq!(map.stages.len(), 3);
}

#[tokio::test]
async fn an_op_sent_twice_is_applied_once() {
    let store = mem().await;
    let id = new_map(&store, "Retry").await;
    let map = store.load_map(&id).await.unwrap().unwrap();
    let op = add_card(&map, 0);
    let first = store.apply_ops(&id, "ana", "same-id", std::slice::from_ref(&op)).await.unwrap();
    let again = store.apply_ops(&id, "ana", "same-id", &[op]).await.unwrap();
    assert!(!first.duplicate && again.duplicate);
    assert_eq!(again.rev, first.rev);
    assert_eq!(store.load_map(&id).await.unwrap().unwrap().cards.len(), 1);
}

/// One group commit holding a good write, a refused one, a resend of a logged one and
/// another good one: each gets its own outcome and the log stays gapless.
#[tokio::test]
async fn a_group_commit_answers_each_write_on_its_own() {
    let store = mem().await;
    let id = new_map(&store, "Group").await;
    let map = store.load_map(&id).await.unwrap().unwrap();
    let base = map.rev;
    let early = add_card(&map, 0);
    store.apply_ops(&id, "ana", "early", std::slice::from_ref(&early)).await.unwrap();
    let write = |client_op: &str, ops: Vec<Op>| Write::new("bo", client_op, ops);
    let outcomes = store
        .apply_writes(
            &id,
            vec![
                write("a", vec![add_card(&map, 1), add_card(&map, 2)]),
                write("b", vec![add_card(&map, 3), Op::DeleteCard { id: CardId::from("missing") }]),
                write("early", vec![early]),
                write("d", vec![add_card(&map, 4)]),
            ],
        )
        .await;
    assert_eq!(outcomes.len(), 4);
    let a = outcomes[0].as_ref().unwrap();
    assert_eq!((a.rev, a.inverses.len(), a.duplicate), (base + 3, 2, false));
    assert!(matches!(outcomes[1], Err(StoreError::Refused(OpError::NotFound { .. }))));
    let again = outcomes[2].as_ref().unwrap();
    assert!(again.duplicate && again.rev == base + 1);
    assert_eq!(outcomes[3].as_ref().unwrap().rev, base + 4);
    let stored = store.load_map(&id).await.unwrap().unwrap();
    assert_eq!((stored.rev, stored.cards.len()), (base + 4, 4));
    let log = store.ops_since(&id, base).await.unwrap();
    let revs: Vec<u64> = log.iter().map(|o| o.rev).collect();
    assert_eq!(revs, vec![base + 1, base + 2, base + 3, base + 4]);
    assert_eq!(log[1].author, "bo");
    assert_eq!(log[3].client_op, "d");
}

#[tokio::test]
async fn the_live_feed_delivers_every_op_in_order() {
    use futures::StreamExt;
    let store = mem().await;
    let id = new_map(&store, "Live").await;
    let map = store.load_map(&id).await.unwrap().unwrap();
    let mut feed = Box::pin(store.live_ops().await.unwrap());
    for n in 0..5 {
        store.apply_ops(&id, "ana", &format!("op{n}"), &[add_card(&map, n)]).await.unwrap();
    }
    let mut revs = Vec::new();
    while revs.len() < 5 {
        let (map_id, op) = tokio::time::timeout(std::time::Duration::from_secs(5), feed.next()).await.unwrap().unwrap();
        assert_eq!(map_id, id);
        revs.push(op.rev);
    }
    assert_eq!(revs, ((map.rev + 1)..=(map.rev + 5)).collect::<Vec<_>>());
}

#[tokio::test]
async fn a_data_directory_in_use_is_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("surrealkv://{}", dir.path().join("db").display());
    let _first = Store::open(&url, None).await.unwrap();
    match Store::open(&url, None).await {
        Err(e @ StoreError::Open { .. }) => assert!(e.to_string().contains("locked"), "{e}"),
        Err(other) => panic!("unexpected error {other}"),
        Ok(_) => panic!("a second store on the same directory must be refused"),
    }
}

#[tokio::test]
async fn card_details_are_stored_and_edited() {
    let store = mem().await;
    let id = new_map(&store, "Fields").await;
    let map = store.load_map(&id).await.unwrap().unwrap();
    let Op::AddCard { mut card } = add_card(&map, 0) else { unreachable!() };
    card.details = CardDetails {
        severity: Some(Severity::High),
        metric: Some(Metric {
            value: Some(4.2),
            unit: "★".into(),
            target: Some(4.5),
            higher_is_better: true,
            ..Default::default()
        }),
        moment_of_truth: true,
        ..Default::default()
    };
    let card_id = card.id.clone();
    store.apply_ops(&id, "ana", "a", &[Op::AddCard { card: card.clone() }]).await.unwrap();
    // Stored as sent, with who added it stamped by the server (whatever the client said).
    let card = Card { author: Some("ana".into()), ..card };
    assert_eq!(store.load_map(&id).await.unwrap().unwrap().cards[&card_id], card);
    let spoofed = Card { id: CardId::generate(), author: Some("someone else".into()), ..card.clone() };
    store.apply_ops(&id, "ana", "a2", &[Op::AddCard { card: spoofed.clone() }]).await.unwrap();
    assert_eq!(store.load_map(&id).await.unwrap().unwrap().cards[&spoofed.id].author.as_deref(), Some("ana"));
    let details = CardDetails { impact: Some(3), effort: Some(1), ..Default::default() };
    let edit =
        Op::EditCard { id: card_id.clone(), text: None, colour: None, tags: None, details: Some(details.clone()) };
    store.apply_ops(&id, "ana", "b", &[edit]).await.unwrap();
    assert_eq!(store.load_map(&id).await.unwrap().unwrap().cards[&card_id].details, details);
}

fn persona(name: &str) -> Persona {
    Persona {
        id: PersonaId::generate(),
        name: name.into(),
        segment: "new client".into(),
        age_range: "25–34".into(),
        gender: "mulher".into(),
        occupation: String::new(),
        quote: "I want to feel safe".into(),
        goals: String::new(),
        needs: String::new(),
        fears: "Pain".into(),
        channels: vec!["social".into()],
        empathy: EmpathyMap {
            says: "Is it safe?".into(),
            thinks: String::new(),
            does: String::new(),
            feels: "Anxious".into(),
        },
        colour: "#2f5bea".into(),
        photo: 0,
    }
}

#[tokio::test]
async fn persona_library_and_emotions_on_a_map() {
    let store = mem().await;
    let ana = persona("Ana");
    store.save_persona(WS, &ana).await.unwrap();
    let mut edited = ana.clone();
    edited.quote = "Safety first".into();
    store.save_persona(WS, &edited).await.unwrap();
    assert_eq!(store.list_personas(WS).await.unwrap(), vec![edited.clone()]);
    assert_eq!(store.get_persona(WS, &ana.id).await.unwrap(), Some(edited));

    let id = new_map(&store, "Clinic").await;
    let map = store.load_map(&id).await.unwrap().unwrap();
    let stage = map.ordered_stages()[1].id.clone();
    store
        .apply_ops(&id, "ana", "l", &[Op::LinkPersona { persona: ana.id.clone(), at: 0, emotions: vec![] }])
        .await
        .unwrap();
    let set = Op::SetEmotion { persona: ana.id.clone(), stage: stage.clone(), score: Some(-1), note: "waiting".into() };
    store.apply_ops(&id, "ana", "e", &[set]).await.unwrap();
    let loaded = store.load_map(&id).await.unwrap().unwrap();
    assert_eq!(loaded.personas, vec![ana.id.clone()]);
    assert_eq!(loaded.curve(&ana.id), vec![(1, -1)]);
    assert_eq!(store.persona_link_count(WS, &ana.id).await.unwrap(), 1);

    // Unlink and undo through the store.
    let applied = store.apply_ops(&id, "ana", "u", &[Op::UnlinkPersona { persona: ana.id.clone() }]).await.unwrap();
    assert!(store.load_map(&id).await.unwrap().unwrap().emotions.is_empty());
    store.apply_ops(&id, "ana", "undo", &applied.inverses).await.unwrap();
    let mut back = store.load_map(&id).await.unwrap().unwrap();
    back.rev = loaded.rev;
    assert_eq!(back, loaded);

    assert!(store.delete_persona(WS, &ana.id).await.unwrap());
    assert!(store.get_persona(WS, &ana.id).await.unwrap().is_none());
}

#[tokio::test]
async fn persona_photos_are_stored_with_their_type() {
    let store = mem().await;
    let ana = persona("Ana");
    store.save_persona(WS, &ana).await.unwrap();
    let png = bytes::Bytes::from_static(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]);
    assert_eq!(store.save_photo(WS, &ana.id, "image/png", png.clone()).await.unwrap(), Some(1));
    assert_eq!(store.save_photo(WS, &ana.id, "image/png", png.clone()).await.unwrap(), Some(2));
    assert_eq!(store.photo(&ana.id).await.unwrap(), Some(("image/png".to_owned(), png.clone(), WS.to_owned())));
    assert_eq!(store.get_persona(WS, &ana.id).await.unwrap().unwrap().photo, 2);
    assert_eq!(store.save_photo(WS, &PersonaId::from_str("nobody"), "image/png", png).await.unwrap(), None);
    assert!(store.delete_persona(WS, &ana.id).await.unwrap());
    assert_eq!(store.photo(&ana.id).await.unwrap(), None);
}

#[tokio::test]
async fn readers_get_the_cached_map_only_while_it_is_current() {
    let store = mem().await;
    let id = new_map(&store, "Cache").await;
    let map = store.load_map(&id).await.unwrap().unwrap();
    store.apply_ops(&id, "a", "1", &[add_card(&map, 0)]).await.unwrap();
    assert_eq!(store.current_map(&id).await.unwrap(), store.load_map(&id).await.unwrap());
    // Another process (a second handle, empty cache) writes: the first one notices.
    let other = Store { db: store.db.clone(), maps: Default::default(), ticks: Default::default() };
    other.apply_ops(&id, "b", "2", &[add_card(&map, 1)]).await.unwrap();
    let seen = store.current_map(&id).await.unwrap().unwrap();
    assert_eq!(seen.cards.len(), 2);
    assert_eq!(Some(seen), store.load_map(&id).await.unwrap());
    assert!(store.current_map(&MapId::from("missing")).await.unwrap().is_none());
}

#[tokio::test]
async fn an_id_of_another_map_names_nothing_there() {
    let store = mem().await;
    let a = new_map(&store, "Clinic A").await;
    let b = new_map(&store, "Studio B").await;
    let map_a = store.load_map(&a).await.unwrap().unwrap();
    let Op::AddCard { card } = add_card(&map_a, 0) else { unreachable!() };
    store.apply_ops(&a, "ana", "a1", &[Op::AddCard { card: card.clone() }]).await.unwrap();
    // The server stamps who added it.
    let card = Card { author: Some("ana".into()), ..card };

    // Map B adds a card with the same id, edits and deletes it: map A's card is untouched.
    let map_b = store.load_map(&b).await.unwrap().unwrap();
    let Op::AddCard { card: mut theirs } = add_card(&map_b, 1) else { unreachable!() };
    theirs.id = card.id.clone();
    theirs.text = "overwritten?".into();
    store.apply_ops(&b, "eve", "b1", &[Op::AddCard { card: theirs.clone() }]).await.unwrap();
    store.apply_ops(&b, "eve", "b2", &[Op::DeleteCard { id: card.id.clone() }]).await.unwrap();

    let fresh = Store { db: store.db.clone(), maps: Default::default(), ticks: Default::default() };
    let a_now = fresh.load_map(&a).await.unwrap().unwrap();
    assert_eq!(a_now.cards.get(&card.id), Some(&card), "map A's card survives");
    let b_now = fresh.load_map(&b).await.unwrap().unwrap();
    assert!(!b_now.cards.contains_key(&card.id));
    assert_eq!(b_now.cards.len(), 0);
}

#[tokio::test]
async fn migration_9_rekeys_records_made_before_it() {
    let store = mem().await;
    // A database as version 8 left it: parts keyed by their bare ids.
    store
        .db
        .query(
            "DELETE migration:9;
             CREATE map:old SET title = 'Old map', rev = 4, workspace = 'default';
             CREATE stage:s1 SET map = map:old, title = 'Booking', order = 'V';
             CREATE lane:l1 SET map = map:old, kind = 'steps', title = 'Steps', order = 'V';
             CREATE card:c1 SET map = map:old, stage = 's1', lane = 'l1', order = 'V', text = 'Calls', colour = 'yellow', tags = ['phone'], details = {};
             UPDATE map:old SET personas = ['p1'];
             CREATE emotion:⟨old~p1~s1⟩ SET map = map:old, persona = 'p1', stage = 's1', score = -1, note = 'long wait';",
        )
        .await
        .unwrap()
        .check()
        .unwrap();
    store.migrate().await.unwrap();
    assert_eq!(store.schema_version().await.unwrap(), migrations::latest());
    let map = store.load_map(&MapId::from("old")).await.unwrap().expect("the old map loads");
    assert_eq!(map.stages.len(), 1);
    assert_eq!(map.lanes.len(), 1);
    let card = map.cards.get(&CardId::from("c1")).expect("the card keeps its id");
    assert_eq!(card.text, "Calls");
    assert_eq!(card.tags, vec!["phone".to_owned()]);
    assert_eq!(map.emotions.len(), 1);
    assert_eq!(map.emotions[0].score, -1);
    // And it is written under the new keys: editing and deleting reach the same records.
    store.apply_ops(&map.id, "ana", "e1", &[Op::DeleteCard { id: CardId::from("c1") }]).await.unwrap();
    let fresh = Store { db: store.db.clone(), maps: Default::default(), ticks: Default::default() };
    assert!(fresh.load_map(&map.id).await.unwrap().unwrap().cards.is_empty());
    let mut res = store.db.query("SELECT count() AS n FROM card GROUP ALL").await.unwrap();
    let n: Option<i64> = res.take((0, "n")).unwrap();
    assert_eq!(n.unwrap_or(0), 0, "no record left under an old key");
}

#[tokio::test]
async fn the_map_cache_stays_bounded() {
    let store = mem().await;
    let busy = new_map(&store, "Busy").await;
    // Someone holds the busy map's slot (a writer in the middle of a commit).
    let held = store.map_slot(&busy);
    for i in 0..MAX_CACHED_MAPS + 50 {
        store.map_slot(&MapId(format!("m{i}")));
        assert!(store.cached_maps() <= MAX_CACHED_MAPS, "after {i} maps");
    }
    assert!(store.maps.lock().unwrap().contains_key(&busy), "a slot in use is never evicted");
    drop(held);
    // Evicted maps load again on use.
    let map = store.current_map(&busy).await.unwrap().unwrap();
    assert_eq!(map.title, "Busy");
}

#[tokio::test]
async fn a_trashed_map_is_gone_from_every_route_until_restored_and_expires_after_its_days() {
    let store = Store::open("mem://", None).await.unwrap();
    let id = crate::server::maps::create(
        &store,
        DEFAULT_WORKSPACE,
        "Old",
        crate::domain::template::Template::Starter,
        crate::i18n::Locale::En,
    )
    .await
    .unwrap();
    assert!(store.trash_map(&id, "Ana").await.unwrap());
    assert!(!store.trash_map(&id, "Ana").await.unwrap(), "already in the Trash");
    assert_eq!(store.map_workspace(&id).await.unwrap(), None, "access checks find nothing");
    assert!(store.list_maps(DEFAULT_WORKSPACE).await.unwrap().iter().all(|m| m.id != id));
    let trash = store.trashed_maps(DEFAULT_WORKSPACE).await.unwrap();
    assert_eq!((trash.len(), trash[0].deleted_by.as_deref()), (1, Some("Ana")));
    assert!(store.trashed_maps("elsewhere").await.unwrap().is_empty());
    assert!(!store.restore_map("elsewhere", &id).await.unwrap(), "another workspace cannot restore it");
    // Not yet expired: the purge leaves it.
    assert_eq!(crate::server::maps::purge_trash(&store).await.unwrap(), 0);
    assert!(store.restore_map(DEFAULT_WORKSPACE, &id).await.unwrap());
    assert_eq!(store.map_workspace(&id).await.unwrap().as_deref(), Some(DEFAULT_WORKSPACE));
    assert!(store.current_map(&id).await.unwrap().is_some());
    // Deleted 31 days ago: emptied from the Trash for good.
    store.trash_map(&id, "Ana").await.unwrap();
    store
        .db
        .query("UPDATE type::record('map', $id) SET deleted_at = time::now() - 31d")
        .bind(("id", id.0.clone()))
        .await
        .unwrap()
        .check()
        .unwrap();
    assert_eq!(store.trashed_before(chrono::Utc::now() - chrono::Duration::days(30)).await.unwrap(), vec![id.clone()]);
    assert_eq!(crate::server::maps::purge_trash(&store).await.unwrap(), 1);
    assert!(store.trashed_maps(DEFAULT_WORKSPACE).await.unwrap().is_empty());
    assert_eq!(store.trashed_workspace(&id).await.unwrap(), None);
}

/// The log keeps a snapshot every `SNAPSHOT_EVERY` revisions, and the past rebuilt from the
/// nearest one is the past replayed from op 1.
#[tokio::test]
async fn the_past_from_a_snapshot_equals_the_past_from_op_one() {
    let store = mem().await;
    let id = new_map(&store, "Past").await;
    let mut n = 0usize;
    loop {
        let m = store.current_map(&id).await.unwrap().unwrap();
        if m.rev >= 2_500 {
            break;
        }
        let mut ops = vec![add_card(&m, n)];
        ops.extend((0..99).map(|i| Op::EditMap { title: Some(format!("Past {n}.{i}")), description: None }));
        store.apply_ops(&id, "test", &format!("w{n}"), &ops).await.unwrap();
        n += 1;
    }
    let near = store.snapshot_before(&id, 2_400).await.unwrap().expect("a periodic snapshot");
    assert!((2_000..=2_400).contains(&near.rev), "{}", near.rev);
    assert!(store.snapshot_before(&id, 900).await.unwrap().is_none());
    for rev in [5, 999, 1_000, 1_001, 1_777, 2_345] {
        let past = crate::server::history::at(&store, &id, rev).await.unwrap();
        let ops = store.timed_ops(&id, 0, rev).await.unwrap();
        let from_one = crate::domain::history::replay(Map::new(id.clone(), "import"), &ops).unwrap();
        assert_eq!(past, from_one, "rev {rev}");
    }
}

/// Two transactions writing one row at once: SurrealDB rolls one back ("can be retried").
/// The store tells it apart from a broken query, whichever statement SurrealDB's `check`
/// would have named (the others of the transaction only say "not executed"), and users
/// are asked to try again (429 with a translated message) instead of a 500.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_conflict_is_busy_not_internal() {
    let store = mem().await;
    store.db.query("CREATE probe:1 SET n = 0").await.unwrap().checked().unwrap();
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let db = store.db.clone();
            tokio::spawn(async move {
                let res = db
                    .query("BEGIN; LET $n = (SELECT VALUE n FROM ONLY probe:1); SLEEP 100ms; UPDATE probe:1 SET n = $n + 1; COMMIT;")
                    .await?;
                res.checked().map(|_| ())
            })
        })
        .collect();
    let mut conflicts = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(()) => {}
            Err(e @ StoreError::Conflict(_)) => {
                conflicts += 1;
                assert!(matches!(AppError::from(e), AppError::Busy { .. }));
            }
            Err(other) => panic!("a conflict read as {other:?}"),
        }
    }
    assert!(conflicts > 0, "four overlapping writes of one row, none rolled back");
    // A broken query is still the store's error.
    let broken = store.db.query("BEGIN; CREATE probe:2; THROW 'boom'; COMMIT;").await.unwrap().checked();
    assert!(matches!(broken, Err(StoreError::Db(_))), "{broken:?}");
}
