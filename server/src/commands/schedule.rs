//! Backups the server makes itself: `--backup-dir DIR --backup-every 24h --backup-keep 14`.
//! Each is SurrealDB's export of the whole database (one consistent snapshot), written to
//! a temporary file, synced and renamed to `jornada-backup-<UTC time>.surql`, so the
//! directory only ever holds whole backups; past `keep` the oldest are removed.
//!
//! The first backup is due one interval after the newest already in the directory (at
//! once when there is none), so a server restarted often still makes them.

use app::server::store::Store;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

const PREFIX: &str = "jornada-backup-";
const SUFFIX: &str = ".surql";

/// The flags of scheduled backups.
#[derive(Debug, Clone, clap::Args)]
pub struct BackupFlags {
    /// Write a backup of the database into this directory every `--backup-every`.
    #[arg(long, env = "JORNADA_BACKUP_DIR")]
    pub backup_dir: Option<PathBuf>,

    /// How often the server writes a backup into `--backup-dir` (e.g. `24h`, `30m`, `1d`).
    #[arg(long, env = "JORNADA_BACKUP_EVERY", default_value = "24h", value_parser = parse_interval)]
    pub backup_every: Duration,

    /// How many backups to keep in `--backup-dir` (older ones are removed).
    #[arg(long, env = "JORNADA_BACKUP_KEEP", default_value_t = 14, value_parser = clap::value_parser!(u32).range(1..))]
    pub backup_keep: u32,
}

/// A humantime duration (`24h`, `90m`, `1d 12h`) of at least one second.
pub fn parse_interval(s: &str) -> Result<Duration, String> {
    let d = humantime::parse_duration(s).map_err(|e| e.to_string())?;
    if d < Duration::from_secs(1) {
        return Err("at least 1s".into());
    }
    Ok(d)
}

/// Starts the schedule when `--backup-dir` is given (the directory is made if missing).
/// `db`: the database address; SurrealDB's Rust SDK exports only embedded databases (and
/// over HTTP), so a `ws://` server is refused here rather than failing every interval.
pub fn start(flags: &BackupFlags, db: &str, store: Store) -> Result<Option<tokio::task::JoinHandle<()>>, String> {
    let Some(dir) = flags.backup_dir.clone() else {
        return Ok(None);
    };
    if db.starts_with("ws://") || db.starts_with("wss://") {
        return Err("--backup-dir: a ws:// SurrealDB server is backed up with `surreal export` on its side".into());
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot make the backup directory {}: {e}", dir.display()))?;
    let (every, keep) = (flags.backup_every, flags.backup_keep as usize);
    tracing::info!(dir = %dir.display(), every = %humantime::format_duration(every), keep, "scheduled backups");
    Ok(Some(tokio::spawn(async move {
        let mut wait = first_wait(&dir, every, SystemTime::now());
        loop {
            tokio::time::sleep(wait).await;
            wait = every;
            match backup_once(&store, &dir, keep).await {
                Ok(path) => tracing::info!(file = %path.display(), "backup written"),
                Err(e) => {
                    tracing::error!(error = %e, dir = %dir.display(), "scheduled backup failed; trying again in a minute");
                    wait = every.min(Duration::from_secs(60));
                }
            }
        }
    })))
}

/// Writes one timestamped backup into `dir` and prunes beyond `keep`; the file written.
pub async fn backup_once(store: &Store, dir: &Path, keep: usize) -> Result<PathBuf, String> {
    let dump = store.export_dump().await.map_err(|e| e.to_string())?;
    let name = format!("{PREFIX}{}{SUFFIX}", chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ"));
    let path = dir.join(name);
    super::write_atomically(&path, &dump).map_err(|e| format!("{}: {e}", path.display()))?;
    for old in prune(&backups(dir), keep) {
        if let Err(e) = std::fs::remove_file(&old) {
            tracing::warn!(file = %old.display(), error = %e, "cannot remove an old backup");
        }
    }
    Ok(path)
}

/// The backups in `dir`, oldest first (their names sort by time).
pub fn backups(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(PREFIX) && n.ends_with(SUFFIX))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Of `backups` (oldest first), those beyond the newest `keep`.
fn prune(backups: &[PathBuf], keep: usize) -> Vec<PathBuf> {
    backups[..backups.len().saturating_sub(keep)].to_vec()
}

/// How long until the first backup: `every` after the newest one in `dir`, at once when
/// there is none (or it is older than that).
fn first_wait(dir: &Path, every: Duration, now: SystemTime) -> Duration {
    let newest = backups(dir).last().and_then(|p| std::fs::metadata(p).ok()).and_then(|m| m.modified().ok());
    match newest.and_then(|t| now.duration_since(t).ok()) {
        Some(age) => every.saturating_sub(age),
        None => Duration::ZERO,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_read_as_humantime() {
        assert_eq!(parse_interval("24h"), Ok(Duration::from_secs(86_400)));
        assert_eq!(parse_interval("1d 12h"), Ok(Duration::from_secs(129_600)));
        assert_eq!(parse_interval("90m"), Ok(Duration::from_secs(5_400)));
        assert!(parse_interval("0s").is_err());
        assert!(parse_interval("soon").is_err());
    }

    #[test]
    fn pruning_keeps_the_newest() {
        let files: Vec<PathBuf> =
            (1..=5).map(|i| PathBuf::from(format!("{PREFIX}2026010{i}T000000.000Z{SUFFIX}"))).collect();
        assert_eq!(prune(&files, 3), files[..2].to_vec());
        assert!(prune(&files, 14).is_empty());
    }

    #[test]
    fn the_first_backup_waits_for_the_newest_one() {
        let dir = tempfile::tempdir().unwrap();
        let every = Duration::from_secs(3600);
        assert_eq!(first_wait(dir.path(), every, SystemTime::now()), Duration::ZERO);
        std::fs::write(dir.path().join(format!("{PREFIX}20260101T000000.000Z{SUFFIX}")), "x").unwrap();
        std::fs::write(dir.path().join("unrelated.surql"), "x").unwrap();
        let wait = first_wait(dir.path(), every, SystemTime::now());
        assert!(wait > Duration::from_secs(3500) && wait <= every, "{wait:?}");
        let later = SystemTime::now() + Duration::from_secs(7200);
        assert_eq!(first_wait(dir.path(), every, later), Duration::ZERO);
    }
}
