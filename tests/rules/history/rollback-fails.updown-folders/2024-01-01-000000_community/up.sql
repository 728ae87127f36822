CREATE TABLE community (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE community_follower (
    id bigint PRIMARY KEY,
    community_id bigint NOT NULL REFERENCES community ON UPDATE CASCADE ON DELETE CASCADE,
    person_id bigint NOT NULL
);
CREATE TABLE community_moderator (
    id bigint PRIMARY KEY,
    community_id bigint NOT NULL,
    CONSTRAINT community_moderator_community_fkey FOREIGN KEY (community_id) REFERENCES community (id)
);
CREATE TABLE category (id bigint PRIMARY KEY, parent_id bigint REFERENCES category);
