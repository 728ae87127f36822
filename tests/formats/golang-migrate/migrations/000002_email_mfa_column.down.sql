-- Another title, the same version: golang-migrate pairs it with 000002_add_email_mfa_column.up.sql.
ALTER TABLE users DROP COLUMN email_mfa;
