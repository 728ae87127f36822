-- fixture: pg-version=11
-- PostgreSQL 11 has no REINDEX CONCURRENTLY: the finding stays (the help says there is
-- no concurrent form and how to rebuild instead).
REINDEX INDEX orders_customer_idx; -- expect: require-concurrent-reindex
REINDEX TABLE orders; -- expect: require-concurrent-reindex
