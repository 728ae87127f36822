-- A data-only migration leaves its rollback nothing to do.
UPDATE user_ SET name = 'anonymous' WHERE name IS NULL;
