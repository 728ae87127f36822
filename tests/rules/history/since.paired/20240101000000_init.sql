-- fixture: since=20240201 rules=require-concurrent-index,drop-table
CREATE TABLE accounts (id bigint PRIMARY KEY, email text);
DROP TABLE legacy_accounts;
