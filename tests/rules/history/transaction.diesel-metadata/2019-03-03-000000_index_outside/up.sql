-- Alone in a file Diesel runs without a transaction: it runs on its own.
CREATE INDEX CONCURRENTLY user_name_idx ON user_ (name);
