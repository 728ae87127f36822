-- Renaming back what the migration renamed is what the rollback is for.
ALTER TABLE person RENAME COLUMN icon TO avatar;
ALTER TABLE post RENAME COLUMN person_id TO creator_id;
ALTER TABLE person RENAME TO user_;
-- Renames the migration did not make are reported like anywhere else.
ALTER TABLE user_ RENAME COLUMN email TO mail; -- expect: rename-column
ALTER TABLE post RENAME TO posts; -- expect: rename-table
