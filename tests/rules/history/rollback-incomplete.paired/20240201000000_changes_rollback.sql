ALTER TABLE users DROP CONSTRAINT users_email_key;
DROP VIEW active_users;
ALTER TABLE users RENAME COLUMN old_legacy TO legacy;
ALTER TABLE users ALTER COLUMN email DROP DEFAULT;
