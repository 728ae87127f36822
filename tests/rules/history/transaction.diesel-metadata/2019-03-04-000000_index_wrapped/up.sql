-- Without metadata.toml Diesel wraps up.sql in a transaction, where this fails.
CREATE INDEX CONCURRENTLY user_id_name_idx ON user_ (id, name); -- expect: concurrently-in-transaction
