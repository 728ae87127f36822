-- fixture: rules=unused-ignore
-- Dropping a column of an existing table is flagged, one finding per column, at
-- the DROP of that column.
ALTER TABLE users DROP COLUMN legacy_email; -- expect: drop-column:19
ALTER TABLE public."User" DROP COLUMN IF EXISTS "Name" CASCADE; -- expect: drop-column:27
ALTER TABLE IF EXISTS ONLY app.accounts DROP plan; -- expect: drop-column:41

-- Prisma writes one ALTER TABLE with a command per line.
-- AlterTable
ALTER TABLE "Organization" DROP COLUMN "billing", -- expect: drop-column:28
DROP COLUMN "stripeCustomerId", -- expect: drop-column:1
ADD COLUMN     "plan" TEXT NOT NULL DEFAULT 'free';

-- A column and a table named alike: the span still finds the column.
ALTER TABLE status
    DROP COLUMN status; -- expect: drop-column:5

-- Comments never trigger anything: ALTER TABLE users DROP COLUMN email;
/* ALTER TABLE users DROP COLUMN email; */
SELECT 'ALTER TABLE users DROP COLUMN email';

-- Other ALTER TABLE commands that say DROP are not column drops.
ALTER TABLE orders ALTER COLUMN note DROP DEFAULT, DROP CONSTRAINT orders_note_check;
ALTER TABLE orders ALTER COLUMN note DROP NOT NULL;
-- DROP ATTRIBUTE of a composite type is not a table column.
ALTER TYPE address DROP ATTRIBUTE zip;

-- A reviewed drop is suppressed on the statement; the directive is used, so
-- unused-ignore stays silent.
-- sluice:ignore drop-column -- unused since release 12
ALTER TABLE users
    DROP COLUMN nickname;
