ALTER TABLE user_ ADD COLUMN bio text;
