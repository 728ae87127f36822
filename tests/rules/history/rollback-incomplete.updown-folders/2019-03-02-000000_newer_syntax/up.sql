-- fixture: rules=rollback-incomplete
ALTER TABLE user_ ADD COLUMN avatar text;
