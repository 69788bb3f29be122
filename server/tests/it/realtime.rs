//! The real-time protocol end to end: the real router on a free port, clients speaking
//! the websocket protocol with the browser's `Replica`.

use app::domain::{CardId, Map, MapId, Op};
use app::protocol::{ClientMsg, ServerMsg};

use crate::support;
use support::{card_op, connect, recv, send, start, Replica, Session};

fn card(map: &Map, n: usize) -> Op {
    card_op(map, n, "card")
}

/// 20 clients send 50 ops each at once: every client ends with every op, in order, and the
/// same map as the server.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_clients_converge() {
    let (addr, store) = start().await;
    let who = support::owner(&store).await;
    let id = app::server::maps::create(
        &store,
        support::WS,
        "Workshop",
        app::domain::template::Template::Starter,
        app::i18n::Locale::En,
    )
    .await
    .unwrap();
    let start_map = store.load_map(&id).await.unwrap().unwrap();
    let base = start_map.rev;
    const CLIENTS: usize = 20;
    const OPS: usize = 50;
    let total = base + (CLIENTS * OPS) as u64;

    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let (id, start_map, who) = (id.clone(), start_map.clone(), who.clone());
        tasks.push(tokio::spawn(async move {
            let mut ws = connect(addr, &id, Some(&who), &format!("client {c}")).await;
            let mut replica = Replica::new(&id, "Workshop");
            // The welcome brings everything from rev 0 (or the map, once others went far ahead).
            let welcome = recv(&mut ws).await;
            assert!(matches!(
                welcome,
                ServerMsg::Sync(app::protocol::SyncMsg::Welcome { .. })
                    | ServerMsg::Sync(app::protocol::SyncMsg::Snapshot { .. })
            ));
            replica.take(welcome);
            // Sent as the browser sends them: applied to the view at once, pending until
            // they come back through the log.
            for n in 0..OPS {
                let op = card(&start_map, c * OPS + n);
                let msg = replica.core.local(format!("{c}-{n}"), op).expect("a new card applies");
                send(&mut ws, &msg).await;
            }
            while replica.map().rev < total || replica.acks.len() < OPS {
                let msg = recv(&mut ws).await;
                replica.take(msg);
            }
            replica
        }));
    }
    let stored = store.load_map(&id).await.unwrap().unwrap();
    let mut replicas = Vec::new();
    for t in tasks {
        replicas.push(t.await.unwrap());
    }
    let stored_now = store.load_map(&id).await.unwrap().unwrap();
    assert!(stored.rev <= stored_now.rev);
    assert_eq!(stored_now.rev, total);
    assert_eq!(stored_now.cards.len(), CLIENTS * OPS);
    for r in replicas {
        assert!(r.rejects.is_empty(), "no op refused: {:?}", r.rejects);
        assert_eq!(r.waiting(), 0, "no op left waiting for a missing one");
        assert_eq!(r.map(), &stored_now, "a client converged to the stored map");
        assert_eq!(r.core.pending().len(), 0, "every op of its own came back");
        let mut view = r.core.view().clone();
        view.rev = stored_now.rev;
        assert_eq!(view, stored_now, "the client shows the stored map");
    }
    let revs: Vec<u64> = store.ops_since(&id, 0).await.unwrap().iter().map(|o| o.rev).collect();
    assert_eq!(revs, (1..=total).collect::<Vec<_>>());
}

