-- fixture: layout=prisma
-- Even after a COMMIT, the rest of a Prisma message is still an implicit transaction
-- (checked on PostgreSQL 15).
BEGIN;
ALTER TABLE "Order" ADD COLUMN "note" TEXT;
COMMIT;
CREATE INDEX CONCURRENTLY "Order_note_idx" ON "Order"("note"); -- expect: concurrently-in-transaction
