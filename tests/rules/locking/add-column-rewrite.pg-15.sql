-- fixture: pg-version=15
-- The same constant defaults as add-column-rewrite.before-11.sql: free since 11.
ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'open';
ALTER TABLE orders ADD COLUMN flags int DEFAULT 0;
ALTER TABLE orders ADD COLUMN created_at timestamptz DEFAULT now();
ALTER TABLE orders ADD COLUMN public_id uuid DEFAULT gen_random_uuid(); -- expect: add-column-rewrite
ALTER TABLE orders ADD COLUMN number serial; -- expect: add-column-rewrite
-- Stable and immutable built-ins are evaluated once (pg_proc.provolatile on PostgreSQL 15).
ALTER TABLE orders ADD COLUMN created_epoch bigint DEFAULT extract(epoch FROM now());
ALTER TABLE orders ADD COLUMN created_day int DEFAULT floor(date_part('day', now()));
ALTER TABLE orders ADD COLUMN batch bigint DEFAULT ceil(txid_current() / 1000.0);
ALTER TABLE orders ADD COLUMN code text DEFAULT lpad(to_char(now(), 'YYYYMMDD'), 10, '0');
ALTER TABLE orders ADD COLUMN token text DEFAULT encode(gen_random_bytes(16), 'hex'); -- expect: add-column-rewrite
ALTER TABLE orders ADD COLUMN score int DEFAULT round(random() * 100); -- expect: add-column-rewrite
-- A function sluice does not know may be volatile.
ALTER TABLE orders ADD COLUMN slug text DEFAULT make_slug(); -- expect: add-column-rewrite
-- Functions created by the migrations are as volatile as they say (VOLATILE when they
-- say nothing).
CREATE FUNCTION generate_unique_changeme() RETURNS text LANGUAGE sql AS $$ SELECT 'changeme_' || md5(random()::text) $$;
CREATE FUNCTION default_locale() RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'en' $$;
CREATE FUNCTION current_tenant() RETURNS text LANGUAGE sql STABLE AS $$ SELECT current_setting('app.tenant') $$;
CREATE FUNCTION next_code() RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$;
ALTER FUNCTION next_code() IMMUTABLE;
ALTER TABLE orders ADD COLUMN inbox_url text DEFAULT generate_unique_changeme(); -- expect: add-column-rewrite
ALTER TABLE orders ADD COLUMN locale text DEFAULT default_locale();
ALTER TABLE orders ADD COLUMN tenant text DEFAULT current_tenant();
ALTER TABLE orders ADD COLUMN next text DEFAULT next_code();
