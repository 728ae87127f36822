-- fixture: pg-version=15
-- The same constant defaults as add-column-rewrite.before-11.sql: free since 11.
ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'open';
ALTER TABLE orders ADD COLUMN flags int DEFAULT 0;
ALTER TABLE orders ADD COLUMN created_at timestamptz DEFAULT now();
ALTER TABLE orders ADD COLUMN public_id uuid DEFAULT gen_random_uuid(); -- expect: add-column-rewrite
ALTER TABLE orders ADD COLUMN number serial; -- expect: add-column-rewrite
