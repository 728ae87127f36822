CREATE TABLE post (id bigint PRIMARY KEY, community_id bigint, published timestamptz);
