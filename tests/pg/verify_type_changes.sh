#!/usr/bin/env bash
# Checks every case of type_changes.txt on a real PostgreSQL: starts a throwaway
# cluster, runs each ALTER COLUMN ... TYPE under TimeZone UTC and Europe/Paris, and
# compares the table's and the index's relfilenode before and after with the expected
# verdict. A missing server is a failure, not a skip.
#   tests/pg/verify_type_changes.sh [PG_BIN_DIR]
set -euo pipefail
cases="$(dirname "$0")/type_changes.txt"
bin=${1:-${SLUICE_PG_BIN:-/usr/lib/postgresql/15/bin}}
if [ ! -x "$bin/initdb" ]; then
  echo "verify_type_changes: no PostgreSQL server binaries in $bin (set SLUICE_PG_BIN)" >&2
  exit 1
fi

work=$(mktemp -d /tmp/sluice-typechanges.XXXXXX)
as_server() { "$@"; }
if [ "$(id -u)" = 0 ]; then
  chown postgres "$work"
  as_server() { runuser -u postgres -- "$@"; }
fi
cleanup() {
  as_server "$bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

as_server "$bin/initdb" -D "$work/data" --auth=trust --no-sync -U postgres >/dev/null
as_server "$bin/pg_ctl" -D "$work/data" -w -l "$work/log" \
  -o "-p 5432 -k $work -c listen_addresses='' -c fsync=off -c full_page_writes=off" start >/dev/null
export PGOPTIONS="-c client_min_messages=warning"
psql=("$bin/psql" -h "$work" -p 5432 -U postgres -X -q -At -v ON_ERROR_STOP=1)
"${psql[@]}" -c "CREATE EXTENSION IF NOT EXISTS citext" >/dev/null

script="$work/cases.sql"
: >"$script"
declare -a froms tos usings expects
n=0
trim() {
  local text=$1
  text=${text#"${text%%[![:space:]]*}"}
  echo "${text%"${text##*[![:space:]]}"}"
}
while IFS='|' read -r from to using expect; do
  case "$from" in \#* | "") continue ;; esac
  from=$(trim "$from"); to=$(trim "$to"); using=$(trim "$using"); expect=$(trim "$expect")
  froms[n]=$from; tos[n]=$to; usings[n]=$using; expects[n]=$expect
  for tz in UTC Europe/Paris; do
    clause=""
    [ -n "$using" ] && clause=" USING $using"
    cat >>"$script" <<SQL
DROP TABLE IF EXISTS t;
CREATE TABLE t (id int, c $from);
INSERT INTO t (id) SELECT g FROM generate_series(1, 3) g;
CREATE INDEX t_c ON t (c);
SET TimeZone = '$tz';
SELECT (SELECT relfilenode FROM pg_class WHERE relname = 't') AS tb,
       (SELECT relfilenode FROM pg_class WHERE relname = 't_c') AS ib \gset
ALTER TABLE t ALTER COLUMN c TYPE $to$clause;
SELECT :'tb'::oid <> (SELECT relfilenode FROM pg_class WHERE relname = 't') AS tr,
       :'ib'::oid <> (SELECT relfilenode FROM pg_class WHERE relname = 't_c') AS ir \gset
\echo $n $tz :tr :ir
SQL
  done
  n=$((n + 1))
done <"$cases"

declare -A table index
while read -r i tz tr ir; do
  table[$i/$tz]=$tr
  index[$i/$tz]=$ir
done < <("${psql[@]}" -f "$script")

failures=0
for ((i = 0; i < n; i++)); do
  utc_t=${table[$i/UTC]}; utc_i=${index[$i/UTC]}; other_t=${table[$i/Europe/Paris]}
  if [ "$utc_t" = t ]; then
    actual=rewrite
  elif [ "$other_t" = t ]; then
    actual=utc
  elif [ "$utc_i" = t ]; then
    actual=index
  else
    actual=none
  fi
  if [ "$actual" != "${expects[$i]}" ]; then
    echo "MISMATCH: ${froms[$i]} -> ${tos[$i]} ${usings[$i]:+USING ${usings[$i]}}: expected ${expects[$i]}, PostgreSQL did $actual"
    failures=$((failures + 1))
  fi
done
version=$("${psql[@]}" -c "SHOW server_version")
echo "verify_type_changes: $n cases on PostgreSQL $version, $failures mismatches"
[ "$failures" = 0 ]
