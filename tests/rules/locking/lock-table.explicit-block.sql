-- With its own BEGIN/COMMIT the file runs as written: inside the block the lock is
-- held until COMMIT; outside it LOCK TABLE fails.
BEGIN;
LOCK TABLE orders IN SHARE MODE; -- expect: lock-table
UPDATE orders SET total = 0 WHERE total IS NULL;
COMMIT;
LOCK TABLE orders; -- expect: lock-table
