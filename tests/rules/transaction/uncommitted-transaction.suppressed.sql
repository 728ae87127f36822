-- The finding belongs to the BEGIN, so an ignore before it suppresses it.
-- sluice:ignore uncommitted-transaction -- the runner script commits after the file
BEGIN;
ALTER TABLE orders ADD COLUMN note text;
-- expect-clean: uncommitted-transaction
