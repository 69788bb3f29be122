//! What the server tests (and the load generator) share: the real router on a free port,
//! accounts made straight in the store, a small HTTP/1.1 client and websocket helpers.
#![allow(dead_code)]

use app::api::ws::{ClientMsg, ServerMsg};
use app::domain::{Card, CardId, Colour, Map, MapId, Op, Role};
use app::server::auth::AuthConfig;
use app::server::store::accounts::NewUser;
use app::server::store::Store;
use clap::Parser;
use futures::{SinkExt, StreamExt};
use std::net::SocketAddr;
use std::time::Duration;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

pub type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// The first workspace, made by set-up.
pub const WS: &str = "default";

/// Serves the real router for `store` on a free port.
pub async fn serve(store: &Store, auth: AuthConfig) -> SocketAddr {
    let config = server::config::Config::parse_from(["jornada", "--db", "mem://"]);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = server::router::build_with(&config, store.clone(), addr, auth);
    tokio::spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap()
    });
    addr
}

/// A fresh in-memory store behind the real router.
pub async fn start() -> (SocketAddr, Store) {
    let store = Store::open("mem://", None).await.unwrap();
    (serve(&store, AuthConfig::default()).await, store)
}

/// A signed-in person: their id and the `Cookie` header of their session.
#[derive(Clone, Debug)]
pub struct Session {
    pub user: String,
    pub cookie: String,
}

/// A session for an existing user, made in the store.
pub async fn session_for(store: &Store, user: &str) -> Session {
    let secret = app::server::auth::secret("jss_");
    store.create_session(&uuid(), user, &secret, 1).await.unwrap();
    Session { user: user.to_owned(), cookie: format!("jornada_session={secret}") }
}

fn uuid() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// The owner of the first workspace (set-up done in the store; the password is not used).
pub async fn owner(store: &Store) -> Session {
    let id = uuid();
    let user = NewUser { id: &id, email: "owner@example.com", name: "Olga Owner", hash: "-", locale: "en" };
    store.set_up(user, "Clinic").await.map_err(|e| format!("{e:?}")).unwrap();
    session_for(store, &id).await
}

/// A member of `workspace` with `role`, signed in.
pub async fn member(store: &Store, name: &str, workspace: &str, role: Role) -> Session {
    let id = uuid();
    let email = format!("{}@example.com", name.to_lowercase().replace(' ', "."));
    let user = NewUser { id: &id, email: &email, name, hash: "-", locale: "en" };
    store.create_user(user, Some((workspace, role)), None).await.map_err(|e| format!("{e:?}")).unwrap();
    session_for(store, &id).await
}

/// Someone with a workspace of their own (and no other).
pub async fn outsider(store: &Store, name: &str) -> Session {
    let id = uuid();
    let email = format!("{}@example.com", name.to_lowercase().replace(' ', "."));
    let user = NewUser { id: &id, email: &email, name, hash: "-", locale: "en" };
    store.create_user(user, None, Some((&uuid(), "Elsewhere"))).await.map_err(|e| format!("{e:?}")).unwrap();
    session_for(store, &id).await
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

/// A tiny HTTP/1.1 client over a TCP stream: enough for these tests without a client crate.
/// `Host` and, with a cookie, `Origin` are set as a browser on our own page would.
pub async fn http(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n", body.len()));
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut out = Vec::new();
    stream.read_to_end(&mut out).await.unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text[9..12].parse().unwrap();
    let (headers, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let body =
        if headers.to_lowercase().contains("transfer-encoding: chunked") { dechunk(body) } else { body.to_owned() };
    Reply { status, headers: headers.to_owned(), body }
}

fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || tail.len() < n {
            break;
        }
        out.push_str(&tail[..n]);
        rest = tail.get(n + 2..).unwrap_or_default();
    }
    out
}

/// Calls a server function (`/api/<endpoint>`) with a form body as a browser would: with
/// the session cookie and our own origin.
pub async fn server_fn(addr: SocketAddr, endpoint: &str, who: Option<&Session>, form: &str) -> Reply {
    let origin = format!("http://{addr}");
    let mut headers = vec![("Content-Type", "application/x-www-form-urlencoded"), ("Origin", origin.as_str())];
    if let Some(s) = who {
        headers.push(("Cookie", s.cookie.as_str()));
    }
    http(addr, "POST", &format!("/api/{endpoint}"), &headers, form.as_bytes()).await
}

/// Opens a map's websocket (with a session cookie and our origin) and says hello.
pub async fn connect(addr: SocketAddr, map: &MapId, who: Option<&Session>, name: &str) -> Socket {
    connect_to(addr, &format!("/api/ws/maps/{map}"), who, name, 0).await
}

pub async fn connect_to(addr: SocketAddr, path: &str, who: Option<&Session>, name: &str, last_rev: u64) -> Socket {
    let mut request = format!("ws://{addr}{path}").into_client_request().unwrap();
    request.headers_mut().insert("origin", format!("http://{addr}").parse().unwrap());
    if let Some(s) = who {
        request.headers_mut().insert("cookie", s.cookie.parse().unwrap());
    }
    let (mut ws, _) = tokio_tungstenite::connect_async(request).await.expect("the websocket connects");
    send(&mut ws, &ClientMsg::Hello { last_rev, name: name.into(), colour: "#123456".into() }).await;
    ws
}

pub async fn send(ws: &mut Socket, msg: &ClientMsg) {
    ws.send(Message::Text(serde_json::to_string(msg).unwrap().into())).await.unwrap();
}

/// The next protocol message (20 s at most).
pub async fn recv(ws: &mut Socket) -> ServerMsg {
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(20), ws.next())
            .await
            .expect("a message in time")
            .expect("the socket is open")
            .expect("a frame");
        if let Message::Text(t) = frame {
            return serde_json::from_str(&t).unwrap();
        }
    }
}

/// The close code the server ends the socket with (skipping other messages).
pub async fn close_code(ws: &mut Socket) -> Option<u16> {
    loop {
        match tokio::time::timeout(Duration::from_secs(20), ws.next()).await.expect("an answer in time") {
            Some(Ok(Message::Close(frame))) => return frame.map(|f| u16::from(f.code)),
            Some(Ok(_)) => {}
            _ => return None,
        }
    }
}

/// A new card in the cell for `n`, spread over the map's stages and lanes.
pub fn card_op(map: &Map, n: usize, text: &str) -> Op {
    let stages = map.ordered_stages();
    let lanes = map.ordered_lanes();
    let stage = stages[n % stages.len()].id.clone();
    let lane = lanes[(n / stages.len()) % lanes.len()].id.clone();
    Op::AddCard {
        card: Card {
            id: CardId::generate(),
            order: map.card_key_at(&stage, &lane, 0, None),
            stage,
            lane,
            text: format!("{text} {n}"),
            colour: Colour::Blue,
            tags: vec![],
            details: Default::default(),
        },
    }
}
