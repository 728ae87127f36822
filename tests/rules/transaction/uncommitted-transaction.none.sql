-- No BEGIN at all: nothing is left open (a stray COMMIT only warns).
ALTER TABLE orders ADD COLUMN note text;
COMMIT;
-- expect-clean: uncommitted-transaction
