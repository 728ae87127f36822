-- The only statement of its migration: Prisma sends it on its own, outside a
-- transaction, so CONCURRENTLY works and writes to "Order" keep flowing.
CREATE INDEX CONCURRENTLY "Order_userId_idx" ON "Order"("userId");
