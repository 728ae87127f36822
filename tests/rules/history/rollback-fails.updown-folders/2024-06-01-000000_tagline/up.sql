CREATE VIEW community_name AS SELECT id, name FROM community;
ALTER TABLE community ADD COLUMN tagline text;
