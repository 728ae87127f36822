-- The last part's rollback runs first and undoes both parts.
DROP INDEX accounts_email_idx;
ALTER TABLE accounts DROP COLUMN email;
