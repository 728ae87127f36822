-- SET LOCAL lasts until the end of its transaction.
BEGIN;
SET LOCAL lock_timeout TO '2s';
ALTER TABLE orders ADD COLUMN note text;
COMMIT;
BEGIN;
ALTER TABLE orders ADD COLUMN note2 text; -- expect: require-lock-timeout
COMMIT;
