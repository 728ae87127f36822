-- run_in_transaction = false: Diesel sends the file with batch_execute, one message,
-- which PostgreSQL still runs as one implicit transaction.
ALTER TABLE user_ ADD COLUMN name_upper text;
UPDATE user_ SET name_upper = upper(name); -- expect: mixed-ddl-dml
