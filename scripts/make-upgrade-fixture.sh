#!/usr/bin/env bash
# Makes the upgrade fixture server/tests/fixtures/upgrade/<name>.surql (+ <name>.facts.json):
# a database written by an OLDER RELEASE's own code, which server/tests/ops.rs imports
# into a fresh database, migrates with today's code and checks.
#
#   scripts/make-upgrade-fixture.sh OLD_JORNADA NEW_JORNADA OUT_PREFIX
#
# OLD_JORNADA: the `jornada` binary built from the older commit, e.g.
#     git worktree add --detach /tmp/jornada-old 665b598
#     (cd /tmp/jornada-old && cargo build -p server --bin jornada)   # same env as make unit
#     cp $CARGO_TARGET_DIR/debug/jornada /tmp/jornada-665b598
# NEW_JORNADA: today's binary; only its `backup` command is used, which opens the stopped
#     database without migrating it and writes SurrealDB's own export (Surreal::export).
# OUT_PREFIX: e.g. server/tests/fixtures/upgrade/v8-665b598
#
# The old server is driven through its HTTP API as a person would: set-up, two maps from
# the starter template, two OpenJourney imports (personas, emotions, blueprint lanes), a
# persona with a photo, an API token, an invite and a second member. The facts file is
# what the old server said about them (maps/list) and the owner's sign-in.
set -euo pipefail
old=$1 new=$2 out=$3
OLD_COMMIT=${OLD_COMMIT:-unknown}   # the commit OLD_JORNADA was built from, for the facts file
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
db="surrealkv://$work/db?sync=every"

"$old" --bind "127.0.0.1:$port" --db "$db" --log warn >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  curl -sf "$base/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done

# A server function call: form body, our origin, the owner's cookies.
call() { # endpoint form
  curl -sS -f -b "$work/jar" -c "$work/jar" -H "Origin: $base" \
    -H 'Content-Type: application/x-www-form-urlencoded' --data "$2" "$base/api/$1"
}
json() { # endpoint json
  curl -sS -f -b "$work/jar" -c "$work/jar" -H "Origin: $base" \
    -H 'Content-Type: application/json' --data "$2" "$base/api/$1"
}

call auth/setup 'name=Olga+Owner&email=owner%40example.com&password=owner-password-1&workspace=Clinic' >/dev/null
call maps/create 'title=Onboarding&template=starter' >/dev/null
call maps/create 'title=Renewal+%E2%80%94+%C3%A7a+va&template=starter' >/dev/null
for f in clinic-visit-blueprint ecommerce-purchase; do
  curl -sS -f -b "$work/jar" -H "Origin: $base" --data-binary "@$root/app/tests/fixtures/ojf/$f.ojf" \
    "$base/api/maps/import" >/dev/null
done
persona=$(json personas/save '{"persona":{"id":"","name":"Marta Regular","segment":"regular client","quote":"I just want it to work","channels":["phone"],"colour":"#c2410c"}}' | tr -d '"')
python3 - "$work/photo.png" <<'PY'
import struct, sys, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
raw = b"".join(b"\x00" + bytes([200, 80, 40]) * 4 for _ in range(4))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
curl -sS -f -b "$work/jar" -H "Origin: $base" --data-binary "@$work/photo.png" "$base/api/personas/$persona/photo" >/dev/null
call tokens/create 'name=ci' >/dev/null
invite=$(call invites/create 'role=editor&days=7' | tr -d '"')
curl -sS -f -H "Origin: $base" -H 'Content-Type: application/x-www-form-urlencoded' \
  --data "token=${invite#/invite/}&name=Eva+Editor&email=eva%40example.com&password=editor-password-1" \
  "$base/api/auth/accept" >/dev/null
call invites/create 'role=viewer&days=7' >/dev/null   # left unused

maps=$(call maps/list '')
kill -TERM "$pid"
wait "$pid" || true

mkdir -p "$(dirname "$out")"
"$new" --db "surrealkv://$work/db" --log warn backup "$out.surql"
python3 - "$out.facts.json" "$maps" "$("$old" --version)" "$(wc -c <"$work/photo.png")" "$OLD_COMMIT" <<'PY'
import json, sys
path, maps, old_version, photo_bytes, commit = sys.argv[1:]
facts = {
    "made_by": f"{old_version} at commit {commit}",
    "owner": {"email": "owner@example.com", "password": "owner-password-1"},
    "editor": {"email": "eva@example.com", "password": "editor-password-1"},
    "persona": {"name": "Marta Regular", "photo_bytes": int(photo_bytes)},
    "maps": sorted(({"title": m["title"], "cards": m["card_count"]} for m in json.loads(maps)), key=lambda m: m["title"]),
}
json.dump(facts, open(path, "w"), indent=2, ensure_ascii=False)
open(path, "a").write("\n")
PY
echo "wrote $out.surql ($(wc -c <"$out.surql") bytes) and $out.facts.json"
