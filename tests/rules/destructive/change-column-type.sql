-- Tables created in this migration are empty: changing their column types costs nothing.
CREATE TABLE invoices (id bigint, total integer, note varchar(20));
ALTER TABLE invoices ALTER COLUMN total TYPE numeric(12, 2);
ALTER TABLE invoices ALTER COLUMN note TYPE varchar(10) USING left(note, 10);

-- A table no migration created: the old type is unknown, so the change is reported.
ALTER TABLE orders ALTER COLUMN total TYPE numeric(12, 2); -- expect: change-column-type:33
-- One ALTER TABLE rewrites the table once: one finding, a note for the other column.
ALTER TABLE orders
  ALTER COLUMN note SET DATA TYPE text, -- expect: change-column-type:16
  ALTER COLUMN id TYPE bigint;

-- USING that computes new values always rewrites (Prisma's enum changes look like this).
ALTER TABLE "User" ALTER COLUMN "role" TYPE "Role_new" USING ("role"::text::"Role_new"); -- expect: change-column-type

-- Not type changes; text in comments and strings never counts:
-- ALTER TABLE orders ALTER COLUMN total TYPE bigint;
ALTER TABLE orders ALTER COLUMN total SET DEFAULT 0;
SELECT 'ALTER TABLE orders ALTER COLUMN total TYPE bigint';

-- Inside a DO block the statement runs now, and is reported where it is written.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'x') THEN
    ALTER TABLE orders ALTER COLUMN amount TYPE bigint; -- expect: change-column-type:37
  END IF;
END $$;
