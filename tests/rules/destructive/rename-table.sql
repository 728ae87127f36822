ALTER TABLE customers RENAME TO clients; -- expect: rename-table:1
ALTER TABLE IF EXISTS public."User" RENAME TO "Account"; -- expect: rename-table:1
ALTER TABLE "Team" -- expect: rename-table:1
  RENAME TO "Organization";

-- A table created in this migration is known to no deployed code yet.
CREATE TABLE "Draft" (id text PRIMARY KEY);
ALTER TABLE "Draft" RENAME TO "Drafts";
-- ... under its new name too.
ALTER TABLE "Drafts" RENAME TO "PostDraft";
CREATE TEMP TABLE staging (id bigint);
ALTER TABLE staging RENAME TO staging_old;

-- Renaming other things is not renaming a table.
ALTER TABLE clients RENAME COLUMN name TO full_name;
ALTER TABLE clients RENAME CONSTRAINT clients_pkey TO clients_pk;
ALTER INDEX "User_email_key" RENAME TO "Account_email_key";
ALTER VIEW active_users RENAME TO active_accounts;
-- ALTER TABLE users RENAME TO accounts;

-- The safe way: a view with the old name keeps old queries working.
ALTER TABLE orders RENAME TO purchases;
CREATE VIEW orders AS SELECT * FROM purchases;
