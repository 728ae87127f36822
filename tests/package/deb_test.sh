#!/usr/bin/env bash
# The Debian package: built with cpack from the build tree, its control fields and
# contents checked, its dependencies resolved by apt (simulated: this test changes
# nothing on the machine), and its files unpacked into a throwaway root and run.
# Usage: deb_test.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
build=$(realpath "$1")
source=$(realpath "$2")
source "$(dirname "$0")/../support/shell_checks.sh" sluice-deb

(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; echo "cpack failed"; exit 1; }
deb=$(ls "$work"/out/*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { echo "no .deb produced"; exit 1; }
version=$("$build/cli/sluice" --version | head -1 | awk '{print $2}')
arch=$(dpkg --print-architecture)

check "file name" "sluice-db_${version}_${arch}.deb" "$(basename "$deb")"
# Debian's own `sluice` is an unrelated tool with a higher version: ours must not share
# its name (apt would "upgrade" to it), and must conflict with it (both own /usr/bin/sluice).
check "Package" sluice-db "$(dpkg-deb -f "$deb" Package)"
check "Conflicts" sluice "$(dpkg-deb -f "$deb" Conflicts)"
check "Version" "$version" "$(dpkg-deb -f "$deb" Version)"
check "Architecture" "$arch" "$(dpkg-deb -f "$deb" Architecture)"
check "Section" database "$(dpkg-deb -f "$deb" Section)"
depends=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/^ *//; s/ *(.*//' | sort -u | tr '\n' ' ')
for package in libpg-query1504.0 libpq5 libcurl4 libssl3 libzstd1 libtree-sitter0 postgresql-client-15 libc6 libstdc++6; do
  check "Depends: $package" yes "$([[ " $depends" == *" $package "* ]] && echo yes || echo "no: $depends")"
done
# sluice talks to PostgreSQL through libpq alone (docs/architecture.md): no libpqxx.
check "no libpqxx dependency" "" "$(tr ' ' '\n' <<<"$depends" | grep libpqxx || true)"
check "Recommends" "git, postgresql-15" "$(dpkg-deb -f "$deb" Recommends)"
check "Maintainer set" yes "$([ -n "$(dpkg-deb -f "$deb" Maintainer)" ] && echo yes)"

contents=$(dpkg-deb -c "$deb" | awk '{print $1, $6}')
for file in ./usr/bin/sluice ./usr/share/man/man1/sluice.1.gz ./usr/share/man/man1/sluice-lint.1.gz \
  ./usr/share/doc/sluice-db/README.md ./usr/share/doc/sluice-db/deploy.md ./usr/share/doc/sluice-db/rules/README.md; do
  check "contains $file" 1 "$(grep -c " $file\$" <<<"$contents")"
done
check "the hook is executable" "-rwxr-xr-x ./usr/share/sluice/pre-commit" "$(grep ' ./usr/share/sluice/pre-commit$' <<<"$contents")"
check "nothing outside /usr" "" "$(awk '{print $2}' <<<"$contents" | grep -v '^\./usr/' | grep -v '^\./$')"

# Unpacked into a throwaway root, the binary runs with the system's libraries.
dpkg-deb -x "$deb" "$work/root"
check "installed binary runs" "sluice $version" "$("$work/root/usr/bin/sluice" --version | head -1)"
check "installed binary lints" 1 "$(cd "$source/tests/cli/shared" && "$work/root/usr/bin/sluice" lint findings.sql >/dev/null; echo $?)"
check "man page made from --help" yes "$(zcat "$work/root/usr/share/man/man1/sluice-lint.1.gz" | grep -q -- '-changed\\-since' && echo yes)"
check "man page header" 1 "$(zcat "$work/root/usr/share/man/man1/sluice.1.gz" | grep -c "^.TH SLUICE \"1\" .* \"sluice $version\"")"

# apt resolves every dependency (installed or installable) without installing anything.
if apt-get install --simulate --no-install-recommends "$deb" >"$work/apt.log" 2>&1; then
  check "apt-get resolves the dependencies" 1 "$(grep -c '^Inst sluice-db ' "$work/apt.log")"
else
  check "apt-get resolves the dependencies" "" "$(cat "$work/apt.log")"
fi

finish
