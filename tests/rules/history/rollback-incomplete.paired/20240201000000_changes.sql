-- Each thing the rollback leaves undone is reported where the migration did it.
CREATE TABLE invoices (id bigint PRIMARY KEY, user_id bigint); -- expect: rollback-incomplete
CREATE INDEX invoices_user_idx ON invoices (user_id);
ALTER TABLE users ADD COLUMN phone text; -- expect: rollback-incomplete
CREATE INDEX users_phone_idx ON users (phone); -- expect: rollback-incomplete
ALTER TABLE users ALTER COLUMN name TYPE text; -- expect: rollback-incomplete
ALTER TABLE users ALTER COLUMN email SET NOT NULL; -- expect: rollback-incomplete
ALTER TYPE status ADD VALUE 'cancelled'; -- expect: rollback-incomplete
ALTER TABLE orders DROP COLUMN note; -- expect: rollback-incomplete

-- Undone by the rollback, or nothing to undo:
ALTER TABLE users ALTER COLUMN email SET DEFAULT '';
ALTER TABLE users RENAME COLUMN legacy TO old_legacy;
CREATE VIEW active_users AS SELECT * FROM users;
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
CREATE TABLE scratch (id int);
DROP TABLE scratch;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
