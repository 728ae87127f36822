-- Seeding a table created here, and INSERT ... VALUES, are not backfills.
CREATE TABLE roles (id int PRIMARY KEY, name text);
INSERT INTO roles SELECT 1, 'admin';
ALTER TABLE users ADD COLUMN role_id int;
INSERT INTO settings (key, value) VALUES ('version', '2');
-- A function body runs later, not in this transaction.
CREATE FUNCTION fix() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE users SET role_id = 1;
END $$;
-- Text in comments and strings: UPDATE users SET role_id = 1;
SELECT 'UPDATE users SET role_id = 1';
-- expect-clean: mixed-ddl-dml
