//! The site the browser loads (wasm, JS glue, CSS, icons), embedded in the binary:
//! `jornada` copied alone into an empty directory serves the whole app.
//!
//! cargo-leptos builds the site into `target/site` before it builds this crate, and
//! build.rs lists every file of it in a `static` table of `include_bytes!` (dev builds
//! too). The file names are the hashed ones cargo-leptos wrote, so the page's
//! stylesheet, JS and wasm names are read from the embedded copy ([`embedded_assets`]),
//! never from a `hash.txt` beside the binary. An answer is the brotli or gzip copy the
//! build made (`make release` precompresses) when the client accepts it, else the plain
//! file, which the compression layer compresses on the fly; each carries an ETag (a
//! content hash computed at build time) and `If-None-Match` is answered with 304.
//! Cache-Control is set by path in assets.rs (immutable for hashed names).
//!
//! `--site-root DIR` serves a directory instead (development), and so does a build whose
//! `target/site` was empty (a fresh clone's `cargo test`).

use app::ui::Assets;
use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::response::{IntoResponse, Response};

/// One file of `target/site` as cargo-leptos left it (`site-root` in the workspace's
/// Cargo.toml), included by build.rs.
struct SiteFile {
    /// Relative to the site root, `/`-separated: `pkg/jornada.<hash>.wasm`.
    path: &'static str,
    /// A strong ETag from the content (hash and length).
    etag: &'static str,
    data: &'static [u8],
}

// `static FILES: &[SiteFile]`, sorted by path.
include!(concat!(env!("OUT_DIR"), "/site.rs"));

fn get(path: &str) -> Option<&'static SiteFile> {
    FILES.binary_search_by(|f| f.path.cmp(path)).ok().and_then(|i| FILES.get(i))
}

/// Whether this binary carries a built site (its `pkg/` has the wasm).
pub fn embedded() -> bool {
    FILES.iter().any(|f| f.path.starts_with("pkg/") && f.path.ends_with(".wasm"))
}

/// The URLs of the embedded stylesheet, JS glue and wasm of `output` (`jornada`), hashed
/// or not as the build named them; `None` without an embedded site.
pub fn embedded_assets(output: &str) -> Option<Assets> {
    assets_among(output, FILES.iter().map(|f| f.path.to_owned()))
}

/// The build outputs of `output` among a site's file paths (`pkg/jornada.<hash>.wasm`).
fn assets_among(output: &str, paths: impl Iterator<Item = String>) -> Option<Assets> {
    let (mut css, mut js, mut wasm) = (None, None, None);
    for path in paths {
        let Some(name) = path.strip_prefix("pkg/") else { continue };
        let Some(rest) = name.strip_prefix(output).and_then(|r| r.strip_prefix('.')) else { continue };
        // `css`, `js`, `wasm`, or `<hash>.<ext>` with a hash of one segment.
        let ext = match rest.split_once('.') {
            None => rest,
            Some((hash, ext)) if !hash.is_empty() && !ext.contains('.') => ext,
            Some(_) => continue,
        };
        let slot = match ext {
            "css" => &mut css,
            "js" => &mut js,
            "wasm" => &mut wasm,
            _ => continue,
        };
        *slot = Some(format!("/{path}"));
    }
    Some(Assets { css: css?, js: js?, wasm: wasm? })
}

/// The embedded file a GET or HEAD asks for, or `None` (not a file of the site).
pub fn answer(req: &Request<Body>) -> Option<Response> {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return None;
    }
    let path = req.uri().path().trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        return None;
    }
    let plain = get(path)?;
    let accept = req.headers().get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or("");
    let (file, encoding) = [("br", "br"), ("gzip", "gz")]
        .into_iter()
        .filter(|(coding, _)| accepts(accept, coding))
        .find_map(|(coding, ext)| get(&format!("{path}.{ext}")).map(|f| (f, Some(coding))))
        .unwrap_or((plain, None));
    let has_variants = get(&format!("{path}.br")).is_some() || get(&format!("{path}.gz")).is_some();

    let mut headers = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_str(file.etag) {
        headers.insert(header::ETAG, v);
    }
    if has_variants {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if not_modified(req.headers(), file.etag) {
        return Some((StatusCode::NOT_MODIFIED, headers).into_response());
    }
    let mime = mime_guess::from_path(plain.path).first_or_octet_stream();
    if let Ok(v) = HeaderValue::from_str(mime.as_ref()) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    if let Some(coding) = encoding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
    }
    Some((StatusCode::OK, headers, Body::from(file.data)).into_response())
}

