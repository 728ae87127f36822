-- A COMMIT in between makes the value usable; statements outside a block run on
-- their own.
BEGIN;
ALTER TYPE order_status ADD VALUE 'refunded';
COMMIT;
UPDATE orders SET status = 'refunded' WHERE refund_id IS NOT NULL;
ALTER TYPE order_status ADD VALUE 'disputed';
BEGIN;
UPDATE orders SET status = 'disputed' WHERE dispute_id IS NOT NULL;
COMMIT;
BEGIN;
ALTER TYPE order_status ADD VALUE 'lost';
UPDATE orders SET status = 'lost' WHERE lost_at IS NOT NULL; -- expect: enum-value-used-in-transaction
ROLLBACK;
UPDATE orders SET status = 'lost' WHERE lost_at IS NOT NULL;
