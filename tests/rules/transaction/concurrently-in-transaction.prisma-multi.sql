-- fixture: layout=prisma
-- Several statements in a Prisma migration are one implicit transaction.
-- CreateIndex
CREATE INDEX CONCURRENTLY "Order_userId_idx" ON "Order"("userId"); -- expect: concurrently-in-transaction
-- DropIndex
DROP INDEX CONCURRENTLY "Order_status_idx"; -- expect: concurrently-in-transaction
