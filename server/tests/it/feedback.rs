//! Customer feedback over real HTTP (#15; adapted from the fbstore branch): a share link
//! that sees the summary but never the answers, the REST round trip with tokens, and an
//! upload larger than the general body limit. (Who may do what: authz.rs.)

use crate::support;
use app::domain::accounts::TokenScope;
use app::domain::template::Template;
use app::domain::Role;
use app::i18n::Locale;
use app::server::store::tokens::NewToken;
use app::server::store::Store;
use serde_json::{json, Value};
use std::net::SocketAddr;
use support::{server_fn, Session, WS};

/// A POST whose body the server may refuse before reading it all: the answer, whatever
/// happens to the rest of the body.
async fn post_big(addr: SocketAddr, path: &str, who: &Option<Session>, body: &[u8]) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let cookie = who.as_ref().map(|s| s.cookie.clone()).unwrap_or_default();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nCookie: {cookie}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let _ = stream.write_all(body).await;
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out).await;
    String::from_utf8_lossy(&out).get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_share_link_sees_the_summary_but_not_the_entries() {
    let (addr, store) = support::start().await;
    let owner = support::owner(&store).await;
    let map = app::server::maps::create(&store, WS, "Shared", Template::Starter, Locale::En).await.unwrap();
    let stage = store.current_map(&map).await.unwrap().unwrap().ordered_stages()[0].clone();
    let entries = vec![app::server::feedback_push::PushEntry {
        stage: stage.title.clone(),
        card: None,
        date: chrono::Utc::now().date_naive(),
        score: 2.0,
        scale: app::domain::feedback::Scale::Stars,
        comment: Some("A private complaint".into()),
        client: Some("ana@example.com".into()),
        segment: None,
        external_id: None,
        source: None,
        lang: None,
    }];
    app::server::feedback_push::push(&store, WS, &map, entries, "Olga").await.unwrap();
    let r = server_fn(addr, "shares/create", Some(&owner), &format!("map={map}&role=viewer&days=3")).await;
    let path: String = serde_json::from_str(&r.body).unwrap();
    let token = path.strip_prefix("/s/").unwrap().to_owned();
    let summary = server_fn(addr, "feedback/summary", None, &format!("map={map}&share={token}")).await;
    assert_eq!(summary.status, 200, "{}", summary.body);
    assert!(summary.body.contains("\"count\":1"), "{}", summary.body);
    assert!(
        !summary.body.contains("private") && !summary.body.contains("ana@"),
        "no comment, no client: {}",
        summary.body
    );
    let board = server_fn(addr, "maps/shared", None, &format!("token={token}")).await;
    assert!(board.body.contains("\"feedback\":{\"count\":1"), "the board carries the summary: {}", board.body);
    assert!(!board.body.contains("private complaint"));
    let answers = format!("map={map}&stage={}&filter%5Boffset%5D=0", stage.id);
    assert_eq!(server_fn(addr, "feedback/answers", None, &answers).await.status, 401, "answers need an account");
    assert_eq!(server_fn(addr, "feedback/batches", None, &format!("map={map}&share={token}")).await.status, 401);
    let other = app::server::maps::create(&store, WS, "Other", Template::Starter, Locale::En).await.unwrap();
    let elsewhere = server_fn(addr, "feedback/summary", None, &format!("map={other}&share={token}")).await;
    assert_eq!(elsewhere.status, 404, "the link is for one map");
}

