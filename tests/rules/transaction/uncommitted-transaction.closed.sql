-- Closed by COMMIT, END or ROLLBACK/ABORT: nothing to report.
BEGIN;
ALTER TABLE orders ADD COLUMN note text;
END;
START TRANSACTION;
ALTER TABLE orders ADD COLUMN note2 text;
ABORT;
BEGIN;
ALTER TABLE orders ADD COLUMN note3 text;
COMMIT;
-- expect-clean: uncommitted-transaction
