-- The table while a view selects from it.
DROP TABLE follower_count; -- expect: rollback-fails
DROP VIEW busy_community;
