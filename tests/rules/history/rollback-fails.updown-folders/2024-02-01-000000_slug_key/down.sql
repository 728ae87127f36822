-- expect-clean: rollback-incomplete
-- The index belongs to the UNIQUE constraint: PostgreSQL refuses to drop it alone.
DROP INDEX community_follower_slug_key; -- expect: rollback-fails
DROP INDEX community_follower_person_idx;
ALTER TABLE community_follower DROP COLUMN slug;
