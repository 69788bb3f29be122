//! The operator's subcommands: `jornada backup FILE`, `restore FILE [--force]`, `check`,
//! `export-all DIR`, `reset-password EMAIL` (and, in [`schedule`], the server's own timed
//! backups).
//!
//! An embedded SurrealKV database is held (locked) by the server that has it open, so a
//! command for a running server goes through its admin socket ([`admin`]): a Unix socket
//! beside the data directory that only the directory's owner may use. When no server
//! answers there, and for a `ws://` SurrealDB server (which many processes share), the
//! command opens the database itself. `restore` always wants the servers stopped.

pub mod admin;
pub mod schedule;

use crate::config::Config;
use app::server::ops;
use app::server::store::{Credentials, Store};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What `jornada` does instead of serving, when told.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// Write a consistent backup (SurrealDB's SurrealQL export) of the database to FILE:
    /// the running server's, through its admin socket, or the database itself when no
    /// server has it open.
    Backup {
        /// The file to write (replaced atomically if it exists).
        file: PathBuf,
    },
    /// Restore a backup into an empty database, then apply this version's migrations.
    /// Stop Jornada first.
    Restore {
        /// A file `jornada backup` (or `surreal export`) wrote.
        file: PathBuf,
        /// Replace a database that already holds data (it is removed first).
        #[arg(long)]
        force: bool,
    },
    /// Load every map as the server does and list any that do not load, with the reason.
    /// Exits with 1 if one does not.
    Check,
    /// Write every map of every workspace as Jornada JSON, with personas, channels and
    /// photos, into DIR (new or empty), with an index.
    ExportAll {
        /// The directory to write into.
        dir: PathBuf,
    },
    /// Print a one-time link with which the account with this e-mail sets a new password
    /// (for an owner who forgot theirs); using it signs the account out everywhere else.
    ResetPassword {
        /// The account's e-mail address.
        email: String,
        /// How the site is reached, for the link (by default `http://` and `--bind`).
        #[arg(long, env = "JORNADA_PUBLIC_URL")]
        url: Option<String>,
        /// How long the link works (e.g. `1h`, `30m`).
        #[arg(long, default_value = "1h", value_parser = schedule::parse_interval)]
        valid: std::time::Duration,
    },
}

/// Runs a subcommand; what it found goes to stdout, failures to stderr.
pub async fn run(command: Command, config: &Config) -> ExitCode {
    let code = match execute(command, config).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("jornada: {e}");
            ExitCode::FAILURE
        }
    };
    // The store is gone; SurrealKV closes its files in a task it spawns on drop, which the
    // runtime would cancel if this returned at once. (Commits are already with the OS.)
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    code
}

fn credentials(config: &Config) -> Option<Credentials> {
    match (&config.db_user, &config.db_pass) {
        (Some(u), Some(p)) => Some(Credentials { username: u.clone(), password: p.clone() }),
        _ => None,
    }
}

/// Opens the database for a command (no server has it open), with migrations or without.
/// Only `restore` may start a new SurrealKV directory: for the others a missing one is a
/// mistyped `--db` (or another working directory), said as such rather than made empty.
async fn open(config: &Config, migrate: bool) -> Result<Store, String> {
    if config.db.starts_with("mem://") || config.db.starts_with("memory") {
        return Err("mem:// lives inside one process and is gone when it ends: there is no database to work on".into());
    }
    if let Some(dir) = admin::data_dir(&config.db).filter(|d| !d.exists()) {
        return Err(format!("there is no database at {} (is --db the server's?)", dir.display()));
    }
    open_or_create(config, migrate).await
}

async fn open_or_create(config: &Config, migrate: bool) -> Result<Store, String> {
    let opened = if migrate {
        Store::open(&config.db, credentials(config)).await
    } else {
        Store::connect(&config.db, credentials(config)).await
    };
    opened.map_err(|e| {
        let hint = if config.db.starts_with("surrealkv://") && e.to_string().to_lowercase().contains("lock") {
            " (a jornada server has it open but its admin socket did not answer: is it an older version?)"
        } else {
            ""
        };
        format!("{e}{hint}")
    })
}

