CREATE TABLE accounts (id uuid PRIMARY KEY);
