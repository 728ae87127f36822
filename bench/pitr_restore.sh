#!/usr/bin/env bash
# Point-in-time recovery times with pgBackRest, for docs/pitr.md: a cluster with WAL
# archiving into a posix repository, `pgbench -i -s N`, a full backup, a restore point
# after more writes, then the recovery `sluice deploy --safety restore-point` prints:
# stop, `pgbackrest restore --type=name --delta`, start, replay, promote. It times the
# restore and the replay-and-promote separately (the median of --runs).
#
#   bench/pitr_restore.sh [--scale N] [--runs N]
#
# The anchor for the same database is a logical restore: `pg_restore -j 2` of a
# `pg_dump -Fc` taken at the same moment. Starts its own PostgreSQL (fsync on) in a
# temporary directory and removes it afterwards. Needs pgbackrest (ci/setup installs it).
set -euo pipefail
cd "$(dirname "$0")/.."

scale=10
runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: bench/pitr_restore.sh [--scale N] [--runs N]" >&2; exit 2 ;;
  esac
done
command -v pgbackrest >/dev/null || { echo "bench: pgbackrest is not installed (ci/setup)" >&2; exit 2; }
. "$(dirname "$0")/server_workdir.sh" pitr-bench
conf=$work/pgbackrest.conf
as_server tee "$conf" >/dev/null <<CONF
[global]
repo1-path=$work/repo
lock-path=$work/lock
log-path=$work/log
log-level-file=off
log-level-console=warn
start-fast=y
compress-type=lz4
repo1-retention-full=2

[bench]
pg1-path=$work/data
pg1-port=$port
pg1-socket-path=$work
CONF
export PGBACKREST_CONFIG=$conf
as_server "$bindir/initdb" -D "$work/data" --auth=trust >/dev/null
opts="-p $port -c listen_addresses='' -c unix_socket_directories='$work' -c archive_mode=on \
-c archive_command='pgbackrest --config=$conf --stanza=bench archive-push %p'"
start() { as_server "$bindir/pg_ctl" -D "$work/data" -l "$work/server.log" -w -t 600 -o "$opts" start >/dev/null; }
stop() { as_server "$bindir/pg_ctl" -D "$work/data" -m fast -w stop >/dev/null; }
start
psql() { command psql -h "$work" -p "$port" -U postgres -X -q -v ON_ERROR_STOP=1 "$@"; }
as_server pgbackrest --config="$conf" --stanza=bench stanza-create
as_server "$bindir/pgbench" -h "$work" -p "$port" -i -s "$scale" -q postgres >/dev/null 2>&1
as_server pgbackrest --config="$conf" --stanza=bench --type=full backup
# Writes after the backup, replayed from the archive during recovery.
as_server "$bindir/pgbench" -h "$work" -p "$port" -n -t 2000 postgres >/dev/null 2>&1
size=$(psql -U postgres -Atc "SELECT pg_size_pretty(pg_database_size('postgres'))" postgres)
as_server "$bindir/pg_dump" -h "$work" -p "$port" -Fc -f "$work/anchor.dump" postgres
point=sluice-bench
psql -U postgres -c "SELECT pg_create_restore_point('$point')" -c "SELECT pg_switch_wal()" postgres >/dev/null
sleep 2

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now() { date +%s.%N; }
restores=(); replays=(); anchors=()
for _ in $(seq "$runs"); do
  stop
  t0=$(now)
  as_server pgbackrest --config="$conf" --stanza=bench --type=name --target=$point --target-action=promote --delta restore
  t1=$(now)
  start
  until [ "$(psql -U postgres -Atc 'SELECT pg_is_in_recovery()' postgres 2>/dev/null)" = f ]; do sleep 0.1; done
  t2=$(now)
  restores+=("$(echo "$t1 - $t0" | bc)"); replays+=("$(echo "$t2 - $t1" | bc)")
  psql -U postgres -q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS anchor" -c "CREATE DATABASE anchor" postgres
  t3=$(now)
  as_server "$bindir/pg_restore" -h "$work" -p "$port" -j 2 -d anchor "$work/anchor.dump"
  t4=$(now)
  anchors+=("$(echo "$t4 - $t3" | bc)")
done
r=$(printf '%s\n' "${restores[@]}" | median); p=$(printf '%s\n' "${replays[@]}" | median)
a=$(printf '%s\n' "${anchors[@]}" | median)
echo "pgbench scale $scale, database $size, $runs runs (median)"
echo "  pgbackrest restore --type=name --delta   $(printf %.2f "$r") s"
echo "  start, replay to the point, promote      $(printf %.2f "$p") s"
echo "  total (stop not counted)                 $(printf %.2f "$(echo "$r + $p" | bc)") s"
echo "  anchor: pg_restore -j 2 into a new db    $(printf %.2f "$a") s   ($(printf %.2f "$(echo "($r + $p) / $a" | bc -l)")x)"
echo "  commands: pgbackrest --stanza=bench --type=name --target=$point --target-action=promote --delta restore"
echo "            pg_restore -j 2 -d anchor anchor.dump"
