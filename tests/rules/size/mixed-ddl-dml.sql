-- The classic: add a column, then backfill it in the same transaction.
ALTER TABLE users ADD COLUMN email_lower text;
UPDATE users SET email_lower = lower(email); -- expect: mixed-ddl-dml@warning
-- Reported once per migration.
DELETE FROM sessions WHERE expired;
