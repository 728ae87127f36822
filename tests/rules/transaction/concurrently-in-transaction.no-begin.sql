-- sluice's runner runs a file without BEGIN that contains CONCURRENTLY statement by
-- statement: nothing fails.
CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);
DROP INDEX CONCURRENTLY orders_old_idx;
REINDEX INDEX CONCURRENTLY orders_total_idx;
ALTER TABLE measurements DETACH PARTITION measurements_2020 CONCURRENTLY;
ALTER TABLE orders ADD COLUMN note text;
-- expect-clean: concurrently-in-transaction
