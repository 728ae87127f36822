#!/usr/bin/env bash
# The build on a machine without libcurl (common/libcurl_loader.cpp loads it on first
# use): lint runs, and an S3 request stops with the reason and the package to install
# instead of failing to start. Run as root: the binary runs in a private mount namespace
# (unshare, util-linux) where every libcurl the dynamic loader could find is covered by
# /dev/null, so loading it fails as on a machine without the package, while the rest of
# the system, /proc included, stays as it is (the sanitizer build reads its options and
# stops threads for its leak check through /proc). A binary that linked libcurl would
# not start at all.
# Usage: libcurl_missing_test.sh SLUICE
set -uo pipefail
sluice=$(realpath "$1")
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../support/shell_checks.sh" sluice-nocurl

# Every file named libcurl*.so* in the loader's cache and in the usual library folders,
# and what their links point to.
mapfile -t curl_files < <({ ldconfig -p | grep -o '/[^ ]*libcurl[^ ]*\.so[^ ]*'
  find /lib /usr/lib /usr/local/lib -name 'libcurl*.so*' 2>/dev/null; } |
  xargs -r realpath -e 2>/dev/null | sort -u)
check "libcurl is there to hide (so the test means something)" yes "$([ ${#curl_files[@]} -gt 0 ] && echo yes)"

# without_libcurl COMMAND...: runs COMMAND with every libcurl covered; prints its output
# (both streams) and returns its exit code.
without_libcurl() {
  unshare --mount --propagation private /bin/sh -c '
    for file in $SLUICE_CURL_FILES; do mount --bind /dev/null "$file" || exit 90; done
    exec "$@"' sh "$@" 2>&1
}
export SLUICE_CURL_FILES="${curl_files[*]}"
check "libcurl cannot be loaded in the namespace" "" \
  "$(without_libcurl /bin/sh -c 'for f in $SLUICE_CURL_FILES; do [ -s "$f" ] && echo "$f"; done')"

printf 'CREATE TABLE accounts (id bigint PRIMARY KEY);\n' >"$work/1_init.sql"
out=$(without_libcurl "$sluice" lint "$work/1_init.sql")
code=$?
check "lint runs without libcurl" 0 "$code"
[ "$code" = 0 ] || printf '%s\n' "$out"

printf '[snapshot]\ndir = "s3://bucket/prefix"\n[snapshot.s3]\nendpoint = "http://127.0.0.1:1"\nregion = "us-east-1"\npath_style = true\n' \
  >"$work/.sluice.toml"
out=$(cd "$work" && AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test without_libcurl "$sluice" snapshot list)
code=$?
check "an S3 request without libcurl exits 2" 2 "$code"
check "it says libcurl cannot be loaded" 1 "$(grep -c 'S3 needs libcurl: cannot load libcurl.so.4: ' <<<"$out")"
check "it names the package to install" 1 "$(grep -c 'apt-get install libcurl4' <<<"$out")"
[ "$code" = 2 ] || printf '%s\n' "$out"

finish
