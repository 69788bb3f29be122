//! Customer feedback on a `mem://` store: imports all or nothing and idempotent by external
//! id, pseudonyms, the summary, a stage's answers, undoing an import, forgetting a client,
//! retention, and the map's deletion taking its answers along.

use super::feedback::*;
use super::store::feedback::SummaryRow;
use super::store::{Store, DEFAULT_WORKSPACE as WS};
use crate::domain::feedback::*;
use crate::domain::template::Layout;
use crate::domain::{LaneKind, MapId, StageId};
use chrono::{Days, NaiveDate, Utc};

async fn clinic(store: &Store) -> (MapId, Vec<StageId>) {
    let id = MapId::generate();
    store.create_map(WS, &id, "Clinic").await.expect("map");
    let layout = Layout {
        stages: vec![("Booking", ""), ("The procedure", ""), ("After-care", "")],
        lanes: vec![(LaneKind::Steps, "Steps"), (LaneKind::PainPoints, "Pain points")],
    };
    let ops = layout.draft("Clinic").ops(&[]);
    store.apply_ops(&id, "test", "init", &ops[1..]).await.expect("layout");
    let map = store.current_map(&id).await.expect("load").expect("map");
    (id, map.ordered_stages().iter().map(|s| s.id.clone()).collect())
}

fn entry(
    stage: &StageId,
    days_ago: u64,
    stars: f64,
    comment: &str,
    client: Option<&str>,
    ext: Option<&str>,
) -> FeedbackEntry {
    let today = Utc::now().date_naive();
    FeedbackEntry {
        stage: stage.clone(),
        card: None,
        persona: None,
        segment: None,
        date: today.checked_sub_days(Days::new(days_ago)).unwrap_or(today),
        scale: Scale::Stars,
        score: stars,
        norm: Scale::Stars.normalise(stars).unwrap_or(0.0),
        comment: comment.to_owned(),
        lang: None,
        source: String::new(),
        external_id: ext.map(str::to_owned),
        client: client.map(str::to_owned),
    }
}

