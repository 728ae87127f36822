-- NOT NULL without a DEFAULT fails as soon as the table has a row.
ALTER TABLE users ADD COLUMN plan text NOT NULL; -- expect: add-column-required:30
ALTER TABLE "User" ADD COLUMN "role" "Role" NOT NULL; -- expect: add-column-required
ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL REFERENCES tenants (id); -- expect: add-column-required
ALTER TABLE users ADD COLUMN code text PRIMARY KEY; -- expect: add-column-required
ALTER TABLE users ADD COLUMN marker text NOT NULL DEFAULT NULL; -- expect: add-column-required
ALTER TABLE users
  ADD COLUMN a text,
  ADD COLUMN b text NOT NULL; -- expect: add-column-required:14

-- A default, or a column that fills itself, is fine.
ALTER TABLE users ADD COLUMN tier text NOT NULL DEFAULT 'free';
ALTER TABLE users ADD COLUMN "updatedAt" timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE users ADD COLUMN ident bigint NOT NULL GENERATED ALWAYS AS IDENTITY;
ALTER TABLE users ADD COLUMN number bigserial NOT NULL;
ALTER TABLE users ADD COLUMN doubled int NOT NULL GENERATED ALWAYS AS (id * 2) STORED;
ALTER TABLE users ADD COLUMN nickname text;

-- A table created in this migration has no rows.
CREATE TABLE teams (id bigint);
ALTER TABLE teams ADD COLUMN name text NOT NULL;

-- Comments never count: ALTER TABLE users ADD COLUMN plan text NOT NULL;
