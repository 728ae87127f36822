# Sourced by the snapshot benchmarks once their server runs ($bindir, $scale,
# $documents, PGHOST/PGPORT/PGUSER set): database `bench` from `pgbench -i -s $scale`
# plus a `documents` table of $documents rows of wide text and jsonb with a primary key
# and an expression index, vacuumed and checkpointed.
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
