-- fixture: pg-version=18
-- Valid on the target server: a warning that the statement went unchecked, not an error.
ALTER TABLE t ADD CONSTRAINT t_c_not_null NOT NULL c; -- expect: syntax-error@warning
CREATE TABLE merged AS SELECT id FROM (SELECT id FROM a); -- expect: syntax-error@warning
-- Invalid everywhere: still an error.
SELEC 1; -- expect: syntax-error@error
