#!/usr/bin/env bash
# The Debian build on a machine without libcurl (common/libcurl_loader.cpp loads it on
# first use): lint runs, and an S3 request stops with the reason and the package to
# install instead of failing to start. Run as root (chroot) in the cached Debian 12 root,
# with the binary's other shared libraries copied beside it.
# Usage: libcurl_missing_test.sh SLUICE SOURCE_DIR CACHE_DIR
set -uo pipefail
sluice=$(realpath "$1")
cache=$(realpath -m "$3")
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../support/shell_checks.sh" sluice-nocurl

root="$cache/debian12"
"$here/debian_root.sh" bookworm "$root" || { echo "could not make the Debian 12 root"; exit 1; }
check "the root has no libcurl" "" "$(find "$root/usr/lib" "$root/lib" -name 'libcurl*' 2>/dev/null)"
inside=$(mktemp -d "$root/tmp/sluice-nocurl-XXXXXX")
mounted=""
trap '[ -z "$mounted" ] || umount -l "$root/proc"; rm -rf "$inside" "$work"' EXIT
at=/tmp/$(basename "$inside")
mkdir -p "$inside/lib"
cp "$sluice" "$inside/sluice"
# Every library the binary links that the root lacks, but never libcurl.
while read -r library; do
  [[ "$library" == */libcurl* || -e "$root$library" ]] || cp -L "$library" "$inside/lib/"
done < <(ldd "$sluice" | grep -o '/[^ ]*\.so[^ ]*')
# The sanitizer build (ci/test runs every test on it) reads its options from /proc: the
# root gets a /proc for this test, and the caller's sanitizer options without leak
# checking (every test outside the root checks for leaks).
sanitizer_options=()
if ldd "$sluice" | grep -q libasan; then
  # One run at a time mounts it: another's unmount would pull it away mid-run.
  exec 8>"$root.proc-lock"
  flock 8
  mount -t proc proc "$root/proc" || { echo "cannot mount /proc in the root for the sanitizer build"; exit 1; }
  mounted=yes
  sanitizer_options=("ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0" "UBSAN_OPTIONS=${UBSAN_OPTIONS:-}")
fi
in_root() {
  chroot "$root" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/tmp NO_COLOR=1 LD_LIBRARY_PATH="$at/lib" \
    "${sanitizer_options[@]}" AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test "$@"
}
# Now and then the sanitized binary in the chroot starts without reading its options and
# then fails its own leak check ("LeakSanitizer has encountered a fatal error", exit 1)
# after sluice has finished. That is the sanitizer's failure, not sluice's: such a run is
# repeated, up to three times. Prints the output, returns the exit code.
run_in_root() {
  local attempt output code
  for attempt in 1 2 3; do
    output=$(in_root "$@" 2>&1)
    code=$?
    grep -q 'LeakSanitizer has encountered a fatal error' <<<"$output" || break
  done
  printf '%s\n' "$output"
  return "$code"
}

printf 'CREATE TABLE accounts (id bigint PRIMARY KEY);\n' >"$inside/1_init.sql"
check "lint runs without libcurl" 0 "$(run_in_root "$at/sluice" lint "$at/1_init.sql" >/dev/null; echo $?)"

printf '[snapshot]\ndir = "s3://bucket/prefix"\n[snapshot.s3]\nendpoint = "http://127.0.0.1:1"\nregion = "us-east-1"\npath_style = true\n' \
  >"$inside/.sluice.toml"
out=$(run_in_root /bin/sh -c "cd $at && ./sluice snapshot list")
code=$?
check "an S3 request without libcurl exits 2" 2 "$code"
check "it says libcurl cannot be loaded" 1 "$(grep -c 'S3 needs libcurl: cannot load libcurl.so.4: ' <<<"$out")"
check "it names the package to install" 1 "$(grep -c 'apt-get install libcurl4' <<<"$out")"

finish
