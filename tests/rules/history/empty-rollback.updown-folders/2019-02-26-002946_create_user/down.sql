-- expect: empty-rollback@error
-- Comments only: the file is empty.
/* DROP TABLE user_; */
