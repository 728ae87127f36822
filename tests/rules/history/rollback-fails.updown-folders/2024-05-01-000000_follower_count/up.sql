CREATE TABLE follower_count (community_id bigint PRIMARY KEY, n int NOT NULL);
CREATE VIEW busy_community AS SELECT * FROM follower_count WHERE n > 100;
