-- SET NOT NULL on an existing column scans the table under ACCESS EXCLUSIVE.
ALTER TABLE users ALTER COLUMN email SET NOT NULL; -- expect: set-not-null:1
ALTER TABLE "User" ALTER COLUMN "name" SET NOT NULL, ALTER COLUMN "image" DROP NOT NULL; -- expect: set-not-null
ALTER TABLE users ALTER COLUMN a SET NOT NULL, ALTER COLUMN b SET NOT NULL; -- expect: set-not-null, set-not-null
ALTER TABLE users ALTER COLUMN email DROP NOT NULL;

-- The safe pattern in one migration: a validated CHECK (col IS NOT NULL) lets
-- PostgreSQL 12+ skip the scan. (Validating in the same transaction is
-- validate-in-same-transaction's business.)
ALTER TABLE accounts ADD CONSTRAINT accounts_owner_not_null CHECK (owner_id IS NOT NULL) NOT VALID;
ALTER TABLE accounts VALIDATE CONSTRAINT accounts_owner_not_null;
ALTER TABLE accounts ALTER COLUMN owner_id SET NOT NULL;
ALTER TABLE accounts DROP CONSTRAINT accounts_owner_not_null;

-- A check that is not validated proves nothing yet.
ALTER TABLE invoices ADD CONSTRAINT invoices_due_not_null CHECK (due_at IS NOT NULL) NOT VALID;
ALTER TABLE invoices ALTER COLUMN due_at SET NOT NULL; -- expect: set-not-null

-- A validated check on another column proves nothing about this one; one that was
-- dropped proves nothing any more.
ALTER TABLE invoices ADD CONSTRAINT invoices_total_not_null CHECK (total IS NOT NULL AND currency IS NOT NULL);
ALTER TABLE invoices ALTER COLUMN total SET NOT NULL;
ALTER TABLE invoices ALTER COLUMN currency SET NOT NULL;
ALTER TABLE invoices ALTER COLUMN paid_at SET NOT NULL; -- expect: set-not-null
ALTER TABLE invoices DROP CONSTRAINT invoices_total_not_null;
ALTER TABLE invoices ALTER COLUMN total DROP NOT NULL;
ALTER TABLE invoices ALTER COLUMN total SET NOT NULL; -- expect: set-not-null

-- A check that is not a plain IS NOT NULL proves nothing.
ALTER TABLE payments ADD CONSTRAINT payments_amount_check CHECK (amount IS NOT NULL OR refunded);
ALTER TABLE payments ALTER COLUMN amount SET NOT NULL; -- expect: set-not-null

-- New tables hold no rows that others can see, nor do temporary ones.
CREATE TABLE sessions (id bigint, token text);
ALTER TABLE sessions ALTER COLUMN token SET NOT NULL;
CREATE TEMP TABLE staging (id bigint, payload text);
ALTER TABLE staging ALTER COLUMN payload SET NOT NULL;

-- A column new to an existing table is still checked row by row: add it, backfill it,
-- then SET NOT NULL scans the whole table under the lock the ADD COLUMN took (the
-- expand step belongs in one migration, the NOT NULL in a later one).
ALTER TABLE "PublishedDocs" ADD COLUMN "slug" TEXT;
UPDATE "PublishedDocs" SET "slug" = "id" WHERE "slug" IS NULL;
ALTER TABLE "PublishedDocs" ALTER COLUMN "slug" SET NOT NULL; -- expect: set-not-null
ALTER TABLE users ADD COLUMN nickname text DEFAULT '';
ALTER TABLE users ALTER COLUMN nickname SET NOT NULL; -- expect: set-not-null

-- A table this migration emptied has no rows to scan.
DELETE FROM "project_memberships";
ALTER TABLE "project_memberships" ADD COLUMN "org_membership_id" TEXT;
ALTER TABLE "project_memberships" ALTER COLUMN "org_membership_id" SET NOT NULL;
TRUNCATE audit_events;
ALTER TABLE audit_events ALTER COLUMN actor SET NOT NULL;

-- Comments never count: ALTER TABLE users ALTER COLUMN email SET NOT NULL;

-- The second step of the safe pattern: a constraint added by an earlier migration is
-- validated right before SET NOT NULL (its expression is unknown here: trusted).
ALTER TABLE profiles VALIDATE CONSTRAINT profiles_bio_not_null;
ALTER TABLE profiles ALTER COLUMN bio SET NOT NULL;
-- Validating a foreign key proves nothing about NULLs.
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;
ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL; -- expect: set-not-null
