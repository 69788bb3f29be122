//! Build facts for `jornada --version` and the embedded site.
//!
//! - `JORNADA_GIT_COMMIT`: the commit the binary is built from (`git rev-parse`), or the
//!   variable of that name when there is no repository (a Docker build context or a
//!   tarball: pass it in), else `unknown`.
//! - The site cargo-leptos built (`target/site`, see `[workspace.metadata.leptos]`) is
//!   embedded by src/site.rs; cargo-leptos writes it *before* it builds this crate (it
//!   builds in that order when `hash-files` is on), and a change to it reruns this script
//!   so the crate is rebuilt with the new files. The folder is created when missing (a
//!   fresh clone's `cargo test`): a missing path would make cargo rerun this script, and
//!   rebuild the crate, on every build.

use std::path::Path;
use std::process::Command;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let manifest = Path::new(&manifest);

    let site = manifest.join("../target/site");
    if !site.exists() {
        let _ = std::fs::create_dir_all(&site);
    }
    println!("cargo:rerun-if-changed={}", site.display());

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
