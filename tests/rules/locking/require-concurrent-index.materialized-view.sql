-- fixture: rules=require-concurrent-index,require-lock-timeout
-- A materialized view created in the migration is as new as a table: indexing it blocks
-- nobody (Lemmy rebuilds its aggregate views this way).
CREATE MATERIALIZED VIEW community_aggregates_mview AS SELECT * FROM community_aggregates_view;
CREATE UNIQUE INDEX idx_community_aggregates_mview_id ON community_aggregates_mview (id);
-- One that existed before the migration is locked while the index builds.
CREATE INDEX daily_sales_day_idx ON daily_sales (day); -- expect: require-concurrent-index, require-lock-timeout
