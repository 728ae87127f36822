DROP INDEX orders_customer_idx;
ALTER TABLE orders DROP COLUMN note;
