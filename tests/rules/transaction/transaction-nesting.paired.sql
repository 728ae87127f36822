-- sluice's runner runs a file with its own blocks as written: a COMMIT between blocks
-- is the author's choice, not nesting.
BEGIN;
ALTER TABLE orders ADD COLUMN note text;
COMMIT;
BEGIN;
ALTER TABLE orders ADD COLUMN note2 text;
ROLLBACK;
-- expect-clean: transaction-nesting
