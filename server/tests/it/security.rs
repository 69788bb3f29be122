//! Attacks on the real router: user text in every page's `<head>`, the security headers of
//! every answer, and record ids of one map used on another — over HTTP, the websocket and
//! the REST API.

use crate::support;

use app::domain::template::Template;
use app::domain::{Map, MapId, Op, Persona, PersonaId, Role};
use app::i18n::Locale;
use app::protocol::{ClientMsg, ServerMsg};
use app::server::store::Store;
use std::net::SocketAddr;
use support::{connect, recv, send, server_fn, Session, WS};

const EVIL: &str = "</title><img src=x onerror=alert(1)><title>";

async fn new_map(store: &Store, ws: &str, title: &str) -> MapId {
    app::server::maps::create(store, ws, title, Template::Starter, Locale::En).await.unwrap()
}

async fn filled_map(store: &Store, ws: &str, title: &str) -> MapId {
    app::server::maps::create(store, ws, title, Template::Massage, Locale::En).await.unwrap()
}

/// The `<head>` of a page.
fn head(body: &str) -> &str {
    let end = body.find("</head>").unwrap_or(body.len());
    &body[..end]
}

fn assert_escaped(what: &str, body: &str) {
    let head = head(body);
    assert!(!head.contains("<img"), "{what}: user text reached <head> as markup:\n{head}");
    assert!(head.contains("&lt;/title&gt;&lt;img"), "{what}: the title shows the text, escaped:\n{head}");
}

async fn get(addr: SocketAddr, path: &str, who: Option<&Session>) -> support::Reply {
    let headers: Vec<(&str, &str)> = who.map(|s| vec![("Cookie", s.cookie.as_str())]).unwrap_or_default();
    support::http(addr, "GET", path, &headers, b"").await
}

#[tokio::test]
async fn user_text_in_the_head_is_escaped_on_every_page() {
    let (addr, store) = support::start().await;
    let owner = support::owner(&store).await;
    let map = new_map(&store, WS, EVIL).await;

    // The board, for a member.
    let page = get(addr, &format!("/maps/{map}"), Some(&owner)).await;
    assert_eq!(page.status, 200);
    assert_escaped("board", &page.body);

    // The board through a share link, for anyone.
    let r = server_fn(addr, "shares/create", Some(&owner), &format!("map={map}&role=viewer&days=3")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let path: String = serde_json::from_str(&r.body).unwrap();
    let shared = get(addr, &path, None).await;
    assert_eq!(shared.status, 200);
    assert_escaped("shared board", &shared.body);

    // A persona's page.
    let mut persona = Persona::named(PersonaId::generate(), EVIL.to_owned());
    persona.colour = "#aa3355".into();
    store.save_persona(WS, &persona).await.unwrap();
    let page = get(addr, &format!("/personas/{}", persona.id), Some(&owner)).await;
    assert_eq!(page.status, 200);
    assert_escaped("persona", &page.body);

    // The invite page names the workspace.
    let r =
        server_fn(addr, "members/rename", Some(&owner), &format!("name={}", app::server::auth::encode_component(EVIL)))
            .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = server_fn(addr, "invites/create", Some(&owner), "role=viewer&days=7").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let path: String = serde_json::from_str(&r.body).unwrap();
    let invite = get(addr, &path, None).await;
    assert_eq!(invite.status, 200);
    let head = head(&invite.body);
    assert!(!head.contains("<img"), "invite: {head}");
    assert!(!invite.body.contains("<img src=x"), "the workspace name is escaped in the page too");
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let (addr, store) = support::start().await;
    let owner = support::owner(&store).await;
    let map = new_map(&store, WS, "Clinic").await;
    for (path, who) in [
        ("/signin", None),
        ("/", Some(&owner)),
        (&*format!("/maps/{map}"), Some(&owner)),
        ("/healthz", None),
        (&*format!("/api/maps/{map}/export/svg"), Some(&owner)),
        ("/api/v1/openapi.json", None),
    ] {
        let r = get(addr, path, who).await;
        let h = r.headers.to_lowercase();
        assert!(h.contains("content-security-policy: default-src 'self'"), "{path}: {h}");
        assert!(h.contains("frame-ancestors 'none'"), "{path}");
        assert!(h.contains("x-content-type-options: nosniff"), "{path}");
        assert!(h.contains("referrer-policy: same-origin"), "{path}");
    }
    // The page's inline hydration script carries the nonce the policy names.
    let page = get(addr, &format!("/maps/{map}"), Some(&owner)).await;
    let h = page.headers.to_lowercase();
    let nonce = h.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).expect("a nonce in the policy");
    assert!(page.body.contains(&format!("nonce=\"{nonce}\"")), "the hydration script has the header's nonce");
    let again = get(addr, &format!("/maps/{map}"), Some(&owner)).await;
    assert!(!again.headers.to_lowercase().contains(&format!("'nonce-{nonce}'")), "a fresh nonce per answer");
}

