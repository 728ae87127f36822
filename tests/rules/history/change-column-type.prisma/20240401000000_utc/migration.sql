SET TimeZone = 'UTC';
-- In a UTC session timestamp -> timestamptz keeps the table; without an index on the
-- column only the catalog changes.
ALTER TABLE "User" ALTER COLUMN "loggedAt" SET DATA TYPE TIMESTAMPTZ(3);
-- With one, the index is rebuilt.
ALTER TABLE "User" ALTER COLUMN "seenAt" SET DATA TYPE TIMESTAMPTZ(3); -- expect: change-column-type
-- One ALTER TABLE rewrites the table once: one finding for both columns.
ALTER TABLE "User" ALTER COLUMN "a" SET DATA TYPE BIGINT, ALTER COLUMN "b" SET DATA TYPE BIGINT; -- expect: change-column-type:33
