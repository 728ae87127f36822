-- fixture: pg-version=11
-- Before PostgreSQL 12, ADD VALUE refused a transaction block.
BEGIN;
ALTER TYPE order_status ADD VALUE 'refunded'; -- expect: concurrently-in-transaction
COMMIT;
ALTER TYPE order_status ADD VALUE 'cancelled';
