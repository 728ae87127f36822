-- A BEGIN never closed by the end of the file.
BEGIN;
ALTER TABLE orders ADD COLUMN note text;
COMMIT;
BEGIN; -- expect: uncommitted-transaction:1
ALTER TABLE orders ADD COLUMN note2 text;
SAVEPOINT s;
RELEASE SAVEPOINT s;
-- In a comment: COMMIT;
SELECT 'COMMIT';
