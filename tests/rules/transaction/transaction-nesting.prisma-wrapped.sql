-- fixture: layout=prisma
-- BEGIN ... COMMIT around a whole Prisma file changes nothing: still all or nothing.
ALTER TABLE "User" ADD COLUMN "bio" TEXT;
BEGIN;
CREATE TYPE "Role_new" AS ENUM ('USER', 'ADMIN');
ALTER TABLE "User" ALTER COLUMN "role" TYPE "Role_new" USING ("role"::text::"Role_new");
COMMIT;
-- expect-clean: transaction-nesting