/// Waits for the news that the map's feedback changed, past presence and the like.
async fn hears_feedback_changed(ws: &mut support::Socket) {
    use app::protocol::{EvidenceNews, ServerMsg};
    loop {
        if support::recv(ws).await == ServerMsg::Evidence(EvidenceNews::FeedbackChanged) {
            return;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_boards_hear_that_the_feedback_changed() {
    let (addr, store) = support::start().await;
    let owner = support::owner(&store).await;
    let map = app::server::maps::create(&store, WS, "Clinic", Template::Starter, Locale::En).await.unwrap();
    let stage = store.current_map(&map).await.unwrap().unwrap().ordered_stages()[0].clone();
    let r = server_fn(addr, "shares/create", Some(&owner), &format!("map={map}&role=viewer&days=3")).await;
    let path: String = serde_json::from_str(&r.body).unwrap();
    let token = path.strip_prefix("/s/").unwrap().to_owned();
    let mut member = support::connect(addr, &map, Some(&owner), "Olga").await;
    let shared = app::protocol::ws_map_path(map.as_str(), Some(&token));
    let mut link = support::connect_to(addr, &shared, None, "Guest", 0).await;
    let entry = app::server::feedback_push::PushEntry {
        stage: stage.title.clone(),
        card: None,
        date: chrono::Utc::now().date_naive(),
        score: 4.0,
        scale: app::domain::feedback::Scale::Stars,
        comment: None,
        client: None,
        segment: None,
        external_id: Some("visit-1".into()),
        source: None,
        lang: None,
    };
    app::server::feedback_push::push(&store, WS, &map, vec![entry], "Olga").await.unwrap();
    hears_feedback_changed(&mut member).await;
    hears_feedback_changed(&mut link).await;
    // Undoing the import is news too.
    let batch = store.feedback_batches(&map).await.unwrap()[0].id.clone();
    app::server::feedback::delete_batch(&store, &map, &batch).await.unwrap();
    hears_feedback_changed(&mut member).await;
}

fn api_token(n: u16) -> String {
    format!("jrn_f{n:03x}{}", "0".repeat(60))
}

async fn token(store: &Store, user: &str, workspace: &str, secret: &str, scope: TokenScope) {
    let id = secret.trim_start_matches("jrn_").to_owned();
    let t = NewToken { user, id: &id, name: "test", secret, workspace, scope, days: None };
    store.create_token(t).await.map_err(|e| format!("{e:?}")).unwrap();
}

async fn call(addr: SocketAddr, method: &str, path: &str, token: &str, body: &[u8]) -> (u16, String) {
    let auth = format!("Bearer {token}");
    let r = support::http(addr, method, &format!("/api/v1{path}"), &[("Authorization", auth.as_str())], body).await;
    (r.status, r.body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feedback_goes_in_and_out_through_the_rest_api() {
    let (addr, store) = support::start().await;
    let owner = support::owner(&store).await;
    let viewer = support::member(&store, "Vera Viewer", WS, Role::Viewer).await;
    let stranger = support::outsider(&store, "Sam Stranger").await;
    let stranger_ws = store.workspaces_of(&stranger.user).await.unwrap()[0].id.clone();
    let (write, read, foreign) = (api_token(1), api_token(2), api_token(3));
    token(&store, &owner.user, WS, &write, TokenScope::Write).await;
    token(&store, &viewer.user, WS, &read, TokenScope::Write).await;
    token(&store, &stranger.user, &stranger_ws, &foreign, TokenScope::Write).await;
    let map = app::server::maps::create(&store, WS, "Clinic", Template::Starter, Locale::En).await.unwrap();
    let stage = store.current_map(&map).await.unwrap().unwrap().ordered_stages()[0].clone();
    let path = format!("/maps/{map}/feedback");
    let body = json!([
        { "stage": stage.title, "date": "2025-03-01", "score": 2, "comment": "Long wait", "client": "ana", "external_id": "crm-1" },
        { "stage": stage.id, "date": "2025-03-02", "score": 9, "scale": "nps", "external_id": "crm-2" }
    ])
    .to_string();
    let (status, answer) = call(addr, "POST", &path, &write, body.as_bytes()).await;
    assert_eq!(status, 201, "{answer}");
    let outcome: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!((outcome["imported"].as_u64(), outcome["unchanged"].as_u64()), (Some(2), Some(0)));
    let (status, again) = call(addr, "POST", &path, &write, body.as_bytes()).await;
    assert_eq!(status, 201);
    assert_eq!(serde_json::from_str::<Value>(&again).unwrap()["unchanged"].as_u64(), Some(2), "idempotent");
    let (status, list) = call(addr, "GET", &format!("{path}?limit=10"), &read, b"").await;
    assert_eq!(status, 200, "a viewer's token reads");
    let list: Vec<Value> = serde_json::from_str(&list).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["external_id"], "crm-2", "newest first");
    assert!(list[1]["client"].is_null(), "no client reference goes out");
    assert_eq!(call(addr, "POST", &path, &read, body.as_bytes()).await.0, 403, "a viewer cannot push");
    assert_eq!(call(addr, "GET", &path, &foreign, b"").await.0, 404, "a stranger gets 404");
    assert_eq!(call(addr, "POST", &path, &foreign, body.as_bytes()).await.0, 404);
    let bad = json!([{ "stage": "Nowhere", "date": "2025-03-01", "score": 2 }]).to_string();
    let (status, refusal) = call(addr, "POST", &path, &write, bad.as_bytes()).await;
    assert_eq!(status, 422, "{refusal}");
    assert!(refusal.contains("bad_entry"), "{refusal}");
    let (_, doc) = call(addr, "GET", "/openapi.json", &write, b"").await;
    assert!(serde_json::from_str::<Value>(&doc).unwrap()["paths"]["/maps/{id}/feedback"]["post"].is_object());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_feedback_file_may_be_larger_than_other_bodies_up_to_its_own_limit() {
    let (addr, store) = support::start().await;
    let owner = Some(support::owner(&store).await);
    let map = app::server::maps::create(&store, WS, "Clinic", Template::Starter, Locale::En).await.unwrap();
    // 9 MB: over the general 8 MB body limit, under the feedback file's 32 MB.
    let mut file = String::from("Date,Score\n");
    while file.len() < 9 * 1024 * 1024 {
        file.push_str("2025-01-01,5\n");
    }
    let preview = format!("/api/maps/{map}/feedback/preview?name=big.csv");
    let status = post_big(addr, &preview, &owner, file.as_bytes()).await;
    assert!(status != 413 && status != 0, "{status}");
    assert_eq!(
        post_big(addr, "/api/maps/import", &owner, file.as_bytes()).await,
        413,
        "other routes keep the general limit"
    );
    let huge = vec![b'a'; app::domain::feedback::MAX_FILE + 1024];
    assert_eq!(post_big(addr, &preview, &owner, &huge).await, 413);
}
