-- The view reads the column through its alias `f`.
ALTER TABLE community_follower DROP COLUMN muted; -- expect: rollback-fails
DROP VIEW community_aggregates;
