DROP TABLE post; -- expect: orphan-rollback
