#!/usr/bin/env bash
# Runner benchmark: sluice deploy against psql, on a throwaway local PostgreSQL.
#   1. 1,000 trivial migrations (one CREATE TABLE each): `sluice deploy` versus `psql -1 -f`
#      run file by file (each file in its own transaction, as a shell loop would deploy
#      them), and versus one psql session running every file (the SQL's own cost), which
#      gives sluice's per-migration overhead (history row, checksum, lock, plan).
#   2. The largest Prisma project of the corpus (trigger.dev, 820 migrations): `sluice
#      deploy` versus `psql -f` file by file (without -1: Prisma runs a lone CREATE INDEX
#      CONCURRENTLY outside a transaction, and so must psql). The lint gate is off: this
#      project has findings that would stop the deploy.
# Every run starts from a fresh database. Prints medians of $RUNS runs (default 3).
#   bench/runner.sh            build/cli/sluice must exist (ci/build makes it)
set -euo pipefail
cd "$(dirname "$0")/.."
sluice=${SLUICE:-build/cli/sluice}
runs=${RUNS:-3}
count=${COUNT:-1000}
corpus=${SLUICE_CORPUS:-../shared/corpus}
prisma_project="$corpus/prisma/triggerdotdev__trigger.dev/internal-packages/database/prisma/migrations"
work=bench/.work/runner
[ -x "$sluice" ] || { echo "no $sluice: run ci/build first" >&2; exit 2; }

bindir=${SLUICE_PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
rm -rf "$work"
mkdir -p "$work/trivial"
cluster=$(mktemp -d /tmp/sluice-bench-XXXXXX)
as_server() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$cluster"
stop() { as_server "$bindir/pg_ctl" -D "$cluster/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$cluster"; }
trap stop EXIT
port=$(( 20000 + RANDOM % 20000 ))
as_server "$bindir/initdb" -D "$cluster/data" --auth=trust --no-sync -U postgres >/dev/null
# The same durability settings for every tool: the comparison is about the tools.
as_server "$bindir/pg_ctl" -D "$cluster/data" -w -l "$cluster/log" \
  -o "-p $port -c listen_addresses='' -c unix_socket_directories=$cluster -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
conn=(-h "$cluster" -p "$port" -U postgres)
export PGOPTIONS="-c client_min_messages=warning"
url() { echo "host=$cluster port=$port user=postgres dbname=$1"; }
fresh() { psql "${conn[@]}" -X -q -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" 2>/dev/null; }

for i in $(seq -w 1 "$count"); do
  printf 'CREATE TABLE bench_%s (id bigint PRIMARY KEY, note text);\n' "$i" > "$work/trivial/${i}_table_${i}.sql"
done
{ for f in "$work"/trivial/*.sql; do echo "BEGIN;"; echo "\\i $f"; echo "COMMIT;"; done; } > "$work/all-in-one.sql"

seconds() { date +%s.%N; }
# median of the runs of a command that gets a fresh database named $1
measure() {
  local name=$1; shift
  local times=()
  for _ in $(seq "$runs"); do
    fresh "$name"
    local start end
    start=$(seconds)
    "$@" >/dev/null
    end=$(seconds)
    times+=("$(echo "$end - $start" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

psql_file_by_file() {
  for f in "$1"/*.sql; do psql "${conn[@]}" -X -q -d "$2" -v ON_ERROR_STOP=1 -1 -f "$f" >/dev/null; done
}
psql_prisma_by_file() {
  for d in "$1"/*/; do
    [ -f "$d/migration.sql" ] && psql "${conn[@]}" -X -q -d "$2" -v ON_ERROR_STOP=1 -f "$d/migration.sql" >/dev/null
  done
}

echo "== $count trivial migrations (median of $runs runs)"
t_sluice=$(measure b1 "$sluice" deploy --dir "$work/trivial" --no-lint-gate --database-url "$(url b1)")
t_gate=$(measure b2 "$sluice" deploy --dir "$work/trivial" --database-url "$(url b2)")
t_psql=$(measure b3 psql_file_by_file "$work/trivial" b3)
t_raw=$(measure b4 psql "${conn[@]}" -X -q -d b4 -v ON_ERROR_STOP=1 -f "$work/all-in-one.sql")
awk -v n="$count" -v s="$t_sluice" -v g="$t_gate" -v p="$t_psql" -v r="$t_raw" 'BEGIN {
  printf "sluice deploy --no-lint-gate   %7.3f s  %6.3f ms/migration\n", s, s * 1000 / n
  printf "sluice deploy (with lint gate) %7.3f s  %6.3f ms/migration\n", g, g * 1000 / n
  printf "psql -1 -f, file by file       %7.3f s  %6.3f ms/migration\n", p, p * 1000 / n
  printf "one psql session, every file   %7.3f s  %6.3f ms/migration (the SQL itself)\n", r, r * 1000 / n
  printf "sluice overhead per migration  %7.3f ms (history, checksum, lock, plan; target < 2 ms)\n", (s - r) * 1000 / n
  printf "psql file by file / sluice     %7.1fx\n", p / s
}'

if [ -d "$prisma_project" ]; then
  n=$(find "$prisma_project" -name migration.sql | wc -l)
  echo "== largest Prisma project of the corpus: trigger.dev, $n migrations (median of $runs runs)"
  p_sluice=$(measure b5 "$sluice" deploy --dir "$prisma_project" --no-lint-gate --database-url "$(url b5)")
  p_psql=$(measure b7 psql_prisma_by_file "$prisma_project" b7)
  awk -v n="$n" -v s="$p_sluice" -v p="$p_psql" 'BEGIN {
    printf "sluice deploy --no-lint-gate   %7.3f s  %6.3f ms/migration\n", s, s * 1000 / n
    printf "psql -f, file by file          %7.3f s  %6.3f ms/migration\n", p, p * 1000 / n
    printf "psql file by file / sluice     %7.1fx\n", p / s
  }'
else
  echo "(no corpus at $corpus: skipping the Prisma project)"
fi
