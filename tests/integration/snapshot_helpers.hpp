#pragma once
// Shared by the snapshot integration tests: a database's observable state (pg_dump
// --schema-only, per-table checksums of the ordered rows, sequence positions), running
// the real `sluice` binary, and a database rich in types and object kinds.

#include <filesystem>
#include <gtest/gtest.h>
#include <map>
#include <string>
#include <vector>

#include "common/file_io.hpp"
#include "common/pg_session.hpp"
#include "common/subprocess.hpp"
#include "common/temp_dir.hpp"
#include "common/text.hpp"
#include "snapshot/snapshot.hpp"
#include "tests/integration/sluice_process.hpp"
#include "tests/support/test_cluster.hpp"

namespace sluice::testing {

namespace fs = std::filesystem;

struct DatabaseState {
  std::string schema;                            // pg_dump --schema-only, \restrict lines removed
  std::map<std::string, std::string> checksums;  // relation -> "rows:md5"
  std::map<std::string, std::string> sequences;  // sequence -> "last_value:is_called"
  bool operator==(const DatabaseState&) const = default;
};

inline std::string schemaDump(const ConnectionSettings& settings) {
  auto result = runProcess({(testCluster().binDir() / "pg_dump").string(), "--schema-only", "--no-password",
                            "--dbname=" + settings.keywordString()});
  if (!result || !result->success()) {
    throw std::runtime_error("pg_dump failed: " + (result ? result->err : result.error().message));
  }
  std::string out;
  for (std::string_view line : split(result->out, '\n')) {
    if (line.starts_with("\\restrict ") || line.starts_with("\\unrestrict ")) continue;
    out.append(line);
    out.push_back('\n');
  }
  return out;
}

inline DatabaseState databaseState(const ConnectionSettings& settings) {
  DatabaseState state;
  state.schema = schemaDump(settings);
  auto session = PgSession::open(settings, "sluice-tests");
  if (!session) throw std::runtime_error(session.error().message);
  auto query = [&](const std::string& sql) {
    SqlResult result = session->exec(sql);
    if (!result.ok()) throw std::runtime_error(result.error().summary() + " in: " + sql);
    return result;
  };
  query("SET extra_float_digits = 3; SET TimeZone = 'UTC'; SET DateStyle = ISO");
  SqlResult relations = query(
      "SELECT format('%I.%I', n.nspname, c.relname), c.relkind FROM pg_class c JOIN pg_namespace n ON "
      "n.oid = c.relnamespace WHERE c.relkind IN ('r', 'm', 'S') AND n.nspname NOT IN ('pg_catalog', "
      "'information_schema') AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1");
  for (int row = 0; row < relations.rows(); ++row) {
    std::string name = relations.value(row, 0);
    if (relations.value(row, 1) == "S") {
      state.sequences[name] = query("SELECT last_value::text || ':' || is_called::text FROM " + name).value(0, 0);
      continue;
    }
    state.checksums[name] = query(
                                "SELECT count(*)::text || ':' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY "
                                "t::text)), '') FROM ONLY " +
                                name + " t")
                                .value(0, 0);
  }
  return state;
}

// A temporary directory; an error (only an unusable $TMPDIR) fails the test as an exception.
inline TempDir tempDir(const std::string& prefix) {
  auto dir = TempDir::create(prefix);
  if (!dir) throw std::runtime_error(dir.error().message);
  return std::move(*dir);
}

inline snapshot::MasterKey testKey(char digit = '5') {
  auto key = snapshot::parseMasterKey(std::string(64, digit), "test key");
  if (!key) throw std::runtime_error(key.error().message);
  return *key;
}

inline snapshot::SnapshotInfo takeSnapshot(const ConnectionSettings& settings, const fs::path& dir,
                                           std::optional<snapshot::MasterKey> key = std::nullopt) {
  snapshot::CreateOptions options;
  options.snapshotDir = dir;
  options.key = std::move(key);
  options.jobs = 2;
  auto created = snapshot::createSnapshot(settings, options);
  if (!created) throw std::runtime_error(created.error().message + " / " + created.error().hint);
  return *created;
}

// Prisma's history table as prisma-engines creates it, with two applied migrations and
// a failed one; and sluice's own table.
inline constexpr const char* kHistorySql = R"sql(
CREATE TABLE "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO _prisma_migrations VALUES
  ('0b7f6a6e-6f5e-4a57-9a43-6a1b2f0f3a01', repeat('a', 64), '2024-01-01 10:00:01+00', '20240101000000_init', NULL, NULL, '2024-01-01 10:00:00+00', 1),
  ('0b7f6a6e-6f5e-4a57-9a43-6a1b2f0f3a02', repeat('b', 64), '2024-01-15 09:30:01+00', '20240115093000_add_orders', NULL, NULL, '2024-01-15 09:30:00+00', 1);
CREATE TABLE sluice_migrations (version text PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(), execution_ms integer);
INSERT INTO sluice_migrations VALUES ('20240301000000', 'create_accounts', repeat('c', 64), '2024-03-01 00:00:00+00', 12);
)sql";