#[tokio::test]
async fn an_import_is_summarised_idempotent_undoable_and_forgets_clients() {
    let store = Store::open("mem://", None).await.expect("mem store opens");
    let (map, stages) = clinic(&store).await;
    let (booking, procedure) = (&stages[0], &stages[1]);
    let mut entries = Vec::new();
    for i in 0..12 {
        let ext = format!("p{i}");
        let said =
            ["Long waiting before the procedure", "waiting again", "Waited forever", "the waiting room was cold"];
        let comment = if i % 3 == 0 { said[(i / 3) as usize] } else { "Fine" };
        entries.push(entry(
            procedure,
            i,
            if i % 3 == 0 { 2.0 } else { 3.0 },
            comment,
            Some("+55 (11) 98765-4321"),
            Some(&ext),
        ));
    }
    for i in 0..6 {
        entries.push(entry(booking, 100 + i, 5.0, "Easy to book", Some(&format!("c{i}@example.com")), None));
    }
    let first = store_entries(&store, WS, &map, "u1", "agenda.csv", entries.clone(), 1).await.expect("import");
    assert_eq!((first.imported, first.unchanged, first.skipped), (18, 0, 1));

    let s = summary(&store, &map).await.expect("summary");
    assert_eq!(s.count, 18);
    let p = s.stage(procedure).expect("procedure evidence");
    assert_eq!(p.count, 12);
    assert_eq!(p.negative, 4, "2 stars are below the middle of the scale, 3 is the middle");
    assert!((p.mean - Scale::Stars.normalise(8.0 / 3.0).unwrap_or(9.0)).abs() < 1e-9);
    assert_eq!(p.recent_count, 12);
    assert_eq!(
        p.terms.first().map(|t| (t.word.as_str(), t.comments)),
        Some(("waiting", 4)),
        "terms of negative comments"
    );
    let b = s.stage(booking).expect("booking evidence");
    assert_eq!((b.recent_count, b.previous_count), (0, 6), "100 days ago is the 90 days before");
    assert_eq!(s.latest, Some(Utc::now().date_naive()));

    // Clients are pseudonyms: not the raw value, the same for one client in any format.
    let mut res = store
        .db_for_tests()
        .query("SELECT VALUE client FROM feedback WHERE stage = $s")
        .bind(("s", procedure.0.clone()))
        .await
        .expect("q");
    let clients: Vec<String> = res.take(0).expect("clients");
    assert_eq!(clients.len(), 12);
    assert!(clients.iter().all(|c| c == &clients[0] && c.len() == 64 && !c.contains("98765")));
    let key = store.feedback_key(WS).await.expect("key");
    assert_eq!(clients[0], pseudonym(&key, "5511987654321"));
    assert_ne!(pseudonym(&key, "a@example.com"), pseudonym("another workspace key", "a@example.com"));

    // Importing the same export again changes nothing that has an external id.
    let again = store_entries(&store, WS, &map, "u1", "agenda.csv", entries[..12].to_vec(), 0).await.expect("again");
    assert_eq!((again.imported, again.unchanged), (0, 12));
    assert_eq!(summary(&store, &map).await.expect("summary").count, 18);

    // A stage's answers, filtered and paged.
    let all = store.stage_answers(&map, procedure, &AnswerFilter::default()).await.expect("answers");
    assert_eq!(all.total, 12);
    assert!(all.answers.windows(2).all(|w| w[0].date >= w[1].date), "newest first");
    let low = AnswerFilter { max: Some(-1.0), ..AnswerFilter::default() };
    assert_eq!(store.stage_answers(&map, procedure, &low).await.expect("low").total, 4);
    let words = AnswerFilter { text: Some("WAITING".into()), ..AnswerFilter::default() }.cleaned();
    assert_eq!(store.stage_answers(&map, procedure, &words).await.expect("words").total, 3);
    let none = AnswerFilter { text: Some("rude".into()), ..AnswerFilter::default() }.cleaned();
    assert_eq!(store.stage_answers(&map, booking, &none).await.expect("none").total, 0);

    // Forget a client: every answer of theirs goes, in any format of the reference.
    assert_eq!(forget_client(&store, WS, "55 11 98765 4321").await.expect("forget"), 12);
    assert_eq!(summary(&store, &map).await.expect("summary").count, 6);

    // Undo an import.
    let batches = store.feedback_batches(&map).await.expect("batches");
    assert_eq!(batches.len(), 2);
    assert_eq!(delete_batch(&store, &map, &first.batch).await.expect("undo"), 6);
    assert_eq!(summary(&store, &map).await.expect("summary").count, 0);
    assert!(matches!(delete_batch(&store, &map, "nope").await, Err(crate::error::AppError::NotFound)));
}

#[tokio::test]
async fn retention_deletes_old_answers_and_a_deleted_map_takes_its_answers() {
    let store = Store::open("mem://", None).await.expect("mem store opens");
    let (map, stages) = clinic(&store).await;
    let entries = vec![entry(&stages[0], 400, 4.0, "", None, None), entry(&stages[0], 10, 4.0, "", None, None)];
    store_entries(&store, WS, &map, "u1", "x.csv", entries, 0).await.expect("import");
    store.set_feedback_retention(WS, Some(6)).await.expect("retention");
    purge_expired(&store).await.expect("purge");
    assert_eq!(summary(&store, &map).await.expect("summary").count, 1, "the answer from 400 days ago is gone");
    assert!(store.delete_map(&map).await.expect("delete"));
    let mut res = store
        .db_for_tests()
        .query("SELECT count() AS n FROM feedback GROUP ALL; SELECT count() AS n FROM feedback_batch GROUP ALL")
        .await
        .expect("q");
    let (a, b): (Option<i64>, Option<i64>) = (res.take((0, "n")).expect("a"), res.take((1, "n")).expect("b"));
    assert_eq!((a.unwrap_or(0), b.unwrap_or(0)), (0, 0));
    assert!(matches!(
        store_entries(&store, WS, &map, "u1", "x.csv", Vec::new(), 0).await,
        Err(crate::error::AppError::Feedback(FeedbackError::NothingToImport))
    ));
}

