# Sourced by the snapshot benchmarks (bench/snapshot.sh, bench/snapshot_s3.sh) as
# `. bench/snapshot_database.sh NAME "$@"` once they have set the defaults of $scale,
# $documents and $runs: reads --scale N, --documents N and --runs N, starts a throwaway
# PostgreSQL (default settings, fsync on; bench/server_workdir.sh NAME) and builds
# database `bench`: `pgbench -i -s $scale` plus a `documents` table of $documents rows
# of wide text and jsonb with a primary key and an expression index, vacuumed and
# checkpointed. Sets $sluice, $url and PGHOST/PGPORT/PGUSER.
workdir_name=$1
shift
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale=$2; shift 2 ;;
    --documents) documents=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: $0 [--scale N] [--documents N] [--runs N]" >&2; exit 2 ;;
  esac
done

sluice=$PWD/build/cli/sluice
[ -x "$sluice" ] || { echo "bench: build sluice first (ci/build)" >&2; exit 2; }
. "$(dirname "${BASH_SOURCE[0]}")/server_workdir.sh" "$workdir_name"

echo "== PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') in $work, port $port; $(nproc) cores"
as_server "$bindir/initdb" -D "$work/data" -U postgres --auth=trust --no-sync >/dev/null
as_server "$bindir/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
  -o "-p $port -k $work -c listen_addresses=''" start >/dev/null
export PGHOST=$work PGPORT=$port PGUSER=postgres
url="host=$work port=$port user=postgres dbname=bench"

echo "== building the database: pgbench -i -s $scale, $documents documents"
"$bindir/createdb" bench
"$bindir/pgbench" -i -s "$scale" -q bench 2>&1 | tail -n 1
"$bindir/psql" -q -v ON_ERROR_STOP=1 bench <<SQL
CREATE TABLE documents (
  id bigserial PRIMARY KEY,
  title text NOT NULL,
  body text,
  attrs jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO documents (title, body, attrs)
SELECT 'Document number ' || g,
       (SELECT string_agg(md5(g::text || '-' || i), ' ') FROM generate_series(1, 12) i),
       jsonb_build_object('id', g, 'kind', (ARRAY['invoice', 'order', 'note', 'ticket'])[1 + g % 4],
                          'tags', jsonb_build_array('t' || (g % 97), 't' || (g % 13)),
                          'score', (g::bigint * 7919) % 1000 / 10.0,
                          'customer', jsonb_build_object('name', 'Customer ' || (g % 5000),
                                                         'email', 'c' || (g % 5000) || '@example.com'))
FROM generate_series(1, $documents) g;
CREATE INDEX documents_kind ON documents ((attrs ->> 'kind'));
VACUUM ANALYZE;
CHECKPOINT;
SQL
echo "   database size: $("$bindir/psql" -Atc "SELECT pg_size_pretty(pg_database_size('bench'))" bench)"