#[tokio::test]
async fn presence_lists_people_and_a_refused_op_is_rejected() {
    let (addr, store) = start().await;
    let _owner = support::owner(&store).await;
    let id = app::server::maps::create(
        &store,
        support::WS,
        "Clinic",
        app::domain::template::Template::Blank,
        app::i18n::Locale::En,
    )
    .await
    .unwrap();
    let ana: Session = support::member(&store, "Ana", support::WS, app::domain::Role::Editor).await;
    let bia: Session = support::member(&store, "Bia", support::WS, app::domain::Role::Editor).await;
    let mut ana = connect(addr, &id, Some(&ana), "Ana").await;
    assert!(matches!(recv(&mut ana).await, ServerMsg::Sync(app::protocol::SyncMsg::Welcome { .. })));
    let mut bia = connect(addr, &id, Some(&bia), "Bia").await;
    // Ana hears that Bia arrived.
    loop {
        if let ServerMsg::Presence(app::protocol::PresenceNews::People { people }) = recv(&mut ana).await {
            if people.len() == 2 {
                let mut names: Vec<_> = people.iter().map(|p| p.name.clone()).collect();
                names.sort();
                assert_eq!(names, ["Ana", "Bia"]);
                break;
            }
        }
    }
    send(&mut bia, &ClientMsg::op("x", 0, Op::DeleteCard { id: CardId::from("gone") })).await;
    loop {
        match recv(&mut bia).await {
            ServerMsg::Edit(app::protocol::EditReply::Reject { client_op, .. }) => {
                assert_eq!(client_op, "x");
                break;
            }
            ServerMsg::Edit(app::protocol::EditReply::Ack { .. }) => panic!("a refused op must not be acknowledged"),
            _ => {}
        }
    }
    // Moving a card that is gone is refused cleanly, and nothing changes.
    let map = store.load_map(&id).await.unwrap().unwrap();
    let (stage, lane) = (map.ordered_stages()[0].id.clone(), map.ordered_lanes()[0].id.clone());
    let order = map.card_key_at(&stage, &lane, 0, None);
    send(&mut bia, &ClientMsg::op("y", map.rev, Op::MoveCard { id: CardId::from("deleted"), stage, lane, order }))
        .await;
    loop {
        match recv(&mut bia).await {
            ServerMsg::Edit(app::protocol::EditReply::Reject { client_op, error }) => {
                assert_eq!(client_op, "y");
                assert_eq!(
                    error,
                    app::protocol::Rejection::Refused {
                        reason: app::domain::OpError::NotFound { what: app::domain::Entity::Card }
                    }
                );
                break;
            }
            ServerMsg::Edit(app::protocol::EditReply::Ack { .. }) => {
                panic!("a move of a missing card must not be acknowledged")
            }
            _ => {}
        }
    }
    assert_eq!(store.load_map(&id).await.unwrap().unwrap(), map);
    drop(bia);
    loop {
        if let ServerMsg::Presence(app::protocol::PresenceNews::People { people }) = recv(&mut ana).await {
            if people.len() == 1 {
                break;
            }
        }
    }
}

#[tokio::test]
async fn an_unknown_map_closes_the_socket() {
    let (addr, store) = start().await;
    let who = support::owner(&store).await;
    let mut ws = connect(addr, &MapId::from("nope"), Some(&who), "Ana").await;
    assert_eq!(support::close_code(&mut ws).await, Some(4404));
}

/// A tab from before the server's protocol version is told to reload, before anything of
/// the map is sent; one in the current version is welcomed.
#[tokio::test]
async fn an_old_protocol_version_is_told_to_reload() {
    let (addr, store) = start().await;
    let who = support::owner(&store).await;
    let id = app::server::maps::create(
        &store,
        support::WS,
        "Clinic",
        app::domain::template::Template::Blank,
        app::i18n::Locale::En,
    )
    .await
    .unwrap();
    let path = app::protocol::ws_map_path(id.as_str(), None);
    // A hello without a version (as tabs loaded before versions existed send it).
    let mut old = support::connect_raw(addr, &path, Some(&who)).await;
    let hello = r##"{"type":"hello","last_rev":0,"name":"Old tab","colour":"#123456"}"##;
    support::send_text(&mut old, hello).await;
    assert_eq!(support::close_code(&mut old).await, Some(app::protocol::CLOSE_RELOAD));
    // A newer one than the server speaks, too.
    let mut newer = support::connect_raw(addr, &path, Some(&who)).await;
    let hello = app::protocol::ClientMsg::Session(app::protocol::SessionMsg::Hello {
        version: app::protocol::PROTOCOL_VERSION + 1,
        last_rev: 0,
        name: "Future tab".into(),
        colour: "#123456".into(),
    });
    send(&mut newer, &hello).await;
    assert_eq!(support::close_code(&mut newer).await, Some(app::protocol::CLOSE_RELOAD));
    let mut current = connect(addr, &id, Some(&who), "Ana").await;
    assert!(matches!(recv(&mut current).await, ServerMsg::Sync(app::protocol::SyncMsg::Welcome { .. })));
}
