CREATE TABLE users (id bigint PRIMARY KEY, email text, name varchar(50), legacy text, balance numeric(10, 2));
CREATE TABLE orders (id bigint PRIMARY KEY);
CREATE TABLE events (id bigint PRIMARY KEY);
CREATE TYPE status AS ENUM ('new', 'done');