async fn execute(command: Command, config: &Config) -> Result<ExitCode, String> {
    match command {
        Command::Backup { file } => {
            let (dump, from) = match admin::request(config, &admin::Request::Backup).await? {
                Some(dump) => (dump, "the running server"),
                None => (open(config, false).await?.export_dump().await.map_err(|e| e.to_string())?, "the database"),
            };
            write_atomically(&file, &dump).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
            println!("backup of {from} written to {} ({} bytes)", file.display(), dump.len());
            Ok(ExitCode::SUCCESS)
        }
        Command::Restore { file, force } => {
            if config.db.starts_with("ws://") || config.db.starts_with("wss://") {
                // The Rust SDK imports only into embedded engines (and over HTTP): refused
                // before anything is removed.
                return Err("a ws:// SurrealDB server is restored with `surreal import` on its side (stop every jornada first; they migrate it at start)".into());
            }
            if admin::request(config, &admin::Request::Ping).await?.is_some() {
                return Err("a jornada server is running on this database: stop it before restoring".into());
            }
            if !file.is_file() {
                return Err(format!("{} is not a file", file.display()));
            }
            let store = open_or_create(config, false).await?;
            let occupied = store.occupied_tables().await.map_err(|e| e.to_string())?;
            if !occupied.is_empty() && !force {
                let what: Vec<String> = occupied.iter().map(|(t, n)| format!("{t} ({n})")).collect();
                return Err(format!(
                    "the database is not empty: {}. Restore into an empty one, or add --force to replace it",
                    what.join(", ")
                ));
            }
            store.wipe().await.map_err(|e| e.to_string())?;
            store.import_dump(&file).await.map_err(|e| format!("the backup could not be imported: {e}"))?;
            store.upgrade().await.map_err(|e| format!("the restored database could not be migrated: {e}"))?;
            let version = store.schema_version().await.map_err(|e| e.to_string())?;
            let report = ops::check(&store).await.map_err(|e| e.to_string())?;
            println!(
                "restored {} into {} (schema version {version}): {} maps, {} cards",
                file.display(),
                config.db,
                report.maps,
                report.cards
            );
            Ok(print_broken(&report.broken))
        }
        Command::Check => {
            let report = match admin::request(config, &admin::Request::Check).await? {
                Some(json) => serde_json::from_slice::<CheckOutcome>(&json).map_err(|e| e.to_string())?,
                None => {
                    let store = open(config, true).await?;
                    let report = ops::check(&store).await.map_err(|e| e.to_string())?;
                    CheckOutcome { maps: report.maps, cards: report.cards, broken: report.broken }
                }
            };
            println!(
                "{} maps, {} cards checked; {} do not load",
                report.maps,
                report.cards,
                report.broken.iter().filter(|b| !b.map.is_empty()).count()
            );
            Ok(print_broken(&report.broken))
        }
        Command::ExportAll { dir } => {
            // The server may run in another working directory.
            let dir = std::path::absolute(&dir).map_err(|e| e.to_string())?;
            let summary = match admin::request(config, &admin::Request::ExportAll { dir: dir.clone() }).await? {
                Some(json) => serde_json::from_slice::<ExportOutcome>(&json).map_err(|e| e.to_string())?,
                None => {
                    let store = open(config, true).await?;
                    let s = ops::export_all(&store, &dir).await.map_err(|e| e.to_string())?;
                    ExportOutcome { workspaces: s.workspaces, maps: s.maps, photos: s.photos, broken: s.broken }
                }
            };
            println!(
                "{} maps of {} workspaces and {} photos written to {} (index.json lists them)",
                summary.maps,
                summary.workspaces,
                summary.photos,
                dir.display()
            );
            Ok(print_broken(&summary.broken))
        }
        Command::ResetPassword { email, url, valid } => {
            let seconds = valid.as_secs().max(1);
            let request = admin::Request::ResetPassword { email: email.clone(), seconds };
            let link = match admin::request(config, &request).await? {
                Some(json) => serde_json::from_slice::<ResetLink>(&json).map_err(|e| e.to_string())?,
                None => {
                    let store = open(config, true).await?;
                    let (token, who) =
                        app::server::reset::create_link(&store, &email, seconds).await.map_err(|e| e.to_string())?;
                    ResetLink { token, name: who.name, email: who.email }
                }
            };
            let base = url.unwrap_or_else(|| format!("http://{}", config.bind));
            println!(
                "A one-time link for {} <{}>, valid for {} (give it to them privately; it is shown only now):",
                link.name,
                link.email,
                humantime::format_duration(std::time::Duration::from_secs(seconds))
            );
            println!("{}/reset/{}", base.trim_end_matches('/'), link.token);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A reset link as the admin socket answers it.
#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct ResetLink {
    pub token: String,
    pub name: String,
    pub email: String,
}

/// A check report as the admin socket answers it.
#[derive(serde::Serialize, serde::Deserialize)]
struct CheckOutcome {
    maps: usize,
    cards: usize,
    broken: Vec<ops::Broken>,
}

/// An export summary as the admin socket answers it.
#[derive(serde::Serialize, serde::Deserialize)]
struct ExportOutcome {
    workspaces: usize,
    maps: usize,
    photos: usize,
    broken: Vec<ops::Broken>,
}

/// Lists what does not load (one line each, tab-separated: workspace, map id, title,
/// reason); failure when there is any.
fn print_broken(broken: &[ops::Broken]) -> ExitCode {
    for b in broken {
        println!("BROKEN\t{}\t{}\t{}\t{}", b.workspace, b.map, b.title, b.reason);
    }
    if broken.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Writes `bytes` to a temporary file beside `path`, syncs it and renames it over `path`:
/// a reader (or a crash) sees the old file or the whole new one, never half of one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("backup");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        // The rename itself is durable once the directory is synced.
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
