-- Reported once per file, at the first statement that locks an existing table against
-- writes without a lock_timeout.
CREATE TABLE invoices (id bigint PRIMARY KEY);
CREATE INDEX invoices_id_idx ON invoices (id);
INSERT INTO orders (id) VALUES (1);
UPDATE orders SET status = 'open' WHERE id = 1;
ALTER TABLE orders ADD COLUMN note text; -- expect: require-lock-timeout:1
ALTER TABLE orders ADD COLUMN note2 text;
DROP TABLE customers;
