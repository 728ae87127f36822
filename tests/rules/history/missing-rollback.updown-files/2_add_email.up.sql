ALTER TABLE users ADD COLUMN email text; -- expect: missing-rollback@error
