-- A plain REFRESH blocks reads of the view for the whole refresh.
REFRESH MATERIALIZED VIEW daily_sales; -- expect: refresh-matview-concurrently:1
REFRESH MATERIALIZED VIEW reporting.monthly_sales WITH DATA; -- expect: refresh-matview-concurrently
REFRESH MATERIALIZED VIEW daily_sales WITH NO DATA; -- expect: refresh-matview-concurrently
REFRESH MATERIALIZED VIEW CONCURRENTLY daily_sales;
REFRESH MATERIALIZED VIEW CONCURRENTLY reporting.monthly_sales WITH DATA;

-- A view created in this migration has no readers yet.
CREATE MATERIALIZED VIEW weekly_sales AS SELECT 1 AS week WITH NO DATA;
REFRESH MATERIALIZED VIEW weekly_sales;
-- The same name in another schema is another view.
REFRESH MATERIALIZED VIEW archive.weekly_sales; -- expect: refresh-matview-concurrently

-- Comments never count: REFRESH MATERIALIZED VIEW daily_sales;
