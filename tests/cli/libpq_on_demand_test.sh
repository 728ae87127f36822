#!/usr/bin/env bash
# libpq and its dependencies are loaded when a command connects, never by `sluice lint`
# (the pre-commit hook and editors start it on every save; see common/libpq_loader.cpp).
#   tests/cli/libpq_on_demand_test.sh path/to/sluice
set -euo pipefail
sluice=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

if ldd "$sluice" | grep -q 'libpq\.so'; then fail "the binary links libpq at start"; fi

printf 'CREATE TABLE accounts (id bigint PRIMARY KEY);\n' > "$work/1_init.sql"
LD_DEBUG=libs "$sluice" lint "$work/1_init.sql" > /dev/null 2> "$work/lint.log" || true
if grep -q 'libpq\.so' "$work/lint.log"; then fail "sluice lint loaded libpq"; fi

# A command that connects loads it (and reports the unreachable server, exit 3).
status=0
LD_DEBUG=libs "$sluice" status --dir "$work" --database-url 'postgresql://nobody@127.0.0.1:1/none?connect_timeout=2' \
  > /dev/null 2> "$work/status.log" || status=$?
grep -q 'calling init: .*libpq\.so' "$work/status.log" || fail "sluice status did not load libpq"
[ "$status" -eq 3 ] || fail "sluice status against a closed port exited $status, expected 3"
echo "libpq on demand: 3 passed, 0 failed"
