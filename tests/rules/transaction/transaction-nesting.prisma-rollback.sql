-- fixture: layout=prisma
-- A ROLLBACK discards what came before it, even at the end of the file.
ALTER TABLE "User" ADD COLUMN "bio" TEXT;
ROLLBACK; -- expect: transaction-nesting
