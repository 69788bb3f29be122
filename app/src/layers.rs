//! The layer rule of `app/src`, checked by a test: every module may use the modules of its
//! own layer and of the layers below it, never one above. Bottom to top:
//!
//! ```text
//! domain ← i18n ← error ← formats ← protocol ← server::store ← server ← api ← ui
//! ```
//!
//! `protocol` is the wire: the messages, limits and paths the browser and the server
//! exchange, and the client's Replica. The server functions in `api`
//! call down into `server`; nothing in `server` names `api`.
//!
//! The test reads every `.rs` file under `src/`, finds each `crate::…` path (and each
//! `super::…` path that climbs out of its top module), and fails naming the file and the
//! path that reaches up. Test code is exempt: a file declared `#[cfg(test…)] mod x;`, and
//! the rest of a file from its `#[cfg(test…)]` module on (our habit: tests last).
//! `lib.rs`, which assembles the crate, is exempt too.
//!
//! A second test holds files to one purpose: one over ~400 lines says at its top why it
//! is not split ("Long on purpose: …"). A third keeps `ui/` from erasing views with a
//! plain `into_any()` (see `ui::eager`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Module paths and their layer, bottom (0) to top. The longest matching prefix wins.
const LAYERS: &[(&str, u8)] = &[
    ("domain", 0),
    ("i18n", 1),
    ("error", 2),
    ("formats", 3),
    ("protocol", 4),
    ("server::store", 5),
    ("server", 6),
    ("api", 7),
    ("ui", 8),
    ("layers", 9),
];

/// The layer of a module path (`["server", "store", "maps"]`), `None` for one the table
/// does not know (a test fails on those too, so a new top module gets a place).
fn layer_of(module: &[String]) -> Option<(u8, &'static str)> {
    let joined = module.join("::");
    LAYERS
        .iter()
        .filter(|(prefix, _)| joined == *prefix || joined.starts_with(&format!("{prefix}::")))
        .max_by_key(|(prefix, _)| prefix.len())
        .map(|&(prefix, layer)| (layer, prefix))
}

/// The module path of a file under `src/`: `server/store/mod.rs` → `server::store`.
fn module_of(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        if stem != "mod" && stem != "lib" {
            parts.push(stem.to_owned());
        }
    }
    parts
}

/// The code a layer check reads: comments dropped, and nothing from the first inline test
/// module (`#[cfg(test)] mod tests {`) on.
fn checked_code(source: &str) -> String {
    let mut out = String::new();
    let mut lines = source.lines().peekable();
    while let Some(line) = lines.next() {
        let t = line.trim_start();
        if t.starts_with("#[cfg(") && t.contains("test") {
            let next = lines.peek().map(|l| l.trim()).unwrap_or("");
            let decl = next.trim_start_matches("pub ").trim_start_matches("pub(crate) ");
            if decl.starts_with("mod ") && decl.ends_with('{') {
                break;
            }
        }
        // A comment starts at `//` at the line's start or after a space (not `http://`).
        let cut = line.match_indices("//").find(|(at, _)| *at == 0 || line[..*at].ends_with([' ', '\t']));
        out.push_str(cut.map_or(line, |(at, _)| &line[..at]));
        out.push('\n');
    }
    out
}

