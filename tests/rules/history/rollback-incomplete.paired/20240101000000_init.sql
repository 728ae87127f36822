CREATE TABLE users (id bigint PRIMARY KEY, email text, name varchar(50) NOT NULL, legacy text);
CREATE TABLE orders (id bigint PRIMARY KEY, note text);
CREATE TYPE status AS ENUM ('new', 'done');
