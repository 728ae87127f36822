#!/usr/bin/env bash
# A minimal Debian root made with debootstrap (Debian's package), cached between runs:
#   debian_root.sh SUITE DIR [--from ROOT] [PACKAGE...]
# makes DIR once (debootstrap --variant=minbase SUITE, or a copy of the cached ROOT made
# by this script, then PACKAGE... installed with apt inside it) and reuses it while its stamp says it was made from the same arguments. The
# tests copy what they change; the cached root stays as made. Debian's mirror is the only
# network access (SLUICE_DEBIAN_MIRROR overrides it).
set -euo pipefail
suite=${1:?usage: debian_root.sh SUITE DIR [PACKAGE...]}
dir=$(realpath -m "${2:?usage: debian_root.sh SUITE DIR [PACKAGE...]}")
shift 2
from=""
if [ "${1:-}" = --from ]; then from=$(realpath -m "$2"); shift 2; fi
mirror=${SLUICE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
wanted="$suite minbase${from:+ from $(cat "$from/.sluice-root" 2>/dev/null)} $*"
if [ "$(cat "$dir/.sluice-root" 2>/dev/null)" = "$wanted" ]; then exit 0; fi

exec 9>"$dir.lock"  # two tests asking for the same root at once: one makes it
flock 9
if [ "$(cat "$dir/.sluice-root" 2>/dev/null)" = "$wanted" ]; then exit 0; fi

building="$dir.building"
unmount_all() { grep -o " $building/[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true; }
trap unmount_all EXIT
unmount_all
rm -rf "$building" "$dir"
if [ -n "$from" ]; then
  echo "debian_root: $from + $* (once; cached in $dir)" >&2
  # -x: a /proc mounted in the cached root by a test that was killed is not copied.
  cp -ax "$from" "$building"
  rm -f "$building/.sluice-root"
  : >"$building.log"
else
  echo "debian_root: debootstrap --variant=minbase $suite (once; cached in $dir)" >&2
fi
if [ -z "$from" ] && ! debootstrap --variant=minbase "$suite" "$building" "$mirror" >"$building.log" 2>&1; then
  tail -20 "$building.log" >&2
  exit 1
fi
if [ $# -gt 0 ]; then
  # No service may start inside the root while packages install.
  printf '#!/bin/sh\nexit 101\n' >"$building/usr/sbin/policy-rc.d"
  chmod 755 "$building/usr/sbin/policy-rc.d"
  mount -t proc proc "$building/proc"
  if ! chroot "$building" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" \
    >>"$building.log" 2>&1; then
    tail -20 "$building.log" >&2
    exit 1
  fi
  chroot "$building" apt-get clean
  rm -f "$building/usr/sbin/policy-rc.d"
fi
unmount_all  # debootstrap can leave /proc mounted
rm -f "$building.log"
echo "$wanted" >"$building/.sluice-root"
mv "$building" "$dir"
