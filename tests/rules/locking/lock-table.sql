-- fixture: layout=prisma
-- A Prisma migration with several statements runs as one transaction.
LOCK TABLE orders; -- expect: lock-table:1
LOCK TABLE orders IN ACCESS EXCLUSIVE MODE NOWAIT; -- expect: lock-table
LOCK TABLE ONLY orders, customers IN SHARE MODE; -- expect: lock-table
LOCK orders IN EXCLUSIVE MODE; -- expect: lock-table
LOCK TABLE orders IN SHARE ROW EXCLUSIVE MODE; -- expect: lock-table
-- Modes that do not block writes.
LOCK TABLE orders IN ACCESS SHARE MODE;
LOCK TABLE orders IN ROW SHARE MODE;
LOCK TABLE orders IN ROW EXCLUSIVE MODE;
LOCK TABLE orders IN SHARE UPDATE EXCLUSIVE MODE;
-- A table created in this transaction is invisible to others.
CREATE TABLE staging (id bigint);
LOCK TABLE staging;
-- Comments never count: LOCK TABLE orders;
SELECT 'LOCK TABLE orders';
