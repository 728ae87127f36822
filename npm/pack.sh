#!/usr/bin/env bash
# Packs the npm packages around a self-contained binary (ci/build --static):
#   npm/pack.sh SLUICE NOTICES OUT_DIR
# writes OUT_DIR/sluice-db-<version>.tgz (the launcher) and
# OUT_DIR/sluice-db-linux-x64-<version>.tgz (the binary and its third-party notices).
# The packages' version must be the binary's.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
binary=$(realpath "${1:?usage: npm/pack.sh SLUICE NOTICES OUT_DIR}")
notices=$(realpath "${2:?usage: npm/pack.sh SLUICE NOTICES OUT_DIR}")
out=$(realpath -m "${3:?usage: npm/pack.sh SLUICE NOTICES OUT_DIR}")

version=$(node -p "require('$here/sluice-db/package.json').version")
binary_version=$("$binary" --version | head -1)
if [ "$binary_version" != "sluice $version" ]; then
  echo "npm/pack.sh: the binary is $binary_version, the packages are $version" >&2
  exit 1
fi
for package in "$here"/*/package.json; do
  if [ "$(node -p "require('$package').version")" != "$version" ] ||
    node -e "const p=require('$package'); process.exit(p.scripts ? 0 : 1)"; then
    echo "npm/pack.sh: $package must have version $version and no scripts" >&2
    exit 1
  fi
done
if [ "$(node -p "require('$here/sluice-db/package.json').optionalDependencies['@sluice-db/linux-x64']")" != "$version" ]; then
  echo "npm/pack.sh: sluice-db must depend on @sluice-db/linux-x64 $version" >&2
  exit 1
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -r "$here/sluice-db" "$here/linux-x64" "$stage/"
mkdir -p "$stage/linux-x64/bin" "$out"
install -m 755 "$binary" "$stage/linux-x64/bin/sluice"
install -m 644 "$notices" "$stage/linux-x64/THIRD-PARTY-NOTICES.txt"
chmod 755 "$stage/sluice-db/bin/sluice.js"
for package in sluice-db linux-x64; do
  (cd "$stage/$package" && npm pack --silent --pack-destination "$out" >/dev/null)
done
