//! The admin socket: how `jornada backup`, `check` and `export-all` reach a running
//! server whose embedded database (SurrealKV, locked by the process that opened it) no
//! other process can open.
//!
//! The server listens on a Unix socket beside its data directory
//! (`surrealkv://data/jornada` → `data/jornada.admin.sock`), made readable and writable
//! by its owner only; it also answers only a peer whose user owns the data directory (or
//! is root). A request is one line of JSON ([`Request`]); the answer is `ok <length>\n`
//! and that many bytes, or `error <message>\n`. Nothing listens for `mem://` (no other
//! process could use it) nor for `ws://` (the commands reach that server themselves).

use app::server::ops;
use app::server::store::Store;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

/// What a command asks the running server for.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(tag = "command", rename_all = "kebab-case")]
pub enum Request {
    /// Whether a server answers (the answer is empty).
    Ping,
    /// A SurrealQL dump of the whole database, from one snapshot.
    Backup,
    /// The check report, as JSON.
    Check,
    /// Export every map into `dir` (absolute; the server writes it), the summary as JSON.
    ExportAll { dir: PathBuf },
    /// A one-time password reset link for the account with `email`, valid `seconds`.
    ResetPassword { email: String, seconds: u64 },
}

/// The data directory of a `surrealkv://` address, without the engine's options.
pub fn data_dir(db: &str) -> Option<PathBuf> {
    let dir = db.strip_prefix("surrealkv://")?.split('?').next()?.trim_end_matches('/');
    (!dir.is_empty()).then(|| PathBuf::from(dir))
}

/// The admin socket of a `surrealkv://` address.
pub fn socket_path(db: &str) -> Option<PathBuf> {
    let dir = data_dir(db)?;
    let name = dir.file_name()?.to_str()?.to_owned();
    Some(dir.with_file_name(format!("{name}.admin.sock")))
}

/// Asks the server running on `config.db` for `request`: `Ok(None)` when none listens
/// (no socket, or one a killed server left behind), else its answer or its error.
pub async fn request(config: &crate::config::Config, request: &Request) -> Result<Option<Vec<u8>>, String> {
    let Some(path) = socket_path(&config.db) else {
        return Ok(None);
    };
    let mut stream = match tokio::net::UnixStream::connect(&path).await {
        Ok(s) => s,
        Err(e) if matches!(e.kind(), std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused) => {
            return Ok(None)
        }
        Err(e) => return Err(format!("cannot reach the server's admin socket {}: {e}", path.display())),
    };
    let mut line = serde_json::to_string(request).map_err(|e| e.to_string())?;
    line.push('\n');
    let io = |e: std::io::Error| format!("the admin socket {}: {e}", path.display());
    stream.write_all(line.as_bytes()).await.map_err(io)?;
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    reader.read_line(&mut head).await.map_err(io)?;
    let head = head.trim_end();
    if let Some(message) = head.strip_prefix("error ") {
        return Err(format!("the server says: {message}"));
    }
    let len: usize = head
        .strip_prefix("ok ")
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| format!("the admin socket answered {head:?}"))?;
    let mut body = vec![0; len];
    reader.read_exact(&mut body).await.map_err(|e| format!("the server's answer was cut short: {e}"))?;
    Ok(Some(body))
}

/// The listening socket; removed from the disk when dropped (at shutdown).
pub struct Listener {
    path: PathBuf,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.task.abort();
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Starts answering on the admin socket of `db` (a `surrealkv://` address; `None`
/// otherwise). Call it once the store is open: this process holds the database's lock,
/// so a socket file already there was left by a server that died, and is replaced.
pub fn listen(db: &str, store: Store) -> Result<Option<Listener>, String> {
    let (Some(path), Some(dir)) = (socket_path(db), data_dir(db)) else {
        return Ok(None);
    };
    let owner = std::fs::metadata(&dir).map_err(|e| format!("{}: {e}", dir.display()))?.uid();
    let _ = std::fs::remove_file(&path);
    let listener = tokio::net::UnixListener::bind(&path)
        .map_err(|e| format!("cannot open the admin socket {}: {e}", path.display()))?;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
        .map_err(|e| format!("cannot restrict the admin socket {}: {e}", path.display()))?;
    tracing::info!(socket = %path.display(), "admin socket (backup, check, export-all) listening");
    let task = tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let allowed = stream.peer_cred().map(|c| c.uid() == owner || c.uid() == 0).unwrap_or(false);
            let store = store.clone();
            tokio::spawn(async move {
                if let Err(e) = answer(stream, &store, allowed).await {
                    tracing::warn!(error = %e, "admin socket request failed");
                }
            });
        }
    });
    Ok(Some(Listener { path, task }))
}

async fn answer(stream: tokio::net::UnixStream, store: &Store, allowed: bool) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    // One short line; a peer that sends more is not a jornada command.
    (&mut reader).take(4096).read_line(&mut line).await?;
    let outcome = if !allowed {
        Err("only the owner of the data directory may use this socket".to_owned())
    } else {
        match serde_json::from_str::<Request>(&line) {
            Ok(request) => {
                tracing::info!(?request, "admin request");
                run(store, request).await
            }
            Err(e) => Err(format!("not a request: {e}")),
        }
    };
    let mut stream = reader.into_inner();
    match outcome {
        Ok(body) => {
            stream.write_all(format!("ok {}\n", body.len()).as_bytes()).await?;
            stream.write_all(&body).await?;
        }
        Err(message) => {
            stream.write_all(format!("error {}\n", message.replace('\n', " ")).as_bytes()).await?;
        }
    }
    stream.shutdown().await
}

async fn run(store: &Store, request: Request) -> Result<Vec<u8>, String> {
    match request {
        Request::Ping => Ok(Vec::new()),
        Request::Backup => store.export_dump().await.map_err(|e| e.to_string()),
        Request::Check => {
            let r = ops::check(store).await.map_err(|e| e.to_string())?;
            serde_json::to_vec(&serde_json::json!({ "maps": r.maps, "cards": r.cards, "broken": r.broken }))
                .map_err(|e| e.to_string())
        }
        Request::ExportAll { dir } => {
            if !Path::new(&dir).is_absolute() {
                return Err("the export directory must be an absolute path".into());
            }
            let s = ops::export_all(store, &dir).await.map_err(|e| e.to_string())?;
            serde_json::to_vec(&serde_json::json!({
                "workspaces": s.workspaces, "maps": s.maps, "photos": s.photos, "broken": s.broken
            }))
            .map_err(|e| e.to_string())
        }
        Request::ResetPassword { email, seconds } => {
            let (token, who) =
                app::server::reset::create_link(store, &email, seconds).await.map_err(|e| e.to_string())?;
            serde_json::to_vec(&super::ResetLink { token, name: who.name, email: who.email }).map_err(|e| e.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_socket_sits_beside_the_data_directory() {
        assert_eq!(
            socket_path("surrealkv://./data/jornada?sync=every"),
            Some(PathBuf::from("./data/jornada.admin.sock"))
        );
        assert_eq!(socket_path("surrealkv:///srv/j/db/"), Some(PathBuf::from("/srv/j/db.admin.sock")));
        assert_eq!(socket_path("mem://"), None);
        assert_eq!(socket_path("ws://127.0.0.1:8000"), None);
    }
}
