# syntax=docker/dockerfile:1
# Jornada in a container: the release binary (the site embedded in it) on a small Debian.
# Built with the repository's own steps (scripts/tools.sh, make release); crates from
# crates.io and npm packages from the npm registry are the only downloads.
#
#   docker build --build-arg JORNADA_GIT_COMMIT=$(git rev-parse --short=12 HEAD) -t jornada .
#   docker run -p 127.0.0.1:3000:3000 -v jornada-data:/data -e JORNADA_SETUP_CODE=… jornada
#
# Not built in CI, and not built on the machine this project is developed on (no Docker
# there): see docs/DEPLOY.md.

ARG RUST_VERSION=1.95
ARG DEBIAN=bookworm

FROM rust:${RUST_VERSION}-${DEBIAN} AS build
# Node.js and npm for binaryen's wasm-opt (the release wasm) that scripts/tools.sh installs.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The tools first, in a layer of their own: cargo-leptos and the wasm-bindgen CLI are
# built from source (about 25 minutes), and only Cargo.lock (the wasm-bindgen version)
# and end2end's npm lock decide them.
COPY scripts/tools.sh scripts/tools.sh
COPY Cargo.lock Cargo.lock
COPY end2end/package.json end2end/package-lock.json end2end/
RUN scripts/tools.sh build
COPY . .
# There is no .git in the build context: the commit --version names comes from here.
ARG JORNADA_GIT_COMMIT=unknown
ENV JORNADA_GIT_COMMIT=${JORNADA_GIT_COMMIT}
RUN --mount=type=cache,target=/root/.cache/jornada/target \
    make release \
 && cp /root/.cache/jornada/target/release/jornada /usr/local/bin/jornada \
 && /usr/local/bin/jornada --version

FROM debian:${DEBIAN}-slim
RUN useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin jornada \
 && install -d -o jornada -g jornada -m 0750 /data
COPY --from=build /usr/local/bin/jornada /usr/local/bin/jornada
USER jornada
WORKDIR /data
VOLUME ["/data"]
ENV JORNADA_BIND=0.0.0.0:3000 \
    JORNADA_DB="surrealkv://./jornada?sync=every" \
    JORNADA_LOG_FORMAT=json
EXPOSE 3000
# No curl in the slim image: bash's /dev/tcp asks /healthz (200 when the database answers).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/3000 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/jornada"]
