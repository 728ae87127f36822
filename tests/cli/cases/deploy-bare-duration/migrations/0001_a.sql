CREATE TABLE a (id bigint);
