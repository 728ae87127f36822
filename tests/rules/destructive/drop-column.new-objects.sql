-- Columns and tables created earlier in the same migration hold nothing anyone
-- relies on yet.
CREATE TABLE "Draft" (id text PRIMARY KEY, body text, scratch text);
ALTER TABLE "Draft" DROP COLUMN scratch;

ALTER TABLE orders ADD COLUMN tmp_total numeric;
ALTER TABLE orders DROP COLUMN tmp_total;
-- The same name on another table is not new.
ALTER TABLE invoices DROP COLUMN tmp_total; -- expect: drop-column

CREATE TEMP TABLE import_rows (id bigint, raw text);
ALTER TABLE import_rows DROP COLUMN raw;
-- pg_temp is always a temporary table.
ALTER TABLE pg_temp.staging DROP COLUMN raw;

-- A table dropped and created again in this migration is new.
DROP TABLE IF EXISTS cache;
CREATE TABLE cache (key text, value text, expires_at timestamptz);
ALTER TABLE cache DROP COLUMN expires_at;
