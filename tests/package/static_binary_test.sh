#!/usr/bin/env bash
# The self-contained binary (ci/build --static) on a system that has nothing but glibc:
# a minimal Debian 11 root (glibc 2.31, debootstrap --variant=minbase, no extra package)
# where it lints, and deploys over TCP and TLS with a password to a PostgreSQL 15 server on
# 127.0.0.1; then, in a copy of that root with Debian 11's own PostgreSQL 13 (whose pg_dump
# snapshots need), deploy with its snapshot and `snapshot create` against that server.
# Usage: static_binary_test.sh SLUICE SOURCE_DIR CACHE_DIR   (as root: chroot)
set -uo pipefail
sluice=$(realpath "$1")
source_dir=$(realpath "$2")
cache=$(realpath -m "$3")
here=$(dirname "$0")
source "$here/../support/shell_checks.sh" sluice-static
source "$here/pg_server.sh"
source "$here/lint_project.sh"

# --- the file itself
libraries=$(ldd "$sluice" | awk '{print $1}' | sed 's|.*/||' | sort | tr '\n' ' ')
check "ldd: glibc's libraries only" "" \
  "$(tr ' ' '\n' <<<"$libraries" | grep -vxE 'linux-vdso\.so\.1|libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|librt\.so\.1|ld-linux-x86-64\.so\.2|' || true)"
newest=$(objdump -T "$sluice" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
check "no glibc symbol newer than 2.31 (newest: $newest)" 2.31 "$(printf '%s\n2.31\n' "$newest" | sort -V | tail -1)"
version_text=$("$sluice" --version)
check "--version names the release" 1 "$(head -1 <<<"$version_text" | grep -cxE 'sluice [0-9]+\.[0-9]+\.[0-9]+')"
for library in "libpg_query for PostgreSQL 15" "libpq 15" "OpenSSL 3" "zstd 1" "tree-sitter" "libstdc++ of GCC"; do
  check "--version: $library, linked in" 1 "$(grep -c "^$library.*(linked in" <<<"$version_text")"
done
check "--version: glibc, shared" 1 "$(grep -c '^glibc .*(shared; this binary needs 2.31 or later)' <<<"$version_text")"

# --- the pristine Debian 11 root
root="$cache/debian11"
"$here/debian_root.sh" bullseye "$root" || { echo "could not make the Debian 11 root"; exit 1; }
check "the root is Debian 11" 11 "$(. "$root/etc/os-release" && echo "$VERSION_ID")"
inside=$(mktemp -d "$root/tmp/sluice-static-XXXXXX")
cleanup_inside() { rm -rf "$inside"; }
trap 'cleanup_inside; stop_server' EXIT
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/tmp NO_COLOR=1 "$@"; }
at=/tmp/$(basename "$inside")
cp "$sluice" "$inside/sluice"
check "no libpq, OpenSSL 3 or zstd 1.5 in the root" "" \
  "$(cd "$root" && ls usr/lib/x86_64-linux-gnu/libpq.so* usr/lib/x86_64-linux-gnu/libssl.so.3 2>/dev/null)"
check "runs on glibc 2.31" 1 "$(in_root "$at/sluice" --version | grep -c '^glibc 2.31 ')"
check "Debian 11's ldd: glibc's libraries only" "" \
  "$(in_root ldd "$at/sluice" | awk '{print $1}' | sed 's|.*/||' |
    grep -vxE 'linux-vdso\.so\.1|libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|librt\.so\.1|ld-linux-x86-64\.so\.2' || true)"

# lint: a Prisma project whose second migration indexes a live table without CONCURRENTLY.
make_lint_project "$inside/project"
lint_out=$(cd "$inside/project" && chroot "$root" /usr/bin/env -i PATH=/usr/bin:/bin NO_COLOR=1 \
  sh -c "cd $at/project && $at/sluice lint --format gcc" 2>&1)
check "lint exits 1 on the finding" 1 "$(cd "$inside/project" && chroot "$root" sh -c "cd $at/project && $at/sluice lint >/dev/null 2>&1"; echo $?)"
check "lint reports it with its place" 1 \
  "$(grep -cE "$lint_finding" <<<"$lint_out")"
# Only glibc is loaded, even by a command that connects (libpq is inside the binary).
loaded=$(in_root sh -c "cd $at/project && LD_DEBUG=libs $at/sluice lint >/dev/null 2>&1; LD_DEBUG=libs $at/sluice status --database-url postgresql://x@127.0.0.1:1/x 2>&1 >/dev/null" |
  grep -o 'calling init: [^ ]*' | sed 's|.*/||' | sort -u | tr '\n' ' ')
