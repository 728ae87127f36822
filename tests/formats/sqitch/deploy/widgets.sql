-- Deploy widgets:widgets to pg (reworked: widgets get a name)

BEGIN;

ALTER TABLE widgets ADD COLUMN name text;

COMMIT;
