//! What the server tests (and the load generator) share: the real router on a free port,
//! the real `jornada` binary as a child process, accounts made straight in the store or
//! over HTTP, a small HTTP/1.1 client, websocket helpers and a client's replica of a map.
#![allow(dead_code)]

use app::domain::{Card, CardId, Colour, Map, MapId, Op, Role};
use app::protocol::{ClientMsg, EditReply, Rejection, ServerMsg, SyncMsg};
use app::server::auth::AuthConfig;
use app::server::store::accounts::NewUser;
use app::server::store::Store;
use clap::Parser;
use futures::{SinkExt, StreamExt};
use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

pub type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Held by a test that loads the machine (many clients, a killed process, a second
/// server), so two of them never run at once in the one test binary.
pub fn alone() -> std::sync::MutexGuard<'static, ()> {
    static HEAVY: std::sync::Mutex<()> = std::sync::Mutex::new(());
    HEAVY.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The first workspace, made by set-up.
pub const WS: &str = "default";

/// Serves the real router for `store` on a free port.
pub async fn serve(store: &Store, auth: AuthConfig) -> SocketAddr {
    let config = server::config::Config::parse_from(["jornada", "--db", "mem://"]);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = server::router::build_with(&config, store.clone(), addr, auth);
    // The binary's own accept loop (header time limit, connection info).
    tokio::spawn(server::serve::serve(listener, app, std::future::pending()));
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
    let secret = app::server::auth::generate(app::domain::SecretKind::Session);
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
    connect_to(addr, &app::protocol::ws_map_path(map.as_str(), None), who, name, 0).await
}

pub async fn connect_to(addr: SocketAddr, path: &str, who: Option<&Session>, name: &str, last_rev: u64) -> Socket {
    let mut ws = connect_raw(addr, path, who).await;
    send(&mut ws, &ClientMsg::hello(last_rev, name, "#123456")).await;
    ws
}

/// Opens a websocket (with a session cookie and our origin) without saying anything.
pub async fn connect_raw(addr: SocketAddr, path: &str, who: Option<&Session>) -> Socket {
    let mut request = format!("ws://{addr}{path}").into_client_request().unwrap();
    request.headers_mut().insert("origin", format!("http://{addr}").parse().unwrap());
    if let Some(s) = who {
        request.headers_mut().insert("cookie", s.cookie.parse().unwrap());
    }
    let (ws, _) = tokio_tungstenite::connect_async(request).await.expect("the websocket connects");
    ws
}

pub async fn send(ws: &mut Socket, msg: &ClientMsg) {
    send_text(ws, &serde_json::to_string(msg).unwrap()).await;
}

pub async fn send_text(ws: &mut Socket, text: &str) {
    ws.send(Message::Text(text.to_owned().into())).await.unwrap();
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
            author: None,
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

/// The next protocol message, or `None` when the socket ended, failed (a killed server) or
/// stayed silent for `wait`.
pub async fn recv_or_end(ws: &mut Socket, wait: Duration) -> Option<ServerMsg> {
    loop {
        match tokio::time::timeout(wait, ws.next()).await {
            Ok(Some(Ok(Message::Text(t)))) => return serde_json::from_str(&t).ok(),
            Ok(Some(Ok(Message::Close(_)))) | Ok(Some(Err(_))) | Ok(None) | Err(_) => return None,
            Ok(Some(Ok(_))) => {}
        }
    }
}

/// A free port on loopback (bound, then let go for the child to take).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The set-up code the child processes are started with (for a server that asks for one).
pub const SETUP_CODE: &str = "test-setup-code";

/// The real `jornada` binary, run as a child process on a free loopback port; SIGKILLed
/// when dropped. Only integration tests know where cargo built it.
pub struct Jornada {
    child: Child,
    pub addr: SocketAddr,
}

impl Jornada {
    /// Starts the binary (`--bind` on loopback, `--log warn`, plus what `configure` adds:
    /// `--db`, the working directory, environment) and waits until `/healthz` says ok.
    pub async fn start(configure: impl FnOnce(&mut Command)) -> Jornada {
        let bin = option_env!("CARGO_BIN_EXE_jornada").expect("the jornada binary is known to integration tests");
        let addr = SocketAddr::from(([127, 0, 0, 1], free_port()));
        let mut command = Command::new(bin);
        command
            .args(["--bind", &addr.to_string(), "--log", "warn"])
            .env_remove("JORNADA_DB")
            .env("JORNADA_SETUP_CODE", SETUP_CODE)
            .stdout(Stdio::null());
        configure(&mut command);
        let mut jornada = Jornada { child: command.spawn().expect("jornada starts"), addr };
        jornada.wait_healthy().await;
        jornada
    }

    async fn wait_healthy(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("jornada exited while starting: {status}");
            }
            if let Ok(mut s) = tokio::net::TcpStream::connect(self.addr).await {
                use tokio::io::{AsyncReadExt, AsyncWriteExt};
                let _ = s.write_all(b"GET /healthz HTTP/1.0\r\n\r\n").await;
                let mut buf = String::new();
                let _ = s.read_to_string(&mut buf).await;
                if buf.starts_with("HTTP/1.0 200") || buf.starts_with("HTTP/1.1 200") {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("jornada on {} did not become healthy", self.addr);
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL: the process gets no chance to flush or close anything.
    pub fn kill(self) {}

    /// SIGTERM, then waits for the graceful exit; whether it exited with success.
    pub fn stop(mut self) -> bool {
        let _ = Command::new("kill").args(["-TERM", &self.pid().to_string()]).status();
        self.child.wait().map(|s| s.success()).unwrap_or(false)
    }

    pub fn rss_kib(&self) -> Option<u64> {
        rss_kib(self.pid())
    }
}

/// A process's resident memory in KiB (Linux `/proc`).
pub fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// A small deterministic generator (xorshift) for load tests; a seed from the clock is
/// printed so that a run can be repeated.
pub struct Rng(pub u64);

impl Rng {
    /// Seeded from `var` when it is set, else from the clock.
    pub fn seeded(var: &str) -> Rng {
        let seed = std::env::var(var).ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1
        });
        println!("seed {seed} ({var} repeats it)");
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// In `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// In `lo..hi`.
    pub fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo)
    }
}

impl Drop for Jornada {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sets a fresh server up over HTTP as its first visitor does (the owner account and the
/// first workspace) and returns the owner's session.
pub async fn set_up_over_http(addr: SocketAddr) -> Session {
    let form = format!(
        "name=Olga+Owner&email=owner%40example.com&password=owner-password-1&workspace=Clinic&code={SETUP_CODE}"
    );
    let reply = server_fn(addr, "auth/setup", None, &form).await;
    assert_eq!(reply.status, 200, "set-up: {}", reply.body);
    Session { user: "owner".into(), cookie: session_cookie_of(&reply) }
}

/// The `Set-Cookie` session of a reply that signed someone in.
fn session_cookie_of(reply: &Reply) -> String {
    reply
        .headers
        .lines()
        .filter_map(|l| l.split_once(':'))
        .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
        .filter_map(|(_, v)| v.trim().split(';').next())
        .find(|c| c.starts_with("jornada_session="))
        .expect("the reply signs someone in")
        .to_owned()
}

/// A new editor of `owner`'s workspace, joined through an invite link over HTTP as a
/// person does (so a test's many connections belong to several people, as in a room).
pub async fn editor_over_http(addr: SocketAddr, owner: &Session, n: usize) -> Session {
    let r = server_fn(addr, "invites/create", Some(owner), "role=editor&days=1&uses=1").await;
    assert_eq!(r.status, 200, "invite: {}", r.body);
    let path: String = serde_json::from_str(&r.body).unwrap();
    let token = path.trim_start_matches("/invite/");
    let form = format!("token={token}&name=Editor+{n}&email=editor{n}%40example.com&password=editor-password-{n}");
    let reply = server_fn(addr, "auth/accept", None, &form).await;
    assert_eq!(reply.status, 200, "accept: {}", reply.body);
    Session { user: format!("editor{n}"), cookie: session_cookie_of(&reply) }
}

/// Creates a map from the starter template through the server functions and loads it.
pub async fn create_map_over_http(addr: SocketAddr, who: &Session, title: &str) -> Map {
    let created = server_fn(addr, "maps/create", Some(who), &format!("title={title}&template=starter")).await;
    assert_eq!(created.status, 200, "create: {}", created.body);
    let id: String = serde_json::from_str(&created.body).unwrap();
    let loaded = server_fn(addr, "maps/load", Some(who), &format!("id={id}")).await;
    serde_json::from_str(&loaded.body).unwrap()
}

/// A fixed 64-bit digest of a client op id, to compare logs without keeping every id.
pub fn op_hash(client_op: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    client_op.hash(&mut h);
    h.finish()
}

/// A client's copy of the map: the browser's own [`app::protocol::replica::Replica`] (ops
/// applied in rev order, ops ahead of a gap waiting, a snapshot replacing the confirmed
/// map), plus what a checker needs: which op (client op id) each rev it applied was, its
/// acks and rejects, and ops the live feed delivered twice on one connection.
pub struct Replica {
    pub core: app::protocol::replica::Replica,
    /// (rev, [`op_hash`] of the client op id) of every op applied, in rev order (not the
    /// revs a snapshot brought).
    pub log: Vec<(u64, u64)>,
    /// (client op, rev) of each ack, in the order they came.
    pub acks: Vec<(String, u64)>,
    pub rejects: Vec<(String, Rejection)>,
    pub snapshots: usize,
    /// Revs the live feed delivered more than once on one connection.
    pub duplicates: usize,
    live: BTreeSet<u64>,
}

impl Replica {
    pub fn new(id: &MapId, title: &str) -> Self {
        Replica {
            core: app::protocol::replica::Replica::new(Map::new(id.clone(), title)),
            log: Vec::new(),
            acks: Vec::new(),
            rejects: Vec::new(),
            snapshots: 0,
            duplicates: 0,
            live: Default::default(),
        }
    }

    /// The map as the log has it, up to the last rev applied.
    pub fn map(&self) -> &Map {
        self.core.confirmed()
    }

    pub fn take(&mut self, msg: ServerMsg) {
        match &msg {
            ServerMsg::Sync(SyncMsg::Snapshot { .. }) => self.snapshots += 1,
            ServerMsg::Sync(SyncMsg::Remote(o)) => {
                if !self.live.insert(o.rev) {
                    self.duplicates += 1;
                }
                // Out-of-order delivery spans a few revs; older ones need not be kept.
                if self.live.len() > 20_000 {
                    self.live = self.live.split_off(&self.core.rev().saturating_sub(10_000));
                }
            }
            ServerMsg::Edit(EditReply::Ack { client_op, rev }) => self.acks.push((client_op.clone(), *rev)),
            ServerMsg::Edit(EditReply::Reject { client_op, error }) => {
                self.rejects.push((client_op.clone(), error.clone()))
            }
            _ => {}
        }
        let got = self.core.receive(msg);
        assert!(!got.diverged, "an op of the log did not apply to the client's copy");
        self.log.extend(got.applied.iter().map(|o| (o.rev, op_hash(&o.client_op))));
    }

    /// A new connection: its live feed starts afresh.
    pub fn reconnected(&mut self) {
        self.live.clear();
    }

    /// Ops received ahead of one still missing.
    pub fn waiting(&self) -> usize {
        self.core.waiting()
    }
}
