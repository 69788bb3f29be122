//! The server's configuration: one struct from command-line flags and environment variables.

use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Jornada — a real-time collaborative customer journey map editor.
#[derive(Debug, Clone, Parser)]
#[command(name = "jornada", version, about = "Jornada — a real-time collaborative customer journey map editor", long_about = None)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "JORNADA_BIND", default_value = "127.0.0.1:3000")]
    pub bind: SocketAddr,

    /// Database: surrealkv://<dir> (embedded, on disk), mem:// (in memory, lost on exit)
    /// or ws://host:port (a SurrealDB server, shared by several Jornada instances).
    #[arg(long, env = "JORNADA_DB", default_value = "surrealkv://./data/jornada")]
    pub db: String,

    /// User name for a ws:// database server.
    #[arg(long, env = "JORNADA_DB_USER")]
    pub db_user: Option<String>,

    /// Password for a ws:// database server (prefer the environment variable).
    #[arg(long, env = "JORNADA_DB_PASS", hide_env_values = true)]
    pub db_pass: Option<String>,

    /// Directory of the built site (wasm, JS, CSS, static files). By default the `site`
    /// folder cargo-leptos builds next to this binary's target directory, then ./target/site.
    #[arg(long, env = "JORNADA_SITE_ROOT")]
    pub site_root: Option<PathBuf>,

    /// Log filter, e.g. `info`, `debug`, `jornada=debug,surrealdb=warn`.
    #[arg(long, env = "JORNADA_LOG", default_value = "info")]
    pub log: String,

    /// Log format.
    #[arg(long, env = "JORNADA_LOG_FORMAT", default_value = "text", value_parser = ["text", "json"])]
    pub log_format: String,

    /// Largest request body accepted, in bytes.
    #[arg(long, env = "JORNADA_MAX_BODY", default_value_t = 8 * 1024 * 1024)]
    pub max_body: usize,

    /// Seconds a request may take before it is answered with 408.
    #[arg(long, env = "JORNADA_REQUEST_TIMEOUT", default_value_t = 30)]
    pub request_timeout: u64,
}

impl Config {
    /// The site root: the flag, else next to the binary, else ./target/site.
    pub fn site_root(&self) -> PathBuf {
        if let Some(dir) = &self.site_root {
            return dir.clone();
        }
        let beside_binary =
            std::env::current_exe().ok().and_then(|exe| exe.parent().and_then(|p| p.parent()).map(|t| t.join("site")));
        if let Some(dir) = beside_binary.filter(|d| d.join("pkg").is_dir()) {
            return dir;
        }
        let local = PathBuf::from("target/site");
        if local.join("pkg").is_dir() {
            return local;
        }
        // cargo-leptos' compile-time setting, relative to the workspace it built in.
        PathBuf::from(option_env!("LEPTOS_SITE_ROOT").unwrap_or("target/site"))
    }
}
