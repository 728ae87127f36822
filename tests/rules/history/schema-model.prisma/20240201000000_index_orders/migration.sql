-- The same table, created by an earlier migration, now exists.
CREATE INDEX "Order_id_customerId_idx" ON "Order" ("id", "customerId"); -- expect: require-concurrent-index
DO $$
BEGIN
  -- Statements inside DO blocks see the history too.
  CREATE TABLE "Audit" ("id" SERIAL PRIMARY KEY);
  CREATE INDEX "Audit_id_idx" ON "Audit" ("id");
  CREATE INDEX "Order_customer_idx" ON "Order" ("customerId"); -- expect: require-concurrent-index
END $$;
-- A function body runs later, when it is called: not this migration's index, but a
-- schema change outside any migration.
CREATE FUNCTION reindex_audit() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  CREATE INDEX "Audit_other_idx" ON "Audit" ("id"); -- expect: ddl-in-function
END $$;
