CREATE TABLE orders (id bigint PRIMARY KEY, total integer, note varchar(20));
