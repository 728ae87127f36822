-- fixture: layout=prisma
-- A Prisma migration with a single statement runs outside a transaction.
-- CreateIndex
CREATE INDEX CONCURRENTLY "Order_userId_idx" ON "Order"("userId");
-- expect-clean: concurrently-in-transaction
