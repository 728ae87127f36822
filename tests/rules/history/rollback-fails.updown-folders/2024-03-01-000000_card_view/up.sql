ALTER TABLE community ADD COLUMN description text;
CREATE VIEW community_card AS SELECT id, description FROM community;
