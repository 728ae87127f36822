ALTER TABLE user_ ADD COLUMN name_lower text;
UPDATE user_ SET name_lower = lower(name); -- expect: mixed-ddl-dml
