//! The authorisation matrix: every role of a workspace, a person signed out, and a member
//! of another workspace, against every operation, over real HTTP and websockets. Each
//! cell says the status the server must answer; the test also checks that refused writes
//! changed nothing.

use crate::support;

use app::domain::template::Template;
use app::domain::{MapId, Role};
use app::i18n::Locale;
use app::protocol::{ClientMsg, Rejection, ServerMsg};
use app::server::store::Store;
use std::net::SocketAddr;
use support::{connect, connect_to, recv, send, server_fn, Session, WS};

/// The people of the matrix, in column order.
const WHO: [&str; 6] = ["owner", "editor", "commenter", "viewer", "anonymous", "outsider"];

pub(crate) struct People {
    pub(crate) sessions: Vec<Option<Session>>,
}

pub(crate) async fn people(store: &Store) -> People {
    let owner = support::owner(store).await;
    let editor = support::member(store, "Edu Editor", WS, Role::Editor).await;
    let commenter = support::member(store, "Cora Commenter", WS, Role::Commenter).await;
    let viewer = support::member(store, "Vera Viewer", WS, Role::Viewer).await;
    let outsider = support::outsider(store, "Sam Stranger").await;
    People { sessions: vec![Some(owner), Some(editor), Some(commenter), Some(viewer), None, Some(outsider)] }
}

pub(crate) async fn new_map(store: &Store, title: &str) -> MapId {
    app::server::maps::create(store, WS, title, Template::Starter, Locale::En).await.unwrap()
}