/// A card of map A (another workspace) taken over from map B by reusing its id.
struct Victim {
    store: Store,
    addr: SocketAddr,
    map: MapId,
    before: Map,
    attacker: Session,
    target: MapId,
    target_map: Map,
}

async fn victim() -> Victim {
    let (addr, store) = support::start().await;
    support::owner(&store).await;
    let map = filled_map(&store, WS, "Clinic journey").await;
    let before = store.current_map(&map).await.unwrap().unwrap();
    assert!(!before.cards.is_empty(), "the starter has cards");
    let attacker = support::outsider(&store, "Mallory").await;
    let their_ws = store.session_user(&attacker.user).await.unwrap().unwrap().workspace;
    let target = new_map(&store, &their_ws, "Mallory's map").await;
    let target_map = store.current_map(&target).await.unwrap().unwrap();
    Victim { store, addr, map, before, attacker, target, target_map }
}

impl Victim {
    /// Ops on the attacker's own map that name the victim's records.
    fn forged_ops(&self) -> Vec<Op> {
        let theirs = self.before.cards.values().next().unwrap();
        let Op::AddCard { card: mut forged } = support::card_op(&self.target_map, 0, "taken over") else {
            unreachable!()
        };
        forged.id = theirs.id.clone();
        let stage = self.before.ordered_stages()[0].clone();
        let mut stage_forged = self.target_map.ordered_stages()[0].clone();
        stage_forged.id = stage.id.clone();
        stage_forged.title = "Hijacked".into();
        let lane = self.before.ordered_lanes()[0].clone();
        vec![
            Op::AddCard { card: forged },
            Op::DeleteCard { id: theirs.id.clone() },
            Op::AddStage { stage: stage_forged, cards: vec![], emotions: vec![] },
            Op::DeleteLane { id: lane.id.clone() },
        ]
    }

    async fn assert_untouched(&self, how: &str) {
        let now = self.store.load_map(&self.map).await.unwrap().expect("the victim's map still loads");
        assert_eq!(now.cards, self.before.cards, "{how}: the victim's cards are untouched");
        assert_eq!(now.stages, self.before.stages, "{how}: the victim's stages are untouched");
        assert_eq!(now.lanes, self.before.lanes, "{how}: the victim's lanes are untouched");
    }
}

#[tokio::test]
async fn ids_of_another_maps_records_reach_nothing_over_http() {
    let v = victim().await;
    for (i, op) in v.forged_ops().into_iter().enumerate() {
        let body = serde_json::json!({ "map": v.target, "client_op": format!("x{i}"), "op": op });
        let origin = format!("http://{}", v.addr);
        let h =
            [("Content-Type", "application/json"), ("Origin", origin.as_str()), ("Cookie", v.attacker.cookie.as_str())];
        support::http(v.addr, "POST", "/api/maps/apply", &h, body.to_string().as_bytes()).await;
    }
    v.assert_untouched("server function").await;
}

#[tokio::test]
async fn ids_of_another_maps_records_reach_nothing_over_the_websocket() {
    let v = victim().await;
    let mut ws = connect(v.addr, &v.target, Some(&v.attacker), "Mallory").await;
    assert!(matches!(recv(&mut ws).await, ServerMsg::Sync(app::protocol::SyncMsg::Welcome { .. })));
    let ops = v.forged_ops();
    let n = ops.len();
    for (i, op) in ops.into_iter().enumerate() {
        send(&mut ws, &ClientMsg::op(format!("w{i}"), 0, op)).await;
    }
    let mut answered = 0;
    while answered < n {
        if matches!(
            recv(&mut ws).await,
            ServerMsg::Edit(app::protocol::EditReply::Ack { .. })
                | ServerMsg::Edit(app::protocol::EditReply::Reject { .. })
        ) {
            answered += 1;
        }
    }
    v.assert_untouched("websocket").await;
    // The ops were not simply refused: adding (and then deleting) a card under the taken
    // id applied to the attacker's own map, where the id is free.
    let mine = v.store.current_map(&v.target).await.unwrap().unwrap();
    assert!(mine.rev >= v.target_map.rev + 2, "the forged add and delete applied to the attacker's own map");
}

