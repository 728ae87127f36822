#!/usr/bin/env bash
# libpq and its dependencies are loaded when a command connects, and libcurl with its own
# when a webhook or an S3 request is sent; never by `sluice lint` (the pre-commit hook and
# editors start it on every save; see common/libpq_loader.cpp, common/libcurl_loader.cpp).
#   tests/cli/libpq_on_demand_test.sh path/to/sluice
set -uo pipefail
sluice=$1
source "$(dirname "$0")/../support/shell_checks.sh" sluice-libpq

check "the binary does not link libpq" 0 "$(ldd "$sluice" | grep -c 'libpq\.so')"
check "the binary does not link libcurl" 0 "$(ldd "$sluice" | grep -c 'libcurl')"

printf 'CREATE TABLE accounts (id bigint PRIMARY KEY);\n' > "$work/1_init.sql"
LD_DEBUG=libs "$sluice" lint "$work/1_init.sql" > /dev/null 2> "$work/lint.log"
check "sluice lint does not load libpq" 0 "$(grep -c 'libpq\.so' "$work/lint.log")"
check "sluice lint does not load libcurl" 0 "$(grep -c 'libcurl' "$work/lint.log")"

# A command that connects loads it, and reports the unreachable server with exit 3.
LD_DEBUG=libs "$sluice" status --dir "$work" --database-url 'postgresql://nobody@127.0.0.1:1/none?connect_timeout=2' \
  > /dev/null 2> "$work/status.log"
check "sluice status against a closed port exits 3" 3 "$?"
check "sluice status loads libpq" 1 "$(grep -c 'calling init: .*libpq\.so' "$work/status.log")"

finish
