#!/usr/bin/env bash
# github-action/install.sh with a faked GitHub Actions environment and no container: the
# release tarball (ci/binary-tarball around the self-contained binary) served from a
# local "release" folder, checked against its SHA-256 before anything is unpacked, put on
# $GITHUB_PATH, reused from the tool cache; then the action's lint step runs with the
# installed binary. Runs on the host, which is not the Debian the binary was built on in
# any sense that matters: the binary needs only glibc 2.31 (as on ubuntu-latest).
# Usage: install_test.sh SLUICE SOURCE_DIR
set -uo pipefail
sluice=$(realpath "$1")
source_dir=$(realpath "$2")
action="$source_dir/github-action"
source "$(dirname "$0")/../support/shell_checks.sh" sluice-action-install

version=$("$sluice" --version | head -1 | awk '{print $2}')
"$source_dir/ci/third-party-notices" "$work/NOTICES.txt" &&
  "$source_dir/ci/binary-tarball" "$sluice" "$work/NOTICES.txt" "$work/release/v$version" ||
  { echo "could not make the release tarball"; exit 1; }
tarball="$work/release/v$version/sluice-$version-linux-x86_64.tar.gz"
sha=$(sha256sum "$tarball" | cut -d' ' -f1)

install_action() {  # install_action [VAR=value...]: runs install.sh; prints its exit code
  rm -f "$work/path" "$work/stdout"
  env -i PATH=/usr/bin:/bin HOME="$work" GITHUB_ACTIONS=true GITHUB_PATH="$work/path" RUNNER_TEMP="$work/tmp" \
    RUNNER_TOOL_CACHE="$work/tools" SLUICE_RELEASE_URL="file://$work/release" "$@" \
    bash "$action/install.sh" >"$work/stdout" 2>&1
  echo $?
}
mkdir -p "$work/tmp"

check "the pinned checksums file has no release yet: an explicit sha256 is required" 2 \
  "$(install_action SLUICE_VERSION="v$version")"
check "and the error says so" 1 "$(grep -c '^::error title=sluice::no SHA-256 pinned for sluice-.*-linux-x86_64.tar.gz' "$work/stdout")"
wrong=$(printf '%064d' 0)
check "a wrong SHA-256 is refused" 2 "$(install_action SLUICE_VERSION="v$version" SLUICE_SHA256="$wrong")"
check "and nothing is installed" "1 no" \
  "$(grep -c "has SHA-256 $sha, expected $wrong: not installed" "$work/stdout") $([ -e "$work/tools/sluice" ] && echo yes || echo no)"
check "a malformed SHA-256 is refused" 2 "$(install_action SLUICE_VERSION="$version" SLUICE_SHA256=abc)"
check "a missing release is an error" 2 "$(install_action SLUICE_VERSION=9.9.9 SLUICE_SHA256="$sha")"

check "install with version and sha256" 0 "$(install_action SLUICE_VERSION="v$version" SLUICE_SHA256="$sha")"
bin_dir=$(cat "$work/path")
check "the tool cache holds the binary, put on GITHUB_PATH" "$work/tools/sluice/$version-$sha" "$bin_dir"
check "it is the released binary" "$(sha256sum <"$sluice")" "$(sha256sum <"$bin_dir/sluice")"
check "its version is logged" 1 "$(grep -c "^sluice $version\$" "$work/stdout")"
check "a second run reuses it (no download)" "0 0" \
  "$(install_action SLUICE_VERSION="v$version" SLUICE_SHA256="$sha") $(grep -c downloading "$work/stdout")"

# The checksum pinned in a copy of the action: the default version is the newest pinned.
cp -r "$action" "$work/action"
echo "$sha  sluice-$version-linux-x86_64.tar.gz" >>"$work/action/checksums.txt"
action="$work/action"
rm -rf "$work/tools"
check "install with the pinned default" 0 "$(install_action)"
check "of the pinned version" 1 "$(grep -c "^sluice: downloading file://$work/release/v$version/" "$work/stdout")"

# The action's lint step with the installed binary on PATH, as the next step would have it.
mkdir -p "$work/project/migrations"
printf 'CREATE TABLE t (id bigint PRIMARY KEY);\nDROP TABLE old_t;\n' >"$work/project/migrations/20240101000000_x.sql"
(cd "$work/project" && env PATH="$(cat "$work/path"):/usr/bin:/bin" GITHUB_ACTIONS=true GITHUB_EVENT_NAME=push \
  GITHUB_OUTPUT="$work/output" GITHUB_STEP_SUMMARY="$work/summary" RUNNER_TEMP="$work/tmp" INPUT_PATH=migrations \
  INPUT_FAIL_ON=error INPUT_PG_VERSION= INPUT_CONFIG= INPUT_CHANGED_SINCE=none INPUT_SARIF_FILE=sluice.sarif \
  bash "$action/lint.sh" >"$work/lint.log" 2>&1)
check "the lint step runs the installed sluice and fails on the error" 1 "$?"
check "with its annotation" 1 "$(grep -c '^::error file=migrations/20240101000000_x.sql,line=2,.*drop-table' "$work/lint.log")"
[ "$failed" -gt 0 ] && cat "$work/stdout" "$work/lint.log"
finish
