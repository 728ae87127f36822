ALTER TABLE users RENAME COLUMN name TO full_name; -- expect: rename-column:1
ALTER TABLE public."User" RENAME "createdAt" TO "created_at"; -- expect: rename-column:1
ALTER TABLE ONLY app.accounts -- expect: rename-column:1
  RENAME COLUMN plan TO tier;

-- New tables and columns are known to no deployed code yet.
CREATE TABLE "Draft" (id text PRIMARY KEY, "bodyText" text);
ALTER TABLE "Draft" RENAME COLUMN "bodyText" TO body;
ALTER TABLE users ADD COLUMN nick text;
ALTER TABLE users RENAME COLUMN nick TO nickname;
CREATE TEMP TABLE staging (raw text);
ALTER TABLE staging RENAME COLUMN raw TO payload;

-- Not a table column.
ALTER TABLE users RENAME CONSTRAINT users_name_check TO users_full_name_check;
ALTER TYPE address RENAME ATTRIBUTE zip TO postal_code;
ALTER TABLE users RENAME TO accounts;
-- ALTER TABLE users RENAME COLUMN email TO mail;
