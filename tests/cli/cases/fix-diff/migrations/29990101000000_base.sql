CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, created_at timestamptz NOT NULL);
