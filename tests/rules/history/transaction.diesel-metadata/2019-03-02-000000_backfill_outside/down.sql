ALTER TABLE user_ DROP COLUMN name_upper;
