//! The operator's commands against the real `jornada` binary: `backup` of a running
//! server while five people edit (through its admin socket) and `restore` of it into a
//! new database with every acknowledged op; `restore` refusing a database that holds
//! data (and a running server); `check` finding a broken map; `export-all` read back
//! through the importer; the upgrade fixture (a database the previous release made)
//! migrated by today's code with every map loading; scheduled backups.

use app::domain::Draft;
use app::domain::{Map, MapId, PersonaId};
use app::protocol::{ClientMsg, EditMsg, EditReply, ServerMsg};
use app::server::store::{migrations, Store};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support;
use support::{card_op, recv_or_end, Jornada, Session};

/// The database the previous release (commit 665b598, schema version 8) wrote, exported
/// with SurrealDB's export; made by scripts/make-upgrade-fixture.sh.
const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/upgrade/v8-665b598.surql");
const FACTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/upgrade/v8-665b598.facts.json");

fn url(dir: &Path) -> String {
    format!("surrealkv://{}?sync=every", dir.display())
}

/// `jornada --db DB ARGS…`, run to the end.
fn cli(db: &str, args: &[&str]) -> Output {
    let bin = env!("CARGO_BIN_EXE_jornada");
    let out = Command::new(bin)
        .args(["--db", db, "--log", "warn"])
        .args(args)
        .env_remove("JORNADA_DB")
        .output()
        .expect("jornada runs");
    println!(
        "jornada {args:?}: {}\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

async fn cli_async(db: String, args: Vec<String>) -> Output {
    tokio::task::spawn_blocking(move || cli(&db, &args.iter().map(String::as_str).collect::<Vec<_>>())).await.unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

async fn server_on(db: &str) -> Jornada {
    let db = db.to_owned();
    Jornada::start(move |c| {
        c.args(["--db", &db]);
    })
    .await
}

/// An acknowledged op: its client op id, the rev it got, and when the ack came.
type Acks = Arc<Mutex<Vec<(String, u64, Instant)>>>;

/// One editor adding cards, a few in flight, until `stop`.
async fn edit(addr: std::net::SocketAddr, map: Map, who: Session, w: usize, stop: Arc<AtomicBool>, acks: Acks) {
    use futures::SinkExt;
    let mut ws = support::connect(addr, &map.id, Some(&who), &format!("editor {w}")).await;
    let mut in_flight = 0;
    let mut n = 0;
    loop {
        while in_flight < 3 && !stop.load(Ordering::Relaxed) {
            n += 1;
            let msg = ClientMsg::Edit(EditMsg::Op {
                client_op: format!("w{w}-{n}"),
                base_rev: 0,
                op: card_op(&map, w * 100_000 + n, "e"),
            });
            let text = serde_json::to_string(&msg).unwrap();
            ws.send(tokio_tungstenite::tungstenite::Message::Text(text.into())).await.unwrap();
            in_flight += 1;
        }
        if in_flight == 0 {
            return;
        }
        match recv_or_end(&mut ws, Duration::from_secs(20)).await {
            Some(ServerMsg::Edit(EditReply::Ack { client_op, rev })) => {
                in_flight -= 1;
                acks.lock().unwrap().push((client_op, rev, Instant::now()));
            }
            Some(ServerMsg::Edit(EditReply::Reject { client_op, error })) => panic!("{client_op} rejected: {error:?}"),
            Some(_) => {}
            None => panic!("editor {w}: the server went away"),
        }
    }
}

/// The op log of `map` in a restored database: (client op, rev) by rev, and the map's rev.
async fn restored_log(db: &str, map: &MapId) -> (HashMap<String, u64>, u64) {
    let store = Store::open(db, None).await.expect("the restored database opens");
    let stored = store.load_map(map).await.unwrap().expect("the map was restored");
    let log = store.ops_since(map, 0).await.unwrap();
    let revs: Vec<u64> = log.iter().map(|o| o.rev).collect();
    assert_eq!(revs, (1..=stored.rev).collect::<Vec<_>>(), "one snapshot: every rev up to the map's, once");
    (log.into_iter().map(|o| (o.client_op, o.rev)).collect(), stored.rev)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_while_five_people_edit_restores_every_acknowledged_op() {
    // Five editors and a backup load the machine like the soak: never beside it.
    let _alone = support::alone();
    let dir = tempfile::tempdir().unwrap();
    let db = url(&dir.path().join("db"));
    let server = server_on(&db).await;
    let owner = support::set_up_over_http(server.addr).await;
    let map = support::create_map_over_http(server.addr, &owner, "Backed+up").await;
    let mut editors = Vec::new();
    for n in 0..5 {
        editors.push(support::editor_over_http(server.addr, &owner, n).await);
    }
    let (stop, acks): (Arc<AtomicBool>, Acks) = Default::default();
    let writers: Vec<_> = editors
        .into_iter()
        .enumerate()
        .map(|(w, who)| tokio::spawn(edit(server.addr, map.clone(), who, w, stop.clone(), acks.clone())))
        .collect();
    tokio::time::sleep(Duration::from_millis(800)).await;

    // While they edit: the database is the server's (SurrealKV is locked), so the command
    // goes through the admin socket.
    let during = dir.path().join("during.surql");
    let began = Instant::now();
    let out = cli_async(db.clone(), vec!["backup".into(), during.display().to_string()]).await;
    assert!(out.status.success(), "backup: {}", stderr(&out));
    assert!(stdout(&out).contains("running server"), "{}", stdout(&out));
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.await.expect("an editor ends cleanly");
    }
    let after = dir.path().join("after.surql");
    assert!(cli_async(db.clone(), vec!["backup".into(), after.display().to_string()]).await.status.success());
    assert!(server.stop(), "the server stops cleanly");

    let acks = acks.lock().unwrap().clone();
    let before_backup: Vec<&(String, u64, Instant)> = acks.iter().filter(|(_, _, at)| *at < began).collect();
    println!("{} ops acknowledged, {} before the backup began", acks.len(), before_backup.len());
    assert!(before_backup.len() >= 10, "the editors were editing when the backup began");

    // The backup made during the edits, restored into a new database: one consistent
    // snapshot holding every op acknowledged before it began, at the rev its ack named.
    let first = url(&dir.path().join("restored-during"));
    let out = cli_async(first.clone(), vec!["restore".into(), during.display().to_string()]).await;
    assert!(out.status.success(), "restore: {}", stderr(&out));
    let (log, rev) = restored_log(&first, &map.id).await;
    for (client_op, acked_rev, _) in &before_backup {
        assert_eq!(log.get(client_op), Some(acked_rev), "{client_op}, acknowledged before the backup, is restored");
    }
    let last_rev = acks.iter().map(|a| a.1).max().unwrap();
    assert!(rev < last_rev, "the editors kept writing after the backup (restored rev {rev}, last {last_rev})");

    // The backup made after the edits has every acknowledged op.
    let second = url(&dir.path().join("restored-after"));
    assert!(cli_async(second.clone(), vec!["restore".into(), after.display().to_string()]).await.status.success());
    let (log, rev) = restored_log(&second, &map.id).await;
    assert_eq!(rev, last_rev);
    for (client_op, acked_rev, _) in &acks {
        assert_eq!(log.get(client_op), Some(acked_rev), "{client_op} is restored");
    }

    // And a server on a database restored from it lets the owner sign in again.
    let third = url(&dir.path().join("restored-for-a-server"));
    assert!(cli_async(third.clone(), vec!["restore".into(), after.display().to_string()]).await.status.success());
    let restored = server_on(&third).await;
    let reply =
        support::server_fn(restored.addr, "auth/signin", None, "email=owner%40example.com&password=owner-password-1")
            .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_refuses_a_database_with_data_or_a_running_server_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = FIXTURE.to_owned();

    // A database with a map of its own.
    let mine = url(&dir.path().join("mine"));
    let server = server_on(&mine).await;
    let owner = support::set_up_over_http(server.addr).await;
    support::create_map_over_http(server.addr, &owner, "Mine").await;
    let out = cli_async(mine.clone(), vec!["restore".into(), fixture.clone()]).await;
    assert!(!out.status.success());
    assert!(stderr(&out).contains("stop it before restoring"), "{}", stderr(&out));
    assert!(server.stop());

    let out = cli_async(mine.clone(), vec!["restore".into(), fixture.clone()]).await;
    assert!(!out.status.success(), "a database with data is not overwritten");
    assert!(stderr(&out).contains("not empty") && stderr(&out).contains("map (1)"), "{}", stderr(&out));
    let out = cli_async(mine.clone(), vec!["check".into()]).await;
    assert!(out.status.success());
    assert!(stdout(&out).starts_with("1 maps"), "the database is as it was: {}", stdout(&out));

    let out = cli_async(mine.clone(), vec!["restore".into(), fixture.clone(), "--force".into()]).await;
    assert!(out.status.success(), "--force replaces it: {}", stderr(&out));
    let out = cli_async(mine.clone(), vec!["check".into()]).await;
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(stdout(&out).starts_with("4 maps, 26 cards checked; 0 do not load"), "{}", stdout(&out));

    // A mistyped --db is said as such, not made into an empty database.
    let nowhere = dir.path().join("nowhere");
    let out = cli_async(url(&nowhere), vec!["check".into()]).await;
    assert!(!out.status.success() && stderr(&out).contains("there is no database at"), "{}", stderr(&out));
    assert!(!nowhere.exists());

    // A server that started once (migrations, nobody set it up) counts as empty.
    let fresh = url(&dir.path().join("fresh"));
    let server = server_on(&fresh).await;
    assert!(server.stop());
    let out = cli_async(fresh.clone(), vec!["restore".into(), fixture.clone()]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains(&format!("schema version {}", migrations::latest())), "{}", stdout(&out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_finds_a_map_that_does_not_load() {
    let dir = tempfile::tempdir().unwrap();
    // A backup damaged by hand: one card's colour is not a colour Jornada knows.
    let dump = std::fs::read_to_string(FIXTURE).unwrap();
    let cards = dump.find("TABLE DATA: card").expect("the fixture has cards");
    let at = cards + dump[cards..].find("colour: '").unwrap() + "colour: '".len();
    let end = at + dump[at..].find('\'').unwrap();
    let broken = format!("{}plaid{}", &dump[..at], &dump[end..]);
    let file = dir.path().join("broken.surql");
    std::fs::write(&file, broken).unwrap();

    let db = url(&dir.path().join("db"));
    let out = cli_async(db.clone(), vec!["restore".into(), file.display().to_string()]).await;
    assert!(!out.status.success(), "restore reports the broken map too");
    let out = cli_async(db.clone(), vec!["check".into()]).await;
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    // (SurrealKV may log a warning on the same stream when a store is dropped late.)
    assert!(text.lines().any(|l| l.starts_with("4 maps")), "{text}");
    let broken: Vec<&str> = text.lines().filter(|l| l.starts_with("BROKEN\t")).collect();
    assert_eq!(broken.len(), 1, "{text}");
    assert!(broken[0].contains("card") && broken[0].contains("plaid"), "the reason is given: {}", broken[0]);

    // The same through a running server's admin socket.
    let server = server_on(&db).await;
    let out = cli_async(db.clone(), vec!["check".into()]).await;
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out).lines().filter(|l| l.starts_with("BROKEN\t")).count(), 1);
    assert!(server.stop());
}

/// A draft with what an import gives anew (persona ids, colours and photos, custom
/// channel ids) set aside.
fn comparable(mut d: Draft) -> Draft {
    let names: HashMap<String, String> = d.channels.iter().map(|c| (c.id.clone(), c.name.clone())).collect();
    for c in &mut d.cards {
        if let Some(ch) = c.details.channel.as_mut() {
            if let Some(name) = names.get(ch) {
                *ch = format!("custom {name}");
            }
        }
    }
    for c in &mut d.channels {
        c.id.clear();
    }
    for p in &mut d.personas {
        p.id = PersonaId(String::new());
        p.colour.clear();
        p.photo = 0;
    }
    d
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_all_writes_every_map_the_importer_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = url(&dir.path().join("db"));
    let server = server_on(&db).await;
    let owner = support::set_up_over_http(server.addr).await;
    let origin = format!("http://{}", server.addr);
    let headers = [("Cookie", owner.cookie.as_str()), ("Origin", origin.as_str())];
    for f in ["clinic-visit-blueprint", "ecommerce-purchase"] {
        let body = std::fs::read(format!("{}/../app/tests/fixtures/ojf/{f}.ojf", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let r = support::http(server.addr, "POST", "/api/maps/import", &headers, &body).await;
        assert_eq!(r.status, 201, "{}", r.body);
    }
    support::create_map_over_http(server.addr, &owner, "Empty+one").await;
    let personas = support::server_fn(server.addr, "personas/list", Some(&owner), "").await;
    let personas: Vec<app::domain::Persona> = serde_json::from_str(&personas.body).unwrap();
    let photo: Vec<u8> = [&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A][..], b"not really an image"].concat();
    let r =
        support::http(server.addr, "POST", &format!("/api/personas/{}/photo", personas[0].id), &headers, &photo).await;
    assert_eq!(r.status, 200, "{}", r.body);

    // Through the running server's admin socket.
    let out_dir = dir.path().join("export");
    let out = cli_async(db.clone(), vec!["export-all".into(), out_dir.display().to_string()]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("index.json")).unwrap()).unwrap();
    let workspaces = index["workspaces"].as_array().unwrap();
    assert_eq!(workspaces.len(), 1);
    assert_eq!(workspaces[0]["name"], "Clinic");
    let maps = workspaces[0]["maps"].as_array().unwrap();
    assert_eq!(maps.len(), 3);
    let stored: Vec<serde_json::Value> =
        serde_json::from_str(&support::server_fn(server.addr, "maps/list", Some(&owner), "").await.body).unwrap();

    // Every file is what the map's own JSON export says, and imports into a new
    // database as the same map.
    let target = Store::open("mem://", None).await.unwrap();
    support::owner(&target).await;
    for m in maps {
        let file = out_dir.join(m["file"].as_str().unwrap());
        assert!(file.starts_with(out_dir.join("clinic")), "{file:?}");
        let bytes = std::fs::read(&file).unwrap();
        let id = m["id"].as_str().unwrap();
        assert!(stored.iter().any(|s| s["id"] == id), "{id} is a map of the workspace");
        let own = support::http(server.addr, "GET", &format!("/api/maps/{id}/export/json"), &headers, b"").await;
        assert_eq!(own.status, 200);
        assert_eq!(own.body.as_bytes(), &bytes[..], "{file:?} is the map's JSON export");

        let draft = app::formats::import(&bytes).expect("the importer reads the file");
        let new_id = app::server::formats::import(&target, support::WS, &bytes).await.expect("it imports");
        let map = target.load_map(&new_id).await.unwrap().unwrap();
        let again = Draft::of(
            &map,
            &target.list_personas(support::WS).await.unwrap(),
            &target.list_channels(support::WS).await.unwrap(),
        );
        assert_eq!(comparable(again), comparable(draft.clone()), "{file:?} round trips");
        assert_eq!(m["cards"].as_u64(), Some(draft.cards.len() as u64));
    }
    assert!(maps.iter().any(|m| m["cards"].as_u64() == Some(19)), "the clinic blueprint's cards are there");

    // The persona library, with the photo as a file.
    let library: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("clinic/personas.json")).unwrap()).unwrap();
    assert_eq!(library.len(), personas.len());
    let with_photo = library.iter().find(|p| p["persona"]["id"] == personas[0].id.0.as_str()).unwrap();
    let photo_file = out_dir.join("clinic").join(with_photo["photo_file"].as_str().unwrap());
    assert_eq!(std::fs::read(&photo_file).unwrap(), photo);
    assert!(std::fs::read_to_string(out_dir.join("index.md")).unwrap().contains("Patient Clinic Visit"));

    // A directory that is not empty is refused.
    let out = cli_async(db.clone(), vec!["export-all".into(), out_dir.display().to_string()]).await;
    assert!(!out.status.success() && stderr(&out).contains("not empty"), "{}", stderr(&out));
    assert!(server.stop());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_of_the_previous_release_migrates_and_every_map_loads() {
    let facts: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(FACTS).unwrap()).unwrap();
    let store = Store::connect("mem://", None).await.unwrap();
    store.import_dump(Path::new(FIXTURE)).await.expect("the fixture imports");
    assert_eq!(store.schema_version().await.unwrap(), 8, "the fixture is at the previous release's schema");
    store.upgrade().await.expect("today's migrations apply");
    assert_eq!(store.schema_version().await.unwrap(), migrations::latest());

    let report = app::server::ops::check(&store).await.unwrap();
    assert!(report.broken.is_empty(), "{:?}", report.broken);
    let mut loaded = Vec::new();
    for m in store.all_maps().await.unwrap() {
        let map = store.load_map(&MapId::from(m.id.as_str())).await.unwrap().unwrap();
        assert_eq!(
            map.rev as usize,
            store.ops_since(&map.id, 0).await.unwrap().len(),
            "{}: the op log is whole",
            m.title
        );
        loaded.push(serde_json::json!({ "title": map.title, "cards": map.cards.len() }));
    }
    loaded.sort_by_key(|m| m["title"].as_str().unwrap().to_owned());
    assert_eq!(serde_json::Value::Array(loaded), facts["maps"], "every map, with every card");

    let ws = store.all_workspaces().await.unwrap();
    assert_eq!(ws.len(), 1);
    let personas = store.list_personas(&ws[0].id).await.unwrap();
    let marta = personas.iter().find(|p| p.name == facts["persona"]["name"]).expect("the persona is there");
    let (_, photo, _) = store.photo(&marta.id).await.unwrap().expect("with its photo");
    assert_eq!(photo.len() as u64, facts["persona"]["photo_bytes"].as_u64().unwrap());

    // Both people sign in with the passwords the old release stored.
    let addr = support::serve(&store, Default::default()).await;
    for who in ["owner", "editor"] {
        let form = format!(
            "email={}&password={}",
            facts[who]["email"].as_str().unwrap().replace('@', "%40"),
            facts[who]["password"].as_str().unwrap()
        );
        let reply = support::server_fn(addr, "auth/signin", None, &form).await;
        assert_eq!(reply.status, 200, "{who}: {}", reply.body);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_writes_scheduled_backups_and_keeps_the_newest() {
    let dir = tempfile::tempdir().unwrap();
    let backups: PathBuf = dir.path().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    // Older backups of another day, and a file that is not one.
    for day in 1..=3 {
        std::fs::write(backups.join(format!("jornada-backup-2026010{day}T000000.000Z.surql")), "old").unwrap();
    }
    std::fs::write(backups.join("notes.txt"), "mine").unwrap();
    let db = url(&dir.path().join("db"));
    let (db2, b2) = (db.clone(), backups.display().to_string());
    let server = Jornada::start(move |c| {
        c.args(["--db", &db2, "--backup-dir", &b2, "--backup-every", "1s", "--backup-keep", "2"]);
    })
    .await;
    let owner = support::set_up_over_http(server.addr).await;
    support::create_map_over_http(server.addr, &owner, "Scheduled").await;
    tokio::time::sleep(Duration::from_millis(3_500)).await;
    assert!(server.stop());
    let mut names: Vec<String> =
        std::fs::read_dir(&backups).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    println!("{names:?}");
    assert_eq!(names.len(), 3, "two backups kept, and the other file: {names:?}");
    assert_eq!(names[2], "notes.txt");
    assert!(names[..2].iter().all(|n| n.starts_with("jornada-backup-2026") && !n.starts_with("jornada-backup-202601")));
    // The newest is a whole backup: it restores, with the map.
    let restored = url(&dir.path().join("restored"));
    let out = cli_async(restored, vec!["restore".into(), backups.join(&names[1]).display().to_string()]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("1 maps"), "{}", stdout(&out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_link_sets_a_new_password_once_signs_out_elsewhere_and_expires() {
    let dir = tempfile::tempdir().unwrap();
    let db = url(&dir.path().join("db"));
    let server = server_on(&db).await;
    let addr = server.addr;
    let elsewhere = support::set_up_over_http(addr).await;
    let me = |who: Session| async move { support::server_fn(addr, "auth/me", Some(&who), "").await.body };
    assert!(me(elsewhere.clone()).await.contains("owner@example.com"));

    let out = cli_async(db.clone(), vec!["reset-password".into(), "nobody@example.com".into()]).await;
    assert!(!out.status.success() && stderr(&out).contains("no account"), "{}", stderr(&out));

    let args = ["reset-password", "Owner@Example.com", "--url", "https://jornada.example/"];
    let out = cli_async(db.clone(), args.iter().map(|s| s.to_string()).collect()).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let link = stdout(&out).lines().find(|l| l.starts_with("https://jornada.example/reset/jpr_")).unwrap().to_owned();
    let token = link.rsplit('/').next().unwrap().to_owned();

    // The page it opens, in each language.
    for (lang, title) in [("en", "Set a new password"), ("pt-BR", "Definir uma nova senha"), ("ru", "Новый пароль")]
    {
        let page = support::http(addr, "GET", &format!("/reset/{token}"), &[("Accept-Language", lang)], b"").await;
        assert_eq!(page.status, 200, "{lang}");
        assert!(page.body.contains(title) && page.body.contains("owner@example.com"), "{lang}: {}", page.body);
    }

    // The usual password rules; a refused password leaves the link working.
    let reset = |password: &'static str, token: String| async move {
        support::server_fn(addr, "auth/reset", None, &format!("token={token}&password={password}")).await
    };
    let r = reset("short", token.clone()).await;
    assert_eq!(r.status, 422, "{}", r.body);
    let r = reset("a-brand-new-password", token.clone()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.headers.to_lowercase().contains("set-cookie: jornada_session="), "this browser is signed in");

    // Once only; the other session is over; the new password signs in, the old one not.
    let r = reset("another-new-password", token.clone()).await;
    assert_eq!(r.status, 404, "a used link: {}", r.body);
    assert_eq!(me(elsewhere).await, "null", "the other session was signed out");
    let sign_in = |password: &'static str| async move {
        let form = format!("email=owner%40example.com&password={password}");
        support::server_fn(addr, "auth/signin", None, &form).await.status
    };
    assert_eq!(sign_in("a-brand-new-password").await, 200);
    assert_ne!(sign_in("owner-password-1").await, 200);

    // A link expires.
    let args = ["reset-password", "owner@example.com", "--valid", "1s"];
    let out = cli_async(db.clone(), args.iter().map(|s| s.to_string()).collect()).await;
    assert!(out.status.success());
    let token = stdout(&out).lines().find_map(|l| l.split("/reset/").nth(1)).unwrap().to_owned();
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert_eq!(support::http(addr, "GET", &format!("/reset/{token}"), &[], b"").await.status, 404);
    assert_eq!(reset("a-third-new-password", token).await.status, 404);
    assert!(server.stop());
}
