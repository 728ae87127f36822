-- The same table, created by an earlier migration, now exists.
CREATE INDEX "Order_id_customerId_idx" ON "Order" ("id", "customerId"); -- expect: require-concurrent-index
DO $$
BEGIN
  -- Statements inside DO blocks see the history too.
  CREATE TABLE "Audit" ("id" SERIAL PRIMARY KEY);
  CREATE INDEX "Audit_id_idx" ON "Audit" ("id");
  CREATE INDEX "Order_customer_idx" ON "Order" ("customerId"); -- expect: require-concurrent-index
END $$;
-- A function body runs later, when nothing is new any more.
CREATE FUNCTION reindex_audit() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  CREATE INDEX "Audit_other_idx" ON "Audit" ("id"); -- expect: require-concurrent-index
END $$;
