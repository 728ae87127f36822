#!/usr/bin/env bash
# The container image (Dockerfile), without a container engine: its runtime stages'
# filesystems assembled as the Dockerfile says (a debootstrap'd Debian 12 minbase root
# standing in for debian:12-slim, the packages its RUN lines install, the binary, the
# unprivileged user), then the entrypoint run in them with chroot as that user: lint of
# mounted migrations, deploy to a PostgreSQL 15 server on 127.0.0.1 (with pg_dump's
# snapshot in the runtime-pg-dump stage). What this cannot test (docker build itself,
# the debian:12-slim image, Kubernetes) is listed in docs/container.md.
# Usage: image_test.sh SLUICE SOURCE_DIR CACHE_DIR   (as root: chroot)
set -uo pipefail
sluice=$(realpath "$1")
source_dir=$(realpath "$2")
cache=$(realpath -m "$3")
here=$(dirname "$0")
source "$here/../support/shell_checks.sh" sluice-image
source "$here/pg_server.sh"
dockerfile="$source_dir/Dockerfile"

# --- what the Dockerfile says
stage_of() {  # stage_of NAME: the lines of one stage
  awk -v name="$1" '/^FROM /{on = ($NF == name)} on' "$dockerfile"
}
installs_of() {  # installs_of NAME: the packages the stage's RUN lines install
  stage_of "$1" | grep -o 'apt-get install -y --no-install-recommends [a-z0-9. -]*' | awk '{for (i = 5; i <= NF; i++) print $i}'
}
check "runtime-base is debian:12-slim" "FROM debian:12-slim AS runtime-base" "$(stage_of runtime-base | head -1)"
check "runtime-base installs CA certificates only" ca-certificates "$(installs_of runtime-base)"
check "runtime-pg-dump adds the PostgreSQL 15 client" postgresql-client-15 "$(installs_of runtime-pg-dump)"
check "runtime is runtime-base, unchanged" "FROM runtime-base AS runtime" "$(stage_of runtime)"
check "runtime is the last stage (the default target)" "FROM runtime-base AS runtime" "$(grep '^FROM' "$dockerfile" | tail -1)"
check "the binary goes to /usr/local/bin" 1 "$(stage_of runtime-base | grep -c '^COPY --from=binary /out/sluice /usr/local/bin/sluice$')"
check "runs as uid 10001" 1 "$(stage_of runtime-base | grep -c '^USER 10001:10001$')"
check "entrypoint" 'ENTRYPOINT ["/usr/local/bin/sluice"]' "$(stage_of runtime-base | grep '^ENTRYPOINT')"
check "the build stage builds the self-contained binary" 1 "$(stage_of build | grep -c 'ci/build --static')"

# --- the runtime stages' filesystems
"$here/debian_root.sh" bookworm "$cache/debian12" &&
  "$here/debian_root.sh" bookworm "$cache/debian12-runtime" --from "$cache/debian12" $(installs_of runtime-base) &&
  "$here/debian_root.sh" bookworm "$cache/debian12-runtime-pg-dump" --from "$cache/debian12-runtime" \
    $(installs_of runtime-pg-dump) || { echo "could not make the Debian 12 roots"; exit 1; }
packages() { chroot "$1" dpkg-query -W -f='${Package}\n' | sort; }
check "runtime adds ca-certificates (and the openssl, libssl3 it depends on) to the base, nothing else" "ca-certificates
libssl3
openssl" "$(comm -13 <(packages "$cache/debian12") <(packages "$cache/debian12-runtime"))"

assemble() {  # assemble ROOT DIR: the image's filesystem in DIR
  cp -a "$1" "$2"
  install -D -m 755 "$sluice" "$2/usr/local/bin/sluice"
  mkdir -p "$2/usr/share/doc/sluice"
  "$source_dir/ci/third-party-notices" "$2/usr/share/doc/sluice/THIRD-PARTY-NOTICES.txt"
  chroot "$2" useradd --uid 10001 --user-group --home-dir /home/sluice --create-home sluice
  cp -r "$source_dir/examples/prisma/migrations" "$2/migrations"
  chmod -R a-w "$2/migrations"
}
run_image() {  # run_image DIR ARGS...: the entrypoint as the image runs it
  local dir=$1
  shift
  chroot --userspec=10001:10001 "$dir" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/home/sluice \
    DATABASE_URL="${DATABASE_URL:-}" sh -c 'cd /home/sluice && exec /usr/local/bin/sluice "$@"' sluice "$@"
}
assemble "$cache/debian12-runtime" "$work/runtime"
assemble "$cache/debian12-runtime-pg-dump" "$work/runtime-pg-dump"

check "the entrypoint runs" 1 "$(run_image "$work/runtime" --version | grep -c '^glibc .*needs 2.31 or later')"
check "lint of the mounted migrations" 0 "$(run_image "$work/runtime" lint /migrations >/dev/null 2>&1; echo $?)"
start_server
check "deploy --no-snapshot in the minimal image" 0 \
  "$(run_image "$work/runtime" deploy --dir /migrations --no-snapshot >"$work/deploy.log" 2>&1; echo $?)"
check "applied" 3 "$(server_sql "SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL")"
server_sql "CREATE DATABASE second" >/dev/null
check "deploy with its snapshot in runtime-pg-dump" 0 \
  "$(DATABASE_URL=${DATABASE_URL%/postgres}/second run_image "$work/runtime-pg-dump" deploy --dir /migrations \
    >>"$work/deploy.log" 2>&1; echo $?)"
check "the snapshot is in the working directory, owned by the image's user" "10001" \
  "$(stat -c %u "$work"/runtime-pg-dump/home/sluice/.sluice/snapshots/*/ 2>/dev/null | sort -u)"
[ "$failed" -gt 0 ] && cat "$work/deploy.log"

# --- the Job manifest of docs/container.md
manifest=$(awk '/^```yaml$/{on=1; next} /^```$/{on=0} on' "$source_dir/docs/container.md")
check "docs/container.md: a Job that runs sluice deploy" "Job deploy" "$(cd "$source_dir" && node -e '
  const docs = require("yaml").parseAllDocuments(require("fs").readFileSync(0, "utf8")).map((d) => d.toJS());
  const job = docs.find((d) => d && d.kind === "Job");
  console.log(job.kind, job.spec.template.spec.containers[0].args[0]);' <<<"$manifest")"
finish