#[tokio::test]
async fn ids_of_another_maps_records_reach_nothing_over_rest() {
    let v = victim().await;
    let token = &app::server::auth::generate(app::domain::SecretKind::ApiToken);
    let their_ws = v.store.session_user(&v.attacker.user).await.unwrap().unwrap().workspace;
    let t = app::server::store::tokens::NewToken {
        user: &v.attacker.user,
        id: "t1",
        name: "attack",
        secret: token,
        workspace: &their_ws,
        scope: app::domain::accounts::TokenScope::Write,
        days: None,
    };
    v.store.create_token(t).await.map_err(|e| format!("{e:?}")).unwrap();
    let auth = format!("Bearer {token}");
    for (i, op) in v.forged_ops().into_iter().enumerate() {
        let body = serde_json::json!({ "client_op": format!("r{i}"), "ops": [op] });
        let h = [("Authorization", auth.as_str()), ("Content-Type", "application/json")];
        support::http(v.addr, "POST", &format!("/api/v1/maps/{}/ops", v.target), &h, body.to_string().as_bytes()).await;
    }
    v.assert_untouched("REST").await;
}

#[tokio::test]
async fn a_member_of_another_workspace_cannot_even_see_the_victim() {
    let v = victim().await;
    let editor = support::member(&v.store, "Edu", WS, Role::Editor).await;
    // Sanity: the same call works for a member of the map's workspace.
    let ok = server_fn(v.addr, "maps/load", Some(&editor), &format!("id={}", v.map)).await;
    assert_eq!(ok.status, 200);
    let no = server_fn(v.addr, "maps/load", Some(&v.attacker), &format!("id={}", v.map)).await;
    assert_eq!(no.status, 404);
}

