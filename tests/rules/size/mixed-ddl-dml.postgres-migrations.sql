-- postgres-migrations disable-transaction
-- The postgres-migrations runner's header means the same as sluice:no-transaction.
ALTER TABLE objects ADD COLUMN level int;
UPDATE objects SET level = 1;
-- expect-clean: mixed-ddl-dml
