-- fixture: layout=prisma
-- A single-statement Prisma migration runs on its own: LOCK TABLE fails outright.
LOCK TABLE orders IN ROW SHARE MODE; -- expect: lock-table
