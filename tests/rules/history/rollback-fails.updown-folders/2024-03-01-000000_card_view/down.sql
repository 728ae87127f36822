-- The column first: the view still reads it, so PostgreSQL refuses.
ALTER TABLE community DROP COLUMN description; -- expect: rollback-fails
DROP VIEW community_card;
