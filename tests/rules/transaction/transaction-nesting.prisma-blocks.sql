-- fixture: layout=prisma
-- Two blocks: the first COMMIT makes the file two transactions.
BEGIN;
ALTER TABLE "User" ADD COLUMN "bio" TEXT;
COMMIT; -- expect: transaction-nesting
BEGIN;
ALTER TABLE "User" ADD COLUMN "age" INTEGER;
COMMIT;
