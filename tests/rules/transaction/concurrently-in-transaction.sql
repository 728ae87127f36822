-- Inside BEGIN ... COMMIT every statement that refuses a transaction block fails,
-- whichever form it takes (squawk misses DROP INDEX, REINDEX and DETACH here).
BEGIN;
CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id); -- expect: concurrently-in-transaction:1
DROP INDEX CONCURRENTLY orders_old_idx; -- expect: concurrently-in-transaction
REINDEX INDEX CONCURRENTLY orders_total_idx; -- expect: concurrently-in-transaction
REINDEX (CONCURRENTLY) TABLE orders; -- expect: concurrently-in-transaction
ALTER TABLE measurements DETACH PARTITION measurements_2020 CONCURRENTLY; -- expect: concurrently-in-transaction
VACUUM orders; -- expect: concurrently-in-transaction
VACUUM FULL orders; -- expect: concurrently-in-transaction
REINDEX SCHEMA app; -- expect: concurrently-in-transaction
CLUSTER; -- expect: concurrently-in-transaction
CREATE DATABASE scratch; -- expect: concurrently-in-transaction
ALTER SYSTEM SET work_mem = '64MB'; -- expect: concurrently-in-transaction
-- These are fine inside a block.
CREATE INDEX orders_status_idx ON orders (status);
REINDEX TABLE orders;
CLUSTER orders USING orders_pkey;
ALTER TYPE order_status ADD VALUE 'refunded';
ALTER TABLE measurements DETACH PARTITION measurements_2019;
REFRESH MATERIALIZED VIEW CONCURRENTLY daily_sales;
ANALYZE orders;
COMMIT;

-- After COMMIT the runner runs the rest of this file statement by statement.
CREATE INDEX CONCURRENTLY orders_created_idx ON orders (created_at);
DROP INDEX CONCURRENTLY orders_old2_idx;
VACUUM orders;

-- Text never counts: BEGIN; CREATE INDEX CONCURRENTLY x ON y (z); COMMIT;
SELECT 'CREATE INDEX CONCURRENTLY x ON y (z)';
