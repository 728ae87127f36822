CREATE TABLE user_ (id serial PRIMARY KEY, name text);
