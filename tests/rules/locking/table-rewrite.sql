-- Commands that write a new copy of an existing table under ACCESS EXCLUSIVE.
VACUUM FULL orders; -- expect: table-rewrite:1
VACUUM (FULL, ANALYZE) orders, customers; -- expect: table-rewrite, table-rewrite
VACUUM FULL; -- expect: table-rewrite
CLUSTER orders USING orders_created_idx; -- expect: table-rewrite
CLUSTER orders; -- expect: table-rewrite
CLUSTER; -- expect: table-rewrite
ALTER TABLE orders SET TABLESPACE fast_ssd; -- expect: table-rewrite
ALTER TABLE events SET LOGGED; -- expect: table-rewrite
ALTER TABLE events SET UNLOGGED; -- expect: table-rewrite
ALTER TABLE events SET ACCESS METHOD heap2; -- expect: table-rewrite
ALTER INDEX orders_created_idx SET TABLESPACE fast_ssd; -- expect: table-rewrite
ALTER MATERIALIZED VIEW daily_sales SET TABLESPACE fast_ssd; -- expect: table-rewrite
ALTER TABLE ALL IN TABLESPACE slow_hdd SET TABLESPACE fast_ssd; -- expect: table-rewrite

-- Plain VACUUM and ANALYZE do not rewrite; FULL false is not FULL.
VACUUM orders;
VACUUM (ANALYZE, VERBOSE) orders;
VACUUM (FULL false) orders;
ANALYZE orders;
-- Other ALTER TABLE forms are other rules' business.
ALTER TABLE orders SET (fillfactor = 70);
ALTER TABLE orders CLUSTER ON orders_created_idx;

-- A table created in this migration is empty.
CREATE TABLE staging (id bigint);
ALTER TABLE staging SET UNLOGGED;
ALTER TABLE staging SET TABLESPACE fast_ssd;
VACUUM FULL staging;
CLUSTER staging USING staging_pkey;
CREATE INDEX staging_id_idx ON staging (id);
ALTER INDEX staging_id_idx SET TABLESPACE fast_ssd;

-- Comments never count: VACUUM FULL orders;
