//! The server's configuration: one struct from command-line flags and environment variables.

use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The database when none is given: embedded SurrealKV in ./data, with the write-ahead log
/// synced to disk (fsync) before each commit returns. SurrealDB 3.3 defaults to that too;
/// it is stated here so the promise an acknowledgement makes does not hang on a library
/// default (`sync=never` leaves flushing to the OS, `sync=<interval>` syncs periodically).
pub const DEFAULT_DB: &str = "surrealkv://./data/jornada?sync=every";

/// Jornada — a real-time collaborative customer journey map editor.
#[derive(Debug, Clone, Parser)]
#[command(name = "jornada", version = version(), about = "Jornada — a real-time collaborative customer journey map editor", long_about = None)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "JORNADA_BIND", default_value = "127.0.0.1:3000")]
    pub bind: SocketAddr,

    /// Database: surrealkv://<dir> (embedded, on disk), mem:// (in memory, lost on exit)
    /// or ws://host:port (a SurrealDB server, shared by several Jornada instances).
    /// `?sync=every` makes SurrealKV fsync its write-ahead log before a commit returns, so
    /// an acknowledged edit survives a crash of the process or the machine.
    #[arg(long, env = "JORNADA_DB", default_value = DEFAULT_DB)]
    pub db: String,

    /// User name for a ws:// database server.
    #[arg(long, env = "JORNADA_DB_USER")]
    pub db_user: Option<String>,

    /// Password for a ws:// database server (prefer the environment variable).
    #[arg(long, env = "JORNADA_DB_PASS", hide_env_values = true)]
    pub db_pass: Option<String>,

    /// Directory of the built site (wasm, JS, CSS, static files) to serve instead of the
    /// one embedded in the binary (development). A binary built before its site had none
    /// embedded: it looks for the `site` folder next to its target directory, then
    /// ./target/site.
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

    /// Let anyone create an account (and a workspace of their own) without an invite link.
    #[arg(long, env = "JORNADA_OPEN_SIGNUP", default_value_t = false)]
    pub open_signup: bool,

    /// Running behind a reverse proxy: trust its X-Forwarded-For/-Proto/-Host headers
    /// (client address for throttling, https for Secure cookies, host for the CSRF check).
    #[arg(long, env = "JORNADA_BEHIND_PROXY", default_value_t = false)]
    pub behind_proxy: bool,

    /// Always mark the session cookie Secure (the site is only reached over https).
    #[arg(long, env = "JORNADA_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,

    /// Days a sign-in lasts.
    #[arg(long, env = "JORNADA_SESSION_DAYS", default_value_t = 14, value_parser = clap::value_parser!(u32).range(1..=365))]
    pub session_days: u32,

    /// Hours a sign-in may go unused before it ends (the idle timeout).
    #[arg(long, env = "JORNADA_SESSION_IDLE_HOURS", default_value_t = 72, value_parser = clap::value_parser!(u32).range(1..=720))]
    pub session_idle_hours: u32,

    /// The code the first-run set-up page asks for. Without it a random one is printed in
    /// the log at start while the server is not set up (give one to script the set-up, and
    /// the same one to every instance behind a load balancer).
    #[arg(long, env = "JORNADA_SETUP_CODE", hide_env_values = true)]
    pub setup_code: Option<String>,

    /// Serve Prometheus metrics at GET /metrics on the --bind address (off by default:
    /// they tell anyone who can reach the server how busy it is).
    #[arg(long, env = "JORNADA_METRICS", default_value_t = false)]
    pub metrics: bool,

    /// Serve GET /metrics on a listener of its own instead, e.g. 127.0.0.1:9464, so the
    /// public address does not have it.
    #[arg(long, env = "JORNADA_METRICS_BIND")]
    pub metrics_bind: Option<SocketAddr>,

    /// Scheduled backups (`--backup-dir`, `--backup-every`, `--backup-keep`).
    #[command(flatten)]
    pub backups: crate::commands::schedule::BackupFlags,

    /// A command to run instead of serving (backup, restore, check, export-all, reset-password).
    #[command(subcommand)]
    pub command: Option<crate::commands::Command>,
}

/// `jornada --version`: the crate version, the git commit it was built from and the
/// database schema version it migrates to, e.g. `0.1.0 (commit 309147d1a2b3, schema 9)`.
pub fn version() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    VERSION.get_or_init(|| {
        format!(
            "{} (commit {}, schema {})",
            env!("CARGO_PKG_VERSION"),
            env!("JORNADA_GIT_COMMIT"),
            app::server::store::migrations::latest()
        )
    })
}

impl Config {
    /// The account settings.
    pub fn auth(&self) -> app::server::auth::AuthConfig {
        app::server::auth::AuthConfig {
            open_signup: self.open_signup,
            secure_cookies: self.secure_cookies,
            trust_proxy: self.behind_proxy,
            session_days: self.session_days,
            session_idle_hours: self.session_idle_hours,
            setup_code: self.setup_code.clone(),
        }
    }

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
