-- A COMMIT between them is the safe way in one file.
BEGIN;
ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;
COMMIT;
BEGIN;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;
COMMIT;
BEGIN;
ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status <> '') NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_status_check; -- expect: validate-in-same-transaction
COMMIT;
