#!/usr/bin/env bash
# Installs, once, every tool the build and the tests need and that a fresh machine of this
# kind lacks. Idempotent: each step checks first and skips what is already there.
# Tools land in $JORNADA_TOOLS (default ~/.cache/jornada-tools), outside the clone, so a
# fresh clone on the same machine reuses them.
#
#   scripts/tools.sh build   # wasm target, cargo-leptos, wasm-bindgen CLI (what `make run` needs)
#   scripts/tools.sh test    # the above plus Debian chromium, npm packages, the SurrealDB server
#   scripts/tools.sh release # build plus the npm packages (binaryen's wasm-opt)
#   scripts/tools.sh surreal # a standalone SurrealDB server for the scale-out tests
#   scripts/tools.sh npm | chromium | cargo-leptos | wasm-bindgen   # one of them
# `scripts/prepare.sh` runs these at the same time as the workspace's own compilation.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${JORNADA_TOOLS:-$HOME/.cache/jornada-tools}"
CARGO_LEPTOS_VERSION=0.3.11
mkdir -p "$TOOLS/bin" "$TOOLS/src"
export PATH="$TOOLS/bin:$PATH"

log() { printf '\033[1;34m[tools]\033[0m %s\n' "$*" >&2; }

# The tools are built, not downloaded. Their own release profiles ask for fat LTO and one
# codegen unit (cargo-leptos: 21 minutes on 2 cores); a build tool needs neither, so they
# are built at opt-level 1 without LTO, which takes a fraction of the time and runs fast
# enough (config settings take precedence over a manifest's profile).
tool_profile() {
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_DEBUG=false \
  CARGO_PROFILE_RELEASE_INCREMENTAL=false "$@"
}

# Fetch a crate's source from the registry and unpack it under $TOOLS/src.
crate_src() {
  local name="$1" version="$2" dir="$TOOLS/src/$1-$2"
  if [ ! -f "$dir/Cargo.toml" ]; then
    log "fetching $name $version source"
    local tmp; tmp="$(mktemp -d)"
    if ! curl -sSfL -o "$tmp/c.crate" "https://static.crates.io/crates/$name/$name-$version.crate"; then
      # Fall back to cargo's own client: a failing `cargo install` still caches the crate.
      cargo install "$name" --version "$version" --locked --root "$tmp/r" >/dev/null 2>&1 || true
      cp "$(ls ~/.cargo/registry/cache/*/"$name-$version.crate" | head -n1)" "$tmp/c.crate"
    fi
    tar -xzf "$tmp/c.crate" -C "$TOOLS/src"
    rm -rf "$tmp"
  fi
  printf '%s\n' "$dir"
}

wasm_target() {
  if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

cargo_leptos() {
  if cargo-leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then return; fi
  # Its lock pins cargo-util-schemas 0.14.2, which needs a newer rustc than 1.95:
  # pin the last compatible release and build from source.
  # Unoptimised: cargo-leptos only starts cargo and wasm-bindgen, runs lightningcss on one
  # stylesheet and hashes a few files, so optimising its ~600 crates (swc, cargo-generate,
  # lightningcss…) buys nothing we can measure; the debug build takes 8 min of CPU where
  # opt-level 1 took 25 (measured 2026-12-02, 2 cores).
  local dir; dir="$(crate_src cargo-leptos "$CARGO_LEPTOS_VERSION")"
  log "building cargo-leptos $CARGO_LEPTOS_VERSION (about 10 minutes, once)"
  (cd "$dir" && cargo update -p cargo-util-schemas --precise 0.14.1 \
     && CARGO_PROFILE_DEV_DEBUG=false CARGO_INCREMENTAL=0 \
        cargo install --debug --path . --locked --root "$TOOLS" --target-dir "$TOOLS/target-cargo-leptos")
  rm -rf "$TOOLS/target-cargo-leptos"
}

wasm_bindgen() {
  # cargo-leptos runs the wasm-bindgen CLI of exactly the version in Cargo.lock.
  local version
  version="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' "$ROOT/Cargo.lock")"
  [ -n "$version" ] || { log "no wasm-bindgen in Cargo.lock"; exit 1; }
  if wasm-bindgen --version 2>/dev/null | grep -q "$version"; then return; fi
  local dir; dir="$(crate_src wasm-bindgen-cli "$version")"
  # Optimised (opt-level 1): it rewrites the 35 MB dev wasm on every build, 5 s optimised
  # against 18 s unoptimised, which every edit-and-reload would pay.
  log "building wasm-bindgen-cli $version (about 4 minutes, once)"
  # Its lock names a webpki-roots release the registry no longer serves.
  (cd "$dir" && { cargo update -p webpki-roots --precise 1.0.10 2>/dev/null || true; } \
     && tool_profile cargo install --path . --locked --root "$TOOLS" --target-dir "$TOOLS/target-wasm-bindgen")
  rm -rf "$TOOLS/target-wasm-bindgen"
}

npm_packages() {
  # @playwright/test for end-to-end tests, binaryen's JS wasm-opt for release wasm.
  if [ ! -d "$ROOT/end2end/node_modules/@playwright/test" ] || [ ! -x "$ROOT/end2end/node_modules/.bin/wasm-opt" ] \
     || [ "$ROOT/end2end/package-lock.json" -nt "$ROOT/end2end/node_modules/.package-lock.json" ]; then
    log "installing npm packages in end2end/"
    (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
}

chromium() {
  if [ -x /usr/bin/chromium ]; then return; fi
  log "installing Debian chromium"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
}

surreal_server() {
  if [ -x "$TOOLS/bin/surreal" ]; then return; fi
  # Only the scale-out tests talk to it, with a few hundred ops: the dev profile (no
  # optimisation, no debug info) builds in a fraction of a release build's 38 minutes.
  log "building a standalone SurrealDB server for the scale-out tests (about 15 minutes, once)"
  cargo install --debug --path "$ROOT/tools/surreal" --locked --root "$TOOLS" --target-dir "$TOOLS/target-surreal"
  rm -rf "$TOOLS/target-surreal"
}

case "${1:-build}" in
  build) wasm_target; cargo_leptos; wasm_bindgen ;;
  release) wasm_target; cargo_leptos; wasm_bindgen; npm_packages ;;
  test) wasm_target; chromium; cargo_leptos; wasm_bindgen; npm_packages; surreal_server ;;
  surreal) surreal_server ;;
  npm) npm_packages ;;
  cargo-leptos) cargo_leptos ;;
  wasm-bindgen) wasm_bindgen ;;
  chromium) chromium ;;
  *) echo "usage: $0 build|test|release|surreal|npm|chromium|cargo-leptos|wasm-bindgen" >&2; exit 2 ;;
esac
