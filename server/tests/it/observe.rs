//! Running it: `jornada --version`, and `GET /metrics` — absent unless asked for, then the
//! Prometheus text format with counters that move when people edit.

use app::protocol::{ClientMsg, EditMsg, EditReply, ServerMsg};
use app::server::auth::AuthConfig;
use app::server::store::Store;
use clap::Parser;
use std::net::SocketAddr;

use crate::support;
use support::{card_op, connect, http, recv, send, Jornada};

/// The real router for a fresh store, started with `args`.
async fn serve_with(args: &[&str]) -> (SocketAddr, Store) {
    let store = Store::open("mem://", None).await.unwrap();
    let mut argv = vec!["jornada", "--db", "mem://"];
    argv.extend_from_slice(args);
    let config = server::config::Config::parse_from(argv);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = server::router::build_with(&config, store.clone(), addr, AuthConfig::default());
    tokio::spawn(server::serve::serve(listener, app, std::future::pending()));
    (addr, store)
}

/// A metric's value in an exposition (`name value` line).
fn value(text: &str, name: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(name).and_then(|v| v.strip_prefix(' ')))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("{name} missing from\n{text}"))
}

#[tokio::test]
async fn metrics_are_absent_by_default() {
    let (addr, store) = serve_with(&[]).await;
    let owner = support::owner(&store).await;
    for who in [None, Some(&owner)] {
        let mut headers = vec![];
        if let Some(s) = who {
            headers.push(("Cookie", s.cookie.as_str()));
        }
        let reply = http(addr, "GET", "/metrics", &headers, b"").await;
        assert_eq!(reply.status, 404, "{}", reply.headers);
        assert!(!reply.body.contains("jornada_ops_applied"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_connections_messages_and_ops() {
    let (addr, store) = serve_with(&["--metrics"]).await;
    let owner = support::owner(&store).await;
    let id = app::server::maps::create(
        &store,
        support::WS,
        "Metrics",
        app::domain::template::Template::Starter,
        app::i18n::Locale::En,
    )
    .await
    .unwrap();
    let map = store.load_map(&id).await.unwrap().unwrap();

    let before = http(addr, "GET", "/metrics", &[], b"").await;
    assert_eq!(before.status, 200);
    assert!(before.headers.to_lowercase().contains("content-type: application/openmetrics-text"), "{}", before.headers);
    assert!(before.body.ends_with("# EOF\n"));
    assert!(before.body.contains("# TYPE jornada_commit_seconds histogram"));

    let mut ws = connect(addr, &id, Some(&owner), "Olga").await;
    let _welcome = recv(&mut ws).await;
    send(
        &mut ws,
        &ClientMsg::Edit(EditMsg::Op { client_op: "m-1".into(), base_rev: map.rev, op: card_op(&map, 0, "counted") }),
    )
    .await;
    loop {
        if let ServerMsg::Edit(EditReply::Ack { client_op, .. }) = recv(&mut ws).await {
            assert_eq!(client_op, "m-1");
            break;
        }
    }
    let during = http(addr, "GET", "/metrics", &[], b"").await.body;
    // Other tests in this process count too: at least this test's share more.
    for (name, by) in [
        ("jornada_websocket_messages_received_total", 2.0), // hello and the op
        ("jornada_websocket_messages_sent_total", 2.0),     // welcome and the ack
        ("jornada_ops_applied_total", 1.0),
        ("jornada_commit_seconds_count", 1.0),
    ] {
        assert!(value(&during, name) >= value(&before.body, name) + by, "{name}:\n{during}");
    }
    assert!(value(&during, "jornada_websocket_connections") >= 1.0, "{during}");
    assert!(value(&during, "jornada_commit_seconds_sum") > 0.0);
    drop(ws);
}

/// `--metrics-bind` serves them on a listener of its own, not on the public address.
#[tokio::test]
async fn metrics_on_a_separate_listener() {
    let metrics = SocketAddr::from(([127, 0, 0, 1], support::free_port()));
    let jornada = Jornada::start(|c| {
        c.args(["--db", "mem://", "--metrics-bind", &metrics.to_string()]);
    })
    .await;
    let there = http(metrics, "GET", "/metrics", &[], b"").await;
    assert_eq!(there.status, 200);
    assert!(there.body.contains("# TYPE jornada_websocket_connections gauge"), "{}", there.body);
    let owner = support::set_up_over_http(jornada.addr).await;
    let public = http(jornada.addr, "GET", "/metrics", &[("Cookie", owner.cookie.as_str())], b"").await;
    assert_eq!(public.status, 404);
    assert!(jornada.stop());
}

/// `jornada --version`: the crate version, the commit it was built from and the schema
/// version its migrations end at.
#[test]
fn version_names_the_commit_and_the_schema() {
    let bin = env!("CARGO_BIN_EXE_jornada");
    let out = std::process::Command::new(bin).arg("--version").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let rest = text
        .strip_prefix(&format!("jornada {} (commit ", env!("CARGO_PKG_VERSION")))
        .unwrap_or_else(|| panic!("{text}"));
    let (commit, rest) = rest.split_once(", ").unwrap();
    assert!(commit == "unknown" || (commit.len() == 12 && commit.chars().all(|c| c.is_ascii_hexdigit())), "{text}");
    assert_eq!(rest, format!("schema {})\n", app::server::store::migrations::latest()), "{text}");
    assert!(app::server::store::migrations::latest() >= 1);
}
