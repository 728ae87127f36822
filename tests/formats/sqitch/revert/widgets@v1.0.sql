-- Revert widgets:widgets from pg (as of v1.0)

BEGIN;

DROP TABLE widgets;

COMMIT;
