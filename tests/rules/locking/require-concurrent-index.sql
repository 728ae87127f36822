CREATE INDEX orders_customer_idx ON orders (customer_id); -- expect: require-concurrent-index
CREATE UNIQUE INDEX IF NOT EXISTS users_email_key ON public.users (email); -- expect: require-concurrent-index
CREATE INDEX CONCURRENTLY orders_created_idx ON orders (created_at);

-- A table created in the same migration is empty and invisible until commit.
CREATE TABLE invoices (id bigint, customer_id bigint);
CREATE INDEX invoices_customer_idx ON invoices (customer_id);
