DROP INDEX accounts_email_idx;
ALTER TABLE accounts ALTER COLUMN email TYPE varchar(255);
