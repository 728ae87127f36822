DROP TABLE u; -- expect: orphan-rollback
