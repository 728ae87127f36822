ALTER TABLE posts RENAME COLUMN title TO headline; -- expect: rename-column
