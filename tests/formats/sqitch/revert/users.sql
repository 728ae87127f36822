-- Revert widgets:users from pg

BEGIN;

DROP TABLE users;

COMMIT;
