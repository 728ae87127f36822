-- The file's own transactions: what a COMMIT separates is not mixed.
BEGIN;
ALTER TABLE users ADD COLUMN email_lower text;
COMMIT;
BEGIN;
UPDATE users SET email_lower = lower(email);
COMMIT;
-- A DO block that commits between batches runs outside a transaction block.
ALTER TABLE objects ADD COLUMN level int;
DO $$
BEGIN
  LOOP
    COMMIT;
    UPDATE objects SET level = 1 WHERE level IS NULL AND id IN (SELECT id FROM objects WHERE level IS NULL LIMIT 1000);
    EXIT WHEN NOT FOUND;
  END LOOP;
END $$;
-- expect-clean: mixed-ddl-dml
