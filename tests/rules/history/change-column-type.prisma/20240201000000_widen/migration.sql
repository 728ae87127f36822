-- fixture: rules=change-column-type
-- Changes PostgreSQL makes without rewriting the table: none is reported.
ALTER TABLE "User" ALTER COLUMN "email" SET DATA TYPE VARCHAR(320);
ALTER TABLE "User" ALTER COLUMN "name" SET DATA TYPE TEXT;
ALTER TABLE "User" ALTER COLUMN "bio" SET DATA TYPE VARCHAR;
ALTER TABLE "User" ALTER COLUMN "balance" SET DATA TYPE DECIMAL(12, 2);
ALTER TABLE "User" ALTER COLUMN "createdAt" SET DATA TYPE TIMESTAMP(6);
ALTER TABLE "User" ALTER COLUMN "ip" SET DATA TYPE INET;
ALTER TABLE "User" ALTER COLUMN "flags" SET DATA TYPE VARBIT;
ALTER TABLE "User" ALTER COLUMN "email" TYPE VARCHAR(400) USING "email"::VARCHAR(400);
-- citext without an index on the column only changes the catalog.
ALTER TABLE "User" ALTER COLUMN "nickname" SET DATA TYPE CITEXT;
