ALTER TABLE user_ ADD COLUMN name_upper text;
UPDATE user_ SET name_upper = upper(name);
