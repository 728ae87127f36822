-- sluice's runner wraps this file in one transaction.
ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check; -- expect: validate-in-same-transaction:1
ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk; -- expect: validate-in-same-transaction
-- Constraints added before this migration may be validated here.
ALTER TABLE orders VALIDATE CONSTRAINT orders_legacy_check;
-- Same name on another table is another constraint.
ALTER TABLE invoices VALIDATE CONSTRAINT orders_total_check;
-- A table created in this migration is empty.
CREATE TABLE payments (id bigint, amount numeric);
ALTER TABLE payments ADD CONSTRAINT payments_amount_check CHECK (amount > 0) NOT VALID;
ALTER TABLE payments VALIDATE CONSTRAINT payments_amount_check;
