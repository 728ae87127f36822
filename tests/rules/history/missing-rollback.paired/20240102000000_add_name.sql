ALTER TABLE accounts ADD COLUMN name text; -- expect: missing-rollback:1@error
