-- fixture: layout=prisma
-- The finding belongs to the COMMIT (it is only known at the next statement), so an
-- ignore before the COMMIT suppresses it.
BEGIN;
ALTER TABLE "User" ADD COLUMN "bio" TEXT;
-- sluice:ignore transaction-nesting -- the enum change must be committed first
COMMIT;
ALTER TABLE "User" ADD COLUMN "age" INTEGER;
-- expect-clean: transaction-nesting
