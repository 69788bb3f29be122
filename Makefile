# Jornada — two commands on a fresh machine:
#   make run    installs what is missing, builds, and serves http://127.0.0.1:3000 (data in ./data)
#   make test   installs what is missing (Debian chromium included) and runs every test
SHELL := bash
.SHELLFLAGS := -euo pipefail -c

TOOLS ?= $(HOME)/.cache/jornada-tools
# Build output lives outside the clone so a fresh clone on this machine reuses it.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/jornada/target
export PATH := $(TOOLS)/bin:$(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export JORNADA_TOOLS := $(TOOLS)
BIN := $(CARGO_TARGET_DIR)/debug/jornada

.PHONY: run test prepare-run prepare-test tools tools-test build unit e2e release bench loadgen soak fuzz fmt clippy clean

# `prepare` builds the tools, the test server and the workspace's dependencies side by side
# (scripts/prepare.sh); on a warm machine it takes seconds.
run: prepare-run build
	mkdir -p data
	$(BIN) --bind $${JORNADA_BIND:-127.0.0.1:3000} --db "$${JORNADA_DB:-surrealkv://./data/jornada?sync=every}"

test: prepare-test build unit e2e

prepare-run:
	scripts/prepare.sh run

prepare-test:
	scripts/prepare.sh test

tools:
	scripts/tools.sh build

tools-test:
	scripts/tools.sh test

# --split: every `#[lazy]` function (ui/later.rs) goes to a wasm chunk of its own, fetched
# when first shown; a build without it would import chunks that do not exist.
build:
	cargo leptos build --split

# Every crate's tests: app (domain, i18n, store on mem:// and SurrealKV) and server.
# The same LEPTOS_* values cargo-leptos builds with, so the build is reused
# instead of recompiling every crate.
LEPTOS_ENV := LEPTOS_OUTPUT_NAME=jornada LEPTOS_SITE_ROOT=target/site \
	LEPTOS_SITE_PKG_DIR=pkg LEPTOS_SITE_ADDR=127.0.0.1:3000 LEPTOS_RELOAD_PORT=3001 LEPTOS_LIB_DIR=frontend \
	LEPTOS_BIN_DIR=server LEPTOS_JS_MINIFY=false LEPTOS_HASH_FILES=true LEPTOS_HASH_FILE_NAME=hash.txt
unit:
	$(LEPTOS_ENV) JORNADA_SURREAL=$(TOOLS)/bin/surreal cargo test -p app -p server

# End-to-end in Debian chromium against the real server on a free port with mem://.
# The run's output (the server's log included) is kept; a server panic fails the run
# even when every test passed, since users would not see it but it is a defect.
e2e:
	port=$$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'); \
	cd end2end && JORNADA_BIN=$(BIN) JORNADA_E2E_PORT=$$port npx playwright test 2>&1 | tee e2e.log; \
	if grep -q "panicked at" e2e.log; then echo "e2e: the server panicked (see end2end/e2e.log)" >&2; exit 1; fi

# A size-optimised wasm and an optimised server (slow: about half an hour cold), with
# brotli and gzip copies of the site (--precompress) embedded next to the plain files.
release:
	scripts/tools.sh release
	cargo leptos build --release --precompress --split

# Benchmarks against the release build; figures go to docs/PERFORMANCE.md.
bench: tools-test release
	port=$$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'); \
	cd end2end && JORNADA_BIN=$(CARGO_TARGET_DIR)/release/jornada JORNADA_SITE_ROOT=$(CURDIR)/target/site \
	JORNADA_E2E_PORT=$$port npx playwright test -c bench.config.ts
	$(MAKE) loadgen

# The live-collaboration load generator on SurrealKV and on mem:// (release).
loadgen:
	$(LEPTOS_ENV) cargo run --release -p server --example loadgen
	$(LEPTOS_ENV) cargo run --release -p server --example loadgen -- --db mem

# The soak: 50 editors on 5 maps for 10 minutes against the real server on SurrealKV, on
# loopback; every client must end with the server's state, memory is sampled. `make unit`
# runs the same test for 20 s. Figures in docs/PERFORMANCE.md.
soak:
	$(LEPTOS_ENV) JORNADA_SOAK_SECS=$${JORNADA_SOAK_SECS:-600} cargo test -p app -p server --test it soak:: -- --nocapture

# Fuzzing (nightly, cargo-fuzz; the stable build never needs either): each target of
# fuzz/ for FUZZ_SECONDS, memory capped, its corpus kept in fuzz/corpus, findings in
# fuzz/artifacts. `make test` runs the bounded proptest version of the same properties.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := import_any import_native import_ojf import_mermaid import_csv import_feedback ws_client_msg rest_ops
fuzz:
	@rustup toolchain list | grep -q '^nightly' || { echo "make fuzz needs a nightly Rust toolchain (rustup toolchain install nightly)" >&2; exit 1; }
	cargo +nightly fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked
	cd fuzz && for t in $(FUZZ_TARGETS); do \
	  mkdir -p corpus/$$t; \
	  echo "== fuzz $$t for $(FUZZ_SECONDS) s"; \
	  CARGO_TARGET_DIR=$(HOME)/.cache/jornada/fuzz-target cargo +nightly fuzz run $$t corpus/$$t seeds/$$t \
	    $$(if [ $$t = import_any ]; then echo ../app/tests/fixtures/ojf; fi) \
	    $$(if [ $$t = import_feedback ]; then echo ../app/tests/fixtures/feedback; fi) \
	    -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=1024 -malloc_limit_mb=512 -max_len=65536 -timeout=10; \
	done

fmt:
	cargo fmt --all

clippy:
	cargo clippy -p app -p server --all-targets -- -D warnings

clean:
	rm -rf target end2end/test-results end2end/playwright-report