/// Runs `call` as each person and compares the statuses with `expect`.
pub(crate) async fn row<F, Fut>(name: &str, people: &People, expect: [u16; 6], call: F)
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
    row("duplicate a map", &people, [200, 200, 403, 403, 401, 404], |_, who| {
        let id = id.clone();
        async move { server_fn(addr, "maps/duplicate", who.as_ref(), &format!("id={id}")).await.status }
    })
    .await;
    row("save a map as a template", &people, [200, 200, 403, 403, 401, 404], |i, who| {
        let id = id.clone();
        async move {
            let body = format!("id={id}&name=Saved+by+{}", WHO[i]);
            server_fn(addr, "maps/save-template", who.as_ref(), &body).await.status
        }
    })
    .await;
    let saved = store.list_templates(WS).await.unwrap();
    assert_eq!(saved.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["Saved by editor", "Saved by owner"]);
    row("list templates", &people, [200, 200, 200, 200, 401, 200], |_, who| async move {
        server_fn(addr, "templates/list", who.as_ref(), "").await.status
    })
    .await;
    assert!(!server_fn(addr, "templates/list", Some(&outsider), "").await.body.contains("Saved by"));
    let template = saved[0].id.clone();
    row("make a map from a template", &people, [200, 200, 403, 403, 401, 404], |_, who| {
        let template = template.clone();
        async move {
            server_fn(addr, "templates/create", who.as_ref(), &format!("title=From+it&template={template}"))
                .await
                .status
        }
    })
    .await;
    let mut templates = Vec::new();
    for w in WHO {
        let t = app::server::reuse::save_template(&store, WS, &map, &format!("Doomed {w}"), "x").await.unwrap();
        templates.push(t.id);
    }
    row("delete a template", &people, [200, 200, 403, 403, 401, 404], |i, who| {
        let template = templates[i].clone();
        async move { server_fn(addr, "templates/delete", who.as_ref(), &format!("template={template}")).await.status }
    })
    .await;
    assert_eq!(
        store.list_templates(WS).await.unwrap().len(),
        2 + 4,
        "only the owner's and the editor's deletes landed"
    );
    let mut doomed = Vec::new();
    for w in WHO {
        doomed.push(new_map(&store, &format!("Doomed {w}")).await);
    }
    row("delete a map", &people, [200, 200, 403, 403, 401, 404], |i, who| {
        let id = doomed[i].to_string();
        async move { server_fn(addr, "maps/delete", who.as_ref(), &format!("id={id}")).await.status }
    })
    .await;
    // A deleted map is in the Trash: every route finds it gone (trash.rs has the rest).
    for (i, id) in doomed.iter().enumerate() {
        let exists = store.map_workspace(id).await.unwrap().is_some();
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
        assert!(matches!(recv(&mut ws).await, ServerMsg::Sync(app::protocol::SyncMsg::Welcome { .. })));
        let op = support::card_op(&fresh, i, WHO[i]);
        send(&mut ws, &ClientMsg::op(format!("ws-{i}"), fresh.rev, op)).await;
        loop {
            match recv(&mut ws).await {
                ServerMsg::Edit(app::protocol::EditReply::Ack { .. }) => {
                    assert!(i <= 1, "{}'s op must not be acknowledged", WHO[i]);
                    break;
                }
                ServerMsg::Edit(app::protocol::EditReply::Reject { error, .. }) => {
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
    assert!(matches!(recv(&mut viewer).await, ServerMsg::Sync(app::protocol::SyncMsg::Welcome { .. })));
    let current = store.current_map(&map).await.unwrap().unwrap();
    // A hand-crafted op through the shared socket is refused.
    let op = support::card_op(&current, 0, "forged");
    send(&mut viewer, &ClientMsg::op("f1", current.rev, op)).await;
    loop {
        match recv(&mut viewer).await {
            ServerMsg::Edit(app::protocol::EditReply::Reject { error, .. }) => {
                assert_eq!(error, Rejection::Forbidden);
                break;
            }
            ServerMsg::Edit(app::protocol::EditReply::Ack { .. }) => panic!("a share link must not edit"),
            _ => {}
        }
    }
    // The owner's edit reaches the shared viewer live.
    let mut editor = connect(addr, &map, Some(&owner), "Olga").await;
    assert!(matches!(recv(&mut editor).await, ServerMsg::Sync(app::protocol::SyncMsg::Welcome { .. })));
    let op = support::card_op(&current, 1, "live");
    send(&mut editor, &ClientMsg::op("o1", current.rev, op.clone())).await;
    // As logged: the server stamps who added the card.
    let mut logged = op.clone();
    if let app::domain::Op::AddCard { card } = &mut logged {
        card.author = Some("Olga Owner".into());
    }
    loop {
        if let ServerMsg::Sync(app::protocol::SyncMsg::Remote(r)) = recv(&mut viewer).await {
            assert_eq!(r.op, logged);
            break;
        }
    }
    // Revoked: the link stops working everywhere, and the open socket is closed.
    let list = server_fn(addr, "shares/list", Some(&owner), &format!("map={map}")).await;
    let shares: Vec<app::domain::accounts::ShareInfo> = serde_json::from_str(&list.body).unwrap();
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

/// A JSON server function call (personas and channels take JSON) with our origin.
async fn json_fn(addr: SocketAddr, endpoint: &str, who: Option<&Session>, body: serde_json::Value) -> support::Reply {
    let origin = format!("http://{addr}");
    let mut h = vec![("Content-Type", "application/json"), ("Origin", origin.as_str())];
    let cookie = who.map(|w| w.cookie.clone()).unwrap_or_default();
    if who.is_some() {
        h.push(("Cookie", cookie.as_str()));
    }
    support::http(addr, "POST", &format!("/api/{endpoint}"), &h, body.to_string().as_bytes()).await
}

const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0];

/// Personas, their photos and custom channels named by id from another workspace answer
/// 404 and change nothing; "in use" counts only the workspace's own maps.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn personas_photos_and_channels_by_id_across_workspaces() {
    use app::domain::channel::Channel;
    use app::domain::{Persona, PersonaId};
    let (addr, store) = support::start().await;
    let owner = support::owner(&store).await;
    let outsider = support::outsider(&store, "Sam Stranger").await;
    let elsewhere = store.workspaces_of(&outsider.user).await.unwrap()[0].id.clone();
    let ana =
        app::server::personas::save(&store, WS, Persona::named(PersonaId(String::new()), "Ana".into())).await.unwrap();
    let own = Some(owner.clone());
    assert_eq!(request(addr, "POST", &format!("/api/personas/{ana}/photo"), &own, PNG).await, 200);
    let kiosk = Channel { id: String::new(), name: "Kiosk".into(), icon: "qr".into() };
    let kiosk = app::server::channels::save(&store, WS, kiosk).await.unwrap();
    let photo = format!("/api/personas/{ana}/photo");

    // The owner reaches all of it …
    assert_eq!(server_fn(addr, "personas/get", Some(&owner), &format!("id={ana}")).await.status, 200);
    assert_eq!(request(addr, "GET", &photo, &own, b"").await, 200);
    // … the outsider none of it, as if it did not exist.
    let out = Some(outsider.clone());
    assert_eq!(server_fn(addr, "personas/get", Some(&outsider), &format!("id={ana}")).await.status, 404);
    let forged = Persona { quote: "forged".into(), ..store.get_persona(WS, &ana).await.unwrap().unwrap() };
    let r = json_fn(addr, "personas/save", Some(&outsider), serde_json::json!({ "persona": forged })).await;
    assert_eq!(r.status, 404, "{}", r.body);
    assert_eq!(server_fn(addr, "personas/delete", Some(&outsider), &format!("id={ana}")).await.status, 404);
    assert_eq!(request(addr, "GET", &photo, &out, b"").await, 404);
    assert_eq!(request(addr, "POST", &photo, &out, PNG).await, 404);
    assert_eq!(request(addr, "GET", &photo, &None, b"").await, 404, "no photo without an account");
    let renamed = Channel { name: "Hijacked".into(), ..kiosk.clone() };
    let r = json_fn(addr, "channels/save", Some(&outsider), serde_json::json!({ "channel": renamed })).await;
    assert_eq!(r.status, 404, "{}", r.body);
    let r = server_fn(addr, "channels/delete", Some(&outsider), &format!("id={}", kiosk.id)).await;
    assert_eq!(r.status, 404);
    let p = store.get_persona(WS, &ana).await.unwrap().unwrap();
    assert_eq!((p.quote.as_str(), p.photo), ("", 1), "the persona and its photo are unchanged");
    assert_eq!(store.list_channels(WS).await.unwrap(), vec![kiosk.clone()]);
    assert!(server_fn(addr, "personas/list", Some(&outsider), "").await.body == "[]");
    assert!(!server_fn(addr, "channels/list", Some(&outsider), "").await.body.contains("Kiosk"));

    // A map of the other workspace that names the persona and the channel (written past
    // the checks) neither blocks their deletion nor shows in the counts.
    let theirs = app::server::maps::create(&store, &elsewhere, "Theirs", Template::Starter, Locale::En).await.unwrap();
    let m = store.current_map(&theirs).await.unwrap().unwrap();
    let mut card = match support::card_op(&m, 0, "uses kiosk") {
        app::domain::Op::AddCard { card } => card,
        _ => unreachable!(),
    };
    card.details.channel = Some(kiosk.id.clone());
    let link = app::domain::Op::LinkPersona { persona: ana.clone(), at: 0, emotions: vec![] };
    store.apply_ops(&theirs, "sam", "x", &[app::domain::Op::AddCard { card }, link]).await.unwrap();
    assert_eq!(store.channel_use_count(WS, &kiosk.id).await.unwrap(), 0);
    assert_eq!(store.persona_link_count(WS, &ana).await.unwrap(), 0);
    assert_eq!(server_fn(addr, "channels/delete", Some(&owner), &format!("id={}", kiosk.id)).await.status, 200);
    assert_eq!(server_fn(addr, "personas/delete", Some(&owner), &format!("id={ana}")).await.status, 200);
}

/// Through a share link the board carries only what the map shows: its linked personas
/// and the custom channels its cards or those personas name, not the whole library.
#[tokio::test]
async fn a_share_link_sends_only_the_maps_personas_and_channels() {
    use app::domain::channel::Channel;
    use app::domain::{Op, Persona, PersonaId};
    let (addr, store) = support::start().await;
    let owner = support::owner(&store).await;
    let channel = |name: &str| Channel { id: String::new(), name: name.into(), icon: "chat".into() };
    let on_card = app::server::channels::save(&store, WS, channel("Kiosk")).await.unwrap();
    let preferred = app::server::channels::save(&store, WS, channel("Hotline")).await.unwrap();
    let secret = app::server::channels::save(&store, WS, channel("Secret partner portal")).await.unwrap();
    let linked = Persona {
        channels: vec![preferred.id.clone()],
        ..Persona::named(PersonaId(String::new()), "Ana Linked".into())
    };
    let linked = app::server::personas::save(&store, WS, linked).await.unwrap();
    let hidden =
        Persona { quote: "confidential".into(), ..Persona::named(PersonaId(String::new()), "Zed Hidden".into()) };
    app::server::personas::save(&store, WS, hidden).await.unwrap();
    let map = new_map(&store, "Shared journey").await;
    let m = store.current_map(&map).await.unwrap().unwrap();
    let mut card = match support::card_op(&m, 0, "At the kiosk") {
        Op::AddCard { card } => card,
        _ => unreachable!(),
    };
    card.details.channel = Some(on_card.id.clone());
    let link = Op::LinkPersona { persona: linked.clone(), at: 0, emotions: vec![] };
    store.apply_ops(&map, "olga", "s", &[Op::AddCard { card }, link]).await.unwrap();
    let r = server_fn(addr, "shares/create", Some(&owner), &format!("map={map}&role=viewer")).await;
    let path: String = serde_json::from_str(&r.body).unwrap();
    let token = path.strip_prefix("/s/").unwrap();

    let board = server_fn(addr, "maps/shared", None, &format!("token={token}")).await;
    assert_eq!(board.status, 200);
    let data: app::domain::BoardData = serde_json::from_str(&board.body).unwrap();
    let names: Vec<&str> = data.personas.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Ana Linked"]);
    let mut channels: Vec<&str> = data.channels.iter().map(|c| c.name.as_str()).collect();
    channels.sort();
    assert_eq!(channels, ["Hotline", "Kiosk"]);
    assert!(!board.body.contains("Zed Hidden") && !board.body.contains("confidential"));
    assert!(!board.body.contains(&secret.id) && !board.body.contains("Secret partner portal"));
    // The shared page's HTML carries the same, no more.
    let page = support::http(addr, "GET", &format!("/s/{token}"), &[], b"").await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("Zed Hidden") && !page.body.contains("Secret partner portal"));
    // A member still gets the whole library, to link more personas.
    let member = server_fn(addr, "maps/board", Some(&owner), &format!("id={map}")).await;
    assert!(member.body.contains("Zed Hidden") && member.body.contains("Secret partner portal"));
}

/// The invite page shows an invite to anyone with the link, only while it has uses left;
/// an owner invite makes one owner at most.
#[tokio::test]
async fn invites_have_a_use_limit_and_owner_invites_are_single_use() {
    let (addr, store) = support::start().await;
    let owner = support::owner(&store).await;
    let editor = support::member(&store, "Edu Editor", WS, Role::Editor).await;
    let outsider = support::outsider(&store, "Sam Stranger").await;
    // Only owners make invites; a wrong number of uses is refused.
    assert_eq!(server_fn(addr, "invites/create", Some(&editor), "role=viewer&days=7&uses=2").await.status, 403);
    assert_eq!(server_fn(addr, "invites/create", Some(&owner), "role=viewer&days=7&uses=0").await.status, 422);
    assert_eq!(server_fn(addr, "invites/create", Some(&owner), "role=viewer&days=7&uses=101").await.status, 422);
    let r = server_fn(addr, "invites/create", Some(&owner), "role=viewer&days=7&uses=2").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let link: String = serde_json::from_str(&r.body).unwrap();
    let token = link.strip_prefix("/invite/").unwrap().to_owned();
    // The page and its preview, for anyone with the link (signed in elsewhere or not).
    for who in [None, Some(&outsider)] {
        assert_eq!(support::http(addr, "GET", &link, &[], b"").await.status, 200);
        let preview = server_fn(addr, "auth/invite", who, &format!("token={token}")).await;
        assert_eq!(preview.status, 200, "{}", preview.body);
        assert!(preview.body.contains("Clinic") && preview.body.contains("viewer"));
    }
    assert_eq!(server_fn(addr, "auth/invite", None, "token=jin_nope").await.status, 404);
    let join =
        |n: usize| format!("token={token}&name=Guest+{n}&email=guest{n}%40example.com&password=guest-password-{n}");
    assert_eq!(server_fn(addr, "auth/accept", None, &join(1)).await.status, 200);
    // A failed accept (a taken e-mail) does not use the invite up.
    let taken = format!("token={token}&name=Again&email=guest1%40example.com&password=guest-password-9");
    assert_eq!(server_fn(addr, "auth/accept", None, &taken).await.status, 409);
    assert_eq!(server_fn(addr, "auth/accept", None, &join(2)).await.status, 200);
    assert_eq!(server_fn(addr, "auth/accept", None, &join(3)).await.status, 404, "used up");
    assert_eq!(server_fn(addr, "auth/invite", None, &format!("token={token}")).await.status, 404);
    assert_eq!(store.members(WS).await.unwrap().len(), 4, "owner, editor and two guests");
    let list = server_fn(addr, "invites/list", Some(&owner), "").await;
    assert_eq!(list.body, "[]", "a used-up invite is not live");

    // An owner invite asked for five uses makes one owner.
    let r = server_fn(addr, "invites/create", Some(&owner), "role=owner&days=1&uses=5").await;
    let token = serde_json::from_str::<String>(&r.body).unwrap().strip_prefix("/invite/").unwrap().to_owned();
    let infos: Vec<app::domain::accounts::InviteInfo> =
        serde_json::from_str(&server_fn(addr, "invites/list", Some(&owner), "").await.body).unwrap();
    assert_eq!(infos[0].max_uses, 1);
    let joined =
        server_fn(addr, "auth/accept", Some(&outsider), &format!("token={token}&name=&email=&password=")).await;
    assert_eq!(joined.status, 200, "{}", joined.body);
    assert_eq!(store.role_in(&outsider.user, WS).await.unwrap(), Some(Role::Owner));
    let again = format!("token={token}&name=Mallory&email=m%40example.com&password=mallory-password");
    assert_eq!(server_fn(addr, "auth/accept", None, &again).await.status, 404);
}

/// Sign-in (and every other way to start a session) refuses a foreign page, so nobody can
/// sign a visitor in to an account of the attacker's choosing.
#[tokio::test]
async fn sign_in_checks_the_origin_too() {
    let (addr, store) = support::start().await;
    let hash = app::server::auth::hash_password("olga-password-1".into()).await.unwrap();
    let user = app::server::store::accounts::NewUser {
        id: "olga",
        email: "olga@example.com",
        name: "Olga",
        hash: &hash,
        locale: "en",
    };
    store.set_up(user, "Clinic").await.map_err(|e| format!("{e:?}")).unwrap();
    let form = b"email=olga%40example.com&password=olga-password-1";
    let ct = ("Content-Type", "application/x-www-form-urlencoded");
    for (endpoint, origin) in [("signin", Some("https://evil.example")), ("signin", None), ("signup", None)] {
        let mut h = vec![ct];
        if let Some(o) = origin {
            h.push(("Origin", o));
        }
        let r = support::http(addr, "POST", &format!("/api/auth/{endpoint}"), &h, form).await;
        assert_eq!(r.status, 403, "{endpoint} from {origin:?}");
        assert!(!r.headers.contains("jss_"), "no session");
    }
    let r = server_fn(addr, "auth/signin", None, std::str::from_utf8(form).unwrap()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.headers.contains("jornada_session=jss_"));
}

/// The first-run set-up needs the code from the server's log.
#[tokio::test]
async fn set_up_needs_the_code_from_the_log() {
    let store = Store::open("mem://", None).await.unwrap();
    let config = app::server::auth::AuthConfig { setup_code: Some("c0de-2024".into()), ..Default::default() };
    let addr = support::serve(&store, config).await;
    let form = |code: &str| {
        format!("name=Olga&email=olga%40example.com&password=olga-password-1&workspace=Clinic&code={code}")
    };
    assert_eq!(server_fn(addr, "auth/setup", None, &form("")).await.status, 403);
    assert_eq!(server_fn(addr, "auth/setup", None, &form("wrong-code")).await.status, 403);
    assert_eq!(store.user_count().await.unwrap(), 0, "nobody became owner");
    let r = server_fn(addr, "auth/setup", None, &form("C0DE-2024")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(store.user_count().await.unwrap(), 1);
    assert_eq!(server_fn(addr, "auth/setup", None, &form("c0de-2024")).await.status, 409, "once only");
    // Guessing is throttled per address.
    let fresh = Store::open("mem://", None).await.unwrap();
    let addr = support::serve(&fresh, app::server::auth::AuthConfig::default()).await;
    let mut last = 0;
    for _ in 0..7 {
        last = server_fn(addr, "auth/setup", None, &form("guess")).await.status;
    }
    assert_eq!(last, 429);
}

/// Saving a persona from a form loaded before a colleague's edit keeps that edit, and a
/// clash on the same field is refused with a message, not overwritten.
#[tokio::test]
async fn a_stale_persona_save_is_merged_or_refused() {
    use app::domain::{Persona, PersonaId};
    let (addr, store) = support::start().await;
    let owner = support::owner(&store).await;
    let editor = support::member(&store, "Edu Editor", WS, Role::Editor).await;
    let id =
        app::server::personas::save(&store, WS, Persona::named(PersonaId(String::new()), "Ana".into())).await.unwrap();
    let loaded = store.get_persona(WS, &id).await.unwrap().unwrap();
    let theirs = Persona { goals: "Book online".into(), ..loaded.clone() };
    let r =
        json_fn(addr, "personas/save", Some(&editor), serde_json::json!({ "persona": theirs, "base": loaded })).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let mine = Persona { quote: "No time".into(), photo: 42, ..loaded.clone() };
    let r = json_fn(addr, "personas/save", Some(&owner), serde_json::json!({ "persona": mine, "base": loaded })).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let now = store.get_persona(WS, &id).await.unwrap().unwrap();
    assert_eq!((now.goals.as_str(), now.quote.as_str(), now.photo), ("Book online", "No time", 0));
    let clash = Persona { goals: "Walk in".into(), ..loaded.clone() };
    let r = json_fn(addr, "personas/save", Some(&owner), serde_json::json!({ "persona": clash, "base": loaded })).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("changed_meanwhile") && r.body.contains("goals"), "{}", r.body);
    let t = Locale::En.messages();
    let e = app::error::AppError::Persona(app::domain::PersonaError::ChangedMeanwhile { field: "goals".into() });
    assert!(e.message(t).contains("Goals"), "{}", e.message(t));
    assert_eq!(store.get_persona(WS, &id).await.unwrap().unwrap().goals, "Book online");
}

/// Caps: workspaces a person owns, live share links of a map (tokens and invites are
/// capped the same way; rest.rs counts tokens).
#[tokio::test]
async fn quotas_refuse_one_too_many_with_a_clear_error() {
    use app::domain::access::Quota;
    let (addr, store) = support::start().await;
    let owner = support::owner(&store).await;
    for i in 1..Quota::Workspaces.max() {
        let r = server_fn(addr, "auth/workspace", Some(&owner), &format!("name=Studio+{i}")).await;
        assert_eq!(r.status, 200, "workspace {i}: {}", r.body);
    }
    let r = server_fn(addr, "auth/workspace", Some(&owner), "name=One+too+many").await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("quota_reached") && r.body.contains("workspaces"), "{}", r.body);
    let e = app::error::AppError::Auth(Quota::Workspaces.reached());
    assert!(e.message(Locale::En.messages()).contains("20 workspaces"));
    // Back in the first workspace: share links of one map.
    assert_eq!(server_fn(addr, "auth/switch", Some(&owner), "workspace=not-mine").await.status, 404);
    assert_eq!(server_fn(addr, "auth/switch", Some(&owner), &format!("workspace={WS}")).await.status, 200);
    assert_eq!(store.session_user(&owner.user).await.unwrap().unwrap().workspace, WS, "switched");
    let map = new_map(&store, "Popular").await;
    for i in 0..Quota::ShareLinks.max() {
        let r = server_fn(addr, "shares/create", Some(&owner), &format!("map={map}&role=viewer")).await;
        assert_eq!(r.status, 200, "share {i}: {}", r.body);
    }
    let r = server_fn(addr, "shares/create", Some(&owner), &format!("map={map}&role=viewer")).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("share_links"), "{}", r.body);
}

