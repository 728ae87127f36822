-- A table created in this migration is new: indexing it blocks nobody.
CREATE TABLE "Order" ("id" SERIAL PRIMARY KEY, "customerId" INTEGER);
CREATE INDEX "Order_customerId_idx" ON "Order" ("customerId");
