-- fixture: layout=prisma
-- Prisma runs the file as one message; an unclosed BEGIN leaves the session in a block.
-- AlterEnum
BEGIN; -- expect: uncommitted-transaction
CREATE TYPE "Role_new" AS ENUM ('USER', 'ADMIN');
ALTER TYPE "Role" RENAME TO "Role_old";
