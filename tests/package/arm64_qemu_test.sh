#!/usr/bin/env bash
# The arm64 self-contained binary (ci/build --arm64), checked on this x86_64 machine: the
# file is an aarch64 executable that needs nothing but glibc (at most 2.31), and under
# qemu's user-mode emulation, with Debian 11's arm64 glibc 2.31 as its only libraries
# (qemu-aarch64 -L GLIBC_SYSROOT), it prints its version, lints, and deploys over TCP and
# TLS with a password to a PostgreSQL 15 server on 127.0.0.1. ci/release runs it before it
# writes the arm64 artifacts. No real arm64 hardware is involved.
# Usage: arm64_qemu_test.sh SLUICE SOURCE_DIR GLIBC_SYSROOT   (qemu-user-static installed on demand)
set -uo pipefail
sluice=$(realpath "$1")
source_dir=$(realpath "$2")
sysroot=$(realpath "$3")
here=$(dirname "$0")
source "$here/../support/shell_checks.sh" sluice-arm64
source "$here/pg_server.sh"
source "$here/lint_project.sh"
"$source_dir/ci/install-packages" qemu-user-static binutils || exit 1

# --- the file itself (the build machine's binutils read any ELF file)
check "an aarch64 executable" "AArch64" "$(readelf -h "$sluice" | awk -F: '/Machine:/ {gsub(/^ +/, "", $2); print $2}')"
check "its loader is glibc's aarch64 one" "/lib/ld-linux-aarch64.so.1" \
  "$(readelf -l "$sluice" | grep -o 'interpreter: [^]]*' | awk '{print $2}')"
check "readelf -d: glibc's libraries only" "" \
  "$(readelf -d "$sluice" | grep -o 'Shared library: \[[^]]*\]' | tr -d '[]' | awk '{print $3}' |
    grep -vxE 'libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|librt\.so\.1|ld-linux-aarch64\.so\.1' || true)"
newest=$(readelf --dyn-syms -W "$sluice" | grep -o '@GLIBC_[0-9.]*' | sed 's/@GLIBC_//' | sort -uV | tail -1)
check "no glibc symbol newer than 2.31 (newest: $newest)" 2.31 "$(printf '%s\n2.31\n' "$newest" | sort -V | tail -1)"
check "the sysroot is glibc 2.31 for aarch64" 1 "$(ls "$sysroot"/lib/aarch64-linux-gnu/libc-2.31.so 2>/dev/null | wc -l)"

# --- under qemu, on glibc 2.31. -L: the emulated program's absolute paths are looked up
# in the sysroot first (its loader and libc.so.6), then on this machine.
# Its environment: nothing of this one's but the server's URL, once there is a server.
url=
arm64() {
  env -i PATH=/usr/bin:/bin HOME="$work" NO_COLOR=1 ${url:+"DATABASE_URL=$url"} \
    qemu-aarch64-static -L "$sysroot" "$sluice" "$@"
}
version_text=$(arm64 --version)
check "--version names the release" 1 "$(head -1 <<<"$version_text" | grep -cxE 'sluice [0-9]+\.[0-9]+\.[0-9]+')"
check "--version: built for aarch64" 1 "$(grep -cx 'built for Linux aarch64' <<<"$version_text")"
check "--version: runs on glibc 2.31" 1 "$(grep -c '^glibc 2.31 (shared; this binary needs 2.31 or later)' <<<"$version_text")"
for library in "libpg_query for PostgreSQL 15" "libpq 15" "OpenSSL 3" "zstd 1" "tree-sitter" "libstdc++ of GCC"; do
  check "--version: $library, linked in" 1 "$(grep -c "^$library.*(linked in" <<<"$version_text")"
done
check "--version: the arm64 Debian packages of libpg_query and tree-sitter" 2 \
  "$(grep -cE '^(libpg_query|tree-sitter).*, Debian package [0-9]' <<<"$version_text")"

# lint: a Prisma project whose second migration indexes a live table without CONCURRENTLY.
make_lint_project "$work/project"
check "lint exits 1 on the finding" 1 "$(cd "$work/project" && arm64 lint >/dev/null 2>&1; echo $?)"
check "lint reports it with its place" 1 \
  "$(cd "$work/project" && arm64 lint --format gcc 2>&1 | grep -cE "$lint_finding")"

# deploy over TCP with SCRAM and TLS (sslmode=require: no TLS, no connection).
start_tls_server
url="$DATABASE_URL?sslmode=require"
cp -r "$source_dir/examples/prisma/migrations" "$work/prisma"
check "deploy --no-snapshot applies the migrations" 0 \
  "$(cd "$work" && arm64 deploy --dir prisma --no-snapshot >"$work/deploy.log" 2>&1; echo $?)"
[ "$failed" -gt 0 ] && cat "$work/deploy.log"
check "Prisma's history records all three" 3 "$(server_sql "SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL")"
check "the password appears in no output" 0 "$(grep -c "$server_password" "$work/deploy.log")"
check "status over TLS: healthy" 1 \
  "$(arm64 status --dir "$work/prisma" --json | grep -c '"status": *"healthy"')"
finish
