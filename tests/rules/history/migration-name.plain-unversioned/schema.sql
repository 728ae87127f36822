-- fixture: rules=migration-name
-- expect-clean: migration-name
-- A folder of unversioned files is not a versioned history.
CREATE TABLE t (id int);
