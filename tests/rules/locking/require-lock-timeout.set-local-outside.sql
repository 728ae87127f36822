-- SET LOCAL outside a transaction block does nothing (the file has its own BEGIN, so
-- statements outside it run on their own).
SET LOCAL lock_timeout = '2s';
BEGIN;
ALTER TABLE orders ADD COLUMN note text; -- expect: require-lock-timeout
COMMIT;
