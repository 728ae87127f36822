ALTER TABLE "User" DROP COLUMN "legacyId"; -- expect: irreversible-change
-- Fractions rounded away.
ALTER TABLE "User" ALTER COLUMN "score" SET DATA TYPE INTEGER; -- expect: irreversible-change