/// Sends edits until one is refused as forbidden; panics if that takes longer than `within`
/// (much less than the 10 s periodic re-check: the change must be pushed).
async fn refused_within(ws: &mut support::Socket, map: &Map, within: std::time::Duration) {
    let start = std::time::Instant::now();
    for n in 0.. {
        assert!(start.elapsed() < within, "edits were still accepted after {within:?}");
        let op = support::card_op(map, n, "after the change");
        send(ws, &ClientMsg::op(format!("late-{n}"), map.rev, op)).await;
        loop {
            match recv(ws).await {
                ServerMsg::Edit(app::protocol::EditReply::Reject {
                    error: app::protocol::Rejection::Forbidden,
                    ..
                }) => return,
                ServerMsg::Edit(app::protocol::EditReply::Ack { .. })
                | ServerMsg::Edit(app::protocol::EditReply::Reject { .. }) => break,
                _ => {}
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

async fn closed_within(ws: &mut support::Socket, within: std::time::Duration) -> Option<u16> {
    tokio::time::timeout(within, support::close_code(ws)).await.expect("the socket was closed in time")
}

#[tokio::test]
async fn a_demoted_member_stops_editing_at_once() {
    let (addr, store) = support::start().await;
    let owner = support::owner(&store).await;
    let editor = support::member(&store, "Edu Editor", WS, Role::Editor).await;
    let map = new_map(&store, WS, "Clinic").await;
    let current = store.current_map(&map).await.unwrap().unwrap();
    let mut ws = connect(addr, &map, Some(&editor), "Edu").await;
    assert!(matches!(recv(&mut ws).await, ServerMsg::Sync(app::protocol::SyncMsg::Welcome { .. })));
    let r = server_fn(addr, "members/role", Some(&owner), &format!("user={}&role=viewer", editor.user)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    refused_within(&mut ws, &current, std::time::Duration::from_secs(3)).await;
}

#[tokio::test]
async fn a_removed_member_signed_out_session_or_changed_password_ends_the_socket() {
    let (addr, store) = support::start().await;
    let owner = support::owner(&store).await;
    let map = new_map(&store, WS, "Clinic").await;
    let within = std::time::Duration::from_secs(3);

    // Removed from the workspace.
    let removed = support::member(&store, "Rita Removed", WS, Role::Editor).await;
    let mut ws = connect(addr, &map, Some(&removed), "Rita").await;
    assert!(matches!(recv(&mut ws).await, ServerMsg::Sync(app::protocol::SyncMsg::Welcome { .. })));
    let r = server_fn(addr, "members/role", Some(&owner), &format!("user={}", removed.user)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(closed_within(&mut ws, within).await, Some(app::protocol::CLOSE_NOT_FOUND));

    // Signed out (in another tab: the same session).
    let leaving = support::member(&store, "Sid Signout", WS, Role::Editor).await;
    let mut ws = connect(addr, &map, Some(&leaving), "Sid").await;
    assert!(matches!(recv(&mut ws).await, ServerMsg::Sync(app::protocol::SyncMsg::Welcome { .. })));
    let r = server_fn(addr, "auth/signout", Some(&leaving), "").await;
    assert!(r.status < 400, "{}", r.body);
    assert_eq!(closed_within(&mut ws, within).await, Some(app::protocol::CLOSE_NOT_FOUND));

    // A password changed in one session ends the person's other sessions, and their sockets.
    let person = support::member(&store, "Pat Password", WS, Role::Editor).await;
    let laptop = support::session_for(&store, &person.user).await;
    let mut ws = connect(addr, &map, Some(&laptop), "Pat").await;
    assert!(matches!(recv(&mut ws).await, ServerMsg::Sync(app::protocol::SyncMsg::Welcome { .. })));
    let keep = store.session(person.cookie.split('=').nth(1).unwrap(), 72).await.unwrap().unwrap().session;
    store.set_password(&person.user, "$argon2id$new", &keep).await.unwrap();
    assert_eq!(closed_within(&mut ws, within).await, Some(app::protocol::CLOSE_NOT_FOUND));
}

#[tokio::test]
async fn a_silent_or_noisy_socket_is_closed_and_presence_carries_only_ids() {
    use futures::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    use tokio_tungstenite::tungstenite::Message;
    let (addr, store) = support::start().await;
    let owner = support::owner(&store).await;
    let map = new_map(&store, WS, "Clinic").await;

    // Garbage instead of protocol messages: closed as a protocol violation.
    let mut request = format!("ws://{addr}/api/ws/maps/{map}").into_client_request().unwrap();
    request.headers_mut().insert("origin", format!("http://{addr}").parse().unwrap());
    request.headers_mut().insert("cookie", owner.cookie.parse().unwrap());
    let (mut raw, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    for _ in 0..30 {
        if raw.send(Message::Text("{\"type\":\"nonsense\"}".into())).await.is_err() {
            break;
        }
    }
    let code = loop {
        match tokio::time::timeout(std::time::Duration::from_secs(5), raw.next()).await.expect("closed in time") {
            Some(Ok(Message::Close(f))) => break f.map(|f| u16::from(f.code)),
            Some(Ok(_)) => {}
            _ => break None,
        }
    };
    assert_eq!(code, Some(app::protocol::CLOSE_PROTOCOL));

    // Presence with a made-up "card id" full of markup reaches nobody as such.
    let mut a = connect(addr, &map, Some(&owner), "Olga").await;
    assert!(matches!(recv(&mut a).await, ServerMsg::Sync(app::protocol::SyncMsg::Welcome { .. })));
    let mut b = connect(addr, &map, Some(&owner), "Olga 2").await;
    assert!(matches!(recv(&mut b).await, ServerMsg::Sync(app::protocol::SyncMsg::Welcome { .. })));
    let evil = app::domain::CardId::from("<b>x</b>".repeat(2000).as_str());
    send(&mut a, &ClientMsg::presence(Some(evil), None)).await;
    let fine = app::domain::CardId::from("c1");
    send(&mut a, &ClientMsg::presence(Some(fine.clone()), None)).await;
    loop {
        if let ServerMsg::Presence(app::protocol::PresenceNews::People { people }) = recv(&mut b).await {
            assert!(people.iter().all(|p| p.editing.as_ref().is_none_or(|e| e.0.len() < 100)));
            if people.iter().any(|p| p.editing.as_ref() == Some(&fine)) {
                break;
            }
        }
    }

    // Hellos in a burst get one catch-up each second, not one each.
    for _ in 0..50 {
        send(&mut b, &ClientMsg::hello(0, "x", "#000000")).await;
    }
    let mut catch_ups = 0;
    let until = tokio::time::Instant::now() + std::time::Duration::from_millis(1500);
    while let Ok(msg) = tokio::time::timeout_at(until, recv(&mut b)).await {
        if matches!(
            msg,
            ServerMsg::Sync(app::protocol::SyncMsg::Welcome { .. })
                | ServerMsg::Sync(app::protocol::SyncMsg::Snapshot { .. })
        ) {
            catch_ups += 1;
        }
    }
    assert!((1..=3).contains(&catch_ups), "{catch_ups} catch-ups for 50 hellos in 1.5 s");
}

#[tokio::test]
async fn a_client_that_trickles_its_headers_is_cut_off() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let store = Store::open("mem://", None).await.unwrap();
    let config = <server::config::Config as clap::Parser>::parse_from(["jornada", "--db", "mem://"]);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = server::router::build(&config, store, addr);
    let limit = std::time::Duration::from_millis(400);
    tokio::spawn(server::serve::serve_with(listener, app, std::future::pending(), limit));

    // A complete request is answered.
    let ok = support::http(addr, "GET", "/healthz", &[], b"").await;
    assert_eq!(ok.status, 200);
    // Half a request, then silence: the server hangs up soon after the limit.
    let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    let started = std::time::Instant::now();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(std::time::Duration::from_secs(5), slow.read_to_end(&mut buf)).await;
    assert!(read.is_ok(), "the connection is closed, not kept open");
    assert!(started.elapsed() >= limit / 2, "not before the limit");
}
