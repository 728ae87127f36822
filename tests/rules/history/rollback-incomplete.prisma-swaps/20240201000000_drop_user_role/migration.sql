-- Prisma's enum change: rename the old type away, create the new one, drop the old.
ALTER TYPE "Role" RENAME TO "Role_old";
CREATE TYPE "Role" AS ENUM ('ADMIN');
ALTER TABLE "Post" ALTER COLUMN "role" TYPE "Role" USING ("role"::text::"Role");
DROP TYPE "Role_old";
-- Dropped and added again under its name: rebuilt.
ALTER TABLE "Post" DROP COLUMN "title", ADD COLUMN "title" VARCHAR(200);
