#!/usr/bin/env bash
# Installs sluice for the action: the self-contained binary of a release (Linux x86_64,
# glibc 2.31 or later: every GitHub-hosted Ubuntu runner, no container needed), verified
# against its pinned SHA-256 before it is unpacked, and put on $GITHUB_PATH.
#   SLUICE_VERSION   the release (0.2.0 or v0.2.0); default: the newest in checksums.txt
#   SLUICE_SHA256    its tarball's SHA-256; default: the one pinned in checksums.txt
#   SLUICE_RELEASE_URL  where the release tarballs are (a mirror); default: this
#                    repository's GitHub releases, <url>/v<version>/<tarball>
# A binary already in $RUNNER_TOOL_CACHE for that version and checksum is reused.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
checksums="$here/checksums.txt"

fail() {
  echo "::error title=sluice::$1"
  exit 2
}

case "$(uname -s) $(uname -m)" in
  "Linux x86_64") platform=linux-x86_64 ;;
  *) fail "the sluice release binary is for Linux x86_64; this runner is $(uname -s) $(uname -m)" ;;
esac

version=${SLUICE_VERSION:-}
version=${version#v}
if [ -z "$version" ]; then
  version=$(awk '!/^#/ && NF == 2 {print $2}' "$checksums" | sed -n "s/^sluice-\(.*\)-$platform\.tar\.gz$/\1/p" |
    sort -V | tail -1)
  [ -n "$version" ] || fail "no release pinned in github-action/checksums.txt: set the version and sha256 inputs"
fi
tarball="sluice-$version-$platform.tar.gz"
sha256=${SLUICE_SHA256:-$(awk -v name="$tarball" '!/^#/ && $2 == name {print $1}' "$checksums")}
[ -n "$sha256" ] || fail "no SHA-256 pinned for $tarball in github-action/checksums.txt: set the sha256 input"
[[ "$sha256" =~ ^[0-9a-f]{64}$ ]] || fail "sha256 must be 64 lowercase hexadecimal digits"

tools=${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:?}}/sluice/$version-$sha256
if [ ! -x "$tools/sluice" ]; then
  base=${SLUICE_RELEASE_URL:-${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_ACTION_REPOSITORY:-sluice-db/sluice}/releases/download}
  url="$base/v$version/$tarball"
  download=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/sluice-download-XXXXXX")
  trap 'rm -rf "$download"' EXIT
  echo "sluice: downloading $url"
  curl --fail --location --silent --show-error --retry 3 --output "$download/$tarball" "$url" ||
    fail "could not download $url"
  actual=$(sha256sum "$download/$tarball" | cut -d' ' -f1)
  [ "$actual" = "$sha256" ] || fail "$tarball has SHA-256 $actual, expected $sha256: not installed"
  tar -xzf "$download/$tarball" -C "$download"
  mkdir -p "$tools"
  install -m 755 "$download/sluice-$version-$platform/sluice" "$tools/sluice"
fi
"$tools/sluice" --version | head -1
echo "$tools" >>"$GITHUB_PATH"
