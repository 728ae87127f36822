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

-- A table this migration empties first has no rows to fill (seen in real migrations:
-- "ok to be not null as it's a new column on a now empty table").
DELETE FROM password_reset_request;
ALTER TABLE password_reset_request ADD COLUMN local_user_id int NOT NULL;
TRUNCATE audit_log, sessions;
ALTER TABLE sessions ADD COLUMN device text NOT NULL;
-- A DELETE with a WHERE keeps rows; an INSERT after emptying adds some back.
DELETE FROM users WHERE banned;
ALTER TABLE users ADD COLUMN score int NOT NULL; -- expect: add-column-required
INSERT INTO audit_log (id) VALUES (1);
ALTER TABLE audit_log ADD COLUMN actor text NOT NULL; -- expect: add-column-required