/// Customer feedback and reviews, by role: importing a file, undoing an import, forgetting
/// a client and marking a map reviewed are for editors and owners; reading the summary,
/// the answers and the imports for every member; a stranger's map is "not found".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feedback_and_reviews_by_role() {
    let (addr, store) = support::start().await;
    let people = people(&store).await;
    let map = new_map(&store, "Clinic journey").await;
    let first = store.current_map(&map).await.unwrap().unwrap().ordered_stages()[0].title.clone();
    let id = map.to_string();
    let csv = format!("Data;Nota;Serviço;Comentário;Cliente\n01/10/2026;2;{first};Long wait;+55 11 98765-4321\n02/10/2026;5;{first};Lovely;b@example.com\n");
    let mapping = serde_json::json!({"date": "Data", "score": "Nota", "stage": "Serviço", "comment": "Comentário", "client": "Cliente", "scale": "stars", "mask": true});
    let q = |s: &str| percent(s);

    row("preview a feedback file", &people, [200, 200, 403, 403, 401, 404], |_, who| {
        let (id, csv) = (id.clone(), csv.clone());
        async move {
            request(addr, "POST", &format!("/api/maps/{id}/feedback/preview?name=a.csv"), &who, csv.as_bytes()).await
        }
    })
    .await;
    row("import a feedback file", &people, [200, 200, 403, 403, 401, 404], |_, who| {
        let (id, csv, m) = (id.clone(), csv.clone(), q(&mapping.to_string()));
        async move {
            request(
                addr,
                "POST",
                &format!("/api/maps/{id}/feedback/import?name=a.csv&mapping={m}"),
                &who,
                csv.as_bytes(),
            )
            .await
        }
    })
    .await;
    let summary = app::server::feedback::summary(&store, &map).await.unwrap();
    assert_eq!(summary.count, 4, "the owner's and the editor's imports landed (two answers each, no external ids)");
    let batches = store.feedback_batches(&map).await.unwrap();
    row("read the feedback summary", &people, [200, 200, 200, 200, 401, 404], |_, who| {
        let id = id.clone();
        async move { server_fn(addr, "feedback/summary", who.as_ref(), &format!("map={id}")).await.status }
    })
    .await;
    let stage = store.current_map(&map).await.unwrap().unwrap().ordered_stages()[0].id.clone();
    row("read a stage's answers", &people, [200, 200, 200, 200, 401, 404], |_, who| {
        let (id, stage) = (id.clone(), stage.clone());
        async move {
            server_fn(addr, "feedback/answers", who.as_ref(), &format!("map={id}&stage={stage}&filter%5Boffset%5D=0"))
                .await
                .status
        }
    })
    .await;
    row("list the imports", &people, [200, 200, 200, 200, 401, 404], |_, who| {
        let id = id.clone();
        async move { server_fn(addr, "feedback/batches", who.as_ref(), &format!("map={id}")).await.status }
    })
    .await;
    row("forget a client", &people, [200, 200, 403, 403, 401, 404], |_, who| {
        let id = id.clone();
        async move {
            server_fn(addr, "feedback/forget", who.as_ref(), &format!("map={id}&client=nobody%40example.com"))
                .await
                .status
        }
    })
    .await;
    // The owner undoes the first import; the editor then finds it gone.
    row("undo an import", &people, [200, 404, 403, 403, 401, 404], |_, who| {
        let (id, batch) = (id.clone(), batches.first().map(|b| b.id.clone()).unwrap_or_default());
        async move {
            server_fn(addr, "feedback/delete-batch", who.as_ref(), &format!("map={id}&batch={batch}")).await.status
        }
    })
    .await;
    row("set the feedback retention", &people, [200, 403, 403, 403, 401, 200], |_, who| async move {
        server_fn(addr, "feedback/retention", who.as_ref(), "months=24").await.status
    })
    .await;
    row("read the reviews", &people, [200, 200, 200, 200, 401, 404], |_, who| {
        let id = id.clone();
        async move { server_fn(addr, "maps/reviews", who.as_ref(), &format!("id={id}")).await.status }
    })
    .await;
    row("mark a map reviewed", &people, [200, 200, 403, 403, 401, 404], |i, who| {
        let id = id.clone();
        async move {
            server_fn(addr, "maps/mark-reviewed", who.as_ref(), &format!("id={id}&note=by+{}", WHO[i])).await.status
        }
    })
    .await;
    row("set the review cadence", &people, [200, 200, 403, 403, 401, 404], |_, who| {
        let id = id.clone();
        async move { server_fn(addr, "maps/review-cadence", who.as_ref(), &format!("id={id}&weeks=4")).await.status }
    })
    .await;
    let reviews = store.reviews(&map).await.unwrap();
    assert_eq!(reviews.log.iter().map(|e| e.note.as_str()).collect::<Vec<_>>(), ["by owner", "by editor"]);
    assert_eq!(reviews.cadence.map(|c| c.weeks()), Some(4));
}

pub(crate) fn percent(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}
