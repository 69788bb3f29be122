//! The REST API over HTTP: tokens, every route, refusals.

use app::server::store::Store;
use clap::Parser;
use serde_json::{json, Value};

async fn start() -> (String, Store) {
    let store = Store::open("mem://", None).await.unwrap();
    let config = server::config::Config::parse_from(["jornada", "--db", "mem://"]);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = server::router::build(&config, store.clone(), addr);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/api/v1"), store)
}

/// A tiny HTTP/1.1 client over a TCP stream: enough for these tests without a client crate.
async fn call(method: &str, url: &str, token: Option<&str>, body: &[u8]) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_once('/').unwrap();
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    let head = format!(
        "{method} /{path} HTTP/1.1\r\nHost: {host}\r\n{auth}Accept-Language: pt-BR\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut out = Vec::new();
    stream.read_to_end(&mut out).await.unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text[9..12].parse().unwrap();
    let (headers, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let body =
        if headers.to_lowercase().contains("transfer-encoding: chunked") { dechunk(body) } else { body.to_owned() };
    (status, body)
}

fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&tail[..n]);
        rest = &tail[n + 2..];
    }
    out
}

#[tokio::test]
async fn the_api_needs_a_token_and_does_what_the_document_says() {
    let (base, store) = start().await;
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
    store.create_token("t1", "CI", token).await.unwrap();
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

    store.revoke_token("t1").await.unwrap();
    assert_eq!(call("GET", &format!("{base}/maps"), t, b"").await.0, 401);
}
