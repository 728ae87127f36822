-- fixture: layout=prisma
-- The shape Prisma generates for an enum change, followed by more statements: the
-- COMMIT ends the message's transaction early (checked on PostgreSQL 15).
-- AlterEnum
BEGIN;
CREATE TYPE "Role_new" AS ENUM ('USER', 'ADMIN');
ALTER TABLE "User" ALTER COLUMN "role" TYPE "Role_new" USING ("role"::text::"Role_new");
ALTER TYPE "Role" RENAME TO "Role_old";
ALTER TYPE "Role_new" RENAME TO "Role";
DROP TYPE "Role_old";
COMMIT; -- expect: transaction-nesting:1

-- AlterTable
ALTER TABLE "User" ADD COLUMN "bio" TEXT;
