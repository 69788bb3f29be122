//! The REST API over HTTP: tokens, every route, refusals.

use app::server::store::Store;
use serde_json::{json, Value};

mod support;
use app::domain::Role;

async fn start() -> (String, Store, support::Session) {
    let (addr, store) = support::start().await;
    let owner = support::owner(&store).await;
    (format!("http://{addr}/api/v1"), store, owner)
}

/// Calls the API with an optional bearer token, asking for Portuguese messages.
async fn call(method: &str, url: &str, token: Option<&str>, body: &[u8]) -> (u16, String) {
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_once('/').unwrap();
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("Accept-Language", "pt-BR")];
    if let Some(a) = &auth {
        headers.push(("Authorization", a.as_str()));
    }
    let reply = support::http(host.parse().unwrap(), method, &format!("/{path}"), &headers, body).await;
    (reply.status, reply.body)
}

#[tokio::test]
async fn the_api_needs_a_token_and_does_what_the_document_says() {
    let (base, store, owner) = start().await;
    // The document is public and lists every route.
    let (status, doc) = call("GET", &format!("{base}/openapi.json"), None, b"").await;
    assert_eq!(status, 200);
    let doc: Value = serde_json::from_str(&doc).unwrap();
    for path in ["/maps", "/maps/{id}", "/maps/{id}/ops", "/maps/{id}/export/{format}"] {
        assert!(doc["paths"][path].is_object(), "{path}");
    }
    // Without a token, or with a revoked one: 401.
    assert_eq!(call("GET", &format!("{base}/maps"), None, b"").await.0, 401);
    assert_eq!(call("GET", &format!("{base}/maps"), Some("jrn_nope"), b"").await.0, 401);
    let token = "jrn_0123456789abcdef0123456789abcdef";
    store.create_token(&owner.user, "t1", "CI", token).await.unwrap();
    let t = Some(token);

    // Create from a Mermaid journey, read it, change it, export it, delete it.
    let mermaid =
        b"journey\n  title Booking\n  section Find\n    Searches: 4: Ana\n  section Book\n    Calls: 2: Ana\n";
    let (status, created) = call("POST", &format!("{base}/maps"), t, mermaid).await;
    assert_eq!(status, 201, "{created}");
    let id = serde_json::from_str::<Value>(&created).unwrap()["id"].as_str().unwrap().to_owned();
    let (status, list) = call("GET", &format!("{base}/maps"), t, b"").await;
    assert_eq!(status, 200);
    assert!(list.contains("Booking"));
    let (status, map) = call("GET", &format!("{base}/maps/{id}"), t, b"").await;
    assert_eq!(status, 200);
    let map: app::domain::Map = serde_json::from_str(&map).unwrap();
    let card = map.cards.values().next().unwrap().id.clone();
    let ops = json!({ "client_op": "api-1", "ops": [{ "type": "edit_card", "id": card, "text": "Searches online" }] });
    let (status, applied) = call("POST", &format!("{base}/maps/{id}/ops"), t, ops.to_string().as_bytes()).await;
    assert_eq!(status, 200, "{applied}");
    let (_, again) = call("POST", &format!("{base}/maps/{id}/ops"), t, ops.to_string().as_bytes()).await;
    assert!(again.contains("\"duplicate\":true"), "a retry is applied once: {again}");
    let (status, csv) = call("GET", &format!("{base}/maps/{id}/export/csv"), t, b"").await;
    assert_eq!(status, 200);
    assert!(csv.contains("Searches online"));

    // Refusals: a bad op (translated), a bad file naming its line, an unknown map.
    let bad = json!({ "ops": [{ "type": "delete_card", "id": "missing" }] });
    let (status, body) = call("POST", &format!("{base}/maps/{id}/ops"), t, bad.to_string().as_bytes()).await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = call("POST", &format!("{base}/maps"), t, b"journey\n  section A\n    Task: 9\n").await;
    assert_eq!(status, 422);
    assert!(body.contains("Linha 3"), "{body}");
    assert_eq!(call("POST", &format!("{base}/maps"), t, b"not a map").await.0, 415);
    assert_eq!(call("GET", &format!("{base}/maps/nope"), t, b"").await.0, 404);
    assert_eq!(call("DELETE", &format!("{base}/maps/{id}"), t, b"").await.0, 204);
    assert_eq!(call("GET", &format!("{base}/maps/{id}"), t, b"").await.0, 404);

    store.revoke_token(&owner.user, "t1").await.unwrap();
    assert_eq!(call("GET", &format!("{base}/maps"), t, b"").await.0, 401);
}

/// A token acts as its user: a viewer reads but cannot write, a stranger sees nothing.
#[tokio::test]
async fn a_token_carries_its_users_role() {
    let (base, store, owner) = start().await;
    let viewer = support::member(&store, "Vera Viewer", support::WS, Role::Viewer).await;
    let stranger = support::outsider(&store, "Sam Stranger").await;
    let (o, v, s) = (
        "jrn_owner0000000000000000000000000001",
        "jrn_viewer000000000000000000000000001",
        "jrn_strngr000000000000000000000000001",
    );
    store.create_token(&owner.user, "o", "owner", o).await.unwrap();
    store.create_token(&viewer.user, "v", "viewer", v).await.unwrap();
    store.create_token(&stranger.user, "s", "stranger", s).await.unwrap();
    let mermaid = b"journey\n  title Booking\n  section Find\n    Searches: 4: Ana\n";
    let (status, created) = call("POST", &format!("{base}/maps"), Some(o), mermaid).await;
    assert_eq!(status, 201);
    let id = serde_json::from_str::<Value>(&created).unwrap()["id"].as_str().unwrap().to_owned();
    // The viewer reads and exports, and is refused every write with 403.
    assert_eq!(call("GET", &format!("{base}/maps/{id}"), Some(v), b"").await.0, 200);
    assert_eq!(call("GET", &format!("{base}/maps/{id}/export/json"), Some(v), b"").await.0, 200);
    assert_eq!(call("POST", &format!("{base}/maps"), Some(v), mermaid).await.0, 403);
    let ops = json!({ "ops": [{ "type": "edit_map", "title": "Mine" }] }).to_string();
    assert_eq!(call("POST", &format!("{base}/maps/{id}/ops"), Some(v), ops.as_bytes()).await.0, 403);
    assert_eq!(call("DELETE", &format!("{base}/maps/{id}"), Some(v), b"").await.0, 403);
    // A member of another workspace gets 404, as for a map that does not exist, and an
    // empty list.
    for (method, path) in
        [("GET", format!("/maps/{id}")), ("GET", format!("/maps/{id}/export/csv")), ("DELETE", format!("/maps/{id}"))]
    {
        assert_eq!(call(method, &format!("{base}{path}"), Some(s), b"").await.0, 404, "{method} {path}");
    }
    assert_eq!(call("POST", &format!("{base}/maps/{id}/ops"), Some(s), ops.as_bytes()).await.0, 404);
    assert_eq!(call("GET", &format!("{base}/maps"), Some(s), b"").await.1, "[]");
    assert_eq!(store.current_map(&app::domain::MapId(id)).await.unwrap().unwrap().title, "Booking");
}
