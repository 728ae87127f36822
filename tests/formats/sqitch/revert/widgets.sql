-- Revert widgets:widgets from pg (back to v1.0)

BEGIN;

ALTER TABLE widgets DROP COLUMN name;

COMMIT;
