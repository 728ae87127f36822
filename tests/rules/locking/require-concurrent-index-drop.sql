-- Dropping an existing index locks its table; CONCURRENTLY does not.
DROP INDEX orders_customer_idx; -- expect: require-concurrent-index-drop:1
DROP INDEX IF EXISTS app.orders_status_idx, orders_created_idx; -- expect: require-concurrent-index-drop, require-concurrent-index-drop
DROP INDEX CONCURRENTLY orders_total_idx;
DROP INDEX CONCURRENTLY IF EXISTS "Order_userId_idx";

-- An index created earlier in this migration is not visible to anyone yet.
CREATE INDEX CONCURRENTLY invoices_total_idx ON invoices (total);
DROP INDEX invoices_total_idx;

-- Nor is an index of a table created in this migration, whoever created the index.
CREATE TABLE payments (id bigint PRIMARY KEY, order_id bigint);
CREATE INDEX payments_order_idx ON payments (order_id);
DROP INDEX payments_order_idx;
ALTER TABLE payments ADD CONSTRAINT payments_order_key UNIQUE (order_id);
ALTER TABLE payments DROP CONSTRAINT payments_order_key;

-- Schema-qualified: the index of `billing.accounts` is a different one.
CREATE INDEX accounts_owner_idx ON billing.accounts (owner_id);
DROP INDEX billing.accounts_owner_idx;
DROP INDEX accounts_owner_idx; -- expect: require-concurrent-index-drop

-- Text in comments and strings never counts: DROP INDEX orders_customer_idx;
SELECT 'DROP INDEX orders_customer_idx';
-- Other DROP statements are other rules' business.
DROP TABLE scratch_table;
DROP VIEW orders_view;
