-- A file that runs statement by statement (it has a CONCURRENTLY) commits each one.
ALTER TYPE order_status ADD VALUE 'refunded';
CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);
UPDATE orders SET status = 'refunded' WHERE refund_id IS NOT NULL;
-- expect-clean: enum-value-used-in-transaction