/// Modules declared as test-only in `source` (`#[cfg(test)] mod tests;`), by name.
fn test_modules(source: &str) -> Vec<String> {
    let lines: Vec<&str> = source.lines().map(str::trim).collect();
    lines
        .windows(2)
        .filter(|w| w[0].starts_with("#[cfg(") && w[0].contains("test"))
        .filter_map(|w| {
            let decl = w[1].trim_start_matches("pub ").trim_start_matches("pub(crate) ");
            decl.strip_prefix("mod ")?.strip_suffix(';').map(str::to_owned)
        })
        .collect()
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every module path `code` names from the crate root: `crate::a::b` → `[a, b]`,
/// `crate::{a::x, b}` → `[a, x]` and `[b]`, and `super::…` resolved from `module`.
fn paths_named(code: &str, module: &[String]) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < code.len() {
        let rest = &code[i..];
        let before = if i == 0 { ' ' } else { bytes[i - 1] as char };
        if is_ident(before) || before == '$' || before == ':' {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let (root, after) = if let Some(after) = rest.strip_prefix("crate::") {
            (Vec::new(), after)
        } else if rest.starts_with("super::") {
            let mut up = module.to_vec();
            let mut after = rest;
            while let Some(a) = after.strip_prefix("super::") {
                up.pop();
                after = a;
            }
            (up, after)
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        if let Some(group) = after.strip_prefix('{') {
            // One level of grouping: the first segment of each item.
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let segs: Vec<String> = item.trim().split("::").map(|s| s.trim().to_owned()).collect();
                if segs.first().is_some_and(|s| !s.is_empty() && s.chars().all(is_ident)) {
                    found.push(root.iter().cloned().chain(segs.into_iter().take(2)).collect());
                }
            }
        } else {
            let segs: Vec<String> = after
                .split("::")
                .map(|s| s.chars().take_while(|c| is_ident(*c)).collect::<String>())
                .take_while(|s| !s.is_empty())
                .take(2)
                .collect();
            if !segs.is_empty() {
                found.push(root.into_iter().chain(segs).collect());
            }
        }
        i += 1;
    }
    found
}

/// Each `(file, path)` where a module of `files` names one of a higher layer, and each
/// file or path no layer is given for.
fn violations(files: &[(PathBuf, String)]) -> Vec<String> {
    let skipped: BTreeSet<PathBuf> = files
        .iter()
        .flat_map(|(rel, src)| {
            let dir = match rel.file_name().and_then(|f| f.to_str()) {
                Some("mod.rs") | Some("lib.rs") => rel.parent().map(Path::to_path_buf).unwrap_or_default(),
                _ => rel.with_extension(""),
            };
            test_modules(src).into_iter().flat_map(move |m| [dir.join(format!("{m}.rs")), dir.join(&m).join("mod.rs")])
        })
        .collect();
    let mut out = Vec::new();
    for (rel, src) in files {
        if skipped.contains(rel) || rel == Path::new("lib.rs") {
            continue;
        }
        let module = module_of(rel);
        let Some((own, own_name)) = layer_of(&module) else {
            out.push(format!("{}: module {} has no layer", rel.display(), module.join("::")));
            continue;
        };
        for path in paths_named(&checked_code(src), &module) {
            match layer_of(&path) {
                Some((theirs, their_name)) if theirs > own => out.push(format!(
                    "{}: {} ({own_name}) uses {} ({their_name}), a layer above it",
                    rel.display(),
                    module.join("::"),
                    path.join("::")
                )),
                Some(_) => {}
                None if path.is_empty() => {}
                None => out.push(format!("{}: {} has no layer", rel.display(), path.join("::"))),
            }
        }
    }
    out
}

fn sources(dir: &Path, root: &Path, out: &mut Vec<(PathBuf, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(root).unwrap().to_path_buf();
            out.push((rel, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

#[test]
fn no_module_uses_a_layer_above_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &root, &mut files);
    assert!(files.len() > 50, "read {} files from {}", files.len(), root.display());
    let found = violations(&files);
    assert!(found.is_empty(), "modules reach up a layer:\n{}", found.join("\n"));
}

#[test]
fn the_check_sees_each_kind_of_path_that_reaches_up() {
    let file = |rel: &str, src: &str| (PathBuf::from(rel), src.to_owned());
    let files = vec![
        file("domain/model.rs", "use crate::i18n::Locale;\nfn f() { crate::ui::App(); }\n"),
        file("server/store/maps.rs", "use crate::{domain::Map, api::tokens::ApiToken};\n"),
        file("server/store/live.rs", "const W: &str = super::super::hub::X;\n"),
        file("formats/svg.rs", "use crate::domain::Map; // crate::ui in a comment is fine\n"),
        file("i18n/mod.rs", "use crate::domain::Op;\n#[cfg(test)]\nmod tests {\n    use crate::ui::App;\n}\n"),
        file("formats/mod.rs", "#[cfg(all(test, feature = \"ssr\"))]\nmod hostile;\n"),
        file("formats/hostile.rs", "use crate::server::store::Store;\n"),
        file("server/hub.rs", "use crate::protocol::ServerMsg;\n"),
        file("widgets/mod.rs", "use crate::domain::Map;\n"),
    ];
    let found = violations(&files);
    let expect = [
        "domain/model.rs: domain::model (domain) uses i18n::Locale (i18n), a layer above it",
        "domain/model.rs: domain::model (domain) uses ui::App (ui), a layer above it",
        "server/store/maps.rs: server::store::maps (server::store) uses api::tokens (api), a layer above it",
        "server/store/live.rs: server::store::live (server::store) uses server::hub::X (server), a layer above it",
        "widgets/mod.rs: module widgets has no layer",
    ];
    assert_eq!(found, expect);
}

/// Over this many lines a file says at its top why it is not split ("Long on purpose: …").
const LONG_FILE: usize = 420;

/// The files of `files` longer than [`LONG_FILE`] whose module doc (`//!`) gives no reason.
fn long_without_reason(files: &[(PathBuf, String)]) -> Vec<String> {
    files
        .iter()
        .filter(|(_, src)| src.lines().count() > LONG_FILE)
        .filter(|(_, src)| {
            let head: String = src.lines().take_while(|l| l.starts_with("//!")).collect::<Vec<_>>().join(" ");
            !(head.contains("Long on purpose") || head.contains("Over 400 lines"))
        })
        .map(|(rel, src)| format!("{} ({} lines)", rel.display(), src.lines().count()))
        .collect()
}

#[test]
fn a_long_file_says_why_at_its_top() {
    let mut files = Vec::new();
    for dir in ["src", "../server/src"] {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        sources(&root, &root, &mut files);
    }
    let found = long_without_reason(&files);
    assert!(
        found.is_empty(),
        "split these files or say at their top why not (\"Long on purpose: …\"):\n{}",
        found.join("\n")
    );
    let long = "fn x() {}\n".repeat(LONG_FILE + 1);
    let probe = vec![
        (PathBuf::from("a.rs"), format!("//! A.\n{long}")),
        (PathBuf::from("b.rs"), format!("//! B.\n//!\n//! Long on purpose: data.\n{long}")),
    ];
    assert_eq!(long_without_reason(&probe), ["a.rs (422 lines)"]);
}

/// The views of `ui/` erased with a plain `into_any()` or taking untyped `Children`: each
/// of those compiles its whole subtree a second time for async hydration (see `ui::eager`).
fn erased_lazily(files: &[(PathBuf, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (rel, src) in files {
        if !rel.starts_with("ui") || rel.ends_with("ui/eager.rs") {
            continue;
        }
        for (n, line) in checked_code(src).lines().enumerate() {
            let untyped = ["children: Children", "children: ChildrenFn"].iter().any(|c| line.contains(c));
            if line.contains(".into_any()") || untyped {
                out.push(format!("{}:{}: {}", rel.display(), n + 1, line.trim()));
            }
        }
    }
    out
}

#[test]
fn views_are_erased_eagerly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &root, &mut files);
    let found = erased_lazily(&files);
    assert!(found.is_empty(), "use into_any_sync() and TypedChildren (see ui/eager.rs):\n{}", found.join("\n"));
    let probe = vec![
        (PathBuf::from("ui/a.rs"), "fn a() { x.into_any() } // y.into_any()\n".to_owned()),
        (PathBuf::from("ui/b.rs"), "fn B(children: ChildrenFn) {}\nfn c() { x.into_any_sync() }\n".to_owned()),
        (PathBuf::from("ui/eager.rs"), "fn d() { x.into_any() }\n".to_owned()),
        (PathBuf::from("domain/e.rs"), "fn e() { x.into_any() }\n".to_owned()),
    ];
    assert_eq!(
        erased_lazily(&probe),
        ["ui/a.rs:1: fn a() { x.into_any() }", "ui/b.rs:1: fn B(children: ChildrenFn) {}"]
    );
}
