#!/usr/bin/env bash
# Start-up and size of the self-contained binary against the Debian build (shared
# libraries, libpq loaded on first use) and squawk 2.66, in one run: `lint` of one small
# migration file, RUNS times in a row each (default 200), mean wall time per run; then
# the npm launcher's cost (node bin/sluice.js running the same binary).
#   bench/startup.sh    (builds build/ and build-static/ first)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-200}
work=bench/.work
mkdir -p "$work"

ci/setup >/dev/null
ci/build --release >/dev/null
ci/build --static >/dev/null
source bench/squawk.sh
shared=build-release/cli/sluice
static=build-static/cli/sluice
file="$work/20240101000000_one.sql"
printf 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\nCREATE INDEX users_email ON users (email);\n' >"$file"

per_run_ms() {  # per_run_ms COMMAND...: mean milliseconds per run over $runs runs
  "$@" >/dev/null 2>&1 || true
  local start end
  start=$(date +%s%N)
  for _ in $(seq "$runs"); do "$@" >/dev/null 2>&1 || true; done
  end=$(date +%s%N)
  awk -v ns=$((end - start)) -v n="$runs" 'BEGIN {printf "%.2f", ns / n / 1e6}'
}

echo "lint of one file, $runs runs each, $(nproc) cores; mean per run:"
s=$(per_run_ms "$static" lint "$file")
d=$(per_run_ms "$shared" lint "$file")
q=$(per_run_ms "$squawk" --reporter gcc "$file")
printf '  %-44s %6s ms\n' "static:  $static lint FILE" "$s" "shared:  $shared lint FILE" "$d" \
  "squawk:  squawk --reporter gcc FILE" "$q"
echo "  ratios: static/shared $(awk -v a="$s" -v b="$d" 'BEGIN {printf "%.2f", a / b}'), static/squawk $(awk -v a="$s" -v b="$q" 'BEGIN {printf "%.2f", a / b}')"

launcher=npm/sluice-db/bin/sluice.js
n=$(per_run_ms env SLUICE_BINARY="$PWD/$static" node "$launcher" lint "$file")
echo "  npm launcher: SLUICE_BINARY=$static node $launcher lint FILE: $n ms"

echo "sizes:"
for binary in "$static" "$shared"; do
  printf '  %-28s %6.1f MiB (stripped: %.1f MiB)\n' "$binary" "$(stat -c %s "$binary" | awk '{print $1 / 1048576}')" \
    "$(strip -o "$work/stripped" "$binary" && stat -c %s "$work/stripped" | awk '{print $1 / 1048576}')"
done
