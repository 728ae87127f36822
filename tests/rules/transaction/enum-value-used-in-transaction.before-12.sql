-- fixture: pg-version=11
-- Before PostgreSQL 12 the ADD VALUE forces the file out of a transaction: it runs
-- statement by statement, and the ADD VALUE is committed before the UPDATE.
ALTER TYPE order_status ADD VALUE 'refunded';
UPDATE orders SET status = 'refunded' WHERE refund_id IS NOT NULL;
-- expect-clean: enum-value-used-in-transaction
