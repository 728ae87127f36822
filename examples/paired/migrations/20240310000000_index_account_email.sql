-- sluice's runner sees CONCURRENTLY and runs this migration outside a transaction.
CREATE INDEX CONCURRENTLY accounts_email_idx ON accounts (email);
