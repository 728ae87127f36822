ALTER TABLE user_ ADD CONSTRAINT user_name_not_null NOT NULL name; -- expect: syntax-error
ALTER TABLE user_ DROP COLUMN avatar;
