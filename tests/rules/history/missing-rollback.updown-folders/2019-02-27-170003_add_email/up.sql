ALTER TABLE user_ ADD COLUMN email text; -- expect: missing-rollback@error
