-- A typo: the migration is "accounts".
DROP TABLE accounts; -- expect: orphan-rollback