/// `If-None-Match` names `etag` (or `*`).
fn not_modified(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == etag || t == "*")
}

/// `Accept-Encoding` allows `coding` (listed, or `*`, with a q-value above 0).
fn accepts(header: &str, coding: &str) -> bool {
    let mut star = false;
    for item in header.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if name.eq_ignore_ascii_case(coding) {
            return q > 0.0;
        }
        if name == "*" {
            star = q > 0.0;
        }
    }
    star
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(list: &[&str]) -> impl Iterator<Item = String> {
        list.iter().map(|s| s.to_string()).collect::<Vec<_>>().into_iter()
    }

    #[test]
    fn finds_the_hashed_build_outputs() {
        let found = assets_among(
            "jornada",
            paths(&[
                "favicon.svg",
                "pkg/jornada.d.5gccurRIaGMZqGBQVz2Szg.ts",
                "pkg/jornada_bg.wasm.d.jqg4XRdCb2UY7qFr3bYj4g.ts",
                "pkg/jornada.5P3rI7DITxMrc-OaFJVPQA.wasm",
                "pkg/jornada.5P3rI7DITxMrc-OaFJVPQA.wasm.br",
                "pkg/jornada.nKRck6kZHTI4Ine_R8Tyyg.css",
                "pkg/jornada.s_qjFvz34WMSck3-BDORFA.js",
            ]),
        );
        assert_eq!(
            found,
            Some(Assets {
                css: "/pkg/jornada.nKRck6kZHTI4Ine_R8Tyyg.css".into(),
                js: "/pkg/jornada.s_qjFvz34WMSck3-BDORFA.js".into(),
                wasm: "/pkg/jornada.5P3rI7DITxMrc-OaFJVPQA.wasm".into(),
            })
        );
    }

    #[test]
    fn unhashed_outputs_and_a_missing_one() {
        let found = assets_among("jornada", paths(&["pkg/jornada.css", "pkg/jornada.js", "pkg/jornada.wasm"]));
        assert_eq!(found.map(|a| a.wasm), Some("/pkg/jornada.wasm".into()));
        assert_eq!(assets_among("jornada", paths(&["pkg/jornada.css", "pkg/jornada.js"])), None);
        assert_eq!(assets_among("jornada", paths(&["pkg/other.css", "pkg/other.js", "pkg/other.wasm"])), None);
    }

    #[test]
    fn accept_encoding_with_q_values() {
        assert!(accepts("gzip, deflate, br", "br"));
        assert!(accepts("gzip;q=0.5, br;q=1.0", "gzip"));
        assert!(!accepts("gzip, br;q=0", "br"));
        assert!(!accepts("", "gzip"));
        assert!(!accepts("identity", "gzip"));
        assert!(accepts("*", "br"));
        assert!(!accepts("*, br;q=0", "br"));
    }

    #[test]
    fn if_none_match_lists_and_weak_tags() {
        let mut h = HeaderMap::new();
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"a\", W/\"b\""));
        assert!(not_modified(&h, "\"b\""));
        assert!(!not_modified(&h, "\"c\""));
        assert!(!not_modified(&HeaderMap::new(), "\"a\""));
    }

    #[test]
    fn an_embedded_file_is_served_with_an_etag_and_revalidates() {
        // Only when this build embedded a site (after `make build`).
        let Some(path) = FILES.iter().find(|f| f.path.ends_with(".css")).map(|f| f.path) else { return };
        let get = |etag: Option<&str>| {
            let mut req = Request::get(format!("/{path}")).header(header::ACCEPT_ENCODING, "gzip, br");
            if let Some(e) = etag {
                req = req.header(header::IF_NONE_MATCH, e);
            }
            answer(&req.body(Body::empty()).unwrap()).unwrap()
        };
        let first = get(None);
        assert_eq!(first.status(), StatusCode::OK);
        assert_eq!(first.headers()[header::CONTENT_TYPE], "text/css");
        let etag = first.headers()[header::ETAG].to_str().unwrap().to_owned();
        assert_eq!(get(Some(&etag)).status(), StatusCode::NOT_MODIFIED);
        assert_eq!(get(Some("\"other\"")).status(), StatusCode::OK);
        assert!(answer(&Request::get("/pkg/nope.css").body(Body::empty()).unwrap()).is_none());
    }
}