// Many types and object kinds; `bigRows` rows in public.big.
inline std::string richDatabaseSql(int bigRows) {
  return std::string(R"sql(
CREATE EXTENSION pgcrypto;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN positive_amount AS numeric(14, 2) CHECK (VALUE >= 0);
CREATE SCHEMA billing;
CREATE TABLE customers (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  email text UNIQUE,
  mood mood,
  balance numeric(30, 10) DEFAULT 0,
  ratio double precision,
  small real,
  tags text[],
  matrix integer[][],
  photo bytea,
  profile jsonb,
  settings json,
  token uuid DEFAULT gen_random_uuid(),
  created_at timestamptz NOT NULL DEFAULT now(),
  local_time timestamp,
  birthday date,
  wake_at time,
  lunch interval,
  flags bit varying(16),
  address inet,
  during tsrange,
  name_upper text GENERATED ALWAYS AS (upper(name)) STORED
);
COMMENT ON TABLE customers IS 'people who pay';
COMMENT ON COLUMN customers.mood IS 'how they feel';
CREATE TABLE billing.invoices (
  id serial PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  amount positive_amount NOT NULL,
  note text,
  issued_on date NOT NULL,
  CONSTRAINT invoice_note_short CHECK (length(note) < 500)
);
CREATE INDEX invoices_customer_idx ON billing.invoices (customer_id);
CREATE TABLE events (
  id bigserial,
  happened_at timestamptz NOT NULL,
  payload jsonb,
  PRIMARY KEY (id, happened_at)
) PARTITION BY RANGE (happened_at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX events_payload_idx ON events USING gin (payload);
CREATE SEQUENCE ticket_seq START 1000 INCREMENT 5;
CREATE SEQUENCE unused_seq;
CREATE VIEW customer_totals AS
  SELECT c.id, c.name, sum(i.amount) AS total FROM customers c LEFT JOIN billing.invoices i ON i.customer_id = c.id
  GROUP BY c.id, c.name;
CREATE MATERIALIZED VIEW invoice_counts AS SELECT customer_id, count(*) AS n FROM billing.invoices GROUP BY customer_id;
CREATE UNIQUE INDEX invoice_counts_customer ON invoice_counts (customer_id);
CREATE FUNCTION billing.touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.note := coalesce(NEW.note, 'auto');
  RETURN NEW;
END
$$;
CREATE TRIGGER invoices_touch BEFORE INSERT OR UPDATE ON billing.invoices FOR EACH ROW EXECUTE FUNCTION billing.touch();
CREATE FUNCTION add_one(integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT $1 + 1';
CREATE TABLE "Weird ""Name""" ("Mixed Case" text, "tab	col" integer);
CREATE TABLE empty_table (id integer);
CREATE TABLE no_columns ();
CREATE UNLOGGED TABLE cache (k text PRIMARY KEY, v text);
CREATE TABLE big (id integer PRIMARY KEY, label text NOT NULL, value double precision);
ALTER TABLE big ADD COLUMN dropped_later integer;
ALTER TABLE big DROP COLUMN dropped_later;
CREATE POLICY own_rows ON cache USING (k <> 'secret');
ALTER TABLE cache ENABLE ROW LEVEL SECURITY;

INSERT INTO customers (name, email, mood, balance, ratio, small, tags, matrix, photo, profile, settings, created_at,
                       local_time, birthday, wake_at, lunch, flags, address, during) VALUES
  (E'Tab\there, newline\nthere, backslash \\ and ''quote''', 'a@example.com', 'happy', 12345678901234567890.0123456789,
   0.1, 3.14159, ARRAY['x', NULL, 'with "quotes"', 'comma,inside', ''], '{{1,2},{3,4}}', '\x00ff10de'::bytea,
   '{"nested": {"list": [1, 2.5, null, true], "text": "ünïcödé ✓ 🚀"}}', '{"b": 1,   "a": [ 2 ], "b": 3}',
   '2024-02-29 23:59:59.999999+05:30', '2024-01-01 00:00:00', '0044-03-15 BC', '07:30:00', '1 year 2 mons 3 days 04:05:06.7',
   B'1010', '192.168.0.1/24', '[2024-01-01 10:00, 2024-01-01 12:00)'),
  ('Ünïcödé 名前 🚀', NULL, 'sad', -0.5, 'NaN', '-Infinity', '{}', NULL, '', '[]', 'null', 'infinity', '-infinity', NULL,
   NULL, '-1 days', B'', '::1', 'empty'),
  (repeat('long ', 2000), 'c@example.com', NULL, NULL, 1e-300, 1.5e38, NULL, NULL, decode(repeat('00ff', 5000), 'hex'),
   NULL, NULL, '2000-01-01 00:00:00+00', NULL, '2000-02-29', '24:00:00', NULL, NULL, NULL, NULL);
INSERT INTO billing.invoices (customer_id, amount, note, issued_on)
  SELECT 1 + g % 3, g * 1.25, CASE WHEN g % 2 = 0 THEN 'note ' || g END, DATE '2024-01-01' + g FROM generate_series(1, 40) g;
INSERT INTO events (happened_at, payload)
  SELECT TIMESTAMPTZ '2024-06-01 00:00:00+00' + g * INTERVAL '5 days', jsonb_build_object('n', g, 'kind', 'k' || g % 3)
  FROM generate_series(1, 100) g;
SELECT nextval('ticket_seq') FROM generate_series(1, 7);
INSERT INTO "Weird ""Name""" VALUES (E'a\\b', 1), (NULL, NULL);
INSERT INTO no_columns DEFAULT VALUES;
INSERT INTO no_columns DEFAULT VALUES;
INSERT INTO cache VALUES ('k1', 'v1'), ('secret', 'hidden from the policy, not from the snapshot');
REFRESH MATERIALIZED VIEW invoice_counts;
INSERT INTO big SELECT g, 'row ' || g, g * 0.5 FROM generate_series(1, )sql") +
         std::to_string(bigRows) + ") g;\n" + kHistorySql;
}

// A fresh database filled by richDatabaseSql(bigRows).
inline ConnectionSettings richDatabase(const std::string& prefix, int bigRows) {
  ConnectionSettings db = freshDatabase(prefix);
  execute(db, richDatabaseSql(bigRows));
  return db;
}

// Changes to every kind of object, so that a restore has something to undo.
inline constexpr const char* kMutationsSql = R"sql(
ALTER TYPE mood ADD VALUE 'angry';
ALTER TABLE customers ADD COLUMN extra text DEFAULT 'x';
UPDATE customers SET name = name || ' (changed)';
DELETE FROM billing.invoices WHERE id % 3 = 0;
INSERT INTO billing.invoices (customer_id, amount, issued_on) VALUES (2, 99, '2030-01-01');
DROP VIEW customer_totals;
DROP TABLE "Weird ""Name""";
CREATE TABLE added_later (id serial PRIMARY KEY);
CREATE SCHEMA reporting;
CREATE TABLE reporting.daily (day date);
CREATE EXTENSION citext;
SELECT nextval('ticket_seq') FROM generate_series(1, 3);
SELECT nextval('unused_seq');
DELETE FROM big WHERE id % 2 = 0;
UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = '20240115093000_add_orders';
INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at) VALUES
  ('0b7f6a6e-6f5e-4a57-9a43-6a1b2f0f3a03', repeat('d', 64), '20240201000000_failed', now());
INSERT INTO sluice_migrations VALUES ('20240401000000', 'later', repeat('e', 64), now(), 5);
)sql";

}  // namespace sluice::testing
