#!/usr/bin/env bash
# Packs the npm packages around the self-contained binaries (ci/build --static, --arm64):
#   npm/pack.sh NOTICES OUT_DIR SLUICE...
# writes OUT_DIR/sluice-db-<version>.tgz (the launcher) and, for each binary, the platform
# package of its processor: OUT_DIR/sluice-db-linux-x64-<version>.tgz for x86_64,
# OUT_DIR/sluice-db-linux-arm64-<version>.tgz for aarch64 (the binary and its third-party
# notices). Every package's version must be the binaries', and the launcher must list every
# platform package as an optional dependency of that version.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
usage="usage: npm/pack.sh NOTICES OUT_DIR SLUICE..."
notices=$(realpath "${1:?$usage}")
out=$(realpath -m "${2:?$usage}")
shift 2
[ $# -gt 0 ] || { echo "$usage" >&2; exit 2; }

version=$(node -p "require('$here/sluice-db/package.json').version")
for package in "$here"/*/package.json; do
  if [ "$(node -p "require('$package').version")" != "$version" ] ||
    node -e "const p=require('$package'); process.exit(p.scripts ? 0 : 1)"; then
    echo "npm/pack.sh: $package must have version $version and no scripts" >&2
    exit 1
  fi
done
for platform in "$here"/linux-*/; do
  name=$(node -p "require('$platform/package.json').name")
  if [ "$(node -p "(require('$here/sluice-db/package.json').optionalDependencies || {})['$name']")" != "$version" ]; then
    echo "npm/pack.sh: sluice-db must depend on $name $version" >&2
    exit 1
  fi
done

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$out"
cp -r "$here/sluice-db" "$stage/"
chmod 755 "$stage/sluice-db/bin/sluice.js"
packages=(sluice-db)
for binary in "$@"; do
  info=$("$here/../ci/binary-info" "$binary")
  read -r binary_version machine <<<"$info"
  if [ "$binary_version" != "$version" ]; then
    echo "npm/pack.sh: $binary is sluice $binary_version, the packages are $version" >&2
    exit 1
  fi
  case "$machine" in x86_64) package=linux-x64 ;; aarch64) package=linux-arm64 ;; esac
  cp -r "$here/$package" "$stage/"
  mkdir -p "$stage/$package/bin"
  install -m 755 "$binary" "$stage/$package/bin/sluice"
  install -m 644 "$notices" "$stage/$package/THIRD-PARTY-NOTICES.txt"
  packages+=("$package")
done
for package in "${packages[@]}"; do
  (cd "$stage/$package" && npm pack --silent --pack-destination "$out" >/dev/null)
done
