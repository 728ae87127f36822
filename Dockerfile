# sluice as a container: for a Kubernetes Job or init container that runs `sluice deploy`
# (docs/container.md). Multi-stage:
#   build           Debian 12 with the build dependencies; the self-contained binary
#                   (ci/setup, ci/build --static)
#   prebuilt        the binary of a release instead (the image context that ci/release
#                   writes to dist/image/): docker build --build-arg SLUICE_BINARY_FROM=prebuilt
#   runtime-pg-dump runtime + Debian's PostgreSQL 15 client tools: deploy's snapshot needs
#                   pg_dump of the server's major version or newer (--target runtime-pg-dump)
#   runtime         (default) minimal Debian, CA certificates and the binary; nothing else
#
#   docker build -t sluice .
#   docker run --rm -e DATABASE_URL -v "$PWD/prisma/migrations:/migrations:ro" sluice deploy --dir /migrations --no-snapshot
ARG SLUICE_BINARY_FROM=build

FROM debian:12 AS build
WORKDIR /src
COPY . .
RUN rm -rf build* .cache node_modules \
 && ci/setup \
 && ci/build --static \
 && install -D -m 755 build-static/cli/sluice /out/sluice \
 && ci/third-party-notices /out/THIRD-PARTY-NOTICES.txt

FROM scratch AS prebuilt
COPY sluice THIRD-PARTY-NOTICES.txt /out/

FROM ${SLUICE_BINARY_FROM} AS binary

FROM debian:12-slim AS runtime-base
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=binary /out/sluice /usr/local/bin/sluice
COPY --from=binary /out/THIRD-PARTY-NOTICES.txt /usr/share/doc/sluice/THIRD-PARTY-NOTICES.txt
# Not root; the migrations are mounted read-only and snapshots go to /home/sluice.
RUN useradd --uid 10001 --user-group --home-dir /home/sluice --create-home sluice
USER 10001:10001
WORKDIR /home/sluice
ENTRYPOINT ["/usr/local/bin/sluice"]
CMD ["--help"]

FROM runtime-base AS runtime-pg-dump
USER root
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-client-15 \
 && rm -rf /var/lib/apt/lists/*
USER 10001:10001

FROM runtime-base AS runtime
