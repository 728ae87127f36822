-- Renames carry the history along.
ALTER TABLE "Order" RENAME TO "Purchase";
CREATE INDEX "Purchase_customerId_idx" ON "Purchase" ("customerId"); -- expect: require-concurrent-index
