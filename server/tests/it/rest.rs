//! The REST API over HTTP: tokens (workspace, scope, expiry), every route, refusals.

use app::domain::accounts::TokenScope;
use app::server::store::tokens::NewToken;
use app::server::store::Store;
use serde_json::{json, Value};

use crate::support;
use app::domain::Role;

/// The `n`th test token: shaped as generated ones are (the prefix and 64 hex digits),
/// told apart by its first characters as the token list shows them.
fn api_token(n: u16) -> String {
    format!("jrn_{n:04x}{}", "0".repeat(60))
}

/// Stores a token for `user` in `workspace` (days `Some(0)`: expired at once).
async fn token(store: &Store, user: &str, workspace: &str, secret: &str, scope: TokenScope, days: Option<u32>) {
    let id = secret.trim_start_matches("jrn_").to_owned();
    let t = NewToken { user, id: &id, name: "test", secret, workspace, scope, days };
    store.create_token(t).await.map_err(|e| format!("{e:?}")).unwrap();
}

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
    let token = &api_token(1);
    self::token(&store, &owner.user, support::WS, token, TokenScope::Write, None).await;
    let t = Some(token.as_str());

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

    store.revoke_token(&owner.user, token.trim_start_matches("jrn_")).await.unwrap();
    assert_eq!(call("GET", &format!("{base}/maps"), t, b"").await.0, 401);
}

