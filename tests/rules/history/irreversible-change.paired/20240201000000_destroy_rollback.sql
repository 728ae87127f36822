-- Recreates the shapes; the data is gone for good.
CREATE TABLE orders (id bigint PRIMARY KEY);
ALTER TABLE users ADD COLUMN legacy text;
ALTER TABLE users DROP COLUMN nick;
