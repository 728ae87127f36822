DROP TABLE users, orders, events;
DROP TYPE status;
