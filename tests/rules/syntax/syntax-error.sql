-- fixture: rules=drop-table
-- A syntax error costs one statement: the others are still linted.
SELEC 1; -- expect: syntax-error:1
DROP TABLE users; -- expect: drop-table
ALTER TABLE t ADD COLUMN c int DEFAULT; -- expect: syntax-error:39
-- PostgreSQL 18 syntax is reported with a note that the grammar is PostgreSQL 15's.
ALTER TABLE t ADD CONSTRAINT t_c_not_null NOT NULL c; -- expect: syntax-error
SELECT 2;
