ALTER TABLE "User" ADD COLUMN "email" TEXT; -- expect: missing-rollback@error
