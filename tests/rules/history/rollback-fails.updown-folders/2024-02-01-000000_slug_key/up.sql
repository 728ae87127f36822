ALTER TABLE community_follower ADD COLUMN slug text;
ALTER TABLE community_follower ADD CONSTRAINT community_follower_slug_key UNIQUE (slug);
CREATE INDEX community_follower_person_idx ON community_follower (person_id);
