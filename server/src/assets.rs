//! The built site's assets on disk (`--site-root`): the hashed file names cargo-leptos
//! recorded in `hash.txt`; and the cache headers of every answer (immutable for hashed
//! files, revalidate for the rest), for the embedded site (src/site.rs) too.

use axum::http::{header, HeaderValue, Request};
use axum::middleware::Next;
use axum::response::Response;
use std::path::Path;

/// The content hashes cargo-leptos records in `hash.txt` next to the binary.
#[derive(Debug, Default, Clone)]
pub struct Hashes {
    pub css: Option<String>,
    pub js: Option<String>,
    pub wasm: Option<String>,
}

impl Hashes {
    /// Reads `hash.txt` beside the running binary, if cargo-leptos wrote one.
    pub fn beside_binary() -> Option<Hashes> {
        let path = std::env::current_exe().ok()?.parent()?.join("hash.txt");
        Self::read(&path)
    }

    fn read(path: &Path) -> Option<Hashes> {
        let text = std::fs::read_to_string(path).ok()?;
        let mut hashes = Hashes::default();
        for line in text.lines() {
            if let Some((file, hash)) = line.split_once(':') {
                let hash = Some(hash.trim().to_owned());
                match file.trim() {
                    "css" => hashes.css = hash,
                    "js" => hashes.js = hash,
                    "wasm" => hashes.wasm = hash,
                    _ => {}
                }
            }
        }
        Some(hashes)
    }

    /// The URLs of the stylesheet, JS glue and wasm of `output` in `/pkg`: hashed when
    /// all three hashes are known, else the unhashed names.
    pub fn assets(&self, output: &str) -> app::ui::Assets {
        let (css, js, wasm) = match (&self.css, &self.js, &self.wasm) {
            (Some(c), Some(j), Some(w)) => (format!(".{c}"), format!(".{j}"), format!(".{w}")),
            _ => Default::default(),
        };
        let pkg = format!("/pkg/{output}");
        app::ui::Assets {
            css: format!("{pkg}{css}.css"),
            js: format!("{pkg}{js}.js"),
            wasm: format!("{pkg}{wasm}.wasm"),
        }
    }
}

/// `Cache-Control` by path: a year for content-hashed build output, revalidation otherwise.
/// Every answer also says how long the server took until its headers (`Server-Timing:
/// app;dur=…`, in ms): for an async-rendered page that is loading its data and rendering
/// it; browsers' developer tools and the benchmarks read it.
pub async fn cache_headers(req: Request<axum::body::Body>, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let started = std::time::Instant::now();
    let mut res = next.run(req).await;
    let took = format!("app;dur={:.2}", started.elapsed().as_secs_f64() * 1000.0);
    if let Ok(v) = HeaderValue::from_str(&took) {
        res.headers_mut().insert("server-timing", v);
    }
    if !res.status().is_success() || res.headers().contains_key(header::CACHE_CONTROL) {
        return res;
    }
    let value = if path.starts_with("/pkg/") && is_hashed(&path) {
        "public, max-age=31536000, immutable"
    } else if path.starts_with("/pkg/") || path.ends_with(".svg") || path.ends_with(".ico") || path.ends_with(".woff2")
    {
        "public, max-age=0, must-revalidate"
    } else {
        "no-cache"
    };
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    res
}

/// `jornada.<hash>.wasm`: a name with a hash segment between the stem and the extension.
fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3
        && parts[parts.len() - 2].len() >= 8
        && parts[parts.len() - 2].chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_hashed("/pkg/jornada.5a1b2c3d4e5f6a7b.wasm"));
        assert!(!is_hashed("/pkg/jornada.wasm"));
        assert!(!is_hashed("/favicon.svg"));
    }

    #[test]
    fn reads_the_css_hash() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("hash.txt");
        std::fs::write(&p, "js: aaa\nwasm: bbb\ncss: ccc\n").unwrap();
        let hashes = Hashes::read(&p).unwrap();
        assert_eq!(hashes.css.as_deref(), Some("ccc"));
        let assets = hashes.assets("jornada");
        assert_eq!(assets.js, "/pkg/jornada.aaa.js");
        assert_eq!(assets.wasm, "/pkg/jornada.bbb.wasm");
        assert_eq!(assets.css, "/pkg/jornada.ccc.css");
        assert_eq!(Hashes::default().assets("jornada").wasm, "/pkg/jornada.wasm");
    }
}
