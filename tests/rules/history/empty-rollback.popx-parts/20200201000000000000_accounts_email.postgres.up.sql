-- fixture: rules=empty-rollback,rollback-incomplete
-- expect-clean: empty-rollback, rollback-incomplete
ALTER TABLE accounts ADD COLUMN email text;
