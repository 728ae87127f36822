SET lock_timeout = '5s';

ALTER TABLE accounts ADD COLUMN email text;

-- Validated separately so that the table is not locked while existing rows are checked.
ALTER TABLE accounts ADD CONSTRAINT accounts_email_present CHECK (email IS NOT NULL) NOT VALID;
