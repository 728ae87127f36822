ALTER TYPE "Role" RENAME TO "Role_new";
CREATE TYPE "Role" AS ENUM ('ADMIN', 'USER');
ALTER TABLE "Post" ALTER COLUMN "role" TYPE "Role" USING ("role"::text::"Role");
DROP TYPE "Role_new";
