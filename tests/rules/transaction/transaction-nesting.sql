-- BEGIN inside an open block does not nest.
BEGIN;
ALTER TABLE orders ADD COLUMN note text;
BEGIN; -- expect: transaction-nesting:1
UPDATE orders SET note = '' WHERE note IS NULL;
COMMIT;
-- A new block after the COMMIT is fine, as are savepoints.
START TRANSACTION;
SAVEPOINT before_backfill;
UPDATE orders SET total = 0 WHERE total IS NULL;
ROLLBACK TO SAVEPOINT before_backfill;
RELEASE SAVEPOINT before_backfill;
START TRANSACTION ISOLATION LEVEL SERIALIZABLE; -- expect: transaction-nesting
COMMIT;
BEGIN;
COMMIT AND CHAIN;
BEGIN; -- expect: transaction-nesting
COMMIT;
-- In a comment: BEGIN; BEGIN;
