-- Only new objects, weak locks and non-blocking forms: nothing to report.
CREATE TABLE teams (id bigint PRIMARY KEY, owner_id bigint);
CREATE TABLE members (id bigint, team_id bigint REFERENCES teams (id));
ALTER TABLE teams ADD COLUMN name text NOT NULL;
CREATE INDEX members_team_idx ON members (team_id);
CREATE INDEX CONCURRENTLY orders_created_idx ON orders (created_at);
DROP INDEX CONCURRENTLY orders_old_idx;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;
ALTER TABLE orders SET (autovacuum_vacuum_scale_factor = 0.01);
ALTER TABLE orders ALTER COLUMN status SET STATISTICS 500;
ALTER INDEX orders_created_idx RENAME TO orders_created_at_idx;
COMMENT ON TABLE orders IS 'orders';
GRANT SELECT ON orders TO reporting;
REFRESH MATERIALIZED VIEW CONCURRENTLY daily_sales;
LOCK TABLE orders IN ROW EXCLUSIVE MODE;
CREATE VIEW open_orders AS SELECT * FROM orders WHERE status = 'open';
UPDATE orders SET status = 'open' WHERE status IS NULL;
DROP TABLE members;
-- expect-clean: require-lock-timeout
