-- CREATE INDEX without CONCURRENTLY: a SHARE lock, which blocks writes.
SELECT 1;
CREATE INDEX orders_customer_idx ON orders (customer_id); -- expect: require-lock-timeout
