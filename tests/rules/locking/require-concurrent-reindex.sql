-- REINDEX without CONCURRENTLY blocks writes (and reads that use the index).
REINDEX INDEX orders_customer_idx; -- expect: require-concurrent-reindex:1
REINDEX TABLE orders; -- expect: require-concurrent-reindex
REINDEX (VERBOSE) TABLE public.orders; -- expect: require-concurrent-reindex
REINDEX SCHEMA app; -- expect: require-concurrent-reindex
REINDEX DATABASE shop; -- expect: require-concurrent-reindex
REINDEX SYSTEM shop; -- expect: require-concurrent-reindex

-- The concurrent forms are fine, however they are spelled.
REINDEX INDEX CONCURRENTLY orders_customer_idx;
REINDEX TABLE CONCURRENTLY orders;
REINDEX (CONCURRENTLY) TABLE orders;
REINDEX (VERBOSE, CONCURRENTLY true) INDEX orders_customer_idx;
REINDEX (CONCURRENTLY false) TABLE orders; -- expect: require-concurrent-reindex

-- New objects have no readers yet.
CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric);
CREATE INDEX invoices_total_idx ON invoices (total);
REINDEX INDEX invoices_total_idx;
REINDEX TABLE invoices;

-- REINDEX in a comment: REINDEX TABLE orders;