/// A token acts as its user: a viewer reads but cannot write, a stranger sees nothing.
#[tokio::test]
async fn a_token_carries_its_users_role() {
    let (base, store, owner) = start().await;
    let viewer = support::member(&store, "Vera Viewer", support::WS, Role::Viewer).await;
    let stranger = support::outsider(&store, "Sam Stranger").await;
    let (o, v, s) = (api_token(1), api_token(2), api_token(3));
    let (o, v, s) = (o.as_str(), v.as_str(), s.as_str());
    token(&store, &owner.user, support::WS, o, TokenScope::Write, None).await;
    token(&store, &viewer.user, support::WS, v, TokenScope::Write, None).await;
    let elsewhere = store.workspaces_of(&stranger.user).await.unwrap()[0].id.clone();
    token(&store, &stranger.user, &elsewhere, s, TokenScope::Write, None).await;
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

/// A token acts in its own workspace only, a read token only reads, an expired one or one
/// whose person left the workspace is 401, and a token that fails costs no write.
#[tokio::test]
async fn a_token_has_a_workspace_a_scope_and_an_expiry() {
    let (base, store, owner) = start().await;
    let addr = base.trim_start_matches("http://").trim_end_matches("/api/v1").to_owned();
    let mermaid = b"journey\n  title Booking\n  section Find\n    Searches: 4: Ana\n";
    let (rw, ro, old, second) = (api_token(1), api_token(2), api_token(3), api_token(4));
    let (rw, ro, old, second) = (rw.as_str(), ro.as_str(), old.as_str(), second.as_str());
    token(&store, &owner.user, support::WS, rw, TokenScope::Write, Some(30)).await;
    token(&store, &owner.user, support::WS, ro, TokenScope::Read, None).await;
    token(&store, &owner.user, support::WS, old, TokenScope::Write, Some(0)).await;
    // The owner's second workspace, which the UI switches to: the tokens stay in the first.
    store.create_workspace("second", "Second", &owner.user).await.map_err(|e| format!("{e:?}")).unwrap();
    token(&store, &owner.user, "second", second, TokenScope::Write, None).await;
    let (status, created) = call("POST", &format!("{base}/maps"), Some(rw), mermaid).await;
    assert_eq!(status, 201, "{created}");
    let id = serde_json::from_str::<Value>(&created).unwrap()["id"].as_str().unwrap().to_owned();
    assert_eq!(store.list_maps(support::WS).await.unwrap().len(), 1, "made in the token's workspace");
    assert!(store.list_maps("second").await.unwrap().is_empty());
    // The second workspace's token sees nothing of the first, though its person is owner there.
    assert_eq!(call("GET", &format!("{base}/maps/{id}"), Some(second), b"").await.0, 404);
    assert_eq!(call("GET", &format!("{base}/maps"), Some(second), b"").await.1, "[]");
    assert_eq!(call("DELETE", &format!("{base}/maps/{id}"), Some(second), b"").await.0, 404);
    // A read token reads and exports, and writes nothing.
    assert_eq!(call("GET", &format!("{base}/maps/{id}"), Some(ro), b"").await.0, 200);
    assert_eq!(call("GET", &format!("{base}/maps/{id}/export/csv"), Some(ro), b"").await.0, 200);
    assert_eq!(call("POST", &format!("{base}/maps"), Some(ro), mermaid).await.0, 403);
    let ops = json!({ "ops": [{ "type": "edit_map", "title": "Mine" }] }).to_string();
    assert_eq!(call("POST", &format!("{base}/maps/{id}/ops"), Some(ro), ops.as_bytes()).await.0, 403);
    assert_eq!(call("DELETE", &format!("{base}/maps/{id}"), Some(ro), b"").await.0, 403);
    // Expired: 401, and not even marked used.
    assert_eq!(call("GET", &format!("{base}/maps"), Some(old), b"").await.0, 401);
    let listed = store.list_tokens(&owner.user).await.unwrap();
    let expired = listed.iter().find(|t| t.prefix == old[..8]).unwrap();
    assert_eq!(expired.last_used, None, "a token that fails to check writes nothing");
    assert!(expired.expires_at.is_some() && expired.expired);
    let good = listed.iter().find(|t| t.prefix == rw[..8]).unwrap();
    assert!(good.last_used.is_some() && good.scope == TokenScope::Write && good.workspace_name == "Clinic");
    assert!(good.expires_at.is_some() && !good.expired);
    // A person removed from the workspace: their token is 401, not a 403 for every call.
    let editor = support::member(&store, "Edu Editor", support::WS, Role::Editor).await;
    let ed = api_token(5);
    let ed = ed.as_str();
    token(&store, &editor.user, support::WS, ed, TokenScope::Write, None).await;
    assert_eq!(call("GET", &format!("{base}/maps"), Some(ed), b"").await.0, 200);
    store.set_member_role(support::WS, &editor.user, None).await.map_err(|e| format!("{e:?}")).unwrap();
    assert_eq!(call("GET", &format!("{base}/maps"), Some(ed), b"").await.0, 401);

    // Through Settings: a write token needs a role that may edit; the expiry is 1–365 days;
    // the person's tokens are capped.
    let addr: std::net::SocketAddr = addr.parse().unwrap();
    let viewer = support::member(&store, "Vera Viewer", support::WS, Role::Viewer).await;
    let r = support::server_fn(addr, "tokens/create", Some(&viewer), "name=Sync&scope=write").await;
    assert_eq!(r.status, 403, "{}", r.body);
    let r = support::server_fn(addr, "tokens/create", Some(&viewer), "name=Sync&scope=read&days=0").await;
    assert_eq!(r.status, 422, "{}", r.body);
    let r = support::server_fn(addr, "tokens/create", Some(&viewer), "name=Sync").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let made: String = serde_json::from_str(&r.body).unwrap();
    assert_eq!(call("POST", &format!("{base}/maps"), Some(&made), mermaid).await.0, 403, "read is the default");
    let max = app::domain::access::Quota::Tokens.max();
    for i in 1..max {
        let r = support::server_fn(addr, "tokens/create", Some(&viewer), &format!("name=T{i}&days=7")).await;
        assert_eq!(r.status, 200, "token {i}: {}", r.body);
    }
    let r = support::server_fn(addr, "tokens/create", Some(&viewer), "name=One+too+many").await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("quota_reached"), "{}", r.body);
}
