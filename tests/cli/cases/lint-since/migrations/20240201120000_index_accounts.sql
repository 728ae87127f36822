-- accounts comes from an earlier migration: it exists, and has rows.
CREATE INDEX accounts_email_idx ON accounts (email);
-- Widening a varchar does not rewrite the table: not reported.
ALTER TABLE accounts ALTER COLUMN email TYPE varchar(320);
