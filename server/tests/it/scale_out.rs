//! Two `jornada` processes on one SurrealDB server (`ws://`): an op made through one
//! reaches a client of the other, because each hub is fed by the database's live feed.
//!
//! Needs the standalone server that `scripts/tools.sh surreal` builds; `make unit` passes
//! its path in `JORNADA_SURREAL` (without it the test says so and does nothing).

use app::domain::{Card, CardId, Colour, Map, Op};
use app::protocol::{ClientMsg, PresenceNews, ServerMsg};
use futures::SinkExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn wait_for(url: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let addr = url.trim_start_matches("http://").split('/').next().unwrap().to_owned();
    while Instant::now() < deadline {
        if tokio::net::TcpStream::connect(&addr).await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{url} did not come up");
}

/// A `jornada` process on the shared database.
async fn jornada(db: &str) -> support::Jornada {
    support::Jornada::start(|c| {
        c.args(["--db", db]).env("JORNADA_DB_USER", "root").env("JORNADA_DB_PASS", "root");
    })
    .await
}

use crate::support;
use support::{free_port, recv as next, Session};

#[tokio::test]
async fn an_op_through_one_process_reaches_a_client_of_the_other() {
    let _alone = support::alone();
    let Ok(surreal) = std::env::var("JORNADA_SURREAL") else {
        eprintln!("JORNADA_SURREAL is not set: skipping the two-process test (make unit sets it)");
        return;
    };
    let db_port = free_port();
    let _db = Killed(
        Command::new(&surreal)
            .args(["start", "--user", "root", "--pass", "root", "--bind", &format!("127.0.0.1:{db_port}"), "memory"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the surreal server starts (build it with scripts/tools.sh surreal)"),
    );
    wait_for(&format!("http://127.0.0.1:{db_port}/")).await;
    let db = format!("ws://127.0.0.1:{db_port}");
    let a = jornada(&db).await;
    let b = jornada(&db).await;
    let (pa, pb) = (a.addr, b.addr);

    // Accounts live in the shared database too: a session made there works on both.
    let store = app::server::store::Store::open(
        &db,
        Some(app::server::store::Credentials { username: "root".into(), password: "root".into() }),
    )
    .await
    .unwrap();
    let ana: Session = support::owner(&store).await;
    let bia = support::member(&store, "Bia", support::WS, app::domain::Role::Editor).await;

    // Create through A, load it through B: one database.
    let created = support::server_fn(pa, "maps/create", Some(&ana), "title=Shared&template=starter").await;
    let id: String = serde_json::from_str(&created.body).unwrap();
    let loaded = support::server_fn(pb, "maps/load", Some(&bia), &format!("id={id}")).await;
    let map: Map = serde_json::from_str(&loaded.body).unwrap();

    let connect = |addr: std::net::SocketAddr, who: Session| {
        let id = app::domain::MapId(id.clone());
        async move {
            let mut ws = support::connect(addr, &id, Some(&who), "?").await;
            assert!(matches!(next(&mut ws).await, ServerMsg::Sync(app::protocol::SyncMsg::Welcome { .. })));
            ws
        }
    };
    let mut on_a = connect(pa, ana.clone()).await;
    let mut on_b = connect(pb, bia).await;

    let (stage, lane) = (map.ordered_stages()[0].id.clone(), map.ordered_lanes()[0].id.clone());
    let op = Op::AddCard {
        card: Card {
            author: None,
            id: CardId::generate(),
            order: map.card_key_at(&stage, &lane, 0, None),
            stage,
            lane,
            text: "via A".into(),
            colour: Colour::Blue,
            tags: vec![],
            details: Default::default(),
        },
    };
    let msg = ClientMsg::op("a1", map.rev, op.clone());
    on_a.send(Message::Text(serde_json::to_string(&msg).unwrap().into())).await.unwrap();

    loop {
        if let ServerMsg::Sync(app::protocol::SyncMsg::Remote(r)) = next(&mut on_b).await {
            // As logged: the server stamps who added the card.
            let Op::AddCard { card } = &op else { unreachable!() };
            let stamped = Op::AddCard { card: Card { author: Some("Olga Owner".into()), ..card.clone() } };
            assert_eq!(r.op, stamped);
            assert_eq!(r.rev, map.rev + 1);
            assert_eq!(r.author, "Olga Owner", "the author is the account's name");
            break;
        }
    }

    // Presence and cursors cross processes too: B's client sees A's person and cursor.
    let people_on_b = |people: &[app::protocol::Person]| {
        let mut names: Vec<String> = people.iter().map(|p| p.name.clone()).collect();
        names.sort();
        names
    };
    loop {
        if let ServerMsg::Presence(PresenceNews::People { people }) = next(&mut on_b).await {
            if people_on_b(&people) == ["Bia", "Olga Owner"] {
                break;
            }
        }
    }
    // A writes its cursors to the database only for maps with people elsewhere: it has to
    // have heard of B's client first.
    loop {
        if let ServerMsg::Presence(PresenceNews::People { people }) = next(&mut on_a).await {
            if people_on_b(&people) == ["Bia", "Olga Owner"] {
                break;
            }
        }
    }
    let cursor = ClientMsg::cursor(Some([120.0, 80.5]));
    on_a.send(Message::Text(serde_json::to_string(&cursor).unwrap().into())).await.unwrap();
    loop {
        if let ServerMsg::Presence(PresenceNews::Cursors { cursors }) = next(&mut on_b).await {
            if cursors.iter().any(|c| c.at == Some([120.0, 80.5])) {
                break;
            }
        }
    }
    // A's client leaves: B hears it is gone.
    drop(on_a);
    loop {
        if let ServerMsg::Presence(PresenceNews::People { people }) = next(&mut on_b).await {
            if people_on_b(&people) == ["Bia"] {
                break;
            }
        }
    }
    // A workshop started and locked through A reaches B's client (votes and the end of it
    // travel the same way).
    let form = format!("id={id}");
    assert_eq!(support::server_fn(pa, "maps/workshop/start", Some(&ana), &form).await.status, 200);
    let lock = format!("id={id}&locked=true");
    assert_eq!(support::server_fn(pa, "maps/workshop/lock", Some(&ana), &lock).await.status, 200);
    loop {
        if let ServerMsg::Presence(PresenceNews::Workshop { workshop: Some(w) }) = next(&mut on_b).await {
            if w.locked {
                break;
            }
        }
    }
}
