//! Two `jornada` processes on one SurrealDB server (`ws://`): an op made through one
//! reaches a client of the other, because each hub is fed by the database's live feed.
//!
//! Needs the standalone server that `scripts/tools.sh surreal` builds; `make unit` passes
//! its path in `JORNADA_SURREAL` (without it the test says so and does nothing).

use app::api::ws::{ClientMsg, ServerMsg};
use app::domain::{Card, CardId, Colour, Map, Op};
use futures::{SinkExt, StreamExt};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn wait_for(url: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let addr = url.trim_start_matches("http://").split('/').next().unwrap().to_owned();
    while Instant::now() < deadline {
        if tokio::net::TcpStream::connect(&addr).await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{url} did not come up");
}

fn jornada(port: u16, db: &str) -> Killed {
    Killed(
        Command::new(env!("CARGO_BIN_EXE_jornada"))
            .args(["--bind", &format!("127.0.0.1:{port}"), "--db", db, "--log", "warn"])
            .env("JORNADA_DB_USER", "root")
            .env("JORNADA_DB_PASS", "root")
            .stdout(Stdio::null())
            .spawn()
            .expect("jornada starts"),
    )
}

async fn healthy(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(mut s) = tokio::net::TcpStream::connect(("127.0.0.1", port)).await {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let _ = s.write_all(b"GET /healthz HTTP/1.0\r\n\r\n").await;
            let mut buf = String::new();
            let _ = s.read_to_string(&mut buf).await;
            if buf.starts_with("HTTP/1.0 200") || buf.starts_with("HTTP/1.1 200") {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("jornada on {port} did not become healthy");
}

async fn post_form(port: u16, path: &str, body: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let req = format!(
        "POST {path} HTTP/1.0\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut buf = String::new();
    s.read_to_string(&mut buf).await.unwrap();
    buf.split("\r\n\r\n").nth(1).unwrap_or_default().to_owned()
}

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn next(ws: &mut Socket) -> ServerMsg {
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(15), ws.next())
            .await
            .expect("a message in time")
            .unwrap()
            .unwrap();
        if let Message::Text(t) = frame {
            return serde_json::from_str(&t).unwrap();
        }
    }
}

#[tokio::test]
async fn an_op_through_one_process_reaches_a_client_of_the_other() {
    let Ok(surreal) = std::env::var("JORNADA_SURREAL") else {
        eprintln!("JORNADA_SURREAL is not set: skipping the two-process test (make unit sets it)");
        return;
    };
    let db_port = free_port();
    let _db = Killed(
        Command::new(&surreal)
            .args(["start", "--user", "root", "--pass", "root", "--bind", &format!("127.0.0.1:{db_port}"), "memory"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the surreal server starts (build it with scripts/tools.sh surreal)"),
    );
    wait_for(&format!("http://127.0.0.1:{db_port}/")).await;
    let db = format!("ws://127.0.0.1:{db_port}");
    let (pa, pb) = (free_port(), free_port());
    let _a = jornada(pa, &db);
    healthy(pa).await;
    let _b = jornada(pb, &db);
    healthy(pb).await;

    // Create through A, load it through B: one database.
    let id: String =
        serde_json::from_str(&post_form(pa, "/api/maps/create", "title=Shared&template=starter").await).unwrap();
    let map: Map = serde_json::from_str(&post_form(pb, "/api/maps/load", &format!("id={id}")).await).unwrap();

    let connect = |port: u16, name: &'static str| {
        let id = id.clone();
        async move {
            let (mut ws, _) =
                tokio_tungstenite::connect_async(format!("ws://127.0.0.1:{port}/api/ws/maps/{id}")).await.unwrap();
            let hello = ClientMsg::Hello { last_rev: 0, name: name.into(), colour: "#123456".into() };
            ws.send(Message::Text(serde_json::to_string(&hello).unwrap().into())).await.unwrap();
            assert!(matches!(next(&mut ws).await, ServerMsg::Welcome { .. }));
            ws
        }
    };
    let mut on_a = connect(pa, "Ana").await;
    let mut on_b = connect(pb, "Bia").await;

    let (stage, lane) = (map.ordered_stages()[0].id.clone(), map.ordered_lanes()[0].id.clone());
    let op = Op::AddCard {
        card: Card {
            id: CardId::generate(),
            order: map.card_key_at(&stage, &lane, 0, None),
            stage,
            lane,
            text: "via A".into(),
            colour: Colour::Blue,
            tags: vec![],
            details: Default::default(),
        },
    };
    let msg = ClientMsg::Op { client_op: "a1".into(), base_rev: map.rev, op: op.clone() };
    on_a.send(Message::Text(serde_json::to_string(&msg).unwrap().into())).await.unwrap();

    loop {
        if let ServerMsg::Remote(r) = next(&mut on_b).await {
            assert_eq!(r.op, op);
            assert_eq!(r.rev, map.rev + 1);
            assert_eq!(r.author, "Ana");
            break;
        }
    }
}
