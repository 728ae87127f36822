-- fixture: pg-version=16
-- PostgreSQL 16 accepts a subquery in FROM without an alias, but not PostgreSQL 18's named
-- NOT NULL table constraints.
CREATE TABLE merged AS SELECT id FROM (SELECT id FROM a); -- expect: syntax-error@warning
ALTER TABLE t ADD CONSTRAINT t_c_not_null NOT NULL c; -- expect: syntax-error@error