#[test]
fn the_summary_counts_means_spreads_windows_cards_and_the_commonest_scale() {
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let s1 = StageId::from("s1");
    let card = crate::domain::CardId::from("c1");
    let row = |days: u64, scale: Scale, raw: f64, card: Option<&crate::domain::CardId>| SummaryRow {
        stage: s1.clone(),
        card: card.cloned(),
        date: today.checked_sub_days(Days::new(days)).unwrap_or(today),
        scale,
        norm: scale.normalise(raw).unwrap_or(0.0),
        comment: None,
        lang: None,
    };
    let rows = vec![
        row(1, Scale::Nps, 10.0, Some(&card)),
        row(2, Scale::Nps, 0.0, Some(&card)),
        row(95, Scale::Stars, 3.0, None),
    ];
    let s = summarise(&rows, today);
    assert_eq!((s.count, s.scale, s.latest, s.today), (3, Scale::Nps, Some(today - Days::new(1)), Some(today)));
    let e = &s.stages[0];
    assert_eq!((e.count, e.negative, e.recent_count, e.previous_count), (3, 1, 2, 1));
    assert!((e.mean - 0.0).abs() < 1e-9 && (e.sd - 2.0).abs() < 1e-9, "{e:?}");
    assert_eq!((e.recent_mean, e.previous_mean), (Some(0.0), Some(0.0)));
    assert_eq!(s.cards, vec![CardEvidence { card, count: 2, mean: 0.0 }]);
    assert_eq!(summarise(&[], today).count, 0);
}

/// Answers stored before migration 22 (record ids without the map) move under their map's
/// range with the same key, so the cards citing them as evidence still find them.
#[tokio::test]
async fn answers_of_before_keep_their_keys_under_their_map() {
    let store = Store::open("mem://", None).await.expect("store");
    let (id, stages) = clinic(&store).await;
    let db = store.db_for_tests();
    // Migration 22 runs again over a row in the old shape (a field and an index for the
    // map, a flat id).
    db.query(
        "DEFINE FIELD map ON feedback TYPE string;
         DEFINE INDEX feedback_map ON feedback FIELDS map;
         CREATE feedback:xold1 CONTENT { workspace: $ws, map: $map, batch: 'b1', stage: $stage, date: '2026-01-02',
             scale: 'stars', score: 2, norm: -1.0, comment: 'Long wait', source: 'old.csv', external_id: 'e1' };",
    )
    .bind(("ws", WS))
    .bind(("map", id.0.clone()))
    .bind(("stage", stages[0].0.clone()))
    .await
    .expect("old row")
    .check()
    .expect("old row written");
    let m22 = super::store::migrations::MIGRATIONS.iter().find(|m| m.version == 22).expect("migration 22");
    db.query(m22.sql).await.expect("migration").check().expect("migration applies");
    let page = store.stage_answers(&id, &stages[0], &AnswerFilter::default()).await.expect("answers");
    assert_eq!(page.total, 1);
    assert_eq!(page.answers[0].id, "xold1", "the key cards cite is kept");
    let mut res = db.query("SELECT VALUE id FROM feedback:xold1").await.expect("q");
    let gone: Vec<serde_json::Value> = res.take(0).expect("ids");
    assert!(gone.is_empty(), "the old record went");
    let mut res = db.query("SELECT VALUE map FROM feedback").await.expect("q");
    let maps: Vec<serde_json::Value> = res.take(0).expect("maps");
    assert!(maps.iter().all(|m| m.is_null()), "the map is the id's prefix, not a field: {maps:?}");
    assert_eq!(store.feedback_rows(&id).await.expect("rows").len(), 1);
}
