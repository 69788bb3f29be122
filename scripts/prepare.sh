#!/usr/bin/env bash
# Gets a machine ready for `make run` or `make test` by running the independent slow steps
# at the same time instead of one after another: the build tools (cargo-leptos, the
# wasm-bindgen CLI), the SurrealDB test server, Debian chromium and the npm packages, and
# the compilation of the workspace's ~500 dependencies. Each tool builds in its own target
# directory and the workspace in $CARGO_TARGET_DIR, so the jobs never wait for each other's
# cargo lock; on 2 cores, one job's single-threaded stretches (a big crate's type checking,
# a link, a C build script) are filled by another's, which is where the time is won.
#
#   scripts/prepare.sh run    # what `make run` needs
#   scripts/prepare.sh test   # what `make test` needs
#
# On a warm machine every job finds its work done and the whole step takes seconds. Each
# job's full output goes to $JORNADA_TOOLS/logs/<job>.log; the terminal shows when a job
# starts and ends, how long it took, a line a minute of what is being built, and the end of
# the log of a job that failed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${JORNADA_TOOLS:-$HOME/.cache/jornada-tools}"
LOGS="$TOOLS/logs"
mkdir -p "$LOGS"
export PATH="$TOOLS/bin:$PATH"
mode="${1:-run}"

say() { printf '\033[1;34m[prepare]\033[0m %s\n' "$*" >&2; }

# The same LEPTOS_* values the Makefile's LEPTOS_ENV and cargo-leptos build with: compiler
# flags and these values decide whether cargo can reuse what this step compiled.
leptos_env=(LEPTOS_OUTPUT_NAME=jornada LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg
  LEPTOS_SITE_ADDR=127.0.0.1:3000 LEPTOS_RELOAD_PORT=3001 LEPTOS_LIB_DIR=frontend
  LEPTOS_BIN_DIR=server LEPTOS_JS_MINIFY=false LEPTOS_HASH_FILES=true
  LEPTOS_HASH_FILE_NAME=hash.txt)

declare -A pids started about
start() { # start NAME "what it does, how long cold" COMMAND…
  local name="$1" what="$2"; shift 2
  about[$name]="$what"
  started[$name]=$SECONDS
  say "$name: started — $what"
  ( cd "$ROOT" && "$@" ) >"$LOGS/$name.log" 2>&1 &
  pids[$name]=$!
}

# Jobs. Cold figures are from 2026-12-02 on this machine kind (2 cores), when run together.
case "$mode" in
  run)
    start tools "cargo-leptos and the wasm-bindgen CLI, built once (cold: about 15 min)" \
      scripts/tools.sh build
    start workspace "the server and its dependencies (cold: about 15 min)" \
      env "${leptos_env[@]}" cargo build --package=server --bin=jornada --no-default-features
    ;;
  test)
    start tools "cargo-leptos and the wasm-bindgen CLI, built once (cold: about 15 min)" \
      scripts/tools.sh build
    start browser "Debian chromium and the npm packages of end2end/ (cold: 1-2 min)" \
      bash -c 'scripts/tools.sh chromium && scripts/tools.sh npm'
    start surreal "a SurrealDB server for the scale-out tests, built once (cold: about 15 min)" \
      scripts/tools.sh surreal
    start workspace "the workspace, its tests and dependencies (cold: about 20 min)" \
      env "${leptos_env[@]}" cargo test -p app -p server --no-run
    ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac

failed=()
last_note=$SECONDS
while [ ${#pids[@]} -gt 0 ]; do
  for name in "${!pids[@]}"; do
    pid=${pids[$name]}
    if ! kill -0 "$pid" 2>/dev/null; then
      took=$(( SECONDS - started[$name] ))
      if wait "$pid"; then
        say "$name: done in $((took / 60)) min $((took % 60)) s"
      else
        say "$name: FAILED after $((took / 60)) min $((took % 60)) s — the end of $LOGS/$name.log:"
        tail -n 30 "$LOGS/$name.log" >&2
        failed+=("$name")
      fi
      unset "pids[$name]"
    fi
  done
  if [ ${#pids[@]} -gt 0 ] && [ $(( SECONDS - last_note )) -ge 60 ]; then
    last_note=$SECONDS
    for name in "${!pids[@]}"; do
      line="$(grep -E 'Compiling|Installing|Fetching|Unpacking|building|installing|Downloaded' "$LOGS/$name.log" 2>/dev/null | tail -n 1 | sed 's/^ *//' || true)"
      say "$name ($(( (SECONDS - started[$name]) / 60 )) min): ${line:-working}"
    done
  fi
  sleep 2
done

if [ ${#failed[@]} -gt 0 ]; then
  say "failed: ${failed[*]}"
  exit 1
fi
say "ready ($((SECONDS / 60)) min $((SECONDS % 60)) s)"
