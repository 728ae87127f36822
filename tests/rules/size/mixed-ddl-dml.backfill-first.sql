-- Backfill first, then the schema change: still one transaction (Prisma: one message).
-- fixture: layout=prisma
UPDATE "User" SET "name" = '' WHERE "name" IS NULL;
ALTER TABLE "User" ALTER COLUMN "name" SET NOT NULL; -- expect: mixed-ddl-dml
