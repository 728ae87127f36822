-- Each of these rewrites the table (or its index); the message names the old type and
-- where the column comes from.
ALTER TABLE "User" ALTER COLUMN "email" SET DATA TYPE VARCHAR(100); -- expect: change-column-type
ALTER TABLE "User" ALTER COLUMN "visits" SET DATA TYPE BIGINT; -- expect: change-column-type
ALTER TABLE "User" ALTER COLUMN "tags" SET DATA TYPE TEXT[]; -- expect: change-column-type
ALTER TABLE "User" ALTER COLUMN "lastSeen" SET DATA TYPE TIMESTAMPTZ(3); -- expect: change-column-type
ALTER TABLE "User" ALTER COLUMN "handle" SET DATA TYPE CITEXT; -- expect: change-column-type
ALTER TABLE "User" ALTER COLUMN "balance" SET DATA TYPE DECIMAL(12, 4); -- expect: change-column-type
-- A column added earlier in this migration still lives in the existing table.
ALTER TABLE "User" ADD COLUMN "score" INTEGER;
ALTER TABLE "User" ALTER COLUMN "score" SET DATA TYPE BIGINT; -- expect: change-column-type
-- A table created here is empty.
CREATE TABLE "Post" ("id" SERIAL PRIMARY KEY, "title" VARCHAR(10));
ALTER TABLE "Post" ALTER COLUMN "title" SET DATA TYPE INTEGER USING 0;
