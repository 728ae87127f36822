DROP TABLE orders;
DROP TABLE users;
DROP TYPE status;
