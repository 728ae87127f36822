CREATE TABLE user_ (id bigint PRIMARY KEY, name text, avatar text, email text);
CREATE TABLE post (id bigint PRIMARY KEY, creator_id bigint, title text);
