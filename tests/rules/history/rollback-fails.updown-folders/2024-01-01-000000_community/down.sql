-- The parent first: its children's foreign keys still reference it.
DROP TABLE community; -- expect: rollback-fails
DROP TABLE community_follower;
-- Together, in one statement, and a table referencing itself: fine.
DROP TABLE community_moderator, category;
