-- fixture: layout=prisma
-- Prisma sends the file as one message: one implicit transaction.
-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'OWNER';
-- AlterTable
ALTER TABLE "User" ALTER COLUMN "role" SET DEFAULT 'OWNER'; -- expect: enum-value-used-in-transaction:52
