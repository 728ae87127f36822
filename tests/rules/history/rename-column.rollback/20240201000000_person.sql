-- fixture: rules=rename-column,rename-table
ALTER TABLE user_ RENAME TO person; -- expect: rename-table
ALTER TABLE person RENAME COLUMN avatar TO icon; -- expect: rename-column
ALTER TABLE post RENAME COLUMN creator_id TO author_id; -- expect: rename-column
ALTER TABLE post RENAME COLUMN author_id TO person_id; -- expect: rename-column