check "nothing but glibc loaded by lint and status" "" \
  "$(tr ' ' '\n' <<<"$loaded" | grep -vxE 'libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|librt\.so\.1|libnss_files\.so\.2|libnss_dns\.so\.2|' || true)"

# deploy over TCP with SCRAM and TLS (sslmode=require: no TLS, no connection).
start_tls_server
url="$DATABASE_URL?sslmode=require"
cp -r "$source_dir/examples/prisma/migrations" "$inside/prisma"
deploy() { in_root sh -c "cd $at && DATABASE_URL='$url' $at/sluice deploy --dir prisma $*"; }
out=$(deploy 2>&1)
check "deploy without pg_dump: input error, nothing applied" 2 "$(deploy >/dev/null 2>&1; echo $?)"
check "and says what to install" 1 "$(grep -c 'no pg_dump for PostgreSQL 15 found' <<<"$out")"
check "no migration applied" f "$(server_sql "SELECT to_regclass('\"User\"') IS NOT NULL")"
check "deploy --no-snapshot applies the migrations" 0 "$(deploy --no-snapshot >"$work/deploy.log" 2>&1; echo $?)"
check "Prisma's history records all three" 3 "$(server_sql "SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL")"
check "the password appears in no output" 0 "$(grep -c "$server_password" "$work/deploy.log" <<<"$out")"
check "status over TLS: healthy" 1 \
  "$(in_root sh -c "DATABASE_URL='$url' $at/sluice status --dir $at/prisma --json" | grep -c '"status": *"healthy"')"
stop_server_now() { as_server "$pg_bin/pg_ctl" -D "$work/pgdata" -m fast stop >/dev/null 2>&1; }
stop_server_now
cleanup_inside

# --- Debian 11 with its PostgreSQL 13: pg_dump for the snapshots
root13="$cache/debian11-pg13"
"$here/debian_root.sh" bullseye "$root13" --from "$root" postgresql-13 || {
  echo "could not make the Debian 11 root with PostgreSQL 13"
  exit 1
}
inside=$(mktemp -d "$root13/tmp/sluice-static-XXXXXX")
at=/tmp/$(basename "$inside")
chmod 755 "$inside"
cp "$sluice" "$inside/sluice"
cp -r "$source_dir/examples/prisma/migrations" "$inside/prisma"
in13() { chroot "$root13" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp NO_COLOR=1 "$@"; }
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
pg13=/usr/lib/postgresql/13/bin
mkdir -p "$inside/data" && chown "$(chroot "$root13" id -u postgres)" "$inside/data"
stop13() {
  in13 runuser -u postgres -- $pg13/pg_ctl -D "$at/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$inside"
}
trap 'stop13; stop_server' EXIT
in13 runuser -u postgres -- $pg13/initdb -D "$at/data" -U app --auth=trust --no-sync >"$work/initdb13.log" 2>&1 ||
  cat "$work/initdb13.log"
check "PostgreSQL 13 starts inside the root" 0 "$(in13 runuser -u postgres -- $pg13/pg_ctl -D "$at/data" -w -l "$at/data/server.log" \
  -o "-p $port -k $at/data -c listen_addresses=127.0.0.1 -c dynamic_shared_memory_type=mmap -c fsync=off" start >/dev/null 2>&1; echo $?)"
[ "$failed" -gt 0 ] && cat "$work/initdb13.log" "$inside/data/server.log"
url13="postgresql://app@127.0.0.1:$port/postgres"
check "deploy with its snapshot (Debian 11's pg_dump 13)" 0 \
  "$(in13 sh -c "cd $at && $at/sluice deploy --dir prisma --database-url '$url13'" >"$work/deploy13.log" 2>&1; echo $?)"
grep -q . "$work/deploy13.log" && [ "$failed" -gt 0 ] && cat "$work/deploy13.log"
check "the deploy's snapshot was written" 1 "$(ls -d "$inside"/.sluice/snapshots/*/ 2>/dev/null | wc -l)"
check "snapshot create" 0 "$(in13 sh -c "cd $at && $at/sluice snapshot create --database-url '$url13'" >"$work/snap.log" 2>&1; echo $?)"
check "two snapshots listed" 2 "$(in13 sh -c "cd $at && $at/sluice snapshot list --json" | grep -o '"id"' | wc -l)"
check "the newest verifies" 0 "$(in13 sh -c "cd $at && $at/sluice snapshot verify latest" >>"$work/snap.log" 2>&1; echo $?)"
[ "$failed" -gt 0 ] && cat "$work/snap.log"
finish
