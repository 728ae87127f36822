-- COMMIT AND CHAIN at the end leaves a new transaction open.
BEGIN;
ALTER TABLE orders ADD COLUMN note text;
COMMIT AND CHAIN; -- expect: uncommitted-transaction
