# syntax=docker/dockerfile:1

# inventree-mcp as a container image.
#
#   docker build -t inventree-mcp .
#   docker run --rm -p 8080:8080 \
#     -e INVENTREE_MCP_DATABASE_URL=postgres://user:password@db-host:5432/inventree \
#     inventree-mcp
#
# It is configured by INVENTREE_MCP_* environment variables only (see the README's
# Configuration table). The image listens on 0.0.0.0:8080, runs as an unprivileged user
# (65532) and holds the server, the C runtime it links against and a static wget for the
# health check: no shell, no package manager.

# Build stage. Queries are checked against the committed .sqlx/ data, so no database is
# needed. The cargo registry and the target directory live in BuildKit cache mounts: a
# rebuild after a source change recompiles only this crate, not its dependencies.
FROM rust:1-bookworm AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /src
ENV SQLX_OFFLINE=true \
    CARGO_PROFILE_RELEASE_STRIP=symbols \
    CARGO_TERM_COLOR=never
# src/ embeds migrations-snapshot/ and queries/ at compile time; benches/ is copied so that
# every target Cargo.toml names ([[bench]]) exists.
COPY Cargo.toml Cargo.lock ./
COPY .cargo/ .cargo/
COPY .sqlx/ .sqlx/
COPY benches/ benches/
COPY migrations-snapshot/ migrations-snapshot/
COPY queries/ queries/
COPY src/ src/
# The binary needs libc, libm and libgcc_s. The runtime image below has the first two;
# libgcc_s is copied from here, into the runtime's multiarch library directory.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/usr/local/cargo/git \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin inventree-mcp \
 && multiarch="$(gcc -dumpmachine)" \
 && mkdir -p /rootfs/usr/local/bin "/rootfs/usr/lib/${multiarch}" \
 && cp target/release/inventree-mcp /rootfs/usr/local/bin/ \
 && cp -L "$(ldd target/release/inventree-mcp | awk '/libgcc_s/ { print $3 }')" "/rootfs/usr/lib/${multiarch}/"

# A statically linked busybox, used only as `wget` by the health check.
FROM busybox:stable-musl AS probe

# Runtime stage: Debian 12's glibc and CA certificates, nothing else.
FROM gcr.io/distroless/base-nossl-debian12:nonroot
LABEL org.opencontainers.image.title="inventree-mcp" \
      org.opencontainers.image.description="MCP server for InvenTree that reads InvenTree's PostgreSQL database directly" \
      org.opencontainers.image.licenses="MIT"
COPY --from=build /rootfs/ /
COPY --from=probe /bin/busybox /usr/local/bin/wget
ENV INVENTREE_MCP_LISTEN=0.0.0.0:8080
EXPOSE 8080
USER 65532:65532
# /healthz answers 200 while the process serves; it is not behind the Host check, so it
# works whatever INVENTREE_MCP_ALLOWED_HOSTS says. Serving on another port than 8080 needs
# a health check of its own (docker run --health-cmd, or the orchestrator's probe).
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["/usr/local/bin/wget", "-q", "-T", "3", "-O", "/dev/null", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["/usr/local/bin/inventree-mcp"]
CMD ["serve"]
