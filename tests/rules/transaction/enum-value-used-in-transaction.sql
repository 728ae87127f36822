-- sluice's runner wraps this file in one transaction: the new value cannot be used.
ALTER TYPE order_status ADD VALUE 'refunded';
ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'disputed' AFTER 'refunded';
UPDATE orders SET status = 'refunded' WHERE refund_id IS NOT NULL; -- expect: enum-value-used-in-transaction:28
INSERT INTO orders (id, status) VALUES (1, 'disputed'); -- expect: enum-value-used-in-transaction:44
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'refunded'; -- expect: enum-value-used-in-transaction
ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status <> 'disputed'); -- expect: enum-value-used-in-transaction
SELECT count(*) FROM orders WHERE status = 'refunded'::order_status; -- expect: enum-value-used-in-transaction
CREATE VIEW refunded_orders AS SELECT * FROM orders WHERE status = 'refunded'; -- expect: enum-value-used-in-transaction
DO $$ BEGIN UPDATE orders SET status = 'refunded' WHERE id = 2; END $$; -- expect: enum-value-used-in-transaction
CREATE FUNCTION refunded() RETURNS order_status LANGUAGE sql AS $$ SELECT 'refunded'::order_status $$; -- expect: enum-value-used-in-transaction
-- Mentioning it by position is fine, and so is a PL/pgSQL body (not evaluated yet).
ALTER TYPE order_status ADD VALUE 'chargeback' BEFORE 'refunded';
CREATE FUNCTION is_refunded(s order_status) RETURNS boolean LANGUAGE plpgsql AS $$ BEGIN RETURN s = 'refunded'; END $$;
-- Other values and comments never count: 'refunded'
UPDATE orders SET status = 'open' WHERE status IS NULL;
COMMENT ON TYPE order_status IS 'refunded';
