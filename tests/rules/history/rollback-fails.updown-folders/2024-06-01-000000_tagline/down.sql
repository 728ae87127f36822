-- expect-clean: rollback-fails
-- The view does not read the column (added after it), and goes afterwards: fine.
ALTER TABLE community DROP COLUMN tagline;
DROP VIEW community_name;
