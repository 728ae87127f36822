CREATE TABLE accounts (id bigint PRIMARY KEY, email varchar(255));
DROP TABLE legacy_accounts;
