#!/usr/bin/env bash
# Snapshot benchmark: `sluice snapshot create` against `pg_dump -Fc` (its default gzip)
# and `sluice snapshot restore` against `pg_restore` (one job and -j 2), in one run, on
# a database made by `pgbench -i -s 50` plus a table of wide text and jsonb rows.
#
#   bench/snapshot.sh [--scale N] [--documents N] [--runs N]
#
# It starts its own throwaway PostgreSQL (default settings, fsync on) in a temporary
# directory and removes it afterwards. Each measurement is repeated --runs times
# (default 3), interleaved, and the median is reported. Needs build/cli/sluice
# (ci/build) and the PostgreSQL server and client binaries (ci/setup installs them).
set -euo pipefail
cd "$(dirname "$0")/.."

scale=50
documents=300000
runs=3
. "$(dirname "$0")/snapshot_database.sh" bench "$@"

key=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
now() { date +%s.%N; }
declare -A times sizes

measure() {  # name command...
  local name=$1; shift
  local start end
  start=$(now)
  "$@" >/dev/null
  end=$(now)
  times[$name]+="$(echo "$end - $start" | bc) "
}

fresh_db() { "$bindir/dropdb" --if-exists "$1" 2>/dev/null; "$bindir/createdb" -T template0 "$1"; }

for run in $(seq 1 "$runs"); do
  echo "== run $run of $runs"
  rm -rf "$work/snapshots" "$work/bench.dump"
  sync
  measure "sluice create" "$sluice" snapshot create --database-url "$url" --snapshot-dir "$work/snapshots" -q
  measure "pg_dump -Fc" "$bindir/pg_dump" -Fc -f "$work/bench.dump" bench
  export SLUICE_SNAPSHOT_KEY=$key
  measure "sluice create (encrypted)" \
    "$sluice" snapshot create --database-url "$url" --snapshot-dir "$work/snapshots-enc" -q
  unset SLUICE_SNAPSHOT_KEY
  plain=$(ls "$work/snapshots" | head -n 1)
  encrypted=$(ls "$work/snapshots-enc" | tail -n 1)
  sizes["sluice create"]=$(du -sb "$work/snapshots/$plain" | cut -f1)
  sizes["sluice create (encrypted)"]=$(du -sb "$work/snapshots-enc/$encrypted" | cut -f1)
  sizes["pg_dump -Fc"]=$(stat -c %s "$work/bench.dump")

  fresh_db restore_a
  measure "sluice restore" "$sluice" snapshot restore "$work/snapshots/$plain" --yes --allow-other-database \
    --no-analyze --database-url "host=$work port=$port user=postgres dbname=restore_a"
  fresh_db restore_b
  measure "pg_restore -j 2" "$bindir/pg_restore" -j 2 -d restore_b "$work/bench.dump"
  fresh_db restore_c
  measure "pg_restore" "$bindir/pg_restore" -d restore_c "$work/bench.dump"
  # Restoring over the populated database, as after a failed deploy, with ANALYZE.
  export SLUICE_SNAPSHOT_KEY=$key
  measure "sluice restore (encrypted, over the data, + ANALYZE)" \
    "$sluice" snapshot restore "$work/snapshots-enc/$encrypted" --yes --allow-other-database \
    --database-url "host=$work port=$port user=postgres dbname=restore_a"
  unset SLUICE_SNAPSHOT_KEY
  rm -rf "$work/snapshots-enc"
  "$bindir/dropdb" restore_b
  "$bindir/dropdb" restore_c
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
declare -A med
for name in "${!times[@]}"; do med[$name]=$(echo "${times[$name]}" | median); done

echo
printf "%-55s %10s %12s\n" "operation" "seconds" "size (MB)"
for name in "sluice create" "sluice create (encrypted)" "pg_dump -Fc" "sluice restore" "pg_restore" "pg_restore -j 2" \
            "sluice restore (encrypted, over the data, + ANALYZE)"; do
  size=""
  [ -n "${sizes[$name]:-}" ] && size=$(echo "scale=1; ${sizes[$name]} / 1000000" | bc)
  printf "%-55s %10.2f %12s\n" "$name" "${med[$name]}" "$size"
done
echo
ratio() { echo "scale=2; $1 / $2" | bc; }
speed=$(ratio "${med[pg_dump -Fc]}" "${med[sluice create]}")
size=$(ratio "${sizes[sluice create]}" "${sizes[pg_dump -Fc]}")
restore=$(ratio "${med[pg_restore -j 2]}" "${med[sluice restore]}")
restore1=$(ratio "${med[pg_restore]}" "${med[sluice restore]}")
verdict() { if [ "$(echo "$1" | bc)" -eq 1 ]; then echo "met"; else echo "MISSED"; fi; }
echo "create:  ${speed}x faster than pg_dump -Fc (target >= 2x: $(verdict "$speed >= 2"))"
echo "size:    ${size}x pg_dump -Fc's (target <= 1.10: $(verdict "$size <= 1.10"))"
echo "restore: ${restore}x the speed of pg_restore -j 2 (target >= 1: $(verdict "$restore >= 1")), ${restore1}x pg_restore"
