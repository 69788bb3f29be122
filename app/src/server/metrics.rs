//! The server's metrics, for `GET /metrics` in the Prometheus text format (OpenMetrics):
//! open websocket connections, websocket messages in and out, ops applied, the commit
//! latency of a group of ops, and the picture render queue (waiting or drawing, refused).
//!
//! One set per process (a static): the places that matter call the one-line functions
//! here, and the router serves [`handler`] only when `--metrics` or `--metrics-bind` is
//! given. prometheus-client's counters and gauges are atomics, so counting costs no lock.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use std::sync::LazyLock;
use std::time::Duration;

struct Metrics {
    registry: Registry,
    ws_open: Gauge,
    ws_in: Counter,
    ws_out: Counter,
    ops_applied: Counter,
    commit_seconds: Histogram,
    renders_queued: Gauge,
    renders_refused: Counter,
}

static METRICS: LazyLock<Metrics> = LazyLock::new(|| {
    let mut registry = Registry::with_prefix("jornada");
    let ws_open = Gauge::default();
    let ws_in = Counter::default();
    let ws_out = Counter::default();
    let ops_applied = Counter::default();
    // 0.5 ms … about 4 s: an fsync'd SurrealKV commit takes milliseconds.
    let commit_seconds = Histogram::new(exponential_buckets(0.0005, 2.0, 14));
    let renders_queued = Gauge::default();
    let renders_refused = Counter::default();
    registry.register("websocket_connections", "Open websocket connections to map boards", ws_open.clone());
    registry.register("websocket_messages_received", "Protocol messages received from clients", ws_in.clone());
    registry.register("websocket_messages_sent", "Protocol messages sent to clients", ws_out.clone());
    registry.register("ops_applied", "Edit operations applied and committed", ops_applied.clone());
    registry.register("commit_seconds", "Time to apply and commit one group of edits", commit_seconds.clone());
    registry.register("render_queue_depth", "Pictures (PNG, PDF) waiting for or being drawn", renders_queued.clone());
    registry.register(
        "render_queue_rejections",
        "Picture requests refused because the queue was full",
        renders_refused.clone(),
    );
    Metrics { registry, ws_open, ws_in, ws_out, ops_applied, commit_seconds, renders_queued, renders_refused }
});

/// Counts one open websocket connection until dropped.
pub struct OpenConnection(());

impl Drop for OpenConnection {
    fn drop(&mut self) {
        METRICS.ws_open.dec();
    }
}

/// A websocket connection was admitted; it counts as open while the guard lives.
pub fn connection_opened() -> OpenConnection {
    METRICS.ws_open.inc();
    OpenConnection(())
}

/// A protocol message arrived on a websocket.
pub fn message_received() {
    METRICS.ws_in.inc();
}

/// A protocol message was sent on a websocket.
pub fn message_sent() {
    METRICS.ws_out.inc();
}

/// A group of writes was committed: `ops` applied, in `took`.
pub fn committed(ops: u64, took: Duration) {
    METRICS.ops_applied.inc_by(ops);
    METRICS.commit_seconds.observe(took.as_secs_f64());
}

/// Counts one picture in the render queue until dropped.
pub struct QueuedRender(());

impl Drop for QueuedRender {
    fn drop(&mut self) {
        METRICS.renders_queued.dec();
    }
}

/// A picture entered the render queue.
pub fn render_queued() -> QueuedRender {
    METRICS.renders_queued.inc();
    QueuedRender(())
}

/// A picture request was refused: the queue was full.
pub fn render_refused() {
    METRICS.renders_refused.inc();
}

/// Every metric in the OpenMetrics text format.
pub fn text() -> String {
    let mut out = String::new();
    if encode(&mut out, &METRICS.registry).is_err() {
        tracing::warn!("encoding the metrics failed");
    }
    out
}

/// `GET /metrics`.
pub async fn handler() -> Response {
    (StatusCode::OK, [(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")], text())
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str, name: &str) -> f64 {
        text.lines()
            .find_map(|l| l.strip_prefix(name).and_then(|v| v.strip_prefix(' ')))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("{name} missing from\n{text}"))
    }

    #[test]
    fn counters_gauges_and_the_histogram_move() {
        let before = text();
        let open = connection_opened();
        message_received();
        message_sent();
        committed(3, Duration::from_millis(2));
        let queued = render_queued();
        render_refused();
        let during = text();
        assert!(during.ends_with("# EOF\n"), "{during}");
        for (name, by) in [
            ("jornada_websocket_messages_received_total", 1.0),
            ("jornada_websocket_messages_sent_total", 1.0),
            ("jornada_ops_applied_total", 3.0),
            ("jornada_commit_seconds_count", 1.0),
            ("jornada_render_queue_rejections_total", 1.0),
        ] {
            // Other tests of this process may count too: at least `by` more.
            assert!(value(&during, name) >= value(&before, name) + by, "{name}");
        }
        assert!(during.contains("jornada_commit_seconds_bucket{le=\"0.004\"}"), "{during}");
        // This test holds one of each while it reads.
        assert!(value(&during, "jornada_websocket_connections") >= 1.0);
        assert!(value(&during, "jornada_render_queue_depth") >= 1.0);
        drop(open);
        drop(queued);
    }
}
