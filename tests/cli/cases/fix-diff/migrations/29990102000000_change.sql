-- notes on orders, and a faster lookup by customer
ALTER TABLE orders ADD COLUMN note text;
CREATE INDEX orders_customer_idx ON orders (customer_id);
