ALTER TABLE community_follower ADD COLUMN muted boolean NOT NULL DEFAULT false;
CREATE VIEW community_aggregates AS
SELECT c.id, count(f.id) FILTER (WHERE NOT f.muted) AS followers
FROM community c
LEFT JOIN community_follower f ON f.community_id = c.id
GROUP BY c.id;
