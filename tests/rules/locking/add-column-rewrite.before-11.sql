-- fixture: pg-version=10
-- Before PostgreSQL 11 any non-NULL DEFAULT on a new column rewrites the table.
ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'open'; -- expect: add-column-rewrite
ALTER TABLE orders ADD COLUMN flags int DEFAULT 0; -- expect: add-column-rewrite
ALTER TABLE orders ADD COLUMN created_at timestamptz DEFAULT now(); -- expect: add-column-rewrite
ALTER TABLE orders ADD COLUMN public_id uuid DEFAULT gen_random_uuid(); -- expect: add-column-rewrite
ALTER TABLE orders ADD COLUMN number serial; -- expect: add-column-rewrite
-- Still free: no default, DEFAULT NULL, and new tables.
ALTER TABLE orders ADD COLUMN plain text;
ALTER TABLE orders ADD COLUMN nothing text DEFAULT NULL;
CREATE TABLE invoices (id bigint);
ALTER TABLE invoices ADD COLUMN status text NOT NULL DEFAULT 'open';
