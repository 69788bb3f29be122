//! Build facts for `jornada --version` and the embedded site.
//!
//! - `JORNADA_GIT_COMMIT`: the commit the binary is built from (`git rev-parse`), or the
//!   variable of that name when there is no repository (a Docker build context or a
//!   tarball: pass it in), else `unknown`.
//! - `$OUT_DIR/site.rs`: the site cargo-leptos built (`target/site`, see
//!   `[workspace.metadata.leptos]`) as one `static` table of `include_bytes!`, with an
//!   ETag per file, for src/site.rs. cargo-leptos writes the site *before* it builds this
//!   crate (it builds in that order when `hash-files` is on), and a change to it reruns
//!   this script so the crate is rebuilt with the new files. The folder is created when
//!   missing (a fresh clone's `cargo test`): a missing path would make cargo rerun this
//!   script, and rebuild the crate, on every build.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let manifest = Path::new(&manifest);

    let site = manifest.join("../target/site");
    if !site.exists() {
        let _ = std::fs::create_dir_all(&site);
    }
    println!("cargo:rerun-if-changed={}", site.display());
    embed_site(&site);

    println!("cargo:rerun-if-env-changed=JORNADA_GIT_COMMIT");
    let commit = git(manifest, &["rev-parse", "--short=12", "HEAD"])
        .or_else(|| std::env::var("JORNADA_GIT_COMMIT").ok().filter(|c| !c.trim().is_empty()))
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=JORNADA_GIT_COMMIT={}", commit.trim());
    // A new commit (HEAD moving, or the branch it names) reruns this script.
    for what in ["HEAD", "packed-refs"] {
        if let Some(p) = git(manifest, &["rev-parse", "--git-path", what]) {
            println!("cargo:rerun-if-changed={}", manifest.join(p.trim()).display());
        }
    }
    if let Some(branch) = git(manifest, &["symbolic-ref", "-q", "HEAD"]) {
        if let Some(p) = git(manifest, &["rev-parse", "--git-path", branch.trim()]) {
            println!("cargo:rerun-if-changed={}", manifest.join(p.trim()).display());
        }
    }
}

/// `git <args>` in `dir`: its output, or `None` without git or a repository.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).current_dir(dir).output().ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8(out.stdout).ok().filter(|s| !s.trim().is_empty())
}

/// Writes `$OUT_DIR/site.rs`: `static FILES: &[SiteFile]`, sorted by path. A `static`, so
/// the bytes are in the binary once (rust-embed's table is a `const` read from two
/// functions, and the dev build carried the whole site twice).
fn embed_site(site: &Path) {
    let mut files = Vec::new();
    collect(site, &mut files);
    let mut entries: Vec<(String, PathBuf)> = files
        .into_iter()
        .filter_map(|abs| {
            let rel = abs.strip_prefix(site).ok()?.to_str()?.replace('\\', "/");
            Some((rel, abs))
        })
        .collect();
    entries.sort();
    let mut code = String::from("static FILES: &[SiteFile] = &[\n");
    for (rel, abs) in &entries {
        let Ok(data) = std::fs::read(abs) else { continue };
        let Ok(abs) = abs.canonicalize() else { continue };
        let etag = format!("\"{:016x}-{:x}\"", fnv1a(&data), data.len());
        let _ = writeln!(code, "    SiteFile {{ path: {rel:?}, etag: {etag:?}, data: include_bytes!({abs:?}) }},");
    }
    code.push_str("];\n");
    let out = std::env::var("OUT_DIR").map(PathBuf::from).unwrap_or_else(|_| PathBuf::from("."));
    if let Err(e) = std::fs::write(out.join("site.rs"), code) {
        println!("cargo:warning=cannot write the embedded site table: {e}");
    }
}

/// Every file under `dir`, recursively.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => collect(&path, out),
            Ok(t) if t.is_file() => out.push(path),
            _ => {}
        }
    }
}

/// 64-bit FNV-1a: a content hash for the ETag, cheap in an unoptimised build script.
fn fnv1a(data: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in data {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}
