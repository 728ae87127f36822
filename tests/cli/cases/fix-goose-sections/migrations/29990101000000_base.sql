-- +goose Up
CREATE TABLE orders (id bigint PRIMARY KEY, total int);
CREATE TABLE customers (id bigint PRIMARY KEY, name text);
-- +goose Down
DROP TABLE customers;
DROP TABLE orders;
