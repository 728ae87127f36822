-- sluice:no-transaction
-- Statement by statement: the backfill does not run under the ALTER's lock.
ALTER TABLE users ADD COLUMN email_lower text;
UPDATE users SET email_lower = lower(email);
-- expect-clean: mixed-ddl-dml
