CREATE TABLE accounts (id bigint);
