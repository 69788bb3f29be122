//! The authorisation matrix: every role of a workspace, a person signed out, and a member
//! of another workspace, against every operation, over real HTTP and websockets. Each
//! cell says the status the server must answer; the test also checks that refused writes
//! changed nothing.

mod support;

use app::api::ws::{ClientMsg, Rejection, ServerMsg};
use app::domain::template::Template;
use app::domain::{MapId, Role};
use app::i18n::Locale;
use app::server::store::Store;
use std::net::SocketAddr;
use support::{connect, connect_to, recv, send, server_fn, Session, WS};

/// The people of the matrix, in column order.
const WHO: [&str; 6] = ["owner", "editor", "commenter", "viewer", "anonymous", "outsider"];

struct People {
    sessions: Vec<Option<Session>>,
}

async fn people(store: &Store) -> People {
    let owner = support::owner(store).await;
    let editor = support::member(store, "Edu Editor", WS, Role::Editor).await;
    let commenter = support::member(store, "Cora Commenter", WS, Role::Commenter).await;
    let viewer = support::member(store, "Vera Viewer", WS, Role::Viewer).await;
    let outsider = support::outsider(store, "Sam Stranger").await;
    People { sessions: vec![Some(owner), Some(editor), Some(commenter), Some(viewer), None, Some(outsider)] }
}

async fn new_map(store: &Store, title: &str) -> MapId {
    app::server::maps::create(store, WS, title, Template::Starter, Locale::En).await.unwrap()
}

/// Runs `call` as each person and compares the statuses with `expect`.
async fn row<F, Fut>(name: &str, people: &People, expect: [u16; 6], call: F)
where
    F: Fn(usize, Option<Session>) -> Fut,
    Fut: std::future::Future<Output = u16>,
{
    let mut got = [0u16; 6];
    for (i, who) in people.sessions.iter().enumerate() {
        got[i] = call(i, who.clone()).await;
    }
    let cells: Vec<String> =
        WHO.iter().zip(expect.iter().zip(got.iter())).map(|(w, (e, g))| format!("{w}: want {e}, got {g}")).collect();
    assert_eq!(got, expect, "{name}: {}", cells.join("; "));
}

fn csrf_headers(addr: SocketAddr, who: &Option<Session>) -> Vec<(String, String)> {
    let mut h = vec![("Origin".to_owned(), format!("http://{addr}"))];
    if let Some(s) = who {
        h.push(("Cookie".to_owned(), s.cookie.clone()));
    }
    h
}

