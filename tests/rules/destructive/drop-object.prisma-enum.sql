-- fixture: layout=prisma
-- How Prisma changes an enum's values: the old type is renamed away, a new one takes
-- its name, the columns move over, the old one is dropped.
-- AlterEnum
BEGIN;
CREATE TYPE "Role_new" AS ENUM ('OWNER', 'ADMIN', 'MEMBER');
ALTER TABLE "Membership" ALTER COLUMN "role" TYPE "Role_new" USING ("role"::text::"Role_new");
ALTER TYPE "Role" RENAME TO "Role_old";
ALTER TYPE "Role_new" RENAME TO "Role";
DROP TYPE "Role_old";
COMMIT;

-- The same with the new type created under the final name.
ALTER TYPE "Plan" RENAME TO "Plan_old";
CREATE TYPE "Plan" AS ENUM ('FREE', 'PRO');
ALTER TABLE "Organization" ALTER COLUMN "plan" TYPE "Plan" USING ("plan"::text::"Plan");
DROP TYPE "Plan_old";

-- A type renamed away and not replaced is gone for the code that uses its name.
ALTER TYPE "Status" RENAME TO "Status_old";
DROP TYPE "Status_old"; -- expect: drop-object

-- DropEnum
DROP TYPE "JobTriggerStartPosition"; -- expect: drop-object
