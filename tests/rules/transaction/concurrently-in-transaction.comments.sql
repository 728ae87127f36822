-- CONCURRENTLY in comments never matters: this file is one transaction for the runner.
BEGIN;
-- CREATE INDEX CONCURRENTLY would be better, but the table is new:
CREATE TABLE invoices (id bigint);
/* DROP INDEX CONCURRENTLY invoices_old_idx; */
CREATE INDEX invoices_id_idx ON invoices (id); -- not CONCURRENTLY
COMMIT;
-- expect-clean: concurrently-in-transaction
