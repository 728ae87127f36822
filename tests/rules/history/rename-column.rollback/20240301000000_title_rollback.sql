-- Not the name the column had before this migration.
ALTER TABLE posts RENAME COLUMN headline TO name; -- expect: rename-column