async fn request(addr: SocketAddr, method: &str, path: &str, who: &Option<Session>, body: &[u8]) -> u16 {
    let headers = csrf_headers(addr, who);
    let refs: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    support::http(addr, method, path, &refs, body).await.status
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_role_against_every_operation() {
    let (addr, store) = support::start().await;
    let people = people(&store).await;
    let map = new_map(&store, "Clinic journey").await;
    let before = store.current_map(&map).await.unwrap().unwrap();
    let stage = before.ordered_stages()[0].id.clone();

    row("list maps", &people, [200, 200, 200, 200, 401, 200], |_, who| async move {
        server_fn(addr, "maps/list", who.as_ref(), "").await.status
    })
    .await;
    // The outsider's list does not show the map.
    let outsider = people.sessions[5].clone().unwrap();
    assert!(!server_fn(addr, "maps/list", Some(&outsider), "").await.body.contains("Clinic journey"));
    assert!(server_fn(addr, "maps/list", people.sessions[3].as_ref(), "").await.body.contains("Clinic journey"));

    let id = map.to_string();
    row("open a board", &people, [200, 200, 200, 200, 401, 404], |_, who| {
        let id = id.clone();
        async move { server_fn(addr, "maps/board", who.as_ref(), &format!("id={id}")).await.status }
    })
    .await;
    row("export", &people, [200, 200, 200, 200, 401, 404], |_, who| {
        let id = id.clone();
        async move { request(addr, "GET", &format!("/api/maps/{id}/export/json"), &who, b"").await }
    })
    .await;
    row("edit a map (server function)", &people, [200, 200, 403, 403, 401, 404], |i, who| {
        let (id, stage) = (id.clone(), stage.clone());
        async move {
            let body = serde_json::json!({
                "map": id, "client_op": format!("sf-{i}"),
                "op": { "type": "edit_stage", "id": stage, "title": format!("Stage by {}", WHO[i]) }
            });
            let origin = format!("http://{addr}");
            let mut h = vec![("Content-Type", "application/json"), ("Origin", origin.as_str())];
            let cookie = who.as_ref().map(|w| w.cookie.clone()).unwrap_or_default();
            if who.is_some() {
                h.push(("Cookie", cookie.as_str()));
            }
            support::http(addr, "POST", "/api/maps/apply", &h, body.to_string().as_bytes()).await.status
        }
    })
    .await;
    let after = store.current_map(&map).await.unwrap().unwrap();
    assert_eq!(after.stages[&stage].title, "Stage by editor", "only the owner's and the editor's edits landed");
    assert_eq!(after.rev, before.rev + 2);

    row("create a map", &people, [200, 200, 403, 403, 401, 200], |_, who| async move {
        server_fn(addr, "maps/create", who.as_ref(), "title=New&template=blank").await.status
    })
    .await;
    row("import a file", &people, [201, 201, 403, 403, 401, 201], |_, who| async move {
        request(addr, "POST", "/api/maps/import", &who, b"journey\n  section A\n    Task: 3\n").await
    })
    .await;
    let mut doomed = Vec::new();
    for w in WHO {
        doomed.push(new_map(&store, &format!("Doomed {w}")).await);
    }
    row("delete a map", &people, [200, 200, 403, 403, 401, 404], |i, who| {
        let id = doomed[i].to_string();
        async move { server_fn(addr, "maps/delete", who.as_ref(), &format!("id={id}")).await.status }
    })
    .await;
    for (i, id) in doomed.iter().enumerate() {
        let exists = store.current_map(id).await.unwrap().is_some();
        assert_eq!(exists, i >= 2, "{}'s map", WHO[i]);
    }
    row("save a persona", &people, [200, 200, 403, 403, 401, 200], |i, who| async move {
        let body = serde_json::json!({ "persona": app::domain::Persona::named(app::domain::PersonaId(String::new()), format!("P {i}")) });
        let origin = format!("http://{addr}");
        let mut h = vec![("Content-Type", "application/json"), ("Origin", origin.as_str())];
        let cookie = who.as_ref().map(|w| w.cookie.clone()).unwrap_or_default();
        if who.is_some() {
            h.push(("Cookie", cookie.as_str()));
        }
        support::http(addr, "POST", "/api/personas/save", &h, body.to_string().as_bytes()).await.status
    })
    .await;
    row("delete a custom channel", &people, [404, 404, 403, 403, 401, 404], |_, who| async move {
        // No such channel: members who may edit learn that; the rest are refused first.
        server_fn(addr, "channels/delete", who.as_ref(), "id=c-000000000000").await.status
    })
    .await;
    row("list members", &people, [200, 200, 200, 200, 401, 200], |_, who| async move {
        server_fn(addr, "members/list", who.as_ref(), "").await.status
    })
    .await;
    row("create an invite", &people, [200, 403, 403, 403, 401, 200], |_, who| async move {
        // The outsider owns a workspace of their own: the invite is for that one.
        server_fn(addr, "invites/create", who.as_ref(), "role=viewer&days=7").await.status
    })
    .await;
    let viewer_id = people.sessions[3].as_ref().unwrap().user.clone();
    row("change a member's role", &people, [200, 403, 403, 403, 401, 404], |_, who| {
        let viewer_id = viewer_id.clone();
        async move { server_fn(addr, "members/role", who.as_ref(), &format!("user={viewer_id}&role=viewer")).await.status }
    })
    .await;
    row("create a share link", &people, [200, 200, 403, 403, 401, 404], |_, who| {
        let id = id.clone();
        async move { server_fn(addr, "shares/create", who.as_ref(), &format!("map={id}&role=viewer")).await.status }
    })
    .await;
    row("list API tokens", &people, [200, 200, 200, 200, 401, 200], |_, who| async move {
        server_fn(addr, "tokens/list", who.as_ref(), "").await.status
    })
    .await;

    // The websocket: editors' ops are acknowledged; commenters' and viewers' are rejected as
    // forbidden even when hand-crafted; strangers never get the map.
    let fresh = store.current_map(&map).await.unwrap().unwrap();
    for (i, who) in people.sessions.iter().enumerate() {
        let mut ws = connect(addr, &map, who.as_ref(), WHO[i]).await;
        if i >= 4 {
            assert_eq!(support::close_code(&mut ws).await, Some(4404), "{} gets no map", WHO[i]);
            continue;
        }
        assert!(matches!(recv(&mut ws).await, ServerMsg::Welcome { .. }));
        let op = support::card_op(&fresh, i, WHO[i]);
        send(&mut ws, &ClientMsg::Op { client_op: format!("ws-{i}"), base_rev: fresh.rev, op }).await;
        loop {
            match recv(&mut ws).await {
                ServerMsg::Ack { .. } => {
                    assert!(i <= 1, "{}'s op must not be acknowledged", WHO[i]);
                    break;
                }
                ServerMsg::Reject { error, .. } => {
                    assert!(i >= 2, "{}'s op was rejected: {error:?}", WHO[i]);
                    assert_eq!(error, Rejection::Forbidden);
                    break;
                }
                _ => {}
            }
        }
    }
    let texts: Vec<String> =
        store.current_map(&map).await.unwrap().unwrap().cards.values().map(|c| c.text.clone()).collect();
    assert!(texts.iter().any(|t| t.starts_with("owner")) && texts.iter().any(|t| t.starts_with("editor")));
    assert!(!texts.iter().any(|t| t.starts_with("viewer") || t.starts_with("commenter")));
}

#[tokio::test]
async fn cross_site_writes_are_refused() {
    let (addr, store) = support::start().await;
    let owner = support::owner(&store).await;
    let form = b"title=Forged&template=blank";
    for origin in [Some("https://evil.example"), None] {
        let mut h = vec![("Content-Type", "application/x-www-form-urlencoded"), ("Cookie", owner.cookie.as_str())];
        if let Some(o) = origin {
            h.push(("Origin", o));
        }
        let r = support::http(addr, "POST", "/api/maps/create", &h, form).await;
        assert_eq!(r.status, 403, "origin {origin:?}");
    }
    assert!(store.list_maps(WS).await.unwrap().is_empty(), "nothing was created");
    // A foreign page cannot open the websocket with the cookie either.
    let id = new_map(&store, "Private").await;
    let mut request = tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(format!(
        "ws://{addr}/api/ws/maps/{id}"
    ))
    .unwrap();
    request.headers_mut().insert("origin", "https://evil.example".parse().unwrap());
    request.headers_mut().insert("cookie", owner.cookie.parse().unwrap());
    assert!(tokio_tungstenite::connect_async(request).await.is_err(), "the upgrade is refused");
}

#[tokio::test]
async fn a_share_link_shows_one_map_live_read_only_until_revoked() {
    let (addr, store) = support::start().await;
    let owner = support::owner(&store).await;
    let map = new_map(&store, "Shared journey").await;
    let other = new_map(&store, "Not shared").await;
    let r = server_fn(addr, "shares/create", Some(&owner), &format!("map={map}&role=viewer&days=3")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let path: String = serde_json::from_str(&r.body).unwrap();
    let token = path.strip_prefix("/s/").unwrap().to_owned();
    // Without an account: the board, the export and the live feed of this map only.
    let board = server_fn(addr, "maps/shared", None, &format!("token={token}")).await;
    assert_eq!(board.status, 200);
    assert!(board.body.contains("Shared journey") && board.body.contains("\"role\":\"viewer\""));
    let ok = support::http(addr, "GET", &format!("/api/maps/{map}/export/csv?share={token}"), &[], b"").await;
    assert_eq!(ok.status, 200);
    let no = support::http(addr, "GET", &format!("/api/maps/{other}/export/csv?share={token}"), &[], b"").await;
    assert_eq!(no.status, 404, "the link opens its own map only");
    let page = support::http(addr, "GET", &format!("/s/{token}"), &[], b"").await;
    assert_eq!(page.status, 200, "the shared page needs no account");
    assert!(page.body.contains("Shared journey"));

    let mut viewer = connect_to(addr, &format!("/api/ws/maps/{map}?share={token}"), None, "Guest 1", 0).await;
    assert!(matches!(recv(&mut viewer).await, ServerMsg::Welcome { .. }));
    let current = store.current_map(&map).await.unwrap().unwrap();
    // A hand-crafted op through the shared socket is refused.
    let op = support::card_op(&current, 0, "forged");
    send(&mut viewer, &ClientMsg::Op { client_op: "f1".into(), base_rev: current.rev, op }).await;
    loop {
        match recv(&mut viewer).await {
            ServerMsg::Reject { error, .. } => {
                assert_eq!(error, Rejection::Forbidden);
                break;
            }
            ServerMsg::Ack { .. } => panic!("a share link must not edit"),
            _ => {}
        }
    }
    // The owner's edit reaches the shared viewer live.
    let mut editor = connect(addr, &map, Some(&owner), "Olga").await;
    assert!(matches!(recv(&mut editor).await, ServerMsg::Welcome { .. }));
    let op = support::card_op(&current, 1, "live");
    send(&mut editor, &ClientMsg::Op { client_op: "o1".into(), base_rev: current.rev, op: op.clone() }).await;
    loop {
        if let ServerMsg::Remote(r) = recv(&mut viewer).await {
            assert_eq!(r.op, op);
            break;
        }
    }
    // Revoked: the link stops working everywhere, and the open socket is closed.
    let list = server_fn(addr, "shares/list", Some(&owner), &format!("map={map}")).await;
    let shares: Vec<app::api::auth::ShareInfo> = serde_json::from_str(&list.body).unwrap();
    assert_eq!(shares.len(), 1);
    let r = server_fn(addr, "shares/revoke", Some(&owner), &format!("map={map}&id={}", shares[0].id)).await;
    assert_eq!(r.status, 200);
    assert_eq!(server_fn(addr, "maps/shared", None, &format!("token={token}")).await.status, 404);
    let gone = support::http(addr, "GET", &format!("/api/maps/{map}/export/csv?share={token}"), &[], b"").await;
    assert_eq!(gone.status, 404);
    assert_eq!(support::close_code(&mut viewer).await, Some(4404), "the open socket is closed within the recheck");
}

#[tokio::test]
async fn open_sign_up_is_off_unless_the_server_allows_it() {
    let (addr, store) = support::start().await;
    support::owner(&store).await;
    let page = support::http(addr, "GET", "/signup", &[], b"").await;
    assert_eq!(page.status, 303);
    assert!(page.headers.to_lowercase().contains("location: /signin"), "{}", page.headers);
    let form = "name=Nina&email=nina%40example.com&password=nina-password-1&workspace=Nails";
    assert_eq!(server_fn(addr, "auth/signup", None, form).await.status, 403);

    let open = app::server::auth::AuthConfig { open_signup: true, ..Default::default() };
    let addr = support::serve(&store, open).await;
    let r = server_fn(addr, "auth/signup", None, form).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.headers.contains("jornada_session=jss_"), "signed in at once");
    // Her own workspace, not the owner's.
    assert_eq!(server_fn(addr, "auth/signup", None, form).await.status, 409, "the e-mail is taken");
    assert_eq!(store.list_maps(WS).await.unwrap().len(), 0);
    let cookie =
        r.headers.lines().find_map(|l| l.strip_prefix("set-cookie: ")).unwrap().split(';').next().unwrap().to_owned();
    let nina = Session { user: String::new(), cookie };
    let created = server_fn(addr, "maps/create", Some(&nina), "title=Nails&template=blank").await;
    assert_eq!(created.status, 200);
    assert!(store.list_maps(WS).await.unwrap().is_empty(), "the map is in Nina's workspace");
}
