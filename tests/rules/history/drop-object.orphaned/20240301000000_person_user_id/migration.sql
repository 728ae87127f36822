-- fixture: rules=drop-object
-- Prisma turns a SERIAL into a plain integer by dropping the sequence the column has
-- just created (formbricks' restructure_session_action_person).
-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "userId" SERIAL NOT NULL;

-- AlterTable
ALTER TABLE "Person" ALTER COLUMN "userId" DROP DEFAULT,
ALTER COLUMN "userId" SET DATA TYPE TEXT;
DROP SEQUENCE "Person_userId_seq";
