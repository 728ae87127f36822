-- -- sluice:no-transaction runs each statement on its own.
-- sluice:no-transaction
ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;
-- expect-clean: validate-in-same-transaction
