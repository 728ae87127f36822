#!/usr/bin/env bash
# Installs sluice for the action.
#   install.sh prepare   decides how (outputs build, key, prefix to $GITHUB_OUTPUT)
#   install.sh install   installs; puts sluice on $GITHUB_PATH
# Without SLUICE_VERSION it builds the action's own source (the repository at the ref
# in `uses:`) with ci/setup and ci/build, into a prefix that actions/cache keeps between
# runs. With SLUICE_VERSION (a release tag) it installs the release's .deb with apt-get,
# which also installs its dependencies. sluice builds on Debian 12: run the job in a
# `container: debian:12` (docs/github-action.md).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/.." && pwd)
mode=${1:-}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

require_debian_12() {
  if ! grep -qs '^VERSION_CODENAME=bookworm' /etc/os-release; then
    echo "::error title=sluice::sluice builds and runs on Debian 12 (bookworm); run this job in a container: debian:12 (see docs/github-action.md)"
    exit 2
  fi
}

case "$mode" in
  prepare)
    if [ -n "${SLUICE_VERSION:-}" ]; then
      echo "build=false" >>"$GITHUB_OUTPUT"
      exit 0
    fi
    require_debian_12
    # The key changes with any source file, so a new ref never reuses an old binary.
    hash=$(cd "$source_dir" && find . -path ./.git -prune -o -path './build*' -prune -o -path ./node_modules -prune \
      -o -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
    prefix=${RUNNER_TOOL_CACHE:-$HOME/.cache}/sluice-action/$hash
    {
      echo "build=true"
      echo "key=sluice-$(uname -m)-debian12-$hash"
      echo "prefix=$prefix"
    } >>"$GITHUB_OUTPUT"
    ;;
  install)
    require_debian_12
    if [ -n "${SLUICE_VERSION:-}" ]; then
      version=${SLUICE_VERSION#v}
      deb="$RUNNER_TEMP/sluice-db_${version}_amd64.deb"
      url="${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_ACTION_REPOSITORY}/releases/download/${SLUICE_VERSION}/sluice-db_${version}_amd64.deb"
      echo "sluice: installing $url"
      command -v curl >/dev/null || { as_root apt-get update -qq && as_root apt-get install -y -qq curl ca-certificates >/dev/null; }
      curl --fail --location --silent --show-error --output "$deb" "$url"
      as_root apt-get update -qq
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >/dev/null
      bin_dir=/usr/bin
    else
      prefix=${SLUICE_PREFIX:?prepare first}
      # The Debian packages are needed in any case: they carry the shared libraries.
      "$source_dir/ci/setup"
      if [ ! -x "$prefix/bin/sluice" ]; then
        echo "sluice: building from source (cached for the next run)"
        "$source_dir/ci/build" --release
        cmake --install "$source_dir/build-release" --prefix "$prefix" >/dev/null
      fi
      bin_dir=$prefix/bin
    fi
    "$bin_dir/sluice" --version
    echo "$bin_dir" >>"$GITHUB_PATH"
    ;;
  *)
    echo "usage: install.sh prepare|install" >&2
    exit 2
    ;;
esac
